// @ts-check
'use strict';
/**
 * An IExecuteFunctions for node tests that run `execute()` against the emulators over real
 * HTTP. It does what n8n-core does for a programmatic node, no more:
 * - `getNodeParameter(name, i, fallback)` from a parameters object, where a function value
 *   stands for an expression evaluated per item (`(i, item) => …`) and dotted names reach into
 *   collections ("options.batchSize"); `getNode().parameters` shows such values as "={{…}}";
 * - `helpers.httpRequestWithAuthentication`: the credential's `preAuthentication` when its
 *   expirable field is empty (the result merged into the stored credential, which outlives the
 *   context, as n8n persists it), its `authenticate` (function or generic), the request, and on
 *   a thrown 401 one refresh and one retry — n8n-core's authentication.js;
 * - `helpers.httpRequest` semantics of @n8n/backend-network: `json` bodies, `qs`, `baseURL`,
 *   `returnFullResponse`, `ignoreHttpStatusErrors` (true or { ignore, except }), JSON-or-text
 *   response bodies, lower-case response headers;
 * - `continueOnFail()` from `onError`, `getExecutionCancelSignal()`, `logger`, `getExecutionId()`,
 *   `$runIndex` and the node setting `retryOnFail`;
 * - the deduplication helpers (`checkProcessedAndRecord`, `removeProcessed`,
 *   `clearAllProcessedItems`) over a `ProcessedDataStore` that does what n8n's
 *   DeduplicationHelper does in mode "entries": one array of MD5s (base64) per workflow and
 *   context (`n:<node id>` for scope "node"), read, changed and written back, oldest dropped past
 *   maxEntries. Pass the same store to two contexts to run a workflow "again".
 * The real engine is exercised by the end-to-end suite; this double keeps node tests fast.
 */
const http = require('node:http');
const https = require('node:https');

/**
 * A credential as stored: its type instance and its data (mutated by preAuthentication, as
 * n8n's database row would be).
 * @typedef {object} StoredCredential
 * @property {any} type        an ICredentialType instance (new XxxApi())
 * @property {Record<string, any>} data
 * @property {number=} preAuthCalls
 */

/**
 * @typedef {object} ContextOptions
 * @property {Array<Record<string, any>>} items                     input items' json
 * @property {Record<string, any>} parameters                        node parameters
 * @property {Record<string, StoredCredential>=} credentials        by credential type name
 * @property {'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput'=} onError
 * @property {string=} nodeName
 * @property {string=} nodeType
 * @property {AbortSignal=} cancelSignal
 * @property {ProcessedDataStore=} processedData   n8n's deduplication table (default: a new empty one)
 * @property {string=} nodeId
 * @property {boolean=} retryOnFail   the node setting Retry On Fail
 * @property {string=} executionId    n8n's execution id (the same for every try of a run)
 * @property {number=} runIndex       the node's run index in the execution ($runIndex)
 */

/**
 * n8n's processed_data table, in memory, with the semantics of n8n's DeduplicationHelper
 * (packages/cli/src/deduplication/deduplication-helper.ts) for mode "entries".
 */
class ProcessedDataStore {
	constructor() {
		/** @type {Map<string, string[]>} context → MD5s (base64), oldest first */
		this.rows = new Map();
		/** calls that wrote the row, for tests that count database writes */
		this.writes = 0;
		/** @type {Array<{ op: string, count: number }>} */
		this.calls = [];
	}

	/** @param {unknown} value */
	static hash(value) {
		return require('node:crypto').createHash('md5').update(String(value)).digest('base64');
	}

	/** @param {string} context @param {Array<string|number>} items @param {{ mode: string, maxEntries?: number }} options */
	async checkProcessedAndRecord(context, items, options) {
		if (options.mode !== 'entries') throw new Error('this double only implements mode "entries"');
		this.calls.push({ op: 'check', count: items.length });
		const stored = this.rows.get(context);
		await new Promise((resolve) => setImmediate(resolve));
		const data = stored ? [...stored] : [];
		const seen = new Set(data);
		/** @type {{ new: Array<string|number>, processed: Array<string|number> }} */
		const result = { new: [], processed: [] };
		for (const item of items) {
			const hash = ProcessedDataStore.hash(item);
			if (seen.has(hash)) result.processed.push(item);
			else {
				result.new.push(item);
				data.push(hash);
			}
		}
		if (options.maxEntries) data.splice(0, data.length - options.maxEntries);
		this.rows.set(context, data);
		this.writes++;
		return result;
	}

