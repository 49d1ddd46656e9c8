import { runNode, startBatch, type BatchEmulator } from './context';

let batch: BatchEmulator;
beforeAll(async () => {
	batch = await startBatch();
});
afterAll(() => batch.stop());
beforeEach(() => batch.reset());

const fields = {
	define: 'fields',
	overwrite: false,
	customId: (_i: number, item: { id: string }) => item.id,
	attributes: {
		attribute: [
			{ name: 'plan', type: 'string', value: (_i: number, item: { plan: string }) => item.plan },
		],
	},
	tags: { collection: [{ collection: 'interests', mode: 'add', tags: 'sports' }] },
};

describe('Custom Data against the emulator', () => {
	it('Update User posts {overwrite, values} to /1.0/{apiKey}/data/users/{id}', async () => {
		const output = await runNode(batch, {
			items: [{ id: 'user 1', plan: 'premium' }],
			parameters: { resource: 'customData', operation: 'updateUser', ...fields },
		});
		expect(batch.requests[0].path).toBe(`/1.0/${batch.apiKey}/data/users/user%201`);
		expect(batch.requests[0].note).toEqual({
			id: 'user 1',
			update: {
				overwrite: false,
				values: { 'u.plan': 'premium', 'ut.interests': { $add: ['sports'] } },
			},
		});
		expect(output[0].json).toMatchObject({
			status: 'updated',
			customId: 'user 1',
			token: expect.any(String),
		});
	});

	it('Bulk Update packs 25,000 items into calls of 10,000, 10,000 and 5,000, each user once and paired to its item', async () => {
		const items = Array.from({ length: 25000 }, (_, i) => ({
			id: `u${i}`,
			plan: i % 2 ? 'free' : 'premium',
		}));
		const output = await runNode(batch, {
			items,
			parameters: { resource: 'customData', operation: 'bulkUpdate', ...fields },
		});
		const calls = batch.requests.map(
			(r) =>
				r.note as {
					ids: string[];
					users: Array<{ id: string; update: { values: Record<string, unknown> } }>;
				},
		);
		expect(calls.map((c) => c.ids.length).sort((a, b) => b - a)).toEqual([10000, 10000, 5000]);
		const ids = calls.flatMap((c) => c.ids);
		expect(new Set(ids).size).toBe(25000);
		const user7 = calls.flatMap((c) => c.users).find((u) => u.id === 'u7');
		expect(user7?.update.values['u.plan']).toBe('free');
		expect(output).toHaveLength(25000);
		expect(output[24999]).toMatchObject({
			json: { status: 'updated', recipient: 'u24999', sent: 1 },
			pairedItem: { item: 24999 },
		});
	});

	it('Delete User deletes the custom data of each item', async () => {
		const output = await runNode(batch, {
			items: [{ id: 'u1' }, { id: 'u2' }],
			parameters: {
				resource: 'customData',
				operation: 'deleteUser',
				customId: (_i: number, item: { id: string }) => item.id,
			},
		});
		expect(batch.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			`DELETE /1.0/${batch.apiKey}/data/users/u1`,
			`DELETE /1.0/${batch.apiKey}/data/users/u2`,
		]);
		expect(output.map((o) => o.json.status)).toEqual(['deleted', 'deleted']);
	});
});
