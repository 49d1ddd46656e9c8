import { SalesforceMarketingCloudApi } from '../../../credentials/SalesforceMarketingCloudApi.credentials';
import { SalesforceMobilePush } from '../../../nodes/SalesforceMobilePush/SalesforceMobilePush.node';
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
const newCredential = () => ({ salesforceMarketingCloudApi: { type: new SalesforceMarketingCloudApi(), data: sfmc.sandboxCredential() as Record<string, unknown> } });

async function run(items: Array<Record<string, unknown>>, parameters: Record<string, unknown>, credentials = newCredential(), onError?: 'continueRegularOutput') {
	const ctx = createExecuteContext({ items, parameters: { resource: 'send', overrides: {}, options: {}, sendTime: '', inclusionTags: '', exclusionTags: '', ...parameters }, credentials, onError });
	const [output] = await new SalesforceMobilePush().execute.call(ctx);
	return output;
}

const batchCalls = () => sfmc.recorded((r) => r.path.includes('/messageBatch/') && r.status === 200);
const keysOf = (call: { note?: { elements: Array<{ SubscriberKeys?: string[]; DeviceTokens?: string[] }> } }): string[] => (call.note?.elements ?? []).flatMap((e) => e.SubscriberKeys ?? e.DeviceTokens ?? []);
const keys = (count: number, prefix = 'sub-') => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
const batch = (extra: Record<string, unknown> = {}) => ({ operation: 'sendMessageBatch', messageId, recipientKind: 'SubscriberKeys', recipients: '={{ $json.key }}', alert: 'Your team WINS!', ...extra });

describe('SFMC MobilePush: Send Message Batch against the emulator', () => {
	it('sends 12,000 subscriber keys over 12,000 items as 3 calls (5,000, 5,000, 2,000) under one token', async () => {
		const output = await run(keys(12000).map((key) => ({ key })), batch());
		expect(batchCalls().map((call) => keysOf(call).length)).toEqual([5000, 5000, 2000]);
		expect(batchCalls().flatMap(keysOf)).toEqual(keys(12000));
		expect(sfmc.recorded((r) => r.path === '/v2/token')).toHaveLength(1);
		expect(output).toHaveLength(12000);
		const tokenId = (output[5001].json.requests as Array<{ tokenId: string }>)[0].tokenId;
		expect(tokenId).toBe(batchCalls()[1].note.tokenIds[1]);
		expect(output[5001].json).toMatchObject({ status: 'sent', recipientType: 'SubscriberKeys', sent: 1, failed: 0 });
	});

	it('sends the seed’s element shape: recipients, tags, and the message overrides', async () => {
		await run([{ key: 'DeviceToken1,DeviceToken2' }], batch({ recipientKind: 'DeviceTokens', inclusionTags: 'footballTeam', overrides: { badge: '+1', sound: 'default', customPayload: '{"6":"20"}' } }));
		expect(batchCalls()[0].note.elements).toEqual([{ DeviceTokens: ['DeviceToken1', 'DeviceToken2'], InclusionTags: ['footballTeam'], Message: { Alert: 'Your team WINS!', badge: '+1', sound: 'default', Custom: { '6': '20' } } }]);
	});

	it('splits an item with 5,001 tokens across two elements in two calls', async () => {
		const output = await run([{ key: keys(5001, 'tok-') }], batch({ recipientKind: 'DeviceTokens' }));
		expect(batchCalls().map((call) => keysOf(call).length)).toEqual([5000, 1]);
		expect(output[0].json).toMatchObject({ status: 'sent', recipients: 5001, sent: 5001 });
		expect((output[0].json.requests as unknown[]).length).toBe(2);
	});

	it('refreshes a token that expired mid-run once, losing and duplicating no recipient', async () => {
		const credentials = newCredential();
		await run([{ key: 'warm-up' }], batch(), credentials);
		sfmc.reset();
		sfmc.expireTokensAfter(2);
		const output = await run(keys(30000).map((key) => ({ key })), batch({ options: { concurrency: 4 } }), credentials);
		expect(sfmc.recorded((r) => r.path === '/v2/token')).toHaveLength(1);
		expect(sfmc.recorded((r) => r.status === 401).length).toBeGreaterThan(0);
		expect(batchCalls().flatMap(keysOf).sort()).toEqual(keys(30000).sort());
		expect(output.every((o) => o.json.status === 'sent')).toBe(true);
	});

	it('reuses the stored token in a second run', async () => {
		const credentials = newCredential();
		await run([{ key: 'a' }], batch(), credentials);
		await run([{ key: 'b' }], batch(), credentials);
		expect(sfmc.recorded((r) => r.path === '/v2/token')).toHaveLength(1);
	});

	it('sends nothing when item 4 has no Alert, and names item 4', async () => {
		const error = await run(keys(6).map((key) => ({ key })), batch({ alert: (i: number) => (i === 4 ? '' : 'Hi') })).catch((e) => e);
		expect(error.message).toBe('Alert is empty: Send Message Batch needs the text to show [item 4]');
		expect(sfmc.recorded((r) => r.path !== '/v2/token')).toHaveLength(0);
	});

	it('waits on 429 errorcode 50100 with Retry-After and does not send twice', async () => {
		sfmc.inject({ path: `/push/v1/messageBatch/${messageId}/send`, status: 429, headers: { 'Retry-After': '0' } });
		await run([{ key: 'a' }], batch());
		expect(sfmc.recorded((r) => r.path.includes('/messageBatch/')).map((r) => r.status)).toEqual([429, 200]);
		expect(batchCalls().flatMap(keysOf)).toEqual(['a']);
	});

	it('does not retry 429 errorcode 50200 and says to contact support', async () => {
		sfmc.inject({ path: `/push/v1/messageBatch/${messageId}/send`, status: 429, body: { message: 'Your requests are temporarily blocked.', errorcode: 50200, documentation: '' } });
		const error = await run([{ key: 'a' }], batch()).catch((e) => e);
		expect(sfmc.recorded((r) => r.path.includes('/messageBatch/'))).toHaveLength(1);
		expect(error.message).toContain('(50200) Your requests are temporarily blocked. [item 0]');
		expect(error.description).toContain('Contact Salesforce support');
	});
});

