/**
 * JSON from node parameters, with errors worded for the person at the canvas. A JSON parameter
 * may arrive as text or, from an expression, already parsed.
 */
export function parseJson(text: string, what: string): unknown {
	let problem = '';
	try {
		return JSON.parse(text) as unknown;
	} catch (error) {
		problem = (error as Error).message;
	}
	throw new Error(`${what} is not valid JSON: ${problem}`);
}

/** A JSON object; blank text means an empty object. */
export function jsonObject(value: unknown, what: string): Record<string, unknown> {
	const parsed =
		typeof value === 'string' ? (value.trim() === '' ? {} : parseJson(value, what)) : value;
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
		throw new Error(`${what} must be a JSON object`);
	return parsed as Record<string, unknown>;
}

/** Any JSON value (an array, say), parsed when it arrived as text. */
export function jsonValue(value: unknown, what: string): unknown {
	return typeof value === 'string' ? parseJson(value, what) : value;
}
