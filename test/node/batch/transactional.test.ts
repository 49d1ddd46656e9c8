import { answerOf } from '../../helpers/output';
import { runError, runNode, startBatch, type BatchEmulator } from './context';

let batch: BatchEmulator;
beforeAll(async () => {
	batch = await startBatch();
});
afterAll(() => batch.stop());
beforeEach(() => batch.reset());

const send = (overrides: Record<string, unknown> = {}) => ({
	resource: 'transactional',
	operation: 'send',
	define: 'fields',
	groupId: 'order_shipped',
	title: 'Shipped',
	body: 'Your order is on its way',
	customIds: (_i: number, item: { ids: string[] }) => item.ids,
	...overrides,
});

type Note = {
	token: string;
	count: number;
	message: Record<string, unknown>;
	recipients: Record<string, string[]>;
};
const sentCalls = () => batch.requests.filter((r) => r.status === 201).map((r) => r.note as Note);

describe('Transactional → Send against the emulator', () => {
	it('sends 25,000 recipients as 3 calls of 10,000, 10,000 and 5,000, each recipient once, with the token mapped to every item', async () => {
		const items = Array.from({ length: 50 }, (_, item) => ({
			ids: Array.from({ length: 500 }, (_, r) => `user-${item}-${r}`),
		}));
		const output = await runNode(batch, { items, parameters: send() });
		const calls = sentCalls();
		expect(calls.map((c) => c.count).sort((a, b) => b - a)).toEqual([10000, 10000, 5000]);
		const recipients = calls.flatMap((c) => c.recipients.custom_ids);
		expect(recipients).toHaveLength(25000);
		expect(new Set(recipients).size).toBe(25000);
		expect(batch.requests.every((r) => r.headers['x-authorization'] === batch.restApiKey)).toBe(
			true,
		);

		expect(output).toHaveLength(50);
		const tokens = new Set(calls.map((c) => c.token));
		for (const [index, item] of output.entries()) {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({ status: 'sent', recipients: 500, sent: 500, failed: 0 });
			for (const request of item.json.requests as Array<{ token: string }>)
				expect(tokens.has(request.token)).toBe(true);
		}
		// item 19 (recipients 9,500-9,999) and item 20 (10,000-10,499) meet at the first boundary
		expect((output[20].json.requests as unknown[]).length).toBe(1);
	});

	it('sends two different messages in separate calls, and items with equal messages together', async () => {
		const output = await runNode(batch, {
			items: [
				{ ids: ['a'], lang: 'en' },
				{ ids: ['b'], lang: 'fr' },
				{ ids: ['c'], lang: 'en' },
			],
			parameters: send({
				body: (_i: number, item: { lang: string }) =>
					item.lang === 'fr' ? 'Votre commande arrive' : 'Your order is on its way',
			}),
		});
		const calls = sentCalls();
		expect(calls).toHaveLength(2);
		const byBody = Object.fromEntries(
			calls.map((c) => [(c.message.message as { body: string }).body, c.recipients.custom_ids]),
		);
		expect(byBody).toEqual({
			'Your order is on its way': ['a', 'c'],
			'Votre commande arrive': ['b'],
		});
		expect(output[0].json.requests).toEqual([
			expect.objectContaining({
				token: (output[2].json.requests as Array<{ token: string }>)[0].token,
			}),
		]);
	});

	it('after a 429 with Retry-After, sends again and delivers no recipient twice', async () => {
		batch.inject({ path: /transactional\/send$/, status: 429, headers: { 'Retry-After': '0' } });
		const output = await runNode(batch, {
			items: [{ ids: ['a', 'b'] }, { ids: ['c'] }],
			parameters: send(),
		});
		expect(batch.requests.map((r) => r.status)).toEqual([429, 201]);
		expect(sentCalls().flatMap((c) => c.recipients.custom_ids)).toEqual(['a', 'b', 'c']);
		expect(output.map((o) => o.json.status)).toEqual(['sent', 'sent']);
	});

	it('after a 429 without Retry-After and a dropped connection, backs off and sends once', async () => {
		batch.inject({ path: /transactional\/send$/, status: 429 });
		batch.inject({ path: /transactional\/send$/, drop: true });
		const output = await runNode(batch, { items: [{ ids: ['a'] }], parameters: send() });
		expect(batch.requests.map((r) => r.status)).toEqual([429, 0, 201]);
		expect(sentCalls()).toHaveLength(1);
		expect(output[0].json.status).toBe('sent');
	}, 15000);

	it('reads tokens, custom IDs and install IDs from one value, an array or a list, one call per kind', async () => {
		await runNode(batch, {
			items: [{}],
			parameters: send({ customIds: 'u1, u2', devices: ['tok1'], installIds: 'inst1\ninst2' }),
		});
		const recipients = sentCalls().map((c) => c.recipients);
		expect(recipients).toEqual(
			expect.arrayContaining([
				{ custom_ids: ['u1', 'u2'] },
				{ tokens: ['tok1'] },
				{ install_ids: ['inst1', 'inst2'] },
			]),
		);
		expect(recipients).toHaveLength(3);
	});

	it("sends message options under Batch's names", async () => {
		await runNode(batch, {
			items: [{ ids: ['a'] }],
			parameters: send({
				options: {
					deeplink: 'app://o/1',
					customPayload: '{"order":1}',
					priority: 'normal',
					timeToLive: 600,
					labels: 'orders',
				},
			}),
		});
		expect(JSON.parse(batch.requests[0].body.toString())).toEqual({
			group_id: 'order_shipped',
			recipients: { custom_ids: ['a'] },
			message: { title: 'Shipped', body: 'Your order is on its way' },
			priority: 'normal',
			time_to_live: 600,
			deeplink: 'app://o/1',
			custom_payload: '{"order":1}',
			labels: ['orders'],
		});
	});

	it('refuses an item without recipients before sending anything, naming it', async () => {
		const error = await runError(batch, {
			items: [{ ids: ['a'] }, { ids: [] }],
			parameters: send(),
		});
		expect(error.message).toBe('The item has no recipients [item 1]');
		expect(batch.requests).toHaveLength(0);
	});

	it('with continue-on-fail, marks the items of a refused call failed and counts every recipient', async () => {
		batch.inject({
			path: /transactional\/send$/,
			nth: 2,
			status: 400,
			body: { code: 31, message: 'recipients.custom_ids must be an array of strings' },
		});
		const output = await runNode(batch, {
			items: [
				{ ids: ['a'], m: 'one' },
				{ ids: ['b', 'c'], m: 'two' },
				{ ids: ['d'], m: 'three' },
			],
			parameters: send({ body: (_i: number, item: { m: string }) => item.m }),
			onError: 'continueErrorOutput',
		});
		expect(output.map((o) => answerOf(o).status)).toEqual(['sent', 'failed', 'sent']);
		expect(output[1].json.error).toBe(
			'Batch refused the transactional send: 400 (31) recipients.custom_ids must be an array of strings [item 1]',
		);
		const total = output.reduce(
			(sum, o) => sum + (answerOf(o).sent as number) + (answerOf(o).failed as number),
			0,
		);
		expect(total).toBe(4);
	});

	it('keeps the REST key out of every output item, also when Batch refuses the key', async () => {
		const wrongKey = ['leaky', 'secret', '123'].join('-');
		const output = await runNode(batch, {
			items: [{ ids: ['a'] }, { ids: ['b'] }],
			parameters: send(),
			onError: 'continueErrorOutput',
			credential: { restApiKey: wrongKey },
		});
		expect(output.map((o) => answerOf(o).status)).toEqual(['failed', 'failed']);
		expect(output[0].json.error).toContain('401 (10) Authentication invalid');
		expect(JSON.stringify(output)).not.toContain(wrongKey);
		expect(JSON.stringify(output.map((o) => answerOf(o).errorDescription))).not.toContain(wrongKey);
	});
});
