import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runBulkSend } from '../../../../../core/bulkSend';
import { ParameterReader } from '../../../../../core/parameters';
import { bulkOptionsProperty, readBulkOptions } from '../../../../../core/bulkOptions';
import {
	buildProfileAttributes,
	buildProfileOperation,
	PROFILE_MASS_UPDATE_MAX,
	PROFILE_UPDATE_MAX,
	readPartialErrors,
	type ProfileAttributeType,
} from '../../protocol/profiles';
import type { BatchTransport } from '../../transport';
import {
	buildFor,
	defineBodyProperty,
	jsonObject,
	parseJson,
	projectApiVersionProperty,
	readProjectApiVersion,
} from '../fields';

const UPDATE_LIMITS = {
	maxBatchSize: PROFILE_UPDATE_MAX,
	recipients: 'profiles',
	serviceLimit: 'Batch allows 200',
	concurrency: 1,
	maxConcurrency: 8,
} as const;

/** Update, Track Event and Mass Update: the same kind of operations, to two routes with their own limits. */
const ROUTES = {
	update: {
		route: 'profiles/update',
		limits: UPDATE_LIMITS,
		notice:
			'Uses the project API (2.x): the credential needs a project key. Each item updates one profile; up to 200 go in one call.',
	},
	trackEvent: {
		route: 'profiles/update',
		limits: UPDATE_LIMITS,
		notice:
			'Uses the project API (2.x): the credential needs a project key. Each item tracks one event on one profile; up to 200 go in one call (profiles/update, where Batch takes events).',
	},
	massUpdate: {
		route: 'profiles/mass-update',
		limits: {
			maxBatchSize: PROFILE_MASS_UPDATE_MAX,
			recipients: 'profiles',
			serviceLimit: 'Batch allows 10,000',
			concurrency: 1,
			maxConcurrency: 4,
		},
		notice:
			'Uses the project API (2.x): the credential needs a project key. Each item updates one profile; up to 10,000 go in one call, which Batch accepts at once and applies afterwards.',
	},
} as const;
type ProfileOperation = keyof typeof ROUTES;

