import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runPool } from './concurrency';
import { connectionError } from './errors';
import { asItemError, outputItem, type ItemError } from './items';
import { packUnits, splitRequest, type PackedRequest, type PackingLimits, type Unit } from './packing';
import { sendWithRetry, type HttpResponse, type RetryPolicy } from './retry';

/**
 * The one pipeline every bulk-send operation runs through:
 * 1. evaluate and validate every item (nothing is sent while any item is wrong, unless
 *    continue-on-fail is on, and then only the wrong ones are held back);
 * 2. group items whose outgoing message is identical and pack their recipients into requests
 *    under the service's limits;
 * 3. send the requests with bounded concurrency and the retry policy, halving on 413;
 * 4. answer every input item, paired to it, with what happened to each of its recipients.
 */
export interface BulkSendSpec<G> {
	/** Reads and validates item `itemIndex`; throws for bad input. Usually one unit per item. */
	prepare(itemIndex: number): Array<Unit<G>>;
	limits: PackingLimits;
	concurrency: number;
	retry: RetryPolicy;
	/** One attempt at one request: resolves with the response whatever its status, rejects only when none came. */
	send(request: PackedRequest<G>): Promise<HttpResponse>;
	/** Reads a 2xx response: the ids to report, and the segments the service says it did not take. */
	accept(request: PackedRequest<G>, response: HttpResponse): Accepted;
	/** Turns a final non-2xx response into the error for the items it carried. */
	reject(request: PackedRequest<G>, response: HttpResponse, itemIndexes: number[]): ItemError;
	/** How many recipients an item that failed validation held, so that none goes unaccounted. */
	countRecipients?(itemIndex: number): number;
	/** Fields the output of every item carries besides the outcome (e.g. the platform). */
	describeItem?(itemIndex: number): IDataObject;
	/** Waits between retries; n8n's sleep unless a test replaces it. */
	wait?: (ms: number) => Promise<void>;
}

export interface Accepted {
	/** What identifies this request at the service: notification id, tokenId, token. */
	ids: IDataObject;
	/** Segments (by position in the request) the service refused although the call succeeded. */
	refused?: Array<{ segment: number; message: string }>;
	/** Ids the service gave each segment (by position), beside the request's (SFMC's tokenId per batch element). */
	segmentIds?: IDataObject[];
}

interface ItemState {
	recipients: number;
	sent: number;
	failed: number;
	requests: IDataObject[];
	error?: ItemError;
}

export async function runBulkSend<G>(ctx: IExecuteFunctions, itemCount: number, spec: BulkSendSpec<G>): Promise<INodeExecutionData[]> {
	const continueOnFail = ctx.continueOnFail();
	const states: ItemState[] = new Array(itemCount);
	const units: Array<Unit<G>> = [];

	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const prepared = spec.prepare(itemIndex);
			let recipients = 0;
			for (const unit of prepared) {
				recipients += unit.recipients.length;
				units.push(unit);
			}
			states[itemIndex] = { recipients, sent: 0, failed: 0, requests: [] };
		} catch (error) {
			const itemError = asItemError(ctx, error, itemIndex);
			if (!continueOnFail) throw itemError;
			const held = safeCount(spec, itemIndex);
			states[itemIndex] = { recipients: held, sent: 0, failed: held, requests: [], error: itemError };
		}
	}

	const packed = packUnits(units, spec.limits);
	const numbered = new Map<PackedRequest<G>, number>();
	let lastNumber = 0;
	const number = (request: PackedRequest<G>) => {
		numbered.set(request, ++lastNumber);
		return request;
	};
	packed.forEach(number);

	let firstFailure: ItemError | undefined;
	let requestsDone = 0;
	const cancelSignal = ctx.getExecutionCancelSignal?.();
	const stopped = () => (firstFailure !== undefined && !continueOnFail) || cancelSignal?.aborted === true;

	const recordFailure = (request: PackedRequest<G>, error: ItemError) => {
		for (const segment of request.segments) {
			const state = states[segment.itemIndex];
			state.failed += segment.recipients.length;
			state.error ??= error;
			state.requests.push({ request: numbered.get(request), recipients: segment.recipients.length, status: 'failed', error: error.message });
		}
		firstFailure ??= error;
	};

	const process = async (request: PackedRequest<G>, enqueue: (more: Array<PackedRequest<G>>) => void) => {
		const outcome = await sendWithRetry(() => spec.send(request), spec.retry, request.size >= 2, spec.wait);
		const itemIndexes = request.segments.map((segment) => segment.itemIndex);
		if (outcome.kind === 'split') {
			enqueue(splitRequest(request).map(number));
			return;
		}
		requestsDone++;
		if (outcome.kind === 'connection') {
			recordFailure(request, connectionError(ctx.getNode(), outcome.error, itemIndexes, outcome.log.attempts));
			return;
		}
		const { response } = outcome;
		if (response.statusCode < 200 || response.statusCode >= 300) {
			recordFailure(request, spec.reject(request, response, itemIndexes));
			return;
		}
		const accepted = spec.accept(request, response);
		const refused = new Map((accepted.refused ?? []).map((entry) => [entry.segment, entry.message]));
		request.segments.forEach((segment, position) => {
			const state = states[segment.itemIndex];
			const count = segment.recipients.length;
			const reason = refused.get(position);
			if (reason === undefined) {
				state.sent += count;
				state.requests.push({ request: numbered.get(request), recipients: count, status: 'sent', ...accepted.ids, ...accepted.segmentIds?.[position] });
			} else {
				state.failed += count;
				state.error ??= asItemError(ctx, new Error(reason), segment.itemIndex);
				state.requests.push({ request: numbered.get(request), recipients: count, status: 'failed', error: reason, ...accepted.ids });
				if (!continueOnFail) firstFailure ??= state.error;
			}
		});
	};

	// The first request goes alone: a credential that fetches a token on first use (SFMC)
	// then fetches it once, not once per concurrent request.
	const queue = packed.slice(1);
	if (packed.length > 0) await process(packed[0], (more) => queue.push(...more));
	if (!stopped()) await runPool(queue, spec.concurrency, process, stopped);

	if (firstFailure && !continueOnFail) {
		const unsent = lastNumber - requestsDone;
		const sentRecipients = states.reduce((sum, state) => sum + state.sent, 0);
		firstFailure.description = [
			firstFailure.description,
			`${sentRecipients} recipient(s) in ${requestsDone - countFailedRequests(states)} request(s) had already been delivered to the service and ${unsent} request(s) were not sent. Turn on the node setting "On Error: Continue" to get a result per item instead of stopping.`,
		]
			.filter(Boolean)
			.join(' ');
		throw firstFailure;
	}

	return states.map((state, itemIndex) => {
		const status = state.failed === 0 && !state.error ? 'sent' : state.sent === 0 ? 'failed' : 'partial';
		const json: IDataObject = {
			status,
			...(spec.describeItem && !state.error ? spec.describeItem(itemIndex) : {}),
			recipients: state.recipients,
			sent: state.sent,
			failed: state.failed,
			requests: state.requests,
		};
		return outputItem(itemIndex, json, state.error);
	});
}

function countFailedRequests(states: ItemState[]): number {
	const failed = new Set<unknown>();
	for (const state of states) for (const entry of state.requests) if (entry.status === 'failed') failed.add(entry.request);
	return failed.size;
}

function safeCount<G>(spec: BulkSendSpec<G>, itemIndex: number): number {
	try {
		return spec.countRecipients?.(itemIndex) ?? 0;
	} catch {
		return 0;
	}
}
