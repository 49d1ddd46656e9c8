/**
 * The queue-mode harness itself (queue.js), in a real n8n: one main takes the webhooks, two
 * workers run the executions through Redis, everything is stored in Postgres. A worker killed
 * mid-execution and started again, and both stores read back as text.
 */
import { startQueueN8n } from './queue';

type QueueN8n = Awaited<ReturnType<typeof startQueueN8n>>;
type Reply = { executionId: string; worker: string; echoed: unknown };

/** Webhook → Wait 1 s → Code: each run holds a worker slot for a second, then says who ran it. */
const echoWorkflow = {
	name: 'queue smoke: echo',
	nodes: [
		{
			id: 'w',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '5f0c2a8e-6d1b-4c3a-9e7f-queue0000001',
			parameters: { httpMethod: 'POST', path: 'queue-echo', responseMode: 'lastNode', options: {} },
		},
		{
			id: 'p',
			name: 'Hold a slot',
			type: 'n8n-nodes-base.wait',
			typeVersion: 1.1,
			position: [200, 0],
			webhookId: '5f0c2a8e-6d1b-4c3a-9e7f-queue0000002',
			parameters: { amount: 1, unit: 'seconds' },
		},
		{
			id: 'c',
			name: 'Who ran me',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [400, 0],
			parameters: {
				jsCode:
					"return [{ json: { executionId: $execution.id, worker: $env.PUSH_QUEUE_WORKER, echoed: $('Webhook').first().json.body } }];",
			},
		},
	],
	connections: {
		Webhook: { main: [[{ node: 'Hold a slot', type: 'main', index: 0 }]] },
		'Hold a slot': { main: [[{ node: 'Who ran me', type: 'main', index: 0 }]] },
	},
};

/** Webhook → Wait 60 s (in the worker's process: n8n only offloads waits of 65 s and more) → Code. */
const slowWorkflow = {
	name: 'queue smoke: slow',
	nodes: [
		{
			id: 'w',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '5f0c2a8e-6d1b-4c3a-9e7f-queue0000003',
			parameters: { httpMethod: 'POST', path: 'queue-slow', responseMode: 'lastNode', options: {} },
		},
		{
			id: 'p',
			name: 'Take a minute',
			type: 'n8n-nodes-base.wait',
			typeVersion: 1.1,
			position: [200, 0],
			webhookId: '5f0c2a8e-6d1b-4c3a-9e7f-queue0000004',
			parameters: { amount: 60, unit: 'seconds' },
		},
		{
			id: 'c',
			name: 'Never reached',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [400, 0],
			parameters: { jsCode: 'return [{ json: { done: true } }];' },
		},
	],
	connections: {
		Webhook: { main: [[{ node: 'Take a minute', type: 'main', index: 0 }]] },
		'Take a minute': { main: [[{ node: 'Never reached', type: 'main', index: 0 }]] },
	},
};

