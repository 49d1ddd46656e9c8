/**
 * Batch.com in a real n8n 2.41.1 (the package installed as a community package), against the
 * Batch emulator: a manual Create Campaign, a webhook-triggered transactional send, and the
 * REST key absent from the stored execution data.
 */
import cepCampaignWorkflow from '../../examples/batch-cep-campaign.json';
import createCampaignWorkflow from '../../examples/batch-create-campaign.json';
import trackEventWorkflow from '../../examples/batch-track-event-webhook.json';
import transactionalWebhookWorkflow from '../../examples/batch-transactional-webhook.json';
import { createBatchEmulator } from '../emulators/batch';
import { startN8n } from './n8n';

interface Workflow {
	nodes: Array<{ credentials?: Record<string, { id: string; name: string }> }>;
}
const copy = (workflow: unknown) => JSON.parse(JSON.stringify(workflow)) as Workflow;

describe('Batch.com in a real n8n', () => {
	const batch = createBatchEmulator({ restApiKey: ['e2e', 'rest', 'key', 'batch'].join('-') });
	let n8n: Awaited<ReturnType<typeof startN8n>>;
	let credentialId: string;

	beforeAll(async () => {
		await batch.start();
		n8n = await startN8n();
		credentialId = await n8n.importCredential({
			type: 'batchApi',
			name: 'Batch.com account',
			data: {
				restApiKey: batch.restApiKey,
				apiKey: batch.apiKey,
				projectKey: batch.projectKey,
				baseUrl: batch.url,
			},
		});
	}, 600_000);
	afterAll(async () => {
		await n8n?.stop();
		await batch.stop();
	});
	beforeEach(() => batch.reset());

	const withCredential = (workflow: Workflow) => {
		for (const node of workflow.nodes)
			if (node.credentials?.batchApi)
				node.credentials.batchApi = { id: credentialId, name: 'Batch.com account' };
		return workflow;
	};

	it('creates a campaign from a manual workflow', async () => {
		const workflowId = await n8n.importWorkflow(withCredential(copy(createCampaignWorkflow)));
		const execution = await n8n.runManual(workflowId);
		expect(execution.status).toBe('success');
		const created = batch.recorded((r) => r.path.endsWith('/campaigns/create'));
		expect(created).toHaveLength(1);
		expect(created[0].headers['x-authorization']).toBe(batch.restApiKey);
		expect(created[0].note).toMatchObject({
			name: 'Weekend sale',
			live: false,
			push_time: '2030-06-01T09:00:00',
		});
		expect(JSON.stringify(execution.data)).toContain([...batch.campaigns.keys()][0]);
	}, 120_000);

	it('creates a CEP campaign from a manual workflow and reads it back, on the project API with the project key', async () => {
		const workflowId = await n8n.importWorkflow(withCredential(copy(cepCampaignWorkflow)));
		const execution = await n8n.runManual(workflowId);
		expect(execution.status).toBe('success');
		const created = batch.recorded((r) => r.path === '/2.11/campaigns/create');
		expect(created.map((r) => r.status)).toEqual([200]);
		expect(created[0].headers.authorization).toBe(`Bearer ${batch.restApiKey}`);
		expect(created[0].headers['x-batch-project']).toBe(batch.projectKey);
		expect(JSON.parse(created[0].body.toString())).toEqual({
			name: 'Spring sale',
			state: 'DRAFT',
			when: { start_time: '2031-03-20T08:00:00Z', local_time: false },
			targeting: { languages: ['fr', 'en'], regions: ['FR'], query: { plan: { $eq: 'premium' } } },
			messages: [{ channel_type: 'push' }],
			labels: ['promo', 'spring'],
			send_rate: 50000,
		});
		const [id] = [...batch.orchestrations.keys()];
		const viewed = batch.recorded((r) => r.path === '/2.11/orchestrations/view');
		expect(viewed.map((r) => r.query.get('orchestration_id'))).toEqual([id]);
		expect(execution.runData['Create CEP campaign'][0].data.main[0][0].json).toEqual({
			id,
			name: 'Spring sale',
			state: 'DRAFT',
			startTime: '2031-03-20T08:00:00Z',
			localTime: false,
		});
		expect(execution.runData['Get CEP campaign'][0].data.main[0][0].json).toMatchObject({
			id,
			name: 'Spring sale',
			status: 'draft',
		});
	}, 120_000);

	it('tests the credential on the CEP route when it has a project key, and on the MEP route when not', async () => {
		const test = (data: Record<string, unknown>) =>
			n8n.rest('POST', '/credentials/test', {
				credentials: { id: credentialId, name: 'Batch.com account', type: 'batchApi', data },
			});
		const good = {
			restApiKey: batch.restApiKey,
			apiKey: batch.apiKey,
			projectKey: batch.projectKey,
			baseUrl: batch.url,
		};
		expect(await test(good)).toMatchObject({ status: 'OK' });
		const cep = batch.recorded((r) => r.path === '/2.11/orchestrations/list');
		expect(cep).toHaveLength(1);
		expect(cep[0].headers.authorization).toBe(`Bearer ${batch.restApiKey}`);
		expect(cep[0].headers['x-batch-project']).toBe(batch.projectKey);
		expect(await test({ ...good, apiKey: '' })).toMatchObject({ status: 'OK' });
		expect(await test({ ...good, projectKey: 'project_someone_else' })).toMatchObject({
			status: 'Error',
			message: expect.stringContaining('the REST API key and the project key'),
		});
		batch.reset();
		expect(await test({ ...good, projectKey: '' })).toMatchObject({ status: 'OK' });
		expect(batch.recorded(() => true).map((r) => r.path)).toEqual([
			`/1.1/${batch.apiKey}/campaigns/list`,
		]);
	}, 120_000);

	it('loads 25,000 profiles with Mass Update from a manual workflow: three calls, every item updated', async () => {
		const workflowId = await n8n.importWorkflow(
			withCredential({
				name: 'Batch.com mass update',
				nodes: [
					{
						parameters: {},
						id: 'm1',
						name: 'Start',
						type: 'n8n-nodes-base.manualTrigger',
						typeVersion: 1,
						position: [0, 0],
					},
					{
						parameters: {
							jsCode:
								'return Array.from({ length: 25000 }, (_, i) => ({ json: { userId: `user-${i}`, plan: i % 2 ? "pro" : "free" } }));',
						},
						id: 'm2',
						name: 'Users',
						type: 'n8n-nodes-base.code',
						typeVersion: 2,
						position: [220, 0],
					},
					{
						parameters: {
							resource: 'profile',
							operation: 'massUpdate',
							customId: '={{ $json.userId }}',
							attributes: {
								attribute: [{ name: 'plan', type: 'string', value: '={{ $json.plan }}' }],
							},
							options: {},
						},
						id: 'm3',
						name: 'Batch.com',
						type: 'n8n-nodes-push-notifications.batchCom',
						typeVersion: 1,
						position: [440, 0],
						credentials: { batchApi: { id: credentialId, name: 'Batch.com account' } },
					},
				],
				connections: {
					Start: { main: [[{ node: 'Users', type: 'main', index: 0 }]] },
					Users: { main: [[{ node: 'Batch.com', type: 'main', index: 0 }]] },
				},
			} as unknown as Workflow),
		);
		const execution = await n8n.runManual(workflowId);
		expect(execution.status).toBe('success');
		const calls = batch.recorded(
			(r) => r.path.endsWith('/profiles/mass-update') && r.status === 202,
		);
		expect(
			calls.map((r) => (r.note as { ids: string[] }).ids.length).sort((a, b) => b - a),
		).toEqual([10_000, 10_000, 5_000]);
		expect(JSON.parse(calls[0].body.toString())[1]).toEqual({
			identifiers: { custom_id: expect.stringMatching(/^user-/) },
			attributes: { plan: expect.stringMatching(/^(pro|free)$/) },
		});
		const items = execution.runData['Batch.com'][0].data.main[0];
		expect(items).toHaveLength(25_000);
		expect(
			items.every((item: { json: { status: string } }) => item.json.status === 'updated'),
		).toBe(true);
	}, 180_000);

	it('sends a transactional push when the webhook is called, and stores no REST key', async () => {
		const workflowId = await n8n.importWorkflow(
			withCredential(copy(transactionalWebhookWorkflow)),
			{ activate: true },
		);
		const response = await n8n.callWebhook('batch-order-shipped', {
			userIds: ['u1', 'u2', 'u3'],
			orderId: '42',
		});
		expect(response.status).toBe(200);
		const sends = batch.recorded((r) => r.path.endsWith('/transactional/send'));
		expect(sends).toHaveLength(1);
		expect(sends[0].note.recipients).toEqual({ custom_ids: ['u1', 'u2', 'u3'] });
		expect(sends[0].note.message).toMatchObject({
			group_id: 'order_shipped',
			message: { body: 'Order 42 is on its way' },
		});

		const stored = JSON.stringify(await n8n.executions(workflowId));
		expect(stored.includes(sends[0].note.token)).toBe(true);
		expect(stored.includes(batch.restApiKey)).toBe(false);
		expect(n8n.storedText().includes(batch.restApiKey)).toBe(false);
	}, 120_000);

	it('tracks an event on the profile posted to a webhook', async () => {
		await n8n.importWorkflow(withCredential(copy(trackEventWorkflow)), { activate: true });
		const response = await n8n.callWebhook('batch-track-event', {
			userId: 'u-42',
			event: 'order_shipped',
			orderId: 'A-1001',
			amount: '19.9',
		});
		expect(response.status).toBe(200);
		const calls = batch.recorded((r) => r.path.endsWith('/profiles/update') && r.status === 202);
		expect(calls).toHaveLength(1);
		expect(JSON.parse(calls[0].body.toString())).toEqual([
			{
				identifiers: { custom_id: 'u-42' },
				events: [{ name: 'order_shipped', attributes: { order_id: 'A-1001', amount: 19.9 } }],
			},
		]);
		expect(response.body).toMatchObject({ status: 'updated', recipient: 'u-42', sent: 1 });
	}, 120_000);
});
