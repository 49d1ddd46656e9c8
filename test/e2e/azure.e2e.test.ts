/**
 * Azure Notification Hubs in a real n8n with the package installed as a community package,
 * against the emulator: a manual Direct Batch Send, a webhook-triggered one, and no key or
 * signature anywhere in what n8n stored.
 */
import manualWorkflow from '../../examples/azure-direct-batch-send.json';
import mixedWorkflow from '../../examples/azure-mixed-platforms.json';
import resendWorkflow from '../../examples/azure-resend-undelivered.json';
import webhookWorkflow from '../../examples/azure-webhook-send.json';
import { createAzureEmulator } from '../emulators/azure';
import { startN8n } from './n8n';

type Workflow = { nodes: Array<{ credentials?: Record<string, { id: string; name: string }> }> };

describe('Azure Notification Hubs in a real n8n', () => {
	const hub = createAzureEmulator({ key: ['e2e', 'azure', 'key', 'c2VjcmV0'].join('-') });
	let n8n: Awaited<ReturnType<typeof startN8n>>;
	let credential: { id: string; name: string };
	let deliveredId = '';
	const wrongKey = ['not', 'the', 'hub', 'key'].join('-');

	const withCredential = (workflow: unknown) => {
		const copy = JSON.parse(JSON.stringify(workflow)) as Workflow;
		for (const node of copy.nodes)
			if (node.credentials?.azureNotificationHubsApi)
				node.credentials.azureNotificationHubsApi = credential;
		return copy;
	};
	const batches = () =>
		hub.recorded((r) => r.path.endsWith('/messages/$batch') && r.status === 201);
	const carrying = (handle: string) =>
		batches().find((r) => r.note.devices.includes(handle))?.note.notificationId;

	beforeAll(async () => {
		await hub.start();
		n8n = await startN8n();
		credential = {
			name: 'Azure sandbox',
			id: await n8n.importCredential({
				type: 'azureNotificationHubsApi',
				name: 'Azure sandbox',
				data: hub.sandboxCredential(),
			}),
		};
	});
	afterAll(async () => {
		await n8n?.stop();
		await hub.stop();
	});
	beforeEach(() => hub.reset());

	it('sends 2,500 devices from a manual workflow as three batches and answers each item', async () => {
		const id = await n8n.importWorkflow(withCredential(manualWorkflow));
		const execution = await n8n.runManual(id);
		expect(execution.status).toBe('success');
		// Requests after the first run concurrently, so they may arrive in any order.
		expect(
			batches()
				.map((r) => r.note.devices.length)
				.sort((a: number, b: number) => b - a),
		).toEqual([1000, 1000, 500]);
		const sent = batches().flatMap((r) => r.note.devices);
		expect(new Set(sent).size).toBe(2500);
		const items = execution.runData['Azure Notification Hubs'][0].data.main[0];
		expect(items).toHaveLength(2500);
		expect(items[2499].json).toMatchObject({
			status: 'sent',
			recipient: 'apns-token-02499',
			sent: 1,
			requests: [{ request: 3, status: 'sent', notificationId: carrying('apns-token-02499') }],
		});
		expect(items[2499].pairedItem).toEqual({ item: 2499 });
		deliveredId = carrying('apns-token-02499');
	});

	it('adapts to a hub that throttles above 4 requests in flight: every handle once, and the execution’s custom data says how it went', async () => {
		hub.pace({ path: /\/messages\/\$batch$/, latencyMs: 30, maxInFlight: 4, retryAfterSeconds: 1 });
		try {
			const workflow = withCredential(manualWorkflow) as unknown as {
				nodes: Array<{ name: string; parameters: Record<string, unknown> }>;
			};
			const send = workflow.nodes.find((node) => node.name === 'Azure Notification Hubs')!;
			send.parameters.options = { batchSize: 50 };
			const execution = await n8n.runManual(await n8n.importWorkflow(workflow));
			expect(execution.status).toBe('success');
			const sent = batches().flatMap((r) => r.note.devices);
			expect(sent).toHaveLength(2500);
			expect(new Set(sent).size).toBe(2500);
			expect(hub.paceStats.peakInFlight).toBe(4);
			const report = execution.customData['concurrency_Azure_Notification_Hubs'];
			// It starts where the earlier sends with this credential left it (at least 4).
			expect(report).toMatch(
				/^adaptive: started at \d+, peak \d+ in flight, ended at [1-4]; \d+ of \d+ answers throttled/,
			);
			expect(report).toContain(
				`${hub.paceStats.throttled} of ${50 + hub.paceStats.throttled} answers throttled`,
			);
			// The items are what they always are: no field about concurrency on them.
			expect(
				Object.keys(execution.runData['Azure Notification Hubs'][0].data.main[0][0].json).sort(),
			).toEqual(['failed', 'platform', 'recipient', 'recipients', 'requests', 'sent', 'status']);
		} finally {
			hub.pace(undefined);
		}
	});

	it('sends a device table with Apple, FCM V1 and Windows rows through one node: one request per platform, each with its payload and headers', async () => {
		const id = await n8n.importWorkflow(withCredential(mixedWorkflow));
		const execution = await n8n.runManual(id);
		expect(execution.status).toBe('success');
		const byFormat: Record<
			string,
			{ devices: string[]; payload: string; headers: Record<string, string> }
		> = Object.fromEntries(batches().map((r) => [r.note.format, r.note]));
		expect(Object.keys(byFormat).sort()).toEqual(['apple', 'fcmv1', 'windows']);
		expect(batches()).toHaveLength(3);
		for (const note of Object.values(byFormat)) expect(note.devices).toHaveLength(10);
		expect(JSON.parse(byFormat.apple.payload)).toEqual({
			aps: {
				alert: { title: 'Weekend sale', body: 'Everything is 20% off until Sunday' },
				sound: 'default',
			},
		});
		expect(byFormat.apple.headers).toMatchObject({ 'apns-push-type': 'alert' });
		expect(JSON.parse(byFormat.fcmv1.payload)).toMatchObject({
			message: {
				notification: { title: 'Weekend sale', body: 'Everything is 20% off until Sunday' },
			},
		});
		expect(byFormat.windows.payload).toContain('<text>Weekend sale</text>');
		expect(byFormat.windows.headers).toMatchObject({
			'x-wns-type': 'wns/toast',
			'x-wns-tag': 'sale',
		});
		const items = execution.runData['Azure Notification Hubs'][0].data.main[0];
		expect(
			items
				.slice(0, 3)
				.map((item: { json: { platform: string; status: string } }) => [
					item.json.platform,
					item.json.status,
				]),
		).toEqual([
			['apple', 'sent'],
			['fcmv1', 'sent'],
			['windows', 'sent'],
		]);
	});

	it('sends to the handles posted to a webhook', async () => {
		await n8n.importWorkflow(withCredential(webhookWorkflow), { activate: true });
		const response = await n8n.callWebhook('azure-push', {
			handles: ['fcm-1', 'fcm-2', 'fcm-3'],
			title: 'Order shipped',
			message: 'Your order is on its way',
		});
		expect(response.status).toBe(200);
		expect(batches()).toHaveLength(1);
		expect(batches()[0].note.devices).toEqual(['fcm-1', 'fcm-2', 'fcm-3']);
		expect(batches()[0].headers['servicebusnotification-format']).toBe('fcmv1');
		expect(JSON.parse(batches()[0].note.payload)).toEqual({
			message: {
				notification: { title: 'Order shipped', body: 'Your order is on its way' },
				android: { priority: 'high' },
			},
		});
		expect(response.body).toMatchObject({ status: 'sent', recipients: 3, sent: 3 });
	});

	it('runs the re-send example: a refused batch goes to the error output, and the re-send delivers exactly its handles', async () => {
		hub.inject({ path: /\/messages\/\$batch$/, nth: 2, status: 400 });
		const execution = await n8n.runManual(await n8n.importWorkflow(withCredential(resendWorkflow)));
		expect(execution.status).toBe('success');
		const [, errors] = execution.runData.Send[0].data.main;
		expect(errors.length).toBeGreaterThan(0);
		const undelivered = errors.flatMap(
			(item: { json: { details: { undelivered: string[] } } }) => item.json.details.undelivered,
		);
		// The second request to arrive was refused: 1,000 or 500 handles, depending on which lane came first.
		expect([500, 1000]).toContain(undelivered.length);
		const resent = hub
			.recorded((r) => r.path.endsWith('/messages/$batch') && r.status === 201)
			.slice(-1)[0].note.devices;
		expect([...resent].sort()).toEqual([...undelivered].sort());
		const all = batches().flatMap((r) => r.note.devices);
		expect(all).toHaveLength(2500);
		expect(new Set(all).size).toBe(2500);
	});

	it('passes the credential test with the right key and fails it, with the reason, with a wrong one', async () => {
		const test = (data: Record<string, unknown>) =>
			n8n.rest('POST', '/credentials/test', {
				credentials: {
					id: credential.id,
					name: credential.name,
					type: 'azureNotificationHubsApi',
					data,
				},
			});
		expect(await test(hub.sandboxCredential())).toMatchObject({ status: 'OK' });
		const registrationReads = hub.recorded(
			(r) => r.path === '/push-hub/registrations/' && r.status === 200,
		);
		expect(registrationReads).toHaveLength(1);
		expect(hub.recorded((r) => r.path.includes('/messages'))).toHaveLength(0);
		const wrong = {
			...hub.sandboxCredential(),
			connectionString: hub.sandboxCredential().connectionString.replace(hub.key, wrongKey),
		};
		expect(await test(wrong)).toMatchObject({
			status: 'Error',
			message: expect.stringContaining('The key was refused'),
		});
	});

	it('stores Azure’s refusal of a wrong key as the error, without the key or a signature', async () => {
		const wrong = {
			...hub.sandboxCredential(),
			connectionString: hub.sandboxCredential().connectionString.replace(hub.key, wrongKey),
		};
		const wrongCredential = {
			name: 'Azure wrong key',
			id: await n8n.importCredential({
				type: 'azureNotificationHubsApi',
				name: 'Azure wrong key',
				data: wrong,
			}),
		};
		const workflow = withCredential(manualWorkflow);
		for (const node of workflow.nodes)
			if (node.credentials?.azureNotificationHubsApi)
				node.credentials.azureNotificationHubsApi = wrongCredential;
		const id = await n8n.importWorkflow(workflow);
		const execution = await n8n.runManual(id);
		expect(execution.status).toBe('error');
		expect(hub.recorded((r) => r.path.endsWith('/messages/$batch')).map((r) => r.status)).toEqual([
			401,
		]);
		expect(JSON.stringify(execution.error ?? execution.data)).toMatch(/401 InvalidSignature/);
		const stored = n8n.storedText();
		expect(stored).toContain('InvalidSignature');
		expect(stored).not.toContain(wrongKey);
		expect(stored).not.toContain('sig=');
	});

	it('stores neither the key nor any signature in the execution data', async () => {
		// Booleans, so that a failure does not print the whole database.
		const stored = n8n.storedText();
		expect(stored.includes(deliveredId)).toBe(true);
		expect(stored.includes(hub.key)).toBe(false);
		expect(stored.includes('sig=')).toBe(false);
		expect(stored.includes('SharedAccessSignature')).toBe(false);
	});
});
