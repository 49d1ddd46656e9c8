import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ParameterReader } from '../../../../../core/parameters';
import { buildCampaignBody, checkCampaignJson, type CampaignInput } from '../../protocol/campaign';
import { listOf } from '../../protocol/message';
import { validateThenRun } from '../../../../../core/items';
import type { BatchTransport } from '../../transport';
import {
	buildFor,
	byDisplayName,
	defineBodyProperty,
	jsonObject,
	messageOptionProperties,
	readMessageOptions,
	readWhen,
	whenProperties,
} from '../fields';

const properties: INodeProperties[] = [
	defineBodyProperty('Campaign'),
	{
		displayName: 'Campaign JSON',
		name: 'campaignJson',
		type: 'json',
		default:
			'{\n  "name": "My campaign",\n  "live": false,\n  "push_time": "now",\n  "messages": [{ "language": "en", "title": "Hello", "body": "Hello!" }]\n}',
		required: true,
		displayOptions: { show: { define: ['json'] } },
		description:
			"The whole body of Batch's campaigns/create; it is checked for a name, a message body and a valid push time before sending",
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { define: ['fields'] } },
		description: 'Readable name of the campaign, at least 3 characters',
	},
	{
		displayName: 'Live',
		name: 'live',
		type: 'boolean',
		default: false,
		displayOptions: { show: { define: ['fields'] } },
		description:
			'Whether the campaign goes live and reaches its users at the push time. Off (the default) saves it as a draft to review in the Batch dashboard; turn it on to send.',
	},
	{
		displayName:
			'Live: when this node runs, Batch sends the campaign to every user it targets at the push time',
		name: 'liveNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { define: ['fields'], live: [true] } },
	},
	...whenProperties('Send', 'sends the campaign'),
	{
		displayName: 'Title',
		name: 'title',
		description: "The notification's title, in the default message language",
		type: 'string',
		default: '',
		displayOptions: { show: { define: ['fields'] } },
	},
	{
		displayName: 'Body',
		name: 'body',
		description: "The notification's text, in the default message language",
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		displayOptions: { show: { define: ['fields'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { define: ['fields'] } },
		options: byDisplayName([
			{
				displayName: 'Default Message Language',
				name: 'language',
				type: 'string',
				default: 'en',
				description:
					'Batch needs a language on every message; the title and body above are sent with this code (ISO 639-1)',
			},
			{
				displayName: 'Messages per Language',
				name: 'localized',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Language',
				default: {},
				description:
					'The same campaign in other languages; each user gets the message in their language, or the default one',
				options: [
					{
						displayName: 'Message',
						name: 'message',
						values: [
							{
								displayName: 'Language',
								name: 'language',
								type: 'string',
								default: '',
								placeholder: 'fr',
								description: 'ISO 639-1 code',
							},
							{
								displayName: 'Title',
								name: 'title',
								type: 'string',
								default: '',
								description: 'The notification title in this language',
							},
							{
								displayName: 'Body',
								name: 'body',
								type: 'string',
								default: '',
								description: 'The notification text in this language',
							},
						],
					},
				],
			},
			{
				displayName: 'Segments',
				name: 'segments',
				type: 'multiOptions',
				options: [
					{ name: 'Dormant', value: 'DORMANT' },
					{ name: 'Engaged', value: 'ENGAGED' },
					{ name: 'Imported', value: 'IMPORTED' },
					{ name: 'New', value: 'NEW' },
					{ name: 'One Time', value: 'ONE_TIME' },
				],
				default: [],
				description: "Batch's own user segments to target; none targets everyone",
			},
			{
				displayName: 'Target Languages',
				name: 'targetLanguages',
				type: 'string',
				default: '',
				placeholder: 'en, fr',
				description: 'Only users with these languages (ISO 639-1, comma-separated)',
			},
			{
				displayName: 'Target Regions',
				name: 'targetRegions',
				type: 'string',
				default: '',
				placeholder: 'US, FR',
				description: 'Only users in these regions (ISO 3166 codes, comma-separated)',
			},
			{
				displayName: 'Custom Audiences',
				name: 'customAudiences',
				type: 'string',
				default: '',
				description: 'Names of custom audiences uploaded to Batch (comma-separated)',
			},
			{
				displayName: 'Advanced Query (JSON)',
				name: 'query',
				type: 'json',
				default: '{}',
				description: 'Batch\'s targeting query, e.g. {"$and": [{"u.plan": "premium"}]}',
			},
			...messageOptionProperties,
			{
				displayName: 'Recurrence',
				name: 'recurrence',
				type: 'fixedCollection',
				default: {},
				options: [
					{
						displayName: 'Repeat',
						name: 'repeat',
						values: [
							{
								displayName: 'Unit',
								name: 'repeatUnit',
								description: 'The unit the campaign repeats in',
								type: 'options',
								options: [
									{ name: 'Day', value: 'DAILY' },
									{ name: 'Week', value: 'WEEKLY' },
									{ name: 'Month', value: 'MONTHLY' },
								],
								default: 'WEEKLY',
							},
							{
								displayName: 'Every',
								name: 'repeatFrequency',
								type: 'number',
								typeOptions: { minValue: 1 },
								default: 1,
								description:
									'How many units between two sends: 2 with Weeks sends every other week',
							},
							{
								displayName: 'End Date',
								name: 'endDate',
								type: 'dateTime',
								default: '',
								description: 'When the recurring campaign stops (UTC); empty repeats until stopped',
							},
							{
								displayName: 'Capping',
								name: 'capping',
								type: 'number',
								typeOptions: { minValue: 0 },
								default: 0,
								description: 'Most times one user receives this campaign; 0 for no cap',
							},
						],
					},
				],
			},
		]),
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['campaign'], operation: ['create'] } },
	properties,
);

