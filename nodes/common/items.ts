import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { itemLabel } from './errors';
import { digest, n8nRecordStore, SendKeyLedger, type LedgerEntry } from './sendKey';

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
 * With `sendKey`, an item whose send an earlier run with its key made is not sent again.
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
	const ledger = keyed.length ? new SendKeyLedger(n8nRecordStore(ctx), ctx) : undefined;
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
				output.push(outputItem(itemIndex, {}, entry.error, toErrorOutput));
				continue;
			}
			if (entry.resumed) {
				output.push(
					outputItem(itemIndex, { status: 'sent', sendKey: entry.entry?.key, resumed: true }),
				);
				continue;
			}
			let result: IDataObject | IDataObject[];
			try {
				result = await run(entry.value, itemIndex);
			} catch (error) {
				const itemError = asItemError(ctx, error, itemIndex);
				if (!continueOnFail) throw itemError;
				output.push(outputItem(itemIndex, {}, itemError, toErrorOutput));
				continue;
			}
			if (entry.entry) await recordSent(ctx, ledger as SendKeyLedger, entry.entry, itemIndex);
			for (const json of Array.isArray(result) ? result : [result])
				output.push(
					outputItem(
						itemIndex,
						entry.entry ? { ...json, sendKey: entry.entry.key, resumed: false } : json,
					),
				);
		}
		return output;
	} finally {
		await ledger?.finish().catch(() => undefined);
	}
}

/** A send that went out but could not be recorded stops the run: sending on would send without records. */
async function recordSent(
	ctx: IExecuteFunctions,
	ledger: SendKeyLedger,
	entry: LedgerEntry,
	itemIndex: number,
): Promise<void> {
	try {
		await ledger.delivered([entry]);
	} catch (error) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex} was sent, but n8n could not record it under the Send Key "${entry.key}": ${(error as Error).message}`,
			{
				description:
					'The items before it were sent and recorded; the items after it were not sent. A re-run with the same key sends this item again.',
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
