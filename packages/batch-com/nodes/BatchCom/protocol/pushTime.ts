/**
 * Batch's push times: `"now"`, or `yyyy-MM-ddTHH:mm:ss` (no zone, no fraction). A UTC time is
 * sent as `push_time`; a time in each user's own time zone as `local_push_time`.
 */
export type PushTime =
	| { kind: 'now' }
	| { kind: 'utc'; dateTime: string }
	| { kind: 'local'; dateTime: string };

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?$/;
const WITH_ZONE = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?)(Z|[+-]\d{2}:?\d{2})$/i;

export class PushTimeError extends Error {}

/**
 * Reads what the date field or an expression produced into Batch's format. For a UTC time a
 * zone offset is converted to UTC and no offset means UTC; a local time is the wall clock as
 * written, so an offset there is refused (it would mean one instant, not one hour everywhere).
 * A time already past is refused: a UTC time before `now`, a local time once it has passed in
 * every time zone (the last one is UTC−12).
 */
export function formatPushTime(kind: 'utc' | 'local', value: unknown, now = Date.now()): string {
	const formatted = readPushTime(kind, value);
	const instant = Date.parse(`${formatted}Z`) + (kind === 'local' ? 12 * 3_600_000 : 0);
	if (instant < now) {
		throw new PushTimeError(
			kind === 'utc'
				? `The push time ${formatted} (UTC) is in the past; give a future time, or Send: Now`
				: `The local push time ${formatted} has passed in every time zone; give a future time, or Send: Now`,
		);
	}
	return formatted;
}

function readPushTime(kind: 'utc' | 'local', value: unknown): string {
	const text =
		typeof value === 'string' ? value.trim() : value instanceof Date ? value.toISOString() : '';
	if (!text) throw new PushTimeError('The push time is empty');
	const zoned = WITH_ZONE.exec(text);
	if (zoned) {
		if (kind === 'local') {
			if (/^Z$/i.test(zoned[2])) return wallClock(zoned[1], text);
			throw new PushTimeError(
				`The local push time "${text}" has a time zone offset; a local time is the hour in each user's own time zone, so give it without an offset`,
			);
		}
		const instant = new Date(text.replace(' ', 'T'));
		if (Number.isNaN(instant.getTime()) || !wallClockValid(zoned[1]))
			throw new PushTimeError(`The push time "${text}" is not a valid date and time`);
		return instant.toISOString().slice(0, 19);
	}
	return wallClock(text, text);
}

function wallClock(value: string, original: string): string {
	const match = WALL_CLOCK.exec(value);
	if (!match || !wallClockValid(value)) {
		throw new PushTimeError(
			`The push time "${original}" is not a valid date and time; use the form 2025-06-01T09:30:00`,
		);
	}
	const [, y, mo, d, h, mi, s = '00'] = match;
	return `${y}-${mo}-${d}T${h}:${mi}:${s}`;
}

function wallClockValid(value: string): boolean {
	const match = WALL_CLOCK.exec(value);
	if (!match) return false;
	const [y, mo, d, h, mi, s] = match
		.slice(1)
		.map((part) => (part === undefined ? 0 : Number(part)));
	if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
	const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
	return d <= days;
}

/** The body fields for a push time: exactly one of `push_time` and `local_push_time`. */
export function pushTimeFields(
	time: PushTime,
	now = Date.now(),
): { push_time: string } | { local_push_time: string } {
	if (time.kind === 'now') return { push_time: 'now' };
	if (time.kind === 'utc') return { push_time: formatPushTime('utc', time.dateTime, now) };
	return { local_push_time: formatPushTime('local', time.dateTime, now) };
}
