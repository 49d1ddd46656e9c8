import { parseJson } from '../../../../core/json';

/**
 * What each push platform expects from Notification Hubs: the `ServiceBusNotification-Format`
 * value, the content type of the notification, the PNS headers that Notification Hubs forwards,
 * and the payload built from the fields a marketer fills in.
 */

export type Platform =
	| 'apple'
	| 'fcmv1'
	| 'gcm'
	| 'windows'
	| 'adm'
	| 'baidu'
	| 'xiaomi'
	| 'browser'
	| 'template';
/** The platforms Direct Batch Send serves (browser subscriptions and templates cannot be batch-sent). */
export const BATCH_PLATFORMS: readonly Platform[] = [
	'apple',
	'fcmv1',
	'gcm',
	'windows',
	'adm',
	'baidu',
	'xiaomi',
];

export type WnsType = 'wns/toast' | 'wns/tile' | 'wns/badge' | 'wns/raw';

/** What the form calls each platform and Windows type; errors use the same words. */
export const PLATFORM_NAMES: Record<Platform, string> = {
	adm: 'Amazon (ADM)',
	apple: 'Apple (APNs)',
	baidu: 'Baidu',
	fcmv1: 'Firebase Cloud Messaging V1 (FCM)',
	gcm: 'Google Legacy GCM (Deprecated)',
	windows: 'Windows (WNS)',
	xiaomi: 'Xiaomi',
	browser: 'Browser (Web Push)',
	template: 'Template',
};

export const WNS_TYPE_NAMES: Record<WnsType, string> = {
	'wns/toast': 'Toast',
	'wns/tile': 'Tile',
	'wns/badge': 'Badge',
	'wns/raw': 'Raw',
};

export const JSON_CONTENT_TYPE = 'application/json;charset=utf-8';
export const XML_CONTENT_TYPE = 'application/xml';
export const STREAM_CONTENT_TYPE = 'application/octet-stream';

/** The service refuses a notification body over 64 KB (413); it is checked before sending. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

export interface Notification {
	platform: Platform;
	contentType: string;
	body: Buffer;
	/** PNS headers put on the outer request (apns-*, X-WNS-*). */
	headers: Record<string, string>;
}

export function contentTypeFor(platform: Platform, wnsType?: WnsType): string {
	if (platform !== 'windows') return JSON_CONTENT_TYPE;
	return wnsType === 'wns/raw' ? STREAM_CONTENT_TYPE : XML_CONTENT_TYPE;
}

/** The fields of the notification builder; which apply depends on the platform. */
export interface MessageFields {
	title?: string;
	body?: string;
	/** Custom key/value data delivered to the app. */
	data?: Record<string, unknown>;
	badge?: number;
	/** The Windows badge: a number or a glyph name (see wnsBadgeValue). */
	wnsBadge?: string;
	sound?: string;
	subtitle?: string;
	contentAvailable?: boolean;
	mutableContent?: boolean;
	category?: string;
	threadId?: string;
	imageUrl?: string;
	androidPriority?: 'normal' | 'high';
	timeToLive?: string;
	collapseKey?: string;
	channelId?: string;
	clickAction?: string;
	/** Windows: which WNS notification the builder makes. */
	wnsType?: WnsType;
	launch?: string;
}

const definedEntries = (record: Record<string, unknown>) =>
	Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined && v !== ''));

