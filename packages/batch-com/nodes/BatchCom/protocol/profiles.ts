/**
 * Project API 2.x `POST /{version}/profiles/update`: an array of at most 200 operations
 * `{identifiers: {custom_id}, attributes, events}`. A 202 may say SUCCESS_WITH_PARTIAL_ERRORS
 * and list `errors[]` by `bulk_index`, the operation's position in the array.
 */
export const PROFILE_UPDATE_MAX = 200;
/** `POST /{version}/profiles/mass-update`: the same operations, at most 10,000 a call, processed after the 202 answer. */
export const PROFILE_MASS_UPDATE_MAX = 10_000;

export interface ProfileOperationInput {
	customId: string;
	attributes?: Record<string, unknown>;
	events?: unknown[];
}

export class ProfileError extends Error {}

export function buildProfileOperation(input: ProfileOperationInput): Record<string, unknown> {
	const customId = (input.customId ?? '').trim();
	if (!customId) throw new ProfileError('The custom ID is empty');
	const operation: Record<string, unknown> = { identifiers: { custom_id: customId } };
	if (input.attributes && Object.keys(input.attributes).length > 0)
		operation.attributes = input.attributes;
	if (input.events && input.events.length > 0) {
		input.events.forEach((event, index) => {
			const name = (event as { name?: unknown } | null)?.name;
			if (typeof name !== 'string' || !name.trim())
				throw new ProfileError(`Event ${index + 1} has no "name"`);
		});
		operation.events = input.events;
	}
	if (!operation.attributes && !operation.events)
		throw new ProfileError('There is nothing to update: add attributes or events');
	return operation;
}

export interface PartialErrors {
	/** Operation position in the request → what Batch said about it. */
	byIndex: Map<number, string>;
	/** Errors whose bulk_index names no operation of the request (kept, never dropped). */
	unmatched: string[];
	code?: string;
}

/** Reads a 2xx answer of profiles/update: which operations (by bulk_index) failed and why. */
export function readPartialErrors(body: unknown, operationCount: number): PartialErrors {
	const result: PartialErrors = { byIndex: new Map(), unmatched: [] };
	if (body === null || typeof body !== 'object') return result;
	const record = body as { code?: unknown; errors?: unknown };
	if (typeof record.code === 'string') result.code = record.code;
	if (!Array.isArray(record.errors)) return result;
	for (const entry of record.errors) {
		const error = (entry ?? {}) as {
			bulk_index?: unknown;
			reason?: unknown;
			category?: unknown;
			attribute?: unknown;
		};
		const parts = [error.category, error.reason].filter(
			(part) => typeof part === 'string' && part !== '',
		) as string[];
		const text = `${parts.join(': ') || 'refused'}${typeof error.attribute === 'string' ? ` (attribute "${error.attribute}")` : ''}`;
		const index =
			typeof error.bulk_index === 'number' ? error.bulk_index : Number(error.bulk_index);
		if (!Number.isInteger(index) || index < 0 || index >= operationCount) {
			result.unmatched.push(text);
			continue;
		}
		const previous = result.byIndex.get(index);
		result.byIndex.set(index, previous ? `${previous}; ${text}` : text);
	}
	return result;
}

export type ProfileAttributeType =
	| 'string'
	| 'integer'
	| 'float'
	| 'boolean'
	| 'date'
	| 'url'
	| 'array';

/**
 * Typed attributes for a profile: `$name` for Batch's native ones ($email_address,
 * $language…), `date(name)` and `url(name)` for dates and URLs, arrays of strings for lists.
 */
export function buildProfileAttributes(
	list: Array<{ name: string; type: ProfileAttributeType; value: unknown }>,
): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const attribute of list) {
		const name = (attribute.name ?? '').trim();
		if (!/^\$?[A-Za-z0-9_]{1,30}$/.test(name))
			throw new ProfileError(
				`The attribute name "${name}" must be 1 to 30 letters, digits or "_" (with a leading $ for Batch's native attributes)`,
			);
		const raw = attribute.value;
		const text = typeof raw === 'string' ? raw.trim() : raw;
		switch (attribute.type) {
			case 'string':
				out[name] = raw === undefined || raw === null ? '' : String(raw);
				break;
			case 'integer':
			case 'float': {
				const number = Number(text);
				const ok =
					text !== '' &&
					(attribute.type === 'integer' ? Number.isInteger(number) : Number.isFinite(number));
				if (!ok)
					throw new ProfileError(
						`The attribute "${name}" should be ${attribute.type === 'integer' ? 'a whole number' : 'a number'}, got "${String(raw)}"`,
					);
				out[name] = number;
				break;
			}
			case 'boolean':
				if (typeof raw === 'boolean') out[name] = raw;
				else if (text === 'true' || text === 'false') out[name] = text === 'true';
				else
					throw new ProfileError(
						`The attribute "${name}" should be true or false, got "${String(raw)}"`,
					);
				break;
			case 'date': {
				const date = new Date(String(text));
				if (text === '' || Number.isNaN(date.getTime()))
					throw new ProfileError(`The attribute "${name}" should be a date, got "${String(raw)}"`);
				out[`date(${name})`] = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
				break;
			}
			case 'url':
				if (!/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(String(text)))
					throw new ProfileError(`The attribute "${name}" should be a URL, got "${String(raw)}"`);
				out[`url(${name})`] = String(text);
				break;
			case 'array':
				out[name] = Array.isArray(raw)
					? raw.map(String)
					: String(raw ?? '')
							.split(',')
							.map((entry) => entry.trim())
							.filter((entry) => entry !== '');
				break;
			default:
				throw new ProfileError(`Unknown attribute type "${String(attribute.type)}"`);
		}
	}
	return out;
}
