import { NodeOperationError } from 'n8n-workflow';

import { forEachItem, validateThenRun } from '../../../nodes/common/items';
import { sendIdentity } from '../../../nodes/common/sendKey';
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
			details: { error: 'The title is empty [item 1]' },
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
		await expect(sendEach(store, ['a', 'b', 'c'], first, 2)).rejects.toThrow('Refused [item 2]');
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
