// @ts-check
'use strict';
/** Stops the shared n8n by its PID and removes its user folder. */
const fs = require('node:fs');
const { stopN8n, removeUserFolder, STATE_FILE } = require('./n8n');

module.exports = async function globalTeardown() {
	if (!fs.existsSync(STATE_FILE)) return;
	const info = JSON.parse(fs.readFileSync(STATE_FILE, 'utf8'));
	fs.rmSync(STATE_FILE, { force: true });
	await stopN8n(info);
	removeUserFolder(info.userFolder);
};
