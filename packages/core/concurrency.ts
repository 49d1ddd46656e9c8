import type { IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

/**
 * How many requests a bulk send keeps in flight, and when it may start one.
 *
 * No service publishes how many requests it takes at once, so by default the number adapts
 * (`Pace`): it starts at a safe level and doubles each round trip while every answer comes back
 * unthrottled and the level was in use. When the service throttles (429, 503, or a 403 with
 * Retry-After) it halves at once (lower still when the throttled request met fewer in flight),
 * and it knows a ceiling: the level that was throttled. It then grows by one per round trip up
 * to just under that, and tries one above only after a calm of PROBE_PAUSES times the last pause
 * (at least PROBE_AFTER_MS), so that looking for more costs a few percent of the time; a trial
 * that is throttled goes back to the level before it instead of halving. A throttle also
 * pauses every request to that service until the time the service gave: none starts, and none
 * is retried, before it.
 *
 * What a run learned (the level, the ceiling and the pause) is kept for the next run in this
 * n8n process that sends with the same credential, for REMEMBER_MS: a workflow that sends again
 * a minute later starts where the last run ended and honours a pause the service asked for.
 */

export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

export const realClock: Clock = { now: () => Date.now(), sleep };

export interface ConcurrencySetting {
	/** Requests in flight, fixed; undefined adapts. */
	fixed?: number;
	/** Where an adaptive run starts when no earlier run taught it anything. */
	start: number;
	/** The most an adaptive run ever keeps in flight. */
	max: number;
}

/** How a run went, for n8n's execution data (see bulkSend's reportPace). */
export interface PaceReport {
	mode: 'adaptive' | 'fixed';
	start: number;
	peak: number;
	final: number;
	/** Attempts the service answered. */
	attempts: number;
	/** Of those, the ones it throttled. */
	throttled: number;
	/** Time in all during which the service asked for no new request. */
	pausedMs: number;
}

/** A request in flight: when it started (after which drop, at which level, with how many in flight, itself included). */
export interface Ticket {
	epoch: number;
	limit: number;
	inFlight: number;
}

interface Learned {
	level: number;
	ceiling?: number;
	probeAt: number;
	pausedUntil: number;
	at: number;
}

export const REMEMBER_MS = 15 * 60_000;
/** The shortest calm under the ceiling before one request more than it is tried. */
export const PROBE_AFTER_MS = 30_000;
/** That calm is also at least this many times the last pause, so that probing costs a few percent at most. */
export const PROBE_PAUSES = 30;

const learned = new Map<string, Learned>();

/** Forgets what earlier runs learned (tests). */
export function forgetPaces(): void {
	learned.clear();
}

export class Pace {
	private level: number;
	private ceiling: number | undefined;
	private epoch = 0;
	private inFlight = 0;
	/** When the ceiling may be tried again. */
	private probeAt = 0;
	/** The level is one above what the service last allowed, on trial. */
	private probing = false;
	private readonly shared: Learned;
	private readonly waiting: Array<() => void> = [];
	private wakeAt = 0;
	private readonly counts = { attempts: 0, throttled: 0, pausedMs: 0, peak: 0 };
	private readonly startLevel: number;

	private readonly now: () => number;

	constructor(
		key: string,
		private readonly setting: ConcurrencySetting,
		private readonly clock: Clock = realClock,
	) {
		this.now = () => clock.now();
		const known = learned.get(key);
		const fresh = known && this.now() - known.at < REMEMBER_MS ? known : undefined;
		this.shared = fresh ?? { level: setting.start, probeAt: 0, pausedUntil: 0, at: this.now() };
		learned.set(key, this.shared);
		this.level = Math.min(setting.max, Math.max(1, fresh ? fresh.level : setting.start));
		this.ceiling = fresh?.ceiling;
		this.probeAt = fresh?.probeAt ?? 0;
		this.startLevel = this.limit;
	}

	/** Requests that may be in flight now. */
	get limit(): number {
		return this.setting.fixed ?? Math.max(1, Math.floor(this.level));
	}

	/** Milliseconds until the service allows new requests. */
	pausedFor(): number {
		return Math.max(0, this.shared.pausedUntil - this.now());
	}

	/** When the service's pause ends (ms since epoch; in the past when there is none). */
	pausedUntil(): number {
		return this.shared.pausedUntil;
	}

	/**
	 * Waits until the service allows a request and one more may be in flight, then counts it in;
	 * 'paused' at once when the service asked for a pause longer than `maxWaitMs`.
	 */
	async enter(maxWaitMs = Number.POSITIVE_INFINITY): Promise<Ticket | 'paused'> {
		while (this.pausedFor() > 0 || this.inFlight >= this.limit) {
			if (this.pausedFor() > maxWaitMs) return 'paused';
			await new Promise<void>((resolve) => {
				this.waiting.push(resolve);
				this.wakeLater();
			});
		}
		this.inFlight++;
		this.counts.peak = Math.max(this.counts.peak, this.inFlight);
		return { epoch: this.epoch, limit: this.limit, inFlight: this.inFlight };
	}

	/**
	 * The request of `ticket` got an answer: throttled (then `throttledForMs` is the time the
	 * service gave, or the policy's backoff when it gave none) or not; `undefined` for no answer.
	 */
	leave(ticket: Ticket, answer: { throttledForMs?: number } | undefined): void {
		// How many were in flight with it: at least as many as when it started, and as many as now
		// (requests that started after it can reach the service first).
		const met = Math.max(ticket.inFlight, this.inFlight);
		this.inFlight--;
		if (answer) {
			this.counts.attempts++;
			if (answer.throttledForMs === undefined) this.grow(ticket);
			else this.shrink(ticket, met, answer.throttledForMs);
			this.remember();
		}
		this.wake();
	}

	report(): PaceReport {
		return {
			mode: this.setting.fixed === undefined ? 'adaptive' : 'fixed',
			start: this.startLevel,
			peak: this.counts.peak,
			final: this.limit,
			attempts: this.counts.attempts,
			throttled: this.counts.throttled,
			pausedMs: this.counts.pausedMs,
		};
	}

	private grow(ticket: Ticket): void {
		// Only a level in use (at least half of it in flight) since the last drop says anything about a higher one.
		if (
			this.setting.fixed !== undefined ||
			ticket.epoch !== this.epoch ||
			ticket.inFlight * 2 < ticket.limit
		)
			return;
		const { max } = this.setting;
		if (this.ceiling === undefined) {
			this.level = Math.min(max, this.level + 1);
		} else if (this.level + 1 < this.ceiling) {
			this.level = Math.min(max, this.ceiling - 1, this.level + 1 / this.limit);
		} else if (this.now() >= this.probeAt) {
			this.ceiling++;
			this.level = Math.min(max, this.ceiling - 1);
			this.probeAt = this.now() + PROBE_AFTER_MS;
			this.probing = true;
		}
	}

	private shrink(ticket: Ticket, met: number, throttledForMs: number): void {
		this.counts.throttled++;
		const until = this.now() + throttledForMs;
		if (until > this.shared.pausedUntil) {
			this.counts.pausedMs += until - Math.max(this.now(), this.shared.pausedUntil);
			this.shared.pausedUntil = until;
		}
		// Requests that started before the last drop met the old level: they say nothing new.
		if (this.setting.fixed !== undefined || ticket.epoch !== this.epoch) return;
		this.epoch++;
		// A failed trial of one more goes back to what was allowed; anything else halves.
		const trial = this.probing && this.ceiling !== undefined && met >= this.ceiling - 1;
		this.probing = false;
		this.ceiling = met;
		this.level = Math.max(1, trial ? met - 1 : Math.min(met - 1, Math.ceil(this.limit / 2)));
		this.probeAt = this.now() + Math.max(PROBE_AFTER_MS, PROBE_PAUSES * throttledForMs);
	}

	private remember(): void {
		if (this.setting.fixed !== undefined) return;
		this.shared.level = this.level;
		this.shared.ceiling = this.ceiling;
		this.shared.probeAt = this.probeAt;
		this.shared.at = this.now();
	}

	/** Lets waiting requests re-check, in the order they came. */
	private wake(): void {
		for (const resolve of this.waiting.splice(0)) resolve();
	}

	/** Wakes the waiting requests when the pause ends (one timer at a time). */
	private wakeLater(): void {
		const ms = this.pausedFor();
		if (ms === 0 || this.wakeAt >= this.shared.pausedUntil) return;
		this.wakeAt = this.shared.pausedUntil;
		void this.clock.sleep(ms).then(() => {
			this.wakeAt = 0;
			this.wake();
		});
	}
}

/**
 * Runs `worker` over `tasks`, at most `limit()` at once (read again whenever a task ends).
 * Tasks added while the pool runs (the halves of a request split after a 413) go through the
 * same pool. When `shouldStop` turns true no new task starts; the running ones finish.
 */
export async function runPool<T>(
	tasks: T[],
	limit: () => number,
	worker: (task: T, enqueue: (more: T[]) => void) => Promise<void>,
	shouldStop: () => boolean = () => false,
): Promise<void> {
	const queue = [...tasks];
	let next = 0;
	let running = 0;
	await new Promise<void>((resolve, reject) => {
		let failed = false;
		const pump = () => {
			while (!failed && running < Math.max(1, limit()) && next < queue.length && !shouldStop()) {
				const task = queue[next++];
				running++;
				worker(task, enqueue).then(
					() => {
						running--;
						pump();
					},
					(error: unknown) => {
						running--;
						failed = true;
						reject(error);
					},
				);
			}
			if (!failed && running === 0 && (next >= queue.length || shouldStop())) resolve();
		};
		const enqueue = (more: T[]) => {
			queue.push(...more);
			pump();
		};
		pump();
	});
}

/** What a pace is kept under: the node's credential (one account, hub or project), never its secrets. */
export function paceKeyOf(ctx: IExecuteFunctions): string {
	const node = ctx.getNode();
	const [type, credential] = Object.entries(node.credentials ?? {})[0] ?? [node.type, undefined];
	return `${type}:${credential?.id ?? credential?.name ?? ''}`;
}

/**
 * Puts how the run went into the execution's custom data (Executions → the execution → its
 * custom data), one entry per node, instead of a field on every output item: the items stay
 * what they were, and a run that stopped with an error still has it.
 */
export function reportPace(ctx: IExecuteFunctions, report: PaceReport): void {
	if (report.attempts === 0) return;
	const key = `concurrency_${ctx.getNode().name.replace(/[^\p{L}\p{N}\p{M}_]+/gu, '_')}`.slice(
		0,
		50,
	);
	const levels =
		report.mode === 'fixed'
			? `fixed at ${report.final}`
			: `adaptive: started at ${report.start}, peak ${report.peak} in flight, ended at ${report.final}`;
	const throttled = `${report.throttled} of ${report.attempts} answers throttled${report.pausedMs ? `, paused ${(report.pausedMs / 1000).toFixed(1)} s` : ''}`;
	try {
		ctx.customData.set(key, `${levels}; ${throttled}`);
	} catch {
		// No execution data to write to (a context without one): the report is only informative.
	}
}
