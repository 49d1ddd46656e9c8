import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeListSearchResult,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { validateThenRun } from '../../../../../core/items';
import { ParameterReader, readWanted, returnAllProperties } from '../../../../../core/parameters';
import { SfmcTransport } from '../../transport';

const properties: INodeProperties[] = [
	...returnAllProperties,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Filter',
				name: 'filter',
				type: 'string',
				default: '',
				placeholder: "name like 'Sale%'",
				description: 'OData-style filter: eq, neq, lt, lte, gt, gte, like',
			},
			{
				displayName: 'Order By',
				name: 'orderBy',
				type: 'string',
				default: '',
				placeholder: 'createdDate DESC',
				description: 'A property (ID, name, status, createdDate, lastUpdated, …) and ASC or DESC',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['getMany'] } },
	properties,
);

const PAGE_SIZE = 50;

/**
 * Message's From List: a page of definitions, newest first; the search text goes to Marketing
 * Cloud as `name like '%…%'` (a documented operator, with SQL's wildcard).
 */
export async function searchMessages(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = Number(paginationToken) || 1;
	const qs: IDataObject = { $page: page, $pageSize: PAGE_SIZE, $orderBy: 'lastUpdated DESC' };
	const search = filter?.trim();
	if (search) qs.$filter = `name like '%${search.replace(/'/g, "''")}%'`;
	const body = (await new SfmcTransport(this).call(
		{ method: 'GET', url: '/push/v1/message', qs },
		[],
		'Marketing Cloud did not list the messages',
	)) as { items?: IDataObject[]; count?: number };
	const items = body?.items ?? [];
	return {
		results: items.map((message) => ({
			name: `${String(message.name ?? message.id)} (${String(message.id)})`,
			value: String(message.id),
		})),
		paginationToken:
			items.length === PAGE_SIZE && (body.count === undefined || page * PAGE_SIZE < body.count)
				? String(page + 1)
				: undefined,
	};
}

/** Pages through `GET /push/v1/message` ($page, $pageSize) until the limit or the last page. */
export async function execute(
	this: IExecuteFunctions,
	transport: SfmcTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	return await validateThenRun(
		this,
		(itemIndex) => ({
			wanted: readWanted(reader, itemIndex),
			options: reader.get<IDataObject>('options', itemIndex, {}),
		}),
		async ({ wanted, options }, itemIndex) => {
			const messages: IDataObject[] = [];
			for (let page = 1; ; page++) {
				const qs: IDataObject = { $page: page, $pageSize: PAGE_SIZE };
				if (options.filter) qs.$filter = options.filter;
				if (options.orderBy) qs.$orderBy = options.orderBy;
				const body = (await transport.call(
					{ method: 'GET', url: '/push/v1/message', qs },
					[itemIndex],
					'Marketing Cloud did not list the messages',
				)) as { items?: IDataObject[]; count?: number };
				const items = body?.items ?? [];
				messages.push(...items);
				if (messages.length >= wanted) return messages.slice(0, wanted);
				if (items.length < PAGE_SIZE || (body.count !== undefined && messages.length >= body.count))
					return messages;
			}
		},
	);
}
