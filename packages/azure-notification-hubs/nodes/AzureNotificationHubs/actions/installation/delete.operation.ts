import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { validateThenRun } from '../../../../../core/items';
import { ParameterReader } from '../../../../../core/parameters';
import type { HubTransport } from '../../transport';
import { installationIdProperty, path, readInstallationId } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['installation'], operation: ['delete'] } },
	[installationIdProperty],
);

export async function execute(
	this: IExecuteFunctions,
	transport: HubTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	return await validateThenRun(
		this,
		(itemIndex) => readInstallationId(reader, itemIndex),
		async (id, itemIndex) => {
			await transport.call(
				{ method: 'DELETE', path: path(id) },
				[itemIndex],
				'Azure did not delete the installation',
			);
			return { installationId: id, deleted: true };
		},
	);
}
