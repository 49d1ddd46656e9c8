/**
 * The failure paths of a bulk send, in a real n8n with the package installed as a community
 * package, for each of the three services against its emulator:
 * - a partial failure under *Continue (regular output)* and *Continue (using error output)*:
 *   what each item says after n8n has shaped it, and an error branch that re-sends exactly the
 *   recipients that were not delivered;
 * - a run stopped by a refused request, then a re-run with the same Send Key;
 * - the same input in reverse order on the re-run.
 * Every time: each recipient accepted by the emulator exactly once over all runs.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- execution data read back from n8n's REST API is untyped JSON */
import { createAzureEmulator } from '../emulators/azure';
import { createBatchEmulator } from '../emulators/batch';
import { createSfmcEmulator } from '../emulators/sfmc';
import { startN8n } from './n8n';

type Json = Record<string, any>;
type Emulator = {
	start(): Promise<string>;
	stop(): Promise<void>;
	reset(): void;
	inject(fault: Json): void;
	recorded(filter?: (r: any) => boolean): any[];
};

interface ServiceCase {
	service: string;
	emulator: Emulator;
	credentialType: string;
	credentialData(): Json;
	nodeType: string;
	/** The bulk operation's parameters, its recipients read from `$json.<field>`. */
	parameters(field: string, options: Json): Json;
	/** The option collection that holds Batch Size and Send Key. */
	optionsName: string;
	/** Where an error-output item lists what was not delivered, for the re-send's recipients field. */
	undelivered: string;
	sendPath: RegExp;
	/** Recipients in the requests the emulator accepted. */
	accepted(): string[];
}

const azure = createAzureEmulator({ key: ['e2e', 'recovery', 'azure', 'key'].join('-') });
const sfmc = createSfmcEmulator({ clientSecret: ['e2e', 'recovery', 'sfmc'].join('-') });
const batch = createBatchEmulator({ restApiKey: ['e2e', 'recovery', 'batch'].join('-') });
const messageId = sfmc.addActiveMessage();

const ok = (r: any) => r.status >= 200 && r.status < 300;
const cases: ServiceCase[] = [
	{
		service: 'Azure Notification Hubs',
		emulator: azure,
		credentialType: 'azureNotificationHubsApi',
		credentialData: () => azure.sandboxCredential(),
		nodeType: 'n8n-nodes-push-notifications.azureNotificationHubs',
		parameters: (field, options) => ({
			resource: 'notification',
			operation: 'directBatchSend',
			deviceHandles: `={{ $json.${field} }}`,
			platform: 'apple',
			payloadMode: 'builder',
			title: 'Weekend sale',
			body: 'Everything is 20% off',
			options,
		}),
		optionsName: 'options',
		undelivered: 'details.undelivered',
		sendPath: /\/messages\/\$batch$/,
		accepted: () =>
			azure
				.recorded((r) => /\/messages\/\$batch$/.test(r.path) && ok(r))
				.flatMap((r) => r.note.devices),
	},
	{
		service: 'SFMC MobilePush',
		emulator: sfmc,
		credentialType: 'salesforceMarketingCloudApi',
		credentialData: () => sfmc.sandboxCredential(),
		nodeType: 'n8n-nodes-push-notifications.salesforceMobilePush',
		parameters: (field, options) => ({
			resource: 'send',
			operation: 'sendMessageBatch',
			messageId,
			recipientKind: 'SubscriberKeys',
			recipients: `={{ $json.${field} }}`,
			alert: 'Kick-off in one hour',
			overrides: {},
			options,
		}),
		optionsName: 'options',
		undelivered: 'details.undelivered',
		sendPath: /\/messageBatch\/.+\/send$/,
		accepted: () =>
			sfmc
				.recorded((r) => /\/messageBatch\/.+\/send$/.test(r.path) && ok(r))
				.flatMap((r) => r.note.elements.flatMap((e: Json) => e.SubscriberKeys)),
	},
	{
		service: 'Batch.com',
		emulator: batch,
		credentialType: 'batchApi',
		credentialData: () => ({
			restApiKey: batch.restApiKey,
			apiKey: batch.apiKey,
			projectKey: batch.projectKey,
			baseUrl: batch.url,
		}),
		nodeType: 'n8n-nodes-push-notifications.batchCom',
		parameters: (field, options) => ({
			resource: 'transactional',
			operation: 'send',
			customIds: `={{ $json.${field} }}`,
			define: 'fields',
			groupId: 'weekend_sale',
			title: 'Weekend sale',
			body: 'Everything is 20% off',
			options: {},
			sendOptions: options,
		}),
		optionsName: 'sendOptions',
		// Items of a transactional send may hold several kinds of recipient: one list per field.
		undelivered: 'details.undelivered.customIds',
		sendPath: /\/transactional\/send$/,
		accepted: () =>
			batch
				.recorded((r) => /\/transactional\/send$/.test(r.path) && ok(r))
				.flatMap((r) => r.note.recipients.custom_ids),
	},
];

