import { runError, runNode, searchCampaigns, startBatch, type BatchEmulator } from './context';

let batch: BatchEmulator;
beforeAll(async () => {
	batch = await startBatch();
});
afterAll(() => batch.stop());
beforeEach(() => batch.reset());

const create = (overrides: Record<string, unknown> = {}) => ({
	resource: 'campaign',
	operation: 'create',
	define: 'fields',
	name: 'Spring sale',
	live: true,
	when: 'now',
	title: 'Sale',
	body: 'Everything -20%',
	...overrides,
});

describe('Campaign → Create against the emulator', () => {
	it('creates a campaign with X-Authorization and the API key in the URL and returns its token', async () => {
		const output = await runNode(batch, {
			items: [{}],
			parameters: create({
				options: {
					localized: { message: [{ language: 'fr', title: 'Soldes', body: 'Tout à -20 %' }] },
				},
			}),
		});
		expect(batch.requests).toHaveLength(1);
		const request = batch.requests[0];
		expect(request.path).toBe(`/1.1/${batch.apiKey}/campaigns/create`);
		expect(request.headers['x-authorization']).toBe(batch.restApiKey);
		expect(request.headers.authorization).toBeUndefined();
		expect(JSON.parse(request.body.toString())).toEqual({
			name: 'Spring sale',
			live: true,
			push_time: 'now',
			messages: [
				{ language: 'en', title: 'Sale', body: 'Everything -20%' },
				{ language: 'fr', title: 'Soldes', body: 'Tout à -20 %' },
			],
		});
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({
			campaignToken: expect.stringMatching(/^[0-9a-f]{32}$/),
			name: 'Spring sale',
			pushTime: 'now',
		});
		expect(output[0].pairedItem).toEqual({ item: 0 });
	});

	it('saves a new campaign as a draft unless Live is turned on', async () => {
		const withoutLive: Record<string, unknown> = create();
		delete withoutLive.live;
		await runNode(batch, { items: [{}], parameters: withoutLive });
		expect(batch.requests[0].note).toMatchObject({ live: false, push_time: 'now' });
	});

	it('refuses a push time in the past before sending anything, naming the item', async () => {
		const error = await runNode(batch, {
			items: [{ at: '2030-06-01T09:00:00Z' }, { at: '2020-06-01T09:00:00Z' }],
			parameters: create({ when: 'utc', pushTime: (_i: number, item: { at: string }) => item.at }),
		}).catch((e) => e);
		expect(error.message).toBe(
			'The push time 2020-06-01T09:00:00 (UTC) is in the past; give a future time, or Send: Now [item 1]',
		);
		expect(batch.requests).toHaveLength(0);
	});

	it('sends a local-time campaign as local_push_time', async () => {
		await runNode(batch, {
			items: [{}],
			parameters: create({ when: 'local', localPushTime: '2030-05-01T08:00:00' }),
		});
		expect(batch.requests[0].note).toMatchObject({ local_push_time: '2030-05-01T08:00:00' });
		expect(batch.requests[0].note).not.toHaveProperty('push_time');
	});

	it('sends nothing when item 3 has an invalid push time, and names item 3', async () => {
		const error = await runError(batch, {
			items: [
				{ at: '2030-01-01T10:00:00' },
				{ at: '2030-01-02T10:00:00' },
				{ at: '2030-01-03T10:00:00' },
				{ at: '2030-02-30T10:00:00' },
				{ at: '2030-01-05T10:00:00' },
			],
			parameters: create({ when: 'utc', pushTime: (_i: number, item: { at: string }) => item.at }),
		});
		expect(error.message).toContain('[item 3]');
		expect(error.message).toContain('2030-02-30T10:00:00');
		expect(error.description).toContain('push time');
		expect(batch.requests).toHaveLength(0);
	});

	it('with continue-on-fail, gives the invalid item its error and creates the others', async () => {
		const output = await runNode(batch, {
			items: [{ name: 'First one' }, { name: 'ab' }, { name: 'Third one' }],
			parameters: create({ name: (_i: number, item: { name: string }) => item.name }),
			onError: 'continueErrorOutput',
		});
		expect(batch.requests).toHaveLength(2);
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[1].json.error).toContain('shorter than 3 characters [item 1]');
		expect(output[0].json.campaignToken).toBeDefined();
	});

	it('sends a raw JSON body after checking it', async () => {
		const json = {
			name: 'Raw JSON',
			live: false,
			push_time: 'now',
			messages: [{ language: 'en', body: 'Hi' }],
			push_type: 'alert',
		};
		await runNode(batch, {
			items: [{}],
			parameters: {
				resource: 'campaign',
				operation: 'create',
				define: 'json',
				campaignJson: JSON.stringify(json),
			},
		});
		expect(batch.requests[0].note).toEqual(json);
	});

	it("shows Batch's own words and where the keys are when the REST key is wrong, never the key", async () => {
		const error = await runError(batch, {
			items: [{}],
			parameters: create(),
			credential: { restApiKey: 'wrong-secret-key' },
		});
		expect(error.message).toContain('401 (10) Authentication invalid [item 0]');
		expect(error.description).toContain('Settings → General');
		expect(JSON.stringify(error)).not.toContain('wrong-secret-key');
		expect(batch.requests).toHaveLength(1);
	});

	it('retries a 503 with backoff and then creates the campaign once', async () => {
		batch.inject({ path: /campaigns\/create$/, status: 503, headers: { 'Retry-After': '0' } });
		const output = await runNode(batch, { items: [{}], parameters: create() });
		expect(batch.requests.map((r) => r.status)).toEqual([503, 201]);
		expect(batch.campaigns.size).toBe(1);
		expect(output[0].json.campaignToken).toBeDefined();
	});
});

