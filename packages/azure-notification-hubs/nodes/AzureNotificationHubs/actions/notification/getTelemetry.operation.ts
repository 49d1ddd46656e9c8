import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { validateThenRun } from '../../../../../core/items';
import { ParameterReader } from '../../../../../core/parameters';
import { readNotificationDetails } from '../../protocol/telemetry';
import type { HubTransport } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Notification ID',
		name: 'notificationId',
		type: 'string',
		default: '',
		required: true,
		description: 'The notificationId a send returned (Standard tier hubs return one)',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['notification'], operation: ['getTelemetry'] } },
	properties,
);

/** Per-message telemetry (Standard tier): state and outcome counts per push service. */
export async function execute(
	this: IExecuteFunctions,
	transport: HubTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	return await validateThenRun(
		this,
		(itemIndex) => {
			const id = String(reader.get('notificationId', itemIndex, '') ?? '').trim();
			if (!id) throw new Error('Notification ID is empty');
			return id;
		},
		async (id, itemIndex) => {
			const response = await transport.call(
				{ method: 'GET', path: `messages/${encodeURIComponent(id)}` },
				[itemIndex],
				'Azure did not return the telemetry',
			);
			return readNotificationDetails(String(response.body ?? '')) as IDataObject;
		},
	);
}
