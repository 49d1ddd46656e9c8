// @ts-check
'use strict';
/**
 * A local Marketing Cloud tenant: the auth server's `POST /v2/token` (client credentials, JSON
 * body, the documented `invalid_client` answer) and the MobilePush REST routes, which accept
 * only bearer tokens it issued and has not expired, and check bodies as the reference does:
 * message definitions per type, Send Message Batch elements (an Alert, recipients, at most
 * 5,000 tokens or keys per call), sends to contacts, lists, tags and apps, deliveries.
 * Error bodies come in the three documented shapes. The token response's rest_instance_url is
 * the emulator itself.
 */
const { randomUUID } = require('node:crypto');

const { createEmulator } = require('./emulator');

const MAX_RECIPIENTS = 5000;
const DOCS =
	'https://developer.salesforce.com/docs/atlas.en-us.mc-apis.meta/mc-apis/error-handling.htm';

/** @param {string} message @param {number} errorcode */
const platform = (message, errorcode) => ({ message, errorcode, documentation: DOCS });
/** @param {...string} errors */
const pushErrors = (...errors) => ({ errors });

/** @param {number} status */
function faultBody(status) {
	if (status === 401) return platform('Not Authorized', 0);
	if (status === 429) return { ...platform('Rate limit exceeded', 50100), retryAfter: 5 };
	if (status === 503) return platform('Service unavailable', 50300);
	if (status === 400) return pushErrors('The request is invalid.');
	return platform('Internal server error', 30000);
}

/**
 * @param {{ clientId?: string, clientSecret?: string, accountId?: string, port?: number, keepBodies?: boolean}} [options]
 */
