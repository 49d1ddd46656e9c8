import { runError, runNode, startBatch, type BatchEmulator } from './context';

let batch: BatchEmulator;
beforeAll(async () => {
	batch = await startBatch();
});
afterAll(() => batch.stop());
beforeEach(() => batch.reset());

const update = {
	resource: 'profile',
	operation: 'update',
	define: 'fields',
	customId: (_i: number, item: { id: string }) => item.id,
	attributes: { attribute: [{ name: '$language', type: 'string', value: 'fr' }] },
	eventsJson: '[]',
	options: {},
};

describe('Profile → Update against the emulator', () => {
	it('sends at most 200 operations per call with Bearer and X-Batch-Project, and marks exactly the items named by bulk_index failed', async () => {
		const items = Array.from({ length: 450 }, (_, i) => ({
			id: i === 5 || i === 260 ? `invalid-${i}` : `user-${i}`,
		}));
		const output = await runNode(batch, {
			items,
			parameters: update,
			onError: 'continueRegularOutput',
		});
		expect(batch.requests.map((r) => (r.note as { ids: string[] }).ids.length)).toEqual([
			200, 200, 50,
		]);
		for (const request of batch.requests) {
			expect(request.path).toBe('/2.11/profiles/update');
			expect(request.headers.authorization).toBe(`Bearer ${batch.restApiKey}`);
			expect(request.headers['x-batch-project']).toBe(batch.projectKey);
			expect(request.headers['x-authorization']).toBeUndefined();
		}
		const failed = output.flatMap((o, i) => (o.json.status === 'failed' ? [i] : []));
		expect(failed).toEqual([5, 260]);
		expect(output[260].json.error).toBe(
			'Batch refused the profile update: identifiers: INVALID_CUSTOM_ID [item 260]',
		);
		expect(output[261].json.status).toBe('updated');
		expect(output).toHaveLength(450);
	});

	it('without continue-on-fail, a partial error stops the run and names the item', async () => {
		const error = await runError(batch, {
			items: [{ id: 'a' }, { id: 'invalid-b' }],
			parameters: update,
		});
		expect(error.message).toContain('INVALID_CUSTOM_ID [item 1]');
	});

	it('refuses to run without a project key in the credential, before sending', async () => {
		const error = await runError(batch, {
			items: [{ id: 'a' }],
			parameters: update,
			credential: { projectKey: '' },
		});
		expect(error.message).toBe('The Batch.com credential has no project key');
		expect(batch.requests).toHaveLength(0);
	});

	it("keeps Batch's 2.x error body words when the project key is wrong", async () => {
		const error = await runError(batch, {
			items: [{ id: 'a' }],
			parameters: update,
			credential: { projectKey: 'project_other' },
		});
		expect(error.message).toContain(
			'401 (AUTHENTICATION_INVALID) The Rest API Key is not valid for this project [item 0]',
		);
	});
});

describe('Profile → Mass Update against the emulator', () => {
	const massUpdate = { ...update, operation: 'massUpdate' };
	const users = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `user-${i}` }));
	const sentIds = () =>
		batch.requests
			.filter((r) => r.status === 202)
			.flatMap((r) => (r.note as { ids: string[] }).ids);

	it('sends 25,000 profiles as 3 calls of at most 10,000 to profiles/mass-update, each profile once and every item updated', async () => {
		const output = await runNode(batch, { items: users(25_000), parameters: massUpdate });
		expect(batch.requests.map((r) => [r.path, (r.note as { ids: string[] }).ids.length])).toEqual([
			['/2.11/profiles/mass-update', 10_000],
			['/2.11/profiles/mass-update', 10_000],
			['/2.11/profiles/mass-update', 5_000],
		]);
		expect(new Set(sentIds()).size).toBe(25_000);
		const body = JSON.parse(batch.requests[2].body.toString());
		expect(body[0]).toEqual({
			identifiers: { custom_id: 'user-20000' },
			attributes: { $language: 'fr' },
		});
		expect(output).toHaveLength(25_000);
		expect(output[24_999].json).toMatchObject({
			status: 'updated',
			recipient: 'user-24999',
			sent: 1,
			requests: [{ request: 3, status: 'updated', code: 'SUCCESS' }],
		});
	});

	it('waits out a 429 and sends the refused call again, with no profile sent twice', async () => {
		batch.inject({
			path: /profiles\/mass-update$/,
			status: 429,
			headers: { 'Retry-After': '0' },
			times: 1,
		});
		const output = await runNode(batch, { items: users(12_000), parameters: massUpdate });
		expect(batch.requests.map((r) => r.status)).toEqual(expect.arrayContaining([429, 202, 202]));
		expect(sentIds().sort()).toEqual(
			users(12_000)
				.map((u) => u.id)
				.sort(),
		);
		expect(output.every((o) => o.json.status === 'updated')).toBe(true);
	});

	it('refuses it without a project key before any request, saying where the key is', async () => {
		const error = await runError(batch, {
			items: users(1),
			parameters: massUpdate,
			credential: { projectKey: '' },
		});
		expect(error.message).toBe('The Batch.com credential has no project key');
		expect(error.description).toContain(
			"uses Batch's CEP project API (2.x), which needs the project key",
		);
		expect(batch.requests).toHaveLength(0);
	});
});

describe('Profile → Track Event against the emulator', () => {
	const track = {
		resource: 'profile',
		operation: 'trackEvent',
		customId: (_i: number, item: { id: string }) => item.id,
		eventName: 'purchase',
		eventTime: '2030-01-02T03:04:05Z',
		attributes: {
			attribute: [
				{ name: 'amount', type: 'float', value: '20.5' },
				{ name: 'receipt', type: 'url', value: 'https://shop.example/r/1' },
			],
		},
		options: {},
	};

	it('tracks one event per item on its profile, 200 operations a call to profiles/update, in the documented shape', async () => {
		const items = Array.from({ length: 250 }, (_, i) => ({ id: `user-${i}` }));
		const output = await runNode(batch, { items, parameters: track });
		expect(batch.requests.map((r) => [r.path, (r.note as { ids: string[] }).ids.length])).toEqual([
			['/2.11/profiles/update', 200],
			['/2.11/profiles/update', 50],
		]);
		expect(JSON.parse(batch.requests[1].body.toString())[0]).toEqual({
			identifiers: { custom_id: 'user-200' },
			events: [
				{
					name: 'purchase',
					time: '2030-01-02T03:04:05.000Z',
					attributes: { amount: 20.5, 'url(receipt)': 'https://shop.example/r/1' },
				},
			],
		});
		expect(output[249].json).toMatchObject({ status: 'updated', recipient: 'user-249', sent: 1 });
	});

	it('refuses an item without an event name or with a time that is not one, before sending, naming it', async () => {
		const noName = await runError(batch, {
			items: [{ id: 'u1' }, { id: 'u2' }],
			parameters: { ...track, eventName: (i: number) => (i === 1 ? '' : 'purchase') },
		});
		expect(noName.message).toMatch(/Event 1 has no "name" \[item 1\]/);
		const badTime = await runError(batch, {
			items: [{ id: 'u1' }],
			parameters: { ...track, eventTime: 'yesterday' },
		});
		expect(badTime.message).toMatch(/Event Time "yesterday" is not a date and time \[item 0\]/);
		expect(batch.requests).toHaveLength(0);
	});
});
