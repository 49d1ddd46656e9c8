/**
 * What the published package holds: what n8n loads (the compiled nodes and credentials, their
 * codex files and icons) and the README, nothing of the build (maps, declarations, tsc's
 * incremental state). Needs dist/ (npm test builds it first).
 */
import { packedFiles } from '../helpers/pack';

describe('the published package', () => {
	const files = packedFiles();

	it('ships every node and credential n8n loads, with its codex file and icons', () => {
		for (const node of ['AzureNotificationHubs', 'SalesforceMobilePush', 'BatchCom']) {
			expect(files).toContain(`dist/nodes/${node}/${node}.node.js`);
			expect(files).toContain(`dist/nodes/${node}/${node}.node.json`);
			expect(
				files.filter((f) => f.startsWith(`dist/nodes/${node}/`) && f.endsWith('.svg')),
			).toHaveLength(2);
		}
		for (const credential of [
			'AzureNotificationHubsApi',
			'SalesforceMarketingCloudApi',
			'BatchApi',
		])
			expect(files).toContain(`dist/credentials/${credential}.credentials.js`);
		expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE']));
	});

	it('ships nothing of the build that n8n does not load', () => {
		expect(files.filter((f) => /\.(map|d\.ts|tsbuildinfo)$/.test(f))).toEqual([]);
	});
});
