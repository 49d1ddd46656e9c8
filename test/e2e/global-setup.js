// @ts-check
'use strict';
/** Starts the one n8n the whole end-to-end run shares (see n8n.js). */
const fs = require('node:fs');
const path = require('node:path');
const { launchN8n, STATE_FILE } = require('./n8n');

module.exports = async function globalSetup() {
	const info = await launchN8n();
	fs.mkdirSync(path.dirname(STATE_FILE), { recursive: true });
	fs.writeFileSync(STATE_FILE, JSON.stringify(info));
	process.stderr.write(
		`\n[e2e] n8n ${info.n8nVersion} pid ${info.pid} at ${info.baseUrl} (log: ${info.logFile})\n`,
	);
};
