import { sleep } from 'n8n-workflow';

import type { Pace } from './concurrency';

/**
 * When to try a request again. The rule: retry only where the service says it did not act
 * (429, 503, 403 with Retry-After), or where no answer came back at all (a dropped
 * connection) or the service broke (5xx); split on 413; everything else is final.
 */

export interface HttpResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

export interface RetryPolicy {
	/** Attempts in all, the first included. */
	maxAttempts: number;
	/** First backoff delay; doubles each attempt. */
	baseDelayMs: number;
	/** The longest wait: a computed backoff stops there, and a longer Retry-After ends the request instead of being cut short. */
	maxDelayMs: number;
	/** A service's own word that a response must not be retried (SFMC's 429 errorcode 50200). */
	isFinal?: (response: HttpResponse) => boolean;
	/** The least wait after a throttle that names no Retry-After, where the service documents one (Batch's project API: 5 s). */
	throttleWaitMs?: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 5,
	baseDelayMs: 1000,
	maxDelayMs: 60_000,
};

export type RetryDecision = (
	| { action: 'done' }
	| { action: 'retry'; delayMs: number; reason: string }
	| { action: 'split' }
	| { action: 'fail'; reason: string }
) & {
	/** Set when the service throttled (429, 503, 403 with Retry-After): how long it asked for no request. */
	throttledForMs?: number;
};

/** Reads `Retry-After` in seconds or as an HTTP-date; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' && typeof text !== 'number') return undefined;
	const trimmed = String(text).trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

export function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const key of Object.keys(headers)) {
		if (key.toLowerCase() === wanted) {
			const value = headers[key];
			if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
			return value === undefined || value === null ? undefined : String(value);
		}
	}
	return undefined;
}

function backoff(attempt: number, policy: RetryPolicy): number {
	return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
}

/**
 * What to do after attempt number `attempt` (1-based) produced `outcome`: a response, or
 * `'connection'` when the request got no response.
 */
export function decideRetry(
	outcome: HttpResponse | 'connection',
	attempt: number,
	policy: RetryPolicy,
	canSplit: boolean,
	now: number = Date.now(),
): RetryDecision {
	const exhausted = attempt >= policy.maxAttempts;
	if (outcome === 'connection') {
		return exhausted
			? { action: 'fail', reason: `no response after ${attempt} attempts` }
			: { action: 'retry', delayMs: backoff(attempt, policy), reason: 'no response' };
	}
	const status = outcome.statusCode;
	if (status >= 200 && status < 300) return { action: 'done' };
	if (policy.isFinal?.(outcome))
		return { action: 'fail', reason: `status ${status}, not to be retried` };
	if (status === 413)
		return canSplit ? { action: 'split' } : { action: 'fail', reason: 'request too large' };
	const told = parseRetryAfter(headerValue(outcome.headers, 'retry-after'), now);
	const throttled = status === 429 || status === 503 || (status === 403 && told !== undefined);
	const retryable = throttled || status === 408 || status >= 500;
	if (!retryable) return { action: 'fail', reason: `status ${status}` };
	// Never earlier than the service said: a wait longer than the policy allows ends the request.
	if (told !== undefined && told > policy.maxDelayMs) {
		return {
			action: 'fail',
			reason: `status ${status}, asked to wait ${Math.ceil(told / 1000)} s`,
			...(throttled ? { throttledForMs: told } : {}),
		};
	}
	const delayMs =
		told ??
		(throttled
			? Math.max(backoff(attempt, policy), policy.throttleWaitMs ?? 0)
			: backoff(attempt, policy));
	const throttle = throttled ? { throttledForMs: delayMs } : {};
	if (exhausted)
		return { action: 'fail', reason: `status ${status} after ${attempt} attempts`, ...throttle };
	return { action: 'retry', delayMs, reason: `status ${status}`, ...throttle };
}

export interface AttemptLog {
	attempts: number;
	waitedMs: number;
}

export type SendOutcome =
	| { kind: 'response'; response: HttpResponse; log: AttemptLog }
	| { kind: 'split'; log: AttemptLog }
	| { kind: 'connection'; error: Error; log: AttemptLog }
	/** Not sent: the service asked for no requests until `until` (ms since epoch), longer than the policy waits. */
	| { kind: 'paused'; until: number; log: AttemptLog };

/**
 * Runs `attempt` until it succeeds, the policy gives up, or the service asks for a smaller
 * request. `attempt` resolves with the response for any status and rejects only when no
 * response arrived. The last response (or error) is returned for the caller to report.
 */
export async function sendWithRetry(
	attempt: () => Promise<HttpResponse>,
	policy: RetryPolicy,
	canSplit: boolean,
	wait: (ms: number) => Promise<void> = sleep,
	pace?: Pace,
): Promise<SendOutcome> {
	const log: AttemptLog = { attempts: 0, waitedMs: 0 };
	for (;;) {
		log.attempts++;
		let outcome: HttpResponse | 'connection';
		let error: Error | undefined;
		// Every attempt, a retry included, waits for the service's pause and a free place in flight.
		const ticket = await pace?.enter(policy.maxDelayMs);
		if (ticket === 'paused') return { kind: 'paused', until: (pace as Pace).pausedUntil(), log };
		try {
			outcome = await attempt();
		} catch (caught) {
			error = caught as Error;
			outcome = 'connection';
		}
		const decision = decideRetry(outcome, log.attempts, policy, canSplit);
		if (pace && ticket)
			pace.leave(
				ticket,
				outcome === 'connection' ? undefined : { throttledForMs: decision.throttledForMs },
			);
		if (decision.action === 'retry') {
			log.waitedMs += decision.delayMs;
			await wait(decision.delayMs);
			continue;
		}
		if (decision.action === 'split') return { kind: 'split', log };
		if (outcome === 'connection') return { kind: 'connection', error: error as Error, log };
		return { kind: 'response', response: outcome, log };
	}
}
