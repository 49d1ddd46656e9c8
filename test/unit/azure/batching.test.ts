/**
 * How Direct Batch Send turns device handles into request bodies: packing under Azure's 1,000
 * handles, and the multipart bytes of each request with a boundary that cannot collide.
 */
import { packUnits, type Unit } from '../../../packages/core/packing';
import { MAX_HANDLES } from '../../../packages/azure-notification-hubs/nodes/AzureNotificationHubs/actions/notification/directBatchSend.operation';
import {
	batchBody,
	buildBatchBody,
	newBoundary,
} from '../../../packages/azure-notification-hubs/nodes/AzureNotificationHubs/protocol/multipart';
import { parseMultipart } from '../../emulators/azure';

const handles = (count: number, prefix: string) =>
	Array.from({ length: count }, (_, i) => `${prefix}${i}`);
const unit = (itemIndex: number, groupKey: string, recipients: string[]): Unit<string> => ({
	itemIndex,
	groupKey,
	group: groupKey,
	recipients,
});

describe('packing device handles into Direct Batch Send requests', () => {
	it('fills requests up to 1,000 handles across items of one notification, in input order', () => {
		const units = [
			unit(0, 'sale', handles(2500, 'a')),
			unit(1, 'sale', ['b0']),
			unit(2, 'sale', handles(4799, 'c')),
		];
		const requests = packUnits(units, { maxRecipients: MAX_HANDLES });
		expect(requests.map((r) => r.size)).toEqual([1000, 1000, 1000, 1000, 1000, 1000, 1000, 300]);
		expect(requests[2].segments.map((s) => [s.itemIndex, s.recipients.length])).toEqual([
			[0, 500],
			[1, 1],
			[2, 499],
		]);
		expect(requests.flatMap((r) => r.segments.flatMap((s) => s.recipients))).toEqual([
			...handles(2500, 'a'),
			'b0',
			...handles(4799, 'c'),
		]);
	});

	it('never mixes two notifications in one request', () => {
		const requests = packUnits(
			[unit(0, 'sale', ['x']), unit(1, 'news', ['y']), unit(2, 'sale', ['z'])],
			{ maxRecipients: MAX_HANDLES },
		);
		expect(requests.map((r) => [r.group, r.segments.flatMap((s) => s.recipients)])).toEqual([
			['sale', ['x', 'z']],
			['news', ['y']],
		]);
	});

	it('honours a lower batch size', () => {
		expect(
			packUnits([unit(0, 'g', handles(25, 'h'))], { maxRecipients: 10 }).map((r) => r.size),
		).toEqual([10, 10, 5]);
	});
});

describe('multipart bodies', () => {
	it('parse back per RFC 2046 into the notification and a JSON array of the handles', () => {
		const payload = Buffer.from('{"aps":{"alert":"Grüße"}}');
		const built = buildBatchBody(
			'application/json;charset=utf-8',
			payload,
			Buffer.from(JSON.stringify(['tokA', 'tok"B', 'tök\\C'])),
		);
		expect(built.contentType).toBe(`multipart/mixed; boundary = "${built.boundary}"`);
		const parts = parseMultipart(built.body, built.boundary);
		if (typeof parts === 'string') throw new Error(parts);
		expect(parts.map((p) => [p.headers['content-type'], p.headers['content-disposition']])).toEqual(
			[
				['application/json;charset=utf-8', 'inline; name=notification'],
				['application/json', 'inline; name=devices'],
			],
		);
		expect(parts[0].body.equals(payload)).toBe(true);
		expect(JSON.parse(parts[1].body.toString('utf8'))).toEqual(['tokA', 'tok"B', 'tök\\C']);
	});

	it('uses CRLF line endings only, no preamble, and nothing after the close delimiter', () => {
		const text = batchBody('B', 'application/octet-stream', Buffer.from('raw'), ['h']).toString(
			'utf8',
		);
		expect(text).toBe(
			'--B\r\nContent-type: application/octet-stream\r\nContent-Disposition: inline; name=notification\r\n\r\nraw\r\n--B\r\nContent-type: application/json\r\nContent-Disposition: inline; name=devices\r\n\r\n["h"]\r\n--B--',
		);
		expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
	});

	it('draws another boundary when the first occurs in the payload or in the handles', () => {
		const drawn = ['nh-boundary-1', 'nh-boundary-2', 'nh-boundary-3'];
		const boundary = newBoundary(
			[Buffer.from('text with nh-boundary-1 inside'), Buffer.from('["nh-boundary-2"]')],
			() => drawn.shift() as string,
		);
		expect(boundary).toBe('nh-boundary-3');
	});

	it('draws the SDK’s form of boundary, random each time', () => {
		const a = buildBatchBody(
			'application/json;charset=utf-8',
			Buffer.from('{}'),
			Buffer.from('["h"]'),
		).boundary;
		const b = buildBatchBody(
			'application/json;charset=utf-8',
			Buffer.from('{}'),
			Buffer.from('["h"]'),
		).boundary;
		expect(a).toMatch(/^nh-boundary-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
		expect(a).not.toBe(b);
	});
});
