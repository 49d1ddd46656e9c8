import { sleep } from 'n8n-workflow';

import { concurrencyOf } from '../../../packages/core/bulkOptions';
import { Pace, REMEMBER_MS, runPool, type Ticket } from '../../../packages/core/concurrency';
import { manualClock } from '../../helpers/clock';

describe('runPool', () => {
	it('never runs more than the limit at once, and runs every task once', async () => {
		let running = 0;
		let peak = 0;
		const done: number[] = [];
		await runPool(
			Array.from({ length: 20 }, (_, i) => i),
			() => 3,
			async (task) => {
				running++;
				peak = Math.max(peak, running);
				await sleep(2);
				done.push(task);
				running--;
			},
		);
		expect(peak).toBe(3);
		expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
	});

	it('runs tasks added while it runs (the halves of a split request) through the same pool', async () => {
		const done: string[] = [];
		await runPool(
			['a', 'b'],
			() => 2,
			async (task, enqueue) => {
				if (task === 'a') enqueue(['a1', 'a2']);
				await sleep(1);
				done.push(task);
			},
		);
		expect(done.sort()).toEqual(['a', 'a1', 'a2', 'b']);
	});

	it('starts no new task once told to stop; running ones finish', async () => {
		const started: number[] = [];
		let stop = false;
		await runPool(
			[1, 2, 3, 4, 5],
			() => 1,
			async (task) => {
				started.push(task);
				if (task === 2) stop = true;
			},
			() => stop,
		);
		expect(started).toEqual([1, 2]);
	});

	it('rejects with a task’s error', async () => {
		await expect(
			runPool(
				[1, 2],
				() => 2,
				async (task) => {
					if (task === 2) throw new Error('boom');
				},
			),
		).rejects.toThrow('boom');
	});
});

