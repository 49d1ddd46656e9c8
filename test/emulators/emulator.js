// @ts-check
'use strict';
/**
 * The common half of the three service emulators: an HTTP server on 127.0.0.1 with an
 * OS-assigned port (unless one is given), a record of every request for assertions, and
 * fault injection per path or per Nth request. Each service module supplies `handle`, which
 * checks a request as strictly as the real service documents and answers like it, and
 * `faultBody`, the documented error body for a status.
 *
 * Plain JavaScript with only Node's built-ins, so the same file serves jest tests, the demo
 * and the benchmark, on any Node version, without a build step.
 *
 * Pacing (`pace`) makes it behave like a service under load: every answer takes a latency, and
 * above a number of requests in flight it throttles (429 with Retry-After, at once), a number
 * that can change after so many accepted requests.
 *
 * Control endpoints, for processes that do not hold the object (the demo, the benchmark):
 *   GET  /__emulator/requests  the record (bodies as text), POST /__emulator/reset,
 *   POST /__emulator/faults    a JSON fault (see `inject`; `path` may be "/regex/"),
 *   POST /__emulator/pace      a JSON pacing (see `pace`), or null to end it.
 */
const http = require('node:http');

/**
 * @typedef {object} RecordedRequest
 * @property {number} n             1-based position among all requests this emulator received
 * @property {string} method
 * @property {string} path          URL path without the query
 * @property {URLSearchParams} query
 * @property {string} rawQuery      the query string as sent, without "?"
 * @property {http.IncomingHttpHeaders} headers
 * @property {Buffer} body          empty when the emulator keeps no bodies
 * @property {number} bodyLength
 * @property {number} status        what the emulator answered (0 for a dropped connection)
 * @property {string=} fault        the fault that answered, if any
 * @property {any=} note            what the service handler chose to remember (e.g. parsed devices)
 */

/**
 * @typedef {object} Reply
 * @property {number} status
 * @property {Record<string, string>=} headers
 * @property {any=} body            object → JSON, string/Buffer → as is
 * @property {any=} note            stored on the request record
 */

/**
 * @typedef {object} Fault
 * @property {string | RegExp=} path     matches the path (string: exact or prefix ending in "*")
 * @property {string=} method
 * @property {number=} nth               fire on the Nth matching request from now (1 = the next)
 * @property {number=} times             how many consecutive matching requests it answers (default 1)
 * @property {number=} status
 * @property {Record<string, string>=} headers
 * @property {any=} body                 default: the service's documented body for the status
 * @property {boolean=} drop             destroy the socket without answering
 * @property {string=} name
 */

/**
 * @typedef {object} Pacing
 * @property {string | RegExp=} path          the paced requests (default: all)
 * @property {number=} latencyMs              every paced answer waits this long first (a throttle does not)
 * @property {number=} maxInFlight            a paced request arriving while this many are in flight is throttled
 * @property {number=} retryAfterSeconds      what a throttle says in Retry-After (default 1)
 * @property {{ after: number, maxInFlight: number }=} change  after this many accepted requests, the limit becomes this
 */

/**
 * @typedef {object} PaceStats
 * @property {number} accepted       paced requests answered 2xx
 * @property {number} throttled      paced requests answered 429
 * @property {number} peakInFlight
 */

/**
 * @typedef {object} EmulatorOptions
 * @property {string} name
 * @property {(req: RecordedRequest, emulator: Emulator) => Reply | Promise<Reply>} handle
 * @property {(status: number, req: RecordedRequest) => any} faultBody
 * @property {number=} port
 * @property {boolean=} keepBodies       default true; the benchmark turns it off
 * @property {number=} maxBodyBytes      larger bodies are answered 413 with faultBody(413)
 */

class Emulator {
	/** @param {EmulatorOptions} options */
	constructor(options) {
		this.options = options;
		this.name = options.name;
		/** @type {RecordedRequest[]} */
		this.requests = [];
		/** @type {Array<Fault & { seen: number, left: number }>} */
		this.faults = [];
		this.url = '';
		this.port = 0;
		/** @type {http.Server | undefined} */
		this.server = undefined;
		/** @type {Set<import('node:net').Socket>} */
		this.sockets = new Set();
		/** @type {Pacing | undefined} */
		this.pacing = undefined;
		this.inFlight = 0;
		/** @type {PaceStats} */
		this.paceStats = { accepted: 0, throttled: 0, peakInFlight: 0 };
	}

