import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { answerEveryItem } from '../../../../core/items';

import { SfmcTransport } from '../transport';
import * as getStatus from './delivery/getStatus.operation';
import * as messageCreate from './message/create.operation';
import * as messageDelete from './message/delete.operation';
import * as messageGet from './message/get.operation';
import * as messageGetMany from './message/getMany.operation';
import * as messageUpdate from './message/update.operation';
import * as sendMessageBatch from './send/sendMessageBatch.operation';
import * as sendToContacts from './send/sendToContacts.operation';
import { descriptionFor, executorFor } from './send/simpleSends';

type Operation = (
	this: IExecuteFunctions,
	transport: SfmcTransport,
) => Promise<INodeExecutionData[]>;

const operations: Record<string, Record<string, Operation>> = {
	message: {
		create: messageCreate.execute,
		get: messageGet.execute,
		getMany: messageGetMany.execute,
		update: messageUpdate.execute,
		delete: messageDelete.execute,
	},
	send: {
		sendMessageBatch: sendMessageBatch.execute,
		sendToContacts: sendToContacts.execute,
		sendToLists: executorFor('sendToLists'),
		sendToTags: executorFor('sendToTags'),
		sendToApp: executorFor('sendToApp'),
	},
	delivery: { getStatus: getStatus.execute },
};

export const descriptions = [
	...messageCreate.description,
	...messageGet.description,
	...messageGetMany.description,
	...messageUpdate.description,
	...messageDelete.description,
	...sendMessageBatch.description,
	...sendToContacts.description,
	...descriptionFor('sendToLists'),
	...descriptionFor('sendToTags'),
	...descriptionFor('sendToApp'),
	...getStatus.description,
];

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = operations[resource]?.[operation];
	if (!run)
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	return await answerEveryItem(this, async () => await run.call(this, new SfmcTransport(this)));
}
