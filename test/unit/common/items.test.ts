import { NodeOperationError } from 'n8n-workflow';

import { answerEveryItem, forEachItem, validateThenRun } from '../../../packages/core/items';
import { sendIdentity } from '../../../packages/core/sendKey';
import { createExecuteContext, ProcessedDataStore } from '../../helpers/execute-context';

const validate = (value: unknown) => {
	if (value === 'bad') throw new Error('The title is empty');
	return value as string;
};

describe('validateThenRun', () => {
	it('makes no call at all when a later item is invalid, and names that item', async () => {
		const ctx = createExecuteContext({
			items: [{ v: 'a' }, { v: 'b' }, { v: 'bad' }],
			parameters: {},
		});
		const calls: number[] = [];
		const run = validateThenRun(
			ctx,
			(i) => validate(ctx.getInputData()[i].json.v),
			async (_value, i) => {
				calls.push(i);
				return {};
			},
		);
		await expect(run).rejects.toThrow('The title is empty [item 2]');
		expect(calls).toEqual([]);
	});

	it('with continue-on-fail, runs the valid items and pairs an error item to the invalid one', async () => {
		const ctx = createExecuteContext({
			items: [{ v: 'a' }, { v: 'bad' }, { v: 'c' }],
			parameters: {},
			onError: 'continueErrorOutput',
		});
		const output = await validateThenRun(
			ctx,
			(i) => validate(ctx.getInputData()[i].json.v),
			async (value) => ({ value }),
		);
		expect(output.map((o) => [o.pairedItem, o.json.value ?? o.json.error])).toEqual([
			[{ item: 0 }, 'a'],
			[{ item: 1 }, 'The title is empty [item 1]'],
			[{ item: 2 }, 'c'],
		]);
		// No error on the item itself: n8n would replace the json of such an item with { error }.
		expect(output[1].error).toBeUndefined();
		expect(output[1].json).toEqual({
			error: 'The title is empty [item 1]',
			details: { status: 'failed', error: 'The title is empty [item 1]' },
		});
	});

	it('with continue-on-fail to the regular output, keeps the error and its description in the item', async () => {
		const ctx = createExecuteContext({
			items: [{ v: 'bad' }],
			parameters: {},
			onError: 'continueRegularOutput',
		});
		const output = await validateThenRun(
			ctx,
			(i) => {
				if (ctx.getInputData()[i].json.v === 'bad')
					throw new NodeOperationError(ctx.getNode(), 'The title is empty', {
						description: 'Give the notification a title',
					});
				return 'ok';
			},
			async () => ({}),
		);
		expect(output[0]).toEqual({
			json: {
				status: 'failed',
				error: 'The title is empty [item 0]',
				errorDescription: 'Give the notification a title',
			},
			pairedItem: { item: 0 },
		});
	});

	it('pairs every item of an array result to its input item', async () => {
		const ctx = createExecuteContext({ items: [{}, {}], parameters: {} });
		const output = await forEachItem(ctx, async (i) => [{ n: i }, { n: i }]);
		expect(output.map((o) => o.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 0 },
			{ item: 1 },
			{ item: 1 },
		]);
	});

	it('stops at the first failing call without continue-on-fail', async () => {
		const ctx = createExecuteContext({ items: [{}, {}, {}], parameters: {} });
		const calls: number[] = [];
		const run = forEachItem(ctx, async (i) => {
			calls.push(i);
			if (i === 1) throw new Error('Not found');
			return {};
		});
		await expect(run).rejects.toThrow('Not found [item 1]');
		expect(calls).toEqual([0, 1]);
	});

	it('the error that stops the run says how many items had succeeded, how many were not run, and that a re-run does them again', async () => {
		const ctx = createExecuteContext({ items: [{}, {}, {}, {}], parameters: {} });
		const error = await forEachItem(ctx, async (i) => {
			if (i === 2) throw new NodeOperationError(ctx.getNode(), 'Not found');
			return {};
		}).catch((e) => e);
		expect(error.description).toBe(
			'2 item(s) before it had already succeeded and 1 after it were not run. A re-run does them again. Turn on the node setting "On Error: Continue" to get a result per item instead of stopping.',
		);
	});
});

describe('answerEveryItem (an operation that throws before its calls)', () => {
	const broken = async (): Promise<never> => {
		throw new NodeOperationError(
			{ name: 'Push' } as never,
			'The connection string has no Endpoint',
			{ description: 'Fix the connection string in the credential.' },
		);
	};

	it('with Continue (using error output), answers every input item as failed, shaped for the error output', async () => {
		const ctx = createExecuteContext({
			items: [{ id: 1 }, { id: 2 }],
			parameters: {},
			onError: 'continueErrorOutput',
		});
		const [output] = await answerEveryItem(ctx, broken);
		expect(output).toEqual(
			[0, 1].map((item) => ({
				json: {
					error: 'The connection string has no Endpoint [items 0-1]',
					details: {
						status: 'failed',
						sent: 0,
						error: 'The connection string has no Endpoint [items 0-1]',
						errorDescription:
							'Fix the connection string in the credential. No request was made for any item: fix this and run the workflow again.',
					},
				},
				pairedItem: { item },
			})),
		);
	});

	it('with Continue (regular output), answers every input item as failed with the error in it', async () => {
		const ctx = createExecuteContext({
			items: [{ id: 1 }],
			parameters: {},
			onError: 'continueRegularOutput',
		});
		const [output] = await answerEveryItem(ctx, broken);
		expect(output.map((item) => item.json)).toEqual([
			expect.objectContaining({ status: 'failed', sent: 0, error: expect.any(String) }),
		]);
	});

	it('without continue-on-fail, stops the run with the error', async () => {
		const ctx = createExecuteContext({ items: [{}], parameters: {} });
		await expect(answerEveryItem(ctx, broken)).rejects.toThrow(
			'The connection string has no Endpoint',
		);
	});
});