/** Typed attributes (name, type, value), of the profile or of an event. */
const attributesProperty = (
	label: string,
	displayOptions?: INodeProperties['displayOptions'],
): INodeProperties => ({
	displayName: label,
	name: 'attributes',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Attribute',
	default: {},
	displayOptions,
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
					description:
						'Your attribute, or a native one with $: $email_address, $language, $region, $timezone…',
				},
				{
					displayName: 'Type',
					name: 'type',
					description:
						"The attribute's type as Batch stores it; a date or a URL is sent under the prefix Batch gives that type",
					type: 'options',
					options: [
						{ name: 'Boolean', value: 'boolean' },
						{ name: 'Date', value: 'date' },
						{ name: 'Float', value: 'float' },
						{ name: 'Integer', value: 'integer' },
						{ name: 'List of Strings', value: 'array' },
						{ name: 'String', value: 'string' },
						{ name: 'URL', value: 'url' },
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
});

/** Update and Mass Update: the profile's attributes and events, from the form or as JSON. */
const profileFields: INodeProperties[] = [
	defineBodyProperty('Profile'),
	{
		displayName: 'Profile JSON',
		name: 'profileJson',
		type: 'json',
		default: '{\n  "attributes": { "$language": "en" },\n  "events": []\n}',
		displayOptions: { show: { define: ['json'] } },
		description:
			'The operation without "identifiers" (the custom ID above is used): "attributes" and/or "events"',
	},
	attributesProperty('Attributes', { show: { define: ['fields'] } }),
	{
		displayName: 'Events (JSON)',
		name: 'eventsJson',
		type: 'json',
		default: '[]',
		displayOptions: { show: { define: ['fields'] } },
		description: 'Events to track, e.g. [{"name": "purchase", "attributes": {"amount": 20}}]',
	},
];

/** Track Event: one event, with its attributes. */
const eventFields: INodeProperties[] = [
	{
		displayName: 'Event Name',
		name: 'eventName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'purchase',
		description:
			'The event, as your campaigns and segments name it, e.g. purchase or order_shipped',
	},
	{
		displayName: 'Event Time',
		name: 'eventTime',
		type: 'dateTime',
		default: '',
		description: 'When it happened; empty: when Batch receives it',
	},
	attributesProperty('Event Attributes'),
];

const propertiesOf = (operation: ProfileOperation): INodeProperties[] => [
	{
		displayName: ROUTES[operation].notice,
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Custom ID',
		name: 'customId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '={{ $json.userId }}',
		description: 'The custom ID that identifies the profile',
	},
	...(operation === 'trackEvent' ? eventFields : profileFields),
	bulkOptionsProperty('options', ROUTES[operation].limits, [projectApiVersionProperty]),
];

export const description = (Object.keys(ROUTES) as ProfileOperation[]).flatMap((operation) =>
	updateDisplayOptions(
		{ show: { resource: ['profile'], operation: [operation] } },
		propertiesOf(operation),
	),
);

type AttributeRows = {
	attribute?: Array<{ name: string; type: ProfileAttributeType; value: unknown }>;
};

/** Track Event's event: its name, its time when given, its typed attributes. */
function readEvent(reader: ParameterReader, itemIndex: number): Record<string, unknown> {
	const event: Record<string, unknown> = {
		name: String(reader.get('eventName', itemIndex, '') ?? '').trim(),
	};
	const time = String(reader.get('eventTime', itemIndex, '') ?? '').trim();
	if (time) {
		const date = new Date(time);
		if (Number.isNaN(date.getTime()))
			throw new Error(`Event Time "${time}" is not a date and time`);
		event.time = date.toISOString();
	}
	const attributes = buildProfileAttributes(
		reader.get<AttributeRows>('attributes', itemIndex, {}).attribute ?? [],
	);
	if (attributes && Object.keys(attributes).length) event.attributes = attributes;
	return event;
}

function parseEvents(value: unknown): unknown[] {
	if (value === undefined || value === null || value === '') return [];
	const parsed = typeof value === 'string' ? parseJson(value, 'The events JSON') : value;
	if (!Array.isArray(parsed)) throw new Error('The events JSON must be an array');
	return parsed;
}

export const execute = (operation: ProfileOperation) =>
	async function (
		this: IExecuteFunctions,
		transport: BatchTransport,
	): Promise<INodeExecutionData[]> {
		return await updateProfiles.call(this, transport, operation);
	};

async function updateProfiles(
	this: IExecuteFunctions,
	transport: BatchTransport,
	kind: ProfileOperation,
): Promise<INodeExecutionData[]> {
	const { route, limits } = ROUTES[kind];
	const reader = new ParameterReader(this);
	const node = this.getNode();
	const bulk = readBulkOptions(reader, 'options', limits);
	const operations: Array<Record<string, unknown>> = [];
	let version = '';
	return await runBulkSend<string>(this, this.getInputData().length, {
		prepare: (itemIndex) => {
			const operation = buildFor(
				node,
				itemIndex,
				() => {
					version = readProjectApiVersion(reader.get<IDataObject>('options', itemIndex, {}));
					const customId = String(reader.get('customId', itemIndex, '') ?? '');
					if (kind === 'trackEvent')
						return buildProfileOperation({ customId, events: [readEvent(reader, itemIndex)] });
					if (reader.get<string>('define', itemIndex, 'fields') === 'json') {
						const json = jsonObject(reader.get('profileJson', itemIndex, '{}'), 'The profile JSON');
						return buildProfileOperation({
							customId,
							attributes: json.attributes as Record<string, unknown> | undefined,
							events: json.events as unknown[] | undefined,
						});
					}
					const list = reader.get<AttributeRows>('attributes', itemIndex, {}).attribute ?? [];
					return buildProfileOperation({
						customId,
						attributes: buildProfileAttributes(list),
						events: parseEvents(reader.get('eventsJson', itemIndex, '[]')),
					});
				},
				'Give a custom ID and at least one attribute or event.',
			);
			operations[itemIndex] = operation;
			return [
				{
					itemIndex,
					groupKey: version,
					group: version,
					recipients: [(operation.identifiers as { custom_id: string }).custom_id],
				},
			];
		},
		recipientsOf: (itemIndex) => [
			{ recipients: [String(reader.get('customId', itemIndex, '') ?? '')].filter(Boolean) },
		],
		sendKey: { ...bulk.sendKey, contentOf: (itemIndex) => JSON.stringify(operations[itemIndex]) },
		limits: bulk.limits,
		concurrency: bulk.concurrency,
		doneStatus: 'updated',
		retry: transport.projectRetry,
		send: (request) =>
			transport.send({
				method: 'POST',
				url: `/${request.group}/${route}`,
				body: request.segments.map((segment) => operations[segment.itemIndex]),
			}),
		accept: (request, response) => {
			// Each segment is one operation, so bulk_index is the segment's position.
			const partial = readPartialErrors(response.body, request.segments.length);
			const ids: IDataObject = { code: partial.code };
			if (partial.unmatched.length) ids.unmatchedErrors = partial.unmatched;
			return {
				ids,
				refused: [...partial.byIndex].map(([segment, message]) => ({
					segment,
					message: `Batch refused the profile update: ${message}`,
				})),
			};
		},
		reject: (_request, response, itemIndexes) =>
			transport.reject(response, itemIndexes, 'Batch refused the profile update'),
	});
}
