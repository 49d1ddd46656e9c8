import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { jsonObject } from '../../../../../core/json';
import type { ParameterReader } from '../../../../../core/parameters';
import {
	APNS_HEADERS,
	WNS_HEADERS,
	buildPayload,
	checkRawPayload,
	makeNotification,
	PLATFORM_NAMES,
	WNS_TYPE_NAMES,
	type MessageFields,
	type Notification,
	type Platform,
	type WnsType,
} from '../../protocol/platforms';

/** The operations that send a notification share these fields. */
export const SENDING_OPERATIONS = ['directBatchSend', 'directSend', 'send', 'schedule'];

/** Platform's choice that lets each item name its own platform (in Item Platform). */
export const PER_ITEM = 'perItem';

/** The platforms each sending operation reaches: what Platform offers, and what Item Platform may name. */
const NATIVE: Platform[] = ['adm', 'apple', 'baidu', 'fcmv1', 'gcm', 'windows', 'xiaomi'];
const PLATFORMS_OF: Record<string, Platform[]> = {
	directBatchSend: NATIVE,
	directSend: [...NATIVE, 'browser'],
	send: [...NATIVE, 'browser', 'template'],
	schedule: [...NATIVE, 'browser', 'template'],
};
const DESCRIPTIONS: Partial<Record<Platform, string>> = {
	gcm: 'Google shut down the legacy FCM API in 2024; use FCM V1',
	template: 'Fill the templates of installations with properties',
};
/** What a device table may say besides the platform's value or the name the list shows. */
const ALIASES: Record<string, Platform> = {
	ios: 'apple',
	apns: 'apple',
	android: 'fcmv1',
	fcm: 'fcmv1',
	wns: 'windows',
};

const platformOptions = (operation: string) =>
	[
		...PLATFORMS_OF[operation].map((value) => ({
			name: PLATFORM_NAMES[value],
			value,
			...(DESCRIPTIONS[value] ? { description: DESCRIPTIONS[value] } : {}),
		})),
		{
			name: 'From Each Item',
			value: PER_ITEM,
			description:
				'Each item names its platform in Item Platform, e.g. from a device table with mixed platforms',
		},
	].sort((a, b) => a.name.localeCompare(b.name));

const show = (operations: string[], extra: IDataObject = {}) => ({
	show: { resource: ['notification'], operation: operations, ...extra },
});

/** Platforms whose payload the builder makes; Windows only for Toast and Badge. */
const BUILDER_PLATFORMS: Platform[] = ['apple', 'fcmv1', 'gcm', 'browser'];
/** Where the builder's fields show: the platforms it builds for, and a platform given per item. */
const BUILDER_CHOICES = [...BUILDER_PLATFORMS, PER_ITEM];
const BUILDER_WNS_TYPES: WnsType[] = ['wns/toast', 'wns/badge'];

/** The raw payload field, with the example and the words each platform needs. */
const RAW_PAYLOADS: Array<{
	platforms: string[];
	wnsTypes?: WnsType[];
	placeholder?: string;
	description: string;
	always?: boolean;
}> = [
	{
		platforms: ['apple'],
		placeholder: '{"aps":{"alert":{"title":"Hello","body":"World"}}}',
		description: 'The APNs payload as JSON',
	},
	{
		platforms: ['fcmv1'],
		placeholder: '{"message":{"notification":{"title":"Hello","body":"World"}}}',
		description: 'The FCM v1 payload as JSON, with its "message" envelope',
	},
	{
		platforms: ['gcm'],
		placeholder: '{"data":{"message":"Hello"}}',
		description: 'The legacy GCM payload as JSON',
	},
	{
		platforms: ['browser'],
		placeholder: '{"title":"Hello","body":"World"}',
		description: "The web push payload as JSON, as the site's service worker reads it",
	},
	{
		platforms: ['windows'],
		wnsTypes: ['wns/toast'],
		placeholder:
			'<toast><visual><binding template="ToastGeneric"><text>Hello</text></binding></visual></toast>',
		description: 'The toast as WNS XML',
	},
	{
		platforms: ['windows'],
		wnsTypes: ['wns/badge'],
		placeholder: '<badge value="3"/>',
		description: 'The badge as WNS XML',
	},
	{
		platforms: ['windows'],
		wnsTypes: ['wns/tile'],
		placeholder:
			'<tile><visual><binding template="TileMedium"><text>Hello</text></binding></visual></tile>',
		description: 'The tile as WNS XML (the builder does not make tiles)',
		always: true,
	},
	{
		platforms: ['windows'],
		wnsTypes: ['wns/raw'],
		placeholder: 'any text the app reads',
		description: "What the app receives, as text or base64 (at most 5 KB, WNS's limit)",
		always: true,
	},
	{
		platforms: ['adm'],
		placeholder: '{"data":{"message":"Hello"}}',
		description: 'The Amazon Device Messaging payload as JSON',
		always: true,
	},
	{
		platforms: ['baidu', 'xiaomi'],
		description: "The payload as JSON, as the platform's push service defines it",
		always: true,
	},
	{
		platforms: ['template'],
		placeholder: '{"message":"Hello"}',
		description:
			"A JSON object of template properties: the installations' templates are filled with them",
		always: true,
	},
	{
		platforms: [PER_ITEM],
		placeholder: '{{ $json.payload }}',
		description:
			"Each item's payload as its platform defines it (JSON, or XML for Windows Toast, Tile and Badge), usually an expression",
	},
];

