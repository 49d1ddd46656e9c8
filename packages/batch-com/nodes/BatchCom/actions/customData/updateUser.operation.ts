import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ParameterReader } from '../../../../../core/parameters';
import { validateThenRun } from '../../../../../core/items';
import type { BatchTransport } from '../../transport';

import { customDataProperties, readCustomData } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['customData'], operation: ['updateUser'] } },
	customDataProperties,
);

export async function execute(
	this: IExecuteFunctions,
	transport: BatchTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	return await validateThenRun(
		this,
		(itemIndex) => readCustomData(this, reader, itemIndex),
		async (entry, itemIndex) => {
			const response = (await transport.call(
				{
					method: 'POST',
					url: transport.appPath('1.0', `data/users/${encodeURIComponent(entry.id)}`),
					body: entry.update,
				},
				[itemIndex],
				'Batch did not update the custom data',
			)) as { token?: string } | undefined;
			return { status: 'updated', customId: entry.id, token: response?.token };
		},
	);
}