/** Ten items of 25 recipients each: 250, so a batch size of 100 makes three requests. */
const CAMPAIGN = 'weekend-sale-2027';
const ITEMS = 10;
const PER_ITEM = 25;
const BATCH_SIZE = 100;
const recipientsOf = (service: string) =>
	Array.from(
		{ length: ITEMS * PER_ITEM },
		(_, i) => `${service.split(' ')[0].toLowerCase()}-user-${String(i).padStart(4, '0')}`,
	);
const itemsCode = (all: string[]) =>
	`const all = ${JSON.stringify(all)};\nreturn Array.from({ length: ${ITEMS} }, (_, i) => ({ json: { segment: 'segment-' + i, recipients: all.slice(i * ${PER_ITEM}, (i + 1) * ${PER_ITEM}) } }));`;

const countEach = (list: string[]) => {
	const counts = new Map<string, number>();
	for (const entry of list) counts.set(entry, (counts.get(entry) ?? 0) + 1);
	return counts;
};
/** Every recipient in `all` accepted once, and nothing else. */
const expectEachOnce = (accepted: string[], all: string[]) => {
	const counts = countEach(accepted);
	expect([...counts.keys()].sort()).toEqual([...all].sort());
	expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
};

/** Start → a Code node that returns the items → the node named Push, plus `more` nodes and their connections. */
const codeWorkflow = (
	name: string,
	code: string,
	push: Json,
	more: Json[] = [],
	connections: Json = {},
) => ({
	name,
	nodes: [
		{
			parameters: {},
			id: 'start',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
		},
		{
			parameters: { jsCode: code },
			id: 'audience',
			name: 'Audience',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [220, 0],
		},
		push,
		...more,
	],
	connections: {
		Start: { main: [[{ node: 'Audience', type: 'main', index: 0 }]] },
		Audience: { main: [[{ node: 'Push', type: 'main', index: 0 }]] },
		...connections,
	},
});

