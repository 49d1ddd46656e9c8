/**
 * The harness itself, in the real n8n: a manual run, a webhook run, and the package loaded
 * as a community package. Every other end-to-end test relies on these.
 */
import { startN8n, request } from './n8n';

const manualWorkflow = {
	name: 'harness: manual',
	nodes: [
		{
			id: 'a',
			name: 'When clicking ‘Execute workflow’',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'b',
			name: 'Three items',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [200, 0],
			parameters: { jsCode: 'return [1, 2, 3].map((n) => ({ json: { n } }));' },
		},
	],
	connections: {
		'When clicking ‘Execute workflow’': {
			main: [[{ node: 'Three items', type: 'main', index: 0 }]],
		},
	},
};

const webhookWorkflow = {
	name: 'harness: webhook',
	nodes: [
		{
			id: 'w',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: 'b6a4bf40-1f0e-4d8c-9d7e-harness00001',
			parameters: {
				httpMethod: 'POST',
				path: 'harness-echo',
				responseMode: 'lastNode',
				options: {},
			},
		},
		{
			id: 'e',
			name: 'Echo',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [200, 0],
			parameters: { jsCode: 'return [{ json: { echoed: $input.first().json.body } }];' },
		},
	],
	connections: { Webhook: { main: [[{ node: 'Echo', type: 'main', index: 0 }]] } },
};

describe('the real-n8n harness', () => {
	let n8n: Awaited<ReturnType<typeof startN8n>>;
	beforeAll(async () => {
		n8n = await startN8n();
	});
	afterAll(() => n8n?.stop());

	it('runs a manual workflow and returns its stored run data', async () => {
		const id = await n8n.importWorkflow(manualWorkflow);
		const execution = await n8n.runManual(id);
		expect(execution.status).toBe('success');
		const items = execution.runData['Three items'][0].data.main[0].map(
			(item: { json: unknown }) => item.json,
		);
		expect(items).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
	});

	it('calls a published webhook workflow on its production URL', async () => {
		await n8n.importWorkflow(webhookWorkflow, { activate: true });
		const response = await n8n.callWebhook('harness-echo', { hello: 'n8n' });
		expect(response.status).toBe(200);
		expect(response.body).toEqual({ echoed: { hello: 'n8n' } });
	});

	it('has this package installed as a community package', async () => {
		const types = await request(n8n.baseUrl, 'GET', '/types/nodes.json', undefined, {
			cookie: n8n.cookie,
		});
		const nodes = types.json as Array<{
			name: string;
			subtitle?: string;
			codex?: { alias?: string[] };
		}>;
		const names = nodes.map((t) => t.name);
		// Found by the words people type in the nodes panel, and subtitled in the form's words.
		for (const node of nodes.filter((t) => t.name.startsWith('n8n-nodes-push-notifications.'))) {
			expect(node.codex?.alias).toEqual(
				expect.arrayContaining(['push', 'notification', 'apns', 'fcm']),
			);
			expect(node.subtitle).toMatch(/^=\{\{ \{"/);
		}
		expect(names).toEqual(
			expect.arrayContaining([
				'n8n-nodes-push-notifications.azureNotificationHubs',
				'n8n-nodes-push-notifications.salesforceMobilePush',
				'n8n-nodes-push-notifications.batchCom',
			]),
		);
	});
});
