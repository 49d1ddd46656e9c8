/**
 * The rest of the Azure Notification Hubs node against the emulator: single direct sends
 * (including browser subscriptions), tag / broadcast / template sends, scheduling and
 * cancelling, telemetry, and installations.
 */
import { AzureNotificationHubsApi } from '../../../packages/azure-notification-hubs/credentials/AzureNotificationHubsApi.credentials';
import { AzureNotificationHubs } from '../../../packages/azure-notification-hubs/nodes/AzureNotificationHubs/AzureNotificationHubs.node';
import { createAzureEmulator } from '../../emulators/azure';
import { createExecuteContext } from '../../helpers/execute-context';

const hub = createAzureEmulator();
beforeAll(() => hub.start());
afterAll(() => hub.stop());
beforeEach(() => {
	hub.reset();
	hub.installations.clear();
	hub.scheduled.clear();
});

type Params = Record<string, unknown>;

async function run(items: Params[], parameters: Params, onError?: 'continueRegularOutput') {
	const ctx = createExecuteContext({
		items,
		parameters: { message: {}, apnsHeaders: {}, wnsHeaders: {}, options: {}, ...parameters },
		credentials: {
			azureNotificationHubsApi: {
				type: new AzureNotificationHubsApi(),
				data: hub.sandboxCredential(),
			},
		},
		onError,
	});
	const [output] = await new AzureNotificationHubs().execute.call(ctx);
	return output;
}

const notification = (operation: string, extra: Params = {}) => ({
	resource: 'notification',
	operation,
	platform: 'apple',
	payloadMode: 'builder',
	title: 'Hi',
	body: 'There',
	...extra,
});

describe('Direct Send', () => {
	it('sends one notification per item to its handle, with the handle in ServiceBusNotification-DeviceHandle', async () => {
		const output = await run(
			[{ t: 'tok1' }, { t: 'tok2' }],
			notification('directSend', {
				deviceHandle: '={{ $json.t }}',
				apnsHeaders: { 'apns-push-type': 'alert' },
			}),
		);
		const sends = hub.recorded((r) => r.path === '/push-hub/messages/');
		expect(
			sends.map((r) => [
				r.rawQuery,
				r.headers['servicebusnotification-devicehandle'],
				r.headers['content-type'],
				r.headers['apns-push-type'],
			]),
		).toEqual([
			['api-version=2020-06&direct', 'tok1', 'application/json;charset=utf-8', 'alert'],
			['api-version=2020-06&direct', 'tok2', 'application/json;charset=utf-8', 'alert'],
		]);
		expect(JSON.parse(sends[0].note.payload)).toEqual({
			aps: { alert: { title: 'Hi', body: 'There' } },
		});
		expect(output.map((o) => o.json)).toEqual([
			expect.objectContaining({
				status: 'sent',
				platform: 'apple',
				notificationId: sends[0].note.notificationId,
				trackingId: expect.any(String),
			}),
			expect.objectContaining({ status: 'sent', notificationId: sends[1].note.notificationId }),
		]);
		expect(output[1].pairedItem).toEqual({ item: 1 });
	});

	it('reaches a browser push subscription with its endpoint, P256DH and Auth headers', async () => {
		await run(
			[{}],
			notification('directSend', {
				platform: 'browser',
				deviceHandle: 'https://fcm.googleapis.com/fcm/send/abc',
				p256dh: 'P-key',
				auth: 'A-secret',
			}),
		);
		const [send] = hub.recorded((r) => r.path === '/push-hub/messages/');
		expect(send.status).toBe(201);
		expect([
			send.headers['servicebusnotification-format'],
			send.headers['servicebusnotification-devicehandle'],
			send.headers.p256dh,
			send.headers.auth,
		]).toEqual(['browser', 'https://fcm.googleapis.com/fcm/send/abc', 'P-key', 'A-secret']);
		expect(JSON.parse(send.note.payload)).toEqual({ title: 'Hi', body: 'There' });
	});

	it('refuses a browser subscription without its keys before sending anything', async () => {
		const error = await run(
			[{}],
			notification('directSend', {
				platform: 'browser',
				deviceHandle: 'https://push.example/x',
				p256dh: '',
				auth: '',
			}),
		).catch((e) => e);
		expect(error.message).toBe(
			'A browser subscription needs its P256DH key and auth secret [item 0]',
		);
		expect(hub.requests).toHaveLength(0);
	});

	it('refuses a device handle or a tag expression that would break its header, before sending anything', async () => {
		const handle = await run(
			[{}],
			notification('directSend', { deviceHandle: 'tok1\nServiceBusNotification-Format: gcm' }),
		).catch((e) => e);
		expect(handle.message).toBe(
			'The ServiceBusNotification-DeviceHandle (Device Handle) header holds a line break or another control character (at character 5), which would change the request; remove it [item 0]',
		);
		const tags = await run(
			[{}],
			notification('send', { audience: 'tags', tagExpression: 'vip\r\nX-Other: 1' }),
		).catch((e) => e);
		expect(tags.message).toMatch(
			/^The ServiceBusNotification-Tags \(Tag Expression\) header holds a line break/,
		);
		expect(hub.requests).toHaveLength(0);
	});

	it('sends WNS raw text as application/octet-stream with X-WNS-Type wns/raw', async () => {
		await run(
			[{}],
			notification('directSend', {
				platform: 'windows',
				wnsType: 'wns/raw',
				payloadMode: 'raw',
				rawPayload: 'opaque bytes',
				deviceHandle: 'https://wns.example/ch',
			}),
		);
		const [send] = hub.recorded((r) => r.path === '/push-hub/messages/');
		expect([
			send.status,
			send.headers['content-type'],
			send.headers['x-wns-type'],
			send.note.payload,
		]).toEqual([201, 'application/octet-stream', 'wns/raw', 'opaque bytes']);
	});
});