/** Builds the platform's native payload from the builder's fields. */
export function buildPayload(platform: Platform, fields: MessageFields): string {
	switch (platform) {
		case 'apple': {
			const alert = definedEntries({
				title: fields.title,
				subtitle: fields.subtitle,
				body: fields.body,
			});
			const aps = definedEntries({
				alert: Object.keys(alert).length ? alert : undefined,
				badge: fields.badge,
				sound: fields.sound,
				'content-available': fields.contentAvailable ? 1 : undefined,
				'mutable-content': fields.mutableContent ? 1 : undefined,
				category: fields.category,
				'thread-id': fields.threadId,
			});
			return JSON.stringify({ aps, ...(fields.data ?? {}) });
		}
		case 'fcmv1': {
			const notification = definedEntries({
				title: fields.title,
				body: fields.body,
				image: fields.imageUrl,
			});
			const androidNotification = definedEntries({
				channel_id: fields.channelId,
				sound: fields.sound,
				click_action: fields.clickAction,
			});
			const android = definedEntries({
				priority: fields.androidPriority,
				ttl: fields.timeToLive,
				collapse_key: fields.collapseKey,
				notification: Object.keys(androidNotification).length ? androidNotification : undefined,
			});
			const message = definedEntries({
				notification: Object.keys(notification).length ? notification : undefined,
				android: Object.keys(android).length ? android : undefined,
				data: fields.data ? stringValues(fields.data) : undefined,
			});
			return JSON.stringify({ message });
		}
		case 'gcm': {
			const notification = definedEntries({
				title: fields.title,
				body: fields.body,
				sound: fields.sound,
				click_action: fields.clickAction,
			});
			return JSON.stringify(
				definedEntries({
					notification: Object.keys(notification).length ? notification : undefined,
					data: fields.data,
					priority: fields.androidPriority,
					collapse_key: fields.collapseKey,
					time_to_live: fields.timeToLive ? Number.parseInt(fields.timeToLive, 10) : undefined,
				}),
			);
		}
		case 'windows': {
			if (fields.wnsType === 'wns/badge') {
				return `<badge value="${escapeXml(wnsBadgeValue(fields.wnsBadge))}"/>`;
			}
			if (fields.wnsType === 'wns/toast' || fields.wnsType === undefined) {
				const launch = fields.launch ? ` launch="${escapeXml(fields.launch)}"` : '';
				const texts = [fields.title, fields.body]
					.filter((t) => t !== undefined && t !== '')
					.map((t) => `<text>${escapeXml(String(t))}</text>`);
				return `<toast${launch}><visual><binding template="ToastGeneric">${texts.join('')}</binding></visual></toast>`;
			}
			throw new Error(
				`The builder makes Windows Toast and Badge notifications; for a ${WNS_TYPE_NAMES[fields.wnsType]} notification choose Payload → Raw Payload`,
			);
		}
		case 'browser':
			return JSON.stringify(
				definedEntries({
					title: fields.title,
					body: fields.body,
					icon: fields.imageUrl,
					data: fields.data,
				}),
			);
		default:
			throw new Error(
				`The builder does not cover ${PLATFORM_NAMES[platform] ?? platform}; choose Payload → Raw Payload and give its payload as JSON`,
			);
	}
}

const WNS_BADGE_GLYPHS = [
	'activity',
	'alarm',
	'alert',
	'attention',
	'available',
	'away',
	'busy',
	'error',
	'newMessage',
	'paused',
	'playing',
	'unavailable',
	'none',
];

/** A Windows badge value: a whole number (WNS shows 99+ above 99) or one of WNS's glyph names. */
export function wnsBadgeValue(value: unknown): string {
	const text = String(value ?? '').trim();
	if (/^\d+$/.test(text) || WNS_BADGE_GLYPHS.includes(text)) return text;
	throw new Error(
		text
			? `Badge Value "${text}" is neither a number nor a WNS glyph (${WNS_BADGE_GLYPHS.join(', ')})`
			: 'Badge Value is empty: give a number, or a glyph such as alert',
	);
}

function stringValues(data: Record<string, unknown>): Record<string, string> {
	// FCM v1 only takes a flat string-to-string map.
	return Object.fromEntries(
		Object.entries(data).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
	);
}

