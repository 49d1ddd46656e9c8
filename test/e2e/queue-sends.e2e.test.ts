/**
 * Bulk sends in n8n's queue mode (one main, two workers, Redis, Postgres), with the package
 * installed in every user folder:
 * - 20 webhook calls, some at once, spread over both workers: every recipient once, and one
 *   SFMC token for the run (at most one per worker);
 * - a worker SIGKILLed in the middle of a 5,000-recipient send, then the workflow triggered
 *   again with the same Send Key: every recipient accepted exactly once over both runs;
 * - no secret in Postgres (execution_data and every other table) or in Redis.
 */
import { createAzureEmulator } from '../emulators/azure';
import { createSfmcEmulator } from '../emulators/sfmc';
import { waitFor } from './n8n';
import { startQueueN8n } from './queue';

type QueueN8n = Awaited<ReturnType<typeof startQueueN8n>>;
type Recorded = {
	path: string;
	status: number;
	note?: {
		devices?: string[];
		elements?: Array<{ SubscriberKeys: string[] }>;
		accessToken?: string;
	};
};

const azure = createAzureEmulator({ key: ['queue', 'azure', 'hub', 'key'].join('-') });
const sfmc = createSfmcEmulator({ clientSecret: ['queue', 'sfmc', 'client', 'secret'].join('-') });
const messageId = sfmc.addActiveMessage();

const countEach = (list: string[]) => {
	const counts = new Map<string, number>();
	for (const entry of list) counts.set(entry, (counts.get(entry) ?? 0) + 1);
	return counts;
};

