// @ts-check
'use strict';
/**
 * The floor: the least any client could spend sending the same thing. A plain Node script,
 * started by bench/run.js as a separate process (`fork`), that sends the same request bodies
 * to the same emulator with the same concurrency, over keep-alive connections, using Node's
 * built-in HTTP client, and times only the sending.
 *
 * 1. Build every body up front, the way the service expects it (Azure: multipart/mixed with a
 *    `notification` and a `devices` part; Marketing Cloud: an array of batch elements, one per
 *    recipient, as the node sends one element per item; Batch: transactional/send with 10,000
 *    custom_ids). Not timed.
 * 2. Warm up: fetch the Marketing Cloud token, and send one request per lane so connections are
 *    open and the HTTP client is compiled, as in the n8n that already ran a warm-up workflow.
 *    Then tell the parent ("warmed"), which resets the emulator's counters, and wait for "go".
 * 3. Timed: `concurrency` lanes, each taking the next body until none is left. Azure requests
 *    are signed (SAS, HMAC-SHA256) per request here, as the credential signs them in n8n.
 *
 * Usage: fork('bench/floor.js', [JSON.stringify(spec)]); it sends { warmed } and waits for any
 * message, then sends { result } and exits at the next message.
 */
const { randomUUID } = require('node:crypto');
const http = require('node:http');
const { performance } = require('node:perf_hooks');

const { make } = require('./recipients');
const { sasToken } = require('./sas');

/**
 * @typedef {object} FloorSpec
 * @property {'azure' | 'sfmc' | 'batch'} service
 * @property {string} url                 the emulator's base URL
 * @property {number} concurrency
 * @property {number} total               recipients in all
 * @property {number} perRequest          recipients per request
 * @property {import('./recipients').RecipientKind} kind
 * @property {any} options                service specifics (keys, payload, message)
 */

/** @typedef {{ method: string, path: string, headers: Record<string, string>, body: Buffer, sign?: boolean }} Prepared */

/** @param {FloorSpec} spec @returns {Prepared[]} */
function buildRequests(spec) {
	/** @type {Prepared[]} */
	const requests = [];
	for (let start = 0; start < spec.total; start += spec.perRequest) {
		const recipients = [];
		for (let i = start; i < Math.min(spec.total, start + spec.perRequest); i++)
			recipients.push(make[spec.kind](i));
		requests.push(buildOne(spec, recipients));
	}
	return requests;
}

/** @param {FloorSpec} spec @param {string[]} recipients @returns {Prepared} */
function buildOne(spec, recipients) {
	const o = spec.options;
	if (spec.service === 'azure') {
		const boundary = `nh-boundary-${randomUUID()}`;
		const body = Buffer.from(
			`--${boundary}\r\nContent-type: ${o.contentType}\r\nContent-Disposition: inline; name=notification\r\n\r\n${o.payload}` +
				`\r\n--${boundary}\r\nContent-type: application/json\r\nContent-Disposition: inline; name=devices\r\n\r\n${JSON.stringify(recipients)}\r\n--${boundary}--`,
			'utf8',
		);
		return {
			method: 'POST',
			path: `/${encodeURIComponent(o.hubName)}/messages/$batch?api-version=2020-06&direct`,
			headers: {
				...o.headers,
				'ServiceBusNotification-Format': o.format,
				'Content-Type': `multipart/mixed; boundary = "${boundary}"`,
				'x-ms-version': '2020-06',
			},
			body,
			sign: true,
		};
	}
	if (spec.service === 'sfmc') {
		const elements = recipients.map((key) => ({
			SubscriberKeys: [key],
			Message: { Alert: o.alert },
		}));
		return {
			method: 'POST',
			path: `/push/v1/messageBatch/${encodeURIComponent(o.messageId)}/send`,
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			body: Buffer.from(JSON.stringify(elements), 'utf8'),
		};
	}
	const body = {
		group_id: o.groupId,
		recipients: { custom_ids: recipients },
		message: { title: o.title, body: o.body },
	};
	return {
		method: 'POST',
		path: `/1.1/${encodeURIComponent(o.apiKey)}/transactional/send`,
		headers: {
			Accept: 'application/json',
			'Content-Type': 'application/json',
			'X-Authorization': o.restApiKey,
		},
		body: Buffer.from(JSON.stringify(body), 'utf8'),
	};
}

