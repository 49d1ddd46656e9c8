import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { SalesforceMarketingCloudApi } from '../../../packages/salesforce-mobilepush/credentials/SalesforceMarketingCloudApi.credentials';
import { SalesforceMobilePush } from '../../../packages/salesforce-mobilepush/nodes/SalesforceMobilePush/SalesforceMobilePush.node';
import seedExample from '../../fixtures/sfmc-create-message-example.json';
import { createSfmcEmulator } from '../../emulators/sfmc';
import { createExecuteContext } from '../../helpers/execute-context';

const sfmc = createSfmcEmulator();
beforeAll(() => sfmc.start());
afterAll(() => sfmc.stop());

const credentials = {
	salesforceMarketingCloudApi: {
		type: new SalesforceMarketingCloudApi(),
		data: {} as Record<string, unknown>,
	},
};
beforeAll(() => {
	credentials.salesforceMarketingCloudApi.data = { ...sfmc.sandboxCredential() };
});

async function searchMessages(filter?: string, paginationToken?: string) {
	const ctx = createExecuteContext({ items: [], parameters: {}, credentials });
	return await new SalesforceMobilePush().methods.listSearch.searchMessages.call(
		ctx as unknown as ILoadOptionsFunctions,
		filter,
		paginationToken,
	);
}

async function run(
	parameters: Record<string, unknown>,
	items: Array<Record<string, unknown>> = [{}],
) {
	const ctx = createExecuteContext({
		items,
		parameters: { resource: 'message', ...parameters },
		credentials,
	});
	const [output] = await new SalesforceMobilePush().execute.call(ctx);
	return output;
}

