import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { itemLabel } from './errors';
import { digest, n8nRecordStore, ownRecords, SendKeyLedger, type LedgerEntry } from './sendKey';
import { triesOf, withTries } from './tries';

export type ItemError = NodeApiError | NodeOperationError;

/** Any error as an n8n error that names the item it belongs to. */
export function asItemError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): ItemError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (!error.message.includes('[item'))
			error.message = `${error.message} ${itemLabel([itemIndex])}`;
		return error;
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(ctx.getNode(), `${message} ${itemLabel([itemIndex])}`, {
		itemIndex,
	});
}

/**
 * Where a failed item goes, and so the shape it must have to keep what it says. n8n 2.x replaces
 * the json of an output item that carries `error` (INodeExecutionData.error) with
 * `{ error: message }`, and with *Continue (using error output)* it routes an item to the error
 * output only when that is set or when its json holds nothing but `error`, `message` and
 * `details` (n8n-core, workflow-execute: normalizeNodeErrors, handleNodeErrorOutput). So a failed
 * item never carries `error` on the item:
 * - regular output (*Continue*): the answer itself, with `error` and `errorDescription` in it;
 * - error output: `{ error, details: <that same answer> }`, which n8n routes there and merges
 *   with the input item's fields.
 */
export function errorOutputOf(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().onError === 'continueErrorOutput';
}

/** The output item for one input item; a failed one shaped for where it goes (see errorOutputOf). */
export function outputItem(
	itemIndex: number,
	json: IDataObject,
	error?: ItemError,
	toErrorOutput = false,
): INodeExecutionData {
	if (!error) return { json, pairedItem: { item: itemIndex } };
	const answer: IDataObject = { ...json, error: error.message };
	if (error.description) answer.errorDescription = error.description;
	return {
		json: toErrorOutput ? { error: error.message, details: answer } : answer,
		pairedItem: { item: itemIndex },
	};
}

/** A Send Key for operations that make one send per item (see sendKey.ts). */
export interface SingleSendKey<P> {
	/** The item's Send Key; empty for none. */
	keyOf(itemIndex: number): string;
	/** Forget every key of this node before sending. */
	forget: boolean;
	/** Whom the item's send reaches, and everything else it sends, as text. */
	identify(prepared: P): { audience: string; content: string };
}

/**
 * The loop of operations that make one call per input item (create, get, update, delete, ...):
 * continue-on-fail and pairing live here and nowhere else. Every item is first read and
 * validated by `prepare`; only when all are valid (or, with continue-on-fail, for the valid
 * ones) does `run` make the calls, so bad input in item 7 stops the run before item 0 is sent.
 * `run` returns what the call produced; an array becomes several output items paired to it.
 * A failed item says `status: 'failed'` with the error and its description. With `sendKey`, an
 * item whose send an earlier run with its key made is not sent again; with Retry On Fail, an
 * item an earlier try did is answered with that try's result (see tries.ts).
 */
export async function validateThenRun<P>(
	ctx: IExecuteFunctions,
	prepare: (itemIndex: number) => P,
	run: (prepared: P, itemIndex: number) => Promise<IDataObject | IDataObject[]>,
	sendKey?: SingleSendKey<P>,
): Promise<INodeExecutionData[]> {
	const count = ctx.getInputData().length;
	const continueOnFail = ctx.continueOnFail();
	const toErrorOutput = errorOutputOf(ctx);
	const tries = triesOf(ctx);
	const prepared: Array<
		| { ok: true; value: P; itemIndex: number; entry?: LedgerEntry; resumed?: boolean }
		| { ok: false; error: ItemError }
	> = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			const value = prepare(itemIndex);
			const key = sendKey?.keyOf(itemIndex);
			if (!key || !sendKey) {
				prepared.push({ ok: true, value, itemIndex });
				continue;
			}
			const { audience, content } = sendKey.identify(value);
			prepared.push({
				ok: true,
				value,
				itemIndex,
				entry: { key, who: digest(audience), what: digest(`${audience}\n${content}`) },
			});
		} catch (error) {
			const itemError = asItemError(ctx, error, itemIndex);
			if (!continueOnFail) throw itemError;
			prepared.push({ ok: false, error: itemError });
		}
	}
	const keyed = prepared.flatMap((entry) => (entry.ok && entry.entry ? [entry] : []));
	const ledger = keyed.length
		? // One request per item, at most one key each.
			new SendKeyLedger(
				withTries(n8nRecordStore(ctx, ownRecords(keyed.length, keyed.length)), tries),
				ctx,
			)
		: undefined;
	let done = 0;
	let failures = 0;
	/** Set once nothing more may be sent (a send could not be recorded under its Send Key). */
	let halt: ItemError | undefined;
	const failed = (itemIndex: number, error: ItemError) => {
		failures++;
		return outputItem(itemIndex, { status: 'failed' }, error, toErrorOutput);
	};
	try {
		if (ledger) {
			if (sendKey?.forget) await ledger.forgetAll();
			const used = await ledger.used([
				...new Set(keyed.map((entry) => (entry.entry as LedgerEntry).key)),
			]);
			const earlier = keyed.filter((entry) => used.has((entry.entry as LedgerEntry).key));
			const results = await ledger.lookUp(earlier.map((entry) => entry.entry as LedgerEntry));
			earlier.forEach((entry, i) => {
				if (results[i] === 'delivered') entry.resumed = true;
				if (results[i] !== 'different') return;
				const { itemIndex } = entry;
				const error = new NodeOperationError(
					ctx.getNode(),
					`This audience already got a different notification under the Send Key "${entry.entry?.key}"; it was not sent again ${itemLabel([itemIndex])}`,
					{
						description:
							'To finish the earlier send, run it with its original message; to send this one as well, use a new Send Key (or Options → Forget Earlier Sends).',
						itemIndex,
					},
				);
				if (!continueOnFail) throw error;
				prepared[itemIndex] = { ok: false, error };
			});
		}
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < count; itemIndex++) {
			const entry = prepared[itemIndex];
			if (!entry.ok) {
				output.push(failed(itemIndex, entry.error));
				continue;
			}
			if (halt) {
				output.push(failed(itemIndex, halt));
				continue;
			}
			if (entry.resumed) {
				output.push(
					outputItem(itemIndex, { status: 'sent', sendKey: entry.entry?.key, resumed: true }),
				);
				done++;
				continue;
			}
			let results = tries?.results.get(itemIndex);
			if (!results) {
				try {
					const result = await run(entry.value, itemIndex);
					results = (Array.isArray(result) ? result : [result]).map((json) =>
						entry.entry ? { ...json, sendKey: entry.entry.key, resumed: false } : json,
					);
				} catch (error) {
					const itemError = asItemError(ctx, error, itemIndex);
					if (!continueOnFail)
						throw stoppedAt(itemError, done, count - itemIndex - 1, sendKey, keyed);
					output.push(failed(itemIndex, itemError));
					continue;
				}
				tries?.results.set(itemIndex, results);
				if (entry.entry) {
					const recordError = await recordSent(
						ctx,
						ledger as SendKeyLedger,
						entry.entry,
						itemIndex,
					);
					if (recordError && !continueOnFail) throw recordError;
					halt = recordError;
				}
			}
			done++;
			for (const json of results) output.push(outputItem(itemIndex, json));
		}
		if (failures === 0) tries?.end();
		return output;
	} finally {
		await ledger?.finish().catch(() => undefined);
	}
}

