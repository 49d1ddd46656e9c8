import type { IDataObject } from 'n8n-workflow';

/** A JSON parameter that may arrive as text or already parsed; must be an object. */
export function jsonObject(value: unknown, what: string): IDataObject {
	let parsed: unknown = value;
	if (typeof value === 'string') {
		const text = value.trim();
		if (text === '') return {};
		parsed = parseOrUndefined(text);
		if (parsed === undefined) throw new Error(`${what} is not valid JSON`);
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${what} must be a JSON object`);
	return parsed as IDataObject;
}

function parseOrUndefined(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** "a=1, b=2" → [{key:'a',value:'1'},…] with the given property names; undefined when empty. */
export function keyValues<K extends string, V extends string>(value: unknown, keyName: K, valueName: V): Array<Record<K | V, string>> | undefined {
	const pairs = String(value ?? '')
		.split(/[\n,;]+/)
		.map((pair) => pair.trim())
		.filter(Boolean)
		.map((pair) => {
			const equals = pair.indexOf('=');
			if (equals <= 0) throw new Error(`Custom key "${pair}" must look like key=value`);
			return { [keyName]: pair.slice(0, equals).trim(), [valueName]: pair.slice(equals + 1).trim() } as Record<K | V, string>;
		});
	return pairs.length ? pairs : undefined;
}

export function messageIdOf(value: unknown): string {
	const id = String(value ?? '').trim();
	if (!id) throw new Error('Message ID is empty: use the id that Message → Create returned');
	return id;
}