/** Message options shown for their own platforms and for a platform given per item. */
function perItemToo(options: INodeProperties[]): INodeProperties[] {
	return options.map((option) => ({
		...option,
		displayOptions: {
			show: {
				'/platform': [
					...new Set([
						...((option.displayOptions?.show?.['/platform'] as string[]) ?? []),
						PER_ITEM,
					]),
				],
			},
		},
	}));
}

export const notificationProperties: INodeProperties[] = [
	{
		displayName: 'Platform',
		name: 'platform',
		noDataExpression: true,
		type: 'options',
		options: platformOptions('directBatchSend'),
		default: 'apple',
		required: true,
		description: 'The push service the device handles belong to',
		displayOptions: show(['directBatchSend']),
	},
	{
		displayName: 'Platform',
		name: 'platform',
		noDataExpression: true,
		type: 'options',
		options: platformOptions('directSend'),
		default: 'apple',
		required: true,
		description: 'The push service the device handle belongs to',
		displayOptions: show(['directSend']),
	},
	{
		displayName: 'Platform',
		name: 'platform',
		noDataExpression: true,
		type: 'options',
		options: platformOptions('send'),
		default: 'apple',
		required: true,
		description:
			'Which registered devices receive it: only those of this platform (or, for Template, every device with a template)',
		displayOptions: show(['send', 'schedule']),
	},
	{
		displayName: 'Item Platform',
		name: 'itemPlatform',
		type: 'string',
		default: '',
		required: true,
		placeholder: '{{ $json.platform }}',
		description:
			"The item's platform, usually an expression that reads it from the item: apple, fcmv1, gcm, windows, adm, baidu or xiaomi (browser for Direct Send and Send, template for Send), or the name Platform shows; ios and android are read as Apple and FCM V1. Items of one platform go out together; each gets its platform's payload and headers.",
		displayOptions: show(SENDING_OPERATIONS, { platform: [PER_ITEM] }),
	},
	{
		displayName: 'Windows Notification Type',
		name: 'wnsType',
		noDataExpression: true,
		type: 'options',
		options: (Object.keys(WNS_TYPE_NAMES) as WnsType[]).map((value) => ({
			name: WNS_TYPE_NAMES[value],
			value,
		})),
		default: 'wns/toast',
		description: 'Sent as the X-WNS-Type header (with From Each Item: for the Windows items)',
		displayOptions: show(SENDING_OPERATIONS, { platform: ['windows', PER_ITEM] }),
	},
	// What each platform can send decides the fields: the builder makes APNs, FCM, GCM, browser and
	// Windows Toast and Badge payloads; Windows Tile and Raw, ADM, Baidu, Xiaomi and templates are
	// given as their raw payload only.
	...[
		{
			raw: 'The native payload as the platform defines it (JSON, XML or raw text)',
			where: { platform: BUILDER_CHOICES },
		},
		{
			raw: 'The toast or badge XML as WNS defines it',
			where: { platform: ['windows'], wnsType: BUILDER_WNS_TYPES },
		},
	].map(
		({ raw, where }): INodeProperties => ({
			displayName: 'Define Payload',
			name: 'payloadMode',
			noDataExpression: true,
			description:
				'Build the payload from the fields below, or give it as raw text (the JSON or XML the push service expects)',
			type: 'options',
			options: [
				{ name: 'Build From Fields', value: 'builder' },
				{ name: 'Raw Payload', value: 'raw', description: raw },
			],
			default: 'builder',
			displayOptions: show(SENDING_OPERATIONS, where),
		}),
	),
	...(['title', 'body'] as const).flatMap((name): INodeProperties[] => {
		const field = {
			displayName: name === 'title' ? 'Title' : 'Body',
			name,
			description:
				name === 'title'
					? "The notification's title, as the device shows it"
					: "The notification's text, as the device shows it",
			type: 'string' as const,
			...(name === 'body' ? { typeOptions: { rows: 2 } } : {}),
			default: '',
		};
		return [
			{
				...field,
				displayOptions: show(SENDING_OPERATIONS, {
					platform: BUILDER_CHOICES,
					payloadMode: ['builder'],
				}),
			},
			{
				...field,
				displayOptions: show(SENDING_OPERATIONS, {
					platform: ['windows'],
					wnsType: ['wns/toast'],
					payloadMode: ['builder'],
				}),
			},
		];
	}),
	{
		displayName: 'Badge Value',
		name: 'wnsBadge',
		type: 'string',
		default: '',
		required: true,
		placeholder: '3',
		description:
			'A number from 1 to 99, or a glyph: activity, alarm, alert, attention, available, away, busy, error, newMessage, paused, playing, unavailable; none clears the badge',
		displayOptions: show(SENDING_OPERATIONS, {
			platform: ['windows', PER_ITEM],
			wnsType: ['wns/badge'],
			payloadMode: ['builder'],
		}),
	},
	...RAW_PAYLOADS.map(
		({ platforms, wnsTypes, placeholder, description, always }): INodeProperties => ({
			displayName: 'Payload',
			name: 'rawPayload',
			type: 'string',
			typeOptions: { rows: 6 },
			default: '',
			required: true,
			...(placeholder ? { placeholder } : {}),
			description,
			displayOptions: show(SENDING_OPERATIONS, {
				platform: platforms,
				...(wnsTypes ? { wnsType: wnsTypes } : {}),
				...(always ? {} : { payloadMode: ['raw'] }),
			}),
		}),
	),
	{
		displayName: 'Payload Encoding',
		name: 'rawEncoding',
		type: 'options',
		options: [
			{ name: 'Text (UTF-8)', value: 'text' },
			{
				name: 'Base64 (Binary)',
				value: 'base64',
				description: 'The payload is base64 and is sent as the bytes it encodes',
			},
		],
		default: 'text',
		description: 'How the WNS raw payload is given',
		displayOptions: show(SENDING_OPERATIONS, {
			platform: ['windows', PER_ITEM],
			wnsType: ['wns/raw'],
		}),
	},
	{
		displayName: 'Message Options',
		name: 'message',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show(SENDING_OPERATIONS, {
			platform: BUILDER_CHOICES,
			payloadMode: ['builder'],
		}),
		// With a platform per item, every option shows, and each item uses those of its platform.
		options: perItemToo([
			{
				displayName: 'Badge',
				name: 'badge',
				type: 'number',
				default: 0,
				description: 'The number on the app icon (APNs badge)',
				displayOptions: { show: { '/platform': ['apple'] } },
			},
			{
				displayName: 'Category',
				name: 'category',
				type: 'string',
				default: '',
				description: 'APNs notification category',
				displayOptions: { show: { '/platform': ['apple'] } },
			},
			{
				displayName: 'Channel ID',
				name: 'channelId',
				type: 'string',
				default: '',
				description: 'Android notification channel (FCM)',
				displayOptions: { show: { '/platform': ['fcmv1'] } },
			},
			{
				displayName: 'Click Action',
				name: 'clickAction',
				type: 'string',
				default: '',
				description: 'Android activity to open (FCM)',
				displayOptions: { show: { '/platform': ['fcmv1', 'gcm'] } },
			},
			{
				displayName: 'Collapse Key',
				name: 'collapseKey',
				type: 'string',
				default: '',
				description: 'Android: newer messages replace older ones with the same key',
				displayOptions: { show: { '/platform': ['fcmv1', 'gcm'] } },
			},
			{
				displayName: 'Content Available',
				name: 'contentAvailable',
				type: 'boolean',
				default: false,
				description: 'Whether to wake the iOS app in the background (content-available: 1)',
				displayOptions: { show: { '/platform': ['apple'] } },
			},
			{
				displayName: 'Custom Data (JSON)',
				name: 'data',
				type: 'json',
				default: '{}',
				description:
					'Key/value data for the app: beside "aps" for APNs, message.data for FCM V1 (values become strings)',
				displayOptions: { show: { '/platform': ['apple', 'fcmv1', 'gcm', 'browser'] } },
			},
			{
				displayName: 'Image URL',
				name: 'imageUrl',
				type: 'string',
				default: '',
				description: 'FCM notification image, or the browser notification icon',
				displayOptions: { show: { '/platform': ['fcmv1', 'browser'] } },
			},
			{
				displayName: 'Mutable Content',
				name: 'mutableContent',
				type: 'boolean',
				default: false,
				description:
					'Whether an iOS notification service extension may modify it (mutable-content: 1)',
				displayOptions: { show: { '/platform': ['apple'] } },
			},
			{
				displayName: 'Priority (Android)',
				name: 'androidPriority',
				description:
					"FCM's android.priority: High wakes a sleeping device at once, Normal may wait for it to wake",
				displayOptions: { show: { '/platform': ['fcmv1', 'gcm'] } },
				type: 'options',
				options: [
					{ name: 'Normal', value: 'normal' },
					{ name: 'High', value: 'high' },
				],
				default: 'high',
			},
			{
				displayName: 'Sound',
				name: 'sound',
				type: 'string',
				default: '',
				placeholder: 'default',
				displayOptions: { show: { '/platform': ['apple', 'fcmv1', 'gcm'] } },
				description:
					'The sound to play: "default", or the name of a sound file bundled with the app',
			},
			{
				displayName: 'Subtitle',
				name: 'subtitle',
				type: 'string',
				default: '',
				description: 'APNs subtitle',
				displayOptions: { show: { '/platform': ['apple'] } },
			},
			{
				displayName: 'Thread ID',
				name: 'threadId',
				type: 'string',
				default: '',
				description: 'APNs thread for grouping',
				displayOptions: { show: { '/platform': ['apple'] } },
			},
			{
				displayName: 'Time to Live',
				name: 'timeToLive',
				type: 'string',
				default: '',
				placeholder: '3600s',
				description: 'Android: how long FCM keeps the message, e.g. 3600s',
				displayOptions: { show: { '/platform': ['fcmv1', 'gcm'] } },
			},
			{
				displayName: 'Launch Argument (Windows)',
				name: 'launch',
				type: 'string',
				default: '',
				description:
					"What the app receives when a Windows toast is clicked (the toast's launch attribute)",
				displayOptions: { show: { '/platform': [PER_ITEM] } },
			},
		]),
	},
	{
		displayName: 'Message Options',
		name: 'message',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show(SENDING_OPERATIONS, {
			platform: ['windows'],
			wnsType: ['wns/toast'],
			payloadMode: ['builder'],
		}),
		options: [
			{
				displayName: 'Launch Argument',
				name: 'launch',
				type: 'string',
				default: '',
				description:
					"What the app receives when the toast is clicked (the toast's launch attribute)",
			},
		],
	},
	{
		displayName: 'APNs Headers',
		name: 'apnsHeaders',
		type: 'collection',
		placeholder: 'Add Header',
		default: {},
		displayOptions: show(SENDING_OPERATIONS, { platform: ['apple', PER_ITEM] }),
		options: [
			{
				displayName: 'Collapse ID (Apns-Collapse-ID)',
				name: 'apns-collapse-id',
				type: 'string',
				default: '',
				description:
					'Notifications with the same ID replace each other on the device (at most 64 bytes)',
			},
			{
				displayName: 'Expiration (Apns-Expiration)',
				name: 'apns-expiration',
				type: 'string',
				default: '',
				description: 'UNIX time in seconds after which APNs stops trying',
			},
			{
				displayName: 'Notification ID (Apns-ID)',
				name: 'apns-id',
				type: 'string',
				default: '',
				description:
					"A UUID that names this notification in APNs' answers; APNs makes one when empty",
			},
			{
				displayName: 'Priority (Apns-Priority)',
				name: 'apns-priority',
				description:
					'10 delivers at once; 5 lets the device save power, and is what background (content-available) pushes require',
				type: 'options',
				options: [
					{ name: '10 (Immediately)', value: '10' },
					{ name: '5 (Power Considerate; Required for Background)', value: '5' },
				],
				default: '10',
			},
			{
				displayName: 'Push Type (Apns-Push-Type)',
				name: 'apns-push-type',
				description:
					'What kind of notification this is, as APNs requires since iOS 13: alert for a visible one, background for a silent content update, and so on',
				type: 'options',
				options: [
					{ name: 'Alert', value: 'alert', description: 'A visible notification' },
					{
						name: 'Background',
						value: 'background',
						description: 'A silent update for the app (needs Content Available and priority 5)',
					},
					{ name: 'Complication (WatchOS)', value: 'complication' },
					{ name: 'File Provider', value: 'fileprovider' },
					{ name: 'Live Activity', value: 'liveactivity' },
					{ name: 'Location', value: 'location' },
					{ name: 'MDM', value: 'mdm', description: 'Device management' },
					{ name: 'Push to Talk', value: 'pushtotalk' },
					{ name: 'VoIP', value: 'voip' },
				],
				default: 'alert',
			},
			{
				displayName: 'Topic (Apns-Topic)',
				name: 'apns-topic',
				type: 'string',
				default: '',
				description: 'Usually the app’s bundle ID',
			},
		],
	},
	{
		displayName: 'WNS Headers',
		name: 'wnsHeaders',
		type: 'collection',
		placeholder: 'Add Header',
		default: {},
		displayOptions: show(SENDING_OPERATIONS, { platform: ['windows', PER_ITEM] }),
		options: [
			{
				displayName: 'Cache Policy (X-WNS-Cache-Policy)',
				name: 'X-WNS-Cache-Policy',
				type: 'options',
				options: [
					{ name: 'Cache', value: 'cache' },
					{ name: 'No-Cache', value: 'no-cache' },
				],
				default: 'cache',
				description:
					'Whether WNS keeps the notification for a device that is offline (cache) or drops it (no-cache)',
			},
			{
				displayName: 'Group (X-WNS-Group)',
				name: 'X-WNS-Group',
				type: 'string',
				default: '',
				description:
					'The group of the toast in the action center; with Tag, identifies a toast to replace',
			},
			{
				displayName: 'Match (X-WNS-Match)',
				name: 'X-WNS-Match',
				type: 'string',
				default: '',
				description:
					'Which toasts a wns/raw delete notification removes from the action center (type:wns/toast;group=…;tag=…, or type:wns/toast;all)',
			},
			{
				displayName: 'Request for Status (X-WNS-RequestForStatus)',
				name: 'X-WNS-RequestForStatus',
				type: 'options',
				options: [
					{ name: 'True', value: 'true' },
					{ name: 'False', value: 'false' },
				],
				default: 'true',
				description: "Whether WNS answers with the device's status and connection state",
			},
			{
				displayName: 'Suppress Popup (X-WNS-SuppressPopup)',
				name: 'X-WNS-SuppressPopup',
				type: 'options',
				options: [
					{ name: 'True', value: 'true' },
					{ name: 'False', value: 'false' },
				],
				default: 'true',
				description: 'Whether the toast goes straight to the action center without popping up',
			},
			{
				displayName: 'Tag (X-WNS-Tag)',
				name: 'X-WNS-Tag',
				type: 'string',
				default: '',
				description:
					'A label for the toast (at most 16 characters); a newer toast with the same tag replaces it',
			},
			{
				displayName: 'Time to Live (X-WNS-TTL)',
				name: 'X-WNS-TTL',
				type: 'number',
				default: 3600,
				description: 'Seconds',
			},
		],
	},
];