describe.each(cases)('$service: failure paths in a real n8n', (c) => {
	let n8n: Awaited<ReturnType<typeof startN8n>>;
	let credential: { id: string; name: string };
	const all = recipientsOf(c.service);

	const node = (name: string, parameters: Json, extra: Json = {}) => ({
		parameters,
		id: `${name.toLowerCase()}-node`,
		name,
		type: c.nodeType,
		typeVersion: 1,
		position: [440, 0],
		credentials: { [c.credentialType]: credential },
		...extra,
	});
	const manualWorkflow = (name: string, push: Json, more: Json[] = [], connections: Json = {}) =>
		codeWorkflow(name, itemsCode(all), push, more, connections);
	const refuseSecondRequest = () => c.emulator.inject({ path: c.sendPath, nth: 2, status: 400 });

	beforeAll(async () => {
		await c.emulator.start();
		n8n = await startN8n();
		credential = {
			name: `${c.service} sandbox`,
			id: await n8n.importCredential({
				type: c.credentialType,
				name: `${c.service} sandbox`,
				data: c.credentialData(),
			}),
		};
	});
	afterAll(async () => {
		await n8n?.stop();
		await c.emulator.stop();
	});
	beforeEach(() => c.emulator.reset());

	it('with Continue (regular output), a partly failed send keeps every count and names the undelivered recipients', async () => {
		refuseSecondRequest();
		const push = node(
			'Push',
			c.parameters('recipients', { batchSize: BATCH_SIZE, concurrency: 1 }),
			{ onError: 'continueRegularOutput' },
		);
		const execution = await n8n.runManual(
			await n8n.importWorkflow(manualWorkflow(`${c.service} regular output`, push)),
		);
		expect(execution.status).toBe('success');
		const items: Json[] = execution.runData.Push[0].data.main[0].map((item: Json) => item.json);
		expect(items).toHaveLength(ITEMS);
		const accepted = c.accepted();
		// 250 recipients in requests of 100, 100 and 50; the second was refused.
		expect(accepted).toHaveLength(all.length - BATCH_SIZE);
		const failed = items.filter((item) => item.status !== 'sent');
		expect(failed.length).toBeGreaterThan(0);
		const listOf = (item: Json): string[] =>
			Array.isArray(item.undelivered) ? item.undelivered : item.undelivered.customIds;
		for (const item of failed) {
			expect(item).toEqual(
				expect.objectContaining({
					recipients: PER_ITEM,
					requests: expect.any(Array),
					error: expect.stringContaining('400'),
					errorDescription: expect.any(String),
				}),
			);
			expect(item.sent + item.failed).toBe(PER_ITEM);
			expect(listOf(item)).toHaveLength(item.failed);
			expect(['partial', 'failed']).toContain(item.status);
		}
		expect(items.reduce((sum, item) => sum + item.sent + item.failed, 0)).toBe(all.length);
		const undelivered = failed.flatMap(listOf);
		expect([...undelivered, ...accepted].sort()).toEqual([...all].sort());
	});

	it('with Continue (using error output), failed and partial items reach the error branch, which re-sends exactly the undelivered ones', async () => {
		refuseSecondRequest();
		const push = node(
			'Push',
			c.parameters('recipients', { batchSize: BATCH_SIZE, concurrency: 1 }),
			{ onError: 'continueErrorOutput' },
		);
		const resend = node('Resend', c.parameters(c.undelivered, { batchSize: BATCH_SIZE }), {
			position: [660, 200],
		});
		const workflow = manualWorkflow(`${c.service} error output`, push, [resend], {
			Push: { main: [[], [{ node: 'Resend', type: 'main', index: 0 }]] },
		});
		const execution = await n8n.runManual(await n8n.importWorkflow(workflow));
		expect(execution.status).toBe('success');
		const [success, errors] = execution.runData.Push[0].data.main as Json[][];
		expect(success.length + errors.length).toBe(ITEMS);
		expect(errors.length).toBeGreaterThan(0);
		for (const item of success)
			expect(item.json).toMatchObject({
				status: 'sent',
				recipients: PER_ITEM,
				sent: PER_ITEM,
				failed: 0,
			});
		for (const { json } of errors) {
			// n8n merged the input item's fields in and kept the answer in `details`.
			expect(json.segment).toMatch(/^segment-\d$/);
			expect(json.error).toContain('400');
			expect(json.details).toEqual(
				expect.objectContaining({
					recipients: PER_ITEM,
					requests: expect.any(Array),
					error: json.error,
					errorDescription: expect.any(String),
				}),
			);
			expect(['partial', 'failed']).toContain(json.details.status);
			expect(c.undelivered.split('.').reduce((value: any, key) => value[key], json)).toHaveLength(
				json.details.failed,
			);
		}
		const resent = execution.runData.Resend[0].data.main[0].map((item: Json) => item.json);
		expect(resent.every((item: Json) => item.status === 'sent')).toBe(true);
		expectEachOnce(c.accepted(), all);
	});

	it('after a run stopped by a refused request, a re-run with the same Send Key delivers each recipient exactly once over both', async () => {
		refuseSecondRequest();
		const push = node(
			'Push',
			c.parameters('recipients', { batchSize: BATCH_SIZE, concurrency: 1, sendKey: CAMPAIGN }),
		);
		const id = await n8n.importWorkflow(manualWorkflow(`${c.service} Send Key`, push));
		const stopped = await n8n.runManual(id);
		expect(stopped.status).toBe('error');
		const error = JSON.stringify(stopped.error);
		expect(error).toContain(`${BATCH_SIZE} recipient(s) had already been delivered`);
		expect(error).toContain(
			'Run the workflow again with the same Send Key (\\"weekend-sale-2027\\") to send only what was not delivered',
		);
		expect(c.accepted()).toHaveLength(BATCH_SIZE);

		const again = await n8n.runManual(id);
		expect(again.status).toBe('success');
		const items: Json[] = again.runData.Push[0].data.main[0].map((item: Json) => item.json);
		expect(items.every((item) => item.status === 'sent' && item.sendKey === CAMPAIGN)).toBe(true);
		expect(items.reduce((sum, item) => sum + item.resumed, 0)).toBe(BATCH_SIZE);
		expectEachOnce(c.accepted(), all);
	});

	it('with the node setting Retry On Fail, n8n’s next try after a refused request sends only what the first did not: each recipient once', async () => {
		c.emulator.inject({ path: c.sendPath, nth: 2, status: 400 });
		const push = node(
			'Push',
			c.parameters('recipients', { batchSize: BATCH_SIZE, concurrency: 1 }),
			{
				retryOnFail: true,
				maxTries: 2,
				waitBetweenTries: 0,
			},
		);
		const execution = await n8n.runManual(
			await n8n.importWorkflow(manualWorkflow(`${c.service} Retry On Fail`, push)),
		);
		expect(execution.status).toBe('success');
		// The first try stops at the refused second request; the second try sends it and the third.
		expect(c.emulator.recorded((r: any) => c.sendPath.test(r.path))).toHaveLength(4);
		const items: Json[] = execution.runData.Push[0].data.main[0].map((item: Json) => item.json);
		expect(items.every((item) => item.status === 'sent' && item.sent === PER_ITEM)).toBe(true);
		expect(items.reduce((sum, item) => sum + item.resumed, 0)).toBe(BATCH_SIZE);
		expectEachOnce(c.accepted(), all);
	});

	it('recognises what was delivered when the re-run gets the same recipients in reverse order', async () => {
		const webhookPath = `recovery-${c.optionsName}-${c.credentialType}`;
		const workflow = {
			name: `${c.service} reverse order`,
			nodes: [
				{
					parameters: {
						httpMethod: 'POST',
						path: webhookPath,
						responseMode: 'lastNode',
						options: {},
					},
					id: 'hook',
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: webhookPath,
				},
				{
					parameters: {
						jsCode: 'return $json.body.items.map((recipients) => ({ json: { recipients } }));',
					},
					id: 'split',
					name: 'Audience',
					type: 'n8n-nodes-base.code',
					typeVersion: 2,
					position: [220, 0],
				},
				node(
					'Push',
					c.parameters('recipients', {
						batchSize: BATCH_SIZE,
						sendKey: '={{ $("Webhook").item.json.body.campaign }}',
					}),
				),
			],
			connections: {
				Webhook: { main: [[{ node: 'Audience', type: 'main', index: 0 }]] },
				Audience: { main: [[{ node: 'Push', type: 'main', index: 0 }]] },
			},
		};
		await n8n.importWorkflow(workflow, { activate: true });
		const items = Array.from({ length: ITEMS }, (_, i) =>
			all.slice(i * PER_ITEM, (i + 1) * PER_ITEM),
		);
		refuseSecondRequest();
		const first = await n8n.callWebhook(webhookPath, { campaign: 'reverse-2027', items });
		expect(first.status).toBe(500);
		const acceptedFirst = c.accepted().length;
		expect(acceptedFirst).toBeGreaterThan(0);
		expect(acceptedFirst).toBeLessThan(all.length);

		const second = await n8n.callWebhook(webhookPath, {
			campaign: 'reverse-2027',
			items: items.map((list) => [...list].reverse()).reverse(),
		});
		expect(second.status).toBe(200);
		expectEachOnce(c.accepted(), all);
	});
});