function createSfmcEmulator(options = {}) {
	const clientId = options.clientId ?? 'sandbox-client-id';
	const clientSecret = options.clientSecret ?? 'sandbox-client-secret';
	/** @type {Map<string, { expired: boolean }>} */
	const tokens = new Map();
	/** @type {Map<string, any>} */
	const messages = new Map();
	let tokenRequests = 0;
	let created = 0;
	let restRequests = 0;
	/** Expire every issued token once this many REST requests have been answered. */
	let expireAfter = Infinity;

	/** @param {any} req */
	function json(req) {
		try {
			return {
				ok: true,
				value: req.body.length ? JSON.parse(req.body.toString('utf8')) : undefined,
			};
		} catch {
			return { ok: false, value: undefined };
		}
	}

	/** @param {any} req */
	function token(req) {
		tokenRequests++;
		const body = json(req).value ?? {};
		if (!String(req.headers['content-type'] ?? '').startsWith('application/json'))
			return {
				status: 415,
				body: { error: 'unsupported_media_type', error_description: 'Use application/json.' },
			};
		if (body.grant_type !== 'client_credentials')
			return {
				status: 400,
				body: {
					error: 'unsupported_grant_type',
					error_description: 'Use client_credentials.',
					error_uri: 'https://developer.salesforce.com/docs',
				},
			};
		if (body.client_id !== clientId || body.client_secret !== clientSecret) {
			return {
				status: 401,
				body: {
					error: 'invalid_client',
					error_description:
						'Client authentication failed. Make sure that the client ID and client secret are valid and that the package is installed and enabled.',
					error_uri: 'https://developer.salesforce.com/docs',
				},
			};
		}
		if (options.accountId !== undefined && String(body.account_id) !== String(options.accountId)) {
			return {
				status: 401,
				body: {
					error: 'invalid_grant',
					error_description: 'The client does not have access to the requested account.',
					error_uri: 'https://developer.salesforce.com/docs',
				},
			};
		}
		const accessToken = `sfmc-${randomUUID()}`;
		tokens.set(accessToken, { expired: false });
		return {
			status: 200,
			body: {
				access_token: accessToken,
				token_type: 'Bearer',
				expires_in: 1079,
				scope: body.scope ?? 'push_read push_write push_send',
				rest_instance_url: `${emulator.url}/`,
				soap_instance_url: `${emulator.url}/soap/`,
			},
			note: {
				body: { ...body, client_secret: body.client_secret ? '(given)' : undefined },
				accessToken,
			},
		};
	}

	/** @param {any} req */
	function handle(req) {
		if (req.method === 'POST' && req.path === '/v2/token') return token(req);
		const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
		const known = bearer ? tokens.get(bearer) : undefined;
		if (!known || known.expired)
			return { status: 401, body: platform('Not Authorized', 0), note: { unauthorized: true } };
		restRequests++;
		if (restRequests >= expireAfter) {
			for (const entry of tokens.values()) entry.expired = true;
			expireAfter = Infinity;
		}
		return rest(req);
	}

	/** @param {any} req */
	function rest(req) {
		const route = `${req.method} ${req.path}`;
		let m;
		if (route === 'POST /push/v1/message') return createMessage(req);
		if (route === 'GET /push/v1/message') return listMessages(req);
		if ((m = /^(GET|PUT|DELETE) \/push\/v1\/message\/([^/]+)$/.exec(route)))
			return oneMessage(req, m[1], decodeURIComponent(m[2]));
		if (
			(m =
				/^POST \/push\/v1\/(messageBatch|messageContact|messageList|messageTag|messageApp)\/([^/]+)\/send$/.exec(
					route,
				))
		)
			return send(req, m[1], decodeURIComponent(m[2]));
		if (
			(m =
				/^GET \/push\/v1\/(messageContact|messageList|messageTag|messageApp)\/([^/]+)\/deliveries\/([^/]+)$/.exec(
					route,
				))
		) {
			return {
				status: 200,
				body: {
					messageId: decodeURIComponent(m[2]),
					message: { id: decodeURIComponent(m[2]) },
					count: 50,
					createDate: '2026-11-23T05:00:00',
					status: 'Finished',
				},
			};
		}
		return { status: 404, body: platform('Object not found', 30003) };
	}

	/** @param {any} body @returns {string | undefined} */
	function invalidMessage(body) {
		if (!body || typeof body !== 'object' || Array.isArray(body))
			return 'The request body is invalid.';
		if (!body.name || String(body.name).length > 100)
			return 'Name is required and must be 100 characters or fewer.';
		if (!body.application?.id || !body.application?.name)
			return 'Application id and name are required.';
		const messageType = body.messageType ?? 1;
		const contentType = body.contentType ?? 1;
		if (![1, 3, 4, 5, 8].includes(messageType)) return `MessageType ${messageType} is not valid.`;
		if (![1, 2, 3].includes(contentType)) return `ContentType ${contentType} is not valid.`;
		// The createPushMessage reference's required fields per message type.
		const required = ['startDate'];
		if (contentType !== 2) required.push('alert');
		if (messageType === 1 && contentType === 1) required.pop(); // an outbound alert may take its text at send time
		if ([3, 4, 5].includes(messageType)) required.push('geofences');
		if (contentType === 3 || (messageType === 8 && contentType === 2))
			required.push('pageId', 'url');
		if (messageType === 8) required.push('subject');
		const missing = required.filter(
			(name) =>
				body[name] === undefined ||
				body[name] === '' ||
				(Array.isArray(body[name]) && body[name].length === 0),
		);
		if (missing.length)
			return `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} required for messageType ${messageType} and contentType ${contentType}.`;
		if (body.openDirect !== undefined && String(body.openDirect).length > 15)
			return 'OpenDirect must be 15 characters or fewer.';
		return undefined;
	}

	/** @param {any} req */
	function createMessage(req) {
		const parsed = json(req);
		const why = parsed.ok ? invalidMessage(parsed.value) : 'The request body is not JSON.';
		if (why) return { status: 400, body: pushErrors(why) };
		const id = Buffer.from(`${++created}:114:0`).toString('base64').replace(/=+$/, '');
		const message = { id, status: 2, ...parsed.value };
		messages.set(id, message);
		return { status: 201, body: message, note: message };
	}

	/** @param {any} req */
	function listMessages(req) {
		const page = Number(req.query.get('$page') ?? 1);
		const pageSize = Number(req.query.get('$pageSize') ?? 25);
		// $filter with one condition on the name: eq, or like with % as SQL's wildcard, case-insensitive
		// (the docs name the operators, not how they match).
		const filter = /^name (eq|like) '((?:[^']|'')*)'$/.exec(req.query.get('$filter') ?? '');
		if (req.query.has('$filter') && !filter)
			return {
				status: 400,
				body: pushErrors(`The filter ${req.query.get('$filter')} is not valid.`),
			};
		const wanted = filter ? filter[2].replace(/''/g, "'").toLowerCase() : '';
		const pattern = new RegExp(
			`^${wanted
				.split('%')
				.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
				.join('.*')}$`,
			's',
		);
		const all = [...messages.values()].filter(
			(message) =>
				!filter ||
				(filter[1] === 'eq'
					? String(message.name).toLowerCase() === wanted
					: pattern.test(String(message.name).toLowerCase())),
		);
		return {
			status: 200,
			body: {
				count: all.length,
				page,
				pageSize,
				links: {},
				items: all.slice((page - 1) * pageSize, page * pageSize),
			},
		};
	}

	/** @param {any} req @param {string} method @param {string} id */
	function oneMessage(req, method, id) {
		const message = messages.get(id);
		if (!message) return { status: 404, body: platform(`Message ${id} was not found.`, 30003) };
		if (method === 'GET') return { status: 200, body: [message] };
		if (method === 'DELETE') {
			messages.delete(id);
			return { status: 202, body: '' };
		}
		// An update takes what changes ("You don't have to include all values"): the stored
		// definition with these properties replaced must still be a valid message.
		const parsed = json(req);
		const changes =
			parsed.ok &&
			parsed.value !== null &&
			typeof parsed.value === 'object' &&
			!Array.isArray(parsed.value)
				? parsed.value
				: undefined;
		const why = changes
			? invalidMessage({ ...message, ...changes })
			: 'The request body is not a JSON object.';
		if (why) return { status: 400, body: pushErrors(why) };
		const updated = { ...message, ...changes, id };
		messages.set(id, updated);
		return { status: 200, body: updated, note: updated };
	}

	/** @param {any} req @param {string} kind @param {string} id */
	function send(req, kind, id) {
		if (!/^[A-Za-z0-9+/_-]+$/.test(id))
			return { status: 400, body: pushErrors(`Message id ${id} is not valid.`) };
		const message = messages.get(id);
		if (!message)
			return { status: 400, body: pushErrors(`Message ${id} is not valid for the client.`) };
		if (message.status !== 2)
			return {
				status: 400,
				body: pushErrors(`The status for Message ${id} is not set to Active.`),
			};
		const parsed = json(req);
		if (!parsed.ok) return { status: 400, body: pushErrors('The request body is not valid JSON.') };
		// n8n drops an empty JSON body ({}), so a send without overrides arrives without one.
		const body = parsed.value ?? (kind === 'messageBatch' ? undefined : {});
		if (kind === 'messageBatch') {
			if (!Array.isArray(body) || body.length === 0)
				return { status: 400, body: pushErrors('The request must be an array of batch items.') };
			let total = 0;
			for (const element of body) {
				const recipients = element.DeviceTokens ?? element.SubscriberKeys;
				if (!Array.isArray(recipients))
					return {
						status: 400,
						body: pushErrors(
							'One or more DeviceTokens must be specified in order to send a message.',
						),
					};
				if (recipients.length === 0)
					return { status: 400, body: pushErrors('The count of DeviceTokens cannot be zero.') };
				if (!element.Message || !String(element.Message.Alert ?? '').trim())
					return {
						status: 400,
						body: pushErrors('Message is blank and no override message was provided.'),
					};
				if (
					element.SendTime !== undefined &&
					!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(element.SendTime)
				)
					return {
						status: 400,
						body: pushErrors(`${element.SendTime} is not a valid send time (yyyy-MM-dd HH:mm).`),
					};
				total += recipients.length;
			}
			if (total > MAX_RECIPIENTS)
				return {
					status: 400,
					body: pushErrors(
						`Each batch can include a maximum of ${MAX_RECIPIENTS} subscriber key or device token values; got ${total}.`,
					),
				};
			const answer = body.map((/** @type {any} */ element) => ({
				tokenId: randomUUID(),
				...(element.DeviceTokens
					? { deviceTokens: element.DeviceTokens }
					: { subscriberKeys: element.SubscriberKeys }),
			}));
			return {
				status: 200,
				body: answer,
				note: {
					kind,
					messageId: id,
					elements: body,
					tokenIds: answer.map((/** @type {any} */ a) => a.tokenId),
				},
			};
		}
		if (body === null || typeof body !== 'object' || Array.isArray(body))
			return { status: 400, body: pushErrors('The request body must be an object.') };
		if (body.Override === true && !String(body.MessageText ?? '').trim())
			return {
				status: 400,
				body: pushErrors('Cannot override message text with a blank message.'),
			};
		if (body.MessageText !== undefined && body.Override !== true)
			return {
				status: 400,
				body: pushErrors('MessageText is not applicable when Override is false.'),
			};
		if (body.SendTime !== undefined && !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(body.SendTime))
			return {
				status: 400,
				body: pushErrors(`${body.SendTime} is not a valid send time (yyyy-MM-dd HH:mm).`),
			};
		if (message.contentType !== 2 && !String(message.alert ?? '').trim() && body.Override !== true)
			return {
				status: 400,
				body: pushErrors('Message is blank and no override message was provided.'),
			};
		if (kind === 'messageContact') {
			const recipients = body.DeviceTokens ?? body.SubscriberKeys;
			if (!Array.isArray(recipients))
				return {
					status: 400,
					body: pushErrors(
						'One or more DeviceTokens must be specified in order to send a message.',
					),
				};
			if (recipients.length === 0)
				return { status: 400, body: pushErrors('The count of DeviceTokens cannot be zero.') };
			if (recipients.length > MAX_RECIPIENTS)
				return {
					status: 400,
					body: pushErrors(
						`A maximum of ${MAX_RECIPIENTS} DeviceTokens or SubscriberKeys can be specified.`,
					),
				};
		}
		if (
			kind === 'messageList' &&
			!(Array.isArray(body.inclusionListIds) && body.inclusionListIds.length)
		)
			return { status: 400, body: pushErrors('InclusionListIds is required.') };
		if (kind === 'messageTag' && !(Array.isArray(body.InclusionTags) && body.InclusionTags.length))
			return { status: 400, body: pushErrors('InclusionTags is required.') };
		const tokenId = randomUUID();
		return { status: 200, body: { tokenId }, note: { kind, messageId: id, body, tokenId } };
	}

	const emulator = createEmulator({
		name: 'salesforce-marketing-cloud',
		port: options.port,
		keepBodies: options.keepBodies,
		handle,
		faultBody,
	});

	return Object.assign(emulator, {
		clientId,
		clientSecret,
		messages,
		/** Token requests answered so far. */
		get tokenRequests() {
			return tokenRequests;
		},
		/** Expires every issued token now (the next REST request with it gets 401). */
		expireTokens() {
			for (const entry of tokens.values()) entry.expired = true;
		},
		/** Expires every issued token once `count` more REST requests have been answered. */
		expireTokensAfter(/** @type {number} */ count) {
			expireAfter = restRequests + count;
		},
		/** A message definition that sends can use, without going through Create. */
		addActiveMessage(/** @type {string} */ id = 'MTIzOjExNDow') {
			messages.set(id, {
				id,
				status: 2,
				name: 'Sandbox message',
				messageType: 1,
				contentType: 1,
				application: { id: 'app', name: 'App' },
				startDate: '2030-01-01T09:00:00Z',
				alert: 'Sandbox alert',
			});
			return id;
		},
		/** The credential data a workflow uses to reach this emulator. */
		sandboxCredential: () => ({
			subdomain: emulator.url,
			clientId,
			clientSecret,
			accountId: options.accountId ?? '',
		}),
	});
}

module.exports = { createSfmcEmulator };
