/**
 * The CEP campaign and orchestration routes of Batch's project API (2.x), as its reference
 * documents them (docs/batch-cep-api.md has each fact with its source):
 *   POST /{version}/campaigns/create   the campaign body → `{id}`
 *   POST /{version}/campaigns/update   `{id, campaign}` → 200 `{}`
 *   POST /{version}/campaigns/delete   `{id}` → 200 `{}` (the text says 204: both are success)
 *   GET  /{version}/orchestrations/view?orchestration_id=
 *   GET  /{version}/orchestrations/list?from=&limit=  (limit at most 100) → `{orchestrations, has_more, next_from}`
 *   GET  /{version}/orchestrations/stats?orchestration_id=&from=yyyy-MM-dd&to=yyyy-MM-dd
 * The campaign body: `name`, `state` (DRAFT, RUNNING, STOPPED), `when` (`start_time` "now" or a
 * date-time, `local_time`), `targeting` (`languages`, `regions`, `query`), `messages` (exactly
 * one), `labels` (at most 5), `send_rate` (1,000 to 1,000,000 a minute). The fields inside a
 * push message are not in any part of the reference we could read, so the message is taken as
 * JSON and only its documented frame is checked.
 */
import { formatPushTime, type PushTime } from './pushTime';

export const PROJECT_CAMPAIGN_STATES = ['DRAFT', 'RUNNING', 'STOPPED'] as const;
export const MAX_PROJECT_CAMPAIGN_LABELS = 5;
export const SEND_RATE_RANGE = { min: 1000, max: 1_000_000 } as const;
/** orchestrations/list answers at most 100 a call. */
export const ORCHESTRATIONS_PAGE = 100;

export class ProjectCampaignError extends Error {}

export interface ProjectCampaignInput {
	name?: string;
	state?: string;
	when?: PushTime;
	targeting?: { languages?: string[]; regions?: string[]; query?: unknown };
	/** One message object, or an array holding exactly one. */
	message?: unknown;
	labels?: string[];
	sendRate?: number;
}

/**
 * The campaign body from the form's values. With `partial` (Update) only what is given is
 * sent; Create needs a name, a state, a time and the message, as Batch requires them.
 */
export function buildProjectCampaign(
	input: ProjectCampaignInput,
	partial = false,
	now = Date.now(),
): Record<string, unknown> {
	const body: Record<string, unknown> = {};
	if (input.name !== undefined) body.name = input.name.trim();
	if (input.state !== undefined) body.state = input.state;
	if (input.when !== undefined) body.when = whenFields(input.when, now);
	const targeting: Record<string, unknown> = {};
	if (input.targeting?.languages?.length) targeting.languages = input.targeting.languages;
	if (input.targeting?.regions?.length) targeting.regions = input.targeting.regions;
	const query = input.targeting?.query;
	if (query !== undefined && !(isObject(query) && Object.keys(query).length === 0))
		targeting.query = query;
	if (Object.keys(targeting).length) body.targeting = targeting;
	if (input.message !== undefined)
		body.messages = Array.isArray(input.message) ? input.message : [input.message];
	if (input.labels?.length) body.labels = input.labels;
	if (input.sendRate !== undefined) body.send_rate = input.sendRate;
	return checkProjectCampaign(body, partial, now);
}

/** `when` for a time: "now", or an instant as `yyyy-MM-ddTHH:mm:ssZ` with `local_time` saying whose clock. */
function whenFields(when: PushTime, now: number): Record<string, unknown> {
	if (when.kind === 'now') return { start_time: 'now', local_time: false };
	return {
		start_time: `${formatPushTime(when.kind, when.dateTime, now)}Z`,
		local_time: when.kind === 'local',
	};
}

const START_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Checks a campaign body (built by the form or given as JSON) against what Batch documents,
 * before anything is sent; fields Batch documents beyond these pass through untouched.
 */
export function checkProjectCampaign(
	body: Record<string, unknown>,
	partial = false,
	now = Date.now(),
): Record<string, unknown> {
	if (!partial)
		for (const field of ['name', 'state', 'when', 'messages'])
			if (body[field] === undefined)
				throw new ProjectCampaignError(`The campaign has no "${field}", which Batch requires`);
	if (partial && Object.keys(body).length === 0)
		throw new ProjectCampaignError('There is nothing to update: give at least one field');
	if (body.name !== undefined && (typeof body.name !== 'string' || body.name.trim() === ''))
		throw new ProjectCampaignError('The campaign name is empty');
	if (
		body.state !== undefined &&
		!(PROJECT_CAMPAIGN_STATES as readonly unknown[]).includes(body.state)
	)
		throw new ProjectCampaignError(
			`The state "${String(body.state)}" is not one of ${PROJECT_CAMPAIGN_STATES.join(', ')}`,
		);
	if (body.when !== undefined) checkWhen(body.when, now);
	if (body.targeting !== undefined) checkTargeting(body.targeting);
	if (body.messages !== undefined) checkMessages(body.messages);
	if (body.labels !== undefined) checkLabels(body.labels);
	if (body.send_rate !== undefined) {
		const rate = body.send_rate;
		if (
			typeof rate !== 'number' ||
			!Number.isInteger(rate) ||
			rate < SEND_RATE_RANGE.min ||
			rate > SEND_RATE_RANGE.max
		)
			throw new ProjectCampaignError(
				`The send rate ${String(rate)} is not a whole number of messages a minute from 1,000 to 1,000,000`,
			);
	}
	return body;
}

