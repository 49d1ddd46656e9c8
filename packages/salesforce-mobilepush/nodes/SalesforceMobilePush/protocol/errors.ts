/**
 * Marketing Cloud answers errors in three shapes: push routes `{"errors": ["…"]}`, the platform
 * `{message, errorcode, documentation}`, and the auth server `{error, error_description}`.
 */
export interface SfmcErrorText {
	serviceMessage: string;
	code?: string;
	hint?: string;
}

export function describeSfmcError(status: number, body: unknown): SfmcErrorText {
	const parsed = typeof body === 'string' ? safeJson(body) : body;
	let message = typeof body === 'string' ? body : '';
	let code: string | undefined;
	if (parsed && typeof parsed === 'object') {
		const b = parsed as Record<string, unknown>;
		if (Array.isArray(b.errors) && b.errors.length) message = b.errors.map(String).join(' ');
		else if (typeof b.message === 'string') {
			message = b.message;
			if (b.errorcode !== undefined) code = String(b.errorcode);
		} else if (typeof b.error === 'string') {
			message =
				typeof b.error_description === 'string' ? `${b.error}: ${b.error_description}` : b.error;
			code = b.error;
		}
	}
	return {
		serviceMessage: message.trim().slice(0, 1000),
		code,
		hint: hintFor(status, message, code),
	};
}

function hintFor(status: number, message: string, code?: string): string | undefined {
	if (/not set to Active/i.test(message))
		return 'Activate the message: set its status to Active in MobilePush, or run Message → Update with Define Message "Using JSON" and {"status": 2}, then send again.';
	if (/not valid for the client|Message id .* is not valid/i.test(message))
		return 'Check the message ID: it must be the id Create returned, in this business unit (Account ID in the credential).';
	if (/valid send time/i.test(message))
		return 'Send Time must be yyyy-MM-dd HH:mm, in the future, in Central Time (UTC-6).';
	if (/Message is blank and no override message/i.test(message))
		return 'Give Message Text (or Alert in a batch), or give the message definition an alert with Message → Update, then send again.';
	if (/override message text with a blank message/i.test(message))
		return 'Override is on but Message Text is empty: give the text to send, or turn Override off to send the definition’s alert.';
	if (code === 'invalid_client')
		return 'Check Client ID and Client Secret in Setup → Installed Packages → your package → API Integration, and that the package is installed in this business unit.';
	if (code === '50200')
		return 'Marketing Cloud has blocked requests from this package for now; this is not retried. Contact Salesforce support.';
	if (status === 401)
		return 'The token was refused after a refresh: check the credential’s client ID, secret and account ID.';
	if (status === 403)
		return 'The package lacks a scope: give it push_read, push_write and push_send in Installed Packages.';
	if (status === 404)
		return 'Not found: check the message ID and that the REST base belongs to this tenant.';
	if (status === 429)
		return 'Rate limit still exceeded after the retries: send fewer requests per minute.';
	if (status >= 500) return 'Marketing Cloud had a problem; it was retried. Try again later.';
	return undefined;
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}
