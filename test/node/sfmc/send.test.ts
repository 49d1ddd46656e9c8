import { SalesforceMarketingCloudApi } from '../../../packages/salesforce-mobilepush/credentials/SalesforceMarketingCloudApi.credentials';
import { SalesforceMobilePush } from '../../../packages/salesforce-mobilepush/nodes/SalesforceMobilePush/SalesforceMobilePush.node';
import { createSfmcEmulator } from '../../emulators/sfmc';
import { createExecuteContext } from '../../helpers/execute-context';

const sfmc = createSfmcEmulator();
let messageId: string;
beforeAll(async () => {
	await sfmc.start();
	messageId = sfmc.addActiveMessage();
});
afterAll(() => sfmc.stop());
beforeEach(() => sfmc.reset());

/** A stored credential, as n8n's database row: the token it fetched persists across runs. */
const newCredential = () => ({
	salesforceMarketingCloudApi: {
		type: new SalesforceMarketingCloudApi(),
		data: sfmc.sandboxCredential() as Record<string, unknown>,
	},
});

async function run(
	items: Array<Record<string, unknown>>,
	parameters: Record<string, unknown>,
	credentials = newCredential(),
	onError?: 'continueRegularOutput' | 'continueErrorOutput',
) {
	const ctx = createExecuteContext({
		items,
		parameters: {
			resource: 'send',
			overrides: {},
			options: {},
			sendTime: '',
			inclusionTags: '',
			exclusionTags: '',
			...parameters,
		},
		credentials,
		onError,
	});
	const [output] = await new SalesforceMobilePush().execute.call(ctx);
	return output;
}

const batchCalls = () =>
	sfmc.recorded((r) => r.path.includes('/messageBatch/') && r.status === 200);
const keysOf = (call: {
	note?: { elements: Array<{ SubscriberKeys?: string[]; DeviceTokens?: string[] }> };
}): string[] =>
	(call.note?.elements ?? []).flatMap((e) => e.SubscriberKeys ?? e.DeviceTokens ?? []);
const keys = (count: number, prefix = 'sub-') =>
	Array.from({ length: count }, (_, i) => `${prefix}${i}`);
const batch = (extra: Record<string, unknown> = {}) => ({
	operation: 'sendMessageBatch',
	messageId,
	recipientKind: 'SubscriberKeys',
	recipients: '={{ $json.key }}',
	alert: 'Your team WINS!',
	...extra,
});

