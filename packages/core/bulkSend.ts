import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	Pace,
	paceKeyOf,
	realClock,
	reportPace,
	runPool,
	type Clock,
	type ConcurrencySetting,
} from './concurrency';
import {
	connectionError,
	itemLabel,
	pausedError,
	responseError,
	retryAfterHint,
	withHint,
} from './errors';
import { asItemError, errorOutputOf, outputItem, type ItemError } from './items';
import {
	packCanonical,
	packUnits,
	releaseRecipientsJson,
	splitRequest,
	type PackedRequest,
	type PackingLimits,
	type Unit,
} from './packing';
import { sendWithRetry, type HttpResponse, type RetryPolicy } from './retry';
import {
	digest,
	entryOf,
	n8nRecordStore,
	ownRecords,
	SendKeyLedger,
	UNRECORDED_PER_LANE,
	type LedgerEntry,
	type LookupResult,
} from './sendKey';
import { triesOf, TRY_KEY, withTries } from './tries';

/**
 * The one pipeline every bulk-send operation runs through:
 * 1. evaluate and validate every item (nothing is sent while any item is wrong, unless
 *    continue-on-fail is on, and then only the wrong ones are held back);
 * 2. group items whose outgoing message is identical and pack their recipients into requests
 *    under the service's limits (in an order of their own when a Send Key is set);
 * 3. with a Send Key, leave out what an earlier run with that key delivered;
 * 4. send the requests with bounded concurrency and the retry policy, halving on 413, and
 *    record each one the service accepted under its Send Key;
 * 5. answer every input item, paired to it, with what happened to each of its recipients.
 */
export interface BulkSendSpec<G> {
	/** Reads and validates item `itemIndex`; throws for bad input. Usually one unit per item. */
	prepare(itemIndex: number): Array<Unit<G>>;
	limits: PackingLimits;
	/** Requests in flight: adaptive within a cap, or fixed (see concurrency.ts). */
	concurrency: ConcurrencySetting;
	retry: RetryPolicy;
	/** One attempt at one request: resolves with the response whatever its status, rejects only when none came. */
	send(request: PackedRequest<G>): Promise<HttpResponse>;
	/** Reads a 2xx response: the ids to report, and the segments the service says it did not take. */
	accept(request: PackedRequest<G>, response: HttpResponse): Accepted;
	/** Turns a final non-2xx response into the error for the items it carried. */
	reject(request: PackedRequest<G>, response: HttpResponse, itemIndexes: number[]): ItemError;
	/** The recipients an item that failed validation held, so that none goes unaccounted. */
	recipientsOf?(itemIndex: number): RecipientList[];
	/** Fields the output of every item carries besides the outcome (e.g. the platform). */
	describeItem?(itemIndex: number): IDataObject;
	/** What a fully done item's status (and its requests') says: 'sent' unless the operation does something else ('updated'). */
	doneStatus?: string;
	/** Resumable sends (see sendKey.ts). */
	sendKey?: {
		/** The item's Send Key; empty for none. */
		keyOf(itemIndex: number): string;
		/** What the item sends besides its group's message, when that differs between the items of a group. */
		contentOf?(itemIndex: number): string;
		/** Forget every key of this node before sending. */
		forget?: boolean;
	};
	/** The time, and waits between retries; the real ones unless a test replaces them. */
	clock?: Clock;
}

export interface RecipientList {
	/** The kind of recipient, when an item holds several (Batch's custom IDs, tokens, install IDs). */
	label?: string;
	recipients: string[];
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
	resumed: number;
	requests: IDataObject[];
	error?: ItemError;
	/** Recipients not delivered, by label ('' when the item's recipients have none). */
	undelivered?: Map<string, string[]>;
	/** The item's only recipient, when it has exactly one: the output says whom it was for. */
	only?: string;
}

