import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { validateThenRun } from '../../../../../core/items';
import { ParameterReader } from '../../../../../core/parameters';
import { readSendKeys, sendIdentity, sendOptionsCollection } from '../../../../../core/sendKey';
import { sendIds, type HubTransport } from '../../transport';
import { readNotification } from './fields';
import { audienceHeaders, audienceProperties } from './send.operation';

const properties: INodeProperties[] = [
	{
		displayName: 'Send At',
		name: 'scheduleTime',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'When Azure sends it (Standard tier only); must be in the future',
	},
	...audienceProperties,
];

const show = { show: { resource: ['notification'], operation: ['schedule'] } };
export const description = updateDisplayOptions(show, properties);
/** After the notification's fields, as options go in n8n's own nodes. */
export const options = updateDisplayOptions(show, [sendOptionsCollection]);

/** A tag or broadcast notification that Azure sends later (Standard tier). */
export async function execute(
	this: IExecuteFunctions,
	transport: HubTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	return await validateThenRun(
		this,
		(itemIndex) => {
			const notification = readNotification(reader, itemIndex);
			const at = Date.parse(String(reader.get('scheduleTime', itemIndex, '')));
			if (Number.isNaN(at)) throw new Error('Send At is not a date and time');
			if (at <= Date.now()) throw new Error('Send At is in the past');
			const scheduleTime = new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
			return {
				platform: notification.platform,
				scheduleTime,
				body: notification.body,
				headers: {
					...notification.headers,
					...audienceHeaders(reader, itemIndex),
					'ServiceBusNotification-Format': notification.platform,
					'ServiceBusNotification-ScheduleTime': scheduleTime,
					'Content-Type': notification.contentType,
				},
			};
		},
		async (prepared, itemIndex) => {
			const response = await transport.call(
				{
					method: 'POST',
					path: 'schedulednotifications/',
					headers: prepared.headers,
					body: prepared.body,
				},
				[itemIndex],
				'Azure refused the scheduled notification',
			);
			return {
				status: 'scheduled',
				platform: prepared.platform,
				scheduleTime: prepared.scheduleTime,
				...sendIds(response),
			};
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
