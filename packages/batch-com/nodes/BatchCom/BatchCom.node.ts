import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { readableSubtitle } from '../../../core/subtitle';

import { searchCampaigns } from './actions/campaign/token';
import { searchOrchestrations } from './actions/projectCampaign/fields';
import { descriptions, router } from './actions/router';

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		description:
			"Batch runs two platforms. MEP resources use the 1.x APIs and need the credential's API key; CEP resources use the project API (2.x) and need its project key.",
		options: [
			{
				name: 'Campaign (CEP)',
				value: 'projectCampaign',
				description:
					'Project campaigns and orchestrations (project API 2.x; needs the project key)',
			},
			{
				name: 'Campaign (MEP)',
				value: 'campaign',
				description: "An app's push campaigns (Campaigns API 1.1; needs the API key)",
			},
			{
				name: 'Custom Data (MEP)',
				value: 'customData',
				description: 'Custom data of app users (Custom Data API 1.0; needs the API key)',
			},
			{
				name: 'Profile (CEP)',
				value: 'profile',
				description: 'Attributes and events of profiles (project API 2.x; needs the project key)',
			},
			{
				name: 'Transactional (MEP)',
				value: 'transactional',
				description:
					'Pushes to tokens, custom IDs or install IDs (Transactional API 1.1; needs the API key)',
			},
		],
		default: 'campaign',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['projectCampaign'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a CEP campaign',
				description: 'Create a campaign in the project (campaigns/create)',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a CEP campaign',
				description: 'Delete a campaign of the project (campaigns/delete)',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a CEP campaign',
				description: "A push campaign's settings (orchestrations/view)",
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many CEP campaigns',
				description: "The project's orchestrations (orchestrations/list)",
			},
			{
				name: 'Get Stats',
				value: 'getStats',
				action: 'Get CEP campaign stats',
				description: 'Statistics per day (orchestrations/stats)',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a CEP campaign',
				description: 'Change a campaign, or its state (campaigns/update)',
			},
		],
		default: 'create',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['campaign'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a campaign',
				description: 'Create a push campaign (Campaigns API 1.1)',
			},
			{ name: 'Delete', value: 'delete', action: 'Delete a campaign' },
			{ name: 'Get', value: 'get', action: 'Get a campaign' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many campaigns' },
			{ name: 'Get Stats', value: 'getStats', action: 'Get campaign stats' },
			{ name: 'Update', value: 'update', action: 'Update a campaign' },
		],
		default: 'create',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['transactional'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				action: 'Send a transactional notification',
				description: 'Send a push to tokens, custom IDs or install IDs',
			},
		],
		default: 'send',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customData'] } },
		options: [
			{
				name: 'Bulk Update',
				value: 'bulkUpdate',
				action: 'Update custom data of many users',
				description: 'Up to 10,000 users per call',
			},
			{ name: 'Delete User', value: 'deleteUser', action: 'Delete the custom data of a user' },
			{ name: 'Update User', value: 'updateUser', action: 'Update the custom data of a user' },
		],
		default: 'updateUser',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['profile'] } },
		options: [
			{
				name: 'Mass Update',
				value: 'massUpdate',
				action: 'Update many profiles',
				description:
					'Up to 10,000 profiles a call, applied by Batch after it answers (project API 2.x)',
			},
			{
				name: 'Track Event',
				value: 'trackEvent',
				action: 'Track an event on a profile',
				description: 'One event per item, with its attributes, 200 a call (project API 2.x)',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a profile',
				description: 'Update attributes and events of profiles, 200 a call (project API 2.x)',
			},
		],
		default: 'update',
	},
	...descriptions,
];

export class BatchCom implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Batch.com',
		name: 'batchCom',
		icon: { light: 'file:batchCom.svg', dark: 'file:batchCom.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: readableSubtitle(properties),
		description:
			'Send push campaigns and transactional notifications, and update custom data and profiles with Batch.com (MEP and CEP)',
		defaults: { name: 'Batch.com' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'batchApi', required: true }],
		properties,
	};

	methods = { listSearch: { searchCampaigns, searchOrchestrations } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
