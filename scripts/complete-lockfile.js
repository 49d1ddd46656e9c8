#!/usr/bin/env node
// @ts-nocheck
/**
 * Completes package-lock.json with the optional platform packages that npm could not look up
 * (for example a registry mirror that carries only Linux builds): npm then leaves them out of
 * the lock, and `npm ci` refuses the lock as "not in sync" (Missing: …@ from lock file). Each
 * missing optional dependency gets the entry npm would have written, with its os/cpu/libc, so
 * `npm ci` skips it on other platforms. Run it after `npm install` changes the lock:
 *   node scripts/complete-lockfile.js package-lock.json
 */
const fs = require('fs');
const file = process.argv[2] || require('path').join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [path, entry] of Object.entries(packages)) {
	for (const [name, version] of Object.entries(entry.optionalDependencies || {})) {
		const base = path === '' ? '' : path + '/';
		const candidates = [`${base}node_modules/${name}`, `node_modules/${name}`];
		if (candidates.some((c) => packages[c])) continue;
		const m =
			/-(android|darwin|freebsd|linux|openharmony|win32|wasm32)-?([a-z0-9]*)-?([a-z0-9]*)$/.exec(
				name,
			);
		if (!m) {
			console.error('unknown platform for', name);
			continue;
		}
		const [, os, cpuRaw, abi] = m;
		const e = { version, dev: !!entry.dev, optional: true };
		if (os === 'wasm32') e.cpu = ['wasm32'];
		else {
			e.os = [os];
			e.cpu = [cpuRaw === 'arm' ? 'arm' : cpuRaw];
		}
		if (os === 'linux') e.libc = [/musl/.test(abi) ? 'musl' : 'glibc'];
		packages[`node_modules/${name}`] = e;
		added++;
	}
}
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`complete-lockfile: added ${added} optional platform entries`);
