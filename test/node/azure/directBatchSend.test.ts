import { answerOf } from '../../helpers/output';
import { NodeOperationError } from 'n8n-workflow';

import { AzureNotificationHubsApi } from '../../../packages/azure-notification-hubs/credentials/AzureNotificationHubsApi.credentials';
import { AzureNotificationHubs } from '../../../packages/azure-notification-hubs/nodes/AzureNotificationHubs/AzureNotificationHubs.node';
import { createAzureEmulator } from '../../emulators/azure';
import { createExecuteContext } from '../../helpers/execute-context';

const hub = createAzureEmulator();
beforeAll(() => hub.start());
afterAll(() => hub.stop());
beforeEach(() => hub.reset());

const credentials = () => ({
	azureNotificationHubsApi: { type: new AzureNotificationHubsApi(), data: hub.sandboxCredential() },
});

/** Runs Direct Batch Send over `items` with the given parameters (functions stand for expressions). */
async function directBatchSend(
	items: Array<Record<string, unknown>>,
	parameters: Record<string, unknown>,
	onError?: 'continueRegularOutput' | 'continueErrorOutput',
) {
	return (await directBatchSendIn(items, parameters, onError)).output;
}

/** The same, with the context it ran in (its execution custom data). */
async function directBatchSendIn(
	items: Array<Record<string, unknown>>,
	parameters: Record<string, unknown>,
	onError?: 'continueRegularOutput' | 'continueErrorOutput',
) {
	const ctx = createExecuteContext({
		items,
		parameters: {
			resource: 'notification',
			operation: 'directBatchSend',
			platform: 'apple',
			payloadMode: 'builder',
			title: 'Sale',
			body: 'Everything -20%',
			message: {},
			apnsHeaders: {},
			options: {},
			...parameters,
		},
		credentials: credentials(),
		onError,
	});
	const [output] = await new AzureNotificationHubs().execute.call(ctx);
	return { output, customData: ctx.customData.values as Record<string, string> };
}

const batches = () => hub.recorded((r) => r.path.endsWith('/messages/$batch') && r.status === 201);
// Requests after the first run concurrently, so they may arrive in any order.
const devicesSent = () =>
	batches()
		.flatMap((r) => r.note.devices as string[])
		.sort();
const sizes = () =>
	batches()
		.map((r) => r.note.devices.length as number)
		.sort((a, b) => b - a);
