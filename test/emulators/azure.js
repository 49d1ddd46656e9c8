// @ts-check
'use strict';
/**
 * A local Azure Notification Hubs, as strict as the REST docs are:
 * - every request carries `Authorization: SharedAccessSignature sr=…&sig=…&se=…&skn=…`; the
 *   emulator recomputes the HMAC with its key, checks the key name, the expiry, and that `sr`
 *   covers the request URL (401 otherwise, with Azure's XML error body);
 * - `POST /{hub}/messages/$batch?direct` must be multipart/mixed with a boundary that matches
 *   the body (RFC 2046), a `notification` part and a `devices` part holding a JSON array of at
 *   most 1,000 handles; a malformed body gets the documented 400, a notification over 64 KB 413;
 * - direct and tag sends, scheduled sends and cancel, per-message telemetry, installations.
 * A send answers 201 with `Location: …/{hub}/messages/{id}?api-version=…` and `TrackingId`.
 */
const { createHmac, randomUUID } = require('node:crypto');

const { createEmulator } = require('./emulator');

const MAX_DEVICES = 1000;
const MAX_PAYLOAD = 64 * 1024;
const FORMATS = new Set([
	'apple',
	'fcmv1',
	'gcm',
	'windows',
	'adm',
	'baidu',
	'xiaomi',
	'browser',
	'template',
]);

/** @param {number} status @param {string} detail */
const xmlError = (status, detail) =>
	`<Error><Code>${status}</Code><Detail>${detail} TrackingId:${randomUUID()}</Detail></Error>`;

const DOCUMENTED = /** @type {Record<number, string>} */ ({
	400: 'Could not find a part of the multipart content supplied.',
	401: 'Authorization failure. The access key was incorrect.',
	403: 'Quota exceeded or message too large; message was rejected.',
	404: 'No message branch at the URI.',
	413: 'Requested entity too large. The message size cannot be over 64 Kb.',
	429: 'The request was throttled.',
	500: 'Unknown error has occured.',
	503: 'The server is busy.',
});

/**
 * Parses a multipart/mixed body per RFC 2046: parts between `--boundary` lines, each with
 * headers, a blank line, and a body; the close delimiter `--boundary--` ends it.
 * @param {Buffer} body @param {string} boundary
 * @returns {Array<{ headers: Record<string, string>, body: Buffer }> | string} parts, or what is wrong
 */
function parseMultipart(body, boundary) {
	const delimiter = Buffer.from(`--${boundary}`);
	const parts = [];
	let position = body.indexOf(delimiter);
	if (position !== 0) return 'the body does not start with the boundary';
	for (;;) {
		const afterDelimiter = position + delimiter.length;
		if (body.slice(afterDelimiter, afterDelimiter + 2).toString() === '--') break;
		if (body.slice(afterDelimiter, afterDelimiter + 2).toString() !== '\r\n')
			return 'a boundary line does not end in CRLF';
		const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), afterDelimiter);
		if (next < 0) return 'no close delimiter';
		const part = body.slice(afterDelimiter + 2, next);
		const headerEnd = part.indexOf('\r\n\r\n');
		if (headerEnd < 0) return 'a part has no blank line after its headers';
		/** @type {Record<string, string>} */
		const headers = {};
		for (const line of part.slice(0, headerEnd).toString('utf8').split('\r\n')) {
			const colon = line.indexOf(':');
			if (colon <= 0) return `malformed part header "${line}"`;
			headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
		}
		parts.push({ headers, body: part.slice(headerEnd + 4) });
		position = next + 2;
	}
	return parts;
}

/**
 * @param {{ namespace?: string, hubName?: string, keyName?: string, key?: string, port?: number, keepBodies?: boolean }} [options]
 */
