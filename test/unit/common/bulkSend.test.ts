import { NodeOperationError } from 'n8n-workflow';

import { runBulkSend, type BulkSendSpec } from '../../../nodes/common/bulkSend';
import { responseError } from '../../../nodes/common/errors';
import { parseRecipientList } from '../../../nodes/common/recipients';
import { createEmulator, type Emulator } from '../../emulators/emulator';
import { createExecuteContext, httpRequest } from '../../helpers/execute-context';

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

function spec(ctx: ReturnType<typeof createExecuteContext>, overrides: Partial<BulkSendSpec<Group>> = {}): BulkSendSpec<Group> {
	return {
		prepare(itemIndex) {
			const message = ctx.getNodeParameter('message', itemIndex) as string;
			if (!message) throw new NodeOperationError(ctx.getNode(), 'The message is empty', { itemIndex });
			return [{ itemIndex, groupKey: message, group: { message }, recipients: parseRecipientList(ctx.getNodeParameter('to', itemIndex)) }];
		},
		countRecipients: (itemIndex) => parseRecipientList(ctx.getNodeParameter('to', itemIndex)).length,
		limits: { maxRecipients: 10 },
		concurrency: 2,
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
		reject: (_request, response, itemIndexes) => responseError(ctx.getNode(), response, itemIndexes, { serviceMessage: JSON.stringify(response.body) }),
		wait: async () => undefined,
		...overrides,
	};
}

const sentRecipients = () => service.recorded((r) => r.status === 201).flatMap((r) => r.note.to as string[]);

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
		const requestsOfItem1 = output[1].json.requests as Array<{ request: number; recipients: number }>;
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
		expect(output[1].json).toMatchObject({ status: 'failed', recipients: 1, sent: 0, failed: 1, error: 'The message is empty [item 1]' });
		expect(output[1].error).toBeInstanceOf(NodeOperationError);
		expect(output[0].error).toBeUndefined();
	});

	it('retries a 429 and sends each recipient once', async () => {
		service.inject({ path: '/send', status: 429, headers: { 'Retry-After': '0' } });
		const ctx = createExecuteContext({ items: [{}], parameters: { message: 'hi', to: 'a,b' } });
		const output = await runBulkSend(ctx, 1, spec(ctx));
		expect(service.requests.map((r) => r.status)).toEqual([429, 201]);
		expect(sentRecipients()).toEqual(['a', 'b']);
		expect(output[0].json).toMatchObject({ status: 'sent', requests: [{ request: 1, status: 'sent', id: 'req-2' }] });
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
		const ctx = createExecuteContext({ items: [{}, {}, {}], parameters: { message: (i: number) => `m${i}`, to: 'a' } });
		const error = await runBulkSend(ctx, 3, { ...spec(ctx), concurrency: 1 }).catch((e) => e);
		expect(error.message).toContain('[item 1]');
		expect(error.description).toContain('1 recipient(s) in 1 request(s) had already been delivered');
		expect(error.description).toContain('1 request(s) were not sent');
		expect(service.requests).toHaveLength(2);
	});

	it('with continue-on-fail, marks only the items of a refused request as failed, and the counts add up', async () => {
		service.inject({ path: '/send', nth: 2, status: 400, body: { error: 'bad' } });
		const ctx = createExecuteContext({
			items: [{}, {}, {}],
			parameters: { message: (i: number) => `m${i}`, to: 'a,b' },
			onError: 'continueRegularOutput',
		});
		const output = await runBulkSend(ctx, 3, { ...spec(ctx), concurrency: 1 });
		expect(output.map((o) => o.json.status)).toEqual(['sent', 'failed', 'sent']);
		expect(output[1].json.error).toMatch(/400 .*bad.*\[item 1\]/);
		const total = output.reduce((sum, o) => sum + (o.json.sent as number) + (o.json.failed as number), 0);
		expect(total).toBe(6);
	});

	it('reports segments the service refused inside a successful call as failed items', async () => {
		const ctx = createExecuteContext({ items: [{}, {}], parameters: { message: 'hi', to: (i: number) => `r${i}` }, onError: 'continueRegularOutput' });
		const output = await runBulkSend(ctx, 2, { ...spec(ctx), accept: () => ({ ids: { id: 'x' }, refused: [{ segment: 1, message: 'invalid profile' }] }) });
		expect(output[0].json).toMatchObject({ status: 'sent', sent: 1 });
		expect(output[1].json).toMatchObject({ status: 'failed', failed: 1, error: 'invalid profile [item 1]' });
	});
});
