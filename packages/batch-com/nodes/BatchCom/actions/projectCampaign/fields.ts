import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodeProperties,
} from 'n8n-workflow';

import { locatorValue, type ParameterReader } from '../../../../../core/parameters';
import { listOf } from '../../protocol/message';
import {
	buildProjectCampaign,
	checkOrchestrationId,
	checkProjectCampaign,
	MAX_PROJECT_CAMPAIGN_LABELS,
	ORCHESTRATIONS_PAGE,
	SEND_RATE_RANGE,
} from '../../protocol/projectCampaign';
import { DEFAULT_PROJECT_API_VERSION } from '../../protocol/projectApi';
import { BatchTransport } from '../../transport';
import {
	buildFor,
	byDisplayName,
	defineBodyProperty,
	jsonObject,
	jsonValue,
	namedLike,
	projectApiVersionProperty,
	readProjectApiVersion,
	readWhen,
	whenProperties,
} from '../fields';

export const RESOURCE = 'projectCampaign';

/** The campaign (an orchestration of the project): picked from orchestrations/list, or its ID. */
export const campaignIdProperty: INodeProperties = {
	displayName: 'Campaign',
	name: 'campaignId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description:
		'The campaign: picked from the project\'s orchestrations (searchable by name), or its ID as Create returned it ("orchestration_…")',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchOrchestrations', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'orchestration_0664hyh918hr1gnzka9py5t62nrc0e1q',
		},
	],
};

/** The options every CEP campaign operation has: the API version. */
export const versionOptionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [projectApiVersionProperty],
};

function readCampaignId(reader: ParameterReader, itemIndex: number): string {
	return checkOrchestrationId(locatorValue(reader.get('campaignId', itemIndex)));
}

/** The campaign and the API version of an item, checked; bad input is an error naming the item. */
export function readTarget(ctx: IExecuteFunctions, reader: ParameterReader, itemIndex: number) {
	return buildFor(ctx.getNode(), itemIndex, () => ({
		id: readCampaignId(reader, itemIndex),
		version: readVersion(reader, itemIndex),
	}));
}

export function readVersion(reader: ParameterReader, itemIndex: number): string {
	return readProjectApiVersion(reader.get<IDataObject>('options', itemIndex, {}));
}

/** Campaign's From List: the project's orchestrations whose name holds the search text, a page at a time. */
export async function searchOrchestrations(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const transport = await BatchTransport.open(this);
	const qs: IDataObject = { limit: ORCHESTRATIONS_PAGE };
	if (paginationToken) qs.from = paginationToken;
	const page = (await transport.call(
		{ method: 'GET', url: `/${DEFAULT_PROJECT_API_VERSION}/orchestrations/list`, qs },
		[],
		'Batch did not list the orchestrations',
	)) as OrchestrationPage | undefined;
	return {
		results: namedLike(page?.orchestrations ?? [], filter).map((orchestration) => ({
			name: `${String(orchestration.name ?? orchestration.id)}${orchestration.status ? ` (${String(orchestration.status)})` : ''}`,
			value: String(orchestration.id),
		})),
		paginationToken: page?.has_more && page.next_from ? page.next_from : undefined,
	};
}

export interface OrchestrationPage {
	orchestrations?: IDataObject[];
	has_more?: boolean;
	next_from?: string;
}

/** With the JSON body, the options hold only the API version. */
const jsonVersionOptionsProperty: INodeProperties = {
	...versionOptionsProperty,
	displayOptions: { show: { define: ['json'] } },
};

const fields = { show: { define: ['fields'] } };

