#!/usr/bin/env node
// n8n's community-package scanner, as n8n runs it before verifying a package, for each of the four
// packages this repository publishes: its static analysis (`analyzePackage` of
// @n8n/scan-community-package) over
//   - the source, as n8n finds it: in a checkout of the repository (the files git tracks, as
//     GitHub's source tarball holds them), the folder whose package.json has the package's name
//     (`findPackageRoot`), linted with the scanner's SOURCE_FILE_PATTERNS (package.json and
//     {nodes,credentials}/** there);
//   - the packed tarball, the compiled files users install, with the patterns n8n uses for it.
// It fetches nothing. Any finding fails the run. Needs the build (`npm run build`, which npm test
// runs first).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

import {
	analyzePackage,
	findPackageRoot,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const { packageFolders, root } = createRequire(import.meta.url)('./packages.js');
const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'push-scan-'));
let failed = false;
/** @param {string} name @param {string} leg @param {{ passed: boolean, message?: string, details?: string }} result */
function report(name, leg, result) {
	if (result.passed) {
		process.stdout.write(`scan ${name} (${leg}): no findings\n`);
		return;
	}
	failed = true;
	process.stdout.write(`scan ${name} (${leg}): ${result.message}\n${result.details ?? ''}\n`);
}
try {
	// The repository as n8n fetches it: tracked files (and new ones not ignored), nothing built.
	const checkout = path.join(work, 'source');
	const tracked = execFileSync(
		'git',
		['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
		{ cwd: root, encoding: 'utf8' },
	)
		.split('\0')
		.filter((file) => file && fs.existsSync(path.join(root, file)));
	for (const file of tracked) {
		fs.mkdirSync(path.dirname(path.join(checkout, file)), { recursive: true });
		fs.copyFileSync(path.join(root, file), path.join(checkout, file));
	}
	for (const [index, folder] of packageFolders().entries()) {
		const { name } = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8'));
		const sourceRoot = findPackageRoot(checkout, name);
		if (!sourceRoot) {
			report(name, 'source', {
				passed: false,
				message: 'no package.json with this name in the repository',
			});
		} else {
			report(
				name,
				`source: ${path.relative(checkout, sourceRoot) || '.'}`,
				await analyzePackage(sourceRoot, SOURCE_FILE_PATTERNS),
			);
		}
		const unpacked = path.join(work, `package-${index}`);
		fs.mkdirSync(unpacked);
		const tarball = execFileSync(
			'npm',
			['pack', '--silent', '--ignore-scripts', '--pack-destination', unpacked],
			{ cwd: folder, encoding: 'utf8' },
		)
			.trim()
			.split('\n')
			.pop();
		execFileSync('tar', ['-xzf', path.join(unpacked, tarball), '-C', unpacked]);
		report(name, 'tarball', await analyzePackage(path.join(unpacked, 'package'), TARBALL_PATTERNS));
	}
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
