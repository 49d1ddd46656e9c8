/**
 * The per-service packages as users install them: each packed and installed alone into a real
 * n8n 2.41.1, the way n8n's community-package installer does, and one workflow of its service run
 * there against the emulator; then one per-service package beside the all-in-one in the same n8n,
 * which shares the credential type (credential type names are global in n8n) and must not break it.
 * Each test starts its own n8n (the run's shared one has only the all-in-one).
 */
import azureWorkflow from '../../examples/azure-direct-batch-send.json';
import batchCepWorkflow from '../../examples/batch-cep-campaign.json';
import sfmcWorkflow from '../../examples/sfmc-create-and-send-batch.json';
import { createAzureEmulator } from '../emulators/azure';
import { createBatchEmulator } from '../emulators/batch';
import { createSfmcEmulator } from '../emulators/sfmc';
import { startN8n } from './n8n';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { servicePackages, root } = require('../../scripts/packages') as {
	servicePackages: () => Array<{ service: string; name: string; build: string }>;
	root: string;
};

type N8n = Awaited<ReturnType<typeof startN8n>>;
interface Workflow {
	nodes: Array<{ type: string; credentials?: Record<string, { id: string; name: string }> }>;
}
const ALL_IN_ONE = 'n8n-nodes-push-notifications';
const packageOf = (service: string) => {
	const found = servicePackages().find((pkg) => pkg.service === service);
	if (!found) throw new Error(`no package for ${service}`);
	return found;
};

/** The example as that package's users have it: its node types under the package's name, the credential given. */
function forPackage(
	example: unknown,
	name: string,
	credentialType: string,
	credential: { id: string; name: string },
): Workflow {
	const workflow = JSON.parse(JSON.stringify(example)) as Workflow;
	for (const node of workflow.nodes) {
		node.type = node.type.replace(`${ALL_IN_ONE}.`, `${name}.`);
		if (node.credentials?.[credentialType]) node.credentials[credentialType] = credential;
	}
	return workflow;
}

/** The node types n8n loaded from this repository's packages (their AI-tool variants left out). */
async function communityNodeTypes(n8n: N8n): Promise<string[]> {
	const ours = [ALL_IN_ONE, ...servicePackages().map((pkg) => pkg.name)];
	return [...new Set((await n8n.types('nodes')).map((type) => type.name))]
		.filter((name) => ours.includes(name.split('.')[0]) && !name.endsWith('Tool'))
		.sort();
}

/**
 * Installs one package alone in its own n8n, checks n8n loads its node and no other, runs the
 * service's example workflow against the emulator with a credential of the package's type, and
 * hands the execution to `check`.
 */
async function runAlone<
	E extends { start(): Promise<unknown>; stop(): Promise<unknown> },
>(options: {
	service: string;
	node: string;
	emulator: E;
	credentialType: string;
	credentialData: (emulator: E) => Record<string, unknown>;
	example: unknown;
	check: (execution: Awaited<ReturnType<N8n['runManual']>>, emulator: E) => void;
}) {
	const pkg = packageOf(options.service);
	await options.emulator.start();
	const n8n = await startN8n({ packages: [pkg.build] }).catch(async (error: unknown) => {
		await options.emulator.stop();
		throw error;
	});
	try {
		expect(await communityNodeTypes(n8n)).toEqual([`${pkg.name}.${options.node}`]);
		const credential = {
			name: 'Sandbox',
			id: await n8n.importCredential({
				type: options.credentialType,
				name: 'Sandbox',
				data: options.credentialData(options.emulator),
			}),
		};
		const id = await n8n.importWorkflow(
			forPackage(options.example, pkg.name, options.credentialType, credential),
		);
		const execution = await n8n.runManual(id);
		expect(execution.status).toBe('success');
		options.check(execution, options.emulator);
	} finally {
		await n8n.stop();
		await options.emulator.stop();
	}
}

