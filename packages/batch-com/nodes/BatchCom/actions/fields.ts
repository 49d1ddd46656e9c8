import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { inputError } from '../../../../core/errors';
export { jsonObject, jsonValue, parseJson } from '../../../../core/json';

import type { ParameterReader } from '../../../../core/parameters';
import type { MessageOptions } from '../protocol/message';
import type { PushTime } from '../protocol/pushTime';
import { listOf } from '../protocol/message';
import { checkProjectApiVersion, DEFAULT_PROJECT_API_VERSION } from '../protocol/projectApi';

/** Message options shared by Campaign → Create and Transactional → Send (one definition, one reader). */
export const messageOptionProperties: INodeProperties[] = byDisplayName([
	{
		displayName: 'Deeplink',
		name: 'deeplink',
		type: 'string',
		default: '',
		placeholder: 'myapp://offers/42',
		description: 'Where a tap on the notification leads',
	},
	{
		displayName: 'Custom Payload (JSON)',
		name: 'customPayload',
		type: 'json',
		default: '{}',
		description:
			'A JSON object delivered to the app with the notification; Batch receives it as a string',
	},
	{
		displayName: 'Picture URL',
		name: 'mediaPicture',
		type: 'string',
		default: '',
		description: 'Rich notification picture (HTTPS)',
	},
	{
		displayName: 'Icon URL',
		name: 'mediaIcon',
		type: 'string',
		default: '',
		description: 'Large icon on Android (HTTPS)',
	},
	{
		displayName: 'Audio URL',
		name: 'mediaAudio',
		description: 'An HTTPS address of an audio file played with the notification (Android)',
		type: 'string',
		default: '',
	},
	{
		displayName: 'Video URL',
		name: 'mediaVideo',
		description: 'An HTTPS address of a video shown with the notification',
		type: 'string',
		default: '',
	},
	{
		displayName: 'Priority',
		name: 'priority',
		type: 'options',
		options: [
			{ name: 'High', value: 'high' },
			{ name: 'Normal', value: 'normal' },
		],
		default: 'high',
		description:
			'Delivery priority on iOS and Android. Use Normal for notifications that are not time-sensitive.',
	},
	{
		displayName: 'Time to Live (Seconds)',
		name: 'timeToLive',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 2419200 },
		default: 86400,
		description:
			'Android and web: how long the notification may wait for an offline device, at most 28 days',
	},
	{
		displayName: 'Collapse Key',
		name: 'collapseKey',
		type: 'string',
		default: '',
		description:
			'Android: a newer notification with the same key replaces an undelivered older one',
	},
	{
		displayName: 'Labels',
		name: 'labels',
		type: 'string',
		default: '',
		placeholder: 'promo, weekly',
		description: 'Label codes (comma-separated, at most 3), used for global capping',
	},
]);

/** Options of a collection in alphabetical order, as n8n's UI guidelines want. */
export function byDisplayName(options: INodeProperties[]): INodeProperties[] {
	return [...options].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** Reads the options collection produced by `messageOptionProperties`. */
export function readMessageOptions(collection: Record<string, unknown>): MessageOptions {
	const text = (name: string) =>
		typeof collection[name] === 'string' ? (collection[name] as string).trim() : undefined;
	const labels = listOf(collection.labels);
	return {
		deeplink: text('deeplink') || undefined,
		customPayload: collection.customPayload,
		media: {
			icon: text('mediaIcon'),
			picture: text('mediaPicture'),
			audio: text('mediaAudio'),
			video: text('mediaVideo'),
		},
		priority: collection.priority as MessageOptions['priority'],
		timeToLive:
			collection.timeToLive === undefined || collection.timeToLive === ''
				? undefined
				: Number(collection.timeToLive),
		collapseKey: text('collapseKey') || undefined,
		labels: labels.length ? labels : undefined,
	};
}

/** Fields → builder, or a JSON body for what the form does not cover. */
export function defineBodyProperty(what: string): INodeProperties {
	return {
		displayName: `Define ${what}`,
		name: 'define',
		description:
			'Fill in the form, or give the whole request body as JSON for what the form does not cover',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Using Fields Below', value: 'fields' },
			{ name: 'Using JSON', value: 'json' },
		],
		default: 'fields',
	};
}

