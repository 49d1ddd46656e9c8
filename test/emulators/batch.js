// @ts-check
'use strict';
/**
 * A local Batch.com: the 1.x app APIs (`/1.1/{apiKey}/campaigns/…`, `/1.1/{apiKey}/transactional/send`,
 * `/1.0/{apiKey}/data/users…`) and the project API's (CEP) `/2.x/profiles/update`, `profiles/mass-update`,
 * `campaigns/create|update|delete` and `orchestrations/list|view|stats`.
 *
 * Auth as Batch documents it: 1.x needs `X-Authorization: <REST key>` and a known API key in
 * the path; 2.x needs `Authorization: Bearer <REST key>` and `X-Batch-Project: <project key>`.
 * Bodies are checked against the documented rules (campaign name ≥ 3 characters, a message
 * body, exactly one valid push time; group_id characters; at most 10,000 recipients per
 * transactional call and 10,000 users per custom-data bulk call; at most 200 profile
 * operations). Errors use the 1.x shape `{code, message}` (codes 10, 20, 30, 31, 32, 1, 2) and
 * the 2.x shape `{error_code, error_message}`.
 *
 * Partial errors on profiles/update: operations whose custom_id starts with "invalid" (or that
 * `refuseProfile` names) are answered inside a 202 with SUCCESS_WITH_PARTIAL_ERRORS and their
 * bulk_index.
 */
const { randomUUID, randomBytes } = require('node:crypto');
const { createEmulator } = require('./emulator');