const handles = (count: number, prefix = 'device-') =>
	Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe('Azure Notification Hubs: Direct Batch Send against the emulator', () => {
	it('sends 2,500 items of one handle each as three requests of 1,000, 1,000 and 500, each handle once', async () => {
		const items = handles(2500).map((token) => ({ token }));
		const output = await directBatchSend(items, { deviceHandles: '={{ $json.token }}' });
		expect(sizes()).toEqual([1000, 1000, 500]);
		expect(devicesSent()).toEqual(handles(2500).sort());
		expect(output).toHaveLength(2500);
		expect(output[1234].pairedItem).toEqual({ item: 1234 });
		expect(output[1234].json).toMatchObject({
			status: 'sent',
			platform: 'apple',
			recipients: 1,
			sent: 1,
			failed: 0,
		});
		const request = (output[1234].json.requests as Array<Record<string, unknown>>)[0];
		expect(request).toMatchObject({
			request: 2,
			recipients: 1,
			status: 'sent',
			notificationId: batches().find((r) => r.note.devices.includes('device-1234'))!.note
				.notificationId,
		});
		expect(request.trackingId).toEqual(expect.any(String));
	});

	it('sends one item holding 2,500 handles the same way', async () => {
		const output = await directBatchSend([{}], { deviceHandles: handles(2500).join('\n') });
		expect(sizes()).toEqual([1000, 1000, 500]);
		expect(devicesSent()).toEqual(handles(2500).sort());
		expect(output[0].json).toMatchObject({ status: 'sent', recipients: 2500, sent: 2500 });
		expect((output[0].json.requests as unknown[]).length).toBe(3);
	});

	it('puts two different notifications in separate requests', async () => {
		const output = await directBatchSend([{ t: 'a' }, { t: 'b' }, { t: 'a' }], {
			deviceHandles: (i: number) => `h${i}`,
			title: (_i: number, item: { t: string }) => `Hello ${item.t}`,
		});
		expect(batches()).toHaveLength(2);
		expect(
			batches().map((r) => [JSON.parse(r.note.payload).aps.alert.title, r.note.devices]),
		).toEqual([
			['Hello a', ['h0', 'h2']],
			['Hello b', ['h1']],
		]);
		expect(output.map((o) => o.json.status)).toEqual(['sent', 'sent', 'sent']);
	});

	it('refuses, before sending anything, a header value with a line break (an APNs topic from an expression), naming the item and the header', async () => {
		const topic = (i: number) => (i === 1 ? 'com.example.app\r\nX-Injected: 1' : 'com.example.app');
		const error = await directBatchSend([{}, {}], {
			deviceHandles: 'tokA',
			apnsHeaders: { 'apns-topic': topic },
		}).catch((e) => e);
		expect(error.message).toBe(
			'The apns-topic header holds a line break or another control character (at character 16), which would change the request; remove it [item 1]',
		);
		expect(hub.requests).toHaveLength(0);
	});

	it('names the field when Custom Data is not valid JSON, or not an object, before sending anything', async () => {
		const broken = await directBatchSend([{}], {
			deviceHandles: 'tokA',
			message: { data: '{"screen": ' },
		}).catch((e) => e);
		expect(broken.message).toMatch(/^Custom Data is not valid JSON: .+ \[item 0\]$/);
		const list = await directBatchSend([{}], {
			deviceHandles: 'tokA',
			message: { data: '[1, 2]' },
		}).catch((e) => e);
		expect(list.message).toBe('Custom Data must be a JSON object [item 0]');
		expect(hub.requests).toHaveLength(0);
	});

	it('sends a Windows badge built from Badge Value, and a tile from its raw XML whatever Define Payload was left at', async () => {
		await directBatchSend([{}], {
			deviceHandles: 'https://wns.example/ch1',
			platform: 'windows',
			wnsType: 'wns/badge',
			title: '',
			body: '',
			wnsBadge: 'alert',
		});
		await directBatchSend([{}], {
			deviceHandles: 'https://wns.example/ch2',
			platform: 'windows',
			wnsType: 'wns/tile',
			payloadMode: 'builder',
			rawPayload:
				'<tile><visual><binding template="TileMedium"><text>Hi</text></binding></visual></tile>',
		});
		const [badge, tile] = batches();
		expect([badge.headers['x-wns-type'], badge.note.payload]).toEqual([
			'wns/badge',
			'<badge value="alert"/>',
		]);
		expect([tile.headers['x-wns-type'], tile.note.payload]).toEqual([
			'wns/tile',
			'<tile><visual><binding template="TileMedium"><text>Hi</text></binding></visual></tile>',
		]);
		const wrong = await directBatchSend([{}], {
			deviceHandles: 'h',
			platform: 'windows',
			wnsType: 'wns/badge',
			wnsBadge: 'three',
		}).catch((e) => e);
		expect(wrong.message).toMatch(
			/^Badge Value "three" is neither a number nor a WNS glyph \(activity, alarm, .*\) \[item 0\]$/,
		);
	});

	it('sends the multipart body with the platform headers on the outer request', async () => {
		await directBatchSend([{}], {
			deviceHandles: 'tokA,tokB',
			apnsHeaders: {
				'apns-push-type': 'alert',
				'apns-priority': '10',
				'apns-topic': 'com.example.app',
			},
		});
		const [request] = batches();
		expect(request.rawQuery).toBe('api-version=2020-06&direct');
		expect(request.headers['servicebusnotification-format']).toBe('apple');
		expect(request.headers['x-ms-version']).toBe('2020-06');
		expect(request.headers['content-type']).toMatch(
			/^multipart\/mixed; boundary = "nh-boundary-[0-9a-f-]{36}"$/,
		);
		expect(request.note.headers).toEqual({
			'apns-push-type': 'alert',
			'apns-priority': '10',
			'apns-topic': 'com.example.app',
		});
		expect(request.note.partContentType).toBe('application/json;charset=utf-8');
		expect(JSON.parse(request.note.payload)).toEqual({
			aps: { alert: { title: 'Sale', body: 'Everything -20%' } },
		});
	});

	it('delivers every handle once when the first attempt is refused with 413', async () => {
		hub.inject({ path: '/push-hub/messages/$batch', status: 413 });
		const output = await directBatchSend([{}], { deviceHandles: handles(1000).join(',') });
		expect(hub.requests.map((r) => r.status)).toEqual([413, 201, 201]);
		expect(batches().map((r) => r.note.devices.length)).toEqual([500, 500]);
		expect(devicesSent()).toEqual(handles(1000).sort());
		expect(output[0].json).toMatchObject({ status: 'sent', sent: 1000, failed: 0 });
	});

	it('waits for Retry-After on 429 and retries without sending any handle twice', async () => {
		hub.inject({ path: '/push-hub/messages/$batch', status: 429, headers: { 'Retry-After': '1' } });
		const started = Date.now();
		const output = await directBatchSend(
			handles(3).map((token) => ({ token })),
			{ deviceHandles: '={{ $json.token }}' },
		);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(hub.requests.map((r) => r.status)).toEqual([429, 201]);
		expect(devicesSent()).toEqual(handles(3));
		expect(output.every((o) => o.json.status === 'sent')).toBe(true);
	});

	it('retries a 403 that carries Retry-After (Azure’s older quota throttling)', async () => {
		hub.inject({ path: '/push-hub/messages/$batch', status: 403, headers: { 'Retry-After': '0' } });
		await directBatchSend([{}], { deviceHandles: 'a' });
		expect(hub.requests.map((r) => r.status)).toEqual([403, 201]);
	});

	it('retries a 503 and a dropped connection with backoff, each handle delivered once', async () => {
		hub.inject({ path: '/push-hub/messages/$batch', status: 503 });
		hub.inject({ path: '/push-hub/messages/$batch', drop: true }); // armed behind the 503, so it answers the second attempt
		const output = await directBatchSend([{}], { deviceHandles: 'a,b,c' });
		expect(hub.requests.map((r) => r.status)).toEqual([503, 0, 201]);
		expect(devicesSent()).toEqual(['a', 'b', 'c']);
		expect(output[0].json).toMatchObject({ status: 'sent', sent: 3, failed: 0 });
	});

	it('refuses a browser platform given by expression before sending anything', async () => {
		const error = await directBatchSend([{ p: 'apple' }, { p: 'browser' }], {
			deviceHandles: 'a',
			platform: (_i: number, item: { p: string }) => item.p,
		}).catch((e) => e);
		expect(error.message).toMatch(
			/^Direct Batch Send cannot send to Browser \(Web Push\).*\[item 1\]$/,
		);
		expect(hub.requests).toHaveLength(0);
	});

	it('sends nothing when item 7 has an invalid raw payload, and names item 7', async () => {
		const items = handles(10).map((token, i) => ({
			token,
			payload: i === 7 ? '{"aps": {' : '{"aps":{"alert":"Hi"}}',
		}));
		const error = await directBatchSend(items, {
			deviceHandles: '={{ $json.token }}',
			payloadMode: 'raw',
			rawPayload: (_i: number, item: { payload: string }) => item.payload,
		}).catch((e) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/^The Apple \(APNs\) payload is not valid JSON.*\[item 7\]$/);
		expect(hub.requests).toHaveLength(0);
	});

	it('refuses a notification over 64 KB before sending anything', async () => {
		const error = await directBatchSend([{}], {
			deviceHandles: 'a',
			body: 'x'.repeat(70_000),
		}).catch((e) => e);
		expect(error.message).toMatch(/at most 65536 bytes \(64 KB\) \[item 0\]/);
		expect(hub.requests).toHaveLength(0);
	});

	it('with continue-on-fail, gives bad items error outputs and sends the good ones', async () => {
		const output = await directBatchSend(
			[{ token: 'a' }, { token: '' }, { token: 'c' }],
			{ deviceHandles: '={{ $json.token }}' },
			'continueErrorOutput',
		);
		expect(devicesSent()).toEqual(['a', 'c']);
		expect(output.map((o) => answerOf(o).status)).toEqual(['sent', 'failed', 'sent']);
		expect(output[1].json.error).toBe(
			'No device handles: Device Handles is empty for this item [item 1]',
		);
		// Bound for the error output: only `error` and `details`, so n8n routes it there and keeps it.
		expect(Object.keys(output[1].json).sort()).toEqual(['details', 'error']);
	});

	it('fails the items of a request the hub refuses with its message and a hint, and the counts add up', async () => {
		hub.inject({ path: '/push-hub/messages/$batch', nth: 2, status: 404 });
		const output = await directBatchSend(
			[{}, {}],
			{
				deviceHandles: (i: number) => handles(600, `i${i}-`).join(','),
				options: { concurrency: 1 },
			},
			'continueRegularOutput',
		);
		const total = output.reduce(
			(sum, o) => sum + (o.json.sent as number) + (o.json.failed as number),
			0,
		);
		expect(total).toBe(1200);
		expect(output[1].json.status).toBe('partial');
		expect(output[1].json.error).toMatch(
			/404.*No message branch at the URI.*\[items 0-1\]|404.*No message branch at the URI.*\[item 1\]/,
		);
		expect(output[1].json.errorDescription).toMatch(/Hub Name/);
	});

	it('never puts the key or a signature in the output or errors', async () => {
		hub.inject({ path: '/push-hub/messages/$batch', status: 401 });
		const output = await directBatchSend([{}], { deviceHandles: 'a' }, 'continueRegularOutput');
		const text = JSON.stringify(output) + JSON.stringify(output[0].error);
		expect(text).not.toContain(hub.key);
		expect(text).not.toContain('sig=');
		expect(output[0].json.error).toMatch(/401/);
	});

	it('honours a lower Batch Size', async () => {
		await directBatchSend([{}], {
			deviceHandles: handles(25).join(','),
			options: { batchSize: 10 },
		});
		expect(batches().map((r) => r.note.devices.length)).toEqual([10, 10, 5]);
	});
});