/** Azure's SAS for the namespace root, signed per request as the node's credential does. @param {any} o */
function sas(o) {
	return sasToken(o.endpoint, o.keyName, o.key, Math.floor(Date.now() / 1000) + 3600);
}

/**
 * @param {http.Agent} agent @param {string} base @param {Prepared} request @param {Record<string, string>} extraHeaders
 * @returns {Promise<number>} the status
 */
function send(agent, base, request, extraHeaders) {
	return new Promise((resolve, reject) => {
		const req = http.request(new URL(request.path, base), {
			method: request.method,
			agent,
			headers: {
				...request.headers,
				...extraHeaders,
				'Content-Length': String(request.body.length),
			},
		});
		req.on('response', (res) => {
			res.on('data', () => undefined);
			res.on('end', () => resolve(res.statusCode ?? 0));
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(request.body);
	});
}

/** @param {string} base @param {any} o @returns {Promise<string>} */
function sfmcToken(base, o) {
	return new Promise((resolve, reject) => {
		const body = JSON.stringify({
			grant_type: 'client_credentials',
			client_id: o.clientId,
			client_secret: o.clientSecret,
		});
		const req = http.request(
			new URL('/v2/token', base),
			{
				method: 'POST',
				headers: {
					'Content-Type': 'application/json',
					'Content-Length': String(Buffer.byteLength(body)),
				},
			},
			(res) => {
				const chunks = /** @type {Buffer[]} */ ([]);
				res.on('data', (chunk) => chunks.push(chunk));
				res.on('end', () => {
					try {
						resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')).access_token);
					} catch (error) {
						reject(error);
					}
				});
			},
		);
		req.on('error', reject);
		req.end(body);
	});
}

/** @param {FloorSpec} spec */
async function main(spec) {
	const requests = buildRequests(spec);
	const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });
	/** @type {Record<string, string>} */
	const fixed = {};
	if (spec.service === 'sfmc')
		fixed.Authorization = `Bearer ${await sfmcToken(spec.url, spec.options)}`;
	const headersFor = (/** @type {Prepared} */ request) =>
		request.sign ? { ...fixed, Authorization: sas(spec.options) } : fixed;

	// Warm-up: one request per lane, in parallel, so every lane has an open connection.
	const warm = await Promise.all(
		requests
			.slice(0, spec.concurrency)
			.map((request) => send(agent, spec.url, request, headersFor(request))),
	);
	await new Promise((resolve) => {
		process.once('message', resolve);
		process.send?.({ warmed: warm });
	});

	/** @type {Record<string, number>} */
	const statuses = {};
	let next = 0;
	const lane = async () => {
		while (next < requests.length) {
			const request = requests[next++];
			const status = await send(agent, spec.url, request, headersFor(request));
			statuses[status] = (statuses[status] ?? 0) + 1;
		}
	};
	const started = performance.now();
	await Promise.all(Array.from({ length: Math.min(spec.concurrency, requests.length) }, lane));
	const ms = performance.now() - started;
	agent.destroy();
	const bytes = requests.reduce((sum, request) => sum + request.body.length, 0);
	// The parent reads the emulators' counters, then lets this process go.
	process.once('message', () => process.exit(0));
	process.send?.({ result: { ms, requests: requests.length, statuses, bytes } });
}

main(JSON.parse(process.argv[2])).catch((error) => {
	process.stderr.write(`floor failed: ${error?.stack ?? error}\n`);
	process.exit(1);
});