export async function runBulkSend<G>(
	ctx: IExecuteFunctions,
	itemCount: number,
	spec: BulkSendSpec<G>,
): Promise<INodeExecutionData[]> {
	const continueOnFail = ctx.continueOnFail();
	const clock = spec.clock ?? realClock;
	const done = spec.doneStatus ?? 'sent';
	const pace = new Pace(paceKeyOf(ctx), spec.concurrency, clock);
	const states: ItemState[] = new Array(itemCount);
	const plainUnits: Array<Unit<G>> = [];
	const keyedUnits = new Map<string, Array<Unit<G>>>();
	const itemKeys: string[] = new Array(itemCount);
	// With Retry On Fail, an item without a Send Key is recorded for the next try (see tries.ts).
	const tries = triesOf(ctx);

	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const prepared = spec.prepare(itemIndex);
			const key = spec.sendKey?.keyOf(itemIndex) || (tries ? TRY_KEY : '');
			const content = key ? spec.sendKey?.contentOf?.(itemIndex) : undefined;
			let recipients = 0;
			for (const unit of prepared) {
				recipients += unit.recipients.length;
				if (!key) {
					plainUnits.push(unit);
					continue;
				}
				if (content !== undefined) unit.content = content;
				let units = keyedUnits.get(key);
				if (!units) keyedUnits.set(key, (units = []));
				units.push(unit);
			}
			if (key) itemKeys[itemIndex] = key;
			states[itemIndex] = {
				recipients,
				sent: 0,
				failed: 0,
				resumed: 0,
				requests: [],
				only:
					recipients === 1
						? prepared.find((unit) => unit.recipients.length === 1)?.recipients[0]
						: undefined,
			};
		} catch (error) {
			const itemError = asItemError(ctx, error, itemIndex);
			if (!continueOnFail) throw itemError;
			const held = heldBy(spec, itemIndex);
			const count = held.reduce((sum, list) => sum + list.recipients.length, 0);
			states[itemIndex] = {
				recipients: count,
				sent: 0,
				failed: count,
				resumed: 0,
				requests: [],
				error: itemError,
				only:
					count === 1
						? held.find((list) => list.recipients.length === 1)?.recipients[0]
						: undefined,
			};
			for (const list of held) addUndelivered(states[itemIndex], list.label, list.recipients);
		}
	}

	const keyOf = new Map<PackedRequest<G>, string>();
	let packed = packUnits(plainUnits, spec.limits);
	for (const [key, units] of keyedUnits) {
		for (const request of packCanonical(units, spec.limits)) {
			keyOf.set(request, key);
			packed.push(request);
		}
	}

	const numbered = new Map<PackedRequest<G>, number>();
	let lastNumber = 0;
	const number = (request: PackedRequest<G>) => {
		numbered.set(request, ++lastNumber);
		return request;
	};

	let firstFailure: ItemError | undefined;
	const failSegments = (request: PackedRequest<G>, error: ItemError, requestNumber?: number) => {
		for (const segment of request.segments) {
			const state = states[segment.itemIndex];
			state.failed += segment.recipients.length;
			state.error ??= error;
			addUndelivered(state, segment.label, segment.recipients);
			const entry: IDataObject = {
				recipients: segment.recipients.length,
				status: 'failed',
				error: error.message,
			};
			state.requests.push(
				requestNumber === undefined ? entry : { request: requestNumber, ...entry },
			);
		}
		firstFailure ??= error;
	};

	const ledger = keyedUnits.size
		? new SendKeyLedger(
				withTries(n8nRecordStore(ctx, ownRecords(keyOf.size, keyedUnits.size)), tries),
				ctx,
			)
		: undefined;
	const entries = new WeakMap<PackedRequest<G>, LedgerEntry>();
	const groupDigests = new Map<string, string>();
	const contentDigests = new Map<string, string>();
	const entryFor = (request: PackedRequest<G>): LedgerEntry => {
		let entry = entries.get(request);
		if (!entry) {
			let group = groupDigests.get(request.groupKey);
			if (group === undefined)
				groupDigests.set(request.groupKey, (group = digest(request.groupKey)));
			entry = entryOf(keyOf.get(request) as string, group, request, contentDigests);
			entries.set(request, entry);
		}
		return entry;
	};
	const halvesOf = (request: PackedRequest<G>) => {
		const halves = splitRequest(request);
		for (const half of halves) keyOf.set(half, keyOf.get(request) as string);
		return halves;
	};
	let ledgerFailure: ItemError | undefined;
	let ledgerFinished = false;

	try {
		if (ledger) {
			packed = await leaveOutDelivered(
				ledger,
				spec.sendKey?.forget === true,
				packed,
				keyOf,
				entryFor,
				halvesOf,
				{
					delivered: (request) => {
						for (const segment of request.segments) {
							const state = states[segment.itemIndex];
							state.sent += segment.recipients.length;
							state.resumed += segment.recipients.length;
							state.requests.push({
								recipients: segment.recipients.length,
								status: done,
								resumed: true,
							});
						}
					},
					different: (request) => {
						const key = keyOf.get(request) as string;
						const itemIndexes = request.segments.map((segment) => segment.itemIndex);
						const error = new NodeOperationError(
							ctx.getNode(),
							`Recipients of ${new Set(itemIndexes).size === 1 ? 'this item' : 'these items'} already got a different notification under the Send Key "${key}"; nothing was sent to them again ${itemLabel(itemIndexes)}`,
							{
								description:
									'What is sent to them changed since the run that used this key. To finish that send, run it with its original message; to send this notification to them as well, use a new Send Key (or Options → Forget Earlier Sends).',
								itemIndex: itemIndexes.length === 1 ? itemIndexes[0] : undefined,
							},
						);
						if (!continueOnFail) throw error;
						failSegments(request, error);
					},
					unreadable: (requests, error) => {
						// The records could not be read: what has a key is held back, the rest goes out.
						const known = error instanceof NodeOperationError ? error : undefined;
						if (!continueOnFail)
							throw known ?? new NodeOperationError(ctx.getNode(), error as Error);
						const itemIndexes = requests.flatMap((request) =>
							request.segments.map((segment) => segment.itemIndex),
						);
						const notSent = new NodeOperationError(
							ctx.getNode(),
							`Not sent: ${(error as Error).message} ${itemLabel(itemIndexes)}`,
							{
								description: [
									known?.description,
									'Nothing under this Send Key was sent, so nothing went out twice; items without a Send Key were sent.',
								]
									.filter(Boolean)
									.join(' '),
								itemIndex: new Set(itemIndexes).size === 1 ? itemIndexes[0] : undefined,
							},
						);
						for (const request of requests) failSegments(request, notSent);
					},
				},
			);
		}
		packed.forEach(number);

		let requestsDone = 0;
		let halved = 0;
		const finished = new Set<PackedRequest<G>>();
		const cancelSignal = ctx.getExecutionCancelSignal?.();
		const stopped = () =>
			(firstFailure !== undefined && !continueOnFail) ||
			ledgerFailure !== undefined ||
			cancelSignal?.aborted === true;

		const process = async (
			request: PackedRequest<G>,
			enqueue: (more: Array<PackedRequest<G>>) => void,
		) => {
			try {
				await handle(request, enqueue);
			} catch (error) {
				// A fault of this node, not an answer of the service: the request still fails visibly.
				const itemError = asItemError(ctx, error, request.segments[0].itemIndex);
				// Counted already: nothing more is sent, as when a record cannot be written.
				if (finished.has(request)) ledgerFailure ??= itemError;
				else {
					finished.add(request);
					requestsDone++;
					failSegments(request, itemError, numbered.get(request));
				}
			} finally {
				releaseRecipientsJson(request);
			}
		};
		const handle = async (
			request: PackedRequest<G>,
			enqueue: (more: Array<PackedRequest<G>>) => void,
		) => {
			const outcome = await sendWithRetry(
				() => spec.send(request),
				spec.retry,
				request.size >= 2,
				clock.sleep,
				pace,
			);
			finished.add(request);
			const itemIndexes = request.segments.map((segment) => segment.itemIndex);
			if (outcome.kind === 'split') {
				// Records are written in order: the split is on record before any record of its halves.
				if (ledger && keyOf.has(request)) ledger.split(entryFor(request));
				halved++;
				enqueue(halvesOf(request).map(number));
				return;
			}
			requestsDone++;
			if (outcome.kind === 'connection') {
				failSegments(
					request,
					connectionError(ctx.getNode(), outcome.error, itemIndexes, outcome.log.attempts),
					numbered.get(request),
				);
				return;
			}
			if (outcome.kind === 'paused') {
				failSegments(
					request,
					pausedError(ctx.getNode(), outcome.until, spec.retry.maxDelayMs, itemIndexes),
					numbered.get(request),
				);
				return;
			}
			const { response } = outcome;
			if (response.statusCode < 200 || response.statusCode >= 300) {
				failSegments(
					request,
					withHint(
						rejection(request, response, itemIndexes),
						retryAfterHint(response, spec.retry.maxDelayMs),
					),
					numbered.get(request),
				);
				return;
			}
			const accepted = acceptance(request, response);
			const refused = new Map(
				(accepted.refused ?? []).map((entry) => [entry.segment, entry.message]),
			);
			request.segments.forEach((segment, position) => {
				const state = states[segment.itemIndex];
				const count = segment.recipients.length;
				const reason = refused.get(position);
				if (reason === undefined) {
					state.sent += count;
					state.requests.push({
						request: numbered.get(request),
						recipients: count,
						status: done,
						...accepted.ids,
						...accepted.segmentIds?.[position],
					});
				} else {
					state.failed += count;
					state.error ??= asItemError(ctx, new Error(reason), segment.itemIndex);
					addUndelivered(state, segment.label, segment.recipients);
					state.requests.push({
						request: numbered.get(request),
						recipients: count,
						status: 'failed',
						error: reason,
						...accepted.ids,
					});
					if (!continueOnFail) firstFailure ??= state.error;
				}
			});
			if (ledger && keyOf.has(request)) {
				const parts = deliveredParts(request, refused, halvesOf);
				// The lane goes on while its record waits for a write (see SendKeyLedger.delivered).
				await ledger
					.delivered(
						parts.delivered.map(entryFor),
						parts.splits.map(entryFor),
						UNRECORDED_PER_LANE * pace.limit,
					)
					.catch((error: Error) => {
						ledgerFailure ??= recordFailure(error);
					});
			}
		};
		// The service's answer read by the operation; an answer it cannot read still says what the status says.
		const acceptance = (request: PackedRequest<G>, response: HttpResponse): Accepted => {
			try {
				return spec.accept(request, response);
			} catch (error) {
				return {
					ids: {
						warning: `The service accepted the request (${response.statusCode}), but its answer could not be read: ${(error as Error).message}`,
					},
				};
			}
		};
		const rejection = (
			request: PackedRequest<G>,
			response: HttpResponse,
			itemIndexes: number[],
		) => {
			try {
				return spec.reject(request, response, itemIndexes);
			} catch {
				return responseError(ctx.getNode(), response, itemIndexes, { serviceMessage: '' });
			}
		};
		const recordFailure = (error: Error) =>
			new NodeOperationError(
				ctx.getNode(),
				`n8n could not record what was delivered under the Send Key: ${error.message}`,
				{
					description:
						'Sending stopped so that nothing more goes out without a record. What was delivered is counted on each item; a re-run with the same key may send again what was delivered since the last record.',
				},
			);

		// The first request goes alone: a credential that fetches a token on first use (SFMC)
		// then fetches it once, not once per concurrent request.
		const queue = packed.slice(1);
		if (packed.length > 0) await process(packed[0], (more) => queue.push(...more));
		if (!stopped()) await runPool(queue, () => pace.limit, process, stopped);
		if (ledger && !ledgerFailure)
			await ledger.finish().catch((error: Error) => (ledgerFailure = recordFailure(error)));
		ledgerFinished = true;

		if (firstFailure && !continueOnFail) {
			const unsent = lastNumber - halved - requestsDone;
			const sentRecipients = states.reduce((sum, state) => sum + (state?.sent ?? 0), 0);
			const resumed = states.reduce((sum, state) => sum + (state?.resumed ?? 0), 0);
			const keys = [...keyedUnits.keys()].filter((key) => key !== TRY_KEY);
			// The service's own hint first; the rest only where it applies: what had gone out, how to
			// finish without sending it twice, and a result per item when there are several.
			const delivered = sentRecipients > 0;
			firstFailure.description = [
				firstFailure.description,
				delivered || unsent > 0
					? `${sentRecipients} recipient(s) had already been delivered${resumed ? ` (${resumed} of them by an earlier run with the Send Key)` : ''} and ${unsent} request(s) were not sent.`
					: '',
				delivered
					? keys.length
						? `Run the workflow again with the same Send Key (${keys.map((key) => `"${key}"`).join(', ')}) to send only what was not delivered.`
						: 'A re-run sends everything again: set Options → Send Key so that a re-run sends only what was not delivered.'
					: '',
				itemCount > 1
					? 'Turn on the node setting "On Error: Continue" to get a result per item instead of stopping.'
					: '',
			]
				.filter(Boolean)
				.join(' ');
			throw firstFailure;
		}

		// What never went out (the execution was cancelled, or a record could not be written) is failed, not forgotten.
		const notSent =
			ledgerFailure ??
			new NodeOperationError(ctx.getNode(), 'Not sent: the execution was cancelled');
		for (const request of [...numbered.keys()])
			if (!finished.has(request)) failSegments(request, notSent, numbered.get(request));
		if (ledgerFailure && !continueOnFail) throw ledgerFailure;
	} finally {
		if (!ledgerFinished) await ledger?.finish().catch(() => undefined);
		reportPace(ctx, pace.report());
	}

	if (states.every((state) => !state.error)) tries?.end();
	const toErrorOutput = errorOutputOf(ctx);
	return states.map((state, itemIndex) => {
		const status =
			state.failed === 0 && !state.error ? done : state.sent === 0 ? 'failed' : 'partial';
		const json: IDataObject = { status };
		if (spec.describeItem && !state.error) Object.assign(json, describe(spec, itemIndex));
		if (state.only !== undefined) json.recipient = state.only;
		json.recipients = state.recipients;
		json.sent = state.sent;
		json.failed = state.failed;
		if (itemKeys[itemIndex] !== undefined) {
			if (itemKeys[itemIndex] !== TRY_KEY) json.sendKey = itemKeys[itemIndex];
			json.resumed = state.resumed;
		}
		json.requests = state.requests;
		if (state.undelivered) json.undelivered = undeliveredJson(state.undelivered);
		return outputItem(itemIndex, json, state.error, toErrorOutput);
	});
}

