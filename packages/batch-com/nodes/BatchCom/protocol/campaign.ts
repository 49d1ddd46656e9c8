import { MessageError, messageOptionFields, type MessageOptions } from './message';
import { pushTimeFields, type PushTime } from './pushTime';

/** `POST /1.1/{apiKey}/campaigns/create` body, from Batch's campaign parameters page. */
export interface CampaignInput {
	name: string;
	live: boolean;
	when: PushTime;
	/** The message every user gets unless a message in their language exists. */
	message: { language: string; title?: string; body: string };
	localized?: Array<{ language: string; title?: string; body: string }>;
	targeting?: {
		segments?: string[];
		languages?: string[];
		regions?: string[];
		customAudiences?: string[];
		/** Batch's advanced query, an object (given as JSON). */
		query?: unknown;
	};
	options?: MessageOptions;
	recurrence?: { repeatUnit: string; repeatFrequency: number; endDate?: string; capping?: number };
}

export const CAMPAIGN_MAX_LABELS = 3;
export const CAMPAIGN_NAME_MIN = 3;

export class CampaignError extends MessageError {}

/** Builds the body, refusing what Batch would refuse (name, body, push time, labels, TTL). */
export function buildCampaignBody(input: CampaignInput): Record<string, unknown> {
	const name = (input.name ?? '').trim();
	if (name.length < CAMPAIGN_NAME_MIN)
		throw new CampaignError(
			`The campaign name "${name}" is shorter than ${CAMPAIGN_NAME_MIN} characters`,
		);
	const messages = [input.message, ...(input.localized ?? [])].map((message, index) => {
		const language = (message.language ?? '').trim().toLowerCase();
		if (!language)
			throw new CampaignError(
				index === 0
					? 'The default message has no language'
					: `Localized message ${index} has no language`,
			);
		if (!message.body || !String(message.body).trim()) {
			throw new CampaignError(
				index === 0
					? 'The message body is empty'
					: `The message body for language "${language}" is empty`,
			);
		}
		return { language, ...(message.title ? { title: message.title } : {}), body: message.body };
	});
	const seen = new Set<string>();
	for (const message of messages) {
		if (seen.has(message.language))
			throw new CampaignError(
				`Two messages are for the language "${message.language}"; give each language once`,
			);
		seen.add(message.language);
	}
	const body: Record<string, unknown> = { name, live: input.live, ...pushTimeFields(input.when) };
	const targeting = buildTargeting(input.targeting);
	if (targeting) body.targeting = targeting;
	body.messages = messages;
	Object.assign(body, messageOptionFields(input.options ?? {}, CAMPAIGN_MAX_LABELS));
	if (input.recurrence) body.recurrence = buildRecurrence(input.recurrence);
	return body;
}

function buildTargeting(
	targeting: CampaignInput['targeting'],
): Record<string, unknown> | undefined {
	if (!targeting) return undefined;
	const out: Record<string, unknown> = {};
	if (targeting.segments?.length) out.segments = targeting.segments;
	if (targeting.languages?.length) out.languages = targeting.languages.map((l) => l.toLowerCase());
	if (targeting.regions?.length) out.regions = targeting.regions.map((r) => r.toUpperCase());
	if (targeting.customAudiences?.length) out.custom_audiences = targeting.customAudiences;
	const query = parseObject(targeting.query, 'The advanced query');
	if (query) out.query = query;
	return Object.keys(out).length ? out : undefined;
}

function buildRecurrence(
	recurrence: NonNullable<CampaignInput['recurrence']>,
): Record<string, unknown> {
	const out: Record<string, unknown> = {
		repeat_unit: recurrence.repeatUnit,
		repeat_frequency: recurrence.repeatFrequency,
	};
	if (!Number.isInteger(recurrence.repeatFrequency) || recurrence.repeatFrequency < 1)
		throw new CampaignError('The repeat frequency must be a whole number of at least 1');
	if (recurrence.endDate) out.end_date = recurrence.endDate;
	if (recurrence.capping !== undefined && recurrence.capping > 0) out.capping = recurrence.capping;
	return out;
}

/** An object given as JSON text or as an object; undefined when empty. */
export function parseObject(value: unknown, what: string): Record<string, unknown> | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'string' && !value.trim()) return undefined;
	let parsed = value;
	let problem = '';
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			problem = (error as Error).message;
		}
	}
	if (problem) throw new CampaignError(`${what} is not valid JSON: ${problem}`);
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
		throw new CampaignError(`${what} must be a JSON object`);
	return Object.keys(parsed).length ? (parsed as Record<string, unknown>) : undefined;
}

/**
 * Checks a body given as raw JSON the way the builder checks its own: the same three rules
 * (name, message body, exactly one valid push time), so JSON mode fails before sending too.
 */
export function checkCampaignJson(body: Record<string, unknown>): Record<string, unknown> {
	const name = typeof body.name === 'string' ? body.name.trim() : '';
	if (name.length < CAMPAIGN_NAME_MIN)
		throw new CampaignError(
			`The campaign name "${name}" is shorter than ${CAMPAIGN_NAME_MIN} characters`,
		);
	if (typeof body.live !== 'boolean')
		throw new CampaignError('The JSON body has no "live" true or false');
	const messages = body.messages;
	if (!Array.isArray(messages) || messages.length === 0)
		throw new CampaignError('The JSON body has no "messages"');
	messages.forEach((message, index) => {
		const text = (message as { body?: unknown } | null)?.body;
		if (typeof text !== 'string' || !text.trim())
			throw new CampaignError(`messages[${index}] has no body`);
	});
	const hasUtc = body.push_time !== undefined;
	const hasLocal = body.local_push_time !== undefined;
	if (hasUtc === hasLocal)
		throw new CampaignError('The JSON body needs exactly one of "push_time" and "local_push_time"');
	const time: PushTime = hasLocal
		? { kind: 'local', dateTime: String(body.local_push_time) }
		: body.push_time === 'now'
			? { kind: 'now' }
			: { kind: 'utc', dateTime: String(body.push_time) };
	return { ...body, name, ...pushTimeFields(time) };
}