const PUSH_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;
const GROUP_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** @param {string} value */
function validPushTime(value) {
	const m = PUSH_TIME.exec(value);
	if (!m) return false;
	const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
	if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
	return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** @param {number} status @param {number|string} code @param {string} message */
const v1Error = (status, code, message) => ({ status, body: { code, message } });
/** @param {number} status @param {string} code @param {string} message */
const v2Error = (status, code, message) => ({
	status,
	body: { error_code: code, error_message: message },
});

/**
 * @typedef {object} BatchEmulatorOptions
 * @property {string=} restApiKey
 * @property {string[]=} apiKeys          app API keys the company has (Live/Dev/SDK)
 * @property {string=} projectKey
 * @property {number=} port
 * @property {boolean=} keepBodies
 * @property {((operation: any, index: number) => string | undefined)=} refuseProfile
 * @property {200 | 204=} deleteStatus   what CEP campaigns/delete answers (Batch's page says 204, its schema 200)
 */

/** @param {BatchEmulatorOptions} [options] */
function createBatchEmulator(options = {}) {
	const restApiKey = options.restApiKey ?? 'batch-rest-key';
	const apiKeys = new Set(options.apiKeys ?? ['BATCH-LIVE-KEY']);
	const projectKey = options.projectKey ?? 'project_0664hxvwffvbpn278gxdyhsadddqgna6';
	const keepBodies = options.keepBodies !== false;
	const refuseProfile =
		options.refuseProfile ??
		((/** @type {any} */ op) =>
			String(op?.identifiers?.custom_id ?? '').startsWith('invalid')
				? 'INVALID_CUSTOM_ID'
				: undefined);
	/** @type {Map<string, any>} */
	const campaigns = new Map();
	/** CEP campaigns (orchestrations), by id. @type {Map<string, any>} */
	const orchestrations = new Map();
	const deleteStatus = options.deleteStatus ?? 200;

	/** @param {any} req */
	function handle(req) {
		const v1 = /^\/(1\.[01])\/([^/]+)\/(.+)$/.exec(req.path);
		if (v1) return handleV1(req, v1[1], decodeURIComponent(v1[2]), v1[3]);
		const v2 = /^\/(2\.\d+)\/(.+)$/.exec(req.path);
		if (v2) return handleV2(req, v2[2]);
		return v1Error(404, 20, 'Route not found');
	}

	/** @param {any} req */
	function parseBody(req) {
		if (req.body.length === 0) return { ok: true, value: undefined };
		try {
			return { ok: true, value: JSON.parse(req.body.toString('utf8')) };
		} catch {
			return { ok: false, value: undefined };
		}
	}

	/** @param {any} req @param {string} version @param {string} apiKey @param {string} rest */
	function handleV1(req, version, apiKey, rest) {
		if (req.headers['x-authorization'] !== restApiKey || !apiKeys.has(apiKey))
			return v1Error(401, 10, 'Authentication invalid');
		const parsed = parseBody(req);
		if (!parsed.ok) return v1Error(400, 32, 'Malformed JSON body');
		const body = parsed.value;
		const route = `${req.method} ${version} ${rest}`;
		let m;
		if (route === 'POST 1.1 campaigns/create') return createCampaign(body);
		if ((m = /^POST 1\.1 campaigns\/update\/([^/]+)$/.exec(route)))
			return updateCampaign(m[1], body);
		if ((m = /^POST 1\.1 campaigns\/delete\/([^/]+)$/.exec(route))) {
			if (!campaigns.delete(m[1])) return v1Error(404, 20, 'Campaign not found');
			return { status: 200, body: { campaign_token: m[1] }, note: { deleted: m[1] } };
		}
		if (route === 'GET 1.1 campaigns/list') return listCampaigns(req.query);
		if ((m = /^GET 1\.1 campaigns\/stats\/([^/]+)$/.exec(route))) {
			if (!campaigns.has(m[1])) return v1Error(404, 20, 'Campaign not found');
			return {
				status: 200,
				body: {
					campaign_token: m[1],
					detail: [
						{
							date: '2017-03-02T09:43:17',
							sent: 754,
							direct_open: 102,
							influenced_open: 98,
							reengaged: 12,
							errors: 0,
						},
					],
				},
			};
		}
		if ((m = /^GET 1\.1 campaigns\/([^/]+)$/.exec(route))) {
			const campaign = campaigns.get(m[1]);
			return campaign ? { status: 200, body: campaign } : v1Error(404, 20, 'Campaign not found');
		}
		if (route === 'POST 1.1 transactional/send') return transactional(body);
		if (route === 'POST 1.0 data/users') return bulkCustomData(body);
		if ((m = /^POST 1\.0 data\/users\/([^/]+)$/.exec(route)))
			return customData(decodeURIComponent(m[1]), body);
		if ((m = /^DELETE 1\.0 data\/users\/([^/]+)$/.exec(route)))
			return {
				status: 202,
				body: { token: randomUUID() },
				note: { deleted: decodeURIComponent(m[1]) },
			};
		return v1Error(404, 20, 'Route not found');
	}

	/** @param {any} body @param {boolean} partial @returns {string | undefined} */
	function campaignProblem(body, partial) {
		if (!body || typeof body !== 'object' || Array.isArray(body)) return 'body must be an object';
		if (!partial || body.name !== undefined) {
			if (typeof body.name !== 'string') return 'name is required';
			if (body.name.length < 3) return 'name must be at least 3 characters';
		}
		if (!partial && typeof body.live !== 'boolean') return 'live is required';
		if (!partial || body.messages !== undefined) {
			if (!Array.isArray(body.messages) || body.messages.length === 0)
				return 'messages is required';
			for (const message of body.messages) {
				if (!message || typeof message.language !== 'string' || !message.language)
					return 'messages[].language is required';
				if (typeof message.body !== 'string' || !message.body) return 'messages[].body is required';
			}
		}
		const hasUtc = body.push_time !== undefined;
		const hasLocal = body.local_push_time !== undefined;
		if (!partial && hasUtc === hasLocal)
			return 'exactly one of push_time and local_push_time is required';
		if (hasUtc && body.push_time !== 'now' && !validPushTime(String(body.push_time)))
			return 'push_time must be "now" or yyyy-MM-ddTHH:mm:ss';
		if (hasLocal && !validPushTime(String(body.local_push_time)))
			return 'local_push_time must be yyyy-MM-ddTHH:mm:ss';
		if (body.labels !== undefined && (!Array.isArray(body.labels) || body.labels.length > 3))
			return 'labels: at most 3 labels';
		if (
			body.time_to_live !== undefined &&
			!(
				Number.isInteger(body.time_to_live) &&
				body.time_to_live > 0 &&
				body.time_to_live <= 2419200
			)
		)
			return 'time_to_live must be greater than 0 and at most 28 days';
		if (body.priority !== undefined && body.priority !== 'normal' && body.priority !== 'high')
			return 'priority must be normal or high';
		if (body.custom_payload !== undefined && typeof body.custom_payload !== 'string')
			return 'custom_payload must be a string';
		return undefined;
	}

	/** @param {any} body */
	function createCampaign(body) {
		const problem = campaignProblem(body, false);
		if (problem) return v1Error(400, /required/.test(problem) ? 30 : 31, problem);
		const token = randomBytes(16).toString('hex');
		campaigns.set(token, {
			campaign_token: token,
			from_api: true,
			dev_only: false,
			created_date: new Date().toISOString().slice(0, 19),
			...body,
		});
		return { status: 201, body: { campaign_token: token }, note: body };
	}

	/** @param {string} token @param {any} body */
	function updateCampaign(token, body) {
		const campaign = campaigns.get(token);
		if (!campaign) return v1Error(404, 20, 'Campaign not found');
		const problem = campaignProblem(body, true);
		if (problem) return v1Error(400, 31, problem);
		if (body.push_time !== undefined) delete campaign.local_push_time;
		if (body.local_push_time !== undefined) delete campaign.push_time;
		Object.assign(campaign, body);
		return { status: 200, body: { campaign_token: token }, note: body };
	}

	/** @param {URLSearchParams} query */
	function listCampaigns(query) {
		const from = Number(query.get('from') ?? 0);
		const limit = Number(query.get('limit') ?? 10);
		if (!Number.isInteger(limit) || limit < 1 || limit > 100)
			return v1Error(400, 31, 'limit must be between 1 and 100');
		let list = [...campaigns.values()];
		if (query.has('live')) list = list.filter((c) => String(c.live) === query.get('live'));
		const page = list.slice(from, from + limit).map((c) => ({
			campaign_token: c.campaign_token,
			from_api: c.from_api,
			dev_only: c.dev_only,
			created_date: c.created_date,
			name: c.name,
			live: c.live,
			push_time: c.push_time ?? c.local_push_time,
		}));
		return { status: 200, body: page };
	}

	/** @param {any} body */
	function transactional(body) {
		if (!body || typeof body !== 'object') return v1Error(400, 30, 'body is required');
		if (typeof body.group_id !== 'string') return v1Error(400, 30, 'group_id is required');
		if (!GROUP_ID.test(body.group_id))
			return v1Error(400, 31, 'group_id: only a-z, A-Z, 0-9, _ and - are allowed');
		const recipients = body.recipients;
		if (!recipients || typeof recipients !== 'object')
			return v1Error(400, 30, 'recipients is required');
		let total = 0;
		for (const [kind, list] of Object.entries(recipients)) {
			if (!['tokens', 'custom_ids', 'install_ids'].includes(kind))
				return v1Error(400, 31, `recipients.${kind} is not a recipient type`);
			if (!Array.isArray(list) || list.some((r) => typeof r !== 'string' || r === ''))
				return v1Error(400, 31, `recipients.${kind} must be an array of strings`);
			total += list.length;
		}
		if (total === 0) return v1Error(400, 30, 'recipients: at least one recipient is required');
		if (total > 10000) return v1Error(400, 31, 'recipients: at most 10000 recipients per call');
		if (!body.message || typeof body.message.body !== 'string' || !body.message.body)
			return v1Error(400, 30, 'message.body is required');
		if (body.custom_payload !== undefined && typeof body.custom_payload !== 'string')
			return v1Error(400, 31, 'custom_payload must be a string');
		const token = randomUUID();
		const { recipients: _r, ...message } = body;
		return {
			status: 201,
			body: { token },
			note: { token, message, count: total, recipients: keepBodies ? recipients : undefined },
		};
	}

	/** @param {any} update */
	function updateProblem(update) {
		if (!update || typeof update !== 'object') return 'update is required';
		if (!update.values || typeof update.values !== 'object' || Array.isArray(update.values))
			return 'values is required';
		if (Object.keys(update.values).length === 0 && update.overwrite !== true)
			return 'values must have at least one property';
		if (update.overwrite !== undefined && typeof update.overwrite !== 'boolean')
			return 'overwrite must be a boolean';
		for (const key of Object.keys(update.values)) {
			if (!/^(u\.[a-z0-9_]{1,30}|date\(u\.[a-z0-9_]{1,30}\)|ut\.[a-z0-9_]{1,30})$/.test(key))
				return `values: "${key}" is not a valid key`;
		}
		return undefined;
	}

	/** @param {string} id @param {any} body */
	function customData(id, body) {
		const problem = updateProblem(body);
		if (problem) return v1Error(400, /required/.test(problem) ? 30 : 31, problem);
		return { status: 202, body: { token: randomUUID() }, note: { id, update: body } };
	}

	/** @param {any} body */
	function bulkCustomData(body) {
		if (!Array.isArray(body) || body.length === 0)
			return v1Error(400, 30, 'an array of users is required');
		if (body.length > 10000) return v1Error(400, 31, 'at most 10000 users per call');
		for (const [index, entry] of body.entries()) {
			if (!entry || typeof entry.id !== 'string' || !entry.id)
				return v1Error(400, 30, `[${index}].id is required`);
			const problem = updateProblem(entry.update);
			if (problem) return v1Error(400, 31, `[${index}].${problem}`);
		}
		return {
			status: 202,
			body: { token: randomUUID() },
			note: { ids: body.map((e) => e.id), users: keepBodies ? body : undefined },
		};
	}

	/** @param {any} req @param {string} rest */
	function handleV2(req, rest) {
		if (
			req.headers.authorization !== `Bearer ${restApiKey}` ||
			req.headers['x-batch-project'] !== projectKey
		) {
			return v2Error(
				401,
				'AUTHENTICATION_INVALID',
				'The Rest API Key is not valid for this project',
			);
		}
		const parsed = parseBody(req);
		if (!parsed.ok) return v2Error(400, 'MALFORMED_JSON_BODY', 'The request is malformed');
		const body = parsed.value;
		const route = `${req.method} ${rest}`;
		if (route === 'POST profiles/update') return profiles(body, false);
		if (route === 'POST profiles/mass-update') return profiles(body, true);
		if (route === 'POST campaigns/create') return createOrchestration(body);
		if (route === 'POST campaigns/update') return updateOrchestration(body);
		if (route === 'POST campaigns/delete') return deleteOrchestration(body);
		if (route === 'GET orchestrations/list') return listOrchestrations(req.query);
		if (route === 'GET orchestrations/view') return viewOrchestration(req.query);
		if (route === 'GET orchestrations/stats') return orchestrationStats(req.query);
		return v2Error(404, 'ROUTE_NOT_FOUND', 'Route not found');
	}

	/**
	 * profiles/update checks each operation and can answer SUCCESS_WITH_PARTIAL_ERRORS;
	 * profiles/mass-update takes up to 10,000 and answers SUCCESS, applying them afterwards (as documented).
	 * @param {any} body @param {boolean} mass
	 */
	function profiles(body, mass) {
		const most = mass ? 10_000 : 200;
		if (!Array.isArray(body) || body.length === 0)
			return v2Error(
				400,
				'MISSING_PARAMETER',
				'The request is malformed: an array of operations is required',
			);
		if (body.length > most)
			return v2Error(
				400,
				'MALFORMED_PARAMETER',
				`The request is malformed: at most ${most} operations per call`,
			);
		const errors = [];
		for (const [index, op] of body.entries()) {
			if (!op || typeof op.identifiers?.custom_id !== 'string' || !op.identifiers.custom_id) {
				return v2Error(
					400,
					'MISSING_PARAMETER',
					`The request is malformed: [${index}].identifiers.custom_id is required`,
				);
			}
			const reason = mass ? undefined : refuseProfile(op, index);
			if (reason) errors.push({ category: 'identifiers', bulk_index: index, reason });
		}
		return {
			status: 202,
			body: errors.length ? { code: 'SUCCESS_WITH_PARTIAL_ERRORS', errors } : { code: 'SUCCESS' },
			note: {
				ids: body.map((op) => op.identifiers.custom_id),
				refused: errors.map((e) => e.bulk_index),
			},
		};
	}

	/**
	 * What is wrong with a CEP campaign body, as campaigns/create documents it; `partial` for
	 * the `campaign` of campaigns/update (only the fields given are checked).
	 * @param {any} campaign @param {boolean} partial
	 */
	function orchestrationProblem(campaign, partial) {
		const missing = (/** @type {string} */ field) =>
			v2Error(400, 'MISSING_PARAMETER', `The request is malformed: ${field} is required`);
		const malformed = (/** @type {string} */ what) =>
			v2Error(400, 'MALFORMED_PARAMETER', `The request is malformed: ${what}`);
		if (!campaign || typeof campaign !== 'object' || Array.isArray(campaign))
			return malformed('the campaign must be an object');
		if (!partial)
			for (const field of ['name', 'state', 'when', 'messages'])
				if (campaign[field] === undefined) return missing(field);
		if ('name' in campaign && (typeof campaign.name !== 'string' || !campaign.name.trim()))
			return malformed('name must be a non-empty string');
		if ('state' in campaign && !['DRAFT', 'RUNNING', 'STOPPED'].includes(campaign.state))
			return malformed('state must be DRAFT, RUNNING or STOPPED');
		if ('when' in campaign) {
			const when = campaign.when;
			if (!when || typeof when !== 'object') return malformed('when must be an object');
			if (when.start_time !== 'now' && Number.isNaN(Date.parse(String(when.start_time))))
				return malformed('when.start_time must be "now" or a date-time');
			if ('local_time' in when && typeof when.local_time !== 'boolean')
				return malformed('when.local_time must be a boolean');
		}
		if ('messages' in campaign) {
			const messages = campaign.messages;
			if (!Array.isArray(messages) || messages.length !== 1)
				return malformed('messages must contain exactly one element');
			if (!['push', 'email'].includes(messages[0]?.channel_type))
				return malformed('messages[0].channel_type must be push or email');
		}
		if ('labels' in campaign && (!Array.isArray(campaign.labels) || campaign.labels.length > 5))
			return malformed('labels is limited at 5 labels per campaign');
		if (
			'send_rate' in campaign &&
			!(
				Number.isInteger(campaign.send_rate) &&
				campaign.send_rate >= 1000 &&
				campaign.send_rate <= 1_000_000
			)
		)
			return malformed('send_rate must be between 1000 and 1000000');
		return undefined;
	}

	/** @param {any} campaign */
	function createOrchestration(campaign) {
		const problem = orchestrationProblem(campaign, false);
		if (problem) return problem;
		const id = `orchestration_${randomBytes(16).toString('hex')}`;
		const now = new Date().toISOString().slice(0, 19);
		orchestrations.set(id, { ...campaign, id, created_date: now, updated_date: now });
		return { status: 200, body: { id }, note: campaign };
	}

	/** @param {any} body */
	function orchestrationOf(body) {
		if (!body || typeof body.id !== 'string' || !body.id)
			return {
				error: v2Error(400, 'MISSING_PARAMETER', 'The request is malformed: id is required'),
			};
		const found = orchestrations.get(body.id);
		return found ? { found } : { error: v2Error(404, 'NOT_FOUND', 'Not found') };
	}

	/** @param {any} body */
	function updateOrchestration(body) {
		const { found, error } = orchestrationOf(body);
		if (error) return error;
		const problem = orchestrationProblem(body.campaign, true);
		if (problem) return problem;
		Object.assign(found, body.campaign, { updated_date: new Date().toISOString().slice(0, 19) });
		return { status: 200, body: {}, note: body };
	}

	/** @param {any} body */
	function deleteOrchestration(body) {
		const { error } = orchestrationOf(body);
		if (error) return error;
		orchestrations.delete(body.id);
		return deleteStatus === 204
			? { status: 204, note: body }
			: { status: 200, body: {}, note: body };
	}

	/** The list entry of an orchestration, with the documented fields. @param {any} o */
	function orchestrationSummary(o) {
		return {
			id: o.id,
			type: 'campaign',
			channels: [o.messages[0].channel_type],
			platforms: ['ios', 'android'],
			source: 'api',
			created_date: o.created_date,
			name: o.name,
			labels: o.labels ?? [],
			status: String(o.state).toLowerCase(),
			start_time: o.when.start_time === 'now' ? o.created_date : o.when.start_time,
		};
	}

	/** `from` is an opaque cursor: here, the position encoded in base64url. @param {URLSearchParams} query */
	function listOrchestrations(query) {
		const limit = query.get('limit') === null ? 10 : Number(query.get('limit'));
		if (!Number.isInteger(limit) || limit < 1 || limit > 100)
			return v2Error(
				400,
				'MALFORMED_PARAMETER',
				'The request is malformed: limit must be 1 to 100',
			);
		const start =
			query.get('from') === null
				? 0
				: Number(Buffer.from(String(query.get('from')), 'base64url').toString());
		if (!Number.isInteger(start) || start < 0)
			return v2Error(400, 'MALFORMED_PARAMETER', 'The request is malformed: from is not a cursor');
		const all = [...orchestrations.values()];
		const page = all.slice(start, start + limit);
		const hasMore = start + limit < all.length;
		return {
			status: 200,
			body: {
				orchestrations: page.map(orchestrationSummary),
				count: all.length,
				has_more: hasMore,
				...(hasMore ? { next_from: Buffer.from(String(start + limit)).toString('base64url') } : {}),
			},
		};
	}

	/** @param {any} query */
	function viewOrchestration(query) {
		const { found, error } = orchestrationOf({ id: query.get('orchestration_id') });
		if (error) return error;
		const { type, id, name, labels, status, source, created_date, start_time } =
			orchestrationSummary(found);
		return {
			status: 200,
			body: {
				id,
				type,
				name,
				status,
				source,
				labels,
				created_date,
				updated_date: found.updated_date,
				start_time,
			},
		};
	}

	/** @param {any} query */
	function orchestrationStats(query) {
		const { found, error } = orchestrationOf({ id: query.get('orchestration_id') });
		if (error) return error;
		const day = /^\d{4}-\d{2}-\d{2}$/;
		for (const field of ['from', 'to'])
			if (!day.test(String(query.get(field) ?? '')))
				return v2Error(
					400,
					'MALFORMED_PARAMETER',
					`The request is malformed: ${field} must be yyyy-MM-dd`,
				);
		const earliest = new Date();
		earliest.setUTCMonth(earliest.getUTCMonth() - 6);
		if (query.get('from') < earliest.toISOString().slice(0, 10))
			return v2Error(
				400,
				'MALFORMED_PARAMETER',
				'The request is malformed: from cannot be earlier than 6 months ago',
			);
		const details = [];
		for (
			let d = new Date(`${query.get('from')}T00:00:00Z`);
			d.toISOString().slice(0, 10) <= query.get('to');
			d.setUTCDate(d.getUTCDate() + 1)
		)
			details.push({
				date: d.toISOString().slice(0, 10),
				sent: 0,
				delivered: 0,
				unique_open: 0,
				total_open: 0,
			});
		return { status: 200, body: { id: found.id, details } };
	}

	/** @param {number} status @param {any} req */
	function faultBody(status, req) {
		const v2 = /^\/2\.\d+\//.test(req.path);
		const table = {
			400: ['MALFORMED_PARAMETER', 31, 'The request is malformed'],
			401: ['AUTHENTICATION_INVALID', 10, 'Authentication invalid'],
			404: ['ROUTE_NOT_FOUND', 20, 'Route not found'],
			413: ['REQUEST_TOO_LARGE', 31, 'Request entity too large'],
			429: ['TOO_MANY_REQUESTS', 'TOO_MANY_REQUESTS', 'Too Many Requests'],
			500: ['SERVER_ERROR', 1, 'Unexpected error'],
			503: ['MAINTENANCE', 2, "Batch's services are under maintenance. Please try again later"],
		};
		const [code2, code1, message] = /** @type {any} */ (table)[status] ?? [
			'SERVER_ERROR',
			1,
			'Unexpected error',
		];
		return v2 ? { error_code: code2, error_message: message } : { code: code1, message };
	}

	const emulator = createEmulator({
		name: 'batch',
		handle,
		faultBody,
		port: options.port,
		keepBodies: options.keepBodies,
	});
	// Forgetting the record also forgets the campaigns created so far (POST /__emulator/reset too).
	const forgetRequests = emulator.reset.bind(emulator);
	emulator.reset = () => {
		forgetRequests();
		campaigns.clear();
		orchestrations.clear();
	};
	return Object.assign(emulator, {
		restApiKey,
		apiKey: [...apiKeys][0],
		projectKey,
		campaigns,
		orchestrations,
	});
}

module.exports = { createBatchEmulator };