describe('Campaign → Get, Get Many, Get Stats, Update, Delete', () => {
	it('reads, lists, updates, gets stats for and deletes a created campaign', async () => {
		const [created] = await runNode(batch, { items: [{}], parameters: create() });
		const campaignId = created.json.campaignToken as string;

		const [got] = await runNode(batch, {
			items: [{}],
			parameters: { resource: 'campaign', operation: 'get', campaignId },
		});
		expect(got.json).toMatchObject({ campaign_token: campaignId, name: 'Spring sale' });

		const many = await runNode(batch, {
			items: [{}],
			parameters: {
				resource: 'campaign',
				operation: 'getMany',
				returnAll: true,
				filters: { live: 'true' },
			},
		});
		expect(many.map((o) => o.json.campaign_token)).toContain(campaignId);
		expect(batch.requests.at(-1)?.rawQuery).toBe('live=true&from=0&limit=100');

		const [updated] = await runNode(batch, {
			items: [{}],
			parameters: {
				resource: 'campaign',
				operation: 'update',
				campaignId,
				define: 'fields',
				updateFields: { live: false },
			},
		});
		expect(updated.json).toMatchObject({ campaignToken: campaignId, updated: true });
		expect(batch.campaigns.get(campaignId).live).toBe(false);

		const [stats] = await runNode(batch, {
			items: [{}],
			parameters: { resource: 'campaign', operation: 'getStats', campaignId },
		});
		expect(stats.json).toMatchObject({
			campaign_token: campaignId,
			detail: [expect.objectContaining({ sent: 754 })],
		});

		const [deleted] = await runNode(batch, {
			items: [{}],
			parameters: { resource: 'campaign', operation: 'delete', campaignId },
		});
		expect(deleted.json).toEqual({ campaignToken: campaignId, deleted: true });
		expect(batch.campaigns.has(campaignId)).toBe(false);
	});

	it('pages Get Many 100 at a time up to the limit', async () => {
		for (let i = 0; i < 130; i++)
			batch.campaigns.set(`t${i}`, { campaign_token: `t${i}`, name: `c${i}`, live: true });
		const many = await runNode(batch, {
			items: [{}],
			parameters: {
				resource: 'campaign',
				operation: 'getMany',
				returnAll: false,
				limit: 120,
				filters: {},
			},
		});
		expect(many).toHaveLength(120);
		expect(batch.requests.map((r) => r.rawQuery)).toEqual([
			'from=0&limit=100',
			'from=100&limit=20',
		]);
		batch.campaigns.clear();
	});

	it("names the item and keeps Batch's message for an unknown campaign", async () => {
		const error = await runError(batch, {
			items: [{}, {}],
			parameters: {
				resource: 'campaign',
				operation: 'get',
				campaignId: (i: number) => (i === 1 ? 'nope' : 'nope0'),
			},
		});
		expect(error.message).toMatch(/404 \(20\) Campaign not found \[item 0\]/);
	});
});

describe('Campaign → From List (a resource locator)', () => {
	it('lists the app’s campaigns by name, finds them by part of the name, and pages past 100', async () => {
		for (let i = 0; i < 101; i++)
			await runNode(batch, {
				items: [{}],
				parameters: create({
					name: i === 7 ? 'Black Friday teaser' : `Campaign ${i}`,
					live: i !== 7,
				}),
			});
		const first = await searchCampaigns(batch);
		expect(first.results).toHaveLength(100);
		expect(first.paginationToken).toBe('100');
		expect((await searchCampaigns(batch, undefined, first.paginationToken)).results).toHaveLength(
			1,
		);
		const found = await searchCampaigns(batch, 'friday');
		expect(found.results).toEqual([
			{
				name: 'Black Friday teaser (stopped or draft)',
				value: expect.stringMatching(/^[0-9a-f]{32}$/),
			},
		]);
		// What the list gives is what the operations take.
		const [got] = await runNode(batch, {
			items: [{}],
			parameters: {
				resource: 'campaign',
				operation: 'get',
				campaignId: { __rl: true, mode: 'list', value: found.results[0].value },
			},
		});
		expect(got.json).toMatchObject({
			campaign_token: found.results[0].value,
			name: 'Black Friday teaser',
		});
	});

	it('takes a token typed By Token, and a token saved before the field offered a list', async () => {
		const [created] = await runNode(batch, { items: [{}], parameters: create() });
		const token = created.json.campaignToken as string;
		for (const campaignId of [{ __rl: true, mode: 'id', value: ` ${token} ` }, token]) {
			const [stats] = await runNode(batch, {
				items: [{}],
				parameters: { resource: 'campaign', operation: 'getStats', campaignId },
			});
			expect(stats.json).toMatchObject({ campaign_token: token });
		}
	});
});