/**
 * The error that stops a run of per-item calls (no continue-on-fail), told what had been done:
 * how many items before it succeeded, how many after it were not run, and how to finish.
 */
function stoppedAt<P>(
	error: ItemError,
	done: number,
	notRun: number,
	sendKey: SingleSendKey<P> | undefined,
	keyed: Array<{ entry?: LedgerEntry }>,
): ItemError {
	if (done === 0 && notRun === 0) return error;
	const keys = [...new Set(keyed.map((entry) => entry.entry?.key))];
	error.description = [
		error.description,
		`${done} item(s) before it had already succeeded and ${notRun} after it were not run.`,
		done === 0
			? ''
			: keys.length
				? `Run the workflow again with the same Send Key (${keys.map((key) => `"${key}"`).join(', ')}) to send only what was not sent.`
				: sendKey
					? 'A re-run sends them again: set Send Options → Send Key so that a re-run sends only what was not sent.'
					: 'A re-run does them again.',
		'Turn on the node setting "On Error: Continue" to get a result per item instead of stopping.',
	]
		.filter(Boolean)
		.join(' ');
	return error;
}

/**
 * Records a send that went out. When it cannot be recorded, nothing more may be sent (sending on
 * would send without records): the error says so, for this item's output or to stop the run.
 */
async function recordSent(
	ctx: IExecuteFunctions,
	ledger: SendKeyLedger,
	entry: LedgerEntry,
	itemIndex: number,
): Promise<ItemError | undefined> {
	try {
		await ledger.delivered([entry]);
		return undefined;
	} catch (error) {
		return new NodeOperationError(
			ctx.getNode(),
			`Not sent: n8n could not record under the Send Key "${entry.key}" that item ${itemIndex} was sent: ${(error as Error).message}`,
			{
				description:
					'The items before it were sent and recorded; the items after it were not sent. A re-run with the same key sends that item again.',
				itemIndex,
			},
		);
	}
}

/** `validateThenRun` for operations with nothing to validate up front. */
export async function forEachItem(
	ctx: IExecuteFunctions,
	run: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	return await validateThenRun(
		ctx,
		() => undefined,
		async (_nothing, itemIndex) => await run(itemIndex),
	);
}

/**
 * Runs an operation so that, with continue-on-fail, every input item still gets an answer. When
 * an operation throws, n8n passes the input items on unchanged as its output, on the success
 * output even with *Continue (using error output)* (n8n-core, workflow-execute:
 * handleNodeExecutionError), so they would look sent. The operations answer every item
 * themselves once they reach their calls; what throws earlier (a credential that cannot be read,
 * a connection string that does not parse) comes before anything is sent, and makes each item
 * failed here.
 */
export async function answerEveryItem(
	ctx: IExecuteFunctions,
	operation: () => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[][]> {
	try {
		return [await operation()];
	} catch (error) {
		if (!ctx.continueOnFail())
			throw error instanceof NodeApiError || error instanceof NodeOperationError
				? error
				: new NodeOperationError(ctx.getNode(), error as Error);
		const items = ctx.getInputData();
		const label = itemLabel(items.map((_item, itemIndex) => itemIndex));
		const message = error instanceof Error ? error.message : String(error);
		const stopped = new NodeOperationError(
			ctx.getNode(),
			message.includes('[item') ? message : `${message} ${label}`.trim(),
			{
				description: [
					(error as ItemError).description,
					'No request was made for any item: fix this and run the workflow again.',
				]
					.filter(Boolean)
					.join(' '),
			},
		);
		const toErrorOutput = errorOutputOf(ctx);
		return [
			items.map((_item, itemIndex) =>
				outputItem(itemIndex, { status: 'failed', sent: 0 }, stopped, toErrorOutput),
			),
		];
	}
}
