/**
 * What each published package holds: what n8n loads (the compiled nodes and credentials, their
 * codex files and icons, the core they import) and the README, nothing of the build (maps,
 * declarations, tsc's incremental state); and that the per-service manifests agree with the
 * all-in-one. Needs the build (npm test builds it first).
 */
import { manifestOf, packedFiles, unresolvedRequires } from '../helpers/pack';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { servicePackages, root } = require('../../scripts/packages') as {
	servicePackages: () => Array<{ service: string; name: string; source: string; build: string }>;
	root: string;
};

const SERVICES: Record<string, { node: string; credential: string }> = {
	'azure-notification-hubs': {
		node: 'AzureNotificationHubs',
		credential: 'AzureNotificationHubsApi',
	},
	'salesforce-mobilepush': {
		node: 'SalesforceMobilePush',
		credential: 'SalesforceMarketingCloudApi',
	},
	'batch-com': { node: 'BatchCom', credential: 'BatchApi' },
};
const manifest = (dir: string) =>
	manifestOf(dir) as {
		name: string;
		version: string;
		peerDependencies: Record<string, string>;
		dependencies?: Record<string, string>;
		n8n: { nodes: string[]; credentials: string[] };
	};

describe('the all-in-one package (n8n-nodes-push-notifications)', () => {
	const files = packedFiles(root);

	it('ships every node and credential n8n loads, with its codex file and icons', () => {
		for (const [service, { node, credential }] of Object.entries(SERVICES)) {
			const base = `dist/packages/${service}`;
			expect(files).toContain(`${base}/nodes/${node}/${node}.node.js`);
			expect(files).toContain(`${base}/nodes/${node}/${node}.node.json`);
			expect(
				files.filter((f) => f.startsWith(`${base}/nodes/${node}/`) && f.endsWith('.svg')),
			).toHaveLength(2);
			expect(files).toContain(`${base}/credentials/${credential}.credentials.js`);
		}
		expect(files).toContain('dist/packages/core/bulkSend.js');
		expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE']));
		for (const file of [...manifest(root).n8n.nodes, ...manifest(root).n8n.credentials])
			expect(files).toContain(file);
	});

	it('ships nothing of the build that n8n does not load', () => {
		expect(files.filter((f) => /\.(map|d\.ts|tsbuildinfo)$/.test(f))).toEqual([]);
		// What n8n-node build copies into dist/ besides the packages (screenshots, icons of build/) stays out.
		expect(
			files.filter(
				(f) =>
					!f.startsWith('dist/packages/') && !['package.json', 'README.md', 'LICENSE'].includes(f),
			),
		).toEqual([]);
	});
});

describe.each(servicePackages())('the per-service package $name', (pkg) => {
	const { node, credential } = SERVICES[pkg.service];
	const files = packedFiles(pkg.build);

	it("ships only its own node and credential, in n8n's starter layout, with the core they import", () => {
		expect(manifest(pkg.build).n8n).toEqual({
			n8nNodesApiVersion: 1,
			strict: true,
			nodes: [`dist/nodes/${node}/${node}.node.js`],
			credentials: [`dist/credentials/${credential}.credentials.js`],
		});
		expect(files).toEqual(
			expect.arrayContaining([
				`dist/nodes/${node}/${node}.node.js`,
				`dist/nodes/${node}/${node}.node.json`,
				`dist/credentials/${credential}.credentials.js`,
				'dist/core/bulkSend.js',
				'package.json',
				'README.md',
				'LICENSE',
			]),
		);
		const others = Object.values(SERVICES).filter((other) => other.node !== node);
		for (const other of others) {
			expect(files.some((f) => f.includes(other.node) || f.includes(other.credential))).toBe(false);
		}
		expect(files.filter((f) => /\.(map|d\.ts|tsbuildinfo)$/.test(f))).toEqual([]);
	});

	it('resolves every relative require of its compiled files inside the package', () => {
		expect(files.filter((f) => f.endsWith('.js')).length).toBeGreaterThan(20);
		expect(unresolvedRequires(pkg.build, files)).toEqual([]);
	});

	it('is released with the all-in-one: same version, n8n-workflow its only peer, no dependencies', () => {
		const own = manifest(pkg.source);
		expect(own.name).toMatch(/^n8n-nodes-/);
		expect(own.version).toBe(manifest(root).version);
		expect(own.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(own.dependencies).toBeUndefined();
		expect(manifest(pkg.build)).toEqual(own);
	});
});
