import {
	decideRetry,
	parseRetryAfter,
	sendWithRetry,
	type HttpResponse,
	type RetryPolicy,
} from '../../../packages/core/retry';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };
const response = (statusCode: number, headers: Record<string, string> = {}): HttpResponse => ({
	statusCode,
	headers,
	body: '',
});

describe('parseRetryAfter', () => {
	it('reads seconds', () => expect(parseRetryAfter('2')).toBe(2000));
	it('reads an HTTP-date relative to now', () => {
		const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
		expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:03 GMT', now)).toBe(3000);
	});
	it('treats a date in the past as no wait', () => {
		expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('2026-01-01'))).toBe(0);
	});
	it('ignores what it cannot read', () => {
		expect(parseRetryAfter('soon')).toBeUndefined();
		expect(parseRetryAfter(undefined)).toBeUndefined();
	});
});

describe('decideRetry', () => {
	it('accepts any 2xx', () =>
		expect(decideRetry(response(201), 1, policy, true)).toEqual({ action: 'done' }));

	it('waits as told on 429 with Retry-After', () => {
		expect(decideRetry(response(429, { 'Retry-After': '1' }), 1, policy, true)).toMatchObject({
			action: 'retry',
			delayMs: 1000,
		});
	});

	it('retries 403 only when the service sends Retry-After (Azure quota throttling)', () => {
		expect(decideRetry(response(403, { 'retry-after': '0.5' }), 1, policy, true)).toMatchObject({
			action: 'retry',
			delayMs: 500,
		});
		expect(decideRetry(response(403), 1, policy, true)).toMatchObject({ action: 'fail' });
	});

	it('marks throttles (429, 503, 403 with Retry-After) with the wait they ask for, so the whole run pauses, and nothing else', () => {
		expect(
			decideRetry(response(429, { 'Retry-After': '0.8' }), 1, policy, true).throttledForMs,
		).toBe(800);
		expect(decideRetry(response(503), 1, policy, true).throttledForMs).toBe(100);
		expect(
			decideRetry(response(403, { 'Retry-After': '0.5' }), 1, policy, true).throttledForMs,
		).toBe(500);
		// Still a throttle when the attempts have run out: the run pauses although this request fails.
		expect(decideRetry(response(429, { 'Retry-After': '1' }), 4, policy, true)).toMatchObject({
			action: 'fail',
			throttledForMs: 1000,
		});
		for (const other of [response(500), response(403), response(400), response(201)])
			expect(decideRetry(other, 1, policy, true).throttledForMs).toBeUndefined();
	});

	it('backs off exponentially on 503 and 5xx without Retry-After, capped', () => {
		expect(decideRetry(response(503), 1, policy, true)).toMatchObject({
			action: 'retry',
			delayMs: 100,
		});
		expect(decideRetry(response(500), 3, policy, true)).toMatchObject({
			action: 'retry',
			delayMs: 400,
		});
		expect(decideRetry(response(502), 3, { ...policy, maxDelayMs: 250 }, true)).toMatchObject({
			action: 'retry',
			delayMs: 250,
		});
	});

	it('waits at least the documented throttle wait after a 429 or 503 without Retry-After, and only then', () => {
		const batch = { ...policy, maxDelayMs: 60_000, throttleWaitMs: 5000 };
		expect(decideRetry(response(429), 1, batch, true)).toMatchObject({
			action: 'retry',
			delayMs: 5000,
			throttledForMs: 5000,
		});
		expect(decideRetry(response(503), 1, batch, true)).toMatchObject({ delayMs: 5000 });
		// The backoff past the floor still grows; a told wait is kept as told; a 500 is no throttle.
		expect(
			decideRetry(response(429), 4, { ...batch, baseDelayMs: 1000, maxAttempts: 5 }, true),
		).toMatchObject({
			action: 'retry',
			delayMs: 8000,
		});
		expect(decideRetry(response(429, { 'Retry-After': '1' }), 1, batch, true)).toMatchObject({
			delayMs: 1000,
		});
		expect(decideRetry(response(500), 1, batch, true)).toMatchObject({ delayMs: 100 });
	});

	it('never retries earlier than told: a wait longer than the policy allows ends the request, and the run pauses for all of it', () => {
		expect(decideRetry(response(429, { 'retry-after': '3600' }), 1, policy, true)).toEqual({
			action: 'fail',
			reason: 'status 429, asked to wait 3600 s',
			throttledForMs: 3_600_000,
		});
		expect(decideRetry(response(500, { 'retry-after': '5' }), 1, policy, true)).toMatchObject({
			action: 'fail',
			reason: 'status 500, asked to wait 5 s',
		});
		// A computed backoff still stops at the maximum.
		expect(decideRetry(response(503), 9, { ...policy, maxAttempts: 10 }, true)).toMatchObject({
			action: 'retry',
			delayMs: 1000,
		});
	});

	it('gives up after the maximum number of attempts', () => {
		expect(decideRetry(response(503), 4, policy, true)).toMatchObject({
			action: 'fail',
			reason: 'status 503 after 4 attempts',
		});
		expect(decideRetry('connection', 4, policy, true)).toMatchObject({ action: 'fail' });
	});

	it('retries a request that got no response', () => {
		expect(decideRetry('connection', 1, policy, true)).toMatchObject({
			action: 'retry',
			delayMs: 100,
		});
	});

	it('splits on 413 when the request can be split, fails otherwise', () => {
		expect(decideRetry(response(413), 1, policy, true)).toEqual({ action: 'split' });
		expect(decideRetry(response(413), 1, policy, false)).toMatchObject({ action: 'fail' });
	});

	it('does not retry what the service marks as final', () => {
		const blocked = { ...policy, isFinal: (r: HttpResponse) => r.body === 'blocked' };
		expect(
			decideRetry({ statusCode: 429, headers: {}, body: 'blocked' }, 1, blocked, true),
		).toMatchObject({ action: 'fail' });
		expect(
			decideRetry({ statusCode: 429, headers: {}, body: 'busy' }, 1, blocked, true),
		).toMatchObject({ action: 'retry' });
	});

	it('never retries 400, 401, 404', () => {
		for (const status of [400, 401, 404])
			expect(decideRetry(response(status), 1, policy, true)).toMatchObject({ action: 'fail' });
	});
});

describe('sendWithRetry', () => {
	it('waits the told time between attempts and returns the final response', async () => {
		const answers = [response(429, { 'retry-after': '0.8' }), response(503), response(200)];
		const waits: number[] = [];
		const outcome = await sendWithRetry(
			async () => answers.shift() as HttpResponse,
			policy,
			true,
			async (ms) => {
				waits.push(ms);
			},
		);
		expect(waits).toEqual([800, 200]);
		expect(outcome).toMatchObject({
			kind: 'response',
			response: { statusCode: 200 },
			log: { attempts: 3, waitedMs: 1000 },
		});
	});

	it('reports a connection failure once attempts run out', async () => {
		let calls = 0;
		const outcome = await sendWithRetry(
			async () => {
				calls++;
				throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
			},
			policy,
			true,
			async () => undefined,
		);
		expect(calls).toBe(4);
		expect(outcome).toMatchObject({ kind: 'connection', log: { attempts: 4 } });
	});

	it('returns a final 4xx at once, without waiting', async () => {
		const wait = jest.fn(async () => undefined);
		const outcome = await sendWithRetry(async () => response(400), policy, true, wait);
		expect(wait).not.toHaveBeenCalled();
		expect(outcome).toMatchObject({
			kind: 'response',
			response: { statusCode: 400 },
			log: { attempts: 1 },
		});
	});
});