describe('WNS raw bytes', () => {
	it('sends a base64 payload as the bytes it encodes, in a batch', async () => {
		const bytes = Buffer.from([0, 1, 2, 250, 255]);
		await run([{}], {
			resource: 'notification',
			operation: 'directBatchSend',
			platform: 'windows',
			wnsType: 'wns/raw',
			payloadMode: 'raw',
			rawEncoding: 'base64',
			rawPayload: bytes.toString('base64'),
			deviceHandles: 'https://wns.example/ch',
		});
		const [batch] = hub.recorded();
		expect(batch.status).toBe(201);
		const start = batch.body.indexOf('\r\n\r\n') + 4;
		expect(batch.body.subarray(start, start + bytes.length).equals(bytes)).toBe(true);
		expect(batch.note.partContentType).toBe('application/octet-stream');
	});

	it('refuses a payload that is not base64 and names the item', async () => {
		const error = await run([{}], {
			resource: 'notification',
			operation: 'directSend',
			platform: 'windows',
			wnsType: 'wns/raw',
			payloadMode: 'raw',
			rawEncoding: 'base64',
			rawPayload: 'not base64!',
			deviceHandle: 'h',
		}).catch((e) => e);
		expect(error.message).toMatch(/^The payload is not valid base64.*\[item 0\]$/);
		expect(hub.requests).toHaveLength(0);
	});
});

describe('Send to tags, broadcast and templates', () => {
	it('sends to a tag expression in ServiceBusNotification-Tags, without the direct flag', async () => {
		const output = await run(
			[{}],
			notification('send', {
				platform: 'fcmv1',
				audience: 'tags',
				tagExpression: '(sports || news) && !muted',
			}),
		);
		const [send] = hub.recorded();
		expect([
			send.path,
			send.rawQuery,
			send.headers['servicebusnotification-tags'],
			send.headers['servicebusnotification-format'],
		]).toEqual([
			'/push-hub/messages/',
			'api-version=2020-06',
			'(sports || news) && !muted',
			'fcmv1',
		]);
		expect(JSON.parse(send.note.payload)).toEqual({
			message: { notification: { title: 'Hi', body: 'There' } },
		});
		expect(output[0].json).toMatchObject({
			status: 'sent',
			notificationId: send.note.notificationId,
		});
	});

	it('broadcasts without a tags header', async () => {
		await run([{}], notification('send', { audience: 'broadcast' }));
		expect(hub.requests[0].headers['servicebusnotification-tags']).toBeUndefined();
		expect(hub.requests[0].status).toBe(201);
	});

	it('sends a template notification as its JSON properties with format "template"', async () => {
		await run(
			[{}],
			notification('send', {
				platform: 'template',
				rawPayload: '{"message":"Hello","badge":"3"}',
				audience: 'tags',
				tagExpression: 'vip',
			}),
		);
		const [send] = hub.recorded();
		expect([
			send.status,
			send.headers['servicebusnotification-format'],
			send.headers['content-type'],
			send.note.payload,
		]).toEqual([
			201,
			'template',
			'application/json;charset=utf-8',
			'{"message":"Hello","badge":"3"}',
		]);
	});

	it('refuses an empty tag expression before sending', async () => {
		const error = await run(
			[{}],
			notification('send', { audience: 'tags', tagExpression: ' ' }),
		).catch((e) => e);
		expect(error.message).toMatch(/^Tag Expression is empty.*\[item 0\]$/);
		expect(hub.requests).toHaveLength(0);
	});
});