describe('each per-service package installed alone in a real n8n', () => {
	it('n8n-nodes-azure-notification-hubs: loads only its node and sends a Direct Batch Send', async () => {
		await runAlone({
			service: 'azure-notification-hubs',
			node: 'azureNotificationHubs',
			emulator: createAzureEmulator(),
			credentialType: 'azureNotificationHubsApi',
			credentialData: (hub) => hub.sandboxCredential(),
			example: azureWorkflow,
			check: (execution, hub) => {
				const sent = hub
					.recorded((r) => r.path.endsWith('/messages/$batch') && r.status === 201)
					.flatMap((r) => r.note.devices);
				expect(new Set(sent).size).toBe(2500);
				expect(execution.runData['Azure Notification Hubs'][0].data.main[0]).toHaveLength(2500);
			},
		});
	}, 300_000);

	it('n8n-nodes-salesforce-mobilepush: loads only its node, creates a message and sends it as a batch', async () => {
		await runAlone({
			service: 'salesforce-mobilepush',
			node: 'salesforceMobilePush',
			emulator: createSfmcEmulator(),
			credentialType: 'salesforceMarketingCloudApi',
			credentialData: (sfmc) => sfmc.sandboxCredential(),
			example: sfmcWorkflow,
			check: (_execution, sfmc) => {
				const created = sfmc.recorded((r) => r.method === 'POST' && r.path === '/push/v1/message');
				expect(created).toHaveLength(1);
				const batches = sfmc.recorded(
					(r) => r.path === `/push/v1/messageBatch/${created[0].note.id}/send`,
				);
				expect(batches.map((r) => r.note.elements.length)).toEqual([12]);
			},
		});
	}, 300_000);

	it('n8n-nodes-batch-com: loads only its node, creates a CEP campaign and reads it back', async () => {
		await runAlone({
			service: 'batch-com',
			node: 'batchCom',
			emulator: createBatchEmulator(),
			credentialType: 'batchApi',
			credentialData: (batch) => ({
				restApiKey: batch.restApiKey,
				projectKey: batch.projectKey,
				baseUrl: batch.url,
			}),
			example: batchCepWorkflow,
			check: (execution, batch) => {
				expect(batch.orchestrations.size).toBe(1);
				expect(execution.runData['Get CEP campaign'][0].data.main[0][0].json).toMatchObject({
					id: [...batch.orchestrations.keys()][0],
					name: 'Spring sale',
				});
			},
		});
	}, 300_000);
});

describe('a per-service package beside the all-in-one in one n8n', () => {
	it('starts, loads both nodes, lists the shared credential type once per package with one definition, and one credential serves both nodes', async () => {
		const pkg = packageOf('batch-com');
		const batch = createBatchEmulator();
		await batch.start();
		const n8n = await startN8n({ packages: [root, pkg.build] });
		try {
			const types = await communityNodeTypes(n8n);
			expect(types).toEqual(
				expect.arrayContaining([`${ALL_IN_ONE}.batchCom`, `${pkg.name}.batchCom`]),
			);
			// n8n lists the credential type once per package, each with its own node; both are the
			// same definition (one source, one version), so either serves both nodes at run time.
			const batchApi = (await n8n.types('credentials')).filter((type) => type.name === 'batchApi');
			expect(batchApi.map((type) => type.supportedNodes as string[]).sort()).toEqual([
				[`${pkg.name}.batchCom`],
				[`${ALL_IN_ONE}.batchCom`],
			]);
			expect(batchApi[0].properties).toEqual(batchApi[1].properties);
			expect(batchApi[0].test).toEqual(batchApi[1].test);
			const credential = {
				name: 'Batch.com account',
				id: await n8n.importCredential({
					type: 'batchApi',
					name: 'Batch.com account',
					data: {
						restApiKey: batch.restApiKey,
						projectKey: batch.projectKey,
						baseUrl: batch.url,
					},
				}),
			};
			// Create with the all-in-one's node, read back with the per-service package's node.
			const workflow = forPackage(batchCepWorkflow, ALL_IN_ONE, 'batchApi', credential);
			const getNode = workflow.nodes.find(
				(node) =>
					node.type.endsWith('.batchCom') &&
					(node as { name?: string }).name === 'Get CEP campaign',
			);
			if (!getNode) throw new Error('the example has no Get CEP campaign node');
			getNode.type = `${pkg.name}.batchCom`;
			const execution = await n8n.runManual(await n8n.importWorkflow(workflow));
			expect(execution.status).toBe('success');
			expect(execution.runData['Get CEP campaign'][0].data.main[0][0].json).toMatchObject({
				id: [...batch.orchestrations.keys()][0],
			});
		} finally {
			await n8n.stop();
			await batch.stop();
		}
	}, 300_000);
});