function createAzureEmulator(options = {}) {
	const hubName = options.hubName ?? 'push-hub';
	const keyName = options.keyName ?? 'DefaultFullSharedAccessSignature';
	const key = options.key ?? 'c2FuZGJveC1rZXktZm9yLWxvY2FsLXRlc3Rz=';
	/** @type {Map<string, any>} */
	const installations = new Map();
	/** @type {Map<string, any>} */
	const scheduled = new Map();
	/** @type {Set<string>} */
	const sent = new Set();

	/** @param {number} status @param {string=} detail @param {Record<string, string>=} headers */
	const error = (status, detail, headers) => ({
		status,
		headers: { 'Content-Type': 'application/xml; charset=utf-8', ...(headers ?? {}) },
		body: xmlError(status, detail ?? DOCUMENTED[status] ?? 'Error.'),
	});

	/** @param {any} req @returns {string | undefined} why the signature is refused */
	function checkSignature(req) {
		const header = String(req.headers.authorization ?? '');
		const match = /^SharedAccessSignature (.+)$/.exec(header);
		if (!match) return 'MissingToken: The authorization header was not found.';
		const fields = Object.fromEntries(
			match[1]
				.split('&')
				.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
		);
		if (!fields.sr || !fields.sig || !fields.se || !fields.skn)
			return 'MalformedToken: The token lacks sr, sig, se or skn.';
		if (decodeURIComponent(fields.skn) !== keyName)
			return `InvalidSignature: The key name ${decodeURIComponent(fields.skn)} is not known.`;
		const expected = encodeURIComponent(
			createHmac('sha256', Buffer.from(key, 'utf8'))
				.update(`${fields.sr}\n${fields.se}`, 'utf8')
				.digest('base64'),
		);
		if (expected !== fields.sig) return 'InvalidSignature: The token has an invalid signature.';
		if (Number(fields.se) * 1000 < Date.now()) return 'ExpiredToken: The token is expired.';
		const resource = decodeURIComponent(fields.sr).toLowerCase();
		const target = `${emulator.url}${req.path}`.toLowerCase();
		if (!target.startsWith(resource.replace(/\/$/, '')))
			return `InvalidAudience: The token's resource ${resource} does not cover ${target}.`;
		return undefined;
	}

	/** A successful send: 201, Location with a new notification id, TrackingId. @param {any} note */
	function accepted(note) {
		const id = randomUUID().replace(/-/g, '');
		sent.add(id);
		return {
			status: 201,
			headers: {
				Location: `${emulator.url}/${hubName}/messages/${id}?api-version=2020-06`,
				TrackingId: randomUUID(),
				'x-ms-correlation-request-id': randomUUID(),
				'Content-Type': 'application/xml; charset=utf-8',
			},
			note: { ...note, notificationId: id },
		};
	}

	/** @param {any} req */
	function handle(req) {
		const denied = checkSignature(req);
		if (denied) return error(401, denied);
		if (req.query.get('api-version') !== '2020-06')
			return error(
				400,
				`The api-version "${req.query.get('api-version')}" is not supported; use 2020-06.`,
			);
		const prefix = `/${hubName}/`;
		if (!req.path.startsWith(prefix)) return error(404, `No notification hub at ${req.path}.`);
		const route = `${req.method} ${req.path.slice(prefix.length)}`;
		const direct = req.rawQuery
			.split('&')
			.some((/** @type {string} */ part) => part === 'direct' || part.startsWith('direct='));

		if (route === 'POST messages/$batch') return batch(req, direct);
		if (route === 'POST messages/' || route === 'POST messages') return single(req, direct);
		if (route === 'POST schedulednotifications/' || route === 'POST schedulednotifications')
			return schedule(req);
		let m;
		if ((m = /^DELETE schedulednotifications\/([^/]+)$/.exec(route))) {
			if (!scheduled.delete(m[1])) return error(404, 'The scheduled notification was not found.');
			return { status: 200, note: { cancelled: m[1] } };
		}
		if ((m = /^GET messages\/([^/]+)$/.exec(route))) {
			if (!sent.has(m[1])) return error(404, 'The notification was not found.');
			return {
				status: 200,
				headers: { 'Content-Type': 'application/xml; charset=utf-8' },
				body: `<NotificationDetails xmlns="http://schemas.microsoft.com/netservices/2010/10/servicebus/connect"><NotificationId>${m[1]}</NotificationId><Location>${emulator.url}/${hubName}/messages/${m[1]}</Location><State>Completed</State><EnqueueTime>2026-11-23T10:00:00Z</EnqueueTime><StartTime>2026-11-23T10:00:01Z</StartTime><EndTime>2026-11-23T10:00:02Z</EndTime><ApnsOutcomeCounts><Outcome><Name>Success</Name><Count>3</Count></Outcome><Outcome><Name>InvalidToken</Name><Count>1</Count></Outcome></ApnsOutcomeCounts></NotificationDetails>`,
			};
		}
		if ((m = /^(GET|PUT|PATCH|DELETE) installations\/([^/]+)$/.exec(route)))
			return installation(req, m[1], decodeURIComponent(m[2]));
		if (route === 'GET registrations/' || route === 'GET registrations') {
			return {
				status: 200,
				headers: { 'Content-Type': 'application/atom+xml;type=feed;charset=utf-8' },
				body: '<feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Registrations</title></feed>',
			};
		}
		return error(404);
	}

	/** @param {any} req @param {boolean} direct */
	function batch(req, direct) {
		if (!direct) return error(400, 'Batch sends must be direct (query flag "direct").');
		const format = String(req.headers['servicebusnotification-format'] ?? '');
		if (!FORMATS.has(format) || format === 'browser' || format === 'template')
			return error(
				400,
				`The HTTP header 'ServiceBusNotification-Format' has an invalid value: '${format}'.`,
			);
		const contentType = String(req.headers['content-type'] ?? '');
		const boundary = /^multipart\/mixed\s*;\s*boundary\s*=\s*"?([^";]+)"?/i.exec(contentType)?.[1];
		if (!boundary) return error(400, 'The Content-Type must be multipart/mixed with a boundary.');
		const parts = parseMultipart(req.body, boundary);
		if (typeof parts === 'string') return error(400, `${DOCUMENTED[400]} (${parts})`);
		const byName = Object.fromEntries(
			parts.map((part) => [
				/name=(\w+)/.exec(part.headers['content-disposition'] ?? '')?.[1],
				part,
			]),
		);
		if (!byName.notification || !byName.devices) return error(400);
		if (byName.notification.body.length > MAX_PAYLOAD) return error(413);
		/** @type {unknown} */
		let devices;
		try {
			devices = JSON.parse(byName.devices.body.toString('utf8'));
		} catch {
			return error(400, 'The devices part is not a JSON array.');
		}
		if (!Array.isArray(devices) || devices.some((d) => typeof d !== 'string' || d === ''))
			return error(400, 'The devices part must be a JSON array of device handles.');
		if (devices.length > MAX_DEVICES)
			return error(400, `At most ${MAX_DEVICES} devices per request; got ${devices.length}.`);
		const checked = checkPayload(
			format,
			String(req.headers['x-wns-type'] ?? ''),
			byName.notification.headers['content-type'] ?? '',
			byName.notification.body,
		);
		if (checked) return error(400, checked);
		return accepted({
			format,
			devices,
			payload: byName.notification.body.toString('utf8'),
			partContentType: byName.notification.headers['content-type'],
			headers: pnsHeaders(req.headers),
		});
	}

	/** @param {any} req @param {boolean} direct */
	function single(req, direct) {
		const format = String(req.headers['servicebusnotification-format'] ?? '');
		if (!FORMATS.has(format))
			return error(
				400,
				`The HTTP header 'ServiceBusNotification-Format' has an invalid value: '${format}'.`,
			);
		if (req.body.length > MAX_PAYLOAD) return error(413);
		const checked = checkPayload(
			format,
			String(req.headers['x-wns-type'] ?? ''),
			String(req.headers['content-type'] ?? ''),
			req.body,
		);
		if (checked) return error(400, checked);
		if (direct) {
			const handle = req.headers['servicebusnotification-devicehandle'];
			if (!handle)
				return error(400, 'Direct sends need the ServiceBusNotification-DeviceHandle header.');
			if (format === 'browser' && (!req.headers.p256dh || !req.headers.auth))
				return error(400, 'Browser direct sends need P256DH and Auth headers.');
			return accepted({
				format,
				direct: true,
				handle,
				payload: req.body.toString('utf8'),
				headers: pnsHeaders(req.headers),
			});
		}
		return accepted({
			format,
			tags: req.headers['servicebusnotification-tags'] ?? null,
			payload: req.body.toString('utf8'),
			headers: pnsHeaders(req.headers),
		});
	}

	/** @param {any} req */
	function schedule(req) {
		const at = Date.parse(String(req.headers['servicebusnotification-scheduletime'] ?? ''));
		if (Number.isNaN(at))
			return error(400, 'ServiceBusNotification-ScheduleTime is missing or not a date.');
		const response = /** @type {any} */ (single(req, false));
		if (response.status !== 201) return response;
		scheduled.set(response.note.notificationId, { at });
		return {
			...response,
			headers: {
				...response.headers,
				Location: `${emulator.url}/${hubName}/schedulednotifications/${response.note.notificationId}?api-version=2020-06`,
			},
		};
	}

	/** @param {any} req @param {string} method @param {string} id */
	function installation(req, method, id) {
		if (method === 'GET') {
			if (!installations.has(id)) return error(404, 'Installation not found.');
			return { status: 200, body: installations.get(id) };
		}
		if (method === 'DELETE') {
			installations.delete(id);
			return { status: 204, note: { deleted: id } };
		}
		let body;
		try {
			body = JSON.parse(req.body.toString('utf8'));
		} catch {
			return error(400, 'The body is not JSON.');
		}
		if (method === 'PUT') {
			if (body.installationId !== id || !body.platform || !body.pushChannel)
				return error(
					400,
					'An installation needs installationId (matching the URL), platform and pushChannel.',
				);
			// As the SDK's models: a browser's pushChannel is {endpoint, p256dh, auth}, every other platform's a string.
			const channel = body.pushChannel;
			const browserChannel =
				channel &&
				typeof channel === 'object' &&
				['endpoint', 'p256dh', 'auth'].every(
					(key) => typeof channel[key] === 'string' && channel[key] !== '',
				);
			if (body.platform === 'browser' ? !browserChannel : typeof channel !== 'string')
				return error(
					400,
					`The pushChannel of a ${body.platform} installation must be ${body.platform === 'browser' ? 'an object with endpoint, p256dh and auth' : 'a string'}.`,
				);
			installations.set(id, body);
			return { status: 200, note: body };
		}
		if (!installations.has(id)) return error(404, 'Installation not found.');
		if (String(req.headers['content-type']).split(';')[0] !== 'application/json-patch+json')
			return error(415, 'A patch must be application/json-patch+json.');
		const current = installations.get(id);
		for (const op of body) {
			const field = String(op.path).split('/')[1];
			if (op.op === 'remove') delete current[field];
			else if (field === 'tags' && op.op === 'add')
				current.tags = [...(current.tags ?? []), op.value];
			else current[field] = op.value;
		}
		return { status: 200, note: body };
	}

	const emulator = createEmulator({
		name: 'azure-notification-hubs',
		port: options.port,
		keepBodies: options.keepBodies,
		handle,
		faultBody: (status) => xmlError(status, DOCUMENTED[status] ?? 'Error.'),
	});

	/** The credential data a workflow uses to reach this emulator. */
	const sandboxCredential = () => ({
		connectionString: `Endpoint=${emulator.url}/;SharedAccessKeyName=${keyName};SharedAccessKey=${key}`,
		hubName,
	});

	return Object.assign(emulator, {
		hubName,
		keyName,
		key,
		installations,
		scheduled,
		sandboxCredential,
	});
}