describe('Bulk sends in n8n queue mode', () => {
	let n8n: QueueN8n;
	let sfmcCredential: { id: string; name: string };
	let azureCredential: { id: string; name: string };
	const issuedTokens = () =>
		sfmc
			.recorded((r: Recorded) => r.path === '/v2/token' && r.status === 200)
			.map((r: Recorded) => String(r.note?.accessToken));

	beforeAll(async () => {
		await azure.start();
		await sfmc.start();
		n8n = await startQueueN8n({ workers: 2, concurrency: 4 });
		sfmcCredential = {
			name: 'SFMC queue',
			id: await n8n.importCredential({
				type: 'salesforceMarketingCloudApi',
				name: 'SFMC queue',
				data: sfmc.sandboxCredential(),
			}),
		};
		azureCredential = {
			name: 'Azure queue',
			id: await n8n.importCredential({
				type: 'azureNotificationHubsApi',
				name: 'Azure queue',
				data: azure.sandboxCredential(),
			}),
		};
	});
	afterAll(async () => {
		await n8n?.stop();
		await azure.stop();
		await sfmc.stop();
	});

	it('spreads 20 webhook sends over both workers: every subscriber once, one token for the run', async () => {
		const workflowId = await n8n.importWorkflow(
			{
				name: 'queue: SFMC send per webhook call',
				nodes: [
					{
						id: 'hook',
						name: 'Webhook',
						type: 'n8n-nodes-base.webhook',
						typeVersion: 2,
						position: [0, 0],
						webhookId: 'queue-sfmc-send',
						parameters: {
							httpMethod: 'POST',
							path: 'queue-sfmc-send',
							responseMode: 'lastNode',
							options: {},
						},
					},
					{
						id: 'push',
						name: 'MobilePush',
						type: 'n8n-nodes-push-notifications.salesforceMobilePush',
						typeVersion: 1,
						position: [220, 0],
						credentials: { salesforceMarketingCloudApi: sfmcCredential },
						parameters: {
							resource: 'send',
							operation: 'sendMessageBatch',
							messageId,
							recipientKind: 'SubscriberKeys',
							recipients: '={{ $json.body.keys }}',
							alert: 'Doors open',
							overrides: {},
							options: { batchSize: 20, sendKey: '={{ $json.body.call }}' },
						},
					},
				],
				connections: { Webhook: { main: [[{ node: 'MobilePush', type: 'main', index: 0 }]] } },
			},
			{ activate: true },
		);
		const keysOf = (call: number) =>
			Array.from({ length: 50 }, (_, i) => `call-${call}-subscriber-${i}`);
		const send = (call: number) =>
			n8n.callWebhook('queue-sfmc-send', { call: `call-${call}`, keys: keysOf(call) });
		const replies = [];
		for (let call = 0; call < 5; call++) replies.push(await send(call));
		replies.push(...(await Promise.all(Array.from({ length: 15 }, (_, i) => send(5 + i)))));
		for (const reply of replies)
			expect(reply).toMatchObject({
				status: 200,
				body: { status: 'sent', recipients: 50, sent: 50 },
			});

		const delivered = sfmc
			.recorded((r: Recorded) => r.path.includes('/messageBatch/') && r.status === 200)
			.flatMap((r: Recorded) => (r.note?.elements ?? []).flatMap((e) => e.SubscriberKeys));
		const counts = countEach(delivered);
		expect(counts.size).toBe(20 * 50);
		expect([...counts.values()].every((n) => n === 1)).toBe(true);
		expect(issuedTokens().length).toBeGreaterThanOrEqual(1);
		expect(issuedTokens().length).toBeLessThanOrEqual(2);

		const executions = await n8n.executions(workflowId);
		expect(executions).toHaveLength(20);
		expect(new Set(executions.map((e) => n8n.workerOf(e.id)))).toEqual(new Set([0, 1]));
	});

	it('after a worker is killed in the middle of a 5,000-handle send, the same Send Key delivers every handle exactly once over both runs', async () => {
		const workflowId = await n8n.importWorkflow(
			{
				name: 'queue: Azure send with a Send Key',
				nodes: [
					{
						id: 'hook',
						name: 'Webhook',
						type: 'n8n-nodes-base.webhook',
						typeVersion: 2,
						position: [0, 0],
						webhookId: 'queue-azure-send',
						parameters: {
							httpMethod: 'POST',
							path: 'queue-azure-send',
							responseMode: 'onReceived',
							options: {},
						},
					},
					{
						id: 'push',
						name: 'Azure Notification Hubs',
						type: 'n8n-nodes-push-notifications.azureNotificationHubs',
						typeVersion: 1,
						position: [220, 0],
						credentials: { azureNotificationHubsApi: azureCredential },
						parameters: {
							resource: 'notification',
							operation: 'directBatchSend',
							deviceHandles: '={{ $json.body.handles }}',
							platform: 'apple',
							payloadMode: 'builder',
							title: 'Doors open',
							body: 'The sale has started',
							options: { batchSize: 500, concurrency: 2, sendKey: '={{ $json.body.campaign }}' },
						},
					},
				],
				connections: {
					Webhook: { main: [[{ node: 'Azure Notification Hubs', type: 'main', index: 0 }]] },
				},
			},
			{ activate: true },
		);
		const handles = Array.from(
			{ length: 5000 },
			(_, i) => `apns-device-${String(i).padStart(5, '0')}`,
		);
		const batches = () => azure.recorded((r: Recorded) => r.path.endsWith('/messages/$batch'));
		// Four of the ten requests are taken; after that Azure throttles with a long Retry-After, so
		// both lanes are waiting (nothing accepted and unrecorded) when the worker dies.
		azure.inject({
			path: /\/messages\/\$batch$/,
			nth: 5,
			times: 1000,
			status: 429,
			headers: { 'Retry-After': '60' },
		});
		expect(
			(await n8n.callWebhook('queue-azure-send', { campaign: 'doors-open-2027', handles })).status,
		).toBe(200);
		const executionId = await n8n.waitForExecutionOf(workflowId, { status: ['running'] });
		const worker = await n8n.waitForWorkerOf(executionId);
		await waitFor(() => batches().filter((r) => r.status === 429).length >= 2, {
			what: () =>
				`both lanes throttled; statuses so far ${JSON.stringify(batches().map((r) => r.status))}`,
		});
		const accepted = batches().filter((r) => r.status === 201);
		expect(accepted).toHaveLength(4);
		// Records are written in groups (at most every 50 ms): kill once the four are in Postgres,
		// two values each and the key's own, so that the kill tests the resume, not that window.
		const recorded = async () =>
			(await n8n.processedDataCounts())
				.filter((row) => row.workflowId === workflowId)
				.reduce((sum, row) => sum + row.count, 0);
		await waitFor(async () => (await recorded()) >= 2 * 4 + 1, {
			what: () => 'the four accepted requests recorded',
		});
		await n8n.killWorker(worker);

		// Azure takes everything again; the workflow is triggered again, the handles in reverse order.
		azure.faults.length = 0;
		await n8n.startWorker(worker);
		expect(
			(
				await n8n.callWebhook('queue-azure-send', {
					campaign: 'doors-open-2027',
					handles: [...handles].reverse(),
				})
			).status,
		).toBe(200);
		const secondId = await n8n.waitForExecutionOf(workflowId, {
			status: ['success'],
			exclude: [executionId],
			timeoutMs: 120_000,
		});
		const second = await n8n.execution(secondId);
		const [item] = second.runData['Azure Notification Hubs'][0].data.main[0];
		expect(item.json).toMatchObject({
			status: 'sent',
			recipients: 5000,
			sent: 5000,
			failed: 0,
			resumed: 2000,
			sendKey: 'doors-open-2027',
		});

		const counts = countEach(
			batches()
				.filter((r) => r.status === 201)
				.flatMap((r) => r.note?.devices ?? []),
		);
		expect(counts.size).toBe(5000);
		expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
	});

	it('stores no secret, token or signature in Postgres or Redis', async () => {
		const postgres = await n8n.postgresText();
		const redis = await n8n.redisText();
		// The stores were read: the runs above are in them.
		expect(postgres).toContain('doors-open-2027');
		expect(postgres).toMatch(/^execution_data: /m);
		for (const secret of [sfmc.clientSecret, azure.key, ...issuedTokens()]) {
			expect(postgres.includes(secret)).toBe(false);
			expect(redis.includes(secret)).toBe(false);
		}
		expect(postgres.includes('sig=')).toBe(false);
		expect(redis.includes('sig=')).toBe(false);
	});
});