describe('SFMC MobilePush: documented errors reach the user', () => {
	it.each([
		['an unknown message', () => 'Tm9wZTox', 'Message Tm9wZTox is not valid for the client.', 'Check the message ID'],
		['an inactive message', () => {
			sfmc.messages.set('SW5hY3RpdmU', { id: 'SW5hY3RpdmU', status: 3 });
			return 'SW5hY3RpdmU';
		}, 'The status for Message SW5hY3RpdmU is not set to Active.', 'Activate the message'],
	])('%s', async (_name, id, text, hint) => {
		const output = await run([{ key: 'a' }], batch({ messageId: id() }), newCredential(), 'continueRegularOutput');
		expect(output[0].json.error).toContain(text);
		expect(output[0].json.errorDescription).toContain(hint);
	});

	it('a bad client secret gives Salesforce’s invalid_client text and a hint', async () => {
		const credentials = newCredential();
		credentials.salesforceMarketingCloudApi.data.clientSecret = 'wrong';
		const error = await run([{ key: 'a' }], batch(), credentials).catch((e) => e);
		expect(JSON.stringify([error.message, error.description])).toMatch(/invalid_client|Client authentication failed/);
	});
});

describe('SFMC MobilePush: the other sends', () => {
	it('Send to Contacts groups items with the same message and packs their keys into calls of 5,000', async () => {
		const output = await run(keys(7000).map((key) => ({ key })), { operation: 'sendToContacts', messageId, recipientKind: 'SubscriberKeys', recipients: '={{ $json.key }}', messageText: 'Flash sale' });
		const calls = sfmc.recorded((r) => r.path.includes('/messageContact/') && r.status === 200);
		expect(calls.map((c) => c.note.body.SubscriberKeys.length)).toEqual([5000, 2000]);
		expect(calls[0].note.body).toMatchObject({ Override: true, MessageText: 'Flash sale' });
		expect((output[6999].json.requests as Array<{ tokenId: string }>)[0].tokenId).toBe(calls[1].note.tokenId);
	});

	it('Send to Tags, Lists and App each make one call per item and return the tokenId', async () => {
		const tags = await run([{}], { operation: 'sendToTags', messageId, inclusionTags: 'Midwest', exclusionTags: 'Indiana, Ohio', messageText: '' });
		const lists = await run([{}], { operation: 'sendToLists', messageId, inclusionListIds: 'list1', exclusionListIds: '', inclusionDataExtensionIds: '', exclusionDataExtensionIds: '', messageText: '' });
		const app = await run([{}], { operation: 'sendToApp', messageId, messageText: 'Hello everyone', sendTime: '2030-01-01 09:00' });
		const sent = sfmc.recorded((r) => /\/(messageTag|messageList|messageApp)\//.test(r.path));
		expect(sent.map((r) => [r.note.kind, r.note.body])).toEqual([
			['messageTag', { InclusionTags: ['Midwest'], ExclusionTags: ['Indiana', 'Ohio'] }],
			['messageList', { inclusionListIds: ['list1'] }],
			['messageApp', { Override: true, MessageText: 'Hello everyone', SendTime: '2030-01-01 09:00' }],
		]);
		expect([tags, lists, app].map((o) => o[0].json.tokenId)).toEqual(sent.map((r) => r.note.tokenId));
	});

	it('refuses an invalid send time before sending', async () => {
		const error = await run([{}], { operation: 'sendToApp', messageId, messageText: '', sendTime: '2030-02-30 09:00' }).catch((e) => e);
		expect(error.message).toContain('is not a valid send time (yyyy-MM-dd HH:mm) [item 0]');
		expect(sfmc.recorded((r) => r.path.includes('/messageApp/'))).toHaveLength(0);
	});
});
