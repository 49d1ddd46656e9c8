/**
 * The editor as a person meets it, in Debian's Chromium against the real n8n with the package
 * installed: the nodes panel finds the three nodes by "push", and each form shows, for every
 * choice of the field that switches it, the fields that choice needs, with n8n flagging as
 * required and empty exactly those a run cannot do without. It saves screenshots of the three
 * panels and of one output (in .cache/screenshots; `SCREENSHOTS=docs/images` refreshes the README's).
 */
import mixedWorkflow from '../../examples/azure-mixed-platforms.json';
import { createAzureEmulator } from '../emulators/azure';
import {
	addNode,
	choose,
	openEditor,
	optionsOf,
	requiredAndEmpty,
	screenshot,
	shownParameters,
} from './editor';
import { OWNER, startN8n } from './n8n';

type Page = Awaited<ReturnType<typeof openEditor>>['page'];

describe('the three nodes in the n8n editor (Chromium)', () => {
	const hub = createAzureEmulator();
	let n8n: Awaited<ReturnType<typeof startN8n>>;
	let editor: Awaited<ReturnType<typeof openEditor>>;
	let page: Page;

	beforeAll(async () => {
		await hub.start();
		n8n = await startN8n();
		editor = await openEditor(n8n.info.baseUrl, OWNER);
		page = editor.page;
	}, 120_000);
	afterAll(async () => {
		await editor?.close();
		await hub.stop();
	});

	/** For each option of `selector`: what the form shows and what n8n flags, after choosing it in the form. */
	async function walk(selector: string, title: string) {
		const seen: Record<string, { shown: string[]; required: string[] }> = {};
		for (const option of await optionsOf(page, selector)) {
			await choose(page, selector, option);
			seen[option] = {
				shown: await shownParameters(page),
				required: await requiredAndEmpty(page, title),
			};
		}
		return seen;
	}

	it('finds all three nodes when the nodes panel is searched for "push"', async () => {
		const listed = await addNode(page, n8n.info.baseUrl, 'push', 'Batch.com', 'Create a campaign');
		expect(listed).toEqual(
			expect.arrayContaining([
				'Azure Notification Hubs',
				'Salesforce Marketing Cloud MobilePush',
				'Batch.com',
			]),
		);
	});

	it('Marketing Cloud Create Message: each Message Type shows its fields and flags its required ones, Page ID included', async () => {
		await addNode(
			page,
			n8n.info.baseUrl,
			'push',
			'Salesforce Marketing Cloud MobilePush',
			'Create a message',
		);
		const seen = await walk('messageKind', 'Create a message');
		const common = ['Name', 'Application ID', 'Application Name', 'Start Date'];
		expect(Object.keys(seen)).toEqual([
			'Beacon Alert',
			'Inbox + Alert',
			'Inbox Only',
			'Location Entry Alert',
			'Location Entry/Exit Alert + Page',
			'Location Exit Alert',
			'Outbound Alert',
		]);
		expect(seen['Outbound Alert'].required).toEqual(common);
		expect(seen['Outbound Alert'].shown).toContain('alert');
		expect(seen['Inbox Only'].required).toEqual([...common, 'Page ID', 'Page URL', 'Subject']);
		expect(seen['Inbox Only'].shown).not.toContain('alert');
		expect(seen['Inbox + Alert'].required).toEqual([
			...common,
			'Alert',
			'Page ID',
			'Page URL',
			'Subject',
		]);
		expect(seen['Beacon Alert'].required).toEqual([...common, 'Alert', 'Geofence or Beacon IDs']);
		expect(seen['Location Entry Alert'].shown).not.toContain('pageId');
		expect(seen['Location Entry/Exit Alert + Page'].shown).toEqual(
			expect.arrayContaining(['trigger', 'geofences', 'pageId', 'url']),
		);
		await choose(page, 'messageKind', 'Inbox Only');
		await screenshot(page, 'sfmc-create-message');
	});

	it('Azure Direct Batch Send: each Platform shows what it can send, raw-only platforms flag their Payload, From Each Item its Item Platform', async () => {
		await addNode(
			page,
			n8n.info.baseUrl,
			'push',
			'Azure Notification Hubs',
			'Send a notification to many device handles',
		);
		const seen = await walk('platform', 'Send a notification to many device handles');
		expect(Object.keys(seen)).toEqual([
			'Amazon (ADM)',
			'Apple (APNs)',
			'Baidu',
			'Firebase Cloud Messaging V1 (FCM)',
			'From Each Item',
			'Google Legacy GCM (Deprecated)',
			'Windows (WNS)',
			'Xiaomi',
		]);
		for (const builder of [
			'Apple (APNs)',
			'Firebase Cloud Messaging V1 (FCM)',
			'Google Legacy GCM (Deprecated)',
		]) {
			expect(seen[builder]).toEqual({
				shown: [
					'resource',
					'operation',
					'deviceHandles',
					'platform',
					'payloadMode',
					'title',
					'body',
				],
				required: ['Device Handles'],
			});
		}
		for (const rawOnly of ['Amazon (ADM)', 'Baidu', 'Xiaomi']) {
			expect(seen[rawOnly]).toEqual({
				shown: ['resource', 'operation', 'deviceHandles', 'platform', 'rawPayload'],
				required: ['Device Handles', 'Payload'],
			});
		}
		expect(seen['Windows (WNS)'].shown).toEqual([
			'resource',
			'operation',
			'deviceHandles',
			'platform',
			'wnsType',
			'payloadMode',
			'title',
			'body',
		]);
		expect(seen['From Each Item'].shown).toEqual(
			expect.arrayContaining(['itemPlatform', 'wnsType', 'payloadMode', 'title', 'body']),
		);
		expect(seen['From Each Item'].required).toEqual(['Device Handles', 'Item Platform']);
		// Windows Badge: the builder shows the badge value, and no title or body.
		await choose(page, 'platform', 'Windows (WNS)');
		await choose(page, 'wnsType', 'Badge');
		expect(await shownParameters(page)).toEqual(expect.arrayContaining(['wnsBadge']));
		expect(await shownParameters(page)).not.toContain('title');
		expect(await requiredAndEmpty(page, 'Send a notification to many device handles')).toEqual([
			'Device Handles',
			'Badge Value',
		]);
		await choose(page, 'wnsType', 'Toast');
		await screenshot(page, 'azure-direct-batch-send');
	});

	it('Batch.com Create Campaign: each push time shows its own date field, flagged until given; Live is off', async () => {
		await addNode(page, n8n.info.baseUrl, 'push', 'Batch.com', 'Create a campaign');
		const seen = await walk('when', 'Create a campaign');
		expect(seen.Now).toEqual({
			shown: ['resource', 'operation', 'define', 'name', 'live', 'when', 'title', 'body'],
			required: ['Name', 'Body'],
		});
		expect(seen['At a Date and Time (UTC)'].required).toEqual([
			'Name',
			'Date and Time (UTC)',
			'Body',
		]);
		expect(seen["At a Date and Time in Each User's Time Zone"].required).toEqual([
			'Name',
			'Local Date and Time',
			'Body',
		]);
		expect(
			await page
				.locator('[data-test-id=parameter-input-live] [role=switch]')
				.getAttribute('aria-checked'),
		).toBe('false');
		await choose(page, 'when', 'Now');
		await screenshot(page, 'batch-create-campaign');
	});

	it('Batch.com Create a CEP campaign: the resources say MEP or CEP; each start shows its own date field; Draft by default, Running with its notice', async () => {
		await addNode(page, n8n.info.baseUrl, 'push', 'Batch.com', 'Create a CEP campaign');
		const seen = await walk('when', 'Create a CEP campaign');
		expect(seen.Now).toEqual({
			shown: ['resource', 'operation', 'define', 'name', 'state', 'when', 'messageJson'],
			required: ['Name'],
		});
		expect(seen['At a Date and Time (UTC)'].required).toEqual(['Name', 'Date and Time (UTC)']);
		expect(seen["At a Date and Time in Each User's Time Zone"].required).toEqual([
			'Name',
			'Local Date and Time',
		]);
		await choose(page, 'when', 'Now');
		expect(await page.locator('[data-test-id=parameter-input-state] input').inputValue()).toBe(
			'Draft',
		);
		const panelText = async () =>
			(await page.locator('[data-test-id=node-parameters]').textContent()) ?? '';
		const notice = 'Running: when this node runs, Batch sends the campaign';
		expect(await panelText()).not.toContain(notice);
		await choose(page, 'state', 'Running');
		expect(await panelText()).toContain(notice);
		await choose(page, 'state', 'Draft');
		expect(await panelText()).not.toContain(notice);
		expect(await optionsOf(page, 'resource')).toEqual([
			'Campaign (CEP)',
			'Campaign (MEP)',
			'Custom Data (MEP)',
			'Profile (CEP)',
			'Transactional (MEP)',
			'Custom API Call',
		]);
	});

	it('runs the mixed-platform example from the editor and shows each item’s result', async () => {
		const credential = {
			name: 'Azure editor sandbox',
			id: await n8n.importCredential({
				type: 'azureNotificationHubsApi',
				name: 'Azure editor sandbox',
				data: hub.sandboxCredential(),
			}),
		};
		const workflow = JSON.parse(JSON.stringify(mixedWorkflow)) as {
			nodes: Array<{ credentials?: Record<string, unknown> }>;
		};
		for (const node of workflow.nodes)
			if (node.credentials) node.credentials.azureNotificationHubsApi = credential;
		const id = await n8n.importWorkflow(workflow);
		await page.goto(`${n8n.info.baseUrl}/workflow/${id}`);
		await page.click('[data-test-id=execute-workflow-button]');
		await page
			.locator('[data-test-id=canvas-default-node]', { hasText: 'Azure Notification Hubs' })
			.locator('[data-test-id=canvas-node-status-success]')
			.waitFor();
		await page
			.locator('[data-test-id=canvas-default-node]', { hasText: 'Azure Notification Hubs' })
			.dblclick();
		const output = page.locator('[data-test-id=output-panel]');
		await output.getByText('30 items').first().waitFor();
		await screenshot(page, 'azure-output');
		expect(
			hub.recorded((r) => r.path.endsWith('/messages/$batch') && r.status === 201),
		).toHaveLength(3);
	});
});
