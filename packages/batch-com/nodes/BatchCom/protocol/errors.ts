/**
 * Batch answers errors in two shapes: the 1.x APIs `{"code": 10, "message": "…"}` and the
 * project (2.x) APIs `{"error_code": "…", "error_message": "…"}`. Which one a route uses is
 * not documented everywhere, so both are read wherever they come from.
 */
export interface BatchErrorText {
	code?: string;
	message?: string;
}

export function readBatchError(body: unknown): BatchErrorText {
	if (typeof body === 'string') {
		const text = body.trim();
		if (text.startsWith('{')) {
			try {
				return readBatchError(JSON.parse(text));
			} catch {
				return { message: text.slice(0, 500) };
			}
		}
		return text ? { message: text.slice(0, 500) } : {};
	}
	if (body === null || typeof body !== 'object' || Array.isArray(body)) return {};
	const record = body as Record<string, unknown>;
	const code = record.error_code ?? record.code;
	const message = record.error_message ?? record.message ?? record.reason;
	return {
		code: code === undefined || code === null ? undefined : String(code),
		message: message === undefined || message === null ? undefined : String(message),
	};
}

/** What 1.x error codes mean, when Batch sends a code without a message. */
const CODE_MEANINGS: Record<string, string> = {
	'1': 'Server error',
	'2': 'Batch is under maintenance',
	'10': 'Authentication invalid',
	'20': 'Route not found',
	'30': 'Missing parameter',
	'31': 'Malformed parameter',
	'32': 'Malformed JSON body',
};

export function describeBatchError(
	status: number,
	body: unknown,
): BatchErrorText & { hint: string } {
	const text = readBatchError(body);
	const message = text.message ?? (text.code ? CODE_MEANINGS[text.code] : undefined) ?? '';
	return { code: text.code, message, hint: hintFor(status) };
}

const KEYS_WHERE =
	'The REST API key and the API key are in the Batch dashboard under ⚙ Settings → General (the REST API key is only visible to managers).';

export function hintFor(status: number): string {
	if (status === 401 || status === 403)
		return `Batch did not accept the credential. ${KEYS_WHERE} Use the Live API key for campaign reads; for profiles, the project key is in the project settings and the REST key must belong to that project.`;
	if (status === 404)
		return `Batch does not know this route or object: check the campaign token or custom ID, and that the API key in the credential belongs to the app. ${KEYS_WHERE}`;
	if (status === 400 || status === 422)
		return 'Batch refused the request body; its message above names the field. Fix that field (or the JSON you supplied) and run again.';
	if (status === 413)
		return 'The request was too large for Batch; send fewer recipients or smaller values per item.';
	if (status === 429)
		return 'Batch kept rate limiting after the retries the node allows. Wait a little, then run again with fewer items.';
	if (status >= 500)
		return 'Batch had a server error or is under maintenance after the retries the node allows. Try again later; nothing suggests your data is wrong.';
	return "See Batch's message above.";
}
