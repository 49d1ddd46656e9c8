import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ParameterReader } from '../../../../../core/parameters';
import { validateThenRun } from '../../../../../core/items';
import type { BatchTransport } from '../../transport';
import { buildFor } from '../fields';
import { campaignTokenProperty, checkToken } from './token';

export const description = updateDisplayOptions(
	{ show: { resource: ['campaign'], operation: ['delete'] } },
	[campaignTokenProperty],
);

export async function execute(
	this: IExecuteFunctions,
	transport: BatchTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	return await validateThenRun(
		this,
		(itemIndex) =>
			buildFor(this.getNode(), itemIndex, () => checkToken(reader.get('campaignId', itemIndex))),
		async (token, itemIndex) => {
			await transport.call(
				{
					method: 'POST',
					url: transport.appPath('1.1', `campaigns/delete/${encodeURIComponent(token)}`),
				},
				[itemIndex],
				'Batch did not delete the campaign',
			);
			return { campaignToken: token, deleted: true };
		},
	);
}
