import { NodeOperationError, sleep } from 'n8n-workflow';

import { runBulkSend, type BulkSendSpec } from '../../../packages/core/bulkSend';
import { responseError } from '../../../packages/core/errors';
import { parseRecipientList } from '../../../packages/core/recipients';
import { createEmulator, type Emulator } from '../../emulators/emulator';
import { entryOf, MAX_RECORDS, SendKeyLedger } from '../../../packages/core/sendKey';
import {
	createExecuteContext,
	httpRequest,
	ProcessedDataStore,
} from '../../helpers/execute-context';
import { instantClock } from '../../helpers/clock';

const fixed = (n: number) => ({ fixed: n, start: n, max: n });

/** A toy service: POST /send {message, to[]} → 201 {id}; more than 3 recipients → 413. */
let service: Emulator;
beforeAll(async () => {
	service = createEmulator({
		name: 'toy',
		faultBody: (status: number) => ({ error: `fault ${status}` }),
		handle: (req: { body: Buffer; n: number }) => {
			const body = JSON.parse(req.body.toString());
			if (body.to.length > 3) return { status: 413, body: { error: 'too many' } };
			return { status: 201, body: { id: `req-${req.n}` }, note: body };
		},
	});
	await service.start();
});
afterAll(() => service.stop());
beforeEach(() => service.reset());

type Group = { message: string };

function spec(
	ctx: ReturnType<typeof createExecuteContext>,
	overrides: Partial<BulkSendSpec<Group>> = {},
): BulkSendSpec<Group> {
	return {
		prepare(itemIndex) {
			const message = ctx.getNodeParameter('message', itemIndex) as string;
			if (!message)
				throw new NodeOperationError(ctx.getNode(), 'The message is empty', { itemIndex });
			return [
				{
					itemIndex,
					groupKey: message,
					group: { message },
					recipients: parseRecipientList(ctx.getNodeParameter('to', itemIndex)),
				},
			];
		},
		recipientsOf: (itemIndex) => [
			{ recipients: parseRecipientList(ctx.getNodeParameter('to', itemIndex)) },
		],
		limits: { maxRecipients: 10 },
		concurrency: fixed(2),
		retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
		send: (request) =>
			httpRequest({
				method: 'POST',
				url: `${service.url}/send`,
				body: { message: request.group.message, to: request.segments.flatMap((s) => s.recipients) },
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			}),
		accept: (_request, response) => ({ ids: { id: (response.body as { id: string }).id } }),
		reject: (_request, response, itemIndexes) =>
			responseError(ctx.getNode(), response, itemIndexes, {
				serviceMessage: JSON.stringify(response.body),
			}),
		clock: instantClock(),
		...overrides,
	};
}

const sentRecipients = () =>
	service.recorded((r) => r.status === 201).flatMap((r) => r.note.to as string[]);