describe('Azure Notification Hubs: Direct Batch Send against a hub that throttles', () => {
	afterEach(() => hub.pace(undefined));
	const paced = { path: '/push-hub/messages/$batch', latencyMs: 20, retryAfterSeconds: 1 };
	const sendAll = async (options: Record<string, unknown>) =>
		await directBatchSendIn([{}], {
			deviceHandles: handles(6000).join(','),
			options: { batchSize: 100, ...options },
		});

	it('by default finds the level the hub allows, delivers every handle once, and says how it went in the execution data', async () => {
		hub.pace({ ...paced, maxInFlight: 6 });
		const { output, customData } = await sendAll({});
		expect(devicesSent()).toEqual(handles(6000).sort());
		expect(output[0].json).toMatchObject({ status: 'sent', sent: 6000, failed: 0 });
		// One overshoot while it looks for the level, not a throttle per request.
		expect(hub.paceStats.throttled).toBeLessThanOrEqual(6);
		expect(hub.paceStats.peakInFlight).toBe(6);
		expect(customData.concurrency_Push).toMatch(
			/^adaptive: started at 4, peak \d+ in flight, ended at [3-6]; \d+ of \d+ answers throttled, paused 1\.0 s$/,
		);
	});

	it('follows a limit that drops half-way, still every handle once', async () => {
		hub.pace({ ...paced, maxInFlight: 6, change: { after: 30, maxInFlight: 2 } });
		const { output, customData } = await sendAll({});
		expect(devicesSent()).toEqual(handles(6000).sort());
		expect(output[0].json).toMatchObject({ status: 'sent', sent: 6000 });
		expect(customData.concurrency_Push).toMatch(/ended at [12];/);
	});

	it('keeps a fixed Concurrency fixed, and pauses it too when the hub throttles', async () => {
		hub.pace({ ...paced, maxInFlight: 2 });
		const { output, customData } = await sendAll({ concurrency: 3, batchSize: 1000 });
		expect(devicesSent()).toEqual(handles(6000).sort());
		expect(output[0].json).toMatchObject({ status: 'sent', sent: 6000 });
		expect(hub.paceStats.peakInFlight).toBe(2);
		expect(customData.concurrency_Push).toMatch(
			/^fixed at 3; [1-9]\d* of \d+ answers throttled, paused \d+\.\d s$/,
		);
	});
});

