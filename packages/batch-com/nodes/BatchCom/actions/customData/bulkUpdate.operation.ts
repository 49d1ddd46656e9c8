import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runBulkSend } from '../../../../../core/bulkSend';
import { ParameterReader } from '../../../../../core/parameters';
import { bulkOptionsProperty, readBulkOptions } from '../../../../../core/bulkOptions';
import { bulkCustomDataBody, CUSTOM_DATA_BULK_MAX } from '../../protocol/customData';
import type { BatchTransport } from '../../transport';
import { customDataProperties, readCustomData, type CustomDataEntry } from './fields';

const LIMITS = {
	maxBatchSize: CUSTOM_DATA_BULK_MAX,
	recipients: 'users',
	serviceLimit: 'Batch allows 10,000',
	concurrency: 2,
	maxConcurrency: 8,
};

const properties: INodeProperties[] = [
	{
		displayName: 'Each input item updates one user; up to 10,000 users go in one call',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	...customDataProperties,
	bulkOptionsProperty('sendOptions', LIMITS),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customData'], operation: ['bulkUpdate'] } },
	properties,
);

/** One unit per item whose single "recipient" is its custom ID; the body is looked up by item. */
export async function execute(
	this: IExecuteFunctions,
	transport: BatchTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	const bulk = readBulkOptions(reader, 'sendOptions', LIMITS);
	const entries: CustomDataEntry[] = [];
	return await runBulkSend<null>(this, this.getInputData().length, {
		prepare: (itemIndex) => {
			const entry = readCustomData(this, reader, itemIndex);
			entries[itemIndex] = entry;
			return [{ itemIndex, groupKey: 'users', group: null, recipients: [entry.id] }];
		},
		recipientsOf: (itemIndex) => [
			{ recipients: [String(reader.get('customId', itemIndex, '') ?? '')].filter(Boolean) },
		],
		sendKey: { ...bulk.sendKey, contentOf: (itemIndex) => JSON.stringify(entries[itemIndex]) },
		limits: bulk.limits,
		concurrency: bulk.concurrency,
		doneStatus: 'updated',
		retry: transport.retry,
		send: (request) =>
			transport.send({
				method: 'POST',
				url: transport.appPath('1.0', 'data/users'),
				body: bulkCustomDataBody(request.segments.map((segment) => entries[segment.itemIndex])),
			}),
		accept: (_request, response) => ({
			ids: { token: (response.body as IDataObject | undefined)?.token as string | undefined },
		}),
		reject: (_request, response, itemIndexes) =>
			transport.reject(response, itemIndexes, 'Batch refused the custom data bulk update'),
	});
}
