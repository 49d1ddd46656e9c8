/**
 * SFMC MobilePush in a real n8n with the package installed as a community package, against the
 * emulator: create a message, then Send Message Batch to items a Code node made; a second
 * execution reuses the token n8n stored; no secret or token in what n8n stored.
 */
import workflow from '../../examples/sfmc-create-and-send-batch.json';
import contactsExample from '../../examples/sfmc-send-to-contacts-and-status.json';
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
		credential = {
			name: 'SFMC sandbox',
			id: await n8n.importCredential({
				type: 'salesforceMarketingCloudApi',
				name: 'SFMC sandbox',
				data: sfmc.sandboxCredential(),
			}),
		};
		const copy = JSON.parse(JSON.stringify(workflow)) as Workflow;
		for (const node of copy.nodes)
			if (node.credentials?.salesforceMarketingCloudApi)
				node.credentials.salesforceMarketingCloudApi = credential;
		workflowId = await n8n.importWorkflow(copy);
	});
	afterAll(async () => {
		await n8n?.stop();
		await sfmc.stop();
	});

	const tokenCalls = () => sfmc.recorded((r) => r.path === '/v2/token');
	const wrongSecret = ['wrong', 'sfmc', 'secret'].join('-');
	let credential: { id: string; name: string };

	/** Manual trigger → 12 subscriber items → one MobilePush node with `parameters`. */
	const sendWorkflow = (
		name: string,
		cred: { id: string; name: string },
		parameters: Record<string, unknown>,
	) => ({
		name,
		nodes: [
			{
				parameters: {},
				id: 'a1',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
			},
			{
				parameters: {
					jsCode:
						'return Array.from({ length: 12 }, (_, i) => ({ json: { subscriberKey: `subscriber-${i}` } }));',
				},
				id: 'a2',
				name: 'Subscribers',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
			},
			{
				parameters,
				id: 'a3',
				name: 'MobilePush',
				type: 'n8n-nodes-push-notifications.salesforceMobilePush',
				typeVersion: 1,
				position: [440, 0],
				credentials: { salesforceMarketingCloudApi: cred },
			},
		],
		connections: {
			Start: { main: [[{ node: 'Subscribers', type: 'main', index: 0 }]] },
			Subscribers: { main: [[{ node: 'MobilePush', type: 'main', index: 0 }]] },
		},
	});

	it('creates an outbound message, then sends it as a batch to the items a Code node made', async () => {
		const execution = await n8n.runManual(workflowId);
		expect(execution.status).toBe('success');
		const created = sfmc.recorded((r) => r.method === 'POST' && r.path === '/push/v1/message');
		expect(created).toHaveLength(1);
		const messageId = created[0].note.id;
		const batches = sfmc.recorded((r) => r.path === `/push/v1/messageBatch/${messageId}/send`);
		expect(batches).toHaveLength(1);
		expect(batches[0].note.elements).toHaveLength(12);
		expect(batches[0].note.elements[1]).toEqual({
			SubscriberKeys: ['subscriber-1'],
			Message: { Alert: 'Your team, the Reds, plays in one hour!', badge: '+1', sound: 'default' },
		});
		const items = execution.runData['Send Message Batch'][0].data.main[0];
		expect(items.map((item: { json: { tokenId: string } }) => item.json.tokenId)).toEqual(
			batches[0].note.tokenIds,
		);
		expect(items[0].json).toMatchObject({
			status: 'sent',
			messageId,
			recipientType: 'SubscriberKeys',
			recipients: 1,
			sent: 1,
			failed: 0,
		});
		expect(tokenCalls()).toHaveLength(1);
		issuedTokens.push(tokenCalls()[0].note.accessToken);
		deliveredTokenId = batches[0].note.tokenIds[0];
	});

	it('reuses the stored token in a second execution', async () => {
		const execution = await n8n.runManual(workflowId);
		expect(execution.status).toBe('success');
		expect(tokenCalls()).toHaveLength(1);
	});

	it('a token that expires mid-run is refreshed once by the real n8n, with no recipient lost or sent twice', async () => {
		const messageId = sfmc.addActiveMessage('RXhwaXJ5OjE');
		const id = await n8n.importWorkflow(
			sendWorkflow('e2e: SFMC expiry', credential, {
				resource: 'send',
				operation: 'sendMessageBatch',
				messageId,
				recipientKind: 'SubscriberKeys',
				recipients: '={{ $json.subscriberKey }}',
				alert: 'Kick-off',
				overrides: {},
				options: { batchSize: 1, concurrency: 4 },
			}),
		);
		const before = tokenCalls().length;
		sfmc.expireTokensAfter(3);
		const execution = await n8n.runManual(id);
		expect(execution.status).toBe('success');
		expect(tokenCalls().length - before).toBe(1);
		const sent = sfmc
			.recorded((r) => r.path === `/push/v1/messageBatch/${messageId}/send` && r.status === 200)
			.flatMap((r) => r.note.elements[0].SubscriberKeys);
		expect(sent.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `subscriber-${i}`).sort());
		for (const record of tokenCalls().slice(before)) issuedTokens.push(record.note.accessToken);
	});

	it('a wrong client secret stops the run with Salesforce’s invalid_client text and where to fix it', async () => {
		const wrong = {
			name: 'SFMC wrong secret',
			id: await n8n.importCredential({
				type: 'salesforceMarketingCloudApi',
				name: 'SFMC wrong secret',
				data: { ...sfmc.sandboxCredential(), clientSecret: wrongSecret },
			}),
		};
		const id = await n8n.importWorkflow(
			sendWorkflow('e2e: SFMC wrong secret', wrong, {
				resource: 'send',
				operation: 'sendToApp',
				messageId: sfmc.addActiveMessage(),
				messageText: 'Hello',
				sendTime: '',
				overrides: {},
			}),
		);
		const before = sfmc.requests.length;
		const execution = await n8n.runManual(id);
		expect(execution.status).toBe('error');
		const error = execution.runData.MobilePush[0].error;
		expect(error.message).toContain('invalid_client: Client authentication failed.');
		expect(error.description).toContain('Installed Packages');
		expect(sfmc.requests.slice(before).filter((r) => r.path !== '/v2/token')).toHaveLength(0);
		// n8n asks for a token again on any 401 from the token endpoint; the credential's refusal is not one, so it asks once.
		expect(sfmc.requests.slice(before).filter((r) => r.path === '/v2/token')).toHaveLength(1);
	});

	it('the credential test proves the token against the REST base, and shows invalid_client for a wrong secret', async () => {
		// As the editor does on Save: the credential is stored, then tested with the form's fields
		// (the hidden token and REST base still empty).
		const test = async (data: Record<string, unknown>) => {
			const form = { scope: '', ...data, accessToken: '', restInstanceUrl: '' };
			const id = await n8n.importCredential({
				type: 'salesforceMarketingCloudApi',
				name: 'SFMC test',
				data: form,
			});
			return await n8n.rest('POST', '/credentials/test', {
				credentials: { id, name: 'SFMC test', type: 'salesforceMarketingCloudApi', data: form },
			});
		};
		const before = sfmc.requests.length;
		expect(await test(sfmc.sandboxCredential())).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(sfmc.requests.slice(before).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
			'POST /v2/token 200',
			'GET /push/v1/message 200',
		]);
		const refused = await test({ ...sfmc.sandboxCredential(), clientSecret: wrongSecret });
		expect(refused).toMatchObject({
			status: 'Error',
			message: expect.stringContaining('invalid_client'),
		});
		for (const record of sfmc.requests
			.slice(before)
			.filter((r) => r.path === '/v2/token' && r.status === 200))
			issuedTokens.push(record.note.accessToken);
	});

	it('the Send to Contacts example sends 20 keys in one call and reads that send’s delivery status', async () => {
		sfmc.addActiveMessage('MTIzOjExNDow');
		const copy = JSON.parse(JSON.stringify(contactsExample)) as Workflow;
		for (const node of copy.nodes)
			if (node.credentials?.salesforceMarketingCloudApi)
				node.credentials.salesforceMarketingCloudApi = credential;
		const execution = await n8n.runManual(await n8n.importWorkflow(copy));
		expect(execution.status).toBe('success');
		const [send] = sfmc.recorded((r) => r.path === '/push/v1/messageContact/MTIzOjExNDow/send');
		expect(send.note.body).toEqual({
			SubscriberKeys: Array.from({ length: 20 }, (_, i) => `subscriber-${i}`),
			Override: true,
			MessageText: 'Doors open at 7 pm tonight',
			Sound: 'default',
			Badge: '+1',
		});
		const deliveries = sfmc.recorded((r) => r.path.includes('/deliveries/'));
		expect(deliveries.map((r) => r.path)).toEqual([
			`/push/v1/messageContact/MTIzOjExNDow/deliveries/${send.note.tokenId}`,
		]);
		expect(execution.runData['Delivery Status'][0].data.main[0][0].json).toMatchObject({
			status: 'Finished',
		});
	});

	it('offers Message From List in the editor: n8n asks the node, which lists the definitions under the stored token', async () => {
		sfmc.addActiveMessage('RWRpdG9yOjE');
		const results = await n8n.rest('POST', '/dynamic-node-parameters/resource-locator-results', {
			path: 'parameters.messageId',
			nodeTypeAndVersion: { name: 'n8n-nodes-push-notifications.salesforceMobilePush', version: 1 },
			currentNodeParameters: {
				resource: 'message',
				operation: 'get',
				messageId: { __rl: true, mode: 'list', value: '' },
			},
			methodName: 'searchMessages',
			filter: 'Sandbox',
			credentials: { salesforceMarketingCloudApi: credential },
		});
		expect(results.results).toEqual(
			expect.arrayContaining([{ name: 'Sandbox message (RWRpdG9yOjE)', value: 'RWRpdG9yOjE' }]),
		);
		expect(
			sfmc
				.recorded((r) => r.path === '/push/v1/message' && r.method === 'GET')
				.pop()!
				.query.get('$filter'),
		).toBe("name like '%Sandbox%'");
	});

	it('stores neither the client secret nor the access token in the execution data', () => {
		// Booleans, so that a failure does not print the whole database.
		const stored = n8n.storedText();
		expect(stored.includes(deliveredTokenId)).toBe(true);
		expect(stored.includes(sfmc.clientSecret)).toBe(false);
		expect(stored.includes(wrongSecret)).toBe(false);
		expect(issuedTokens.filter((token) => stored.includes(token))).toEqual([]);
	});
});