/**
 * Reads an item's notification, validated and sized: the platform, the body (built from the
 * fields or taken raw), the content type and the PNS headers. Throws for bad input.
 */
export function readNotification(reader: ParameterReader, itemIndex: number): Notification {
	const platform = platformOf(reader, itemIndex);
	const perItem = reader.get<string>('platform', itemIndex) === PER_ITEM;
	const wnsType =
		platform === 'windows' ? reader.get<WnsType>('wnsType', itemIndex, 'wns/toast') : undefined;
	const builds =
		wnsType === undefined
			? BUILDER_PLATFORMS.includes(platform)
			: BUILDER_WNS_TYPES.includes(wnsType);
	// A platform that has no builder has only its raw payload in the form; given per item, the item may name one.
	const mode = builds || perItem ? reader.get<string>('payloadMode', itemIndex, 'builder') : 'raw';
	if (mode !== 'raw' && !builds) {
		throw new Error(
			`${PLATFORM_NAMES[platform]}${wnsType ? ` ${WNS_TYPE_NAMES[wnsType]}` : ''} notifications are not built from fields: set Define Payload to Raw Payload and give each item's payload`,
		);
	}
	let payload: string;
	let bytes: Buffer | undefined;
	if (mode === 'raw') {
		payload = String(reader.get('rawPayload', itemIndex, '') ?? '');
		checkRawPayload(platform, payload, wnsType);
		if (wnsType === 'wns/raw' && reader.get<string>('rawEncoding', itemIndex, 'text') === 'base64')
			bytes = decodeBase64(payload);
	} else {
		const message = reader.get<IDataObject>('message', itemIndex, {});
		const fields: MessageFields = {
			...(message as MessageFields),
			title: reader.get<string>('title', itemIndex, ''),
			body: reader.get<string>('body', itemIndex, ''),
			wnsType,
		};
		if (wnsType === 'wns/badge')
			fields.wnsBadge = String(reader.get('wnsBadge', itemIndex, '') ?? '');
		fields.data = parseData(message.data);
		if (
			!fields.title &&
			!fields.body &&
			!fields.contentAvailable &&
			fields.wnsType !== 'wns/badge'
		) {
			throw new Error('The notification has neither a title nor a body');
		}
		payload = buildPayload(platform, fields);
	}
	const headers: Record<string, string> = {};
	const chosen =
		platform === 'apple'
			? reader.get<IDataObject>('apnsHeaders', itemIndex, {})
			: platform === 'windows'
				? reader.get<IDataObject>('wnsHeaders', itemIndex, {})
				: {};
	const allowed: readonly string[] = platform === 'apple' ? APNS_HEADERS : WNS_HEADERS;
	for (const [name, value] of Object.entries(chosen)) {
		if (allowed.includes(name) && value !== '' && value !== undefined && value !== null)
			headers[name] = String(value);
	}
	return makeNotification(platform, bytes ?? Buffer.from(payload, 'utf8'), headers, wnsType);
}