	/** @param {string} context @param {Array<string|number>} items */
	async removeProcessed(context, items) {
		this.calls.push({ op: 'remove', count: items.length });
		const data = [...(this.rows.get(context) ?? [])];
		await new Promise((resolve) => setImmediate(resolve));
		for (const item of items) {
			const index = data.indexOf(ProcessedDataStore.hash(item));
			if (index !== -1) data.splice(index, 1);
		}
		this.rows.set(context, data);
		this.writes++;
	}

	/** @param {string} context */
	async clearAllProcessedItems(context) {
		this.calls.push({ op: 'clear', count: 0 });
		this.rows.delete(context);
	}

	/** Entries kept for a context. @param {string} context */
	count(context) {
		return this.rows.get(context)?.length ?? 0;
	}
}

const agent = new http.Agent({ keepAlive: true });

/**
 * @param {Record<string, any>} parameters
 * @param {string} path
 */
function lookup(parameters, path) {
	/** @type {any} */
	let current = parameters;
	for (const key of path.split('.')) {
		if (current === null || typeof current !== 'object' || !(key in current)) return undefined;
		current = current[key];
	}
	return current;
}

/** Replaces function values by an expression marker, the way n8n stores expressions. @param {any} value @returns {any} */
function rawParameters(value) {
	if (typeof value === 'function') return '={{ test expression }}';
	if (Array.isArray(value)) return value.map(rawParameters);
	if (value && typeof value === 'object')
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rawParameters(v)]));
	return value;
}

/** @param {any} value @param {number} i @param {any} item @returns {any} */
function evaluate(value, i, item) {
	if (typeof value === 'function') return value(i, item);
	if (Array.isArray(value)) return value.map((v) => evaluate(v, i, item));
	if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluate(v, i, item)]));
	}
	return value;
}

/**
 * Resolves n8n's `={{$credentials.x}}` / `={{ $credentials["x"] }}` templates in a generic authenticate.
 * @param {any} template @param {Record<string, any>} data
 */
