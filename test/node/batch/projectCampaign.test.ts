import { runError, runNode, searchOrchestrations, startBatch, type BatchEmulator } from './context';

let batch: BatchEmulator;
beforeAll(async () => {
	batch = await startBatch();
});
afterAll(() => batch.stop());
beforeEach(() => batch.reset());

const PUSH = { channel_type: 'push' };
const create = (overrides: Record<string, unknown> = {}) => ({
	resource: 'projectCampaign',
	operation: 'create',
	define: 'fields',
	name: 'Spring sale',
	state: 'DRAFT',
	when: 'now',
	messageJson: JSON.stringify(PUSH),
	...overrides,
});
const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });
const bodyOf = (index: number) => JSON.parse(batch.requests[index].body.toString()) as unknown;

/** Creates `count` campaigns in the emulator through the node; their ids. */
async function created(count: number): Promise<string[]> {
	const output = await runNode(batch, {
		items: Array.from({ length: count }, (_, i) => ({ name: `Campaign ${i}` })),
		parameters: create({ name: '={{ $json.name }}' }),
	});
	batch.requests.length = 0;
	return output.map((item) => item.json.id as string);
}

describe('Campaign (CEP) → Create against the emulator', () => {
	it('posts the campaign to /2.11/campaigns/create with the Bearer REST key and the project key, and returns its id', async () => {
		const output = await runNode(batch, {
			items: [{}],
			parameters: create({
				state: 'RUNNING',
				when: 'utc',
				pushTime: '2031-05-01T08:00:00.000Z',
				options: {
					labels: 'promo, spring',
					languages: 'fr',
					regions: 'FR, BE',
					query: '{"plan": {"$eq": "premium"}}',
					sendRate: 20000,
				},
			}),
		});
		expect(batch.requests).toHaveLength(1);
		const request = batch.requests[0];
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/2.11/campaigns/create');
		expect(request.headers.authorization).toBe(`Bearer ${batch.restApiKey}`);
		expect(request.headers['x-batch-project']).toBe(batch.projectKey);
		expect(request.headers['x-authorization']).toBeUndefined();
		expect(bodyOf(0)).toEqual({
			name: 'Spring sale',
			state: 'RUNNING',
			when: { start_time: '2031-05-01T08:00:00Z', local_time: false },
			targeting: { languages: ['fr'], regions: ['FR', 'BE'], query: { plan: { $eq: 'premium' } } },
			messages: [PUSH],
			labels: ['promo', 'spring'],
			send_rate: 20000,
		});
		expect(output).toHaveLength(1);
		expect(output[0].json).toEqual({
			id: expect.stringMatching(/^orchestration_[0-9a-f]{32}$/),
			name: 'Spring sale',
			state: 'RUNNING',
			startTime: '2031-05-01T08:00:00Z',
			localTime: false,
		});
		expect(batch.orchestrations.has(output[0].json.id as string)).toBe(true);
		expect(output[0].pairedItem).toEqual({ item: 0 });
	});

	it('sends the whole JSON body as given when the campaign is defined as JSON, on the chosen API version', async () => {
		const json = {
			name: 'From JSON',
			state: 'DRAFT',
			when: { start_time: 'now', local_time: false },
			messages: [{ channel_type: 'email', subject: 'Hi', html: '<p>Hi</p>' }],
		};
		await runNode(batch, {
			items: [{}],
			parameters: {
				resource: 'projectCampaign',
				operation: 'create',
				define: 'json',
				campaignJson: JSON.stringify(json),
				options: { apiVersion: '2.9' },
			},
		});
		expect(batch.requests[0].path).toBe('/2.9/campaigns/create');
		expect(bodyOf(0)).toEqual(json);
	});

	it('refuses bad input in any item before sending anything, naming the item', async () => {
		const error = await runError(batch, {
			items: [{ labels: 'a' }, { labels: 'a,b,c,d,e,f' }],
			parameters: create({
				options: (_i: number, item: { labels: string }) => ({ labels: item.labels }),
			}),
		});
		expect(error.message).toBe('6 labels were given; Batch allows at most 5 a campaign [item 1]');
		expect(error.description).toContain('exactly one message');
		expect(batch.requests).toHaveLength(0);
	});

	it('with Continue, sends the valid items and answers the invalid one as failed, each paired', async () => {
		const output = await runNode(batch, {
			items: [{ m: '{"channel_type":"push"}' }, { m: '[]' }, { m: '{"channel_type":"push"}' }],
			parameters: create({ messageJson: '={{ $json.m }}' }),
			onError: 'continueRegularOutput',
		});
		expect(batch.requests).toHaveLength(2);
		expect(output.map((item) => item.json.status ?? 'created')).toEqual([
			'created',
			'failed',
			'created',
		]);
		expect(output[1].json.error).toContain('exactly one message');
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('refuses a CEP operation without a project key before any request, saying where the key is', async () => {
		const error = await runError(batch, {
			items: [{}],
			parameters: create(),
			credential: { projectKey: '' },
		});
		expect(error.message).toBe('The Batch.com credential has no project key');
		expect(error.description).toContain('⚙ Settings → General of the project');
		expect(batch.requests).toHaveLength(0);
	});

	it('needs no API key: a CEP-only credential creates the campaign', async () => {
		const output = await runNode(batch, {
			items: [{}],
			parameters: create(),
			credential: { apiKey: '' },
		});
		expect(output[0].json.id).toMatch(/^orchestration_/);
	});

	it('waits out a 429 (Batch asks for 5 s when it names no wait) and creates the campaign once', async () => {
		batch.inject({
			path: /campaigns\/create$/,
			status: 429,
			headers: { 'Retry-After': '0' },
			times: 1,
		});
		const output = await runNode(batch, { items: [{}], parameters: create() });
		expect(batch.requests.map((r) => r.status)).toEqual([429, 200]);
		expect(batch.orchestrations.size).toBe(1);
		expect(output[0].json.id).toBe([...batch.orchestrations.keys()][0]);
	});

	it('after a 429 that names no wait, waits the 5 s Batch asks for on the project API before the one retry', async () => {
		batch.inject({ path: /campaigns\/create$/, status: 429, times: 1 });
		const started = Date.now();
		const output = await runNode(batch, { items: [{}], parameters: create() });
		expect(Date.now() - started).toBeGreaterThanOrEqual(5000);
		expect(batch.requests.map((r) => r.status)).toEqual([429, 200]);
		expect(batch.orchestrations.size).toBe(1);
		expect(output[0].json.id).toMatch(/^orchestration_/);
	}, 30_000);

	it("keeps Batch's error words when it refuses the campaign", async () => {
		const error = await runError(batch, {
			items: [{}],
			parameters: {
				resource: 'projectCampaign',
				operation: 'create',
				define: 'json',
				campaignJson: JSON.stringify({
					name: 'x',
					state: 'DRAFT',
					when: { start_time: 'now' },
					messages: [{ channel_type: 'sms' }],
				}),
			},
		});
		expect(error.message).toContain(
			'400 (MALFORMED_PARAMETER) The request is malformed: messages[0].channel_type must be push or email [item 0]',
		);
	});
});

describe('Campaign (MEP) without an API key', () => {
	it('is refused before any request, saying where the API key is', async () => {
		const error = await runError(batch, {
			items: [{}],
			parameters: { resource: 'campaign', operation: 'getMany', returnAll: true },
			credential: { apiKey: '' },
		});
		expect(error.message).toBe('The Batch.com credential has no API key');
		expect(error.description).toContain('Live API key of the app');
		expect(batch.requests).toHaveLength(0);
	});
});

describe('Campaign (CEP) → Update, Delete, Get, Get Stats against the emulator', () => {
	it('updates the campaign with {id, campaign}: the form sends the whole campaign', async () => {
		const [id] = await created(1);
		const output = await runNode(batch, {
			items: [{}],
			parameters: {
				...create({ name: 'Renamed', state: 'RUNNING' }),
				operation: 'update',
				campaignId: byId(id),
			},
		});
		expect(batch.requests[0].path).toBe('/2.11/campaigns/update');
		expect(bodyOf(0)).toEqual({
			id,
			campaign: {
				name: 'Renamed',
				state: 'RUNNING',
				when: { start_time: 'now', local_time: false },
				messages: [PUSH],
			},
		});
		expect(output[0].json).toEqual({ id, updated: true, name: 'Renamed', state: 'RUNNING' });
		expect(batch.orchestrations.get(id)).toMatchObject({ name: 'Renamed', state: 'RUNNING' });
	});

	it('with JSON, sends only the fields given: stopping a campaign is {"state": "STOPPED"}', async () => {
		const [id] = await created(1);
		await runNode(batch, {
			items: [{}],
			parameters: {
				resource: 'projectCampaign',
				operation: 'update',
				campaignId: byId(id),
				define: 'json',
				campaignJson: '{"state": "STOPPED"}',
			},
		});
		expect(bodyOf(0)).toEqual({ id, campaign: { state: 'STOPPED' } });
		expect(batch.orchestrations.get(id)).toMatchObject({ name: 'Campaign 0', state: 'STOPPED' });
	});

	it('says Batch does not know a campaign that does not exist', async () => {
		const error = await runError(batch, {
			items: [{}],
			parameters: {
				resource: 'projectCampaign',
				operation: 'get',
				campaignId: byId('orchestration_unknown'),
			},
		});
		expect(error.message).toContain('404');
		expect(error.message).toContain('[item 0]');
	});

	it('gets a push campaign from orchestrations/view by its id', async () => {
		const [id] = await created(1);
		const output = await runNode(batch, {
			items: [{}],
			parameters: { resource: 'projectCampaign', operation: 'get', campaignId: byId(id) },
		});
		expect(batch.requests[0].method).toBe('GET');
		expect(batch.requests[0].path).toBe('/2.11/orchestrations/view');
		expect(batch.requests[0].rawQuery).toBe(`orchestration_id=${id}`);
		expect(output[0].json).toMatchObject({
			id,
			name: 'Campaign 0',
			status: 'draft',
			type: 'campaign',
		});
	});

	it('gets the stats of the days asked, as yyyy-MM-dd', async () => {
		const [id] = await created(1);
		const today = new Date().toISOString().slice(0, 10);
		const output = await runNode(batch, {
			items: [{}],
			parameters: {
				resource: 'projectCampaign',
				operation: 'getStats',
				campaignId: byId(id),
				from: `${today}T00:00:00.000Z`,
				to: today,
			},
		});
		expect(batch.requests[0].path).toBe('/2.11/orchestrations/stats');
		expect(Object.fromEntries(batch.requests[0].query)).toEqual({
			orchestration_id: id,
			from: today,
			to: today,
		});
		expect(output[0].json).toMatchObject({ id, details: [{ date: today, sent: 0 }] });
	});

	it('refuses stats from more than six months ago before asking Batch', async () => {
		const error = await runError(batch, {
			items: [{}],
			parameters: {
				resource: 'projectCampaign',
				operation: 'getStats',
				campaignId: byId('orchestration_x'),
				from: '2020-01-01',
				to: '2020-01-02',
			},
		});
		expect(error.message).toMatch(/more than six months ago.*\[item 0\]/);
		expect(batch.requests).toHaveLength(0);
	});

	it('deletes the campaign, whether Batch answers 200 {} or 204', async () => {
		const [first, second] = await created(2);
		const output = await runNode(batch, {
			items: [{ id: first }, { id: second }],
			parameters: {
				resource: 'projectCampaign',
				operation: 'delete',
				campaignId: (_i: number, item: { id: string }) => byId(item.id),
			},
		});
		expect(batch.requests.map((r) => [r.path, r.status])).toEqual([
			['/2.11/campaigns/delete', 200],
			['/2.11/campaigns/delete', 200],
		]);
		expect(bodyOf(0)).toEqual({ id: first });
		expect(output.map((item) => item.json)).toEqual([
			{ id: first, deleted: true },
			{ id: second, deleted: true },
		]);
		expect(batch.orchestrations.size).toBe(0);

		const [third] = await created(1);
		batch.inject({ path: /campaigns\/delete$/, status: 204, body: '', times: 1 });
		const answered204 = await runNode(batch, {
			items: [{}],
			parameters: { resource: 'projectCampaign', operation: 'delete', campaignId: byId(third) },
		});
		expect(answered204[0].json).toEqual({ id: third, deleted: true });
	});
});

describe('Campaign (CEP) → Get Many and From List against the emulator', () => {
	it('follows next_from 100 at a time for Return All: 250 campaigns in 3 calls, one item each', async () => {
		await created(250);
		const output = await runNode(batch, {
			items: [{}],
			parameters: { resource: 'projectCampaign', operation: 'getMany', returnAll: true },
		});
		expect(batch.requests.map((r) => r.query.get('limit'))).toEqual(['100', '100', '100']);
		expect(batch.requests[0].query.get('from')).toBeNull();
		expect(batch.requests[1].query.get('from')).toBeTruthy();
		expect(output).toHaveLength(250);
		expect(new Set(output.map((item) => item.json.id)).size).toBe(250);
		expect(output.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('asks only for what the limit needs', async () => {
		await created(30);
		const output = await runNode(batch, {
			items: [{}],
			parameters: { resource: 'projectCampaign', operation: 'getMany', returnAll: false, limit: 7 },
		});
		expect(batch.requests.map((r) => r.query.get('limit'))).toEqual(['7']);
		expect(output).toHaveLength(7);
	});

	it('lists campaigns for the Campaign field, filtered by name, with the next page', async () => {
		await created(120);
		const first = await searchOrchestrations(batch, 'campaign 11');
		// Batch has no search: names are matched a page (100) at a time, the next page on demand.
		expect(first.results.map((r) => r.name)).toEqual(['Campaign 11 (draft)']);
		expect(first.results[0].value).toMatch(/^orchestration_/);
		expect(first.paginationToken).toBeTruthy();
		const second = await searchOrchestrations(batch, 'campaign 11', first.paginationToken);
		expect(second.results.map((r) => r.name)).toEqual(
			Array.from({ length: 10 }, (_, i) => `Campaign 11${i} (draft)`),
		);
		expect(second.paginationToken).toBeUndefined();
	});
});
