// @ts-check
'use strict';
/**
 * Drives the real n8n editor in Debian's Chromium (playwright-core, no bundled browser) as a
 * person does: log in, open the nodes panel, search, add a node by its action, switch a field,
 * and read what the form shows and what n8n flags as required and empty. The selectors are
 * n8n's own `data-test-id`s (the ones its own end-to-end tests use).
 */
const fs = require('node:fs');
const path = require('node:path');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where the screenshots go; `SCREENSHOTS=docs/images npm test` refreshes the README's. */
const SCREENSHOTS = path.resolve(
	__dirname,
	'..',
	'..',
	process.env.SCREENSHOTS ?? path.join('.cache', 'screenshots'),
);

/** @typedef {import('playwright-core').Page} Page */

/**
 * A logged-in editor. @param {string} baseUrl @param {{ email: string, password: string }} owner
 * @returns {Promise<{ page: Page, close: () => Promise<void> }>}
 */
async function openEditor(baseUrl, owner) {
	if (!fs.existsSync(CHROMIUM)) {
		throw new Error(
			`The browser test needs Chromium at ${CHROMIUM}: apt-get install chromium (.ci/run does), or set CHROMIUM_PATH`,
		);
	}
	const { chromium } = require('playwright-core');
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: ['--no-sandbox', '--disable-dev-shm-usage'],
	});
	const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
	page.setDefaultTimeout(30_000);
	await page.goto(`${baseUrl}/signin`);
	await page.fill('input[name=emailOrLdapLoginId]', owner.email);
	await page.fill('input[name=password]', owner.password);
	await page.click('[data-test-id=form-submit-button]');
	await page.waitForURL(/\/home\//);
	return { page, close: async () => await browser.close() };
}

/**
 * In a new workflow, searches the nodes panel and adds `node` by its action; the node's panel
 * opens. @returns {Promise<string[]>} the names the search listed
 * @param {Page} page @param {string} baseUrl @param {string} search @param {string} node @param {string} action
 */
async function addNode(page, baseUrl, search, node, action) {
	await page.goto(`${baseUrl}/workflow/new`);
	await page.click('[data-test-id=node-creator-plus-button]');
	await page
		.locator(
			'input[data-test-id=node-creator-search-bar], [data-test-id=node-creator-search-bar] input',
		)
		.first()
		.fill(search);
	const listed = page.locator('[data-test-id=node-creator-item-name]', { hasText: node });
	await listed.first().waitFor();
	const names = await page.$$eval('[data-test-id=node-creator-item-name]', (els) =>
		els.map((el) => (el.textContent ?? '').trim()),
	);
	await listed.first().click();
	await page
		.locator('[data-test-id=node-creator-item-name]', {
			hasText: new RegExp(`^${escape(action)}$`),
		})
		.click();
	await page.waitForSelector('[data-test-id=ndv] [data-test-id=node-parameters]');
	return names;
}

/**
 * Opens a dropdown: its visible options, and their names (descriptions left out).
 * @param {Page} page @param {string} parameter
 */
async function openDropdown(page, parameter) {
	await page.click(`[data-test-id=parameter-input-${parameter}]`);
	const options = page.locator('[role=option]:visible');
	// The option found first can belong to the dropdown before, still fading out: read the list
	// until it holds options, for up to 5 s.
	/** @type {string[]} */
	let names = [];
	for (const deadline = Date.now() + 5000; names.length === 0 && Date.now() < deadline; ) {
		await options.first().waitFor();
		names = await options.evaluateAll((els) =>
			els.map((el) =>
				String(/** @type {any} */ (el).innerText ?? '')
					.split('\n')[0]
					.trim(),
			),
		);
		if (names.length === 0) await page.waitForTimeout(100);
	}
	return { options, names };
}

/** The option names a dropdown offers. @param {Page} page @param {string} parameter */
async function optionsOf(page, parameter) {
	const { names } = await openDropdown(page, parameter);
	await page.keyboard.press('Escape');
	return names;
}

/** Chooses an option of a dropdown by its name. @param {Page} page @param {string} parameter @param {string} option */
async function choose(page, parameter, option) {
	const { options, names } = await openDropdown(page, parameter);
	if (!names.includes(option))
		throw new Error(`${parameter} offers no "${option}" (it offers ${names.join(', ')})`);
	await options.nth(names.indexOf(option)).click();
	await page.waitForTimeout(300);
}

/** The parameters (by name) the node's panel shows, node settings left out. @param {Page} page */
async function shownParameters(page) {
	const names = await page.$$eval(
		'[data-test-id=node-parameters] [data-test-id^=parameter-input-]',
		(els) =>
			els.map((el) => (el.getAttribute('data-test-id') ?? '').replace('parameter-input-', '')),
	);
	const settings = new Set([
		'field',
		'alwaysOutputData',
		'executeOnce',
		'retryOnFail',
		'onError',
		'notes',
		'notesInFlow',
		'maxTries',
		'waitBetweenTries',
	]);
	return [...new Set(names.filter((name) => !settings.has(name)))];
}

/**
 * What n8n flags on the node as required and empty (the labels of its "Parameter … is required"
 * issues), read from the canvas; the panel is closed for it and opened again.
 * @param {Page} page @param {string} nodeTitle
 */
async function requiredAndEmpty(page, nodeTitle) {
	await page.click('[data-test-id=ndv-close-button]');
	await page.locator('[data-test-id=ndv]').waitFor({ state: 'hidden' });
	const node = page.locator('[data-test-id=canvas-default-node]', { hasText: nodeTitle });
	/** @type {string[]} */
	let labels = [];
	const issues = node.locator('[data-test-id=node-issues]');
	if (await issues.count()) {
		await issues.hover();
		const tooltip = page.locator('.titled-list:visible', { hasText: 'Issues' }).last();
		await tooltip.waitFor();
		const text = (await tooltip.textContent()) ?? '';
		labels = [...text.matchAll(/Parameter "([^"]+)" is required/g)].map((match) => match[1]);
		await page.mouse.move(5, 500);
	}
	await node.dblclick();
	await page.waitForSelector('[data-test-id=ndv] [data-test-id=node-parameters]');
	return labels;
}

/** Saves a screenshot of the page as `name`.png. @param {Page} page @param {string} name */
async function screenshot(page, name) {
	fs.mkdirSync(SCREENSHOTS, { recursive: true });
	const file = path.join(SCREENSHOTS, `${name}.png`);
	await page.screenshot({ path: file });
	return file;
}

/** @param {string} text */
function escape(text) {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

module.exports = {
	openEditor,
	addNode,
	optionsOf,
	choose,
	shownParameters,
	requiredAndEmpty,
	screenshot,
	SCREENSHOTS,
};