describe('Per-item operations: a failed item keeps its error and description in a real n8n', () => {
	let n8n: Awaited<ReturnType<typeof startN8n>>;
	let credential: { id: string; name: string };
	const hub = createAzureEmulator({ key: ['e2e', 'per', 'item', 'key'].join('-') });

	beforeAll(async () => {
		await hub.start();
		n8n = await startN8n();
		credential = {
			name: 'Azure per-item',
			id: await n8n.importCredential({
				type: 'azureNotificationHubsApi',
				name: 'Azure per-item',
				data: hub.sandboxCredential(),
			}),
		};
		hub.installations.set('known-device', {
			installationId: 'known-device',
			platform: 'apns',
			pushChannel: 'token',
		});
	});
	afterAll(async () => {
		await n8n?.stop();
		await hub.stop();
	});

	const getInstallations = (onError: string) =>
		codeWorkflow(
			`Installation get, ${onError}`,
			"return [{ json: { id: 'known-device' } }, { json: { id: 'missing-device' } }];",
			{
				parameters: {
					resource: 'installation',
					operation: 'get',
					installationId: '={{ $json.id }}',
				},
				id: 'push',
				name: 'Push',
				type: 'n8n-nodes-push-notifications.azureNotificationHubs',
				typeVersion: 1,
				position: [440, 0],
				credentials: { azureNotificationHubsApi: credential },
				onError,
			},
		);

	it('on the regular output, the failed item says what happened and how to fix it', async () => {
		const execution = await n8n.runManual(
			await n8n.importWorkflow(getInstallations('continueRegularOutput')),
		);
		const [output] = execution.runData.Push[0].data.main as Json[][];
		expect(output.map((item) => item.json.installationId ?? item.json.error)).toEqual([
			'known-device',
			expect.stringContaining('404'),
		]);
		expect(output[1].json.errorDescription).toEqual(expect.stringContaining('Hub Name'));
	});

	it('on the error output, the failed item arrives there with its description in details', async () => {
		const execution = await n8n.runManual(
			await n8n.importWorkflow(getInstallations('continueErrorOutput')),
		);
		const [success, errors] = execution.runData.Push[0].data.main as Json[][];
		expect(success.map((item) => item.json.installationId)).toEqual(['known-device']);
		expect(errors).toHaveLength(1);
		expect(errors[0].json).toMatchObject({
			id: 'missing-device',
			error: expect.stringContaining('404'),
			details: { errorDescription: expect.stringContaining('Hub Name') },
		});
	});
});

