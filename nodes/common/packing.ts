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
}

export interface Segment {
	itemIndex: number;
	recipients: string[];
}

export interface PackedRequest<G> {
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
export function packUnits<G>(units: Array<Unit<G>>, limits: PackingLimits): Array<PackedRequest<G>> {
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

	const open = (group: G) => {
		current = { group, segments: [], size: 0 };
		currentBytes = 0;
		requests.push(current);
		return current;
	};

	for (const unit of units) {
		if (unit.recipients.length === 0) {
			if (limits.allowEmpty) requests.push({ group: unit.group, segments: [{ itemIndex: unit.itemIndex, recipients: [] }], size: 0 });
			continue;
		}
		let start = 0;
		while (start < unit.recipients.length) {
			let request = current ?? open(unit.group);
			if (request.size >= maxRecipients) request = open(unit.group);
			let end = Math.min(unit.recipients.length, start + (maxRecipients - request.size));
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
						throw new RangeError(`recipient "${unit.recipients[start].slice(0, 40)}…" is larger than a whole request may be`);
					}
					request = open(unit.group);
					continue;
				}
				end = fit;
				currentBytes = bytes;
			}
			// A unit that fits whole (one handle per item, say) is referenced, not copied.
			const recipients = start === 0 && end === unit.recipients.length ? unit.recipients : unit.recipients.slice(start, end);
			request.segments.push({ itemIndex: unit.itemIndex, recipients });
			request.size += end - start;
			start = end;
		}
	}
	return requests;
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

/** Splits a request in two halves by recipients, for a service that answered 413. */
export function splitRequest<G>(request: PackedRequest<G>): Array<PackedRequest<G>> {
	if (request.size < 2) return [request];
	const half = Math.ceil(request.size / 2);
	const first: Segment[] = [];
	const second: Segment[] = [];
	let taken = 0;
	for (const segment of request.segments) {
		const room = half - taken;
		if (room >= segment.recipients.length) {
			first.push(segment);
			taken += segment.recipients.length;
		} else if (room > 0) {
			first.push({ itemIndex: segment.itemIndex, recipients: segment.recipients.slice(0, room) });
			second.push({ itemIndex: segment.itemIndex, recipients: segment.recipients.slice(room) });
			taken += room;
		} else {
			second.push(segment);
		}
	}
	return [
		{ group: request.group, segments: first, size: half },
		{ group: request.group, segments: second, size: request.size - half },
	];
}
