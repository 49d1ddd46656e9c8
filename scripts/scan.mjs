#!/usr/bin/env node
// n8n's community-package scanner, as n8n runs it before verifying a package: its static analysis
// (`analyzePackage` of @n8n/scan-community-package) over the source, as n8n finds the package's
// root in its repository (package.json and {nodes,credentials}/** there), and over the packed
// tarball (the compiled files users install). It fetches nothing. Any finding fails the run.
// Needs the build (dist/): npm test runs it after `npm run build`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { name } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'push-scan-'));
let failed = false;
try {
	const tarball = execFileSync(
		'npm',
		['pack', '--silent', '--ignore-scripts', '--pack-destination', work],
		{ cwd: root, encoding: 'utf8' },
	)
		.trim()
		.split('\n')
		.pop();
	execFileSync('tar', ['-xzf', path.join(work, tarball), '-C', work]);
	for (const [leg, dir, patterns] of [
		['source', root, SOURCE_FILE_PATTERNS],
		['tarball', path.join(work, 'package'), undefined],
	]) {
		const result = await analyzePackage(dir, patterns);
		if (result.passed) {
			process.stdout.write(`scan ${name} (${leg}): no findings\n`);
		} else {
			failed = true;
			process.stdout.write(`scan ${name} (${leg}): ${result.message}\n${result.details ?? ''}\n`);
		}
	}
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
