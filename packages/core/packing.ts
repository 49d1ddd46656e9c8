/**
 * Turns many input items into few requests.
 *
 * Every input item contributes a *unit*: the recipients it wants to reach with one outgoing
 * message, plus a group key that is equal for items whose outgoing message is identical.
 * Units of one group are packed, in input order, into requests holding at most
 * `maxRecipients` recipients (and at most `maxBytes` of recipient text when given). A unit
 * larger than what is left in a request is split across requests, so an item with 2,500
 * handles and a 1,000 limit becomes three *segments*. A segment always refers to a slice of
 * its unit's recipient array (the array itself when the unit fits whole), which keeps a million
 * handles cheap.
 */

export interface Unit<G> {
	itemIndex: number;
	/** Items whose keys are equal may share a request. */
	groupKey: string;
	/** What the requests of this group send (the same for every unit of the group). */
	group: G;
	recipients: string[];
	/** Which kind of recipient these are, when an item holds several kinds (Batch's custom IDs, tokens, install IDs). */
	label?: string;
	/** What this item sends besides its group's message, when that differs per item (a Send Key needs it). */
	content?: string;
}

export interface Segment {
	itemIndex: number;
	recipients: string[];
	label?: string;
	content?: string;
}

export interface PackedRequest<G> {
	/** The key its units were grouped by. */
	groupKey: string;
	group: G;
	segments: Segment[];
	/** Total recipients over all segments. */
	size: number;
}

export interface PackingLimits {
	/** Most recipients one request may carry. */
	maxRecipients: number;
	/** Most bytes of recipient text one request may carry, counting `bytesPerRecipient` each. */
	maxBytes?: number;
	/** Fixed overhead a recipient adds to a request besides its own text (quotes, commas). */
	bytesPerRecipient?: number;
	/** Units that carry no recipients (a send to a tag, say) still need a request of their own. */
	allowEmpty?: boolean;
}

/** Groups units by key, keeping the order in which each key first appears. */
export function groupUnits<G>(units: Array<Unit<G>>): Array<Array<Unit<G>>> {
	const groups = new Map<string, Array<Unit<G>>>();
	// Consecutive units nearly always share a key: compare with the last one before hashing.
	let lastKey: string | undefined;
	let last: Array<Unit<G>> | undefined;
	for (const unit of units) {
		if (last !== undefined && unit.groupKey === lastKey) {
			last.push(unit);
			continue;
		}
		let group = groups.get(unit.groupKey);
		if (!group) {
			group = [];
			groups.set(unit.groupKey, group);
		}
		group.push(unit);
		lastKey = unit.groupKey;
		last = group;
	}
	return [...groups.values()];
}

/** Packs all units into requests: one group never shares a request with another. */
export function packUnits<G>(
	units: Array<Unit<G>>,
	limits: PackingLimits,
): Array<PackedRequest<G>> {
	if (!(limits.maxRecipients >= 1)) throw new RangeError('maxRecipients must be at least 1');
	const requests: Array<PackedRequest<G>> = [];
	for (const group of groupUnits(units)) {
		requests.push(...packGroup(group, limits));
	}
	return requests;
}

