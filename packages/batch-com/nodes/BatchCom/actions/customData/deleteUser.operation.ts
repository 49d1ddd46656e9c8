import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ParameterReader } from '../../../../../core/parameters';
import { checkCustomId } from '../../protocol/customData';
import { validateThenRun } from '../../../../../core/items';
import type { BatchTransport } from '../../transport';
import { buildFor } from '../fields';
import { customIdProperty } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['customData'], operation: ['deleteUser'] } },
	[customIdProperty],
);

export async function execute(
	this: IExecuteFunctions,
	transport: BatchTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	return await validateThenRun(
		this,
		(itemIndex) =>
			buildFor(this.getNode(), itemIndex, () =>
				checkCustomId(reader.get('customId', itemIndex, '')),
			),
		async (id, itemIndex) => {
			const response = (await transport.call(
				{ method: 'DELETE', url: transport.appPath('1.0', `data/users/${encodeURIComponent(id)}`) },
				[itemIndex],
				'Batch did not delete the custom data',
			)) as { token?: string } | undefined;
			return { status: 'deleted', customId: id, token: response?.token };
		},
	);
}
