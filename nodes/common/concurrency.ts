/**
 * Runs `worker` over `tasks` with at most `limit` running at once. Tasks added while the pool
 * runs (the halves of a request split after a 413) go through the same pool. When
 * `shouldStop` turns true no new task starts; the running ones finish.
 */
export async function runPool<T>(
	tasks: T[],
	limit: number,
	worker: (task: T, enqueue: (more: T[]) => void) => Promise<void>,
	shouldStop: () => boolean = () => false,
): Promise<void> {
	const queue = [...tasks];
	let next = 0;
	const enqueue = (more: T[]) => {
		queue.push(...more);
		// Wake idle lanes when a split adds work after they found the queue empty.
		while (running < Math.max(1, limit) && next < queue.length && !shouldStop()) startLane();
	};
	let running = 0;
	let settle: (() => void) | undefined;
	let fail: ((error: unknown) => void) | undefined;
	let failed = false;

	const startLane = () => {
		running++;
		void lane().then(
			() => {
				running--;
				if (running === 0) settle?.();
			},
			(error) => {
				failed = true;
				running--;
				fail?.(error);
			},
		);
	};

	const lane = async () => {
		while (!failed && next < queue.length && !shouldStop()) {
			const task = queue[next++];
			await worker(task, enqueue);
		}
	};

	await new Promise<void>((resolve, reject) => {
		settle = resolve;
		fail = reject;
		const lanes = Math.max(1, Math.min(limit, queue.length));
		if (queue.length === 0) {
			resolve();
			return;
		}
		for (let i = 0; i < lanes; i++) startLane();
	});
}