/** The campaign form (or JSON body), the same for Create and Update (Batch documents one campaign body for both). */
export const campaignProperties: INodeProperties[] = [
	defineBodyProperty('Campaign'),
	{
		displayName: 'Campaign JSON',
		name: 'campaignJson',
		type: 'json',
		default:
			'{\n  "name": "My campaign",\n  "state": "DRAFT",\n  "when": { "start_time": "now", "local_time": false },\n  "messages": [{ "channel_type": "push" }]\n}',
		required: true,
		displayOptions: { show: { define: ['json'] } },
		description:
			"The campaign as Batch's campaigns/create takes it; checked before sending for its name, state, time, one message, at most 5 labels and the send rate. On Update, only the fields given are sent.",
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		displayOptions: fields,
		description: 'The name of the campaign on the dashboard',
	},
	{
		displayName: 'State',
		name: 'state',
		type: 'options',
		options: [
			{ name: 'Draft', value: 'DRAFT', description: 'Saved, not sent until it is set to Running' },
			{ name: 'Running', value: 'RUNNING', description: 'Sent at its start time' },
			{
				name: 'Stopped',
				value: 'STOPPED',
				description: 'Paused; setting it to Running resumes it',
			},
		],
		default: 'DRAFT',
		displayOptions: fields,
		description:
			'Draft (the default) saves it for review in the dashboard; Running sends it at its start time',
	},
	{
		displayName:
			'Running: when this node runs, Batch sends the campaign to everyone it targets at the start time',
		name: 'runningNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { define: ['fields'], state: ['RUNNING'] } },
	},
	...whenProperties('Start', 'starts sending the campaign'),
	{
		displayName: 'Message (JSON)',
		name: 'messageJson',
		type: 'json',
		default: '{\n  "channel_type": "push"\n}',
		required: true,
		displayOptions: fields,
		description:
			'The one message of the campaign, as in the "messages" block of Batch\'s Create Campaign reference (channel_type "push" or "email", and the fields Batch documents for it). Taken as given: only its channel_type is checked.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: fields,
		options: byDisplayName([
			projectApiVersionProperty,
			{
				displayName: 'Labels',
				name: 'labels',
				type: 'string',
				default: '',
				placeholder: 'promo, weekly',
				description: `Labels for organising and capping (comma-separated, at most ${MAX_PROJECT_CAMPAIGN_LABELS})`,
			},
			{
				displayName: 'Target Languages',
				name: 'languages',
				type: 'string',
				default: '',
				placeholder: 'fr, en',
				description: 'Only the users with these languages (comma-separated codes)',
			},
			{
				displayName: 'Target Regions',
				name: 'regions',
				type: 'string',
				default: '',
				placeholder: 'FR, BE',
				description: 'Only the users in these regions (comma-separated codes)',
			},
			{
				displayName: 'Target Query (JSON)',
				name: 'query',
				type: 'json',
				default: '{}',
				description:
					'Batch\'s targeting query over profile data, e.g. {"firstname": {"$eq": "Jane"}}. Without any targeting, Batch sends to the whole user base.',
			},
			{
				displayName: 'Send Rate (per Minute)',
				name: 'sendRate',
				type: 'number',
				typeOptions: { minValue: SEND_RATE_RANGE.min, maxValue: SEND_RATE_RANGE.max },
				default: 100000,
				description: 'The most messages Batch sends a minute, from 1,000 to 1,000,000',
			},
		]),
	},
	jsonVersionOptionsProperty,
];

const HOW_TO_FIX =
	'A campaign needs a name, a state (DRAFT, RUNNING or STOPPED), a start time ("now" or a future date and time) and exactly one message with its channel_type.';

/** The campaign body of one item: from the form, or the JSON (checked whole for Create, as given for Update). */
export function readProjectCampaign(
	ctx: IExecuteFunctions,
	reader: ParameterReader,
	itemIndex: number,
	partialJson: boolean,
): Record<string, unknown> {
	const node = ctx.getNode();
	if (reader.get<string>('define', itemIndex, 'fields') === 'json') {
		return buildFor(
			node,
			itemIndex,
			() =>
				checkProjectCampaign(
					jsonObject(reader.get('campaignJson', itemIndex), 'The campaign JSON'),
					partialJson,
				),
			HOW_TO_FIX,
		);
	}
	return buildFor(
		node,
		itemIndex,
		() => {
			const options = reader.get<Record<string, unknown>>('options', itemIndex, {});
			return buildProjectCampaign({
				name: reader.get<string>('name', itemIndex, ''),
				state: reader.get<string>('state', itemIndex, 'DRAFT'),
				when: readWhen(reader, itemIndex),
				message: jsonValue(reader.get('messageJson', itemIndex), 'The message JSON'),
				targeting: {
					languages: listOf(options.languages),
					regions: listOf(options.regions),
					query:
						options.query === undefined ? undefined : jsonObject(options.query, 'The target query'),
				},
				labels: listOf(options.labels),
				sendRate: options.sendRate === undefined ? undefined : Number(options.sendRate),
			});
		},
		HOW_TO_FIX,
	);
}