const HOW_TO_FIX =
	'Campaigns need a name of at least 3 characters, a message body and a push time of "now" or yyyy-MM-ddTHH:mm:ss.';

export function readCampaign(
	ctx: IExecuteFunctions,
	reader: ParameterReader,
	itemIndex: number,
): Record<string, unknown> {
	const node = ctx.getNode();
	const define = reader.get<string>('define', itemIndex, 'fields');
	if (define === 'json') {
		return buildFor(
			node,
			itemIndex,
			() =>
				checkCampaignJson(jsonObject(reader.get('campaignJson', itemIndex), 'The campaign JSON')),
			HOW_TO_FIX,
		);
	}
	const options = reader.get<Record<string, unknown>>('options', itemIndex, {});
	const localized = (
		(options.localized as { message?: Array<Record<string, string>> } | undefined)?.message ?? []
	).map((m) => ({
		language: m.language,
		title: m.title,
		body: m.body,
	}));
	const repeat = (options.recurrence as { repeat?: Record<string, unknown> } | undefined)?.repeat;
	const input: CampaignInput = {
		name: reader.get<string>('name', itemIndex, ''),
		live: reader.get<boolean>('live', itemIndex, false),
		when: readWhen(reader, itemIndex),
		message: {
			language: String(options.language ?? 'en'),
			title: reader.get<string>('title', itemIndex, ''),
			body: reader.get<string>('body', itemIndex, ''),
		},
		localized,
		targeting: {
			segments: options.segments as string[] | undefined,
			languages: listOf(options.targetLanguages),
			regions: listOf(options.targetRegions),
			customAudiences: listOf(options.customAudiences),
			query: options.query,
		},
		options: readMessageOptions(options),
		recurrence: repeat
			? {
					repeatUnit: String(repeat.repeatUnit ?? 'WEEKLY'),
					repeatFrequency: Number(repeat.repeatFrequency ?? 1),
					endDate: repeat.endDate ? String(repeat.endDate).slice(0, 19) : undefined,
					capping: Number(repeat.capping ?? 0),
				}
			: undefined,
	};
	return buildFor(node, itemIndex, () => buildCampaignBody(input), HOW_TO_FIX);
}

export async function execute(
	this: IExecuteFunctions,
	transport: BatchTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	return await validateThenRun(
		this,
		(itemIndex) => readCampaign(this, reader, itemIndex),
		async (body, itemIndex) => {
			const response = (await transport.call(
				{ method: 'POST', url: transport.appPath('1.1', 'campaigns/create'), body },
				[itemIndex],
				'Batch did not create the campaign',
			)) as { campaign_token?: string };
			return {
				campaignToken: response?.campaign_token,
				name: body.name as string,
				live: body.live as boolean,
				pushTime: (body.push_time ?? body.local_push_time) as string,
				localTime: body.local_push_time !== undefined,
			};
		},
	);
}
