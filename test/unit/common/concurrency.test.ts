import { sleep } from 'n8n-workflow';

import { runPool } from '../../../nodes/common/concurrency';

describe('runPool', () => {
	it('never runs more than the limit at once, and runs every task once', async () => {
		let running = 0;
		let peak = 0;
		const done: number[] = [];
		await runPool(
			Array.from({ length: 20 }, (_, i) => i),
			3,
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
		await runPool(['a', 'b'], 2, async (task, enqueue) => {
			if (task === 'a') enqueue(['a1', 'a2']);
			await sleep(1);
			done.push(task);
		});
		expect(done.sort()).toEqual(['a', 'a1', 'a2', 'b']);
	});

	it('starts no new task once told to stop; running ones finish', async () => {
		const started: number[] = [];
		let stop = false;
		await runPool([1, 2, 3, 4, 5], 1, async (task) => {
			started.push(task);
			if (task === 2) stop = true;
		}, () => stop);
		expect(started).toEqual([1, 2]);
	});

	it('rejects with a task’s error', async () => {
		await expect(runPool([1, 2], 2, async (task) => {
			if (task === 2) throw new Error('boom');
		})).rejects.toThrow('boom');
	});
});
