// @ts-check
'use strict';
const { execFileSync } = require('node:child_process');
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

module.exports = { packedFiles };
