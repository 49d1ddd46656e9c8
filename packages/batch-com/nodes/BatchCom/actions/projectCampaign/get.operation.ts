import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { validateThenRun } from '../../../../../core/items';
import { ParameterReader } from '../../../../../core/parameters';
import type { BatchTransport } from '../../transport';
import { campaignIdProperty, readTarget, RESOURCE, versionOptionsProperty } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: [RESOURCE], operation: ['get'] } },
	[campaignIdProperty, versionOptionsProperty],
);

/** `GET /{version}/orchestrations/view`: the push campaign's settings, as Batch answers them. */
export async function execute(
	this: IExecuteFunctions,
	transport: BatchTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	return await validateThenRun(
		this,
		(itemIndex) => readTarget(this, reader, itemIndex),
		async ({ id, version }, itemIndex) =>
			(await transport.call(
				{ method: 'GET', url: `/${version}/orchestrations/view`, qs: { orchestration_id: id } },
				[itemIndex],
				'Batch did not return the campaign',
			)) as IDataObject,
	);
}