export function escapeXml(text: string): string {
	return text.replace(
		/[<>&"']/g,
		(c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string,
	);
}

/**
 * Checks a raw payload against its platform before anything is sent: JSON platforms need a
 * JSON object (FCM v1 the `message` envelope); WNS toast, tile and badge need XML.
 */
export function checkRawPayload(platform: Platform, payload: string, wnsType?: WnsType): void {
	if (payload.trim() === '') throw new Error('The payload is empty');
	if (platform === 'windows') {
		if (wnsType !== 'wns/raw' && !payload.trim().startsWith('<'))
			throw new Error(`A Windows ${WNS_TYPE_NAMES[wnsType ?? 'wns/toast']} payload must be XML`);
		return;
	}
	const parsed = parseJson(payload, `The ${PLATFORM_NAMES[platform]} payload`);
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
		throw new Error(`The ${PLATFORM_NAMES[platform]} payload must be a JSON object`);
	if (platform === 'fcmv1') {
		const message = (parsed as { message?: unknown }).message;
		if (message === null || typeof message !== 'object')
			throw new Error(
				'An FCM v1 payload must have a top-level "message" object, e.g. {"message":{"notification":{"title":"Hi"}}}',
			);
		const data = (message as { data?: unknown }).data;
		if (
			data !== undefined &&
			(data === null ||
				typeof data !== 'object' ||
				Object.values(data).some((v) => typeof v !== 'string'))
		) {
			throw new Error('FCM v1 "message.data" must map keys to strings');
		}
	}
}

/** Headers Notification Hubs forwards to the PNS; only known names are sent. */
export const APNS_HEADERS = [
	'apns-push-type',
	'apns-priority',
	'apns-expiration',
	'apns-topic',
	'apns-collapse-id',
	'apns-id',
] as const;
export const WNS_HEADERS = [
	'X-WNS-Type',
	'X-WNS-Cache-Policy',
	'X-WNS-TTL',
	'X-WNS-Tag',
	'X-WNS-Group',
	'X-WNS-SuppressPopup',
	'X-WNS-Match',
	'X-WNS-RequestForStatus',
] as const;

/** Assembles a notification and refuses one over the service's size limit. */
export function makeNotification(
	platform: Platform,
	body: Buffer,
	headers: Record<string, string>,
	wnsType?: WnsType,
): Notification {
	if (body.length > MAX_PAYLOAD_BYTES) {
		throw new Error(
			`The notification is ${body.length} bytes; Notification Hubs accepts at most ${MAX_PAYLOAD_BYTES} bytes (64 KB)`,
		);
	}
	for (const [name, value] of Object.entries(headers)) headerValue(name, value);
	const outer = { ...headers };
	if (platform === 'windows') outer['X-WNS-Type'] = wnsType ?? outer['X-WNS-Type'] ?? 'wns/toast';
	return {
		platform,
		contentType: contentTypeFor(platform, (outer['X-WNS-Type'] as WnsType | undefined) ?? wnsType),
		body,
		headers: outer,
	};
}

/**
 * `value`, checked to be sendable as the header `name`: a line break or another control
 * character (tab aside) would end the header early or add one (RFC 9110 §5.5), so it is refused
 * before anything is sent, wherever the value came from (an expression, a device table).
 */
export function headerValue(name: string, value: string): string {
	let at = -1;
	for (let i = 0; i < value.length && at < 0; i++) {
		const code = value.charCodeAt(i);
		if ((code < 0x20 && code !== 0x09) || code === 0x7f) at = i;
	}
	if (at >= 0)
		throw new Error(
			`The ${name} header holds a line break or another control character (at character ${at + 1}), which would change the request; remove it`,
		);
	return value;
}

/** A stable key: items whose notifications are byte-identical share requests. */
export function notificationKey(notification: Notification): string {
	const headers = Object.keys(notification.headers)
		.sort()
		.map((name) => `${name.toLowerCase()}:${notification.headers[name]}`)
		.join('\n');
	return `${notification.platform}\n${notification.contentType}\n${headers}\n\n${notification.body.toString('base64')}`;
}