describe('validateThenRun with Retry On Fail (n8n runs the node again)', () => {
	const tryOnce = (calls: number[], failAt: number | undefined, executionId = 'run-1') => {
		const ctx = createExecuteContext({
			items: [{}, {}, {}],
			parameters: {},
			retryOnFail: true,
			executionId,
		});
		return forEachItem(ctx, async (i) => {
			calls.push(i);
			if (i === failAt) throw new NodeOperationError(ctx.getNode(), 'Busy');
			return { status: 'created', id: `campaign-${i}-${executionId}` };
		});
	};

	it('a later try answers the items an earlier try did with their results, and calls only for the rest', async () => {
		const first: number[] = [];
		await expect(tryOnce(first, 1)).rejects.toThrow('Busy [item 1]');
		const second: number[] = [];
		const output = await tryOnce(second, undefined);
		expect(first).toEqual([0, 1]);
		expect(second).toEqual([1, 2]);
		expect(output.map((o) => o.json.id)).toEqual([
			'campaign-0-run-1',
			'campaign-1-run-1',
			'campaign-2-run-1',
		]);
	});

	it('another execution calls for every item again', async () => {
		await expect(tryOnce([], 1, 'run-2')).rejects.toThrow('Busy');
		const calls: number[] = [];
		await tryOnce(calls, undefined, 'run-3');
		expect(calls).toEqual([0, 1, 2]);
	});

	it('without Retry On Fail, keeps nothing between runs', async () => {
		const calls: number[] = [];
		const run = (failAt?: number) => {
			const ctx = createExecuteContext({ items: [{}, {}], parameters: {}, executionId: 'run-4' });
			return forEachItem(ctx, async (i) => {
				calls.push(i);
				if (i === failAt) throw new Error('Busy');
				return {};
			});
		};
		await expect(run(1)).rejects.toThrow('Busy');
		await run();
		expect(calls).toEqual([0, 1, 0, 1]);
	});
});

describe('validateThenRun with a Send Key (single sends)', () => {
	const sendEach = (
		store: ProcessedDataStore,
		texts: string[],
		calls: number[],
		failAt?: number,
	) => {
		const ctx = createExecuteContext({
			items: texts.map((text, i) => ({ to: `device-${i}`, text })),
			parameters: {},
			processedData: store,
		});
		return validateThenRun(
			ctx,
			(i) => ctx.getInputData()[i].json as { to: string; text: string },
			async (prepared, i) => {
				if (i === failAt) throw new Error('Refused');
				calls.push(i);
				return { status: 'sent', to: prepared.to };
			},
			{
				keyOf: () => 'launch-2027',
				forget: false,
				identify: (prepared) => sendIdentity({ to: prepared.to }, { text: prepared.text }),
			},
		);
	};

	it('does not send again what a run with the same key sent, and says so', async () => {
		const store = new ProcessedDataStore();
		const first: number[] = [];
		const stopped = await sendEach(store, ['a', 'b', 'c'], first, 2).catch((e) => e);
		expect(stopped.message).toBe('Refused [item 2]');
		expect(stopped.description).toContain(
			'Run the workflow again with the same Send Key ("launch-2027") to send only what was not sent.',
		);
		expect(first).toEqual([0, 1]);
		const again: number[] = [];
		const output = await sendEach(store, ['a', 'b', 'c'], again);
		expect(again).toEqual([2]);
		expect(output.map((o) => o.json)).toEqual([
			{ status: 'sent', sendKey: 'launch-2027', resumed: true },
			{ status: 'sent', sendKey: 'launch-2027', resumed: true },
			{ status: 'sent', to: 'device-2', sendKey: 'launch-2027', resumed: false },
		]);
	});

	it('with continue-on-fail, a send that cannot be recorded stops further sends: that item is sent, the items after it say not sent', async () => {
		class FailingStore extends ProcessedDataStore {
			async checkProcessedAndRecord(
				context: string,
				values: Array<string | number>,
				options: { mode: string; maxEntries?: number },
			) {
				// The key's marker and the look-up work; the first record of a send fails.
				if (this.calls.length >= 1) throw new Error('SQLITE_BUSY: database is locked');
				return super.checkProcessedAndRecord(context, values, options);
			}
		}
		const ctx = createExecuteContext({
			items: [{ to: 'device-0' }, { to: 'device-1' }],
			parameters: {},
			processedData: new FailingStore(),
			onError: 'continueRegularOutput',
		});
		const calls: number[] = [];
		const output = await validateThenRun(
			ctx,
			(i) => ctx.getInputData()[i].json as { to: string },
			async (prepared, i) => {
				calls.push(i);
				return { status: 'sent', to: prepared.to };
			},
			{
				keyOf: () => 'launch-2027',
				forget: false,
				identify: (prepared) => sendIdentity({ to: prepared.to }, {}),
			},
		);
		expect(calls).toEqual([0]);
		expect(output.map((o) => o.json.status)).toEqual(['sent', 'failed']);
		expect(output[1].json.error).toBe(
			'Not sent: n8n could not record under the Send Key "launch-2027" that item 0 was sent: SQLITE_BUSY: database is locked',
		);
	});

	it('refuses, before any call, an audience that got a different notification under the key', async () => {
		const store = new ProcessedDataStore();
		await sendEach(store, ['a', 'b'], []);
		const calls: number[] = [];
		await expect(sendEach(store, ['a', 'changed'], calls)).rejects.toThrow(
			'This audience already got a different notification under the Send Key "launch-2027"; it was not sent again [item 1]',
		);
		expect(calls).toEqual([]);
	});
});
