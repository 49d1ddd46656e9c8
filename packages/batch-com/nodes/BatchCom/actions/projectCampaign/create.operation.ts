import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { validateThenRun } from '../../../../../core/items';
import { ParameterReader } from '../../../../../core/parameters';
import type { BatchTransport } from '../../transport';
import { buildFor } from '../fields';
import { campaignProperties, readProjectCampaign, readVersion, RESOURCE } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: [RESOURCE], operation: ['create'] } },
	campaignProperties,
);

/** `POST /{version}/campaigns/create`, one campaign per item; Batch answers its orchestration `id`. */
export async function execute(
	this: IExecuteFunctions,
	transport: BatchTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	return await validateThenRun(
		this,
		(itemIndex) =>
			buildFor(this.getNode(), itemIndex, () => ({
				version: readVersion(reader, itemIndex),
				body: readProjectCampaign(this, reader, itemIndex, false),
			})),
		async ({ version, body }, itemIndex) => {
			const response = (await transport.call(
				{ method: 'POST', url: `/${version}/campaigns/create`, body },
				[itemIndex],
				'Batch did not create the campaign',
			)) as { id?: string } | undefined;
			const when = body.when as { start_time?: string; local_time?: boolean };
			return {
				id: response?.id,
				name: body.name as string,
				state: body.state as string,
				startTime: when.start_time,
				localTime: when.local_time === true,
			};
		},
	);
}
