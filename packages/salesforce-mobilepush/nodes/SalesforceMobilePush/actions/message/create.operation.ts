import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { validateThenRun } from '../../../../../core/items';
import { ParameterReader } from '../../../../../core/parameters';
import {
	buildMessageBody,
	checkMessageJson,
	idList,
	MESSAGE_KINDS,
	type MessageKind,
} from '../../protocol/message';
import type { SfmcTransport } from '../../transport';
import { jsonObject, keyValues } from '../fields';

const ALERT_KINDS: MessageKind[] = [
	'outbound',
	'locationEntry',
	'locationExit',
	'locationPage',
	'beacon',
	'inboxAlert',
];
const LOCATION_KINDS: MessageKind[] = ['locationEntry', 'locationExit', 'locationPage', 'beacon'];
const PAGE_KINDS: MessageKind[] = ['locationPage', 'inbox', 'inboxAlert'];
const INBOX_KINDS: MessageKind[] = ['inbox', 'inboxAlert'];
const AUDIENCE_KINDS: MessageKind[] = ['outbound', 'inbox', 'inboxAlert'];

/** The message fields, shared with Update. */
export const messageFields = (operation: string): INodeProperties[] => {
	const when = (kinds: MessageKind[]) => ({ show: { define: ['fields'], messageKind: kinds } });
	return updateDisplayOptions({ show: { resource: ['message'], operation: [operation] } }, [
		{
			displayName: 'Define Message',
			name: 'define',
			noDataExpression: true,
			description:
				operation === 'update'
					? 'Fill in the form (the whole definition, sent as the form shows it), or give in JSON only the properties to change'
					: 'Fill in the form, or give the whole request body as JSON for fields the form does not cover',
			type: 'options',
			options: [
				{ name: 'Using Fields Below', value: 'fields' },
				operation === 'update'
					? {
							name: 'Using JSON',
							value: 'json',
							description: 'Only the properties to change, e.g. {"status": 2}',
						}
					: {
							name: 'Using JSON',
							value: 'json',
							description: 'The whole request body, for fields the form does not cover',
						},
			],
			default: 'fields',
		},
		operation === 'update'
			? {
					displayName: 'Message (JSON)',
					name: 'messageJson',
					description:
						'The properties to change, as Marketing Cloud\'s PUT /push/v1/message/{messageId} takes them; only these are sent and the message keeps the rest. {"status": 2} activates it, {"alert": "New text"} changes its text.',
					type: 'json',
					default: '{\n  "status": 2\n}',
					required: true,
					displayOptions: { show: { define: ['json'] } },
				}
			: {
					displayName: 'Message (JSON)',
					name: 'messageJson',
					description:
						"The message definition as Marketing Cloud's POST /push/v1/message takes it (messageType, contentType, name, application, …)",
					type: 'json',
					default:
						'{\n  "messageType": 1,\n  "contentType": 1,\n  "name": "",\n  "application": { "id": "", "name": "" },\n  "alert": "",\n  "startDate": ""\n}',
					required: true,
					displayOptions: { show: { define: ['json'] } },
				},
		{
			displayName: 'Message Type',
			name: 'messageKind',
			noDataExpression: true,
			type: 'options',
			options: [
				{ name: 'Beacon Alert', value: 'beacon' },
				{ name: 'Inbox + Alert', value: 'inboxAlert' },
				{ name: 'Inbox Only', value: 'inbox' },
				{ name: 'Location Entry Alert', value: 'locationEntry' },
				{ name: 'Location Entry/Exit Alert + Page', value: 'locationPage' },
				{ name: 'Location Exit Alert', value: 'locationExit' },
				{ name: 'Outbound Alert', value: 'outbound' },
			],
			default: 'outbound',
			description: 'Sets messageType and contentType, and which fields apply',
			displayOptions: { show: { define: ['fields'] } },
		},
		{
			displayName: 'Trigger',
			name: 'trigger',
			description:
				'Whether the message goes out when the device enters the location or when it leaves it',
			type: 'options',
			options: [
				{ name: 'On Entry', value: 'entry' },
				{ name: 'On Exit', value: 'exit' },
			],
			default: 'entry',
			displayOptions: when(['locationPage']),
		},
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			required: true,
			description: 'At most 100 characters',
			displayOptions: { show: { define: ['fields'] } },
		},
		{
			displayName: 'Application ID',
			name: 'applicationId',
			type: 'string',
			default: '',
			required: true,
			description: 'MobilePush → Administration → the app’s Application ID',
			displayOptions: { show: { define: ['fields'] } },
		},
		{
			displayName: 'Application Name',
			name: 'applicationName',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { define: ['fields'] } },
			description:
				"The app's name as MobilePush → Administration shows it; Marketing Cloud stores it with the message",
		},
		{
			displayName: 'Start Date',
			name: 'startDate',
			type: 'dateTime',
			default: '',
			required: true,
			description: 'When the message becomes available for sends',
			displayOptions: { show: { define: ['fields'] } },
		},
		{
			displayName: 'Alert',
			name: 'alert',
			type: 'string',
			default: '',
			required: true,
			description: 'The text shown on the device',
			displayOptions: when(ALERT_KINDS.filter((k) => k !== 'outbound')),
		},
		{
			displayName: 'Alert',
			name: 'alert',
			type: 'string',
			default: '',
			description: 'The text shown on the device (may be given at send time instead)',
			displayOptions: when(['outbound']),
		},
		{
			displayName: 'Geofence or Beacon IDs',
			name: 'geofences',
			type: 'string',
			default: '',
			required: true,
			description: 'Comma-separated IDs of the locations that trigger the message',
			displayOptions: when(LOCATION_KINDS),
		},
		{
			displayName: 'Page ID',
			name: 'pageId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '4321',
			description:
				'The ID of the CloudPage the message opens (Content Builder → CloudPages → the page’s details)',
			displayOptions: when(PAGE_KINDS),
		},
		{
			displayName: 'Page URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			displayOptions: when(PAGE_KINDS),
			description: 'The address of the CloudPage the message opens',
		},
		{
			displayName: 'Subject',
			name: 'subject',
			type: 'string',
			default: '',
			required: true,
			description: 'The inbox subject line',
			displayOptions: when(INBOX_KINDS),
		},
		{
			displayName: 'Alert Options',
			name: 'alertOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: when(ALERT_KINDS),
			options: [
				{
					displayName: 'Badge',
					name: 'badge',
					type: 'string',
					default: '',
					placeholder: '+1',
					description: 'The number on the app icon: a number, or +1 to add one to what it shows',
				},
				{
					displayName: 'Content Available (Silent Push)',
					name: 'contentAvailable',
					type: 'boolean',
					default: false,
					description: 'Whether to deliver as a silent, background push',
					displayOptions: { show: { '/messageKind': ['outbound', 'inboxAlert'] } },
				},
				{
					displayName: 'Media Alt Text',
					name: 'mediaAlt',
					type: 'string',
					default: '',
					description: 'The text read out or shown when the rich media cannot be',
				},
				{
					displayName: 'Media URL (Android)',
					name: 'mediaAndroidUrl',
					type: 'string',
					default: '',
					description:
						'An HTTPS address of the image, GIF or video Android devices show with the notification',
				},
				{
					displayName: 'Media URL (iOS)',
					name: 'mediaIosUrl',
					type: 'string',
					default: '',
					description:
						'An HTTPS address of the image, GIF, audio or video iOS devices show with the notification (needs Mutable Content)',
				},
				{
					displayName: 'Mutable Content',
					name: 'mutableContent',
					type: 'boolean',
					default: false,
					description: 'Whether rich push is enabled',
				},
				{
					displayName: 'Open Direct',
					name: 'openDirect',
					type: 'string',
					default: '',
					description: 'Where the app opens, at most 15 characters',
					displayOptions: { hide: { '/messageKind': ['locationPage'] } },
				},
				{
					displayName: 'Sound',
					name: 'sound',
					type: 'string',
					default: '',
					placeholder: 'default',
					description:
						'The sound to play: "default", or the name of a sound file bundled with the app',
				},
				{
					displayName: 'Subtitle',
					name: 'subtitle',
					type: 'string',
					default: '',
					description: 'A line under the title (iOS)',
				},
				{
					displayName: 'Title',
					name: 'title',
					type: 'string',
					default: '',
					description: "The notification's title, above the alert text",
				},
			],
		},
		{
			displayName: 'Audience Options',
			name: 'audienceOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: when(AUDIENCE_KINDS),
			options: [
				{
					displayName: 'Exclusion Data Extensions',
					name: 'exclusionDataExtensions',
					type: 'string',
					default: '',
					description: 'Comma-separated data extension IDs',
				},
				{
					displayName: 'Exclusion Lists',
					name: 'exclusionLists',
					type: 'string',
					default: '',
					description: 'Comma-separated list IDs',
				},
				{
					displayName: 'Inclusion Data Extensions',
					name: 'inclusionDataExtensions',
					type: 'string',
					default: '',
					description: 'Comma-separated data extension IDs',
				},
				{
					displayName: 'Inclusion Lists',
					name: 'inclusionLists',
					type: 'string',
					default: '',
					description: 'Comma-separated list IDs',
				},
				{
					displayName: 'Messages per Period',
					name: 'messagesPerPeriod',
					type: 'number',
					default: 0,
					description: 'Throttling: how many messages may go out per period',
					displayOptions: { show: { '/messageKind': ['outbound', 'inboxAlert'] } },
				},
				{
					displayName: 'Minutes per Period',
					name: 'minutesPerPeriod',
					type: 'number',
					default: 0,
					description: 'Throttling: the length of the period in minutes',
					displayOptions: { show: { '/messageKind': ['outbound', 'inboxAlert'] } },
				},
				{
					displayName: 'Scheduled Time Zone Offset',
					name: 'scheduledTzOffset',
					type: 'number',
					default: -6,
					description:
						'Hours from UTC of the time zone the send time is written in. −6 (US Central, Marketing Cloud’s own time) is what Marketing Cloud assumes when this is not sent.',
				},
				{
					displayName: 'Scheduled Time Zone Supports DST',
					name: 'scheduledTzSupportsDst',
					type: 'boolean',
					default: false,
					description: 'Whether the scheduled time zone observes daylight saving time',
				},
				{
					displayName: 'Time Zone Based',
					name: 'tzBased',
					type: 'boolean',
					default: false,
					description: 'Whether to send at the scheduled time in each device’s time zone',
				},
				{
					displayName: 'Time Zone Past Send Action',
					name: 'tzPastSendAction',
					description:
						'With Time Zone Based: what happens in time zones where the send time has already passed',
					type: 'options',
					options: [
						{ name: 'Send Immediately', value: 1 },
						{ name: 'Send Next Day', value: 2 },
						{ name: 'Never Send', value: 3 },
					],
					default: 1,
				},
			],
		},
		{
			displayName: 'Throttling Options',
			name: 'throttlingOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: when(LOCATION_KINDS),
			options: [
				{
					displayName: 'Is Rolling Period',
					name: 'isRollingPeriod',
					type: 'boolean',
					default: false,
					description: 'Whether the limit resets on a rolling window',
				},
				{
					displayName: 'Message Limit',
					name: 'messageLimit',
					type: 'number',
					default: 0,
					description: 'How often the message may show on a device in all',
				},
				{
					displayName: 'Messages per Period',
					name: 'messagesPerPeriod',
					type: 'number',
					default: 0,
					description: 'How many times the message may show on a device per period',
				},
				{
					displayName: 'Number of Periods',
					name: 'numberOfPeriods',
					type: 'number',
					default: 0,
					description: 'How many periods (of Period Type) the limit covers',
				},
				{
					displayName: 'Period Type',
					name: 'periodType',
					description: "The unit of the limit's period",
					type: 'options',
					options: [
						{ name: 'Year', value: 1 },
						{ name: 'Month', value: 2 },
						{ name: 'Week', value: 3 },
						{ name: 'Day', value: 4 },
						{ name: 'Hour', value: 5 },
					],
					default: 5,
				},
				{
					displayName: 'Scheduled Time Zone Offset',
					name: 'scheduledTzOffset',
					type: 'number',
					default: -6,
					description:
						'Hours from UTC of the time zone the send time is written in. −6 (US Central, Marketing Cloud’s own time) is what Marketing Cloud assumes when this is not sent.',
				},
				{
					displayName: 'Scheduled Time Zone Supports DST',
					name: 'scheduledTzSupportsDst',
					type: 'boolean',
					default: false,
					description: 'Whether the scheduled time zone observes daylight saving time',
				},
			],
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: { show: { define: ['fields'] } },
			options: [
				{
					displayName: 'Custom Keys',
					name: 'customValues',
					type: 'string',
					default: '',
					placeholder: 'key01=value01, key02=value02',
					description: 'Key/value pairs defined in MobilePush',
				},
				{
					displayName: 'Custom Payload (JSON)',
					name: 'custom',
					type: 'json',
					default: '{}',
					description:
						"A JSON object sent with the notification for the app to read (Marketing Cloud's custom field)",
				},
				{
					displayName: 'End Date',
					name: 'endDate',
					type: 'dateTime',
					default: '',
					description:
						'When the message stops being available for sends (messages with a page only)',
					displayOptions: { show: { '/messageKind': PAGE_KINDS } },
				},
				{
					displayName: 'Send Initiator',
					name: 'sendInitiator',
					description:
						"How the message will be sent. API (the default) is what this node's sends need; UI is what audience, throttling and time-zone options require.",
					type: 'options',
					options: [
						{ name: 'UI', value: 0 },
						{ name: 'API', value: 1 },
						{ name: 'Automation', value: 2 },
						{ name: 'Journey Builder', value: 3 },
					],
					default: 1,
				},
				{
					displayName: 'Status',
					name: 'status',
					type: 'options',
					options: [
						{ name: 'Draft', value: 1 },
						{ name: 'Active', value: 2 },
						{ name: 'Inactive', value: 3 },
					],
					default: 2,
					description: 'Only active messages can be sent',
				},
			],
		},
	]);
};

