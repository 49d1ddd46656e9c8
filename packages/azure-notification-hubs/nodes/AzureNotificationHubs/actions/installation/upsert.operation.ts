import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { validateThenRun } from '../../../../../core/items';
import { jsonObject } from '../../../../../core/json';
import { ParameterReader } from '../../../../../core/parameters';
import { parseRecipientList } from '../../../../../core/recipients';
import type { HubTransport } from '../../transport';
import { installationIdProperty, path, readInstallationId } from './fields';

const properties: INodeProperties[] = [
	installationIdProperty,
	{
		displayName: 'Platform',
		name: 'installationPlatform',
		noDataExpression: true,
		description: 'The push service of the device: the one its Push Channel comes from',
		type: 'options',
		options: [
			{ name: 'Amazon (ADM)', value: 'adm' },
			{ name: 'Apple (APNs)', value: 'apns' },
			{ name: 'Baidu', value: 'baidu' },
			{ name: 'Browser', value: 'browser' },
			{ name: 'Firebase Cloud Messaging V1', value: 'fcmv1' },
			{ name: 'Windows (WNS)', value: 'wns' },
			{ name: 'Xiaomi', value: 'xiaomi' },
		],
		default: 'apns',
	},
	{
		displayName: 'Push Channel',
		name: 'pushChannel',
		type: 'string',
		default: '',
		required: true,
		description: 'The device’s PNS handle',
		displayOptions: { hide: { installationPlatform: ['browser'] } },
	},
	// A browser's push channel is its subscription, an object (the SDK's BrowserPushChannel).
	{
		displayName: 'Endpoint',
		name: 'browserEndpoint',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://fcm.googleapis.com/fcm/send/…',
		description: 'The push subscription’s endpoint URL (PushSubscription.endpoint)',
		displayOptions: { show: { installationPlatform: ['browser'] } },
	},
	{
		displayName: 'P256DH Key',
		name: 'browserP256dh',
		type: 'string',
		default: '',
		required: true,
		description: 'The subscription’s public key (PushSubscription.getKey("p256dh"), base64url)',
		displayOptions: { show: { installationPlatform: ['browser'] } },
	},
	{
		displayName: 'Auth Secret',
		name: 'browserAuth',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		description: 'The subscription’s auth secret (PushSubscription.getKey("auth"), base64url)',
		displayOptions: { show: { installationPlatform: ['browser'] } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Tags',
				name: 'tags',
				type: 'string',
				default: '',
				description: 'Tags for targeting, separated by commas',
			},
			{
				displayName: 'User ID',
				name: 'userId',
				type: 'string',
				default: '',
				description:
					"Your own ID of the device's user; Notification Hubs adds the tag $UserId:{value}, so a send can reach all of a user's devices",
			},
			{
				displayName: 'Templates (JSON)',
				name: 'templates',
				type: 'json',
				default: '{}',
				description: 'Named templates: {"name": {"body": "…", "tags": []}}',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['installation'], operation: ['upsert'] } },
	properties,
);

/** PUT creates the installation or replaces it whole. */
export async function execute(
	this: IExecuteFunctions,
	transport: HubTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	return await validateThenRun(
		this,
		(itemIndex) => {
			const installationId = readInstallationId(reader, itemIndex);
			const platform = reader.get<string>('installationPlatform', itemIndex);
			const text = (name: string) => String(reader.get(name, itemIndex, '') ?? '').trim();
			let pushChannel: string | IDataObject;
			if (platform === 'browser') {
				pushChannel = {
					endpoint: text('browserEndpoint'),
					p256dh: text('browserP256dh'),
					auth: text('browserAuth'),
				};
				if (!pushChannel.endpoint || !pushChannel.p256dh || !pushChannel.auth)
					throw new Error('A browser installation needs its Endpoint, P256DH Key and Auth Secret');
			} else {
				pushChannel = text('pushChannel');
				if (!pushChannel) throw new Error('Push Channel is empty');
			}
			const extra = reader.get<IDataObject>('additionalFields', itemIndex, {});
			const installation: IDataObject = { installationId, platform, pushChannel };
			if (extra.tags) installation.tags = parseRecipientList(extra.tags);
			if (extra.userId) installation.userId = extra.userId;
			if (extra.templates !== undefined && extra.templates !== '') {
				const templates = jsonObject(extra.templates, 'Templates');
				if (Object.keys(templates).length) installation.templates = templates as IDataObject;
			}
			return installation;
		},
		async (installation, itemIndex) => {
			await transport.call(
				{
					method: 'PUT',
					path: path(installation.installationId as string),
					headers: { 'Content-Type': 'application/json' },
					body: JSON.stringify(installation),
				},
				[itemIndex],
				'Azure did not save the installation',
			);
			return { ...installation, saved: true };
		},
	);
}
