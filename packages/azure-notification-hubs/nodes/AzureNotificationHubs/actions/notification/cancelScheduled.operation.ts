import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { validateThenRun } from '../../../../../core/items';
import { ParameterReader } from '../../../../../core/parameters';
import type { HubTransport } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Scheduled Notification ID',
		name: 'notificationId',
		type: 'string',
		default: '',
		required: true,
		description: 'The notificationId that Schedule returned',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['notification'], operation: ['cancelScheduled'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	transport: HubTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	return await validateThenRun(
		this,
		(itemIndex) => {
			const id = String(reader.get('notificationId', itemIndex, '') ?? '').trim();
			if (!id) throw new Error('Scheduled Notification ID is empty');
			return id;
		},
		async (id, itemIndex) => {
			await transport.call(
				{ method: 'DELETE', path: `schedulednotifications/${encodeURIComponent(id)}` },
				[itemIndex],
				'Azure did not cancel the scheduled notification',
			);
			return { notificationId: id, cancelled: true };
		},
	);
}
