#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * The four packages this repository publishes, and the per-service ones assembled from the build.
 *
 * - `n8n-nodes-push-notifications` (the repository root): all three nodes, for self-hosted n8n.
 * - One package per service under `packages/<service>/` (its package.json, README, node and
 *   credential sources), for n8n's verification, which takes single-service packages only.
 * - `packages/core/`: the shared internals, compiled into every package; not a package itself.
 *
 * `n8n-node build` compiles everything once into `dist/` (`dist/packages/<service>/…`,
 * `dist/packages/core/…`), which is the all-in-one package as packed from the root. This script
 * then assembles each per-service package into `build/<service>/`: its package.json, README.md,
 * the LICENSE, and from `dist/` only its own files and the core files they require, in n8n's
 * starter layout. Nothing is copied back into the sources. `npm run build` runs it.
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const SERVICES = ['azure-notification-hubs', 'salesforce-mobilepush', 'batch-com'];

/** @param {string} dir */
const manifestOf = (dir) => JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));

/**
 * The per-service packages: where their sources are and where they are assembled.
 * @returns {Array<{ service: string, name: string, source: string, build: string }>}
 */
function servicePackages() {
	return SERVICES.map((service) => {
		const source = path.join(root, 'packages', service);
		return {
			service,
			name: manifestOf(source).name,
			source,
			build: path.join(root, 'build', service),
		};
	});
}

/**
 * Where a compiled file of the build (relative to dist/packages/) goes in a per-service package:
 * n8n's starter layout, which n8n's scanner checks the package.json against (`dist/nodes/<Node>/…`
 * for `nodes/<Node>/…`, `dist/credentials/…` for `credentials/…`), with the core beside them.
 * @param {string} service @param {string} file
 */
function placeOf(service, file) {
	const [part, ...rest] = file.split('/');
	if (part === 'core') return path.posix.join('dist', 'core', ...rest);
	if (part === service) return path.posix.join('dist', ...rest);
	return undefined;
}

/** Compiled files only: what n8n loads (JavaScript, codex JSON, icons), not maps or declarations. */
const SHIPPED = /\.(js|json|svg|png)$/;
const REQUIRE = /require\("(\.{1,2}\/[^"]+)"\)/g;

/** What a relative require in a compiled file names, relative to dist/packages/. @param {string} file @param {string} specifier */
const requiredBy = (file, specifier) =>
	path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));

/**
 * What a per-service package ships of the build: every file of its service, and of the core only
 * the files its JavaScript requires, directly or through other core files.
 * @param {string} service @param {string[]} compiled
 */
function usedBy(service, compiled) {
	const dist = path.join(root, 'dist', 'packages');
	const available = new Set(compiled);
	const used = new Set(compiled.filter((file) => file.startsWith(`${service}/`)));
	const pending = [...used].filter((file) => file.endsWith('.js'));
	while (pending.length) {
		const file = /** @type {string} */ (pending.pop());
		for (const [, specifier] of fs.readFileSync(path.join(dist, file), 'utf8').matchAll(REQUIRE)) {
			const target = requiredBy(file, specifier);
			const found = [target, `${target}.js`, `${target}.json`].find((t) => available.has(t));
			if (found && !used.has(found)) {
				used.add(found);
				if (found.endsWith('.js')) pending.push(found);
			}
		}
	}
	return [...used].sort();
}

/**
 * Assembles every per-service package from dist/ (which `n8n-node build` made): its files moved to
 * the starter layout, and each relative require in them pointed at where its target moved, so
 * every import resolves inside the package.
 */
function assemble() {
	const dist = path.join(root, 'dist', 'packages');
	if (!fs.existsSync(path.join(dist, 'core')))
		throw new Error('dist/ is missing: run `n8n-node build` first');
	const compiled = /** @type {string[]} */ (
		fs.readdirSync(dist, { recursive: true, encoding: 'utf8' })
	)
		.map((file) => file.split(path.sep).join('/'))
		.filter((file) => SHIPPED.test(file) && fs.statSync(path.join(dist, file)).isFile());
	for (const pkg of servicePackages()) {
		const shipped = usedBy(pkg.service, compiled);
		fs.rmSync(pkg.build, { recursive: true, force: true });
		fs.mkdirSync(pkg.build, { recursive: true });
		for (const file of ['package.json', 'README.md'])
			fs.copyFileSync(path.join(pkg.source, file), path.join(pkg.build, file));
		fs.copyFileSync(path.join(root, 'LICENSE'), path.join(pkg.build, 'LICENSE'));
		for (const file of shipped) {
			const place = /** @type {string} */ (placeOf(pkg.service, file));
			const target = path.join(pkg.build, place);
			fs.mkdirSync(path.dirname(target), { recursive: true });
			if (!file.endsWith('.js')) {
				fs.copyFileSync(path.join(dist, file), target);
				continue;
			}
			const code = fs
				.readFileSync(path.join(dist, file), 'utf8')
				.replace(REQUIRE, (_whole, specifier) => {
					const moved = placeOf(pkg.service, requiredBy(file, specifier));
					if (!moved) throw new Error(`${file} requires ${specifier}, which is not in ${pkg.name}`);
					const relative = path.posix.relative(path.posix.dirname(place), moved);
					return `require("${relative.startsWith('.') ? relative : `./${relative}`}")`;
				});
			fs.writeFileSync(target, code);
		}
	}
}

/** The four package folders to pack: the all-in-one (the root), then each service's build. */
function packageFolders() {
	return [root, ...servicePackages().map((pkg) => pkg.build)];
}

module.exports = { servicePackages, packageFolders, assemble, root };

if (require.main === module) assemble();
