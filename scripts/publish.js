#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Publishes the four packages (the all-in-one and the three per-service ones) from a tag, each
 * with npm provenance, as n8n requires of every community package: run by
 * .github/workflows/publish.yml after `npm run build`. The tag must equal every package's
 * version, so the four always go out together. `--dry-run` checks and packs without publishing.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { packageFolders } = require('./packages');

const dryRun = process.argv.includes('--dry-run');
const tag = (process.env.GITHUB_REF_NAME ?? '').replace(/^v/, '');
const folders = packageFolders();
const manifests = folders.map((folder) =>
	JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')),
);
const versions = new Set(manifests.map((manifest) => manifest.version));
if (versions.size !== 1)
	throw new Error(`the packages' versions differ: ${[...versions].join(', ')}`);
const [version] = versions;
if (!dryRun && tag !== version)
	throw new Error(`the tag "${tag}" is not the packages' version ${version}`);
for (const [index, folder] of folders.entries()) {
	if (!fs.existsSync(path.join(folder, 'dist')))
		throw new Error(`${manifests[index].name} is not built: run \`npm run build\` first`);
	process.stdout.write(
		`publishing ${manifests[index].name}@${version}${dryRun ? ' (dry run)' : ''}\n`,
	);
	execFileSync(
		'npm',
		['publish', '--provenance', '--access', 'public', ...(dryRun ? ['--dry-run'] : [])],
		// RELEASE_MODE lets the all-in-one's prepublishOnly (`n8n-node prerelease`) through.
		{ cwd: folder, stdio: 'inherit', env: { ...process.env, RELEASE_MODE: 'true' } },
	);
}
