import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { validateThenRun } from '../../../../../core/items';
import { ParameterReader } from '../../../../../core/parameters';
import type { BatchTransport } from '../../transport';
import { campaignIdProperty, readTarget, RESOURCE, versionOptionsProperty } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: [RESOURCE], operation: ['delete'] } },
	[campaignIdProperty, versionOptionsProperty],
);

/** `POST /{version}/campaigns/delete` with `{id}`; Batch's page says 204 and its schema 200, both are success. */
export async function execute(
	this: IExecuteFunctions,
	transport: BatchTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	return await validateThenRun(
		this,
		(itemIndex) => readTarget(this, reader, itemIndex),
		async ({ id, version }, itemIndex) => {
			await transport.call(
				{ method: 'POST', url: `/${version}/campaigns/delete`, body: { id } },
				[itemIndex],
				'Batch did not delete the campaign',
			);
			return { id, deleted: true };
		},
	);
}