describe('Azure Direct Batch Send with the platform given by each item', () => {
	const mixed = [
		{ platform: 'apple', token: 'apns-1' },
		{ platform: 'android', token: 'fcm-1' },
		{ platform: 'Windows (WNS)', token: 'https://wns.example/1' },
		{ platform: 'apple', token: 'apns-2' },
		{ platform: 'fcmv1', token: 'fcm-2' },
	];
	const perItem = {
		platform: 'perItem',
		itemPlatform: '={{ $json.platform }}',
		deviceHandles: '={{ $json.token }}',
		wnsType: 'wns/toast',
		apnsHeaders: { 'apns-push-type': 'alert' },
		wnsHeaders: { 'X-WNS-Tag': 'sale' },
	};

	it('sends a device table with mixed platforms as one request per platform, each with that platform’s payload and headers', async () => {
		const output = await directBatchSend(mixed, perItem);
		const byFormat = Object.fromEntries(batches().map((r) => [r.note.format, r.note]));
		expect(batches()).toHaveLength(3);
		expect(byFormat.apple.devices.sort()).toEqual(['apns-1', 'apns-2']);
		expect(JSON.parse(byFormat.apple.payload)).toEqual({
			aps: { alert: { title: 'Sale', body: 'Everything -20%' } },
		});
		expect(byFormat.apple.headers).toMatchObject({ 'apns-push-type': 'alert' });
		expect(byFormat.apple.headers).not.toHaveProperty('x-wns-tag');
		expect(byFormat.fcmv1.devices.sort()).toEqual(['fcm-1', 'fcm-2']);
		expect(JSON.parse(byFormat.fcmv1.payload)).toMatchObject({
			message: { notification: { title: 'Sale', body: 'Everything -20%' } },
		});
		expect(byFormat.fcmv1.headers).not.toHaveProperty('apns-push-type');
		expect(byFormat.windows.devices).toEqual(['https://wns.example/1']);
		expect(byFormat.windows.payload).toContain('<text>Everything -20%</text>');
		expect(byFormat.windows.headers).toMatchObject({
			'x-wns-type': 'wns/toast',
			'x-wns-tag': 'sale',
		});
		expect(output.map((item) => item.json.platform)).toEqual([
			'apple',
			'fcmv1',
			'windows',
			'apple',
			'fcmv1',
		]);
		expect(output.every((item) => item.json.status === 'sent')).toBe(true);
	});

	it('refuses, before sending, an item whose platform is unknown or cannot be built from fields, naming the item', async () => {
		const unknown = await directBatchSend(
			[...mixed, { platform: 'blackberry', token: 'x' }],
			perItem,
		).catch((e) => e);
		expect(unknown.message).toBe(
			'Item Platform "blackberry" is not a platform this operation sends to; use one of adm, apple, baidu, fcmv1, gcm, windows, xiaomi [item 5]',
		);
		const raw = await directBatchSend([{ platform: 'adm', token: 'amzn-1' }], perItem).catch(
			(e) => e,
		);
		expect(raw.message).toBe(
			"Amazon (ADM) notifications are not built from fields: set Define Payload to Raw Payload and give each item's payload [item 0]",
		);
		expect(batches()).toHaveLength(0);
	});

	it('takes each item’s raw payload when Define Payload is Raw Payload', async () => {
		const items = [
			{ platform: 'adm', token: 'amzn-1', payload: '{"data":{"message":"Hi"}}' },
			{ platform: 'apple', token: 'apns-1', payload: '{"aps":{"alert":"Hi"}}' },
		];
		await directBatchSend(items, {
			...perItem,
			payloadMode: 'raw',
			rawPayload: '={{ $json.payload }}',
		});
		expect(Object.fromEntries(batches().map((r) => [r.note.format, r.note.payload]))).toEqual({
			adm: '{"data":{"message":"Hi"}}',
			apple: '{"aps":{"alert":"Hi"}}',
		});
	});
});
