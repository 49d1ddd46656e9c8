// @ts-check
'use strict';
/**
 * A real n8n for end-to-end tests, the demo and the benchmark.
 *
 * `launchN8n()` provisions the pinned n8n (scripts/provision-n8n.js), makes a fresh user
 * folder, installs this package's tarball the way n8n's own community-package installer does
 * (extracted into `<user folder>/.n8n/nodes/node_modules/n8n-nodes-push-notifications` without
 * its peer and dev dependencies, and listed in `nodes/package.json`), so node types read
 * `n8n-nodes-push-notifications.<node>`; starts `n8n start` on 127.0.0.1, and creates the owner
 * account. Everything after that goes through n8n's own REST API, as the editor does:
 * credentials and workflows are created, workflows published (activated) and run manually
 * ("Execute workflow"), executions read back; webhooks are called on their production URL.
 *
 * The jest e2e project starts one n8n for the whole run (global-setup.js) and each test file
 * attaches to it with `startN8n()`; outside jest, `startN8n()` launches its own.
 *
 * Plain JavaScript with Node built-ins only: it runs on the test's Node (20+) and starts n8n
 * with Node 24.
 */
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { provision, isAlive } = require('../../scripts/provision-n8n');

const root = path.resolve(__dirname, '../..');
const OWNER = {
	email: 'owner@example.test',
	firstName: 'Push',
	lastName: 'Tester',
	password: 'Sandbox-password-1',
};
const STATE_FILE = path.join(root, '.cache', 'e2e-n8n.json');
const ENCRYPTION_KEY = 'n8n-nodes-push-notifications-test-key';

/**
 * @typedef {object} N8nInfo
 * @property {string} baseUrl       e.g. http://127.0.0.1:40111
 * @property {number} pid
 * @property {string} userFolder
 * @property {string} logFile
 * @property {string} n8nVersion
 */

/** @returns {Promise<number>} a free TCP port on 127.0.0.1 */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = /** @type {net.AddressInfo} */ (server.address());
			server.close(() => resolve(port));
		});
	});
}

/** @param {number} ms */
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` every 100 ms until it returns true; throws with `what()` after `timeoutMs`.
 * (Test files are TypeScript under n8n's lint, which bans timers; they wait through this.)
 * @param {() => boolean | Promise<boolean>} check @param {{ timeoutMs?: number, what?: () => string }} [options]
 */
async function waitFor(check, options = {}) {
	const deadline = Date.now() + (options.timeoutMs ?? 60_000);
	while (!(await check())) {
		if (Date.now() > deadline)
			throw new Error(`timed out waiting: ${options.what?.() ?? 'condition'}`);
		await delay(100);
	}
}

/**
 * Packs built packages (the build must have run: `npm run build`) and installs them into a user
 * folder as n8n's community-package installer does: each extracted into
 * `.n8n/nodes/node_modules/<name>` without its peer and dev dependencies, all listed in
 * `.n8n/nodes/package.json`. By default the all-in-one package (the repository root); a
 * per-service package is its folder under build/ (scripts/packages.js).
 * @param {string} userFolder @param {string[]} [folders]
 */
function installPackage(userFolder, folders = [root]) {
	if (!fs.existsSync(path.join(root, 'dist', 'packages')))
		throw new Error('dist/ is missing: run `npm run build` before the end-to-end tests');
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	/** @type {Record<string, string>} */
	const dependencies = {};
	for (const folder of folders) {
		const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'push-pack-'));
		const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', packDir], {
			cwd: folder,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'inherit'],
		})
			.trim()
			.split('\n')
			.pop();
		const unpacked = path.join(packDir, 'package');
		fs.mkdirSync(unpacked);
		execFileSync('tar', [
			'-xzf',
			path.join(packDir, /** @type {string} */ (tarball)),
			'-C',
			unpacked,
			'--strip-components=1',
		]);
		const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
			fs.readFileSync(path.join(unpacked, 'package.json'), 'utf8'),
		);
		const target = path.join(nodesDir, 'node_modules', manifest.name);
		fs.rmSync(target, { recursive: true, force: true });
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.cpSync(unpacked, target, { recursive: true });
		fs.writeFileSync(path.join(target, 'package.json'), JSON.stringify(manifest, null, 2));
		fs.rmSync(packDir, { recursive: true, force: true });
		dependencies[manifest.name] = manifest.version;
	}
	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies }, null, 2),
	);
}

/**
 * Starts an n8n with this package installed (or the package folders given) and an owner account.
 * @param {{ port?: number, userFolder?: string, env?: Record<string, string>, logFile?: string, packages?: string[] }} [options]
 * @returns {Promise<N8nInfo>}
 */
async function launchN8n(options = {}) {
	const { nodeBin, n8nBin, n8nVersion } = provision();
	const userFolder = options.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'push-n8n-'));
	installPackage(userFolder, options.packages);
	const port = options.port ?? (await freePort());
	// The task runners' broker listens on 5679 by default; two n8n (the demo and a test run) would collide.
	const brokerPort = await freePort();
	const logFile = options.logFile ?? path.join(userFolder, 'n8n.log');
	const log = fs.openSync(logFile, 'a');
	// jest sets NODE_ENV=test, with which n8n exits at start-up without a word.
	const { NODE_ENV, JEST_WORKER_ID, ...inherited } = process.env;
	const child = spawn(nodeBin, [n8nBin, 'start'], {
		cwd: userFolder,
		detached: false,
		stdio: ['ignore', log, log],
		env: {
			...inherited,
			PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}`,
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			N8N_PORT: String(port),
			N8N_HOST: '127.0.0.1',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			WEBHOOK_URL: `http://127.0.0.1:${port}/`,
			N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
			N8N_SECURE_COOKIE: 'false',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_RUNNERS_ENABLED: 'true',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_LOG_LEVEL: 'info',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
			N8N_PAYLOAD_SIZE_MAX: '1024',
			DB_TYPE: 'sqlite',
			...(options.env ?? {}),
		},
	});
	fs.closeSync(log);
	const info = {
		baseUrl: `http://127.0.0.1:${port}`,
		pid: /** @type {number} */ (child.pid),
		userFolder,
		logFile,
		n8nVersion,
	};
	let exited = false;
	child.once('exit', () => {
		exited = true;
	});
	const deadline = Date.now() + 180_000;
	for (;;) {
		if (exited) throw new Error(`n8n exited during start-up.\n${tail(logFile)}`);
		if (Date.now() > deadline) {
			await stopN8n(info);
			throw new Error(`n8n did not become ready within 180 s.\n${tail(logFile)}`);
		}
		const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
		if (log.includes('Editor is now accessible')) {
			const health = await request(info.baseUrl, 'GET', '/healthz').catch(() => undefined);
			if (health && health.status === 200) break;
		}
		await delay(250);
	}
	await request(info.baseUrl, 'POST', '/rest/owner/setup', OWNER).then((response) => {
		if (response.status !== 200)
			throw new Error(`owner setup failed: ${response.status} ${response.text}`);
	});
	return info;
}

