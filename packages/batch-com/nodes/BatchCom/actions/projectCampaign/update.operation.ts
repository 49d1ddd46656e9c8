import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { validateThenRun } from '../../../../../core/items';
import { ParameterReader } from '../../../../../core/parameters';
import type { BatchTransport } from '../../transport';
import {
	campaignIdProperty,
	campaignProperties,
	readProjectCampaign,
	readTarget,
	RESOURCE,
} from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: [RESOURCE], operation: ['update'] } },
	[campaignIdProperty, ...campaignProperties],
);

/**
 * `POST /{version}/campaigns/update` with `{id, campaign}`. The form sends the whole campaign,
 * as Batch's reference shows it; the JSON sends only the fields it holds.
 */
export async function execute(
	this: IExecuteFunctions,
	transport: BatchTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	return await validateThenRun(
		this,
		(itemIndex) => ({
			...readTarget(this, reader, itemIndex),
			campaign: readProjectCampaign(this, reader, itemIndex, true),
		}),
		async ({ id, version, campaign }, itemIndex) => {
			await transport.call(
				{ method: 'POST', url: `/${version}/campaigns/update`, body: { id, campaign } },
				[itemIndex],
				'Batch did not update the campaign',
			);
			return { id, updated: true, ...pick(campaign, ['name', 'state']) };
		},
	);
}

function pick(record: Record<string, unknown>, names: string[]) {
	return Object.fromEntries(
		names.filter((name) => name in record).map((name) => [name, record[name]]),
	);
}
