import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { answerEveryItem } from '../../../../core/items';

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
import * as projectCampaignCreate from './projectCampaign/create.operation';
import * as projectCampaignDelete from './projectCampaign/delete.operation';
import * as projectCampaignGet from './projectCampaign/get.operation';
import * as projectCampaignGetMany from './projectCampaign/getMany.operation';
import * as projectCampaignGetStats from './projectCampaign/getStats.operation';
import * as projectCampaignUpdate from './projectCampaign/update.operation';
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
	projectCampaign: {
		create: projectCampaignCreate.execute,
		update: projectCampaignUpdate.execute,
		get: projectCampaignGet.execute,
		getMany: projectCampaignGetMany.execute,
		getStats: projectCampaignGetStats.execute,
		delete: projectCampaignDelete.execute,
	},
};

/**
 * Which of Batch's two platforms each resource is on, and so which credential fields it needs:
 * MEP (the 1.x APIs) the API key in the URL, CEP (the project API 2.x) the project key.
 */
const PLATFORM_OF: Record<string, 'MEP' | 'CEP'> = {
	campaign: 'MEP',
	transactional: 'MEP',
	customData: 'MEP',
	profile: 'CEP',
	projectCampaign: 'CEP',
};

const MISSING_KEY = {
	MEP: {
		message: 'The Batch.com credential has no API key',
		description:
			"This operation uses Batch's MEP APIs (1.x), which need the app's API key in the credential: the Live API key of the app (or the SDK API key of the website), from the Batch dashboard, ⚙ Settings → General.",
	},
	CEP: {
		message: 'The Batch.com credential has no project key',
		description:
			"This operation uses Batch's CEP project API (2.x), which needs the project key in the credential: the Batch dashboard, ⚙ Settings → General of the project (project_…).",
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
	...projectCampaignCreate.description,
	...projectCampaignUpdate.description,
	...projectCampaignGet.description,
	...projectCampaignGetMany.description,
	...projectCampaignGetStats.description,
	...projectCampaignDelete.description,
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
	return await answerEveryItem(this, async () => {
		const transport = await BatchTransport.open(this);
		const platform = PLATFORM_OF[resource];
		if (!(platform === 'CEP' ? transport.hasProjectKey : transport.hasApiKey))
			throw new NodeOperationError(this.getNode(), MISSING_KEY[platform].message, {
				description: MISSING_KEY[platform].description,
			});
		return await run.call(this, transport);
	});
}
