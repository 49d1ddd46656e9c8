// @ts-check
'use strict';
/** A temporary folder for a test, with the few file and process facts the tests need. */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** @typedef {ReturnType<typeof dirs>} TempDirs */

function dirs() {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'push-test-'));
	return {
		root,
		/** @param {string} name */
		path: (name) => path.join(root, name),
		/** @param {string} dir @param {string} file @param {string} text */
		write(dir, file, text) {
			fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
			fs.writeFileSync(path.join(dir, file), text);
		},
		/** @param {string} dir @param {string} file */
		read: (dir, file) => fs.readFileSync(path.join(dir, file), 'utf8'),
		/** @param {string} dir @param {string} file */
		exists: (dir, file) => fs.existsSync(path.join(dir, file)),
		/** @param {string} dir */
		list: (dir) => fs.readdirSync(dir),
		remove: () => fs.rmSync(root, { recursive: true, force: true }),
	};
}

/** This process's id and its parent's (a process that is surely alive). */
const processIds = { pid: process.pid, parent: process.ppid };

/** Runs `run` with standard error muted (what a script logs while it works). @param {() => void} run */
function quietly(run) {
	const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
	try {
		run();
	} finally {
		write.mockRestore();
	}
}

module.exports = { dirs, processIds, quietly };
