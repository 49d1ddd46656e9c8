/**
 * The Azure emulator is as strict as the service documents: it checks the SAS signature with
 * its own key, the expiry and the signed resource; it parses multipart/mixed per RFC 2046 and
 * answers malformed bodies, more than 1,000 devices and notifications over 64 KB with errors.
 */
import { sasToken } from '../../../packages/azure-notification-hubs/nodes/AzureNotificationHubs/protocol/sas';
import { batchBody } from '../../../packages/azure-notification-hubs/nodes/AzureNotificationHubs/protocol/multipart';
import { createAzureEmulator } from '../../emulators/azure';
import { httpRequest } from '../../helpers/execute-context';

const hub = createAzureEmulator();
beforeAll(() => hub.start());
afterAll(() => hub.stop());
beforeEach(() => hub.reset());

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

async function post(
	body: Buffer,
	options: { auth?: string; contentType?: string; headers?: Record<string, string> } = {},
) {
	const response = (await httpRequest({
		method: 'POST',
		url: `${hub.url}/push-hub/messages/$batch?api-version=2020-06&direct`,
		headers: {
			Authorization: options.auth ?? sasToken(`${hub.url}/`, hub.keyName, hub.key, inAnHour()),
			'ServiceBusNotification-Format': 'apple',
			'Content-Type': options.contentType ?? 'multipart/mixed; boundary = "B"',
			...options.headers,
		},
		body,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	})) as { statusCode: number; headers: Record<string, string>; body: string };
	return response;
}

const apple = Buffer.from('{"aps":{"alert":"Hi"}}');

describe('the Azure emulator', () => {
	it('accepts a well-formed batch with 201, a Location ending in the notification id and a TrackingId', async () => {
		const response = await post(
			batchBody('B', 'application/json;charset=utf-8', apple, ['a', 'b']),
		);
		expect(response.statusCode).toBe(201);
		expect(response.headers.location).toMatch(
			new RegExp(`^${hub.url}/push-hub/messages/[0-9a-f]{32}\\?api-version=2020-06$`),
		);
		expect(response.headers.trackingid).toEqual(expect.any(String));
		expect(hub.requests[0].note.devices).toEqual(['a', 'b']);
	});

	it.each([
		[
			'a signature made with another key',
			() => sasToken(`${hub.url}/`, hub.keyName, 'another-key', inAnHour()),
			'InvalidSignature',
		],
		[
			'an expired token',
			() => sasToken(`${hub.url}/`, hub.keyName, hub.key, Math.floor(Date.now() / 1000) - 1),
			'ExpiredToken',
		],
		[
			'a token for another resource',
			() => sasToken('http://127.0.0.1:1/', hub.keyName, hub.key, inAnHour()),
			'InvalidAudience',
		],
		[
			'an unknown key name',
			() => sasToken(`${hub.url}/`, 'OtherPolicy', hub.key, inAnHour()),
			'InvalidSignature',
		],
		['no token', () => '', 'MissingToken'],
	])('refuses %s with 401', async (_name, token, code) => {
		const response = await post(batchBody('B', 'application/json;charset=utf-8', apple, ['a']), {
			auth: token(),
		});
		expect(response.statusCode).toBe(401);
		expect(response.body).toMatch(new RegExp(`^<Error><Code>401</Code><Detail>${code}`));
	});

	it('accepts a token signed for the hub path below the namespace, as the service does', async () => {
		const response = await post(batchBody('B', 'application/json;charset=utf-8', apple, ['a']), {
			auth: sasToken(`${hub.url}/push-hub`, hub.keyName, hub.key, inAnHour()),
		});
		expect(response.statusCode).toBe(201);
	});

	it.each([
		[
			'LF instead of CRLF',
			Buffer.from(
				'--B\nContent-type: application/json\nContent-Disposition: inline; name=notification\n\n{}\n--B--',
			),
		],
		[
			'a boundary that does not match the header',
			batchBody('OTHER', 'application/json;charset=utf-8', apple, ['a']),
		],
		[
			'no devices part',
			Buffer.from(
				'--B\r\nContent-type: application/json\r\nContent-Disposition: inline; name=notification\r\n\r\n{}\r\n--B--',
			),
		],
		[
			'no close delimiter',
			Buffer.from(
				'--B\r\nContent-type: application/json\r\nContent-Disposition: inline; name=notification\r\n\r\n{}',
			),
		],
	])('answers a body with %s with the documented 400', async (_name, body) => {
		const response = await post(body);
		expect(response.statusCode).toBe(400);
		expect(response.body).toMatch(
			/^<Error><Code>400<\/Code><Detail>Could not find a part of the multipart content supplied\./,
		);
	});

	it('refuses more than 1,000 devices with 400 and a notification over 64 KB with the documented 413', async () => {
		const many = Array.from({ length: 1001 }, (_, i) => `t${i}`);
		expect(
			(await post(batchBody('B', 'application/json;charset=utf-8', apple, many))).statusCode,
		).toBe(400);
		const big = Buffer.from(JSON.stringify({ aps: { alert: 'x'.repeat(64 * 1024) } }));
		const response = await post(batchBody('B', 'application/json;charset=utf-8', big, ['a']));
		expect(response.statusCode).toBe(413);
		expect(response.body).toMatch(/The message size cannot be over 64 Kb\./);
	});

	it('answers injected faults with the documented bodies and headers', async () => {
		hub.inject({ path: '/push-hub/messages/$batch', status: 403, headers: { 'Retry-After': '2' } });
		const response = await post(batchBody('B', 'application/json;charset=utf-8', apple, ['a']));
		expect([response.statusCode, response.headers['retry-after']]).toEqual([403, '2']);
		expect(response.body).toMatch(/Quota exceeded or message too large; message was rejected\./);
	});

	it('paces like a loaded service: a latency per answer, 429 with Retry-After at once above the limit in flight, and a limit that changes', async () => {
		hub.pace({
			path: '/push-hub/messages/$batch',
			latencyMs: 40,
			maxInFlight: 2,
			retryAfterSeconds: 3,
			change: { after: 2, maxInFlight: 1 },
		});
		try {
			const body = batchBody('B', 'application/json;charset=utf-8', apple, ['a']);
			const started = Date.now();
			const first = await Promise.all([post(body), post(body), post(body)]);
			expect(first.map((r) => r.statusCode).sort()).toEqual([201, 201, 429]);
			const throttled = first.find((r) => r.statusCode === 429)!;
			expect(throttled.headers['retry-after']).toBe('3');
			expect(Date.now() - started).toBeGreaterThanOrEqual(35);
			// Two accepted: the limit is now one in flight.
			const second = await Promise.all([post(body), post(body)]);
			expect(second.map((r) => r.statusCode).sort()).toEqual([201, 429]);
			expect(hub.paceStats).toEqual({ accepted: 3, throttled: 2, peakInFlight: 2 });
		} finally {
			hub.pace(undefined);
		}
	});
});
