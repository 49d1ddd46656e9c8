// @ts-check
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');

/** The files `npm pack` would publish (dist/ must be built), as paths inside the package. */
function packedFiles() {
	const root = path.join(__dirname, '..', '..');
	const listing = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: root,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'ignore'],
	});
	return /** @type {Array<{ files: Array<{ path: string }> }>} */ (
		JSON.parse(listing)
	)[0].files.map((file) => file.path);
}

module.exports = { packedFiles };