export const description = messageFields('create');

/** Reads one item's message body (fields or JSON), validated for its message type. */
export function readMessage(reader: ParameterReader, itemIndex: number): Record<string, unknown> {
	if (reader.get<string>('define', itemIndex, 'fields') === 'json') {
		return checkMessageJson(
			jsonObject(reader.get('messageJson', itemIndex, '{}'), 'Message (JSON)'),
		);
	}
	const kind = reader.get<MessageKind>('messageKind', itemIndex, 'outbound');
	const alertOptions = reader.get<IDataObject>('alertOptions', itemIndex, {});
	const audience = reader.get<IDataObject>('audienceOptions', itemIndex, {});
	const throttling = reader.get<IDataObject>('throttlingOptions', itemIndex, {});
	const options = reader.get<IDataObject>('options', itemIndex, {});
	const text = (name: string) => String(reader.get(name, itemIndex, '') ?? '').trim();
	const startDate = text('startDate');
	const media = {
		iosUrl: alertOptions.mediaIosUrl,
		androidUrl: alertOptions.mediaAndroidUrl,
		alt: alertOptions.mediaAlt,
	};
	const fields: Record<string, unknown> = {
		name: text('name'),
		application: text('applicationId')
			? { id: text('applicationId'), name: text('applicationName') }
			: undefined,
		startDate: startDate ? new Date(startDate).toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined,
		alert: ['inbox'].includes(kind) ? undefined : text('alert'),
		geofences: ['locationEntry', 'locationExit', 'locationPage', 'beacon'].includes(kind)
			? idList(reader.get('geofences', itemIndex, ''))
			: undefined,
		pageId: ['locationPage', 'inbox', 'inboxAlert'].includes(kind)
			? pageIdOf(reader.get('pageId', itemIndex, ''))
			: undefined,
		url: ['locationPage', 'inbox', 'inboxAlert'].includes(kind) ? text('url') : undefined,
		subject: ['inbox', 'inboxAlert'].includes(kind) ? text('subject') : undefined,
		sound: alertOptions.sound,
		badge: alertOptions.badge,
		openDirect: alertOptions.openDirect,
		title: alertOptions.title,
		subtitle: alertOptions.subtitle,
		'content-available': alertOptions.contentAvailable ? 1 : undefined,
		'mutable-content': alertOptions.mutableContent ? true : undefined,
		media,
		...throttling,
		...audience,
		inclusionLists: idList(audience.inclusionLists),
		exclusionLists: idList(audience.exclusionLists),
		inclusionDataExtensions: idList(audience.inclusionDataExtensions),
		exclusionDataExtensions: idList(audience.exclusionDataExtensions),
		keys: keyValues(options.customValues, 'key', 'value'),
		custom: options.custom === undefined ? undefined : jsonObject(options.custom, 'Custom Payload'),
		sendInitiator: options.sendInitiator,
		status: options.status,
		endDate: options.endDate
			? new Date(String(options.endDate)).toISOString().replace(/\.\d{3}Z$/, 'Z')
			: undefined,
	};
	// The form offers only what the type allows; a value left over from another type (n8n keeps
	// collection values when the type changes) is dropped rather than refused.
	const allowed = MESSAGE_KINDS[kind]?.allowed ?? [];
	for (const [name, value] of Object.entries(fields)) {
		if (
			!allowed.includes(name) ||
			(value === 0 &&
				['messagesPerPeriod', 'minutesPerPeriod', 'numberOfPeriods', 'messageLimit'].includes(name))
		)
			delete fields[name];
	}
	return buildMessageBody(
		kind,
		fields,
		reader.get<'entry' | 'exit'>('trigger', itemIndex, 'entry'),
	);
}

export async function execute(
	this: IExecuteFunctions,
	transport: SfmcTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	return await validateThenRun(
		this,
		(itemIndex) => readMessage(reader, itemIndex),
		async (body, itemIndex) =>
			(await transport.call(
				{ method: 'POST', url: '/push/v1/message', body },
				[itemIndex],
				'Marketing Cloud did not create the message',
			)) as IDataObject,
	);
}

/** A CloudPage ID: a positive whole number, given as text so that an empty field reads as empty in the editor. */
function pageIdOf(value: unknown): number {
	const text = String(value ?? '').trim();
	if (!/^\d+$/.test(text) || Number(text) < 1)
		throw new Error(
			text
				? `Page ID "${text}" is not a CloudPage ID (a whole number)`
				: 'Page ID is empty: give the ID of the CloudPage the message opens',
		);
	return Number(text);
}
