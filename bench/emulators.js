// @ts-check
'use strict';
/**
 * The three service emulators for the benchmark, in a process of their own (bench/run.js forks
 * this file and talks to it over IPC).
 *
 * Why a separate process: on a 2-core machine n8n's main thread takes one core while a case
 * runs. The emulators parse and verify every request (SAS HMAC, multipart, JSON of up to
 * 10,000 recipients), and bench/run.js itself has work to do between cases (reading back and
 * unflattening executions of 100,000 items). Keeping the emulators apart keeps their event loop
 * free of that work, and lets each case report how much CPU the emulators used, so that the
 * reader can see they are not what limits n8n.
 *
 * Bodies are not kept (`keepBodies: false`), and the devices, keys and elements a handler notes
 * on each record are replaced by their count, so a 1,000,000-handle case does not grow this
 * process by a million strings. The first body of each service after a reset is kept as a
 * sample, to compare what n8n sent with what the floor sent.
 *
 * While a service is paced (`pace`, the adaptive-concurrency cases), every recipient it accepts
 * is also kept, to count the ones it accepted twice; those cases send 20,000–200,000.
 *
 * IPC: { id, cmd: 'stats' | 'reset' | 'pace' | 'addMessage' | 'stop', ... } → { id, ok, result | error }.
 */
const { createAzureEmulator } = require('../test/emulators/azure');
const { createSfmcEmulator } = require('../test/emulators/sfmc');
const { createBatchEmulator } = require('../test/emulators/batch');

/** @typedef {{ requests: number, byStatus: Record<string, number>, recipients: number, bodyBytes: number, connections: number, tokenRequests: number, sample: string, twice: number, pace?: any }} ServiceStats */

/**
 * How many recipients a handled request carried, read from the note its handler made.
 * @param {string} service @param {any} note
 */
function recipientsOf(service, note) {
	if (!note) return 0;
	if (service === 'azure')
		return Array.isArray(note.devices) ? note.devices.length : note.handle ? 1 : 0;
	if (service === 'sfmc') {
		if (!Array.isArray(note.elements)) return 0;
		let total = 0;
		for (const element of note.elements)
			total += (element.SubscriberKeys ?? element.DeviceTokens ?? []).length;
		return total;
	}
	if (service === 'batch') return typeof note.count === 'number' ? note.count : 0;
	return 0;
}

/**
 * The recipients a handled request carried, one by one (paced cases only).
 * @param {string} service @param {any} note @param {Buffer} body
 * @returns {string[]}
 */
function recipientIdsOf(service, note, body) {
	if (service === 'azure') return Array.isArray(note?.devices) ? note.devices : [];
	if (service === 'sfmc')
		return (note?.elements ?? []).flatMap(
			(/** @type {any} */ element) => element.SubscriberKeys ?? element.DeviceTokens ?? [],
		);
	const recipients = JSON.parse(body.toString('utf8') || '{}').recipients ?? {};
	return [
		...(recipients.custom_ids ?? []),
		...(recipients.tokens ?? []),
		...(recipients.install_ids ?? []),
	];
}

