import { locatorValue } from '../../../../core/parameters';

export { jsonObject } from '../../../../core/json';

/** "a=1, b=2" → [{key:'a',value:'1'},…] with the given property names; undefined when empty. */
export function keyValues<K extends string, V extends string>(
	value: unknown,
	keyName: K,
	valueName: V,
): Array<Record<K | V, string>> | undefined {
	const pairs = String(value ?? '')
		.split(/[\n,;]+/)
		.map((pair) => pair.trim())
		.filter(Boolean)
		.map((pair) => {
			const equals = pair.indexOf('=');
			if (equals <= 0) throw new Error(`Custom key "${pair}" must look like key=value`);
			return {
				[keyName]: pair.slice(0, equals).trim(),
				[valueName]: pair.slice(equals + 1).trim(),
			} as Record<K | V, string>;
		});
	return pairs.length ? pairs : undefined;
}

export function messageIdOf(value: unknown): string {
	const id = String(locatorValue(value) ?? '').trim();
	if (!id) throw new Error('Message ID is empty: use the id that Message → Create returned');
	return id;
}
