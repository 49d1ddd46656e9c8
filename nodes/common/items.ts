import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { itemLabel } from './errors';

export type ItemError = NodeApiError | NodeOperationError;

/** Any error as an n8n error that names the item it belongs to. */
export function asItemError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): ItemError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (!error.message.includes('[item')) error.message = `${error.message} ${itemLabel([itemIndex])}`;
		return error;
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(ctx.getNode(), `${message} ${itemLabel([itemIndex])}`, { itemIndex });
}

/**
 * The output item for one input item. With continue-on-fail an error travels on the item
 * (`error`), so n8n routes it to the error output when the node has one, and its message
 * stays readable in `json.error`.
 */
export function outputItem(itemIndex: number, json: IDataObject, error?: ItemError): INodeExecutionData {
	if (!error) return { json, pairedItem: { item: itemIndex } };
	return {
		json: { ...json, error: error.message, ...(error.description ? { errorDescription: error.description } : {}) },
		error,
		pairedItem: { item: itemIndex },
	};
}

/**
 * The loop of operations that make one call per input item (create, get, update, delete, ...):
 * continue-on-fail and pairing live here and nowhere else. Every item is first read and
 * validated by `prepare`; only when all are valid (or, with continue-on-fail, for the valid
 * ones) does `run` make the calls, so bad input in item 7 stops the run before item 0 is sent.
 * `run` returns what the call produced; an array becomes several output items paired to it.
 */
export async function validateThenRun<P>(
	ctx: IExecuteFunctions,
	prepare: (itemIndex: number) => P,
	run: (prepared: P, itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const count = ctx.getInputData().length;
	const continueOnFail = ctx.continueOnFail();
	const prepared: Array<{ ok: true; value: P } | { ok: false; error: ItemError }> = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			prepared.push({ ok: true, value: prepare(itemIndex) });
		} catch (error) {
			const itemError = asItemError(ctx, error, itemIndex);
			if (!continueOnFail) throw itemError;
			prepared.push({ ok: false, error: itemError });
		}
	}
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		const entry = prepared[itemIndex];
		if (!entry.ok) {
			output.push(outputItem(itemIndex, {}, entry.error));
			continue;
		}
		try {
			const result = await run(entry.value, itemIndex);
			for (const json of Array.isArray(result) ? result : [result]) output.push(outputItem(itemIndex, json));
		} catch (error) {
			const itemError = asItemError(ctx, error, itemIndex);
			if (!continueOnFail) throw itemError;
			output.push(outputItem(itemIndex, {}, itemError));
		}
	}
	return output;
}

/** `validateThenRun` for operations with nothing to validate up front. */
export async function forEachItem(
	ctx: IExecuteFunctions,
	run: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	return await validateThenRun(ctx, () => undefined, async (_nothing, itemIndex) => await run(itemIndex));
}