	/**
	 * Paces requests from now on (undefined ends it), with fresh statistics. Example:
	 * `pace({ path: /\/messages\/\$batch/, latencyMs: 50, maxInFlight: 16, change: { after: 100, maxInFlight: 4 } })`.
	 * @param {Pacing | undefined} pacing
	 */
	pace(pacing) {
		this.pacing = pacing;
		this.paceStats = { accepted: 0, throttled: 0, peakInFlight: 0 };
	}

	/** Starts listening on 127.0.0.1; resolves with the base URL, e.g. http://127.0.0.1:40123 */
	async start() {
		const server = http.createServer((req, res) => {
			this.onRequest(req, res).catch((error) => {
				if (!res.headersSent) {
					res.writeHead(500, { 'content-type': 'text/plain' });
					res.end(`emulator bug: ${error && error.stack}`);
				}
			});
		});
		server.keepAliveTimeout = 30_000;
		server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		await new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(this.options.port ?? 0, '127.0.0.1', () => resolve(undefined));
		});
		this.server = server;
		const address = /** @type {import('node:net').AddressInfo} */ (server.address());
		this.port = address.port;
		this.url = `http://127.0.0.1:${address.port}`;
		return this.url;
	}

	async stop() {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		for (const socket of this.sockets) socket.destroy();
		await new Promise((resolve) => server.close(() => resolve(undefined)));
	}

	/** Forgets recorded requests and pending faults, and starts the pacing's statistics (and its change) afresh. */
	reset() {
		this.requests = [];
		this.faults = [];
		this.paceStats = { accepted: 0, throttled: 0, peakInFlight: 0 };
	}

	/**
	 * Arms a fault. Example: `inject({ path: /\/messages\/\$batch/, nth: 1, status: 429, headers: { 'Retry-After': '1' } })`.
	 * @param {Fault} fault
	 */
	inject(fault) {
		this.faults.push({ ...fault, seen: 0, left: fault.times ?? 1 });
	}

	/** @param {(r: RecordedRequest) => boolean} [filter] */
	recorded(filter) {
		return filter ? this.requests.filter(filter) : this.requests;
	}

	/**
	 * @param {http.IncomingMessage} req
	 * @param {http.ServerResponse} res
	 */
	async onRequest(req, res) {
		const url = new URL(req.url ?? '/', 'http://emulator');
		if (url.pathname.startsWith('/__emulator/')) return this.control(req, res, url);

		const chunks = [];
		let length = 0;
		const limit = this.options.maxBodyBytes ?? 64 * 1024 * 1024;
		for await (const chunk of req) {
			length += chunk.length;
			if (length <= limit) chunks.push(chunk);
		}
		const body = Buffer.concat(chunks);
		const rawQuery = (req.url ?? '').includes('?')
			? (req.url ?? '').slice((req.url ?? '').indexOf('?') + 1)
			: '';
		/** @type {RecordedRequest} */
		const record = {
			n: this.requests.length + 1,
			method: req.method ?? 'GET',
			path: url.pathname,
			query: url.searchParams,
			rawQuery,
			headers: req.headers,
			body: this.options.keepBodies === false ? Buffer.alloc(0) : body,
			bodyLength: length,
			status: 0,
		};
		this.requests.push(record);

		const fault = this.dueFault(record);
		if (fault) {
			record.fault = fault.name ?? (fault.drop ? 'drop' : String(fault.status));
			if (fault.drop) {
				req.socket.destroy();
				return;
			}
			const status = fault.status ?? 500;
			const faultBody =
				fault.body !== undefined ? fault.body : this.options.faultBody(status, record);
			return this.reply(res, record, { status, headers: fault.headers, body: faultBody });
		}
		if (length > limit) {
			return this.reply(res, record, { status: 413, body: this.options.faultBody(413, record) });
		}
		const pacing =
			this.pacing && (this.pacing.path === undefined || pathMatches(this.pacing.path, record.path))
				? this.pacing
				: undefined;
		if (!pacing) return this.answer(res, record, body);
		const stats = this.paceStats;
		const maxInFlight =
			pacing.change && stats.accepted >= pacing.change.after
				? pacing.change.maxInFlight
				: pacing.maxInFlight;
		if (maxInFlight !== undefined && this.inFlight >= maxInFlight) {
			stats.throttled++;
			record.fault = 'throttled';
			return this.reply(res, record, {
				status: 429,
				headers: { 'Retry-After': String(pacing.retryAfterSeconds ?? 1) },
				body: this.options.faultBody(429, record),
			});
		}
		this.inFlight++;
		stats.peakInFlight = Math.max(stats.peakInFlight, this.inFlight);
		try {
			if (pacing.latencyMs) await new Promise((resolve) => setTimeout(resolve, pacing.latencyMs));
			await this.answer(res, record, body);
			if (record.status >= 200 && record.status < 300) stats.accepted++;
		} finally {
			this.inFlight--;
		}
	}

	/** @param {http.ServerResponse} res @param {RecordedRequest} record @param {Buffer} body */
	async answer(res, record, body) {
		// The handler sees the full body even when the record keeps none.
		const reply = await this.options.handle({ ...record, body }, this);
		record.note = reply.note;
		return this.reply(res, record, reply);
	}

	/** @param {RecordedRequest} record */
	dueFault(record) {
		for (const fault of this.faults) {
			if (fault.left <= 0) continue;
			if (fault.method && fault.method !== record.method) continue;
			if (fault.path !== undefined && !pathMatches(fault.path, record.path)) continue;
			fault.seen++;
			if (fault.seen < (fault.nth ?? 1)) continue;
			fault.left--;
			return fault;
		}
		return undefined;
	}

	/**
	 * @param {http.ServerResponse} res
	 * @param {RecordedRequest} record
	 * @param {Reply} reply
	 */
	reply(res, record, reply) {
		record.status = reply.status;
		const headers = { ...(reply.headers ?? {}) };
		let payload;
		if (reply.body === undefined || reply.body === null) payload = Buffer.alloc(0);
		else if (Buffer.isBuffer(reply.body)) payload = reply.body;
		else if (typeof reply.body === 'string') payload = Buffer.from(reply.body);
		else {
			payload = Buffer.from(JSON.stringify(reply.body));
			if (!Object.keys(headers).some((key) => key.toLowerCase() === 'content-type'))
				headers['Content-Type'] = 'application/json';
		}
		headers['Content-Length'] = String(payload.length);
		res.writeHead(reply.status, headers);
		res.end(payload);
	}

	/**
	 * @param {http.IncomingMessage} req
	 * @param {http.ServerResponse} res
	 * @param {URL} url
	 */
	async control(req, res, url) {
		const chunks = [];
		for await (const chunk of req) chunks.push(chunk);
		const text = Buffer.concat(chunks).toString('utf8');
		const send = (/** @type {number} */ status, /** @type {any} */ body) => {
			res.writeHead(status, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify(body));
		};
		if (url.pathname === '/__emulator/requests' && req.method === 'GET') {
			return send(
				200,
				this.requests.map((r) => ({ ...r, query: r.rawQuery, body: r.body.toString('utf8') })),
			);
		}
		if (url.pathname === '/__emulator/reset' && req.method === 'POST') {
			this.reset();
			return send(200, { ok: true });
		}
		if (url.pathname === '/__emulator/pace' && req.method === 'POST') {
			const pacing = JSON.parse(text || 'null');
			if (pacing && typeof pacing.path === 'string' && /^\/.*\/$/.test(pacing.path))
				pacing.path = new RegExp(pacing.path.slice(1, -1));
			this.pace(pacing ?? undefined);
			return send(200, { ok: true });
		}
		if (url.pathname === '/__emulator/faults' && req.method === 'POST') {
			const fault = JSON.parse(text || '{}');
			if (typeof fault.path === 'string' && /^\/.*\/$/.test(fault.path))
				fault.path = new RegExp(fault.path.slice(1, -1));
			this.inject(fault);
			return send(200, { ok: true });
		}
		return send(404, { error: 'unknown emulator control route' });
	}
}

/**
 * @param {string | RegExp} pattern
 * @param {string} path
 */
function pathMatches(pattern, path) {
	if (pattern instanceof RegExp) return pattern.test(path);
	if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
	return pattern === path;
}

/** @param {EmulatorOptions} options */
function createEmulator(options) {
	return new Emulator(options);
}

module.exports = { createEmulator, Emulator, pathMatches };