interface LeaveOut<G> {
	delivered(request: PackedRequest<G>): void;
	different(request: PackedRequest<G>): void;
	/** The records could not be read or trusted: these requests are not to be sent. */
	unreadable(requests: Array<PackedRequest<G>>, error: unknown): void;
}

/**
 * The requests still to send: those of keys no run used yet, and of the others what the
 * records do not show as delivered. A request that went out as halves is looked up by its halves.
 */
async function leaveOutDelivered<G>(
	ledger: SendKeyLedger,
	forget: boolean,
	packed: Array<PackedRequest<G>>,
	keyOf: Map<PackedRequest<G>, string>,
	entryFor: (request: PackedRequest<G>) => LedgerEntry,
	halvesOf: (request: PackedRequest<G>) => Array<PackedRequest<G>>,
	found: LeaveOut<G>,
): Promise<Array<PackedRequest<G>>> {
	const plain = packed.filter((request) => !keyOf.has(request));
	const keyed = packed.filter((request) => keyOf.has(request));
	let used: Set<string>;
	try {
		if (forget) await ledger.forgetAll();
		used = await ledger.used([...new Set(keyOf.values())]);
	} catch (error) {
		found.unreadable(keyed, error);
		return plain;
	}
	const toSend = packed.filter((request) => !used.has(keyOf.get(request) as string));
	let frontier = packed.filter((request) => used.has(keyOf.get(request) as string));
	while (frontier.length) {
		let results: LookupResult[];
		try {
			results = await ledger.lookUp(frontier.map(entryFor));
		} catch (error) {
			found.unreadable(frontier, error);
			return toSend;
		}
		const next: Array<PackedRequest<G>> = [];
		frontier.forEach((request, i) => {
			const result = results[i];
			if (result === 'delivered') found.delivered(request);
			else if (result === 'different') found.different(request);
			else if (result === 'split' && request.size >= 2) next.push(...halvesOf(request));
			else toSend.push(request);
		});
		frontier = next;
	}
	return toSend;
}