describe('SFMC MobilePush: Send Message Batch against the emulator', () => {
	it('sends 12,000 subscriber keys over 12,000 items as 3 calls (5,000, 5,000, 2,000) under one token', async () => {
		const output = await run(
			keys(12000).map((key) => ({ key })),
			batch(),
		);
		// Calls after the first run concurrently, so they may arrive in any order.
		expect(
			batchCalls()
				.map((call) => keysOf(call).length)
				.sort((a, b) => b - a),
		).toEqual([5000, 5000, 2000]);
		expect(batchCalls().flatMap(keysOf).sort()).toEqual(keys(12000).sort());
		expect(sfmc.recorded((r) => r.path === '/v2/token')).toHaveLength(1);
		expect(output).toHaveLength(12000);
		const tokenId = (output[5001].json.requests as Array<{ tokenId: string }>)[0].tokenId;
		const call = batchCalls().find((c) => keysOf(c).includes('sub-5001'))!;
		expect(tokenId).toBe(call.note.tokenIds[keysOf(call).indexOf('sub-5001')]);
		expect(output[5001].json).toMatchObject({
			status: 'sent',
			recipientType: 'SubscriberKeys',
			sent: 1,
			failed: 0,
		});
	});

	it('sends the seed’s element shape: recipients, tags, and the message overrides', async () => {
		await run(
			[{ key: 'DeviceToken1,DeviceToken2' }],
			batch({
				recipientKind: 'DeviceTokens',
				inclusionTags: 'footballTeam',
				overrides: { badge: '+1', sound: 'default', customPayload: '{"6":"20"}' },
			}),
		);
		expect(batchCalls()[0].note.elements).toEqual([
			{
				DeviceTokens: ['DeviceToken1', 'DeviceToken2'],
				InclusionTags: ['footballTeam'],
				Message: { Alert: 'Your team WINS!', badge: '+1', sound: 'default', custom: { '6': '20' } },
			},
		]);
	});

	it('shapes a refused item for the error output with its message, token and undelivered keys inside details', async () => {
		sfmc.inject({ path: /messageBatch/, nth: 2, status: 400 });
		const output = await run(
			keys(3).map((key) => ({ key })),
			batch({ options: { batchSize: 1, concurrency: 1 } }),
			newCredential(),
			'continueErrorOutput',
		);
		expect(output.map((o) => Object.keys(o.json).sort())).toEqual([
			[
				'failed',
				'messageId',
				'recipient',
				'recipientType',
				'recipients',
				'requests',
				'sent',
				'status',
				'tokenId',
			],
			['details', 'error'],
			[
				'failed',
				'messageId',
				'recipient',
				'recipientType',
				'recipients',
				'requests',
				'sent',
				'status',
				'tokenId',
			],
		]);
		expect(Object.keys(output[1].json.details as object).slice(0, 2)).toEqual([
			'status',
			'messageId',
		]);
		expect(output[1].json.details).toMatchObject({
			status: 'failed',
			messageId,
			undelivered: ['sub-1'],
		});
	});

	it('splits an item with 5,001 tokens across two elements in two calls', async () => {
		const output = await run(
			[{ key: keys(5001, 'tok-') }],
			batch({ recipientKind: 'DeviceTokens' }),
		);
		expect(
			batchCalls()
				.map((call) => keysOf(call).length)
				.sort((a, b) => b - a),
		).toEqual([5000, 1]);
		expect(output[0].json).toMatchObject({ status: 'sent', recipients: 5001, sent: 5001 });
		expect((output[0].json.requests as unknown[]).length).toBe(2);
	});

	it('refreshes a token that expired mid-run once, losing and duplicating no recipient', async () => {
		const credentials = newCredential();
		await run([{ key: 'warm-up' }], batch(), credentials);
		sfmc.reset();
		sfmc.expireTokensAfter(2);
		const output = await run(
			keys(30000).map((key) => ({ key })),
			batch({ options: { concurrency: 4 } }),
			credentials,
		);
		const [tokenCall] = sfmc.recorded((r) => r.path === '/v2/token');
		expect(sfmc.recorded((r) => r.path === '/v2/token').length).toBe(1);
		// Several calls were in flight with the expired token: each met a 401 before the one refresh
		// (the refreshing call meets it twice: once alone, once inside n8n's refresh-and-retry).
		expect(
			sfmc.recorded((r) => r.status === 401 && r.n < tokenCall.n).length,
		).toBeGreaterThanOrEqual(3);
		expect(batchCalls().flatMap(keysOf).sort()).toEqual(keys(30000).sort());
		expect(output.every((o) => o.json.status === 'sent')).toBe(true);
	});

	it('a run of 50 calls with 4 in flight asks for one token', async () => {
		const output = await run(
			keys(5000).map((key) => ({ key })),
			batch({ options: { batchSize: 100, concurrency: 4 } }),
		);
		expect(batchCalls()).toHaveLength(50);
		expect(sfmc.recorded((r) => r.path === '/v2/token').length).toBe(1);
		expect(output.every((o) => o.json.status === 'sent')).toBe(true);
	});

	it('reuses the stored token in a second run', async () => {
		const credentials = newCredential();
		await run([{ key: 'a' }], batch(), credentials);
		await run([{ key: 'b' }], batch(), credentials);
		expect(sfmc.recorded((r) => r.path === '/v2/token')).toHaveLength(1);
	});

	it('sends nothing when item 4 has no Alert, and names item 4', async () => {
		const error = await run(
			keys(6).map((key) => ({ key })),
			batch({ alert: (i: number) => (i === 4 ? '' : 'Hi') }),
		).catch((e) => e);
		expect(error.message).toBe(
			'Alert is empty: Send Message Batch needs the text to show [item 4]',
		);
		expect(sfmc.recorded((r) => r.path !== '/v2/token')).toHaveLength(0);
	});

	it('waits on 429 errorcode 50100 with Retry-After and does not send twice', async () => {
		sfmc.inject({
			path: `/push/v1/messageBatch/${messageId}/send`,
			status: 429,
			headers: { 'Retry-After': '0' },
		});
		await run([{ key: 'a' }], batch());
		expect(sfmc.recorded((r) => r.path.includes('/messageBatch/')).map((r) => r.status)).toEqual([
			429, 200,
		]);
		expect(batchCalls().flatMap(keysOf)).toEqual(['a']);
	});

	it('does not retry 429 errorcode 50200 and says to contact support', async () => {
		sfmc.inject({
			path: `/push/v1/messageBatch/${messageId}/send`,
			status: 429,
			body: {
				message: 'Your requests are temporarily blocked.',
				errorcode: 50200,
				documentation: '',
			},
		});
		const error = await run([{ key: 'a' }], batch()).catch((e) => e);
		expect(sfmc.recorded((r) => r.path.includes('/messageBatch/'))).toHaveLength(1);
		expect(error.message).toContain('(50200) Your requests are temporarily blocked. [item 0]');
		expect(error.description).toContain('Contact Salesforce support');
	});
});