/** The item's platform: Platform's value, or with From Each Item what the item names, checked against what the operation reaches. */
export function platformOf(reader: ParameterReader, itemIndex: number): Platform {
	const chosen = reader.get<string>('platform', itemIndex);
	if (chosen !== PER_ITEM) return chosen as Platform;
	const reached = PLATFORMS_OF[reader.get<string>('operation', itemIndex)] ?? NATIVE;
	const given = String(reader.get('itemPlatform', itemIndex, '') ?? '').trim();
	const wanted = given.toLowerCase();
	const platform =
		(Object.prototype.hasOwnProperty.call(ALIASES, wanted) ? ALIASES[wanted] : undefined) ??
		reached.find(
			(value) => value.toLowerCase() === wanted || PLATFORM_NAMES[value].toLowerCase() === wanted,
		);
	if (platform && reached.includes(platform)) return platform;
	if (!given)
		throw new Error("Item Platform is empty: give the item's platform, e.g. {{ $json.platform }}");
	throw new Error(
		`Item Platform "${given}" is not a platform this operation sends to; use one of ${reached.join(', ')}`,
	);
}

function parseData(value: unknown): Record<string, unknown> | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const parsed = jsonObject(value, 'Custom Data');
	return Object.keys(parsed).length ? parsed : undefined;
}

function decodeBase64(text: string): Buffer {
	const compact = text.replace(/\s+/g, '');
	if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) {
		throw new Error(
			'The payload is not valid base64; choose Payload Encoding "Text (UTF-8)" to send it as text',
		);
	}
	return Buffer.from(compact, 'base64');
}
