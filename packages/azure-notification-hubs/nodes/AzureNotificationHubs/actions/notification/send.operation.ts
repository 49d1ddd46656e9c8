import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { validateThenRun } from '../../../../../core/items';
import { ParameterReader } from '../../../../../core/parameters';
import { readSendKeys, sendIdentity, sendOptionsCollection } from '../../../../../core/sendKey';
import { headerValue } from '../../protocol/platforms';
import { sendIds, type HubTransport } from '../../transport';
import { readNotification } from './fields';

export const audienceProperties: INodeProperties[] = [
	{
		displayName: 'Audience',
		name: 'audience',
		noDataExpression: true,
		description:
			'Who gets it: the devices whose installation tags match an expression, or every device registered for the platform',
		type: 'options',
		options: [
			{
				name: 'Tag Expression',
				value: 'tags',
				description: 'Devices whose installation tags match, e.g. (sports || news) && !muted',
			},
			{
				name: 'Everyone (Broadcast)',
				value: 'broadcast',
				description: 'Every registered device of the platform',
			},
		],
		default: 'tags',
	},
	{
		displayName: 'Tag Expression',
		name: 'tagExpression',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'sports && !muted',
		description: 'Tags joined with &&, || and !, with parentheses; at most 20 tags',
		displayOptions: { show: { audience: ['tags'] } },
	},
];

const show = { show: { resource: ['notification'], operation: ['send'] } };
export const description = updateDisplayOptions(show, audienceProperties);
/** After the notification's fields, as options go in n8n's own nodes. */
export const options = updateDisplayOptions(show, [sendOptionsCollection]);

/** Reads an item's audience as the ServiceBusNotification-Tags header (none for broadcast). */
export function audienceHeaders(
	reader: ParameterReader,
	itemIndex: number,
): Record<string, string> {
	if (reader.get<string>('audience', itemIndex, 'tags') === 'broadcast') return {};
	const tags = String(reader.get('tagExpression', itemIndex, '') ?? '').trim();
	if (!tags)
		throw new Error('Tag Expression is empty; choose Everyone (Broadcast) to send to every device');
	return {
		'ServiceBusNotification-Tags': headerValue(
			'ServiceBusNotification-Tags (Tag Expression)',
			tags,
		),
	};
}

/** A notification to the devices registered with matching tags, or to all of them. */
export async function execute(
	this: IExecuteFunctions,
	transport: HubTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	return await validateThenRun(
		this,
		(itemIndex) => {
			const notification = readNotification(reader, itemIndex);
			return {
				platform: notification.platform,
				body: notification.body,
				headers: {
					...notification.headers,
					...audienceHeaders(reader, itemIndex),
					'ServiceBusNotification-Format': notification.platform,
					'Content-Type': notification.contentType,
				},
			};
		},
		async (prepared, itemIndex) => {
			const response = await transport.call(
				{ method: 'POST', path: 'messages/', headers: prepared.headers, body: prepared.body },
				[itemIndex],
				'Azure refused the send',
			);
			return { status: 'sent', platform: prepared.platform, ...sendIds(response) };
		},
		{
			...readSendKeys(reader, 'sendOptions'),
			identify: (prepared) =>
				sendIdentity(
					{
						tags:
							(prepared.headers as Record<string, string>)['ServiceBusNotification-Tags'] ??
							'everyone',
						platform: prepared.platform,
					},
					{ headers: prepared.headers, body: prepared.body },
				),
		},
	);
}