describe('runBulkSend', () => {
	it('answers every item, paired to it, with the request that carried it, after a 413 halves a request', async () => {
		const ctx = createExecuteContext({
			items: [{ to: ['a', 'b'] }, { to: ['c', 'd', 'e'] }],
			parameters: { message: 'hi', to: (_i: number, item: { to: string[] }) => item.to },
		});
		const output = await runBulkSend(ctx, 2, spec(ctx));
		expect(sentRecipients().sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(output[0].json).toMatchObject({ status: 'sent', recipients: 2, sent: 2, failed: 0 });
		expect(output[1].json).toMatchObject({ status: 'sent', recipients: 3, sent: 3, failed: 0 });
		// the first request (5 recipients) was refused with 413 and went out as two halves
		expect(service.requests.map((r) => r.status)).toEqual([413, 201, 201]);
		const requestsOfItem1 = output[1].json.requests as Array<{
			request: number;
			recipients: number;
		}>;
		expect(requestsOfItem1.reduce((sum, r) => sum + r.recipients, 0)).toBe(3);
	});

	it('sends nothing when one item is invalid and names that item', async () => {
		const ctx = createExecuteContext({
			items: [{}, {}, {}],
			parameters: { message: (i: number) => (i === 2 ? '' : 'hi'), to: 'x' },
		});
		await expect(runBulkSend(ctx, 3, spec(ctx))).rejects.toThrow('The message is empty [item 2]');
		expect(service.requests).toHaveLength(0);
	});

	it('with continue-on-fail, holds back invalid items and sends the rest', async () => {
		const ctx = createExecuteContext({
			items: [{}, {}, {}],
			parameters: { message: (i: number) => (i === 1 ? '' : 'hi'), to: (i: number) => `r${i}` },
			onError: 'continueErrorOutput',
		});
		const output = await runBulkSend(ctx, 3, spec(ctx));
		expect(sentRecipients()).toEqual(['r0', 'r2']);
		// On the error output the answer travels in `details`, the only shape n8n routes there without replacing it.
		expect(output[1].json).toEqual({
			error: 'The message is empty [item 1]',
			details: {
				status: 'failed',
				recipient: 'r1',
				recipients: 1,
				sent: 0,
				failed: 1,
				requests: [],
				undelivered: ['r1'],
				error: 'The message is empty [item 1]',
			},
		});
		expect(output[1].error).toBeUndefined();
		expect(output[0].json).toMatchObject({ status: 'sent', recipients: 1, sent: 1 });
	});

	it('retries a 429 and sends each recipient once', async () => {
		service.inject({ path: '/send', status: 429, headers: { 'Retry-After': '0' } });
		const ctx = createExecuteContext({ items: [{}], parameters: { message: 'hi', to: 'a,b' } });
		const output = await runBulkSend(ctx, 1, spec(ctx));
		expect(service.requests.map((r) => r.status)).toEqual([429, 201]);
		expect(sentRecipients()).toEqual(['a', 'b']);
		expect(output[0].json).toMatchObject({
			status: 'sent',
			requests: [{ request: 1, status: 'sent', id: 'req-2' }],
		});
	});

	it('does not retry before a Retry-After longer than it waits: that item says when to try again, and the requests after it are not sent', async () => {
		service.inject({ path: '/send', nth: 2, status: 429, headers: { 'Retry-After': '120' } });
		const ctx = createExecuteContext({
			items: [{}, {}, {}],
			parameters: { message: (i: number) => `m${i}`, to: (i: number) => `r${i}` },
			onError: 'continueRegularOutput',
		});
		const started = Date.now();
		const output = await runBulkSend(ctx, 3, {
			...spec(ctx),
			concurrency: fixed(1),
			clock: undefined,
		});
		expect(Date.now() - started).toBeLessThan(5000);
		expect(service.requests.map((r) => r.status)).toEqual([201, 429]);
		expect(output.map((o) => o.json.status)).toEqual(['sent', 'failed', 'failed']);
		expect(output[1].json.errorDescription).toMatch(
			/^The service asked to wait 120 s before the next request \(until \d{4}-\d\d-\d\dT[\d:.]+Z\); this node waits at most 0 s, so it stopped instead of trying again early\. Run it again after that time\./,
		);
		expect(output[2].json.error).toMatch(
			/^Not sent: the service asked for no requests until \d{4}-.*Z \[item 2\]$/,
		);
		expect(output[2].json.undelivered).toEqual(['r2']);
	});

	it('keeps the description of a simple failure short: one item, one refused request, nothing delivered', async () => {
		service.inject({ path: '/send', status: 400, body: { error: 'bad' } });
		const ctx = createExecuteContext({ items: [{}], parameters: { message: 'hi', to: 'a' } });
		const error = await runBulkSend(ctx, 1, spec(ctx)).catch((e) => e);
		expect(error.message).toBe('The service refused the request: 400 {"error":"bad"} [item 0]');
		expect(error.description ?? '').not.toMatch(/had already been delivered|Send Key|On Error/);
	});

	it('retries a dropped connection', async () => {
		service.inject({ path: '/send', drop: true });
		const ctx = createExecuteContext({ items: [{}], parameters: { message: 'hi', to: 'a' } });
		const output = await runBulkSend(ctx, 1, spec(ctx));
		expect(output[0].json.status).toBe('sent');
		expect(service.requests).toHaveLength(2);
	});

	it('stops after a refused request without continue-on-fail and says what was already delivered', async () => {
		service.inject({ path: '/send', nth: 2, status: 400, body: { error: 'bad' } });
		const ctx = createExecuteContext({
			items: [{}, {}, {}],
			parameters: { message: (i: number) => `m${i}`, to: 'a' },
		});
		const error = await runBulkSend(ctx, 3, { ...spec(ctx), concurrency: fixed(1) }).catch(
			(e) => e,
		);
		expect(error.message).toContain('[item 1]');
		expect(error.description).toContain(
			'1 recipient(s) had already been delivered and 1 request(s) were not sent',
		);
		expect(error.description).toContain(
			'set Options → Send Key so that a re-run sends only what was not delivered',
		);
		expect(service.requests).toHaveLength(2);
	});

	it('with continue-on-fail, marks only the items of a refused request as failed, and the counts add up', async () => {
		service.inject({ path: '/send', nth: 2, status: 400, body: { error: 'bad' } });
		const ctx = createExecuteContext({
			items: [{}, {}, {}],
			parameters: { message: (i: number) => `m${i}`, to: 'a,b' },
			onError: 'continueRegularOutput',
		});
		const output = await runBulkSend(ctx, 3, { ...spec(ctx), concurrency: fixed(1) });
		expect(output.map((o) => o.json.status)).toEqual(['sent', 'failed', 'sent']);
		expect(output[1].json.error).toMatch(/400 .*bad.*\[item 1\]/);
		const total = output.reduce(
			(sum, o) => sum + (o.json.sent as number) + (o.json.failed as number),
			0,
		);
		expect(total).toBe(6);
	});

	it('reports segments the service refused inside a successful call as failed items', async () => {
		const ctx = createExecuteContext({
			items: [{}, {}],
			parameters: { message: 'hi', to: (i: number) => `r${i}` },
			onError: 'continueRegularOutput',
		});
		const output = await runBulkSend(ctx, 2, {
			...spec(ctx),
			accept: () => ({ ids: { id: 'x' }, refused: [{ segment: 1, message: 'invalid profile' }] }),
		});
		expect(output[0].json).toMatchObject({ status: 'sent', sent: 1 });
		expect(output[1].json).toMatchObject({
			status: 'failed',
			failed: 1,
			error: 'invalid profile [item 1]',
		});
	});
});

describe('runBulkSend with a Send Key', () => {
	/** Items of `to` lists sharing one message, sent with a Send Key over a shared n8n deduplication store. */
	const keyed = (
		store: ProcessedDataStore,
		lists: string[][],
		options: {
			message?: (i: number) => string;
			onError?: 'continueRegularOutput' | 'continueErrorOutput';
			key?: string;
			forget?: boolean;
		} = {},
	) => {
		const ctx = createExecuteContext({
			items: lists.map((to) => ({ to })),
			parameters: {
				message: options.message ?? 'hi',
				to: (_i: number, item: { to: string[] }) => item.to,
			},
			onError: options.onError,
			processedData: store,
		});
		return {
			ctx,
			spec: {
				...spec(ctx),
				limits: { maxRecipients: 3 },
				sendKey: { keyOf: () => options.key ?? 'spring-sale', forget: options.forget },
			},
		};
	};
	const people = (from: number, count: number) =>
		Array.from({ length: count }, (_, i) => `p${from + i}`);
	const acceptedCount = () => {
		const counts = new Map<string, number>();
		for (const recipient of sentRecipients())
			counts.set(recipient, (counts.get(recipient) ?? 0) + 1);
		return counts;
	};

	it('after a run stopped by a refused request, a re-run with the same key sends only what was not delivered', async () => {
		const store = new ProcessedDataStore();
		const lists = [people(0, 4), people(4, 4), people(8, 4)];
		service.inject({ path: '/send', nth: 2, status: 400, body: { error: 'bad' } });
		const first = keyed(store, lists);
		const error = await runBulkSend(first.ctx, 3, { ...first.spec, concurrency: fixed(1) }).catch(
			(e) => e,
		);
		expect(error.description).toContain(
			'Run the workflow again with the same Send Key ("spring-sale") to send only what was not delivered',
		);
		const deliveredFirst = sentRecipients();
		expect(deliveredFirst).toHaveLength(3);

		const again = keyed(store, lists);
		const output = await runBulkSend(again.ctx, 3, again.spec);
		expect([...acceptedCount().values()].every((n) => n === 1)).toBe(true);
		expect([...acceptedCount().keys()].sort()).toEqual(people(0, 12).sort());
		const resumed = output.reduce((sum, o) => sum + (o.json.resumed as number), 0);
		expect(resumed).toBe(3);
		expect(output.every((o) => o.json.status === 'sent' && o.json.sendKey === 'spring-sale')).toBe(
			true,
		);
		const resumedEntries = output
			.flatMap((o) => o.json.requests as Array<{ resumed?: boolean; recipients: number }>)
			.filter((r) => r.resumed);
		expect(resumedEntries.reduce((sum, r) => sum + r.recipients, 0)).toBe(3);
	});

	it('recognises what was delivered when the items come back in reverse order and split over other items', async () => {
		const store = new ProcessedDataStore();
		service.inject({ path: '/send', nth: 2, status: 400, body: { error: 'bad' } });
		const first = keyed(store, [people(0, 5), people(5, 5)], { onError: 'continueRegularOutput' });
		const firstOutput = await runBulkSend(first.ctx, 2, { ...first.spec, concurrency: fixed(1) });
		const undelivered = firstOutput.flatMap(
			(o) => (o.json.undelivered as string[] | undefined) ?? [],
		);
		expect(undelivered).toHaveLength(3);
		expect(
			firstOutput.reduce((sum, o) => sum + (o.json.sent as number) + (o.json.failed as number), 0),
		).toBe(10);

		// The same ten people, other items, reverse order.
		const again = keyed(store, [people(7, 3).reverse(), people(0, 7).reverse()]);
		const output = await runBulkSend(again.ctx, 2, again.spec);
		expect([...acceptedCount().keys()].sort()).toEqual(people(0, 10).sort());
		expect([...acceptedCount().values()].every((n) => n === 1)).toBe(true);
		expect(output.reduce((sum, o) => sum + (o.json.resumed as number), 0)).toBe(
			10 - undelivered.length,
		);
	});

	it('refuses, before sending anything, recipients who already got a different message under the key', async () => {
		const store = new ProcessedDataStore();
		const first = keyed(store, [people(0, 3), people(3, 3)], { message: () => 'first text' });
		await runBulkSend(first.ctx, 2, first.spec);
		service.reset();

		// The text was edited, and the items now arrive the other way round.
		const changed = keyed(store, [people(3, 3), people(0, 3)], { message: () => 'second text' });
		const error = await runBulkSend(changed.ctx, 2, changed.spec).catch((e) => e);
		expect(error.message).toBe(
			'Recipients of these items already got a different notification under the Send Key "spring-sale"; nothing was sent to them again [items 0-1]',
		);
		expect(error.description).toContain('use a new Send Key');
		expect(service.requests).toHaveLength(0);

		const goingOn = keyed(store, [people(3, 3), people(0, 3)], {
			message: () => 'second text',
			onError: 'continueRegularOutput',
		});
		const output = await runBulkSend(goingOn.ctx, 2, goingOn.spec);
		expect(output.map((o) => o.json.status)).toEqual(['failed', 'failed']);
		expect(output.flatMap((o) => o.json.undelivered as string[]).sort()).toEqual(people(0, 6));
		expect(service.requests).toHaveLength(0);
	});

	it('recognises a request that went out as halves after a 413', async () => {
		const store = new ProcessedDataStore();
		// Four recipients in one request: the toy service takes at most three, so it halves.
		const first = keyed(store, [people(0, 4)]);
		await runBulkSend(first.ctx, 1, { ...first.spec, limits: { maxRecipients: 4 } });
		expect(service.requests.map((r) => r.status)).toEqual([413, 201, 201]);
		service.reset();
		const again = keyed(store, [people(0, 4)]);
		const output = await runBulkSend(again.ctx, 1, { ...again.spec, limits: { maxRecipients: 4 } });
		expect(service.requests).toHaveLength(0);
		expect(output[0].json).toMatchObject({ status: 'sent', sent: 4, resumed: 4 });
	});

	it('sends again exactly the recipients a service refused inside an accepted request', async () => {
		const store = new ProcessedDataStore();
		const lists = people(0, 3).map((p) => [p]);
		const first = keyed(store, lists, { onError: 'continueRegularOutput' });
		const firstOutput = await runBulkSend(first.ctx, 3, {
			...first.spec,
			// The service refuses p1, wherever the canonical order put it in the request.
			accept: (request) => ({
				ids: { id: 'x' },
				refused: [
					{
						segment: request.segments.findIndex((s) => s.recipients.includes('p1')),
						message: 'invalid profile',
					},
				],
			}),
		});
		expect(firstOutput.map((o) => o.json.status)).toEqual(['sent', 'failed', 'sent']);
		expect(firstOutput[1].json.undelivered).toEqual(['p1']);
		service.reset();
		const again = keyed(store, lists);
		const output = await runBulkSend(again.ctx, 3, again.spec);
		expect(sentRecipients()).toEqual(['p1']);
		expect(output.map((o) => o.json.resumed)).toEqual([1, 0, 1]);
	});

	it('with Forget Earlier Sends, sends everything again', async () => {
		const store = new ProcessedDataStore();
		const first = keyed(store, [people(0, 3)]);
		await runBulkSend(first.ctx, 1, first.spec);
		const again = keyed(store, [people(0, 3)], { forget: true });
		const output = await runBulkSend(again.ctx, 1, again.spec);
		expect(sentRecipients()).toHaveLength(6);
		expect(output[0].json.resumed).toBe(0);
	});

	it('keeps one record per request, not per recipient, and a re-run adds none of its own', async () => {
		const store = new ProcessedDataStore();
		const first = keyed(store, [people(0, 300)]);
		await runBulkSend(first.ctx, 1, {
			...first.spec,
			limits: { maxRecipients: 3 },
			concurrency: fixed(4),
		});
		const records = store.count('n:test-node');
		// 100 requests: a who and a what record each, and the key's own.
		expect(records).toBe(201);
		const again = keyed(store, [people(0, 300)]);
		await runBulkSend(again.ctx, 1, again.spec);
		expect(store.count('n:test-node')).toBe(records);
		// Records of requests that finished while a write was under way went out together.
		expect(store.calls.filter((call) => call.op === 'check').length).toBeLessThan(100);
	});

	it('keeps every record of a send larger than what the node keeps of earlier sends, so its re-run sends nothing again', async () => {
		const store = new ProcessedDataStore();
		// More requests than MAX_RECORDS / 2: their who and what records alone are more than that.
		const requests = MAX_RECORDS / 2 + 10;
		const recipients = people(0, requests);
		let sent = 0;
		// Answered in the process: this many requests over HTTP would take the test half a minute.
		const send = async () => ({ statusCode: 201, headers: {}, body: { id: `req-${++sent}` } });
		const first = keyed(store, [recipients]);
		await runBulkSend(first.ctx, 1, {
			...first.spec,
			send,
			limits: { maxRecipients: 1 },
			concurrency: fixed(16),
		});
		expect(sent).toBe(requests);
		const again = keyed(store, [recipients]);
		const output = await runBulkSend(again.ctx, 1, {
			...again.spec,
			send,
			limits: { maxRecipients: 1 },
			concurrency: fixed(16),
		});
		expect(sent).toBe(requests);
		expect(output[0].json).toMatchObject({ status: 'sent', resumed: requests });
	});

	it('refuses to trust the records when an earlier look-up never finished', async () => {
		const store = new ProcessedDataStore();
		const first = keyed(store, [people(0, 3)]);
		await runBulkSend(first.ctx, 1, first.spec);
		await store.checkProcessedAndRecord(
			'n:test-node',
			[SendKeyLedger.value('spring-sale', 'looking')],
			{ mode: 'entries' },
		);
		service.reset();
		const again = keyed(store, [people(0, 3)]);
		await expect(runBulkSend(again.ctx, 1, again.spec)).rejects.toThrow(
			'Another run with the Send Key "spring-sale" is checking what was delivered, or one stopped while it did',
		);
		expect(service.requests).toHaveLength(0);
	});

	it('without a Send Key, never touches n8n’s database', async () => {
		const store = new ProcessedDataStore();
		const { ctx } = keyed(store, [people(0, 3)]);
		await runBulkSend(ctx, 1, { ...spec(ctx), limits: { maxRecipients: 3 } });
		expect(store.calls).toEqual([]);
	});

	it('names every recipient that was not delivered, so an error branch can send exactly those', async () => {
		service.inject({ path: '/send', nth: 2, status: 400, body: { error: 'bad' } });
		const ctx = createExecuteContext({
			items: [{ to: people(0, 5) }],
			parameters: { message: 'hi', to: (_i: number, item: { to: string[] }) => item.to },
			onError: 'continueErrorOutput',
		});
		const [item] = await runBulkSend(ctx, 1, {
			...spec(ctx),
			limits: { maxRecipients: 3 },
			concurrency: fixed(1),
		});
		expect(Object.keys(item.json).sort()).toEqual(['details', 'error']);
		expect(item.json.details).toMatchObject({
			status: 'partial',
			recipients: 5,
			sent: 3,
			failed: 2,
			undelivered: ['p3', 'p4'],
		});
		expect(sentRecipients()).toEqual(['p0', 'p1', 'p2']);
	});
});

describe('runBulkSend when sending stops early', () => {
	const items = (count: number) => Array.from({ length: count }, (_, i) => ({ to: [`p${i}`] }));
	const parameters = { message: 'hi', to: (_i: number, item: { to: string[] }) => item.to };

	it('fails, not forgets, the requests a cancelled execution never sent', async () => {
		const cancel = new AbortController();
		const ctx = createExecuteContext({
			items: items(3),
			parameters,
			onError: 'continueRegularOutput',
			cancelSignal: cancel.signal,
		});
		const base = spec(ctx);
		const output = await runBulkSend(ctx, 3, {
			...base,
			limits: { maxRecipients: 1 },
			concurrency: fixed(1),
			send: async (request) => {
				const response = await base.send(request);
				cancel.abort();
				return response;
			},
		});
		expect(output.map((o) => o.json.status)).toEqual(['sent', 'failed', 'failed']);
		expect(output[1].json).toMatchObject({
			error: 'Not sent: the execution was cancelled',
			undelivered: ['p1'],
		});
		expect(sentRecipients()).toEqual(['p0']);
	});

	it('stops sending when a Send Key record cannot be written, and says what was delivered', async () => {
		class FailingStore extends ProcessedDataStore {
			async checkProcessedAndRecord(
				context: string,
				values: Array<string | number>,
				options: { mode: string; maxEntries?: number },
			) {
				// The key's own marker is written; every record after it fails.
				if (this.calls.length >= 1) throw new Error('SQLITE_BUSY: database is locked');
				return super.checkProcessedAndRecord(context, values, options);
			}
		}
		// 20 one-recipient requests, one lane: at most 8 go out before the lane waits for a record.
		const ctx = createExecuteContext({
			items: items(20),
			parameters,
			onError: 'continueRegularOutput',
			processedData: new FailingStore(),
		});
		const output = await runBulkSend(ctx, 20, {
			...spec(ctx),
			limits: { maxRecipients: 1 },
			concurrency: fixed(1),
			sendKey: { keyOf: () => 'launch' },
		});
		const sent = output.filter((o) => o.json.status === 'sent');
		const failed = output.filter((o) => o.json.status === 'failed');
		expect(sent.length + failed.length).toBe(20);
		expect(sent.length).toBeLessThanOrEqual(9);
		expect(sent.length).toBe(sentRecipients().length);
		expect(failed.length).toBeGreaterThan(0);
		for (const item of failed)
			expect(item.json.error).toBe(
				'n8n could not record what was delivered under the Send Key: SQLITE_BUSY: database is locked',
			);
	});
});

describe('runBulkSend on the failure paths of n8n and of the node itself', () => {
	const people = (from: number, count: number) =>
		Array.from({ length: count }, (_, i) => `p${from + i}`);
	const context = (
		lists: string[][],
		options: Partial<Parameters<typeof createExecuteContext>[0]> = {},
	) =>
		createExecuteContext({
			items: lists.map((to) => ({ to })),
			parameters: { message: 'hi', to: (_i: number, item: { to: string[] }) => item.to },
			...options,
		});

	it('with Retry On Fail, the try n8n makes after a refused request sends only what the first try did not deliver', async () => {
		const lists = [people(0, 4), people(4, 4), people(8, 4)];
		service.inject({ path: '/send', nth: 2, status: 400, body: { error: 'bad' } });
		const tryOnce = () => {
			const ctx = context(lists, { retryOnFail: true, executionId: 'retry-bulk' });
			return runBulkSend(ctx, 3, {
				...spec(ctx),
				limits: { maxRecipients: 3 },
				concurrency: fixed(1),
			});
		};
		await expect(tryOnce()).rejects.toThrow('400');
		expect(sentRecipients()).toHaveLength(3);
		const output = await tryOnce();
		expect(sentRecipients().sort()).toEqual(people(0, 12).sort());
		expect(output.map((o) => [o.json.status, o.json.sent])).toEqual([
			['sent', 4],
			['sent', 4],
			['sent', 4],
		]);
		// The first try's request is resumed, whichever items its (sorted) recipients came from.
		expect(output.reduce((sum, o) => sum + (o.json.resumed as number), 0)).toBe(3);
		expect(output[0].json.sendKey).toBeUndefined();
	});

	it('with Retry On Fail and Forget Earlier Sends, forgets once per run: the next try does not send again what the first delivered', async () => {
		const store = new ProcessedDataStore();
		const lists = [people(0, 3), people(3, 3)];
		service.inject({ path: '/send', nth: 2, status: 400, body: { error: 'bad' } });
		const tryOnce = () => {
			const ctx = context(lists, {
				retryOnFail: true,
				executionId: 'retry-forget',
				processedData: store,
			});
			return runBulkSend(ctx, 2, {
				...spec(ctx),
				limits: { maxRecipients: 3 },
				concurrency: fixed(1),
				sendKey: { keyOf: () => 'launch', forget: true },
			});
		};
		await expect(tryOnce()).rejects.toThrow('400');
		await tryOnce();
		expect(sentRecipients().sort()).toEqual(people(0, 6).sort());
		expect(store.calls.filter((call) => call.op === 'clear')).toHaveLength(1);
	});

	it('with Retry On Fail, writes nothing to n8n’s database', async () => {
		const store = new ProcessedDataStore();
		const ctx = context([people(0, 3)], { retryOnFail: true, processedData: store });
		await runBulkSend(ctx, 1, spec(ctx));
		expect(store.calls).toEqual([]);
	});

	it('an accepted request whose answer the operation cannot read still counts as sent, with a warning', async () => {
		const ctx = context([people(0, 2)], { onError: 'continueRegularOutput' });
		const [item] = await runBulkSend(ctx, 1, {
			...spec(ctx),
			accept: () => {
				throw new Error('Unexpected token < in JSON');
			},
		});
		expect(item.json).toMatchObject({ status: 'sent', sent: 2, failed: 0 });
		expect((item.json.requests as Array<{ warning: string }>)[0].warning).toBe(
			'The service accepted the request (201), but its answer could not be read: Unexpected token < in JSON',
		);
	});

	it('with continue-on-fail, when the Send Key records cannot be read, holds back the keyed items and names their recipients', async () => {
		class DownStore extends ProcessedDataStore {
			async checkProcessedAndRecord(): Promise<never> {
				throw new Error('SQLITE_BUSY: database is locked');
			}
		}
		const ctx = context([people(0, 2), people(2, 2)], {
			onError: 'continueErrorOutput',
			processedData: new DownStore(),
		});
		const output = await runBulkSend(ctx, 2, {
			...spec(ctx),
			sendKey: { keyOf: (i) => (i === 0 ? 'launch' : '') },
		});
		expect(output[0].json).toMatchObject({
			error: 'Not sent: SQLITE_BUSY: database is locked [item 0]',
			details: { status: 'failed', recipients: 2, sent: 0, failed: 2 },
		});
		expect((output[0].json.details as { undelivered: string[] }).undelivered.sort()).toEqual([
			'p0',
			'p1',
		]);
		expect(output[1].json).toMatchObject({ status: 'sent', sent: 2 });
		expect(sentRecipients()).toEqual(['p2', 'p3']);
	});
});

describe('entryOf (the digests a Send Key records for a request)', () => {
	const entry = (
		segments: Array<{ itemIndex: number; recipients: string[]; label?: string; content?: string }>,
	) => entryOf('k', 'group', { segments }, new Map());

	it('does not depend on which item held which recipient', () => {
		const whole = entry([{ itemIndex: 0, recipients: ['a', 'b', 'c'] }]);
		const split = entry([
			{ itemIndex: 4, recipients: ['a'] },
			{ itemIndex: 2, recipients: ['b', 'c'] },
		]);
		expect(split).toEqual(whole);
	});

	it('tells apart lists whose texts run together alike, kinds of recipient, and contents', () => {
		const base = entry([{ itemIndex: 0, recipients: ['ab', 'c'] }]);
		expect(entry([{ itemIndex: 0, recipients: ['a', 'bc'] }]).who).not.toBe(base.who);
		expect(entry([{ itemIndex: 0, recipients: ['ab\nc'] }]).who).not.toBe(base.who);
		expect(entry([{ itemIndex: 0, recipients: ['ab', 'c'], label: 'tokens' }]).who).not.toBe(
			base.who,
		);
		const withContent = entry([{ itemIndex: 0, recipients: ['ab', 'c'], content: 'x' }]);
		expect(withContent.who).toBe(base.who);
		expect(withContent.what).not.toBe(base.what);
	});
});

describe('SendKeyLedger (how records are written)', () => {
	afterEach(() => jest.useRealTimers());

	/** A ledger on a store whose every write takes 100 ms (n8n reads and rewrites the node's whole record array), and the writes it got. */
	const slowLedger = () => {
		const writes: Array<{ at: number; values: string[] }> = [];
		const started = Date.now();
		const store = {
			async checkAndRecord(values: string[]) {
				writes.push({ at: Date.now() - started, values });
				await sleep(100);
				return new Set<string>();
			},
			remove: async () => undefined,
			clear: async () => undefined,
		};
		const ledger = new SendKeyLedger(store, createExecuteContext({ items: [], parameters: {} }));
		return { ledger, writes };
	};
	const entry = (i: number) => ({ key: 'k', who: `who-${i}`, what: `what-${i}` });

	it('writes in larger groups when a write takes long, so that writing takes at most about a quarter of the time', async () => {
		jest.useFakeTimers();
		const { ledger, writes } = slowLedger();
		// An accepted request every 10 ms for 800 ms; lanes never wait (the limit of unrecorded requests is high).
		for (let i = 0; i < 80; i++) {
			await ledger.delivered([entry(i)], [], 1000);
			await jest.advanceTimersByTimeAsync(10);
		}
		const finishing = ledger.finish();
		await jest.advanceTimersByTimeAsync(2000);
		await finishing;
		// A write began at 0 ms and took 100 ms: the next ones no sooner than 400 ms after the one before.
		expect(writes.map((write) => write.at).slice(0, 3)).toEqual([0, 400, 800]);
		// Every value was handed to a write (and the end writes all this run wrote again, at once).
		expect(writes.slice(0, -1).reduce((sum, write) => sum + write.values.length, 0)).toBe(160);
		expect(writes[writes.length - 1].values).toHaveLength(160);
	});

	it('at the end, writes what still waits with the last write of everything, not once more before it', async () => {
		jest.useFakeTimers();
		const { ledger, writes } = slowLedger();
		// The first request's record is written at once; the next two wait for that write to end.
		for (let i = 0; i < 3; i++) await ledger.delivered([entry(i)], [], 1000);
		const finishing = ledger.finish();
		await jest.advanceTimersByTimeAsync(1000);
		await finishing;
		expect(writes.map((write) => write.values.length)).toEqual([2, 6]);
		expect(new Set(writes[1].values)).toEqual(new Set([...writes[0].values, ...writes[1].values]));
	});
});
