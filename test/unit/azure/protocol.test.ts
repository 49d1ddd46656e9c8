import { parseConnectionString } from '../../../packages/azure-notification-hubs/nodes/AzureNotificationHubs/protocol/connectionString';
import { newBoundary } from '../../../packages/azure-notification-hubs/nodes/AzureNotificationHubs/protocol/multipart';
import {
	buildPayload,
	checkRawPayload,
	makeNotification,
	notificationKey,
} from '../../../packages/azure-notification-hubs/nodes/AzureNotificationHubs/protocol/platforms';
import { readNotificationDetails } from '../../../packages/azure-notification-hubs/nodes/AzureNotificationHubs/protocol/telemetry';
import {
	describeHubError,
	sendIds,
} from '../../../packages/azure-notification-hubs/nodes/AzureNotificationHubs/transport';

describe('parseConnectionString', () => {
	it('reads the three parts, keeps a base64 key’s trailing "=", and turns sb:// into https://', () => {
		expect(
			parseConnectionString(
				'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Full;SharedAccessKey=a+b/c==',
			),
		).toEqual({
			endpoint: 'https://ns.servicebus.windows.net/',
			keyName: 'Full',
			key: 'a+b/c==',
		});
	});

	it('accepts an explicit http://host:port endpoint for local testing', () => {
		expect(
			parseConnectionString(
				'Endpoint=http://127.0.0.1:5701;SharedAccessKeyName=k;SharedAccessKey=s',
			).endpoint,
		).toBe('http://127.0.0.1:5701/');
	});

	it('names every missing part', () => {
		expect(() => parseConnectionString('Endpoint=sb://ns.servicebus.windows.net/')).toThrow(
			'The connection string has no SharedAccessKeyName, no SharedAccessKey.',
		);
		expect(() => parseConnectionString('SharedAccessKeyName=k;SharedAccessKey=s')).toThrow(
			'has no Endpoint',
		);
		expect(() => parseConnectionString('')).toThrow(
			'has no Endpoint, no SharedAccessKeyName, no SharedAccessKey',
		);
	});

	it('refuses a part without "=" and an endpoint that is not a URL', () => {
		expect(() => parseConnectionString('Endpoint=sb://x/;garbage')).toThrow('"garbage" has no "="');
		expect(() =>
			parseConnectionString('Endpoint=myns;SharedAccessKeyName=k;SharedAccessKey=s'),
		).toThrow('is not a URL');
	});
});

describe('notifications', () => {
	it('are grouped only when platform, content, headers and body are all equal', () => {
		const a = makeNotification('apple', Buffer.from('{"aps":{}}'), { 'apns-priority': '10' });
		expect(notificationKey(a)).toBe(
			notificationKey(
				makeNotification('apple', Buffer.from('{"aps":{}}'), { 'apns-priority': '10' }),
			),
		);
		expect(notificationKey(a)).not.toBe(
			notificationKey(
				makeNotification('apple', Buffer.from('{"aps":{}}'), { 'apns-priority': '5' }),
			),
		);
		expect(notificationKey(a)).not.toBe(
			notificationKey(
				makeNotification('fcmv1', Buffer.from('{"aps":{}}'), { 'apns-priority': '10' }),
			),
		);
	});

	it('WNS raw goes as application/octet-stream, toast as XML, with X-WNS-Type set', () => {
		expect(makeNotification('windows', Buffer.from('x'), {}, 'wns/raw')).toMatchObject({
			contentType: 'application/octet-stream',
			headers: { 'X-WNS-Type': 'wns/raw' },
		});
		expect(makeNotification('windows', Buffer.from('<toast/>'), {}, 'wns/toast')).toMatchObject({
			contentType: 'application/xml',
			headers: { 'X-WNS-Type': 'wns/toast' },
		});
	});

	it('raw payloads are checked per platform', () => {
		expect(() => checkRawPayload('fcmv1', '{"notification":{}}')).toThrow(
			'top-level "message" object',
		);
		expect(() => checkRawPayload('fcmv1', '{"message":{"data":{"n":1}}}')).toThrow(
			'must map keys to strings',
		);
		expect(() => checkRawPayload('windows', '{"x":1}', 'wns/toast')).toThrow(
			'A Windows Toast payload must be XML',
		);
		// In the words of the form, not the internal values (wns/tile, adm).
		expect(() => buildPayload('windows', { title: 'Hi', wnsType: 'wns/tile' })).toThrow(
			'The builder makes Windows Toast and Badge notifications; for a Tile notification choose Payload → Raw Payload',
		);
		expect(() => buildPayload('adm', { title: 'Hi' })).toThrow(
			'The builder does not cover Amazon (ADM); choose Payload → Raw Payload and give its payload as JSON',
		);
		expect(() => checkRawPayload('windows', 'any bytes', 'wns/raw')).not.toThrow();
		expect(() => checkRawPayload('apple', '[1]')).toThrow('must be a JSON object');
	});

	it('a boundary never occurs in the parts', () => {
		const boundary = newBoundary(['{"aps":{}}', 'a,b']);
		expect(boundary).toMatch(/^nh-boundary-[0-9a-f-]{36}$/);
	});
});

describe('responses', () => {
	it('the notification id is the last segment of Location, also for $batch locations', () => {
		expect(
			sendIds({
				statusCode: 201,
				headers: {
					location:
						'https://ns.servicebus.windows.net/hub/messages/$batch/b755f9e4-16?api-version=2017-04&direct',
					trackingid: 't1',
				},
				body: '',
			}),
		).toEqual({
			notificationId: 'b755f9e4-16',
			trackingId: 't1',
		});
		expect(sendIds({ statusCode: 201, headers: {}, body: '' })).toEqual({});
	});

	it('Azure’s XML error detail becomes the message, with a hint per status', () => {
		expect(
			describeHubError({
				statusCode: 401,
				headers: {},
				body: '<Error><Code>401</Code><Detail>ExpiredToken: The token is expired.</Detail></Error>',
			}),
		).toMatchObject({
			serviceMessage: 'ExpiredToken: The token is expired.',
			hint: expect.stringContaining('connection string'),
		});
	});

	it('telemetry XML becomes JSON with outcome counts', () => {
		expect(
			readNotificationDetails(
				'<NotificationDetails xmlns="x"><NotificationId>n1</NotificationId><State>Completed</State><ApnsOutcomeCounts><Outcome><Name>Success</Name><Count>3</Count></Outcome></ApnsOutcomeCounts></NotificationDetails>',
			),
		).toEqual({ notificationId: 'n1', state: 'Completed', apnsOutcomeCounts: { Success: 3 } });
	});
});
