import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { readableSubtitle } from '../../../core/subtitle';

import { searchMessages } from './actions/message/getMany.operation';
import { descriptions, router } from './actions/router';

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Delivery', value: 'delivery' },
			{ name: 'Message', value: 'message' },
			{ name: 'Send', value: 'send' },
		],
		default: 'send',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a message',
				description: 'Create a push message definition of any type',
			},
			{ name: 'Delete', value: 'delete', action: 'Delete a message' },
			{ name: 'Get', value: 'get', action: 'Get a message' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many messages' },
			{ name: 'Update', value: 'update', action: 'Update a message' },
		],
		default: 'create',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['send'] } },
		options: [
			{
				name: 'Send Message Batch',
				value: 'sendMessageBatch',
				action: 'Send a message batch',
				description: 'Each item its own alert and recipients; up to 5,000 recipients a call',
			},
			{ name: 'Send to App', value: 'sendToApp', action: 'Send a message to every app user' },
			{
				name: 'Send to Contacts',
				value: 'sendToContacts',
				action: 'Send a message to contacts',
				description: 'Subscriber keys or device tokens, up to 5,000 a call',
			},
			{ name: 'Send to Lists', value: 'sendToLists', action: 'Send a message to lists' },
			{ name: 'Send to Tags', value: 'sendToTags', action: 'Send a message to tags' },
		],
		default: 'sendMessageBatch',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['delivery'] } },
		options: [
			{ name: 'Get Status', value: 'getStatus', action: 'Get the delivery status of a send' },
		],
		default: 'getStatus',
	},
	...descriptions,
];

export class SalesforceMobilePush implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Salesforce Marketing Cloud MobilePush',
		name: 'salesforceMobilePush',
		icon: { light: 'file:salesforceMobilePush.svg', dark: 'file:salesforceMobilePush.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: readableSubtitle(properties),
		description:
			'Create MobilePush messages and send them to contacts, lists, tags or whole apps in batches of up to 5,000',
		defaults: { name: 'MobilePush' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'salesforceMarketingCloudApi', required: true }],
		properties,
	};

	methods = { listSearch: { searchMessages } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
