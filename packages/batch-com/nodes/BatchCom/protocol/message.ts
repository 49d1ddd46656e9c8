/**
 * The message options the Campaigns and the Transactional 1.1 APIs share (field names from
 * Batch's parameters page): media, deeplink, a custom payload sent as a JSON *string*,
 * priority, time to live, collapse key and labels.
 */
export interface MessageOptions {
	deeplink?: string;
	/** JSON text or an object; Batch wants it as a string holding a JSON object. */
	customPayload?: unknown;
	media?: { icon?: string; picture?: string; audio?: string; video?: string };
	priority?: 'normal' | 'high';
	/** Seconds; greater than 0, at most 28 days. */
	timeToLive?: number;
	collapseKey?: string;
	labels?: string[];
}

export class MessageError extends Error {}

export const MAX_TIME_TO_LIVE = 28 * 24 * 3600;

export function messageOptionFields(
	options: MessageOptions,
	maxLabels: number,
): Record<string, unknown> {
	const fields: Record<string, unknown> = {};
	if (options.priority !== undefined) {
		if (options.priority !== 'normal' && options.priority !== 'high')
			throw new MessageError(`The priority "${String(options.priority)}" is not normal or high`);
		fields.priority = options.priority;
	}
	if (options.timeToLive !== undefined) {
		const ttl = options.timeToLive;
		if (!Number.isInteger(ttl) || ttl <= 0 || ttl > MAX_TIME_TO_LIVE) {
			throw new MessageError(
				`The time to live ${String(ttl)} is not a whole number of seconds between 1 and ${MAX_TIME_TO_LIVE} (28 days)`,
			);
		}
		fields.time_to_live = ttl;
	}
	if (options.collapseKey) fields.gcm_collapse_key = { enabled: true, key: options.collapseKey };
	const media = Object.fromEntries(
		Object.entries(options.media ?? {}).filter(([, url]) => typeof url === 'string' && url !== ''),
	);
	if (Object.keys(media).length > 0) fields.media = media;
	if (options.deeplink) fields.deeplink = options.deeplink;
	const payload = customPayloadString(options.customPayload);
	if (payload !== undefined) fields.custom_payload = payload;
	if (options.labels && options.labels.length > 0) {
		if (options.labels.length > maxLabels)
			throw new MessageError(
				`${options.labels.length} labels were given; Batch accepts at most ${maxLabels}`,
			);
		fields.labels = options.labels;
	}
	return fields;
}

/** Batch's `custom_payload` is a string that holds a JSON object. */
export function customPayloadString(value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	let parsed = value;
	let broken = false;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			broken = true;
		}
	}
	if (broken) throw new MessageError('The custom payload is not valid JSON');
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
		throw new MessageError('The custom payload must be a JSON object, e.g. {"screen": "offers"}');
	if (Object.keys(parsed).length === 0) return undefined;
	return JSON.stringify(parsed);
}

/** A list of codes from a list field, an array or "a, b, c". */
export function listOf(value: unknown): string[] {
	if (value === undefined || value === null || value === '') return [];
	if (Array.isArray(value)) return value.flatMap(listOf);
	return String(value)
		.split(/[,\n;]+/)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}