/** Runs a pure builder for one item; what it throws becomes an input error naming the item. */
export function buildFor<T>(
	node: INode,
	itemIndex: number,
	build: () => T,
	description?: string,
): T {
	let failure: unknown;
	try {
		return build();
	} catch (error) {
		failure = error;
	}
	if (failure instanceof NodeOperationError || failure instanceof NodeApiError) throw failure;
	throw inputError(node, (failure as Error).message, itemIndex, description);
}

/** The project API (2.x) version in each CEP route: pinned to Batch's newest documented one, changeable per node. */
export const projectApiVersionProperty: INodeProperties = {
	displayName: 'API Version',
	name: 'apiVersion',
	type: 'string',
	default: DEFAULT_PROJECT_API_VERSION,
	description: `The project API version in the route; ${DEFAULT_PROJECT_API_VERSION}, the newest Batch documents, unless you need another 2.x`,
};

/** The version an item's options collection names, checked (a 2.x version). */
export function readProjectApiVersion(options: Record<string, unknown> | undefined): string {
	return checkProjectApiVersion(String(options?.apiVersion ?? DEFAULT_PROJECT_API_VERSION));
}

/**
 * When a campaign goes out (MEP *Send*, CEP *Start*): now, at one instant (UTC), or at one hour on
 * each user's clock, with the date field of that choice. One definition for both platforms.
 */
export function whenProperties(label: 'Send' | 'Start', what: string): INodeProperties[] {
	const fields = { show: { define: ['fields'] } };
	return [
		{
			displayName: label,
			name: 'when',
			noDataExpression: true,
			description: `When Batch ${what}: at once, at one instant (UTC), or at the same hour in each user's own time zone`,
			type: 'options',
			options: [
				{ name: 'Now', value: 'now' },
				{ name: 'At a Date and Time (UTC)', value: 'utc' },
				{ name: "At a Date and Time in Each User's Time Zone", value: 'local' },
			],
			default: 'now',
			displayOptions: fields,
		},
		{
			displayName: 'Date and Time (UTC)',
			name: 'pushTime',
			type: 'dateTime',
			default: '',
			required: true,
			displayOptions: { show: { define: ['fields'], when: ['utc'] } },
			description: `When Batch ${what}, in UTC. An offset such as +02:00 is converted to UTC.`,
		},
		{
			displayName: 'Local Date and Time',
			name: 'localPushTime',
			type: 'dateTime',
			default: '',
			required: true,
			displayOptions: { show: { define: ['fields'], when: ['local'] } },
			description:
				'The wall-clock time at which each user receives it in their own time zone, without an offset',
		},
	];
}

/** The time `whenProperties` chose for an item. */
export function readWhen(reader: ParameterReader, itemIndex: number): PushTime {
	const kind = reader.get<string>('when', itemIndex, 'now');
	if (kind === 'utc')
		return { kind: 'utc', dateTime: reader.get<string>('pushTime', itemIndex, '') };
	if (kind === 'local')
		return { kind: 'local', dateTime: reader.get<string>('localPushTime', itemIndex, '') };
	return { kind: 'now' };
}

/**
 * A From List page: Batch's list routes have no search, so the entries whose name holds the
 * search text (any case) are kept, a page at a time.
 */
export function namedLike(entries: IDataObject[], filter: string | undefined): IDataObject[] {
	const wanted = filter?.trim().toLowerCase() ?? '';
	return wanted
		? entries.filter((entry) =>
				String(entry.name ?? '')
					.toLowerCase()
					.includes(wanted),
			)
		: entries;
}
