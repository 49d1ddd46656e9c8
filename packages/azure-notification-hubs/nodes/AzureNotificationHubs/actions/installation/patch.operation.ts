import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { validateThenRun } from '../../../../../core/items';
import { jsonValue } from '../../../../../core/json';
import { ParameterReader } from '../../../../../core/parameters';
import type { HubTransport } from '../../transport';
import { installationIdProperty, path, readInstallationId } from './fields';

const properties: INodeProperties[] = [
	installationIdProperty,
	{
		displayName: 'Operations (JSON Patch)',
		name: 'patch',
		type: 'json',
		default: '[{ "op": "add", "path": "/tags", "value": "sports" }]',
		required: true,
		description:
			'A JSON Patch array (RFC 6902): add, remove or replace on /tags, /pushChannel, /templates/{name}, /userId',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['installation'], operation: ['patch'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	transport: HubTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	return await validateThenRun(
		this,
		(itemIndex) => {
			const id = readInstallationId(reader, itemIndex);
			const patch = jsonValue(
				reader.get('patch', itemIndex, ''),
				'Operations (JSON Patch)',
			) as Array<{ op: string; path?: unknown }>;
			if (
				!Array.isArray(patch) ||
				patch.length === 0 ||
				patch.some(
					(op) =>
						!op ||
						typeof op !== 'object' ||
						!['add', 'remove', 'replace'].includes(op.op) ||
						typeof op.path !== 'string',
				)
			) {
				throw new Error(
					'Operations must be a JSON Patch array like [{"op":"add","path":"/tags","value":"sports"}] (op: add, remove or replace)',
				);
			}
			return { id, patch };
		},
		async ({ id, patch }, itemIndex) => {
			await transport.call(
				{
					method: 'PATCH',
					path: path(id),
					headers: { 'Content-Type': 'application/json-patch+json' },
					body: JSON.stringify(patch),
				},
				[itemIndex],
				'Azure did not patch the installation',
			);
			return { installationId: id, patched: true, operations: patch.length };
		},
	);
}