describe('Whole-node failures and Retry On Fail of per-item calls in a real n8n', () => {
	let n8n: Awaited<ReturnType<typeof startN8n>>;
	const hub = createAzureEmulator({ key: ['e2e', 'whole', 'node', 'key'].join('-') });
	const campaigns = createBatchEmulator({ restApiKey: ['e2e', 'retry', 'batch'].join('-') });

	beforeAll(async () => {
		await hub.start();
		await campaigns.start();
		n8n = await startN8n();
	});
	afterAll(async () => {
		await n8n?.stop();
		await hub.stop();
		await campaigns.stop();
	});

	const workflow = (name: string, code: string, push: Json) =>
		codeWorkflow(name, code, {
			id: 'push',
			name: 'Push',
			typeVersion: 1,
			position: [440, 0],
			...push,
		});

	it('a credential that cannot be used sends every item to the error output as failed, none to the success output', async () => {
		const broken = {
			name: 'Azure broken',
			id: await n8n.importCredential({
				type: 'azureNotificationHubsApi',
				name: 'Azure broken',
				data: {
					...hub.sandboxCredential(),
					connectionString: 'SharedAccessKeyName=x;SharedAccessKey=y',
				},
			}),
		};
		const execution = await n8n.runManual(
			await n8n.importWorkflow(
				workflow(
					'Azure with a broken credential',
					"return [1, 2, 3].map((n) => ({ json: { handles: ['device-' + n] } }));",
					{
						type: 'n8n-nodes-push-notifications.azureNotificationHubs',
						credentials: { azureNotificationHubsApi: broken },
						onError: 'continueErrorOutput',
						parameters: {
							resource: 'notification',
							operation: 'directBatchSend',
							deviceHandles: '={{ $json.handles }}',
							platform: 'apple',
							payloadMode: 'builder',
							title: 'Weekend sale',
							body: 'Everything is 20% off',
							options: {},
						},
					},
				),
			),
		);
		expect(execution.status).toBe('success');
		const [success, errors] = execution.runData.Push[0].data.main as Json[][];
		expect(success).toEqual([]);
		expect(errors.map((item) => item.json.handles)).toEqual([
			['device-1'],
			['device-2'],
			['device-3'],
		]);
		for (const { json } of errors)
			expect(json).toMatchObject({
				error: expect.stringContaining('Endpoint'),
				details: {
					status: 'failed',
					sent: 0,
					errorDescription: expect.stringContaining('No request was made for any item'),
				},
			});
		expect(hub.recorded()).toEqual([]);
	});

	it('with Retry On Fail, n8n’s next try of Create Campaign creates only the campaigns the first try did not: no duplicate', async () => {
		const credential = {
			name: 'Batch retry',
			id: await n8n.importCredential({
				type: 'batchApi',
				name: 'Batch retry',
				data: {
					restApiKey: campaigns.restApiKey,
					apiKey: campaigns.apiKey,
					projectKey: campaigns.projectKey,
					baseUrl: campaigns.url,
				},
			}),
		};
		campaigns.inject({ path: /\/campaigns\/create$/, nth: 2, status: 400 });
		const execution = await n8n.runManual(
			await n8n.importWorkflow(
				workflow(
					'Batch campaigns with Retry On Fail',
					"return ['Spring', 'Summer', 'Autumn'].map((name) => ({ json: { name } }));",
					{
						type: 'n8n-nodes-push-notifications.batchCom',
						credentials: { batchApi: credential },
						retryOnFail: true,
						maxTries: 2,
						waitBetweenTries: 0,
						parameters: {
							resource: 'campaign',
							operation: 'create',
							define: 'fields',
							name: '={{ $json.name }} sale',
							live: false,
							when: 'utc',
							pushTime: '2030-06-01T09:00:00',
							title: 'Sale',
							body: '={{ $json.name }} sale starts now',
							options: {},
						},
					},
				),
			),
		);
		expect(execution.status).toBe('success');
		const created = campaigns.recorded(
			(r: any) => /\/campaigns\/create$/.test(r.path) && r.status >= 200 && r.status < 300,
		);
		expect(created.map((r: any) => JSON.parse(r.body.toString()).name)).toEqual([
			'Spring sale',
			'Summer sale',
			'Autumn sale',
		]);
		const items: Json[] = execution.runData.Push[0].data.main[0].map((item: Json) => item.json);
		expect(items.map((item) => item.campaignToken)).toEqual([
			expect.any(String),
			expect.any(String),
			expect.any(String),
		]);
	});
});