describe('SFMC MobilePush: documented errors reach the user', () => {
	it.each([
		[
			'an unknown message',
			() => 'Tm9wZTox',
			'Message Tm9wZTox is not valid for the client.',
			'Check the message ID',
		],
		[
			'an inactive message',
			() => {
				sfmc.messages.set('SW5hY3RpdmU', { id: 'SW5hY3RpdmU', status: 3 });
				return 'SW5hY3RpdmU';
			},
			'The status for Message SW5hY3RpdmU is not set to Active.',
			'Activate the message',
		],
	])('%s', async (_name, id, text, hint) => {
		const output = await run(
			[{ key: 'a' }],
			batch({ messageId: id() }),
			newCredential(),
			'continueRegularOutput',
		);
		expect(output[0].json.error).toContain(text);
		expect(output[0].json.errorDescription).toContain(hint);
	});

	it('a bad client secret gives Salesforce’s invalid_client text and a hint', async () => {
		const credentials = newCredential();
		credentials.salesforceMarketingCloudApi.data.clientSecret = 'wrong';
		const error = await run([{ key: 'a' }], batch(), credentials).catch((e) => e);
		expect(JSON.stringify([error.message, error.description])).toMatch(
			/invalid_client|Client authentication failed/,
		);
	});
});

describe('SFMC MobilePush: the other sends', () => {
	it('Send to Contacts groups items with the same message and packs their keys into calls of 5,000', async () => {
		const output = await run(
			keys(7000).map((key) => ({ key })),
			{
				operation: 'sendToContacts',
				messageId,
				recipientKind: 'SubscriberKeys',
				recipients: '={{ $json.key }}',
				messageText: 'Flash sale',
			},
		);
		const calls = sfmc.recorded((r) => r.path.includes('/messageContact/') && r.status === 200);
		expect(calls.map((c) => c.note.body.SubscriberKeys.length)).toEqual([5000, 2000]);
		expect(calls[0].note.body).toMatchObject({ Override: true, MessageText: 'Flash sale' });
		expect((output[6999].json.requests as Array<{ tokenId: string }>)[0].tokenId).toBe(
			calls[1].note.tokenId,
		);
	});

	it('Send to Tags, Lists and App each make one call per item and return the tokenId', async () => {
		const tags = await run([{}], {
			operation: 'sendToTags',
			messageId,
			inclusionTags: 'Midwest',
			exclusionTags: 'Indiana, Ohio',
			messageText: '',
		});
		const lists = await run([{}], {
			operation: 'sendToLists',
			messageId,
			inclusionListIds: 'list1',
			exclusionListIds: '',
			inclusionDataExtensionIds: '',
			exclusionDataExtensionIds: '',
			messageText: '',
		});
		const app = await run([{}], {
			operation: 'sendToApp',
			messageId,
			messageText: 'Hello everyone',
			sendTime: '2030-01-01 09:00',
		});
		const sent = sfmc.recorded((r) => /\/(messageTag|messageList|messageApp)\//.test(r.path));
		expect(sent.map((r) => [r.note.kind, r.note.body])).toEqual([
			['messageTag', { InclusionTags: ['Midwest'], ExclusionTags: ['Indiana', 'Ohio'] }],
			['messageList', { inclusionListIds: ['list1'] }],
			[
				'messageApp',
				{ Override: true, MessageText: 'Hello everyone', SendTime: '2030-01-01 09:00' },
			],
		]);
		expect([tags, lists, app].map((o) => o[0].json.tokenId)).toEqual(
			sent.map((r) => r.note.tokenId),
		);
	});

	it('refuses an invalid send time before sending', async () => {
		const error = await run([{}], {
			operation: 'sendToApp',
			messageId,
			messageText: '',
			sendTime: '2030-02-30 09:00',
		}).catch((e) => e);
		expect(error.message).toContain('is not a valid send time (yyyy-MM-dd HH:mm) [item 0]');
		expect(sfmc.recorded((r) => r.path.includes('/messageApp/'))).toHaveLength(0);
	});
});

describe('SFMC MobilePush: the seed’s Send Message Batch example', () => {
	it('two items become the example’s two elements, device tokens and subscriber keys in one call, field for field', async () => {
		const id = sfmc.addActiveMessage('MToxMTQ6MA');
		const items = [
			{
				kind: 'DeviceTokens',
				to: ['DeviceToken1', 'DeviceToken2'],
				tag: 'footballTeam',
				alert: 'Your team WINS!',
			},
			{
				kind: 'SubscriberKeys',
				to: 'SubscriberKey1',
				tag: 'baseballTeam',
				alert: 'Good game team!',
			},
		];
		const output = await run(items, {
			operation: 'sendMessageBatch',
			messageId: id,
			recipientKind: (_i: number, item: { kind: string }) => item.kind,
			recipients: (_i: number, item: { to: unknown }) => item.to,
			inclusionTags: (_i: number, item: { tag: string }) => item.tag,
			alert: (_i: number, item: { alert: string }) => item.alert,
			overrides: { badge: '+1', sound: 'default', customPayload: '{"6":"20"}' },
		});
		const [call] = sfmc.recorded((r) => r.path === '/push/v1/messageBatch/MToxMTQ6MA/send');
		expect(JSON.parse(call.body.toString())).toEqual([
			{
				DeviceTokens: ['DeviceToken1', 'DeviceToken2'],
				InclusionTags: ['footballTeam'],
				Message: { Alert: 'Your team WINS!', badge: '+1', sound: 'default', custom: { '6': '20' } },
			},
			{
				SubscriberKeys: ['SubscriberKey1'],
				InclusionTags: ['baseballTeam'],
				Message: { Alert: 'Good game team!', badge: '+1', sound: 'default', custom: { '6': '20' } },
			},
		]);
		expect(output.map((o) => o.json)).toEqual([
			expect.objectContaining({
				status: 'sent',
				messageId: id,
				tokenId: call.note.tokenIds[0],
				recipientType: 'DeviceTokens',
				recipients: 2,
				sent: 2,
				failed: 0,
			}),
			expect.objectContaining({
				status: 'sent',
				messageId: id,
				tokenId: call.note.tokenIds[1],
				recipientType: 'SubscriberKeys',
				recipients: 1,
				sent: 1,
				failed: 0,
			}),
		]);
	});
});

describe('SFMC MobilePush: every recipient is accounted for', () => {
	it('with continue-on-fail, a refused call and an invalid item: sent + failed equals the recipients that came in', async () => {
		sfmc.inject({
			path: `/push/v1/messageBatch/${messageId}/send`,
			nth: 2,
			status: 400,
			body: { errors: ['The count of DeviceTokens cannot be zero.'] },
		});
		// One call at a time, so that the refused second call is the second of the three (5,000, 5,000, 1,999).
		const output = await run(
			keys(12000).map((key) => ({ key })),
			batch({ alert: (i: number) => (i === 4 ? '' : 'Hi'), options: { concurrency: 1 } }),
			newCredential(),
			'continueRegularOutput',
		);
		const sum = (field: 'sent' | 'failed' | 'recipients') =>
			output.reduce((total, o) => total + (o.json[field] as number), 0);
		expect(output).toHaveLength(12000);
		expect([sum('sent'), sum('failed'), sum('recipients')]).toEqual([6999, 5001, 12000]);
		expect(batchCalls().flatMap(keysOf)).toHaveLength(6999);
		expect(output[4].json).toMatchObject({
			status: 'failed',
			recipients: 1,
			failed: 1,
			error: 'Alert is empty: Send Message Batch needs the text to show [item 4]',
		});
		expect(output[5001].json).toMatchObject({
			status: 'failed',
			error: expect.stringContaining('The count of DeviceTokens cannot be zero.'),
		});
		expect(output.map((o) => o.pairedItem)).toEqual(output.map((_o, item) => ({ item })));
	});
});

describe('SFMC MobilePush: each documented error text reaches the user', () => {
	const documented = [
		['Message id MToxMTQ6MA is not valid.', 'Check the message ID'],
		['Message MToxMTQ6MA is not valid for the client.', 'Check the message ID'],
		['The status for Message MToxMTQ6MA is not set to Active.', 'Activate the message'],
		['The count of DeviceTokens cannot be zero.', undefined],
		['One or more DeviceTokens must be specified in order to send a message.', undefined],
		['Message is blank and no override message was provided.', undefined],
		['Cannot override message text with a blank message.', undefined],
		['MessageText is not applicable when Override is false.', undefined],
		['2030-13-01 09:00 is not a valid send time (yyyy-MM-dd HH:mm).', 'yyyy-MM-dd HH:mm'],
	] as const;

	it.each(documented)('push route 400 {"errors": ["%s"]}', async (text, hint) => {
		sfmc.inject({
			path: `/push/v1/messageBatch/${messageId}/send`,
			status: 400,
			body: { errors: [text] },
		});
		const error = await run([{ key: 'a' }], batch()).catch((e) => e);
		expect(error.message).toBe(`Marketing Cloud refused the batch: 400 ${text} [item 0]`);
		if (hint) expect(error.description).toContain(hint);
	});

	it.each([
		[
			403,
			{
				message: 'Insufficient privileges to complete this action.',
				errorcode: 20001,
				documentation: '',
			},
			'403 (20001) Insufficient privileges to complete this action.',
			'push_send',
		],
		[
			404,
			{ message: 'Object not found.', errorcode: 30003, documentation: '' },
			'404 (30003) Object not found.',
			'check the message ID',
		],
		[
			401,
			{ message: 'Not Authorized', errorcode: 0, documentation: '' },
			'401 (0) Not Authorized',
			'refused after a refresh',
		],
		[
			503,
			{ message: 'Service unavailable', errorcode: 50300, documentation: '' },
			'503 (50300) Service unavailable',
			'it was retried',
		],
	])('platform %i {message, errorcode}', async (status, body, text, hint) => {
		sfmc.inject({
			path: `/push/v1/messageBatch/${messageId}/send`,
			status,
			body,
			headers: { 'Retry-After': '0' },
			times: 10,
		});
		const error = await run([{ key: 'a' }], batch()).catch((e) => e);
		expect(error.message).toBe(`Marketing Cloud refused the batch: ${text} [item 0]`);
		expect(error.description).toContain(hint);
	});

	it('a message id Marketing Cloud cannot read, and a definition without text sent without an override, as the emulator finds them', async () => {
		const badId = await run([{ key: 'a' }], batch({ messageId: 'not valid!' })).catch((e) => e);
		expect(badId.message).toContain('Message id not valid! is not valid. [item 0]');
		sfmc.messages.set('QmxhbmsK', {
			id: 'QmxhbmsK',
			status: 2,
			messageType: 1,
			contentType: 1,
			alert: '',
		});
		const blank = await run([{}], {
			operation: 'sendToApp',
			messageId: 'QmxhbmsK',
			messageText: '',
		}).catch((e) => e);
		expect(blank.message).toBe(
			'Marketing Cloud refused the send: 400 Message is blank and no override message was provided. [item 0]',
		);
	});

	it('a bad client secret: Salesforce’s invalid_client text and where to fix it, nothing sent, no token asked for again and again', async () => {
		const credentials = newCredential();
		credentials.salesforceMarketingCloudApi.data.clientSecret = ['not', 'the', 'secret'].join('-');
		const error = await run([{ key: 'a' }], batch(), credentials).catch((e) => e);
		expect(error.message).toBe(
			'Marketing Cloud refused the batch: 401 (invalid_client) invalid_client: Client authentication failed. Make sure that the client ID and client secret are valid and that the package is installed and enabled. [item 0]',
		);
		expect(error.description).toContain('Installed Packages');
		expect(sfmc.recorded((r) => r.path !== '/v2/token')).toHaveLength(0);
		// One token request: the refusal does not look like a 401 to n8n's refresh, which would only ask again.
		expect(sfmc.recorded((r) => r.path === '/v2/token')).toHaveLength(1);
		expect(JSON.stringify(error)).not.toContain('not-the-secret');
	});

	it('a single call that meets an expired token refreshes it once and succeeds', async () => {
		const credentials = newCredential();
		await run([{}], { operation: 'sendToApp', messageId, messageText: 'one' }, credentials);
		sfmc.expireTokens();
		const [result] = await run(
			[{}],
			{ operation: 'sendToApp', messageId, messageText: 'two' },
			credentials,
		);
		expect(result.json).toMatchObject({ status: 'sent', tokenId: expect.any(String) });
		expect(sfmc.recorded((r) => r.path === '/v2/token')).toHaveLength(2);
		expect(sfmc.recorded((r) => r.path.includes('/messageApp/') && r.status === 200)).toHaveLength(
			2,
		);
	});
});
