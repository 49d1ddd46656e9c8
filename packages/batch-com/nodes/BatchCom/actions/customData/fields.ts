import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ParameterReader } from '../../../../../core/parameters';
import {
	buildCustomDataValues,
	checkCustomId,
	customDataUpdate,
	type AttributeInput,
	type TagInput,
} from '../../protocol/customData';
import { listOf } from '../../protocol/message';
import { buildFor, defineBodyProperty, jsonObject } from '../fields';

export const customIdProperty: INodeProperties = {
	displayName: 'Custom ID',
	name: 'customId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '={{ $json.userId }}',
	description: 'The custom user ID your app sets with the Batch SDK',
};

/** Attributes, tags, overwrite and the JSON mode, shared by Update User and Bulk Update. */
export const customDataProperties: INodeProperties[] = [
	customIdProperty,
	{
		displayName: 'Overwrite',
		name: 'overwrite',
		type: 'boolean',
		default: false,
		description:
			'Whether to replace all existing custom data of the user instead of changing only the values given',
	},
	defineBodyProperty('Data'),
	{
		displayName: 'Values (JSON)',
		name: 'valuesJson',
		type: 'json',
		default: '{\n  "u.plan": "premium",\n  "ut.interests": ["sports"]\n}',
		displayOptions: { show: { define: ['json'] } },
		description:
			'The "values" object: u.name for attributes, date(u.name) for dates, ut.name for tag collections',
	},
	{
		displayName: 'Attributes',
		name: 'attributes',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Attribute',
		default: {},
		displayOptions: { show: { define: ['fields'] } },
		options: [
			{
				displayName: 'Attribute',
				name: 'attribute',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						description: 'Letters, digits and _ (at most 30); sent as u.name',
					},
					{
						displayName: 'Type',
						name: 'type',
						description: "The attribute's type as Batch stores it; a date is sent as date(u.name)",
						type: 'options',
						options: [
							{ name: 'Boolean', value: 'boolean' },
							{ name: 'Date', value: 'date' },
							{ name: 'Float', value: 'float' },
							{ name: 'Integer', value: 'integer' },
							{ name: 'String', value: 'string' },
						],
						default: 'string',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: "The attribute's value as text; a date as an ISO 8601 date and time",
					},
				],
			},
		],
	},
	{
		displayName: 'Tag Collections',
		name: 'tags',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Tag Collection',
		default: {},
		displayOptions: { show: { define: ['fields'] } },
		options: [
			{
				displayName: 'Tag Collection',
				name: 'collection',
				values: [
					{
						displayName: 'Collection',
						name: 'collection',
						type: 'string',
						default: '',
						description: 'Sent as ut.collection',
					},
					{
						displayName: 'Change',
						name: 'mode',
						description:
							'Whether the tags given replace the collection, are added to it, or are removed from it',
						type: 'options',
						options: [
							{ name: 'Replace With', value: 'set' },
							{ name: 'Add', value: 'add' },
							{ name: 'Remove', value: 'remove' },
						],
						default: 'set',
					},
					{
						displayName: 'Tags',
						name: 'tags',
						type: 'string',
						default: '',
						description: 'Comma-separated tags',
					},
				],
			},
		],
	},
];

export interface CustomDataEntry {
	id: string;
	update: { overwrite: boolean; values: Record<string, unknown> };
}

export function readCustomData(
	ctx: IExecuteFunctions,
	reader: ParameterReader,
	itemIndex: number,
): CustomDataEntry {
	return buildFor(
		ctx.getNode(),
		itemIndex,
		() => {
			const id = checkCustomId(reader.get('customId', itemIndex, ''));
			const overwrite = reader.get<boolean>('overwrite', itemIndex, false);
			let values: Record<string, unknown>;
			if (reader.get<string>('define', itemIndex, 'fields') === 'json') {
				values = jsonObject(reader.get('valuesJson', itemIndex, '{}'), 'The values JSON');
			} else {
				const attributes = (reader.get<{ attribute?: AttributeInput[] }>(
					'attributes',
					itemIndex,
					{},
				).attribute ?? []) as AttributeInput[];
				const tags = (
					reader.get<{
						collection?: Array<{ collection: string; mode: TagInput['mode']; tags: unknown }>;
					}>('tags', itemIndex, {}).collection ?? []
				).map((tag) => ({ collection: tag.collection, mode: tag.mode, tags: listOf(tag.tags) }));
				values = buildCustomDataValues(attributes, tags);
			}
			return { id, update: customDataUpdate(values, overwrite) };
		},
		'Attribute names are letters, digits and _ (at most 30); values must match their type.',
	);
}
