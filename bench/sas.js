// @ts-check
'use strict';
/**
 * Azure Notification Hubs' Shared Access Signature, written out here rather than taken from the
 * node, so that the floor and the "what users do today" workflow sign the way Azure documents
 * (and the emulator verifies): HMAC-SHA256, keyed by the UTF-8 bytes of the key, over the
 * lower-cased, percent-encoded resource URI, "\n", and the expiry in Unix seconds.
 */
const { createHmac } = require('node:crypto');

/**
 * @param {string} resourceUri the namespace root, e.g. http://127.0.0.1:40123/
 * @param {string} keyName @param {string} key @param {number} expiresAt Unix seconds
 */
function sasToken(resourceUri, keyName, key, expiresAt) {
	const sr = encodeURIComponent(resourceUri.toLowerCase());
	const sig = createHmac('sha256', Buffer.from(key, 'utf8'))
		.update(`${sr}\n${expiresAt}`, 'utf8')
		.digest('base64');
	return `SharedAccessSignature sr=${sr}&sig=${encodeURIComponent(sig)}&se=${expiresAt}&skn=${encodeURIComponent(keyName)}`;
}

module.exports = { sasToken };
