// @ts-check
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/**
 * The files `npm pack` would publish from a package folder (the root by default; the build must
 * have run), as paths inside the package.
 * @param {string} [folder]
 */
function packedFiles(folder = path.join(__dirname, '..', '..')) {
	const listing = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: folder,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'ignore'],
	});
	return /** @type {Array<{ files: Array<{ path: string }> }>} */ (
		JSON.parse(listing)
	)[0].files.map((file) => file.path);
}

/** A package folder's package.json. @param {string} folder */
function manifestOf(folder) {
	return JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8'));
}

/**
 * The relative `require`s of a package's compiled files that do not resolve to a file inside the
 * package (what n8n would fail to load).
 * @param {string} folder @param {string[]} files paths inside the package
 */
function unresolvedRequires(folder, files) {
	/** @type {string[]} */
	const unresolved = [];
	for (const file of files.filter((f) => f.endsWith('.js'))) {
		const code = fs.readFileSync(path.join(folder, file), 'utf8');
		for (const [, specifier] of code.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
			const target = path.join(folder, path.dirname(file), specifier);
			const inside = !path.relative(folder, target).startsWith('..');
			if (!inside || ![target, `${target}.js`, `${target}.json`].some((t) => fs.existsSync(t)))
				unresolved.push(`${file}: ${specifier}`);
		}
	}
	return unresolved;
}

module.exports = { packedFiles, manifestOf, unresolvedRequires };