/**
 * Stops an n8n started by launchN8n, by its PID, and waits until it is gone.
 * @param {{ pid: number }} info
 */
async function stopN8n(info) {
	if (!isAlive(info.pid)) return;
	process.kill(info.pid, 'SIGTERM');
	const deadline = Date.now() + 30_000;
	while (isAlive(info.pid) && Date.now() < deadline) await delay(200);
	if (isAlive(info.pid)) process.kill(info.pid, 'SIGKILL');
	while (isAlive(info.pid)) await delay(100);
}

/** Removes an n8n user folder a test made, unless KEEP_N8N_USER_FOLDER=1 asks to keep it (for its log). @param {string} folder */
function removeUserFolder(folder) {
	if (!process.env.KEEP_N8N_USER_FOLDER) fs.rmSync(folder, { recursive: true, force: true });
}

/** @param {string} file */
function tail(file, lines = 40) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

/**
 * @param {string} baseUrl
 * @param {string} method
 * @param {string} urlPath
 * @param {unknown} [body]
 * @param {Record<string, string>} [headers]
 * @param {number} [timeoutMs]
 * @returns {Promise<{ status: number, headers: http.IncomingHttpHeaders, text: string, json: any }>}
 */
function request(baseUrl, method, urlPath, body, headers = {}, timeoutMs = 600_000) {
	return new Promise((resolve, reject) => {
		const payload =
			body === undefined
				? undefined
				: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
		const req = http.request(
			new URL(urlPath, baseUrl),
			{
				method,
				headers: {
					...(payload
						? { 'content-type': 'application/json', 'content-length': String(payload.length) }
						: {}),
					...headers,
				},
			},
			(res) => {
				/** @type {Buffer[]} */
				const chunks = [];
				res.on('data', (chunk) => chunks.push(chunk));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let json;
					try {
						json = JSON.parse(text);
					} catch {
						json = undefined;
					}
					resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
				});
				res.on('error', reject);
			},
		);
		req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${urlPath} timed out`)));
		req.on('error', reject);
		req.end(payload);
	});
}

/** n8n stores execution data in `flatted` form; n8n ships the library. @param {string} text */
function unflatten(text) {
	const { nodeBin, n8nBin } = provision();
	void nodeBin;
	const flatted = require(
		require.resolve('flatted', { paths: [path.dirname(path.dirname(n8nBin))] }),
	);
	return flatted.parse(text);
}

/**
 * A session on a running n8n: the owner's cookie and the REST calls tests need.
 */
class N8nSession {
	/**
	 * @param {N8nInfo} info @param {boolean} owned whether stop() ends the process
	 * @param {boolean} [ownsFolder] whether stop() removes the user folder as well
	 */
	constructor(info, owned, ownsFolder = false) {
		this.info = info;
		this.baseUrl = info.baseUrl;
		this.pid = info.pid;
		this.owned = owned;
		this.ownsFolder = ownsFolder;
		this.cookie = '';
	}

	async login() {
		const response = await request(this.baseUrl, 'POST', '/rest/login', {
			emailOrLdapLoginId: OWNER.email,
			password: OWNER.password,
		});
		if (response.status !== 200)
			throw new Error(`login failed: ${response.status} ${response.text}`);
		const setCookie = response.headers['set-cookie'] ?? [];
		this.cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
		return this;
	}

	/**
	 * An authenticated REST call; throws with n8n's answer and the log's tail when not 2xx.
	 * @param {string} method @param {string} urlPath @param {unknown} [body]
	 */
	async rest(method, urlPath, body) {
		const response = await request(this.baseUrl, method, `/rest${urlPath}`, body, {
			cookie: this.cookie,
		});
		if (response.status < 200 || response.status >= 300) {
			throw new Error(
				`${method} /rest${urlPath} answered ${response.status}: ${response.text.slice(0, 2000)}\n--- n8n log ---\n${tail(this.info.logFile, 20)}`,
			);
		}
		return response.json?.data ?? response.json;
	}

	/**
	 * Creates a credential (n8n encrypts it). @returns {Promise<string>} its id
	 * @param {{ type: string, name: string, data: Record<string, unknown> }} credential
	 */
	async importCredential(credential) {
		const created = await this.rest('POST', '/credentials', {
			name: credential.name,
			type: credential.type,
			data: credential.data,
		});
		return String(created.id);
	}

	/**
	 * Creates a workflow; with `activate`, publishes it so its webhooks answer on the production URL.
	 * @param {any} workflow workflow JSON as exported from n8n (nodes, connections, settings?)
	 * @param {{ activate?: boolean }} [options]
	 * @returns {Promise<string>} its id
	 */
	async importWorkflow(workflow, options = {}) {
		const created = await this.rest('POST', '/workflows', {
			name: workflow.name ?? 'e2e workflow',
			nodes: workflow.nodes,
			connections: workflow.connections ?? {},
			settings: { executionOrder: 'v1', ...(workflow.settings ?? {}) },
			pinData: workflow.pinData ?? {},
		});
		if (options.activate)
			await this.rest('POST', `/workflows/${created.id}/activate`, {
				versionId: created.versionId,
			});
		return String(created.id);
	}

	/**
	 * Runs a workflow as "Execute workflow" in the editor does, from its Manual Trigger, and
	 * waits for it to finish.
	 * @param {string} workflowId
	 * @param {{ timeoutMs?: number }} [options]
	 * @returns {Promise<{ id: string, status: string, data: any, runData: Record<string, any[]>, error: any, customData: Record<string, string> }>}
	 */
	async runManual(workflowId, options = {}) {
		const workflow = await this.rest('GET', `/workflows/${workflowId}`);
		const trigger = workflow.nodes.find(
			(/** @type {any} */ node) => node.type === 'n8n-nodes-base.manualTrigger',
		);
		if (!trigger) throw new Error(`workflow ${workflowId} has no Manual Trigger`);
		const started = await this.rest('POST', `/workflows/${workflowId}/run`, {
			triggerToStartFrom: { name: trigger.name },
		});
		if (!started.executionId)
			throw new Error(`n8n did not start an execution: ${JSON.stringify(started)}`);
		return this.waitForExecution(String(started.executionId), options.timeoutMs);
	}

	/**
	 * @param {string} executionId
	 * @param {number} [timeoutMs]
	 */
	async waitForExecution(executionId, timeoutMs = 600_000) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const execution = await this.execution(executionId).catch(() => undefined);
			if (
				execution &&
				execution.finished !== undefined &&
				!['new', 'running', 'waiting'].includes(execution.status)
			)
				return execution;
			if (Date.now() > deadline)
				throw new Error(
					`execution ${executionId} did not finish within ${timeoutMs} ms\n${tail(this.info.logFile, 20)}`,
				);
			await delay(200);
		}
	}

	/**
	 * One stored execution, its data unflattened: `runData[nodeName][run]` has `data.main`,
	 * `executionTime` and `error` as n8n stored them; `customData` what nodes set in it.
	 * @param {string} executionId
	 */
	async execution(executionId) {
		const stored = await this.rest('GET', `/executions/${executionId}`);
		const data = typeof stored.data === 'string' ? unflatten(stored.data) : stored.data;
		return {
			...stored,
			id: String(stored.id),
			data,
			storedText: typeof stored.data === 'string' ? stored.data : JSON.stringify(stored.data),
			runData: data?.resultData?.runData ?? {},
			error: data?.resultData?.error,
			/** The execution's custom data (n8n's execution metadata), key → text. */
			customData: stored.customData ?? {},
		};
	}

	/**
	 * Every stored execution of a workflow, newest first, with data.
	 * @param {string} workflowId
	 */
	async executions(workflowId) {
		const list = await this.rest(
			'GET',
			`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`,
		);
		const results = Array.isArray(list) ? list : (list.results ?? []);
		return Promise.all(results.map((/** @type {any} */ e) => this.execution(String(e.id))));
	}

	/**
	 * Calls a published workflow's production webhook; retries while n8n still answers 404
	 * (webhooks register a moment after activation).
	 * @param {string} webhookPath @param {unknown} body @param {{ method?: string }} [options]
	 */
	async callWebhook(webhookPath, body, options = {}) {
		const deadline = Date.now() + 30_000;
		for (;;) {
			const response = await request(
				this.baseUrl,
				options.method ?? 'POST',
				`/webhook/${webhookPath}`,
				body,
			);
			if (response.status !== 404 || Date.now() > deadline)
				return {
					status: response.status,
					body: response.json ?? response.text,
					headers: response.headers,
				};
			await delay(250);
		}
	}

	/**
	 * Everything n8n has stored on disk (the SQLite database and its WAL), as text, for
	 * asserting that a secret appears nowhere. Credentials are stored encrypted, so a secret
	 * found here leaked through execution data.
	 */
	storedText() {
		const dir = path.join(this.info.userFolder, '.n8n');
		return fs
			.readdirSync(dir)
			.filter((name) => name.startsWith('database.sqlite'))
			.map((name) => fs.readFileSync(path.join(dir, name)).toString('latin1'))
			.join('\n');
	}

	/** Peak resident memory of the n8n process so far, in bytes (Linux). */
	peakRss() {
		const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
		return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
	}

	/** Current resident memory, in bytes (Linux). */
	rss() {
		const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
		return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
	}

	/** Resets the peak-memory mark so peakRss() measures from now (Linux, own process). */
	resetPeakRss() {
		fs.writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
	}

	/**
	 * What n8n loaded, as the editor reads it: `nodes` or `credentials` (`/types/<kind>.json`).
	 * @param {'nodes' | 'credentials'} kind @returns {Promise<Array<{ name: string, [field: string]: any }>>}
	 */
	async types(kind) {
		const response = await request(this.baseUrl, 'GET', `/types/${kind}.json`, undefined, {
			cookie: this.cookie,
		});
		if (response.status !== 200) throw new Error(`/types/${kind}.json: ${response.status}`);
		return response.json;
	}

	/**
	 * Ends the n8n process if this session launched it, and removes the temporary user folder it
	 * made for it (kept with KEEP_N8N_USER_FOLDER=1); a session attached to the run's shared n8n
	 * leaves it running.
	 */
	async stop() {
		if (!this.owned) return;
		await stopN8n(this.info);
		if (this.ownsFolder) removeUserFolder(this.info.userFolder);
	}
}

/**
 * A logged-in session on the n8n of this test run (started by the jest global setup), or on a
 * newly launched one when there is none.
 * @param {Parameters<typeof launchN8n>[0]} [options]
 * @returns {Promise<N8nSession>}
 */
async function startN8n(options) {
	const shared = readSharedState();
	if (shared && !options) return new N8nSession(shared, false).login();
	const info = await launchN8n(options);
	return new N8nSession(info, true, !options?.userFolder).login();
}

/** @returns {N8nInfo | undefined} */
function readSharedState() {
	try {
		const info = JSON.parse(fs.readFileSync(STATE_FILE, 'utf8'));
		return isAlive(info.pid) ? info : undefined;
	} catch {
		return undefined;
	}
}

module.exports = {
	launchN8n,
	stopN8n,
	removeUserFolder,
	startN8n,
	N8nSession,
	STATE_FILE,
	OWNER,
	request,
	installPackage,
	freePort,
	isAlive,
	tail,
	waitFor,
	ENCRYPTION_KEY,
};