describe('SFMC MobilePush: messages against the emulator', () => {
	it('creates an outbound alert from the form', async () => {
		const [created] = await run({
			operation: 'create',
			define: 'fields',
			messageKind: 'outbound',
			name: 'Weekend sale',
			applicationId: 'app-1',
			applicationName: 'Shop',
			startDate: '2030-01-01T09:00:00Z',
			alert: 'Everything -20%',
			alertOptions: { sound: 'default', badge: '+1' },
			audienceOptions: {},
			options: { customValues: 'campaign=weekend' },
		});
		expect(created.json).toMatchObject({
			id: expect.any(String),
			messageType: 1,
			contentType: 1,
			name: 'Weekend sale',
			application: { id: 'app-1', name: 'Shop' },
			startDate: '2030-01-01T09:00:00Z',
			alert: 'Everything -20%',
			sound: 'default',
			badge: '+1',
		});
		expect(created.json.keys).toEqual([{ key: 'campaign', value: 'weekend' }]);
	});

	it.each([
		[
			'locationPage',
			{
				alert: 'Welcome to the stadium',
				geofences: 'MTIzOjEyODow, MzIxOjEyODow',
				pageId: 456,
				url: 'http://www.example.com',
				trigger: 'exit',
			},
			{
				messageType: 4,
				contentType: 3,
				geofences: [{ id: 'MTIzOjEyODow' }, { id: 'MzIxOjEyODow' }],
				pageId: 456,
				url: 'http://www.example.com',
			},
		],
		[
			'inbox',
			{ pageId: 456, url: 'http://www.example.com', subject: 'My inbox subject line' },
			{ messageType: 8, contentType: 2, subject: 'My inbox subject line' },
		],
		[
			'inboxAlert',
			{
				alert: 'New in your inbox',
				pageId: 456,
				url: 'http://www.example.com',
				subject: 'Subject',
			},
			{ messageType: 8, contentType: 3, alert: 'New in your inbox' },
		],
		[
			'beacon',
			{ alert: 'Near the shop', geofences: 'QmVhY29uOjE' },
			{ messageType: 5, contentType: 1, geofences: [{ id: 'QmVhY29uOjE' }] },
		],
	])(
		'creates a %s message from the form, and the emulator accepts it',
		async (messageKind, fields, expected) => {
			const [created] = await run({
				operation: 'create',
				define: 'fields',
				messageKind,
				name: 'n',
				applicationId: 'a',
				applicationName: 'A',
				startDate: '2030-01-01T09:00:00Z',
				alertOptions: {},
				audienceOptions: {},
				throttlingOptions: {},
				options: {},
				...fields,
			});
			expect(created.json).toMatchObject({ id: expect.any(String), ...expected });
		},
	);

	it('flags an empty Page ID in the editor (a required text field, empty by default) and refuses it before sending', async () => {
		const pageId = new SalesforceMobilePush().description.properties.find(
			(p) => p.name === 'pageId',
		);
		expect(pageId).toMatchObject({ type: 'string', default: '', required: true });
		const before = sfmc.requests.length;
		const error = await run({
			operation: 'create',
			define: 'fields',
			messageKind: 'inbox',
			name: 'n',
			applicationId: 'a',
			applicationName: 'A',
			startDate: '2030-01-01T09:00:00Z',
			url: 'http://www.example.com',
			subject: 'S',
			alertOptions: {},
			audienceOptions: {},
			throttlingOptions: {},
			options: {},
		}).catch((e) => e);
		expect(error.message).toBe(
			'Page ID is empty: give the ID of the CloudPage the message opens [item 0]',
		);
		const wrong = await run({
			operation: 'create',
			define: 'fields',
			messageKind: 'inbox',
			name: 'n',
			applicationId: 'a',
			applicationName: 'A',
			startDate: '2030-01-01T09:00:00Z',
			pageId: 'page 4',
			url: 'http://www.example.com',
			subject: 'S',
			alertOptions: {},
			audienceOptions: {},
			throttlingOptions: {},
			options: {},
		}).catch((e) => e);
		expect(wrong.message).toBe('Page ID "page 4" is not a CloudPage ID (a whole number) [item 0]');
		expect(sfmc.requests.length).toBe(before);
	});

	it('drops an option another message type left behind instead of sending it', async () => {
		const [created] = await run({
			operation: 'create',
			define: 'fields',
			messageKind: 'locationEntry',
			name: 'n',
			applicationId: 'a',
			applicationName: 'A',
			startDate: '2030-01-01T09:00:00Z',
			alert: 'Hi',
			geofences: 'g1',
			alertOptions: { contentAvailable: true, sound: 'default' },
			throttlingOptions: {},
			options: {},
		});
		expect(created.json).toMatchObject({ messageType: 3, sound: 'default' });
		expect(created.json).not.toHaveProperty('content-available');
	});

	it('Get Many pages with $page and $pageSize and passes filter and order by', async () => {
		for (let i = 0; i < 60; i++) sfmc.addActiveMessage(`UGFnZTo${i}`);
		const before = sfmc.requests.length;
		const listed = await run({
			operation: 'getMany',
			returnAll: true,
			options: { filter: "name like 'Sandbox%'", orderBy: 'createdDate DESC' },
		});
		const requests = sfmc.requests.slice(before).filter((r) => r.path === '/push/v1/message');
		expect(
			requests.map((r) => [
				r.query.get('$page'),
				r.query.get('$pageSize'),
				r.query.get('$filter'),
				r.query.get('$orderBy'),
			]),
		).toEqual([
			['1', '50', "name like 'Sandbox%'", 'createdDate DESC'],
			['2', '50', "name like 'Sandbox%'", 'createdDate DESC'],
		]);
		// The emulator filters as Marketing Cloud does: only the definitions named Sandbox….
		expect(listed.length).toBe(
			[...sfmc.messages.values()].filter((m) => String(m.name).startsWith('Sandbox')).length,
		);
		expect(listed.length).toBeGreaterThanOrEqual(60);
		expect(
			await run({ operation: 'getMany', returnAll: false, limit: 55, options: {} }),
		).toHaveLength(55);
	});

	it('expresses the seed’s example request in JSON mode, sent as it is', async () => {
		const example = seedExample;
		const [created] = await run({
			operation: 'create',
			define: 'json',
			messageJson: JSON.stringify(example),
		});
		const sent = sfmc.recorded((r) => r.method === 'POST' && r.path === '/push/v1/message').pop();
		expect(JSON.parse(sent!.body.toString())).toEqual(example);
		expect(created.json.id).toEqual(expect.any(String));
	});

	it('refuses a location message without geofences before sending, naming the item', async () => {
		const before = sfmc.requests.length;
		const error = await run({
			operation: 'create',
			define: 'fields',
			messageKind: 'locationEntry',
			name: 'n',
			applicationId: 'a',
			applicationName: 'A',
			startDate: '2030-01-01T09:00:00Z',
			alert: 'Hi',
			geofences: '',
			alertOptions: {},
			throttlingOptions: {},
			options: {},
		}).catch((e) => e);
		expect(error.message).toBe('Message Type "Location Entry Alert" needs Geofence IDs [item 0]');
		expect(sfmc.requests.length).toBe(before);
	});

	it('gets, lists, updates and deletes messages', async () => {
		const id = sfmc.addActiveMessage('R2V0OjE');
		expect((await run({ operation: 'get', messageId: id }))[0].json).toMatchObject({
			id,
			status: 2,
		});
		const listed = await run({ operation: 'getMany', returnAll: true, options: {} });
		expect(listed.map((o) => o.json.id)).toContain(id);
		expect(
			await run({ operation: 'getMany', returnAll: false, limit: 1, options: {} }),
		).toHaveLength(1);
		const [updated] = await run({
			operation: 'update',
			messageId: id,
			define: 'json',
			messageJson:
				'{"name":"Renamed","application":{"id":"a","name":"A"},"startDate":"2030-01-01T09:00:00Z","status":2}',
		});
		expect(updated.json).toMatchObject({ id, name: 'Renamed' });
		expect((await run({ operation: 'delete', messageId: id }))[0].json).toEqual({
			messageId: id,
			deleted: true,
		});
		const error = await run({ operation: 'get', messageId: id }).catch((e) => e);
		expect(error.message).toMatch(/404 \(30003\) Message R2V0OjE was not found\. \[item 0\]/);
	});

	it('activates an inactive message with an Update that sends only {"status": 2}, after which a send to it goes out', async () => {
		const id = sfmc.addActiveMessage('SW5hY3RpdmU6MQ');
		await run({ operation: 'update', messageId: id, define: 'json', messageJson: '{"status": 3}' });
		const send = (
			ctx = createExecuteContext({
				items: [{}],
				parameters: {
					resource: 'send',
					operation: 'sendToApp',
					messageId: id,
					messageText: 'Hello',
					sendTime: '',
					overrides: {},
					options: {},
				},
				credentials,
			}),
		) => new SalesforceMobilePush().execute.call(ctx);
		const refused = await send().catch((e) => e);
		expect(refused.description).toContain(
			'run Message → Update with Define Message "Using JSON" and {"status": 2}',
		);
		const [activated] = await run({
			operation: 'update',
			messageId: id,
			define: 'json',
			messageJson: '{"status": 2}',
		});
		const put = sfmc.requests.filter((r) => r.method === 'PUT').pop()!;
		expect(JSON.parse(put.body.toString())).toEqual({ status: 2 });
		// Marketing Cloud keeps what the update did not name.
		expect(activated.json).toMatchObject({
			id,
			status: 2,
			name: 'Sandbox message',
			alert: 'Sandbox alert',
		});
		const [[sent]] = await send();
		expect(sent.json).toMatchObject({ status: 'sent' });
	});

	it('refuses an empty partial Update before sending, saying what to give', async () => {
		const before = sfmc.requests.length;
		const error = await run({
			operation: 'update',
			messageId: 'TWVzc2FnZTox',
			define: 'json',
			messageJson: '{}',
		}).catch((e) => e);
		expect(error.message).toBe(
			'Message (JSON) is empty: give the properties to change, e.g. {"status": 2} to activate the message [item 0]',
		);
		expect(sfmc.requests.length).toBe(before);
	});

	it('offers the message definitions From List, newest first and found by part of the name, 50 a page', async () => {
		const before = sfmc.requests.length;
		for (let i = 0; i < 55; i++) sfmc.addActiveMessage(`TGlzdDo${i}`);
		const found = await searchMessages('Sandbox');
		expect(found.results.length).toBe(50);
		expect(found.results[0]).toEqual({
			name: expect.stringMatching(/^Sandbox message \(.+\)$/),
			value: expect.any(String),
		});
		expect(found.paginationToken).toBe('2');
		const request = sfmc.requests.slice(before).find((r) => r.path === '/push/v1/message')!;
		expect([
			request.query.get('$filter'),
			request.query.get('$orderBy'),
			request.query.get('$pageSize'),
		]).toEqual(["name like '%Sandbox%'", 'lastUpdated DESC', '50']);
		expect((await searchMessages('no such name')).results).toEqual([]);
		// What the list gives is what every operation takes, as does an ID saved before the field offered a list.
		const id = found.results[0].value as string;
		for (const messageId of [
			{ __rl: true, mode: 'list', value: id },
			{ __rl: true, mode: 'id', value: id },
			id,
		]) {
			expect((await run({ operation: 'get', messageId }))[0].json).toMatchObject({ id });
		}
	});

	it('gets a delivery status by send kind, message and tokenId', async () => {
		const ctx = createExecuteContext({
			items: [{}],
			parameters: {
				resource: 'delivery',
				operation: 'getStatus',
				sendKind: 'messageContact',
				messageId: 'OEl8ODow',
				sendId: 'tok-1',
			},
			credentials,
		});
		const [[status]] = await new SalesforceMobilePush().execute.call(ctx);
		expect(status.json).toMatchObject({ messageId: 'OEl8ODow', status: 'Finished' });
		expect(sfmc.requests.pop()!.path).toBe('/push/v1/messageContact/OEl8ODow/deliveries/tok-1');
	});
});