describe('Schedule and Cancel Scheduled', () => {
	it('schedules at the given time and cancels by the id it returned', async () => {
		const at = new Date(Date.now() + 3_600_000);
		const [scheduled] = await run(
			[{}],
			notification('schedule', {
				scheduleTime: at.toISOString(),
				audience: 'tags',
				tagExpression: 'news',
			}),
		);
		const [request] = hub.recorded();
		expect([
			request.path,
			request.headers['servicebusnotification-scheduletime'],
			request.headers['servicebusnotification-tags'],
		]).toEqual([
			'/push-hub/schedulednotifications/',
			at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
			'news',
		]);
		expect(scheduled.json).toMatchObject({
			status: 'scheduled',
			notificationId: request.note.notificationId,
		});
		expect(hub.scheduled.has(scheduled.json.notificationId as string)).toBe(true);

		const [cancelled] = await run([{}], {
			resource: 'notification',
			operation: 'cancelScheduled',
			notificationId: scheduled.json.notificationId,
		});
		expect(cancelled.json).toEqual({
			notificationId: scheduled.json.notificationId,
			cancelled: true,
		});
		expect(hub.scheduled.size).toBe(0);
	});

	it('refuses a time in the past', async () => {
		const error = await run(
			[{}],
			notification('schedule', { scheduleTime: '2020-01-01T00:00:00Z', audience: 'broadcast' }),
		).catch((e) => e);
		expect(error.message).toBe('Send At is in the past [item 0]');
		expect(hub.requests).toHaveLength(0);
	});

	it('reports an unknown scheduled id with Azure’s 404 and a hint', async () => {
		const error = await run([{}], {
			resource: 'notification',
			operation: 'cancelScheduled',
			notificationId: 'nope',
		}).catch((e) => e);
		expect(error.message).toMatch(
			/^Azure did not cancel the scheduled notification: 404 The scheduled notification was not found\..*\[item 0\]$/,
		);
		expect(error.description).toMatch(/Hub Name/);
	});
});

describe('Get Telemetry', () => {
	it('returns the state and outcome counts of a sent notification as JSON', async () => {
		const [sent] = await run([{}], notification('directSend', { deviceHandle: 'tok' }));
		const [telemetry] = await run([{}], {
			resource: 'notification',
			operation: 'getTelemetry',
			notificationId: sent.json.notificationId,
		});
		expect(telemetry.json).toMatchObject({
			notificationId: sent.json.notificationId,
			state: 'Completed',
			apnsOutcomeCounts: { Success: 3, InvalidToken: 1 },
		});
	});
});

