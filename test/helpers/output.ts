import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

/**
 * What the node answered for an item, wherever n8n routes it: a failed item bound for the error
 * output carries its answer in `details` (see packages/core/items.ts, errorOutputOf).
 */
export function answerOf(item: INodeExecutionData): IDataObject {
	return (item.json.details as IDataObject | undefined) ?? item.json;
}
