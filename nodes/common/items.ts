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
 * The loop of operations that make one call per input item (get, update, delete, ...):
 * continue-on-fail and pairing live here and nowhere else. `run` returns what the call
 * produced for the item; an array becomes several output items, all paired to that item.
 */
export async function forEachItem(
	ctx: IExecuteFunctions,
	run: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	const count = ctx.getInputData().length;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			const result = await run(itemIndex);
			for (const json of Array.isArray(result) ? result : [result]) output.push(outputItem(itemIndex, json));
		} catch (error) {
			const itemError = asItemError(ctx, error, itemIndex);
			if (!ctx.continueOnFail()) throw itemError;
			output.push(outputItem(itemIndex, {}, itemError));
		}
	}
	return output;
}
