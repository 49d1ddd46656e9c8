#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * `npm run demo`: a local n8n at http://127.0.0.1:5678 with this package installed, the three
 * service emulators running on loopback, sandbox credentials pointing at them, and every
 * workflow in examples/ imported (webhook ones published), so a newcomer can open a workflow
 * and press "Execute workflow" with no real account. Ctrl-C stops everything this started.
 *
 * Each run starts from a fresh n8n user folder (under .cache/demo), so the demo always shows the
 * examples as committed. Set DEMO_PORT to use another port than 5678.
 */
const fs = require('node:fs');
const path = require('node:path');

const { launchN8n, stopN8n, N8nSession, OWNER } = require('../test/e2e/n8n');

const root = path.resolve(__dirname, '..');

/**
 * The services: their emulator, a fixed port (so the credentials stay valid), and the sandbox
 * credential a user would otherwise fill in with real keys.
 * @type {Array<{ name: string, prefix: string, port: number, start: () => Promise<any>, credential: (emulator: any) => { type: string, name: string, data: Record<string, unknown> } }>}
 */
const services = [
	{
		name: 'Azure Notification Hubs',
		prefix: 'azure-',
		port: 5701,
		start: async () => {
			const { createAzureEmulator } = require('../test/emulators/azure');
			const emulator = createAzureEmulator({ port: 5701 });
			await emulator.start();
			return emulator;
		},
		credential: (emulator) => ({
			type: 'azureNotificationHubsApi',
			name: 'Azure Notification Hubs sandbox',
			data: emulator.sandboxCredential(),
		}),
	},
	{
		name: 'Salesforce Marketing Cloud',
		prefix: 'sfmc-',
		port: 5702,
		start: async () => {
			const { createSfmcEmulator } = require('../test/emulators/sfmc');
			const emulator = createSfmcEmulator({ port: 5702 });
			await emulator.start();
			return emulator;
		},
		credential: (emulator) => ({
			type: 'salesforceMarketingCloudApi',
			name: 'Salesforce Marketing Cloud sandbox',
			data: emulator.sandboxCredential(),
		}),
	},
	{
		name: 'Batch.com',
		prefix: 'batch-',
		port: 5703,
		start: async () => {
			const { createBatchEmulator } = require('../test/emulators/batch');
			const emulator = createBatchEmulator({ port: 5703 });
			await emulator.start();
			return emulator;
		},
		credential: (emulator) => ({
			type: 'batchApi',
			name: 'Batch.com sandbox',
			data: {
				restApiKey: emulator.restApiKey,
				apiKey: emulator.apiKey,
				projectKey: emulator.projectKey,
				baseUrl: emulator.url,
			},
		}),
	},
];

/** Points every node's credential of `type` at the imported one. @param {any} workflow @param {Record<string, { id: string, name: string }>} credentials */
function withCredentials(workflow, credentials) {
	for (const node of workflow.nodes) {
		for (const type of Object.keys(node.credentials ?? {})) {
			if (credentials[type]) node.credentials[type] = credentials[type];
		}
	}
	return workflow;
}

async function main() {
	const port = Number(process.env.DEMO_PORT ?? 5678);
	const userFolder = path.join(root, '.cache', 'demo');
	fs.rmSync(userFolder, { recursive: true, force: true });
	fs.mkdirSync(userFolder, { recursive: true });

	/** @type {any[]} */
	const emulators = [];
	/** @type {any} */
	let info;
	let stopping = false;
	const stop = async (exitCode = 0) => {
		if (stopping) return;
		stopping = true;
		process.stdout.write('\nStopping n8n and the emulators…\n');
		if (info) await stopN8n(info);
		await Promise.all(emulators.map((emulator) => emulator.stop()));
		process.exit(exitCode);
	};
	process.on('SIGINT', () => stop(0));
	process.on('SIGTERM', () => stop(0));

	try {
		for (const service of services) emulators.push(await service.start());
		process.stdout.write(
			`Starting n8n on http://127.0.0.1:${port} (first run provisions n8n into .cache/, a few minutes)…\n`,
		);
		info = await launchN8n({ port, userFolder, logFile: path.join(userFolder, 'n8n.log') });
		const n8n = await new N8nSession(info, true).login();

		/** @type {Record<string, { id: string, name: string }>} */
		const credentials = {};
		for (let index = 0; index < services.length; index++) {
			const credential = services[index].credential(emulators[index]);
			credentials[credential.type] = {
				id: await n8n.importCredential(credential),
				name: credential.name,
			};
		}

		const examples = fs
			.readdirSync(path.join(root, 'examples'))
			.filter((file) => file.endsWith('.json'))
			.sort();
		const imported = [];
		for (const file of examples) {
			const workflow = withCredentials(
				JSON.parse(fs.readFileSync(path.join(root, 'examples', file), 'utf8')),
				credentials,
			);
			const hasWebhook = workflow.nodes.some(
				(/** @type {any} */ node) => node.type === 'n8n-nodes-base.webhook',
			);
			const id = await n8n.importWorkflow(workflow, { activate: hasWebhook });
			const webhook = workflow.nodes.find(
				(/** @type {any} */ node) => node.type === 'n8n-nodes-base.webhook',
			);
			imported.push(
				`  ${workflow.name}\n    ${n8n.baseUrl}/workflow/${id}${webhook ? `\n    webhook: POST ${n8n.baseUrl}/webhook/${webhook.parameters.path}` : ''}`,
			);
		}

		process.stdout.write(
			[
				'',
				`n8n ${info.n8nVersion} is running at ${n8n.baseUrl}`,
				`  log in as ${OWNER.email} / ${OWNER.password}`,
				'',
				'Service emulators (sandbox credentials in n8n point at them; every request is recorded):',
				...services.map(
					(service, index) =>
						`  ${service.name}: ${emulators[index].url}  (requests: ${emulators[index].url}/__emulator/requests)`,
				),
				'',
				'Example workflows:',
				...imported,
				'',
				'Open a workflow and press "Execute workflow". Ctrl-C stops n8n and the emulators.',
				'',
			].join('\n'),
		);
	} catch (error) {
		process.stderr.write(`demo failed: ${error instanceof Error ? error.stack : String(error)}\n`);
		await stop(1);
	}
}

main();
