import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ParameterReader } from '../../../../../core/parameters';
import { listOf } from '../../protocol/message';
import { formatPushTime } from '../../protocol/pushTime';
import { validateThenRun } from '../../../../../core/items';
import type { BatchTransport } from '../../transport';
import { buildFor, defineBodyProperty, jsonObject } from '../fields';
import { campaignTokenProperty, checkToken } from './token';

const properties: INodeProperties[] = [
	campaignTokenProperty,
	defineBodyProperty('Changes'),
	{
		displayName: 'Changes (JSON)',
		name: 'changesJson',
		type: 'json',
		default: '{\n  "live": false\n}',
		displayOptions: { show: { define: ['json'] } },
		description:
			'Only the campaign fields to change, as in campaigns/create; {"live": false} pauses a campaign',
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { define: ['fields'] } },
		options: [
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'A new name for the campaign, at least 3 characters',
			},
			{
				displayName: 'Live',
				name: 'live',
				type: 'boolean',
				default: true,
				description: 'Whether the campaign runs; off pauses it',
			},
			{
				displayName: 'Date and Time (UTC)',
				name: 'pushTime',
				type: 'dateTime',
				default: '',
				description: 'A new send time, in UTC',
			},
			{
				displayName: 'Labels',
				name: 'labels',
				type: 'string',
				default: '',
				description: 'Label codes, comma-separated, at most 3',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['campaign'], operation: ['update'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	transport: BatchTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	const node = this.getNode();
	return await validateThenRun(
		this,
		(itemIndex) =>
			buildFor(node, itemIndex, () => {
				const token = checkToken(reader.get('campaignId', itemIndex));
				let changes: Record<string, unknown>;
				if (reader.get<string>('define', itemIndex, 'fields') === 'json') {
					changes = jsonObject(reader.get('changesJson', itemIndex), 'The changes JSON');
				} else {
					const fields = reader.get<Record<string, unknown>>('updateFields', itemIndex, {});
					changes = {};
					if (fields.name !== undefined) {
						const name = String(fields.name).trim();
						if (name.length < 3)
							throw new Error(`The campaign name "${name}" is shorter than 3 characters`);
						changes.name = name;
					}
					if (fields.live !== undefined) changes.live = fields.live === true;
					if (fields.pushTime) changes.push_time = formatPushTime('utc', fields.pushTime);
					const labels = listOf(fields.labels);
					if (labels.length > 3)
						throw new Error(`${labels.length} labels were given; Batch accepts at most 3`);
					if (labels.length) changes.labels = labels;
				}
				if (Object.keys(changes).length === 0)
					throw new Error('There is nothing to update: add a field to change');
				return { token, changes };
			}),
		async ({ token, changes }, itemIndex) => {
			const response = await transport.call(
				{
					method: 'POST',
					url: transport.appPath('1.1', `campaigns/update/${encodeURIComponent(token)}`),
					body: changes,
				},
				[itemIndex],
				'Batch did not update the campaign',
			);
			return { campaignToken: token, updated: true, ...(isObject(response) ? response : {}) };
		},
	);
}

function isObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}
