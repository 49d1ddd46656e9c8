import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { headerValue, parseRetryAfter, type HttpResponse } from './retry';

/** "[item 3]", "[items 0-999]", "[items 2, 5-7 and 12 more]": which input items an error concerns. */
export function itemLabel(itemIndexes: number[]): string {
	const sorted = [...new Set(itemIndexes)].sort((a, b) => a - b);
	if (sorted.length === 0) return '';
	if (sorted.length === 1) return `[item ${sorted[0]}]`;
	const ranges: string[] = [];
	let start = sorted[0];
	let previous = start;
	for (const index of sorted.slice(1).concat(Number.NaN)) {
		if (index === previous + 1) {
			previous = index;
			continue;
		}
		ranges.push(start === previous ? String(start) : `${start}-${previous}`);
		start = index;
		previous = index;
	}
	const shown = ranges.slice(0, 4).join(', ');
	return ranges.length > 4
		? `[items ${shown} and ${ranges.length - 4} more ranges]`
		: `[items ${shown}]`;
}

/** An input problem: the message says what is wrong and for which item, the description how to fix it. */
export function inputError(
	node: INode,
	message: string,
	itemIndex: number,
	description?: string,
): NodeOperationError {
	return new NodeOperationError(node, `${message} ${itemLabel([itemIndex])}`, {
		itemIndex,
		description,
	});
}

export interface ServiceErrorText {
	/** The service's own words, kept as they are. */
	serviceMessage: string;
	/** The service's error code, when it sends one. */
	code?: string;
	/** How the person at the canvas can fix it. */
	hint?: string;
}

/**
 * A failed response as a NodeApiError. `describe` is the service's reader of its error
 * bodies; the message names the HTTP status and the items, the description carries the
 * service's words and the hint. Only status and body are kept: never the request, so no
 * Authorization header or signature can leak into the execution data.
 */
export function responseError(
	node: INode,
	response: HttpResponse,
	itemIndexes: number[],
	text: ServiceErrorText,
	what = 'The service refused the request',
): NodeApiError {
	const label = itemLabel(itemIndexes);
	const code = text.code ? ` (${text.code})` : '';
	const message = `${what}: ${response.statusCode}${code} ${text.serviceMessage}`.trim();
	return new NodeApiError(
		node,
		{ statusCode: response.statusCode, body: toJson(response.body) } as JsonObject,
		{
			message: label ? `${message} ${label}` : message,
			description: text.hint,
			httpCode: String(response.statusCode),
			itemIndex: itemIndexes.length === 1 ? itemIndexes[0] : undefined,
		},
	);
}

/** No response at all (refused, reset, timed out), after the retries the policy allows. */
export function connectionError(
	node: INode,
	error: Error,
	itemIndexes: number[],
	attempts: number,
): NodeApiError {
	const label = itemLabel(itemIndexes);
	const reason = connectionReason(error);
	return new NodeApiError(node, { message: reason } as JsonObject, {
		message: `No response from the service after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${reason}${label ? ` ${label}` : ''}`,
		description:
			'The connection was refused, reset or timed out. Check the base URL in the credential and that this n8n instance can reach the service. A request that got no answer may still have been delivered.',
		itemIndex: itemIndexes.length === 1 ? itemIndexes[0] : undefined,
	});
}

function connectionReason(error: Error): string {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^E[A-Z]+/.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return error.message || 'connection failed';
}

function toJson(body: unknown): unknown {
	if (Buffer.isBuffer(body)) return body.toString('utf8').slice(0, 4000);
	if (typeof body === 'string') return body.slice(0, 4000);
	return body ?? null;
}

/** Parses a body that may have arrived as text, a Buffer or already-parsed JSON. */
export function parseJsonBody(body: unknown): unknown {
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body !== 'string') return body;
	const text = body.trim();
	if (text === '') return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/**
 * What to add to a final answer whose Retry-After is longer than the node waits (`maxDelayMs`):
 * when to try again. Undefined when it gave none or a shorter one.
 */
export function retryAfterHint(
	response: HttpResponse,
	maxDelayMs: number,
	now = Date.now(),
): string | undefined {
	const told = parseRetryAfter(headerValue(response.headers, 'retry-after'), now);
	if (told === undefined || told <= maxDelayMs) return undefined;
	return `The service asked to wait ${Math.ceil(told / 1000)} s before the next request (until ${new Date(now + told).toISOString()}); this node waits at most ${Math.round(maxDelayMs / 1000)} s, so it stopped instead of trying again early. Run it again after that time.`;
}

/** A request not sent because the service asked the whole run to wait longer than the node waits. */
export function pausedError(
	node: INode,
	until: number,
	maxDelayMs: number,
	itemIndexes: number[],
): NodeOperationError {
	const label = itemLabel(itemIndexes);
	return new NodeOperationError(
		node,
		`Not sent: the service asked for no requests until ${new Date(until).toISOString()}${label ? ` ${label}` : ''}`,
		{
			description: `Another request of this run was told to wait (Retry-After) longer than the ${Math.round(maxDelayMs / 1000)} s this node waits. Run the workflow again after that time; with a Send Key, only what was not delivered is sent.`,
			itemIndex: itemIndexes.length === 1 ? itemIndexes[0] : undefined,
		},
	);
}

/** Puts `hint` first in the error's description. */
export function withHint<E extends NodeApiError | NodeOperationError>(
	error: E,
	hint: string | undefined,
): E {
	if (hint) error.description = [hint, error.description].filter(Boolean).join(' ');
	return error;
}