function checkWhen(when: unknown, now: number) {
	if (!isObject(when)) throw new ProjectCampaignError('"when" must be an object');
	const start = when.start_time;
	if (when.local_time !== undefined && typeof when.local_time !== 'boolean')
		throw new ProjectCampaignError('"when.local_time" must be true or false');
	if (start === 'now') return;
	if (typeof start !== 'string' || !START_TIME.test(start) || Number.isNaN(Date.parse(start)))
		throw new ProjectCampaignError(
			`"when.start_time" must be "now" or a date and time such as 2030-01-24T10:22:00Z, not ${JSON.stringify(start)}`,
		);
	// A local time has passed everywhere only once it has passed in the last time zone (UTC−12).
	const latest = Date.parse(start) + (when.local_time === true ? 12 * 3_600_000 : 0);
	if (latest < now)
		throw new ProjectCampaignError(
			`The start time ${start} is in the past; give a future time, or start now`,
		);
}

function checkTargeting(targeting: unknown) {
	if (!isObject(targeting)) throw new ProjectCampaignError('"targeting" must be an object');
	for (const list of ['languages', 'regions'])
		if (
			targeting[list] !== undefined &&
			!(
				Array.isArray(targeting[list]) &&
				(targeting[list] as unknown[]).every((code) => typeof code === 'string' && code !== '')
			)
		)
			throw new ProjectCampaignError(`"targeting.${list}" must be a list of codes`);
	if (targeting.query !== undefined && !isObject(targeting.query))
		throw new ProjectCampaignError('"targeting.query" must be a JSON object of Batch\'s query');
}

function checkMessages(messages: unknown) {
	if (!Array.isArray(messages) || messages.length !== 1)
		throw new ProjectCampaignError(
			'"messages" must hold exactly one message: Batch allows one kind of message a campaign',
		);
	const [message] = messages as unknown[];
	if (!isObject(message)) throw new ProjectCampaignError('The message must be a JSON object');
	if (typeof message.channel_type !== 'string' || message.channel_type.trim() === '')
		throw new ProjectCampaignError(
			'The message has no "channel_type" (such as "push" or "email"), which tells Batch what it is',
		);
}

function checkLabels(labels: unknown) {
	if (!Array.isArray(labels) || !labels.every((label) => typeof label === 'string' && label))
		throw new ProjectCampaignError('"labels" must be a list of label names');
	if (labels.length > MAX_PROJECT_CAMPAIGN_LABELS)
		throw new ProjectCampaignError(
			`${labels.length} labels were given; Batch allows at most ${MAX_PROJECT_CAMPAIGN_LABELS} a campaign`,
		);
}

/** An orchestration id as Create returned it (`orchestration_…`). */
export function checkOrchestrationId(value: unknown): string {
	const id = value === undefined || value === null ? '' : String(value).trim();
	if (!id) throw new ProjectCampaignError('The campaign ID is empty');
	if (!/^[A-Za-z0-9_-]+$/.test(id))
		throw new ProjectCampaignError(
			`The campaign ID "${id}" has characters a Batch orchestration ID never has`,
		);
	return id;
}

/** A stats day as orchestrations/stats wants it (yyyy-MM-dd), from a date or a date-time. */
function statsDay(value: unknown, what: string): string {
	const text =
		value instanceof Date ? value.toISOString() : typeof value === 'string' ? value.trim() : '';
	const day = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/.exec(text)?.[1];
	if (!day || Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || !sameDay(day))
		throw new ProjectCampaignError(`${what} "${text}" is not a date such as 2030-01-24`);
	return day;
}

function sameDay(day: string): boolean {
	return new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;
}

/** The stats window: from ≤ to, and from no earlier than six months ago, as Batch documents. */
export function statsWindow(
	from: unknown,
	to: unknown,
	now = Date.now(),
): { from: string; to: string } {
	const window = { from: statsDay(from, 'From'), to: statsDay(to, 'To') };
	if (window.from > window.to)
		throw new ProjectCampaignError(`From ${window.from} is after To ${window.to}`);
	const earliest = new Date(now);
	earliest.setUTCMonth(earliest.getUTCMonth() - 6);
	const earliestDay = earliest.toISOString().slice(0, 10);
	if (window.from < earliestDay)
		throw new ProjectCampaignError(
			`From ${window.from} is more than six months ago; Batch keeps statistics from ${earliestDay} on`,
		);
	return window;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}
