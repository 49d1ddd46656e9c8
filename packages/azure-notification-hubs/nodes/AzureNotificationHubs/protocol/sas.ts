import { createHmac } from 'node:crypto';

/**
 * A Shared Access Signature, exactly as the official SDKs build it: the lower-cased resource
 * URI, percent-encoded, then "\n" and the expiry (Unix seconds) are signed with HMAC-SHA256
 * keyed by the UTF-8 bytes of the key (not base64-decoded).
 */
export function sasToken(
	resourceUri: string,
	keyName: string,
	key: string,
	expiresAt: number,
): string {
	const sr = encodeURIComponent(resourceUri.toLowerCase());
	const signature = createHmac('sha256', Buffer.from(key, 'utf8'))
		.update(`${sr}\n${expiresAt}`, 'utf8')
		.digest('base64');
	return `SharedAccessSignature sr=${sr}&sig=${encodeURIComponent(signature)}&se=${expiresAt}&skn=${encodeURIComponent(keyName)}`;
}

/** Tokens live one hour, as the JS SDK's do. */
export const SAS_LIFETIME_SECONDS = 3600;
