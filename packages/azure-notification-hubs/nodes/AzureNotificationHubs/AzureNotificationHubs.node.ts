import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { readableSubtitle } from '../../../core/subtitle';

import { descriptions, router } from './actions/router';

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Notification', value: 'notification' },
			{ name: 'Installation', value: 'installation' },
		],
		default: 'notification',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['notification'] } },
		options: [
			{
				name: 'Cancel Scheduled',
				value: 'cancelScheduled',
				action: 'Cancel a scheduled notification',
			},
			{
				name: 'Direct Batch Send',
				value: 'directBatchSend',
				action: 'Send a notification to many device handles',
				description: 'Up to 1,000 device handles a request, no registrations needed',
			},
			{
				name: 'Direct Send',
				value: 'directSend',
				action: 'Send a notification to one device handle',
				description: 'Also reaches browser (web push) subscriptions',
			},
			{
				name: 'Get Telemetry',
				value: 'getTelemetry',
				action: 'Get the telemetry of a notification',
				description: 'Standard tier',
			},
			{
				name: 'Schedule',
				value: 'schedule',
				action: 'Schedule a notification',
				description: 'Standard tier',
			},
			{
				name: 'Send',
				value: 'send',
				action: 'Send a notification to tags or everyone',
				description: 'To installations matching a tag expression, or broadcast; native or template',
			},
		],
		default: 'directBatchSend',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['installation'] } },
		options: [
			{ name: 'Create or Update', value: 'upsert', action: 'Create or update an installation' },
			{ name: 'Delete', value: 'delete', action: 'Delete an installation' },
			{ name: 'Get', value: 'get', action: 'Get an installation' },
			{ name: 'Patch', value: 'patch', action: 'Patch an installation' },
		],
		default: 'upsert',
	},
	...descriptions,
];

export class AzureNotificationHubs implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Azure Notification Hubs',
		name: 'azureNotificationHubs',
		icon: { light: 'file:azureNotificationHubs.svg', dark: 'file:azureNotificationHubs.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: readableSubtitle(properties),
		description:
			'Send push notifications to APNs, FCM, WNS and more through Azure Notification Hubs, in batches of up to 1,000 devices',
		defaults: { name: 'Azure Notification Hubs' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'azureNotificationHubsApi', required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
