import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { answerEveryItem } from '../../../../core/items';

import { HubTransport } from '../transport';
import * as installationDelete from './installation/delete.operation';
import * as installationGet from './installation/get.operation';
import * as installationPatch from './installation/patch.operation';
import * as installationUpsert from './installation/upsert.operation';
import * as cancelScheduled from './notification/cancelScheduled.operation';
import * as directBatchSend from './notification/directBatchSend.operation';
import * as directSend from './notification/directSend.operation';
import { notificationProperties } from './notification/fields';
import * as getTelemetry from './notification/getTelemetry.operation';
import * as schedule from './notification/schedule.operation';
import * as send from './notification/send.operation';

type Operation = (
	this: IExecuteFunctions,
	transport: HubTransport,
) => Promise<INodeExecutionData[]>;

const operations: Record<string, Record<string, Operation>> = {
	notification: {
		directBatchSend: directBatchSend.execute,
		directSend: directSend.execute,
		send: send.execute,
		schedule: schedule.execute,
		cancelScheduled: cancelScheduled.execute,
		getTelemetry: getTelemetry.execute,
	},
	installation: {
		upsert: installationUpsert.execute,
		get: installationGet.execute,
		patch: installationPatch.execute,
		delete: installationDelete.execute,
	},
};

export const descriptions = [
	...directBatchSend.description,
	...directSend.description,
	...send.description,
	...schedule.description,
	...notificationProperties,
	...directBatchSend.options,
	...directSend.options,
	...send.options,
	...schedule.options,
	...cancelScheduled.description,
	...getTelemetry.description,
	...installationUpsert.description,
	...installationGet.description,
	...installationPatch.description,
	...installationDelete.description,
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
		async () => await run.call(this, await HubTransport.open(this)),
	);
}
