import type { IExecuteFunctions, INodeParameters, NodeParameterValueType } from 'n8n-workflow';

/**
 * Reads node parameters for many items without evaluating the same constant 100,000 times.
 * A parameter whose stored value holds no expression is the same for every item, so it is
 * read once; one that holds an expression is evaluated per item as n8n would.
 */
export class ParameterReader {
	private readonly constants = new Map<string, unknown>();
	private readonly raw: INodeParameters;

	constructor(private readonly ctx: IExecuteFunctions) {
		this.raw = ctx.getNode().parameters;
	}

	get<T = unknown>(name: string, itemIndex: number, fallback?: T): T {
		if (this.constants.has(name)) return this.constants.get(name) as T;
		const value = this.ctx.getNodeParameter(name, itemIndex, fallback) as T;
		if (!holdsExpression(lookup(this.raw, name))) this.constants.set(name, value);
		return value;
	}
}

function lookup(parameters: INodeParameters, path: string): unknown {
	let current: unknown = parameters;
	for (const key of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value !== null && typeof value === 'object') {
		return Object.values(value as Record<string, NodeParameterValueType>).some(holdsExpression);
	}
	return false;
}