function resolveCredentialTemplate(template, data) {
	if (typeof template !== 'string' || !template.startsWith('=')) return template;
	return template
		.slice(1)
		.replace(/\{\{\s*\$credentials(?:\.(\w+)|\[["'](\w+)["']\])\s*\}\}/g, (_, a, b) =>
			String(data[a ?? b] ?? ''),
		);
}

/**
 * One HTTP request with @n8n/backend-network's semantics.
 * @param {any} options IHttpRequestOptions
 */
function httpRequest(options) {
	return new Promise((resolve, reject) => {
		const base = options.baseURL ?? '';
		const target = new URL(
			base && !/^https?:/.test(options.url)
				? base.replace(/\/$/, '') + '/' + String(options.url).replace(/^\//, '')
				: options.url,
		);
		if (options.qs) {
			for (const [key, value] of Object.entries(options.qs)) {
				if (value === undefined) continue;
				if (Array.isArray(value)) for (const v of value) target.searchParams.append(key, String(v));
				else target.searchParams.append(key, String(value));
			}
		}
		/** @type {Record<string, any>} */
		const headers = { ...(options.headers ?? {}) };
		let payload;
		const hasHeader = (/** @type {string} */ name) =>
			Object.keys(headers).some((k) => k.toLowerCase() === name);
		if (
			options.body !== undefined &&
			options.body !== null &&
			!(
				typeof options.body === 'object' &&
				!Buffer.isBuffer(options.body) &&
				Object.keys(options.body).length === 0 &&
				!Array.isArray(options.body)
			)
		) {
			if (Buffer.isBuffer(options.body)) payload = options.body;
			else if (typeof options.body === 'string') payload = Buffer.from(options.body);
			else if (options.body instanceof URLSearchParams) {
				payload = Buffer.from(options.body.toString());
				if (!hasHeader('content-type'))
					headers['Content-Type'] = 'application/x-www-form-urlencoded';
			} else {
				payload = Buffer.from(JSON.stringify(options.body));
				if (!hasHeader('content-type')) headers['Content-Type'] = 'application/json';
			}
			headers['Content-Length'] = String(payload.length);
		}
		const client = target.protocol === 'https:' ? https : http;
		const req = client.request(
			target,
			{
				method: options.method ?? 'GET',
				headers,
				agent: target.protocol === 'https:' ? undefined : agent,
				signal: options.abortSignal,
			},
			(res) => {
				/** @type {Buffer[]} */
				const chunks = [];
				res.on('data', (chunk) => chunks.push(chunk));
				res.on('error', reject);
				res.on('end', () => {
					const raw = Buffer.concat(chunks);
					/** @type {any} */
					let body;
					if (options.encoding === 'arraybuffer') body = raw;
					else {
						const text = raw.toString('utf8');
						try {
							body = text.length ? JSON.parse(text) : '';
						} catch {
							body = text;
						}
					}
					const statusCode = res.statusCode ?? 0;
					const ignore = options.ignoreHttpStatusErrors;
					const accepted =
						(statusCode >= 200 && statusCode < 300) ||
						ignore === true ||
						(ignore &&
							typeof ignore === 'object' &&
							ignore.ignore === true &&
							!(ignore.except ?? []).includes(statusCode));
					if (!accepted) {
						const error = /** @type {any} */ (
							new Error(`Request failed with status code ${statusCode}`)
						);
						error.response = { status: statusCode, headers: res.headers, data: body };
						error.httpCode = String(statusCode);
						reject(error);
						return;
					}
					resolve(
						options.returnFullResponse
							? { statusCode, statusMessage: res.statusMessage, headers: res.headers, body }
							: body,
					);
				});
			},
		);
		req.on('error', reject);
		if (options.timeout)
			req.setTimeout(options.timeout, () =>
				req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })),
			);
		req.end(payload);
	});
}

/**
 * @param {StoredCredential} stored
 * @param {boolean} force
 */
async function preAuthenticate(stored, force) {
	const type = stored.type;
	if (typeof type.preAuthentication !== 'function') return;
	const expirable = (type.properties ?? []).find(
		(/** @type {any} */ p) => p.type === 'hidden' && p.typeOptions?.expirable,
	);
	if (!expirable) return;
	if (!force && stored.data[expirable.name]) return;
	stored.preAuthCalls = (stored.preAuthCalls ?? 0) + 1;
	const result = await type.preAuthentication.call(
		{ helpers: { httpRequest } },
		{ ...stored.data },
	);
	Object.assign(stored.data, result ?? {});
}

/** @param {StoredCredential} stored @param {any} options */
async function authenticate(stored, options) {
	const auth = stored.type.authenticate;
	const copy = {
		...options,
		headers: { ...(options.headers ?? {}) },
		qs: options.qs ? { ...options.qs } : undefined,
	};
	if (typeof auth === 'function') return auth.call(stored.type, { ...stored.data }, copy);
	if (auth && auth.type === 'generic') {
		for (const [where, values] of Object.entries(auth.properties ?? {})) {
			if (where === 'headers' || where === 'qs' || where === 'body') {
				copy[where] = { ...(copy[where] ?? {}) };
				for (const [key, template] of Object.entries(values ?? {}))
					copy[where][key] = resolveCredentialTemplate(template, stored.data);
			}
		}
	}
	return copy;
}

/**
 * Wraps an error the way n8n-core does (every failure becomes a NodeApiError).
 * @param {any} node @param {any} error
 */
function asNodeApiError(node, error) {
	const { NodeApiError } = require('n8n-workflow');
	if (error instanceof NodeApiError) return error;
	return new NodeApiError(node, error);
}

/**
 * @param {ContextOptions} options
 * @returns {any} an IExecuteFunctions
 */
function createExecuteContext(options) {
	const node = {
		id: 'test-node',
		name: options.nodeName ?? 'Push',
		type: options.nodeType ?? 'n8n-nodes-push-notifications.test',
		typeVersion: 1,
		position: [0, 0],
		parameters: rawParameters(options.parameters),
		onError: options.onError,
		retryOnFail: options.retryOnFail,
	};
	if (options.nodeId) node.id = options.nodeId;
	const processed = options.processedData ?? new ProcessedDataStore();
	const contextOf = (/** @type {string} */ scope) => (scope === 'node' ? `n:${node.id}` : '');
	const items = options.items.map((json) => ({ json }));
	const credentials = options.credentials ?? {};
	let requestCount = 0;

	const context = {
		getNode: () => node,
		getInputData: () => items,
		getNodeParameter(
			/** @type {string} */ name,
			/** @type {number} */ itemIndex,
			/** @type {any} */ fallback,
		) {
			const value = lookup(options.parameters, name);
			if (value === undefined) {
				if (arguments.length >= 3) return fallback;
				throw new Error(`Could not get parameter "${name}"`);
			}
			return evaluate(value, itemIndex, items[itemIndex]?.json);
		},
		continueOnFail: () =>
			options.onError === 'continueRegularOutput' || options.onError === 'continueErrorOutput',
		getExecutionCancelSignal: () => options.cancelSignal,
		getExecutionId: () => options.executionId ?? 'test-execution',
		getWorkflowDataProxy: () => ({ $runIndex: options.runIndex ?? 0 }),
		async getCredentials(/** @type {string} */ name) {
			const stored = credentials[name];
			if (!stored) throw new Error(`no credentials of type ${name} in this test`);
			return { ...stored.data };
		},
		logger: { debug() {}, info() {}, warn() {}, error() {} },
		/** The execution's custom data, as n8n keeps it (key → text). */
		customData: {
			values: /** @type {Record<string, string>} */ ({}),
			set(/** @type {string} */ key, /** @type {string} */ value) {
				this.values[key] = value;
			},
			setAll(/** @type {Record<string, string>} */ values) {
				Object.assign(this.values, values);
			},
			get(/** @type {string} */ key) {
				return this.values[key];
			},
			getAll() {
				return { ...this.values };
			},
		},
		helpers: {
			httpRequest: async (/** @type {any} */ requestOptions) => {
				requestCount++;
				return httpRequest(requestOptions);
			},
			async httpRequestWithAuthentication(
				/** @type {string} */ name,
				/** @type {any} */ requestOptions,
			) {
				const stored = credentials[name];
				if (!stored) throw new Error(`no credentials of type ${name} in this test`);
				requestCount++;
				try {
					await preAuthenticate(stored, false);
					return await httpRequest(await authenticate(stored, requestOptions));
				} catch (error) {
					if (
						/** @type {any} */ (error)?.response?.status === 401 &&
						typeof stored.type.preAuthentication === 'function'
					) {
						try {
							await preAuthenticate(stored, true);
							return await httpRequest(await authenticate(stored, requestOptions));
						} catch (retryError) {
							throw asNodeApiError(node, retryError);
						}
					}
					throw asNodeApiError(node, error);
				}
			},
			checkProcessedAndRecord: (
				/** @type {any[]} */ values,
				/** @type {string} */ scope,
				/** @type {any} */ dedupOptions,
			) => processed.checkProcessedAndRecord(contextOf(scope), values, dedupOptions),
			removeProcessed: (/** @type {any[]} */ values, /** @type {string} */ scope) =>
				processed.removeProcessed(contextOf(scope), values),
			clearAllProcessedItems: (/** @type {string} */ scope) =>
				processed.clearAllProcessedItems(contextOf(scope)),
			returnJsonArray: (/** @type {any} */ data) =>
				(Array.isArray(data) ? data : [data]).map((json) => ({ json })),
			constructExecutionMetaData: (/** @type {any[]} */ data, /** @type {any} */ meta) =>
				data.map((item) => ({ ...item, pairedItem: meta.itemData })),
		},
		/** Requests this context made (for tests that count them). */
		get requestCount() {
			return requestCount;
		},
	};
	return context;
}

module.exports = { createExecuteContext, httpRequest, ProcessedDataStore };