describe('Batch.com profile update: partial errors and an invalid item on the error output of a real n8n', () => {
	let n8n: Awaited<ReturnType<typeof startN8n>>;
	const projectBatch = createBatchEmulator({ restApiKey: ['e2e', 'profile', 'batch'].join('-') });

	beforeAll(async () => {
		await projectBatch.start();
		n8n = await startN8n();
	});
	afterAll(async () => {
		await n8n?.stop();
		await projectBatch.stop();
	});

	it('sends the valid profiles on the success output; the refused ones and the invalid item arrive on the error output with their accounting', async () => {
		const credential = {
			name: 'Batch project',
			id: await n8n.importCredential({
				type: 'batchApi',
				name: 'Batch project',
				data: {
					restApiKey: projectBatch.restApiKey,
					apiKey: projectBatch.apiKey,
					projectKey: projectBatch.projectKey,
					baseUrl: projectBatch.url,
				},
			}),
		};
		const workflow = codeWorkflow(
			'Batch profile update with errors',
			"return ['u-1', 'invalid-2', 'u-3', '', 'u-5'].map((userId) => ({ json: { userId, plan: 'gold' } }));",
			{
				parameters: {
					resource: 'profile',
					operation: 'update',
					customId: '={{ $json.userId }}',
					define: 'fields',
					attributes: {
						attribute: [{ name: 'plan', type: 'string', value: '={{ $json.plan }}' }],
					},
					eventsJson: '[]',
					options: {},
				},
				id: 'push',
				name: 'Push',
				type: 'n8n-nodes-push-notifications.batchCom',
				typeVersion: 1,
				position: [440, 0],
				credentials: { batchApi: credential },
				onError: 'continueErrorOutput',
			},
		);
		const execution = await n8n.runManual(await n8n.importWorkflow(workflow));
		expect(execution.status).toBe('success');
		const [success, errors] = execution.runData.Push[0].data.main as Json[][];
		expect(success.map((item) => item.json.status)).toEqual(['updated', 'updated', 'updated']);
		expect(errors.map((item) => item.json.userId)).toEqual(['invalid-2', '']);
		expect(errors[0].json).toMatchObject({
			error: expect.stringContaining('INVALID_CUSTOM_ID'),
			details: { status: 'failed', recipients: 1, sent: 0, failed: 1, undelivered: ['invalid-2'] },
		});
		expect(errors[1].json).toMatchObject({
			error: expect.stringContaining('The custom ID is empty'),
			details: { status: 'failed', recipients: 0, sent: 0, failed: 0 },
		});
		expect(
			projectBatch
				.recorded((r: any) => r.path.endsWith('/profiles/update'))
				.flatMap((r: any) => r.note.ids),
		).toEqual(['u-1', 'invalid-2', 'u-3', 'u-5']);
	});
});
