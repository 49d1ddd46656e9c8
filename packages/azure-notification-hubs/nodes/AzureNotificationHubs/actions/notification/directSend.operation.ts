import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { validateThenRun } from '../../../../../core/items';
import { ParameterReader } from '../../../../../core/parameters';
import { readSendKeys, sendIdentity, sendOptionsCollection } from '../../../../../core/sendKey';
import { headerValue } from '../../protocol/platforms';
import { sendIds, type HubTransport } from '../../transport';
import { PER_ITEM, readNotification } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Device Handle',
		name: 'deviceHandle',
		type: 'string',
		default: '',
		required: true,
		description: 'The device’s PNS handle; for a browser, the push subscription’s endpoint URL',
	},
	{
		displayName: 'P256DH Key',
		name: 'p256dh',
		type: 'string',
		default: '',
		required: true,
		description: 'The browser push subscription’s keys.p256dh',
		displayOptions: { show: { platform: ['browser'] } },
	},
	{
		displayName: 'P256DH Key',
		name: 'p256dh',
		type: 'string',
		default: '',
		description:
			'For the browser items: the push subscription’s keys.p256dh, usually an expression',
		displayOptions: { show: { platform: [PER_ITEM] } },
	},
	{
		displayName: 'Auth Secret',
		name: 'auth',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		description: 'The browser push subscription’s keys.auth',
		displayOptions: { show: { platform: ['browser'] } },
	},
	{
		displayName: 'Auth Secret',
		name: 'auth',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: 'For the browser items: the push subscription’s keys.auth, usually an expression',
		displayOptions: { show: { platform: [PER_ITEM] } },
	},
];

const show = { show: { resource: ['notification'], operation: ['directSend'] } };
export const description = updateDisplayOptions(show, properties);
/** After the notification's fields, as options go in n8n's own nodes. */
export const options = updateDisplayOptions(show, [sendOptionsCollection]);

/** One notification to one device handle per item (the only way to reach browsers directly). */
export async function execute(
	this: IExecuteFunctions,
	transport: HubTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	return await validateThenRun(
		this,
		(itemIndex) => {
			const notification = readNotification(reader, itemIndex);
			const handle = String(reader.get('deviceHandle', itemIndex, '') ?? '').trim();
			if (!handle) throw new Error('Device Handle is empty');
			const headers: Record<string, string> = {
				...notification.headers,
				'ServiceBusNotification-Format': notification.platform,
				'Content-Type': notification.contentType,
				'ServiceBusNotification-DeviceHandle': headerValue(
					'ServiceBusNotification-DeviceHandle (Device Handle)',
					handle,
				),
			};
			if (notification.platform === 'browser') {
				headers.P256DH = headerValue(
					'P256DH (P256DH Key)',
					String(reader.get('p256dh', itemIndex, '')).trim(),
				);
				headers.Auth = headerValue(
					'Auth (Auth Secret)',
					String(reader.get('auth', itemIndex, '')).trim(),
				);
				if (!headers.P256DH || !headers.Auth)
					throw new Error('A browser subscription needs its P256DH key and auth secret');
			}
			return { headers, body: notification.body, platform: notification.platform };
		},
		async (prepared, itemIndex) => {
			const response = await transport.call(
				{
					method: 'POST',
					path: 'messages/',
					query: 'direct',
					headers: prepared.headers,
					body: prepared.body,
				},
				[itemIndex],
				'Azure refused the direct send',
			);
			return { status: 'sent', platform: prepared.platform, ...sendIds(response) };
		},
		{
			...readSendKeys(reader, 'sendOptions'),
			identify: (prepared) =>
				sendIdentity(
					{
						handle: prepared.headers['ServiceBusNotification-DeviceHandle'],
						platform: prepared.platform,
					},
					{ headers: prepared.headers, body: prepared.body },
				),
		},
	);
}
