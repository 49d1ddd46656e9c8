/**
 * Custom Data API 1.0 (`/1.0/{apiKey}/data/users…`): values are keyed `u.<name>` for
 * attributes, `date(u.<name>)` for dates and `ut.<collection>` for tag collections.
 * Bulk updates take at most 10,000 users per call.
 */
export const CUSTOM_DATA_BULK_MAX = 10_000;

export type AttributeType = 'string' | 'integer' | 'float' | 'boolean' | 'date';

export interface AttributeInput {
	name: string;
	type: AttributeType;
	value: unknown;
}

export interface TagInput {
	collection: string;
	/** set replaces the collection; add and remove change it. */
	mode: 'set' | 'add' | 'remove';
	tags: string[];
}

export class CustomDataError extends Error {}

const NAME = /^[A-Za-z0-9_]{1,30}$/;

function checkName(name: string, what: string): string {
	const trimmed = (name ?? '').trim();
	if (!NAME.test(trimmed))
		throw new CustomDataError(
			`The ${what} name "${trimmed}" must be 1 to 30 letters, digits or "_"`,
		);
	return trimmed.toLowerCase();
}

export function attributeValue(attribute: AttributeInput): [string, unknown] {
	const name = checkName(attribute.name, 'attribute');
	const raw = attribute.value;
	const text = typeof raw === 'string' ? raw.trim() : raw;
	switch (attribute.type) {
		case 'string':
			return [`u.${name}`, raw === undefined || raw === null ? '' : String(raw)];
		case 'integer': {
			const number = Number(text);
			if (text === '' || !Number.isInteger(number))
				throw new CustomDataError(
					`The attribute "${name}" should be a whole number, got "${String(raw)}"`,
				);
			return [`u.${name}`, number];
		}
		case 'float': {
			const number = Number(text);
			if (text === '' || !Number.isFinite(number))
				throw new CustomDataError(
					`The attribute "${name}" should be a number, got "${String(raw)}"`,
				);
			return [`u.${name}`, number];
		}
		case 'boolean': {
			if (typeof raw === 'boolean') return [`u.${name}`, raw];
			if (text === 'true' || text === 'false') return [`u.${name}`, text === 'true'];
			throw new CustomDataError(
				`The attribute "${name}" should be true or false, got "${String(raw)}"`,
			);
		}
		case 'date': {
			const date = raw instanceof Date ? raw : new Date(String(text));
			if (text === '' || Number.isNaN(date.getTime()))
				throw new CustomDataError(`The attribute "${name}" should be a date, got "${String(raw)}"`);
			return [`date(u.${name})`, date.toISOString().slice(0, 19)];
		}
		default:
			throw new CustomDataError(`Unknown attribute type "${String(attribute.type)}"`);
	}
}

/** The `values` object of an update; later entries for the same key win, as in a form. */
export function buildCustomDataValues(
	attributes: AttributeInput[],
	tags: TagInput[],
	extra?: Record<string, unknown>,
): Record<string, unknown> {
	const values: Record<string, unknown> = {};
	for (const attribute of attributes) {
		const [key, value] = attributeValue(attribute);
		values[key] = value;
	}
	for (const tag of tags) {
		const key = `ut.${checkName(tag.collection, 'tag collection')}`;
		const list = tag.tags.map((t) => t.trim()).filter((t) => t !== '');
		if (tag.mode === 'set') {
			values[key] = list;
			continue;
		}
		const current = values[key];
		const change =
			current && typeof current === 'object' && !Array.isArray(current)
				? (current as Record<string, string[]>)
				: {};
		const operator = tag.mode === 'add' ? '$add' : '$remove';
		change[operator] = [...(change[operator] ?? []), ...list];
		values[key] = change;
	}
	return { ...values, ...(extra ?? {}) };
}

export function customDataUpdate(
	values: Record<string, unknown>,
	overwrite: boolean,
): { overwrite: boolean; values: Record<string, unknown> } {
	if (!overwrite && Object.keys(values).length === 0)
		throw new CustomDataError('There is nothing to update: add an attribute or a tag collection');
	return { overwrite, values };
}

export function checkCustomId(value: unknown): string {
	const id = value === undefined || value === null ? '' : String(value).trim();
	if (!id) throw new CustomDataError('The custom ID is empty');
	return id;
}

/** Body of `POST /1.0/{apiKey}/data/users`: one entry per user, in order. */
export function bulkCustomDataBody(
	entries: Array<{ id: string; update: { overwrite: boolean; values: Record<string, unknown> } }>,
): unknown[] {
	return entries.map((entry) => ({ id: entry.id, update: entry.update }));
}
