import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { answerEveryItem } from '../../common/items';

import { BatchTransport } from '../transport';
import * as campaignCreate from './campaign/create.operation';
import * as campaignDelete from './campaign/delete.operation';
import * as campaignGet from './campaign/get.operation';
import * as campaignGetMany from './campaign/getMany.operation';
import * as campaignGetStats from './campaign/getStats.operation';
import * as campaignUpdate from './campaign/update.operation';
import * as customDataBulkUpdate from './customData/bulkUpdate.operation';
import * as customDataDeleteUser from './customData/deleteUser.operation';
import * as customDataUpdateUser from './customData/updateUser.operation';
import * as profileUpdate from './profile/update.operation';
import * as transactionalSend from './transactional/send.operation';

type Operation = (
	this: IExecuteFunctions,
	transport: BatchTransport,
) => Promise<INodeExecutionData[]>;

const operations: Record<string, Record<string, Operation>> = {
	campaign: {
		create: campaignCreate.execute,
		update: campaignUpdate.execute,
		get: campaignGet.execute,
		getMany: campaignGetMany.execute,
		getStats: campaignGetStats.execute,
		delete: campaignDelete.execute,
	},
	transactional: { send: transactionalSend.execute },
	customData: {
		updateUser: customDataUpdateUser.execute,
		bulkUpdate: customDataBulkUpdate.execute,
		deleteUser: customDataDeleteUser.execute,
	},
	profile: {
		update: profileUpdate.execute('update'),
		massUpdate: profileUpdate.execute('massUpdate'),
		trackEvent: profileUpdate.execute('trackEvent'),
	},
};

export const descriptions = [
	...campaignCreate.description,
	...campaignUpdate.description,
	...campaignGet.description,
	...campaignGetMany.description,
	...campaignGetStats.description,
	...campaignDelete.description,
	...transactionalSend.description,
	...customDataUpdateUser.description,
	...customDataBulkUpdate.description,
	...customDataDeleteUser.description,
	...profileUpdate.description,
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
	return await answerEveryItem(
		this,
		async () => await run.call(this, await BatchTransport.open(this)),
	);
}
