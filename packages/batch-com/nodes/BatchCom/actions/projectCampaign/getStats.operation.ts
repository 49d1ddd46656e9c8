import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { validateThenRun } from '../../../../../core/items';
import { ParameterReader } from '../../../../../core/parameters';
import { statsWindow } from '../../protocol/projectCampaign';
import type { BatchTransport } from '../../transport';
import { buildFor } from '../fields';
import { campaignIdProperty, readTarget, RESOURCE, versionOptionsProperty } from './fields';

const properties: INodeProperties[] = [
	campaignIdProperty,
	{
		displayName: 'From',
		name: 'from',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'The first day of statistics (UTC), at most six months ago',
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'The last day of statistics (UTC)',
	},
	versionOptionsProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: [RESOURCE], operation: ['getStats'] } },
	properties,
);

/** `GET /{version}/orchestrations/stats`: a day per entry of `details`, as Batch answers them. */
export async function execute(
	this: IExecuteFunctions,
	transport: BatchTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	return await validateThenRun(
		this,
		(itemIndex) => ({
			...readTarget(this, reader, itemIndex),
			...buildFor(
				this.getNode(),
				itemIndex,
				() => statsWindow(reader.get('from', itemIndex), reader.get('to', itemIndex)),
				'Give From and To as dates (yyyy-MM-dd), From no later than To and no earlier than six months ago.',
			),
		}),
		async ({ id, version, from, to }, itemIndex) =>
			(await transport.call(
				{
					method: 'GET',
					url: `/${version}/orchestrations/stats`,
					qs: { orchestration_id: id, from, to },
				},
				[itemIndex],
				'Batch did not return the campaign statistics',
			)) as IDataObject,
	);
}