/** @param {Record<string, any>} headers */
function pnsHeaders(headers) {
	return Object.fromEntries(
		Object.entries(headers).filter(([name]) => /^(apns-|x-wns-)/i.test(name)),
	);
}

/**
 * @param {string} format @param {string} wnsType @param {string} contentType @param {Buffer} body
 * @returns {string | undefined} what is wrong
 */
function checkPayload(format, wnsType, contentType, body) {
	if (format === 'windows') {
		if (!/^wns\/(toast|tile|badge|raw)$/.test(wnsType))
			return 'Windows notifications need X-WNS-Type wns/toast, wns/tile, wns/badge or wns/raw.';
		if (wnsType === 'wns/raw')
			return contentType.startsWith('application/octet-stream')
				? undefined
				: 'WNS raw needs Content-Type application/octet-stream.';
		if (!/xml/.test(contentType) || !body.toString('utf8').trim().startsWith('<'))
			return 'WNS toast, tile and badge notifications must be XML.';
		return undefined;
	}
	if (!contentType.startsWith('application/json'))
		return `A ${format} notification must be application/json.`;
	try {
		const parsed = JSON.parse(body.toString('utf8'));
		if (
			format === 'fcmv1' &&
			(typeof parsed !== 'object' || parsed === null || typeof parsed.message !== 'object')
		)
			return 'An FCM v1 notification needs a top-level "message" object.';
	} catch {
		return `The ${format} notification is not valid JSON.`;
	}
	return undefined;
}

module.exports = { createAzureEmulator, parseMultipart };