/**
 * How an accepted request is recorded when the service refused some of it: its largest halves
 * (halving as a 413 does) that hold no refused segment are recorded as delivered, and every
 * request halved on the way as split; the refused recipients are not recorded, so a re-run sends them.
 */
function deliveredParts<G>(
	request: PackedRequest<G>,
	refused: Map<number, string>,
	halvesOf: (request: PackedRequest<G>) => Array<PackedRequest<G>>,
): { delivered: Array<PackedRequest<G>>; splits: Array<PackedRequest<G>> } {
	if (refused.size === 0) return { delivered: [request], splits: [] };
	const refusedAt: boolean[] = [];
	request.segments.forEach((segment, position) => {
		for (let i = 0; i < segment.recipients.length; i++) refusedAt.push(refused.has(position));
	});
	const delivered: Array<PackedRequest<G>> = [];
	const splits: Array<PackedRequest<G>> = [];
	const walk = (part: PackedRequest<G>, start: number) => {
		const end = start + part.size;
		if (!refusedAt.slice(start, end).includes(true)) {
			delivered.push(part);
			return;
		}
		if (part.size < 2) return;
		splits.push(part);
		const [first, second] = halvesOf(part);
		walk(first, start);
		walk(second, start + first.size);
	};
	walk(request, 0);
	return { delivered, splits };
}

/** What the operation says of an item besides its outcome; nothing when it cannot say. */
function describe<G>(spec: BulkSendSpec<G>, itemIndex: number): IDataObject {
	try {
		return spec.describeItem?.(itemIndex) ?? {};
	} catch {
		return {};
	}
}

function heldBy<G>(spec: BulkSendSpec<G>, itemIndex: number): RecipientList[] {
	try {
		return spec.recipientsOf?.(itemIndex) ?? [];
	} catch {
		return [];
	}
}

function addUndelivered(state: ItemState, label: string | undefined, recipients: string[]) {
	if (recipients.length === 0) return;
	state.undelivered ??= new Map();
	const list = state.undelivered.get(label ?? '');
	if (list) for (const recipient of recipients) list.push(recipient);
	else state.undelivered.set(label ?? '', recipients.slice());
}

/** A list of recipients, or one list per label when the item's recipients have labels. */
function undeliveredJson(undelivered: Map<string, string[]>): IDataObject | string[] {
	if (undelivered.size === 1 && undelivered.has('')) return undelivered.get('') as string[];
	return Object.fromEntries(undelivered) as IDataObject;
}