function packGroup<G>(units: Array<Unit<G>>, limits: PackingLimits): Array<PackedRequest<G>> {
	const { maxRecipients, maxBytes, bytesPerRecipient = 0 } = limits;
	const requests: Array<PackedRequest<G>> = [];
	let current: PackedRequest<G> | undefined;
	let currentBytes = 0;

	const open = (unit: Unit<G>) => {
		current = { groupKey: unit.groupKey, group: unit.group, segments: [], size: 0 };
		currentBytes = 0;
		requests.push(current);
		return current;
	};

	for (const unit of units) {
		const count = unit.recipients.length;
		if (count === 0) {
			if (limits.allowEmpty)
				requests.push({
					groupKey: unit.groupKey,
					group: unit.group,
					segments: [{ itemIndex: unit.itemIndex, recipients: [] }],
					size: 0,
				});
			continue;
		}
		let start = 0;
		while (start < count) {
			let request = current ?? open(unit);
			if (request.size >= maxRecipients) request = open(unit);
			let end = Math.min(count, start + (maxRecipients - request.size));
			if (maxBytes !== undefined) {
				let bytes = currentBytes;
				let fit = start;
				while (fit < end) {
					const cost = utf8Length(unit.recipients[fit]) + bytesPerRecipient;
					if (bytes + cost > maxBytes) break;
					bytes += cost;
					fit++;
				}
				if (fit === start) {
					if (request.size === 0) {
						throw new RangeError(
							`recipient "${unit.recipients[start].slice(0, 40)}…" is larger than a whole request may be`,
						);
					}
					request = open(unit);
					continue;
				}
				end = fit;
				currentBytes = bytes;
			}
			// A unit that fits whole (one handle per item, say) is referenced, not copied.
			const recipients =
				start === 0 && end === count ? unit.recipients : unit.recipients.slice(start, end);
			request.segments.push(segmentOf(unit, recipients));
			request.size += end - start;
			start = end;
		}
	}
	return requests;
}

function segmentOf(from: Segment, recipients: string[]): Segment {
	const segment: Segment = { itemIndex: from.itemIndex, recipients };
	if (from.label !== undefined) segment.label = from.label;
	if (from.content !== undefined) segment.content = from.content;
	return segment;
}

/**
 * Packs units in an order that depends only on what is sent, not on how the input arrived:
 * within a group, recipients are sorted by their identity (label and recipient), ties by the
 * item's content. The same recipients and messages, in any item order and split over items in
 * any way, so become the same requests, which is what lets a Send Key recognise on a re-run the
 * requests that an earlier run delivered.
 *
 * The sort is a radix sort on a cheap 32-bit key read from each identity (`sortKey`), then,
 * among equal keys only, a comparison of the identities themselves. The key need not tell
 * recipients apart, only order them the same way every time, so the text is not hashed
 * cryptographically here: a million 64-character tokens sort in tens of milliseconds
 * (bench/findings.md).
 */
export function packCanonical<G>(
	units: Array<Unit<G>>,
	limits: PackingLimits,
): Array<PackedRequest<G>> {
	const requests: Array<PackedRequest<G>> = [];
	for (const group of groupUnits(units)) {
		let count = 0;
		for (const unit of group) count += unit.recipients.length;
		// Entry e is recipient positionOf[e] of unit unitOf[e], whose identity is identities[e]. One
		// unit (the usual large case) needs neither table, and without a label its recipients are the identities.
		const single = group.length === 1;
		const unitOf = single ? undefined : new Uint32Array(count);
		const positionOf = single ? undefined : new Uint32Array(count);
		const plain = single && group[0].label === undefined;
		const identities: string[] = plain ? group[0].recipients : new Array<string>(count);
		if (!plain) {
			let entry = 0;
			for (let u = 0; u < group.length; u++) {
				const { recipients, label } = group[u];
				for (let position = 0; position < recipients.length; position++, entry++) {
					if (unitOf && positionOf) {
						unitOf[entry] = u;
						positionOf[entry] = position;
					}
					identities[entry] = recipientIdentity(label, recipients[position]);
				}
			}
		}
		const keys = new Uint32Array(count);
		for (let e = 0; e < count; e++) keys[e] = sortKey(identities[e]);
		const contentOf = (e: number) => group[unitOf ? unitOf[e] : 0].content ?? '';
		const order = canonicalOrder(
			keys,
			(a, b) =>
				compareText(identities[a], identities[b]) || compareText(contentOf(a), contentOf(b)),
		);
		// Units without recipients as they are; consecutive entries of one unit become one run, so
		// packGroup keeps them in one segment.
		const runs = group.filter((unit) => unit.recipients.length === 0);
		for (let i = 0; i < count; ) {
			const u = unitOf ? unitOf[order[i]] : 0;
			let end = i + 1;
			if (unitOf) while (end < count && unitOf[order[end]] === u) end++;
			else end = count;
			const recipients: string[] = new Array<string>(end - i);
			const from = group[u].recipients;
			for (let k = i; k < end; k++)
				recipients[k - i] = from[positionOf ? positionOf[order[k]] : order[k]];
			runs.push({ ...group[u], recipients });
			i = end;
		}
		requests.push(...packGroup(runs, limits));
	}
	return requests;
}

