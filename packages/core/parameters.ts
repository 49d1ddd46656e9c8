import type {
	IDataObject,
	IExecuteFunctions,
	INodeParameters,
	INodeProperties,
	NodeParameterValueType,
} from 'n8n-workflow';

/**
 * Reads node parameters for many items without paying for the expression engine 100,000 times.
 * - A parameter whose stored value holds no expression is the same for every item: read once.
 * - A parameter that is nothing but a field of the input item (`{{ $json.token }}`,
 *   `{{ $json["device handles"] }}`, `{{ $json.user.devices }}`) is read straight from the item,
 *   which is what n8n's evaluation of that expression returns. A missing field goes through n8n,
 *   so its answer for "nothing there" stays n8n's.
 * - Any other expression is evaluated per item by n8n.
 * - What an operation builds from parameters (a message, a payload) is built once for all items
 *   when none of the parameters it read differs between items (`sameForAllItems`).
 */
export class ParameterReader {
	private readonly constants = new Map<string, unknown>();
	private readonly fieldPaths = new Map<string, string[] | null>();
	private readonly built = new Map<string, unknown>();
	private readonly raw: INodeParameters;
	private items: Array<{ json: IDataObject }> | undefined;
	/** While a `sameForAllItems` build runs: whether it read a value that may differ between items. */
	private reading: { perItem: boolean } | undefined;

	constructor(private readonly ctx: IExecuteFunctions) {
		this.raw = ctx.getNode().parameters;
	}

	get<T = unknown>(name: string, itemIndex: number, fallback?: T): T {
		if (this.constants.has(name)) return this.constants.get(name) as T;
		const path = this.fieldPath(name);
		if (path) {
			this.items ??= this.ctx.getInputData();
			const value = readPath(this.items[itemIndex]?.json, path);
			if (value !== undefined) {
				if (this.reading) this.reading.perItem = true;
				return value as T;
			}
		}
		const value = this.ctx.getNodeParameter(name, itemIndex, fallback) as T;
		if (path === null && !holdsExpression(lookup(this.raw, name))) this.constants.set(name, value);
		else if (this.reading) this.reading.perItem = true;
		return value;
	}

	/**
	 * What `build` returns: built on the first call, and returned again without building for
	 * every later call with the same `key` when everything `build` read through this reader is
	 * the same for every item (no expression, no field of the item). Otherwise built per call.
	 * So a message made from constant parameters is made once for 100,000 items, not 100,000
	 * times, and a message with `{{ $json.name }}` in it still differs per item.
	 *
	 * `build` must read parameters only through this reader and depend on the item in no other
	 * way; callers must not mutate what it returns. A build that throws is not remembered.
	 */
	sameForAllItems<T>(key: string, build: () => T): T {
		if (this.built.has(key)) return this.built.get(key) as T;
		const outer = this.reading;
		const reading = { perItem: false };
		this.reading = reading;
		try {
			const value = build();
			if (!reading.perItem) this.built.set(key, value);
			return value;
		} finally {
			this.reading = outer;
			if (outer && reading.perItem) outer.perItem = true;
		}
	}

	private fieldPath(name: string): string[] | null {
		let path = this.fieldPaths.get(name);
		if (path === undefined) {
			path = parseFieldExpression(lookup(this.raw, name));
			this.fieldPaths.set(name, path);
		}
		return path;
	}
}

const FIELD_EXPRESSION =
	/^=\{\{\s*\$json((?:\s*\.\s*[A-Za-z_$][\w$]*|\s*\[\s*(?:"[^"\\]*"|'[^'\\]*'|\d+)\s*\])+)\s*\}\}$/;
const SEGMENT = /\.\s*([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)'|(\d+))\s*\]/g;

/** `={{ $json.a["b c"][0] }}` → ['a', 'b c', '0']; null for anything else. */
export function parseFieldExpression(raw: unknown): string[] | null {
	if (typeof raw !== 'string') return null;
	const match = FIELD_EXPRESSION.exec(raw.trim());
	if (!match) return null;
	const path: string[] = [];
	for (const segment of match[1].matchAll(SEGMENT))
		path.push(segment[1] ?? segment[2] ?? segment[3] ?? segment[4]);
	return path;
}

function readPath(json: unknown, path: string[]): unknown {
	let current = json;
	for (const key of path) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

function lookup(parameters: INodeParameters, path: string): unknown {
	return readPath(parameters, path.split('.'));
}

function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value !== null && typeof value === 'object') {
		return Object.values(value as Record<string, NodeParameterValueType>).some(holdsExpression);
	}
	return false;
}

/**
 * The value of a resource locator (`{ __rl: true, mode, value }`, what n8n stores for a field
 * with From List / By ID), or the value itself for a field saved before it became one.
 */
export function locatorValue(value: unknown): unknown {
	return value !== null && typeof value === 'object' && (value as { __rl?: unknown }).__rl === true
		? (value as { value?: unknown }).value
		: value;
}

/** Return All and Limit of a Get Many, as n8n's own nodes have them. */
export const returnAllProperties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** How many results an item of a Get Many asks for: its Limit, or all (Infinity). */
export function readWanted(reader: ParameterReader, itemIndex: number): number {
	return reader.get<boolean>('returnAll', itemIndex, false)
		? Number.POSITIVE_INFINITY
		: reader.get<number>('limit', itemIndex, 50);
}
