import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parseJsonBody } from '../../../../../core/errors';
import { validateThenRun } from '../../../../../core/items';
import { ParameterReader } from '../../../../../core/parameters';
import type { HubTransport } from '../../transport';
import { installationIdProperty, path, readInstallationId } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['installation'], operation: ['get'] } },
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
			const response = await transport.call(
				{ method: 'GET', path: path(id) },
				[itemIndex],
				'Azure did not return the installation',
			);
			return parseJsonBody(response.body) as IDataObject;
		},
	);
}
