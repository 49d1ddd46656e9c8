/**
 * Reads a recipient list (device handles, tokens, subscriber keys, custom ids) from whatever
 * an n8n expression produced: one value, an array, or a comma-, semicolon- or newline-separated
 * string. Blank entries are skipped; nothing else is removed or deduplicated, because sending
 * twice to a handle a workflow listed twice is the workflow's decision, not ours.
 */
export function parseRecipientList(value: unknown): string[] {
	const out: string[] = [];
	collect(value, out);
	return out;
}

const SEPARATORS = /[\n\r,;]/;

function collect(value: unknown, out: string[]): void {
	if (value === null || value === undefined) return;
	if (Array.isArray(value)) {
		for (const entry of value) collect(entry, out);
		return;
	}
	if (typeof value === 'number' || typeof value === 'bigint') {
		out.push(String(value));
		return;
	}
	if (typeof value !== 'string') {
		throw new TypeError(
			`expected text or a list of text, got ${typeof value === 'object' ? 'an object' : typeof value}`,
		);
	}
	const text = value.trim();
	if (text === '') return;
	// Nearly every entry is one handle, key or id: keep it as it is, without splitting.
	if (text.charCodeAt(0) !== 0x5b /* [ */ && !SEPARATORS.test(text)) {
		out.push(text);
		return;
	}
	if (text.startsWith('[') && text.endsWith(']')) {
		// A JSON array that arrived as a string, e.g. from a webhook body or a database column.
		let parsed: unknown;
		try {
			parsed = JSON.parse(text);
		} catch {
			parsed = undefined;
		}
		if (Array.isArray(parsed)) {
			collect(parsed, out);
			return;
		}
	}
	for (const part of text.split(/[\n\r,;]+/)) {
		const entry = part.trim();
		if (entry !== '') out.push(entry);
	}
}
