import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { validateThenRun } from '../../../../../core/items';
import { ParameterReader, readWanted, returnAllProperties } from '../../../../../core/parameters';
import type { BatchTransport } from '../../transport';

/** Batch's list route returns at most 100 campaigns per call. */
const PAGE = 100;

const properties: INodeProperties[] = [
	...returnAllProperties,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'State',
				name: 'live',
				description: 'Only the campaigns in this state',
				type: 'options',
				options: [
					{ name: 'Any', value: 'any' },
					{ name: 'Running or Completed', value: 'true' },
					{ name: 'Stopped or Draft', value: 'false' },
				],
				default: 'any',
			},
			{
				displayName: 'Created',
				name: 'fromApi',
				description: 'Only the campaigns created this way',
				type: 'options',
				options: [
					{ name: 'Anywhere', value: 'any' },
					{ name: 'Through the API', value: 'true' },
					{ name: 'In the Dashboard', value: 'false' },
				],
				default: 'any',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['campaign'], operation: ['getMany'] } },
	properties,
);

/** Needs the Live API key. One output item per campaign, all paired to the input item. */
export async function execute(
	this: IExecuteFunctions,
	transport: BatchTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	return await validateThenRun(
		this,
		(itemIndex) => ({
			wanted: readWanted(reader, itemIndex),
			filters: reader.get<IDataObject>('filters', itemIndex, {}),
		}),
		async ({ wanted, filters }, itemIndex) => {
			const qs: IDataObject = {};
			if (filters.live === 'true' || filters.live === 'false') qs.live = filters.live;
			if (filters.fromApi === 'true' || filters.fromApi === 'false') qs.from_api = filters.fromApi;
			const campaigns: IDataObject[] = [];
			for (let from = 0; campaigns.length < wanted; from += PAGE) {
				const page = Math.min(PAGE, wanted - campaigns.length);
				const body = await transport.call(
					{
						method: 'GET',
						url: transport.appPath('1.1', 'campaigns/list'),
						qs: { ...qs, from, limit: page },
					},
					[itemIndex],
					'Batch did not list the campaigns',
				);
				const list = Array.isArray(body) ? (body as IDataObject[]) : [];
				campaigns.push(...list);
				if (list.length < page) break;
			}
			return campaigns;
		},
	);
}