describe('Installations', () => {
	const installation = (extra: Params = {}) => ({
		resource: 'installation',
		operation: 'upsert',
		installationId: '={{ $json.id }}',
		installationPlatform: 'apns',
		pushChannel: '={{ $json.token }}',
		additionalFields: { tags: 'sports, news', userId: 'u-1' },
		...extra,
	});

	it('saves a browser installation with its subscription as the object the service and the SDK want', async () => {
		const [saved] = await run(
			[{ id: 'web-1' }],
			installation({
				installationPlatform: 'browser',
				pushChannel: '',
				browserEndpoint: 'https://fcm.googleapis.com/fcm/send/abc',
				browserP256dh: 'P-key',
				browserAuth: 'A-secret',
				additionalFields: {},
			}),
		);
		expect(saved.json).toMatchObject({
			platform: 'browser',
			pushChannel: {
				endpoint: 'https://fcm.googleapis.com/fcm/send/abc',
				p256dh: 'P-key',
				auth: 'A-secret',
			},
			saved: true,
		});
		expect(hub.installations.get('web-1').pushChannel).toEqual({
			endpoint: 'https://fcm.googleapis.com/fcm/send/abc',
			p256dh: 'P-key',
			auth: 'A-secret',
		});
		const error = await run(
			[{ id: 'web-2' }],
			installation({
				installationPlatform: 'browser',
				browserEndpoint: 'https://push.example/x',
				browserP256dh: '',
				browserAuth: '',
			}),
		).catch((e) => e);
		expect(error.message).toBe(
			'A browser installation needs its Endpoint, P256DH Key and Auth Secret [item 0]',
		);
		expect(hub.installations.has('web-2')).toBe(false);
	});

	it('creates, gets, patches and deletes an installation', async () => {
		const [saved] = await run([{ id: 'inst-1', token: 'apns-tok' }], installation());
		expect(saved.json).toEqual({
			installationId: 'inst-1',
			platform: 'apns',
			pushChannel: 'apns-tok',
			tags: ['sports', 'news'],
			userId: 'u-1',
			saved: true,
		});
		const [put] = hub.recorded((r) => r.method === 'PUT');
		expect([put.path, put.headers['content-type']]).toEqual([
			'/push-hub/installations/inst-1',
			'application/json',
		]);

		const [patched] = await run([{}], {
			resource: 'installation',
			operation: 'patch',
			installationId: 'inst-1',
			patch:
				'[{"op":"add","path":"/tags","value":"vip"},{"op":"replace","path":"/pushChannel","value":"apns-tok-2"}]',
		});
		expect(patched.json).toEqual({ installationId: 'inst-1', patched: true, operations: 2 });
		expect(hub.recorded((r) => r.method === 'PATCH')[0].headers['content-type']).toBe(
			'application/json-patch+json',
		);

		const [got] = await run([{}], {
			resource: 'installation',
			operation: 'get',
			installationId: 'inst-1',
		});
		expect(got.json).toEqual({
			installationId: 'inst-1',
			platform: 'apns',
			pushChannel: 'apns-tok-2',
			tags: ['sports', 'news', 'vip'],
			userId: 'u-1',
		});

		const [deleted] = await run([{}], {
			resource: 'installation',
			operation: 'delete',
			installationId: 'inst-1',
		});
		expect(deleted.json).toEqual({ installationId: 'inst-1', deleted: true });
		expect(hub.installations.has('inst-1')).toBe(false);
	});

	it('answers a missing installation with Azure’s 404 on the item, with continue-on-fail', async () => {
		const output = await run(
			[{}],
			{ resource: 'installation', operation: 'get', installationId: 'ghost' },
			'continueRegularOutput',
		);
		expect(output[0].json.error).toMatch(
			/^Azure did not return the installation: 404 Installation not found\..*\[item 0\]$/,
		);
	});

	it('refuses a patch that is not a JSON Patch array before sending anything', async () => {
		const error = await run([{}, {}], {
			resource: 'installation',
			operation: 'patch',
			installationId: 'x',
			patch: (i: number) =>
				i === 1 ? '{"op":"add"}' : '[{"op":"add","path":"/tags","value":"a"}]',
		}).catch((e) => e);
		expect(error.message).toMatch(/^Operations must be a JSON Patch array.*\[item 1\]$/);
		expect(hub.requests).toHaveLength(0);
	});

	it('refuses an item without a push channel and names it, sending nothing', async () => {
		const error = await run(
			[
				{ id: 'a', token: 't' },
				{ id: 'b', token: '' },
			],
			installation(),
		).catch((e) => e);
		expect(error.message).toBe('Push Channel is empty [item 1]');
		expect(hub.requests).toHaveLength(0);
	});
});
