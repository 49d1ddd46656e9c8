/**
 * SFMC MobilePush in a real n8n with the package installed as a community package, against the
 * emulator: create a message, then Send Message Batch to items a Code node made; a second
 * execution reuses the token n8n stored; no secret or token in what n8n stored.
 */
import workflow from '../../examples/sfmc-create-and-send-batch.json';
import { createSfmcEmulator } from '../emulators/sfmc';
import { startN8n } from './n8n';

type Workflow = { nodes: Array<{ credentials?: Record<string, { id: string; name: string }> }> };

describe('SFMC MobilePush in a real n8n', () => {
	const sfmc = createSfmcEmulator({ clientSecret: ['e2e', 'sfmc', 'client', 'secret'].join('-') });
	let n8n: Awaited<ReturnType<typeof startN8n>>;
	let workflowId: string;
	const issuedTokens: string[] = [];
	let deliveredTokenId = '';

	beforeAll(async () => {
		await sfmc.start();
		n8n = await startN8n();
		const credential = { name: 'SFMC sandbox', id: await n8n.importCredential({ type: 'salesforceMarketingCloudApi', name: 'SFMC sandbox', data: sfmc.sandboxCredential() }) };
		const copy = JSON.parse(JSON.stringify(workflow)) as Workflow;
		for (const node of copy.nodes) if (node.credentials?.salesforceMarketingCloudApi) node.credentials.salesforceMarketingCloudApi = credential;
		workflowId = await n8n.importWorkflow(copy);
	});
	afterAll(async () => {
		await n8n?.stop();
		await sfmc.stop();
	});

	const tokenCalls = () => sfmc.recorded((r) => r.path === '/v2/token');

	it('creates an outbound message, then sends it as a batch to the items a Code node made', async () => {
		const execution = await n8n.runManual(workflowId);
		expect(execution.status).toBe('success');
		const created = sfmc.recorded((r) => r.method === 'POST' && r.path === '/push/v1/message');
		expect(created).toHaveLength(1);
		const messageId = created[0].note.id;
		const batches = sfmc.recorded((r) => r.path === `/push/v1/messageBatch/${messageId}/send`);
		expect(batches).toHaveLength(1);
		expect(batches[0].note.elements).toHaveLength(12);
		expect(batches[0].note.elements[1]).toEqual({ SubscriberKeys: ['subscriber-1'], Message: { Alert: 'Your team, the Reds, plays in one hour!', badge: '+1', sound: 'default' } });
		const items = execution.runData['Send Message Batch'][0].data.main[0];
		expect(items.map((item: { json: { requests: Array<{ tokenId: string }> } }) => item.json.requests[0].tokenId)).toEqual(batches[0].note.tokenIds);
		expect(tokenCalls()).toHaveLength(1);
		issuedTokens.push(tokenCalls()[0].note.accessToken);
		deliveredTokenId = batches[0].note.tokenIds[0];
	});

	it('reuses the stored token in a second execution', async () => {
		const execution = await n8n.runManual(workflowId);
		expect(execution.status).toBe('success');
		expect(tokenCalls()).toHaveLength(1);
	});

	it('stores neither the client secret nor the access token in the execution data', () => {
		// Booleans, so that a failure does not print the whole database.
		const stored = n8n.storedText();
		expect(stored.includes(deliveredTokenId)).toBe(true);
		expect(stored.includes(sfmc.clientSecret)).toBe(false);
		expect(issuedTokens.filter((token) => stored.includes(token))).toEqual([]);
	});
});