describe('n8n in queue mode: a main, two workers, Redis and Postgres', () => {
	let n8n: QueueN8n;
	let slowWorkflowId = '';
	let killedExecutionId = '';

	/** Six calls at once: with two slots per worker and a second per run, both workers must take some. */
	const burst = async (tag: string) => {
		const replies = await Promise.all(
			Array.from({ length: 6 }, (_, i) => n8n.callWebhook('queue-echo', { tag, i })),
		);
		for (const reply of replies) expect(reply.status).toBe(200);
		return replies.map((reply) => reply.body as Reply);
	};

	beforeAll(async () => {
		n8n = await startQueueN8n({
			workers: 2,
			concurrency: 2,
			// Lets the Code node read $env.PUSH_QUEUE_WORKER: a second witness of who ran it, besides the workers' logs.
			env: { N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false' },
			workerEnv: (index) => ({ PUSH_QUEUE_WORKER: `worker-${index}` }),
		});
		await n8n.importWorkflow(echoWorkflow, { activate: true });
		slowWorkflowId = await n8n.importWorkflow(slowWorkflow, { activate: true });
	});
	afterAll(() => n8n?.stop());

	it('answers every webhook call from the main and runs the executions on both workers', async () => {
		const sequential: Reply[] = [];
		for (let i = 0; i < 4; i++) {
			const reply = await n8n.callWebhook('queue-echo', { tag: 'one by one', i });
			expect(reply.status).toBe(200);
			sequential.push(reply.body as Reply);
		}
		const replies = [...sequential, ...(await burst('at once'))];

		expect(replies).toHaveLength(10);
		expect(new Set(replies.map((r) => r.executionId)).size).toBe(10);
		expect(replies[0].echoed).toEqual({ tag: 'one by one', i: 0 });
		for (const reply of replies) {
			// The workers' logs and the worker's own environment agree on who ran it, and it ran once.
			expect(n8n.startsOf(reply.executionId)).toHaveLength(1);
			expect(reply.worker).toBe(`worker-${n8n.workerOf(reply.executionId)}`);
		}
		expect(new Set(replies.map((r) => r.worker))).toEqual(new Set(['worker-0', 'worker-1']));
		const stored = await n8n.execution(replies[9].executionId);
		expect(stored.status).toBe('success');
		expect(stored.mode).toBe('webhook');
	});

	it('fails an execution whose worker is SIGKILLed, does not run it again, and the restarted worker takes new work', async () => {
		const call = n8n.callWebhook('queue-slow', { slow: true });
		killedExecutionId = await n8n.waitForExecutionOf(slowWorkflowId, { status: ['running'] });
		const victim = await n8n.waitForWorkerOf(killedExecutionId);
		const survivor = 1 - victim;

		// While it runs, its Bull job is in Redis and names the execution.
		expect(await n8n.redisText()).toMatch(
			new RegExp(`^bull:jobs:\\d+ \\(hash\\) data: .*"executionId":"${killedExecutionId}"`, 'm'),
		);

		const killed = await n8n.killWorker(victim);
		expect(killed.signal).toBe('SIGKILL');

		// The other worker takes everything meanwhile.
		const meanwhile = await burst('one worker down');
		expect(new Set(meanwhile.map((r) => r.worker))).toEqual(new Set([`worker-${survivor}`]));

		// n8n notices when the job's lock expires (queue.js sets 10 s; n8n's default is 60 s), fails
		// the job (it allows no stalled job to run again), then waits its 30 s grace before
		// marking the execution: about 45 s here.
		const execution = await n8n.waitForExecution(killedExecutionId, 150_000);
		expect(execution.status).toBe('error');
		expect(execution.finished).toBe(false);
		expect(execution.runData).toEqual({});
		expect(String(execution.error?.message)).toMatch(/failed to be processed too many times/);
		const reply = await call;
		expect(reply.status).toBe(500);
		expect(reply.body).toEqual({ message: 'Error in workflow' });

		await n8n.startWorker(victim);
		expect(n8n.workers[victim].starts).toBe(2);
		const after = await burst('worker back');
		expect(new Set(after.map((r) => r.worker))).toEqual(new Set(['worker-0', 'worker-1']));

		// Not re-queued: one execution of the slow workflow, started once, by the killed worker.
		const slowRuns = await n8n.executions(slowWorkflowId);
		expect(slowRuns.map((e) => [e.id, e.status])).toEqual([[killedExecutionId, 'error']]);
		expect(n8n.startsOf(killedExecutionId)).toEqual([victim]);
	});

	it('reads back every row of Postgres and every key of Redis as text', async () => {
		const postgres = await n8n.postgresText();
		expect(postgres).toContain('queue smoke: echo');
		expect(postgres).toMatch(
			new RegExp(`^execution_entity: \\(${killedExecutionId},f,webhook,.*,error,`, 'm'),
		);
		expect(postgres).toMatch(new RegExp(`^execution_data: \\(${killedExecutionId},`, 'm'));
		expect(postgres).toMatch(/^workflow_entity: .*queue smoke: slow/m);

		const redis = await n8n.redisText();
		// Bull's job counter: one job per execution, the killed one included.
		const jobs = /^bull:jobs:id \(string\): (\d+)$/m.exec(redis);
		expect(Number(jobs?.[1])).toBeGreaterThanOrEqual(19);
		expect(redis).toMatch(/^n8n:cache:/m);
	});
});