async function main() {
	const emulators = {
		azure: createAzureEmulator({ keepBodies: false }),
		sfmc: createSfmcEmulator({ keepBodies: false }),
		batch: createBatchEmulator({ keepBodies: false }),
	};
	/** @type {Record<string, ServiceStats>} */
	const stats = {};
	const fresh = () => ({
		requests: 0,
		byStatus: {},
		recipients: 0,
		bodyBytes: 0,
		connections: 0,
		tokenRequests: 0,
		sample: '',
		twice: 0,
	});
	/** Recipients accepted so far, per paced service. @type {Record<string, Set<string>>} */
	const accepted = {};

	for (const [service, emulator] of Object.entries(emulators)) {
		stats[service] = fresh();
		const original = emulator.options.handle;
		emulator.options.handle = async (req, self) => {
			const s = stats[service];
			if (!s.sample && req.method === 'POST' && !req.path.endsWith('/v2/token'))
				s.sample = req.body.toString('utf8');
			const reply = await original(req, self);
			s.requests++;
			s.bodyBytes += req.bodyLength;
			s.byStatus[reply.status] = (s.byStatus[reply.status] ?? 0) + 1;
			if (req.path === '/v2/token') s.tokenRequests++;
			if (reply.status >= 200 && reply.status < 300) {
				s.recipients += recipientsOf(service, reply.note);
				const seen = accepted[service];
				if (seen) {
					for (const id of recipientIdsOf(service, reply.note, req.body)) {
						if (seen.has(id)) s.twice++;
						else seen.add(id);
					}
				}
			}
			// Keep the record small: the count is all the benchmark needs.
			reply.note = undefined;
			return reply;
		};
		await emulator.start();
		/** @type {import('node:http').Server} */ (emulator.server).on('connection', () => {
			stats[service].connections++;
		});
	}

	let cpu = process.cpuUsage();
	const reset = () => {
		for (const [service, emulator] of Object.entries(emulators)) {
			// The Batch emulator's reset also forgets campaigns; SFMC keeps its messages and tokens.
			emulator.reset();
			stats[service] = fresh();
			if (accepted[service]) accepted[service] = new Set();
		}
		cpu = process.cpuUsage();
	};

	/** @param {any} message */
	const answer = async (message) => {
		switch (message.cmd) {
			case 'info':
				return {
					pid: process.pid,
					azure: {
						url: emulators.azure.url,
						hubName: emulators.azure.hubName,
						keyName: emulators.azure.keyName,
						key: emulators.azure.key,
						credential: emulators.azure.sandboxCredential(),
					},
					sfmc: {
						url: emulators.sfmc.url,
						clientId: emulators.sfmc.clientId,
						clientSecret: emulators.sfmc.clientSecret,
						credential: emulators.sfmc.sandboxCredential(),
					},
					batch: {
						url: emulators.batch.url,
						restApiKey: emulators.batch.restApiKey,
						apiKey: emulators.batch.apiKey,
						projectKey: emulators.batch.projectKey,
					},
				};
			case 'addMessage':
				return emulators.sfmc.addActiveMessage(message.messageId);
			case 'reset':
				reset();
				return true;
			case 'pace': {
				const emulator = emulators[/** @type {'azure' | 'sfmc' | 'batch'} */ (message.service)];
				const pacing = message.pacing
					? { ...message.pacing, path: new RegExp(message.pacing.path) }
					: undefined;
				emulator.pace(pacing);
				if (pacing) accepted[message.service] = new Set();
				else delete accepted[message.service];
				return true;
			}
			case 'stats': {
				for (const [service, emulator] of Object.entries(emulators))
					if (emulator.pacing) stats[service].pace = { ...emulator.paceStats };
				const used = process.cpuUsage(cpu);
				return {
					services: stats,
					cpuMs: Math.round((used.user + used.system) / 1000),
					rss: process.memoryUsage().rss,
				};
			}
			case 'stop':
				await Promise.all(Object.values(emulators).map((emulator) => emulator.stop()));
				return true;
			default:
				throw new Error(`unknown command ${message.cmd}`);
		}
	};

	process.on('message', (/** @type {any} */ message) => {
		const done = message.cmd === 'stop' ? () => process.exit(0) : undefined;
		answer(message).then(
			(result) => process.send?.({ id: message.id, ok: true, result }, undefined, {}, done),
			(error) =>
				process.send?.(
					{ id: message.id, ok: false, error: String(error?.stack ?? error) },
					undefined,
					{},
					done,
				),
		);
	});
	// The benchmark going away (even killed) ends this process too.
	process.on('disconnect', () => process.exit(0));
	process.send?.({ ready: true });
}

main().catch((error) => {
	process.stderr.write(`bench emulators failed: ${error?.stack ?? error}\n`);
	process.exit(1);
});