const recipientsJsonOf = new WeakMap<object, Buffer>();

/**
 * A request's recipients in order as a JSON array, in UTF-8 (a labelled recipient as its
 * identity, label and recipient): what a Send Key digests, and for Azure the devices part of the
 * body, so a request's recipients are serialised once for both. Kept until `releaseRecipientsJson`.
 */
export function recipientsJson(request: { segments: Segment[] }): Buffer {
	let json = recipientsJsonOf.get(request);
	if (json === undefined) {
		const { segments } = request;
		const identities =
			segments.length === 1 && segments[0].label === undefined
				? segments[0].recipients
				: segments.flatMap(({ label, recipients }) =>
						label === undefined
							? recipients
							: recipients.map((recipient) => recipientIdentity(label, recipient)),
					);
		json = jsonArray(identities);
		recipientsJsonOf.set(request, json);
	}
	return json;
}

/** Printable ASCII other than the quote and the backslash: text that JSON writes as it is. */
const NOT_PLAIN = /[^ !#-[\]-~]/;

/**
 * `JSON.stringify(texts)` in UTF-8. Handles, tokens and ids are plain ASCII nearly always: then
 * the array is the texts joined by `","`, one native copy, which is about twice as fast as
 * JSON.stringify when the texts lie scattered in memory (as a Send Key's sorted ones do).
 */
function jsonArray(texts: string[]): Buffer {
	if (texts.length === 0) return Buffer.from('[]');
	prefetch(texts);
	const joined = texts.join('","');
	if (NOT_PLAIN.test(joined)) return Buffer.from(JSON.stringify(texts), 'utf8');
	const json = Buffer.allocUnsafe(joined.length + 4);
	json.write('["', 0, 'latin1');
	json.write(joined, 2, 'latin1');
	json.write('"]', joined.length + 2, 'latin1');
	return json;
}

/** Where `prefetch` leaves what it read, so that the compiler cannot leave its reads out. */
const prefetched = { sum: 0 };

/**
 * Reads the last character of each text, so that the texts are in the CPU's cache when `join`
 * copies them. A Send Key's sorted recipients lie scattered in memory: `join` waits for each one
 * in turn, while these reads do not depend on each other and are under way together. With 1,000
 * recipients a request (128 KB) it made the scattered join of 1M handles 190 → 115 ms; in input
 * order it costs nothing measurable (bench/findings.md).
 */
function prefetch(texts: string[]) {
	let sum = 0;
	for (let i = 0; i < texts.length; i++) {
		const text = texts[i];
		sum += text.charCodeAt(text.length - 1);
	}
	prefetched.sum = sum;
}

/** Drops what recipientsJson kept for a request that is done with. */
export function releaseRecipientsJson(request: object): void {
	recipientsJsonOf.delete(request);
}

/** What identifies a recipient across runs: its kind (when an item holds several) and itself. */
export function recipientIdentity(label: string | undefined, recipient: string): string {
	return label === undefined ? recipient : `${label}\u0001${recipient}`;
}

function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A 32-bit key of `text` for sorting: its length, and every character when it is at most 32
 * long (ids, subscriber keys, e-mail addresses, which differ in a few places anywhere), else its
 * last 8 characters and 8 spread over the rest (tokens, which differ everywhere). Four
 * characters go into each multiply.
 */
function sortKey(text: string): number {
	const length = text.length;
	let key = Math.imul(length ^ 0x811c9dc5, 0x9e3779b1);
	let i = 0;
	if (length > 32) {
		const spread = length - 8;
		for (let k = 0; k < 8; k += 4)
			key = mixed(
				key,
				quad(
					text,
					(k * spread) >>> 3,
					((k + 1) * spread) >>> 3,
					((k + 2) * spread) >>> 3,
					((k + 3) * spread) >>> 3,
				),
			);
		i = spread;
	}
	for (; i + 4 <= length; i += 4) key = mixed(key, quad(text, i, i + 1, i + 2, i + 3));
	for (; i < length; i++) key = mixed(key, text.charCodeAt(i));
	return (key ^ (key >>> 16)) >>> 0;
}

/** Four characters of `text` in one number (the bits of wider characters overlap, which a sort key allows). */
function quad(text: string, a: number, b: number, c: number, d: number): number {
	return (
		text.charCodeAt(a) |
		(text.charCodeAt(b) << 8) |
		(text.charCodeAt(c) << 16) |
		(text.charCodeAt(d) << 24)
	);
}

function mixed(key: number, value: number): number {
	const product = Math.imul(key ^ value, 0x9e3779b1);
	return product ^ (product >>> 15);
}

/**
 * Entry indexes sorted by `keys` (a stable radix sort of two 16-bit digits, linear in the
 * count; both digits are counted in one pass), equal keys then by `tie`, so the order is
 * canonical. `keys` is reused.
 */
function canonicalOrder(keys: Uint32Array, tie: (a: number, b: number) => number): Uint32Array {
	const count = keys.length;
	const low = new Uint32Array(0x10001);
	const high = new Uint32Array(0x10001);
	for (let i = 0; i < count; i++) {
		low[(keys[i] & 0xffff) + 1]++;
		high[(keys[i] >>> 16) + 1]++;
	}
	for (let digit = 1; digit <= 0x10000; digit++) {
		low[digit] += low[digit - 1];
		high[digit] += high[digit - 1];
	}
	const byLow = new Uint32Array(count);
	const keysByLow = new Uint32Array(count);
	for (let i = 0; i < count; i++) {
		const to = low[keys[i] & 0xffff]++;
		keysByLow[to] = keys[i];
		byLow[to] = i;
	}
	const order = new Uint32Array(count);
	const sorted = keys;
	for (let i = 0; i < count; i++) {
		const to = high[keysByLow[i] >>> 16]++;
		sorted[to] = keysByLow[i];
		order[to] = byLow[i];
	}
	for (let start = 0; start < count; ) {
		let end = start + 1;
		while (end < count && sorted[end] === sorted[start]) end++;
		if (end - start > 1) order.subarray(start, end).sort(tie);
		start = end;
	}
	return order;
}

function utf8Length(text: string): number {
	// Cheaper than Buffer.byteLength for the ASCII handles and tokens that make up nearly all input.
	let bytes = text.length;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code > 0x7f) bytes += code > 0x7ff ? (code >= 0xd800 && code <= 0xdbff ? 1 : 2) : 1;
	}
	return bytes;
}

/** Splits a request in two halves by recipients (the first one larger by one when odd), for a service that answered 413. */
export function splitRequest<G>(request: PackedRequest<G>): Array<PackedRequest<G>> {
	if (request.size < 2) return [request];
	const half = Math.ceil(request.size / 2);
	return [sliceRequest(request, 0, half), sliceRequest(request, half, request.size)];
}

/** The part of a request from its `start`-th recipient to before its `end`-th, segments cut where needed. */
function sliceRequest<G>(request: PackedRequest<G>, start: number, end: number): PackedRequest<G> {
	const segments: Segment[] = [];
	let offset = 0;
	for (const segment of request.segments) {
		const length = segment.recipients.length;
		const from = Math.max(start, offset);
		const to = Math.min(end, offset + length);
		if (from < to)
			segments.push(
				from === offset && to === offset + length
					? segment
					: segmentOf(segment, segment.recipients.slice(from - offset, to - offset)),
			);
		offset += length;
	}
	return { groupKey: request.groupKey, group: request.group, segments, size: end - start };
}
