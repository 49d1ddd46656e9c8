import { sleep } from 'n8n-workflow';

import type { Clock } from '../../packages/core/concurrency';

/** A clock whose waits end at once and move its time on by what they waited. */
export function instantClock(start = 1_000_000): Clock {
	let now = start;
	return {
		now: () => now,
		sleep: async (ms: number) => {
			now += ms;
		},
	};
}

/** A clock that moves only when the test says so: waits end when `advance` passes their time. */
export function manualClock(start = 1_000_000) {
	let now = start;
	const timers: Array<{ at: number; resolve: () => void }> = [];
	return {
		now: () => now,
		sleep: (ms: number) => new Promise<void>((resolve) => timers.push({ at: now + ms, resolve })),
		/** Moves time on by `ms`, ends the waits now due, and lets what they started run. */
		async advance(ms: number) {
			now += ms;
			for (const timer of timers.filter((t) => t.at <= now)) {
				timers.splice(timers.indexOf(timer), 1);
				timer.resolve();
			}
			// A macrotask: what the ended waits started gets to run.
			await sleep(0);
		},
	};
}