describe('Pace (adaptive concurrency)', () => {
	const adaptive = { start: 4, max: 32 };
	/** A pool with more work than places: every answer makes room for the next request at once. */
	const pool = (pace: Pace) => {
		const flight: Ticket[] = [];
		const fill = async () => {
			while (flight.length < pace.limit) flight.push((await pace.enter()) as Ticket);
		};
		return {
			flight,
			fill,
			/** The oldest `count` requests answered unthrottled, the pool refilled after each. */
			async calm(count: number) {
				await fill();
				for (let i = 0; i < count; i++) {
					pace.leave(flight.shift() as Ticket, {});
					await fill();
				}
			},
		};
	};

	it('starts at the safe level and doubles each round trip while the level is in use and nothing is throttled', async () => {
		const pace = new Pace('grow', adaptive, manualClock());
		expect(pace.limit).toBe(4);
		const busy = pool(pace);
		await busy.fill();
		// A round trip: every request in flight answered once.
		await busy.calm(4);
		expect(pace.limit).toBeGreaterThanOrEqual(7);
		await busy.calm(pace.limit);
		expect(pace.limit).toBeGreaterThanOrEqual(14);
	});

	it('does not grow on answers to requests that did not use the level', async () => {
		const pace = new Pace('idle', adaptive, manualClock());
		for (let i = 0; i < 50; i++) pace.leave((await pace.enter()) as Ticket, {});
		expect(pace.limit).toBe(4);
	});

	it('never passes Max Concurrency', async () => {
		const pace = new Pace('cap', { start: 4, max: 10 }, manualClock());
		await pool(pace).calm(200);
		expect(pace.limit).toBe(10);
	});

	it('halves at once when throttled, once per drop, and lower when the throttled request met fewer in flight', async () => {
		const pace = new Pace('shrink', adaptive, manualClock());
		const busy = pool(pace);
		while (pace.limit < 16) await busy.calm(1);
		await busy.fill();
		expect(busy.flight).toHaveLength(16);
		pace.leave(busy.flight.pop() as Ticket, { throttledForMs: 0 });
		expect(pace.limit).toBe(8);
		// Requests that started before the drop met the old level: they do not drop it again.
		pace.leave(busy.flight.pop() as Ticket, { throttledForMs: 0 });
		expect(pace.limit).toBe(8);
		for (const ticket of busy.flight.splice(0)) pace.leave(ticket, {});

		await busy.fill();
		// The service now takes 2: with three left in flight, the third is refused.
		for (const ticket of busy.flight.splice(3)) pace.leave(ticket, {});
		pace.leave(busy.flight[2], { throttledForMs: 0 });
		expect(pace.limit).toBe(2);
		expect(pace.report()).toMatchObject({
			mode: 'adaptive',
			start: 4,
			peak: 16,
			final: 2,
			throttled: 3,
		});
	});

	it('counts a throttled request as meeting all that were in flight when it was answered, not only those before it', async () => {
		const pace = new Pace('met', adaptive, manualClock());
		// Four in flight; the second to start is answered first, throttled: the service saw the others too.
		const tickets = (await Promise.all(Array.from({ length: 4 }, () => pace.enter()))) as Ticket[];
		pace.leave(tickets[1], { throttledForMs: 0 });
		expect(pace.limit).toBe(2);
		for (const ticket of [tickets[0], tickets[2], tickets[3]]) pace.leave(ticket, {});
	});

	it('pauses every request until the time the service gave, retries included', async () => {
		const clock = manualClock();
		const pace = new Pace('pause', { fixed: 4, start: 4, max: 4 }, clock);
		const [first, second] = [(await pace.enter()) as Ticket, (await pace.enter()) as Ticket];
		pace.leave(first, { throttledForMs: 1000 });
		let entered = 0;
		const waiting = [pace.enter(), pace.enter()].map((p) =>
			p.then((ticket) => (entered++, ticket as Ticket)),
		);
		await clock.advance(999);
		expect(entered).toBe(0);
		expect(pace.pausedFor()).toBe(1);
		await clock.advance(1);
		expect(entered).toBe(2);
		pace.leave(second, {});
		for (const ticket of await Promise.all(waiting)) pace.leave(ticket, {});
		expect(pace.report().pausedMs).toBe(1000);
	});

	it('after a drop, grows one per round trip up to just under the throttled level, and tries it again only after a long calm', async () => {
		const clock = manualClock();
		const pace = new Pace('ceiling', adaptive, clock);
		const busy = pool(pace);
		while (pace.limit < 16) await busy.calm(1);
		await busy.fill();
		pace.leave(busy.flight.pop() as Ticket, { throttledForMs: 1000 });
		for (const ticket of busy.flight.splice(0)) pace.leave(ticket, {});
		await clock.advance(1000);
		expect(pace.limit).toBe(8);
		// About one more per round trip of 8 answers (the first round starts from an empty pool).
		await busy.calm(16);
		expect(pace.limit).toBe(9);
		// Throttled at 16 in flight: it climbs back to 15, and there it stays.
		await busy.calm(300);
		expect(pace.limit).toBe(15);
		// Thirty times the pause (30 s after it) it tries 16 again, not before.
		await clock.advance(28_000);
		await busy.calm(20);
		expect(pace.limit).toBe(15);
		await clock.advance(1_000);
		await busy.calm(1);
		expect(pace.limit).toBe(16);
		// The trial of 16 is throttled: back to 15, not half of it.
		await busy.fill();
		pace.leave(busy.flight.pop() as Ticket, { throttledForMs: 1000 });
		expect(pace.limit).toBe(15);
	});

	it('with a fixed concurrency, keeps it whatever the service answers, and still honours its pauses', async () => {
		const pace = new Pace('fixed', { fixed: 6, start: 4, max: 32 }, manualClock());
		const tickets = (await Promise.all(Array.from({ length: 6 }, () => pace.enter()))) as Ticket[];
		pace.leave(tickets[0], { throttledForMs: 500 });
		expect(pace.limit).toBe(6);
		expect(pace.pausedFor()).toBe(500);
		for (const ticket of tickets.slice(1)) pace.leave(ticket, {});
		expect(pace.report()).toMatchObject({ mode: 'fixed', final: 6, throttled: 1 });
	});

	it('starts the next run with the same credential where the last one ended, with its pause, for a while', async () => {
		const clock = manualClock();
		const first = new Pace('learned', adaptive, clock);
		const busy = pool(first);
		while (first.limit < 16) await busy.calm(1);
		await busy.fill();
		first.leave(busy.flight.pop() as Ticket, { throttledForMs: 2000 });
		for (const ticket of busy.flight.splice(0)) first.leave(ticket, {});

		const next = new Pace('learned', adaptive, clock);
		expect(next.limit).toBe(8);
		expect(next.pausedFor()).toBe(2000);
		expect(new Pace('another credential', adaptive, clock).limit).toBe(4);
		await clock.advance(REMEMBER_MS);
		expect(new Pace('learned', adaptive, clock).limit).toBe(4);
	});

	it('lets a waiting request in as soon as one in flight is answered', async () => {
		const pace = new Pace('queue', { fixed: 1, start: 1, max: 1 }, manualClock());
		const first = (await pace.enter()) as Ticket;
		let second: Ticket | undefined;
		void pace.enter().then((ticket) => (second = ticket as Ticket));
		await Promise.resolve();
		expect(second).toBeUndefined();
		pace.leave(first, {});
		await sleep(0);
		expect(second).toBeDefined();
	});
});

describe('the Concurrency options', () => {
	const limits = {
		maxBatchSize: 1000,
		recipients: 'device handles',
		serviceLimit: 'Azure allows 1,000',
		concurrency: 4,
		maxConcurrency: 32,
	};

	it('adapt by default (Concurrency 0, or not set), from the service’s start level up to Max Concurrency', () => {
		expect(concurrencyOf(0, 32, limits)).toEqual({ start: 4, max: 32 });
		expect(concurrencyOf(Number.NaN, Number.NaN, limits)).toEqual({ start: 4, max: 32 });
		expect(concurrencyOf(0, 3, limits)).toEqual({ start: 3, max: 3 });
	});

	it('keep a number that was set, as workflows from before the adaptive default did, within the service’s bounds', () => {
		expect(concurrencyOf(16, 32, limits)).toEqual({ fixed: 16, start: 4, max: 32 });
		expect(concurrencyOf(500, 32, limits)).toMatchObject({ fixed: 32 });
		expect(concurrencyOf(0, 500, limits)).toMatchObject({ max: 32 });
	});
});
