import { createHash } from 'node:crypto';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { recipientsJson, type Segment } from './packing';
import type { ParameterReader } from './parameters';

/**
 * A Send Key names one send (`spring-sale-2027`) so that running it again sends only what an
 * earlier run did not deliver. What was delivered is kept in n8n's own database through the
 * deduplication helpers n8n gives nodes (the store n8n's Remove Duplicates node uses), so every
 * worker of a queue-mode instance sees it.
 *
 * n8n keeps, per workflow and node, one array of MD5s of the values it was given and updates it
 * read-modify-write; it can only say whether a value was already there, and saying so records
 * it. So:
 * - one record per request, never per recipient: a request's recipients are put in an order that
 *   depends only on what is sent (`packCanonical`), so the same input, in any item order, makes
 *   the same requests again, and a request is recognised by digests of its contents;
 * - every call to the store goes through one queue; records are written in groups, at most every
 *   WRITE_INTERVAL_MS and at most 1 / WRITE_SHARE of the time, and lanes stop while UNRECORDED_PER_LANE × Concurrency accepted requests
 *   wait for theirs;
 * - a record is written only after the service accepted the request, so a crash can repeat
 *   the requests accepted but not yet recorded (and those in flight), and never skips one that
 *   was not delivered;
 * - looking records up records them, so what a look-up added is removed at once, under a marker
 *   that makes a run refuse to trust the records when an earlier look-up never finished.
 *
 * Records per request (each a value with the key in it):
 * - `who`: digest of its recipients: these recipients got something under this key;
 * - `what`: digest of its message(s) and recipients: they got exactly this;
 * - `split`: the request was sent as two halves (413, or some of it refused), whose records
 *   stand for it.
 * And per key: `used` (a run with this key got as far as sending) and `looking` (a look-up is
 * under way).
 */

/**
 * Values of earlier runs n8n keeps for one node besides a run's own (its oldest go first): about
 * 15,000 requests of earlier sends. n8n reads and rewrites all of them on every write (at 30,000,
 * 12 ms of the main thread a write), so fewer would make writes cheaper, but a stopped send could
 * then lose its records to the sends after it.
 */
export const MAX_RECORDS = 30_000;

/**
 * The most values a run writes or looks up at once: per request a who and a what, a split and the
 * halves' records when it is halved, three probes when it is looked up; and a used and a looking
 * per key. n8n is told to keep this many on top of MAX_RECORDS, so that a run never pushes out
 * its own records, however many requests it makes.
 */
export function ownRecords(requests: number, keys: number): number {
	return 6 * requests + 2 * keys;
}

/**
 * How often records are written at most. n8n rewrites the node's whole record array on every
 * write (about a millisecond of the main thread at a few thousand records, and the same again
 * in SQLite), so one write per request slowed the benchmark's 1M-handle send by a third; on a
 * real network, where a request takes longer than this, each request still gets its write at once.
 */
const WRITE_INTERVAL_MS = 50;

/**
 * And at most a quarter of the time: the next write begins no sooner than this many times the
 * last one took after it began. A write costs in proportion to all the records the node keeps
 * (n8n reads and rewrites them whole), and while the main thread is busy sending it waits its
 * turn, so a write that took long says the run is better off writing in larger groups.
 */
const WRITE_SHARE = 4;

/** How many accepted requests, per unit of Concurrency, may wait for their record before lanes stop. */
export const UNRECORDED_PER_LANE = 8;

export const sendKeyOptions: INodeProperties[] = [
	{
		displayName: 'Send Key',
		name: 'sendKey',
		type: 'string',
		default: '',
		placeholder: 'spring-sale-2027',
		description:
			'Names this send, e.g. spring-sale-2027, or an expression that reads a campaign ID from the item. Each request the service accepts is recorded in n8n’s database; running the workflow again with the same key and the same input sends only what was not delivered yet. Empty: nothing is recorded.',
	},
	{
		displayName: 'Forget Earlier Sends',
		name: 'forgetSendKeys',
		type: 'boolean',
		default: false,
		description:
			'Whether to forget, before sending, every Send Key this node has recorded (n8n keeps one record per node), so that everything is sent again. Turn it off after that run.',
	},
];

/** A collection of its own for operations whose Options do not apply to every mode. */
export const sendOptionsCollection: INodeProperties = {
	displayName: 'Send Options',
	name: 'sendOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: sendKeyOptions,
};

/** The Send Key of each item and the forget switch, from the collection that holds them. */
export function readSendKeys(
	reader: ParameterReader,
	collection: string,
): { keyOf: (itemIndex: number) => string; forget: boolean } {
	return {
		keyOf: (itemIndex) => readSendKey(reader.get(`${collection}.sendKey`, itemIndex, '')),
		forget: reader.get<boolean>(`${collection}.forgetSendKeys`, 0, false) === true,
	};
}

/** The store n8n gives nodes, as this file needs it. */
export interface RecordStore {
	/** Records `values`; resolves with those that were already recorded. */
	checkAndRecord(values: string[]): Promise<Set<string>>;
	remove(values: string[]): Promise<void>;
	clear(): Promise<void>;
}

/** n8n's store for this node, keeping `own` values (see ownRecords) besides MAX_RECORDS of earlier runs. */
export function n8nRecordStore(ctx: IExecuteFunctions, own: number): RecordStore {
	const options = { mode: 'entries' as const, maxEntries: MAX_RECORDS + own };
	return {
		async checkAndRecord(values) {
			const result = await ctx.helpers.checkProcessedAndRecord(values, 'node', options);
			return new Set(result.processed.map(String));
		},
		remove: async (values) => await ctx.helpers.removeProcessed(values, 'node', options),
		clear: async () => await ctx.helpers.clearAllProcessedItems('node', options),
	};
}

/** A request (or a half of one) as the ledger knows it. */
export interface LedgerEntry {
	key: string;
	who: string;
	what: string;
}

export type LookupResult = 'delivered' | 'different' | 'split' | 'new';

const VERSION = 'n8n-nodes-push-notifications/3';

export class SendKeyLedger {
	private queue: Promise<unknown> = Promise.resolve();
	/** Written by this run: asserted again at the end, in case a concurrent run's write lost them. */
	private readonly written = new Set<string>();
	/** Added by a look-up and removed again: removed again at the end, for the same reason. */
	private readonly unwanted = new Set<string>();

	constructor(
		private readonly store: RecordStore,
		private readonly ctx: IExecuteFunctions,
	) {}

	static value(key: string, kind: string, digest = ''): string {
		return `${VERSION} ${kind} ${JSON.stringify(key)} ${digest}`;
	}

	/** Forgets every key of this node. */
	async forgetAll(): Promise<void> {
		await this.serial(async () => await this.attempt(async () => await this.store.clear()));
	}

	/** Which of `keys` an earlier run has used (each is marked used from now on). */
	async used(keys: string[]): Promise<Set<string>> {
		const values = keys.map((key) => SendKeyLedger.value(key, 'used'));
		const found = await this.serial(
			async () => await this.attempt(async () => await this.store.checkAndRecord(values)),
		);
		for (const value of values) this.written.add(value);
		return new Set(keys.filter((_key, i) => found.has(values[i])));
	}

	/** What earlier runs recorded for each entry. Looking records, so what it added is removed. */
	async lookUp(entries: LedgerEntry[]): Promise<LookupResult[]> {
		if (entries.length === 0) return [];
		const keys = [...new Set(entries.map((entry) => entry.key))];
		const markers = keys.map((key) => SendKeyLedger.value(key, 'looking'));
		return await this.serial(async () => {
			const busy = await this.attempt(async () => await this.store.checkAndRecord(markers));
			if (busy.size > 0) {
				const key = keys.find((_key, i) => busy.has(markers[i]));
				throw new NodeOperationError(
					this.ctx.getNode(),
					`Another run with the Send Key "${key}" is checking what was delivered, or one stopped while it did`,
					{
						description:
							'If no other run with this key is running, the records of this key cannot be trusted: turn on Options → Forget Earlier Sends for one run (everything is sent again), or use a new Send Key.',
					},
				);
			}
			const probes = entries.flatMap((entry) => [
				this.whoValue(entry),
				this.whatValue(entry),
				this.splitValue(entry),
			]);
			let found: Set<string> | undefined;
			try {
				found = await this.attempt(async () => await this.store.checkAndRecord(probes));
			} finally {
				// Without an answer nothing is known to have been added: only the markers go.
				const added = found
					? probes.filter((value) => !found?.has(value) && !this.written.has(value))
					: [];
				for (const value of added) this.unwanted.add(value);
				await this.attempt(async () => await this.store.remove([...added, ...markers]));
			}
			const known = found;
			return entries.map((entry) => {
				if (known.has(this.whatValue(entry))) return 'delivered';
				if (known.has(this.splitValue(entry))) return 'split';
				if (known.has(this.whoValue(entry))) return 'different';
				return 'new';
			});
		});
	}

	/**
	 * Records that the service accepted a request: the entries it delivered, and those halved on
	 * the way (see bulkSend's deliveredParts). The record is written with whatever else waits: at
	 * once when no write is under way and the last began at least WRITE_INTERVAL_MS ago (or when
	 * a caller waits), otherwise as soon as that is so. Resolves at once while fewer than
	 * `maxUnrecorded` accepted requests wait for their record, otherwise once fewer do. Throws
	 * when a write failed.
	 */
	async delivered(
		delivered: LedgerEntry[],
		splits: LedgerEntry[] = [],
		maxUnrecorded = 1,
	): Promise<void> {
		this.unrecorded++;
		this.add(
			[
				...splits.map((entry) => this.splitValue(entry)),
				...delivered.flatMap((entry) => [this.whoValue(entry), this.whatValue(entry)]),
			],
			1,
		);
		while (this.unrecorded >= maxUnrecorded && !this.failure) {
			// Someone waits: no reason to wait for the interval.
			this.blocked++;
			this.writeNow();
			await this.nextWrite();
			this.blocked--;
		}
		if (this.failure) throw this.failure;
	}

	/**
	 * Records that an entry went out as halves, whose records then stand for it. Records are
	 * written in order, so this one is in the database before any of the halves'.
	 */
	split(entry: LedgerEntry): void {
		this.add([this.splitValue(entry)], 0);
	}

	/**
	 * At the end of a run, when nothing sends any more: once the write under way is done, one
	 * last write of everything this run wrote (the records still waiting among them), so that it
	 * is all there even where a run of the same node at the same time undid some, and what its
	 * look-ups added is removed again. Throws when a record could not be written.
	 */
	async finish(): Promise<void> {
		this.finishing = true;
		while (this.writing && !this.failure) await this.nextWrite();
		if (this.failure) throw this.failure;
		this.pending = [];
		this.pendingRequests = 0;
		await this.serial(async () => {
			if (this.written.size)
				await this.attempt(async () => await this.store.checkAndRecord([...this.written]));
			const unwanted = [...this.unwanted].filter((value) => !this.written.has(value));
			if (unwanted.length) await this.attempt(async () => await this.store.remove(unwanted));
		});
	}

	/** Values not handed to a write yet, the requests they belong to, and every accepted request not yet in the database. */
	private pending: string[] = [];
	private pendingRequests = 0;
	private unrecorded = 0;
	/** Callers waiting for records to be written. */
	private blocked = 0;
	private writing = false;
	/** Set by `finish`, whose own write takes over from here. */
	private finishing = false;
	private lastWriteAt = 0;
	private lastWriteMs = 0;
	private scheduled = false;
	private failure: Error | undefined;
	private wakeUps: Array<() => void> = [];

	/** Values to write; `requests` accepted requests (already counted as unrecorded) that they record. */
	private add(values: string[], requests: number) {
		for (const value of values) {
			this.written.add(value);
			this.pending.push(value);
		}
		this.pendingRequests += requests;
		this.writeWhenDue();
	}

	/** Starts a write now if none is under way and the last began WRITE_INTERVAL_MS ago, else as soon as that is so. */
	private writeWhenDue() {
		if (this.writing || this.finishing || this.pending.length === 0) return;
		if (this.blocked > 0) {
			this.writeNow();
			return;
		}
		if (this.scheduled) return;
		const wait =
			this.lastWriteAt + Math.max(WRITE_INTERVAL_MS, WRITE_SHARE * this.lastWriteMs) - Date.now();
		if (wait <= 0) {
			this.writeNow();
			return;
		}
		this.scheduled = true;
		void sleep(wait).then(() => {
			this.scheduled = false;
			this.writeWhenDue();
		});
	}

	/** Hands everything that waits to one write (serialised with every other store call). */
	private writeNow() {
		if (this.writing || this.finishing || this.pending.length === 0) return;
		const values = this.pending;
		const requests = this.pendingRequests;
		this.pending = [];
		this.pendingRequests = 0;
		this.writing = true;
		this.lastWriteAt = Date.now();
		void this.serial(
			async () => await this.attempt(async () => await this.store.checkAndRecord(values)),
		).then(
			() => {
				this.writing = false;
				this.lastWriteMs = Date.now() - this.lastWriteAt;
				this.unrecorded -= requests;
				this.wake();
				this.writeWhenDue();
			},
			(error: Error) => {
				this.writing = false;
				this.failure ??= error;
				this.wake();
			},
		);
	}

	private async nextWrite(): Promise<void> {
		await new Promise<void>((resolve) => this.wakeUps.push(resolve));
	}

	private wake() {
		const wakeUps = this.wakeUps;
		this.wakeUps = [];
		for (const wakeUp of wakeUps) wakeUp();
	}

	private whoValue(entry: LedgerEntry) {
		return SendKeyLedger.value(entry.key, 'who', entry.who);
	}

	private whatValue(entry: LedgerEntry) {
		return SendKeyLedger.value(entry.key, 'what', entry.what);
	}

	private splitValue(entry: LedgerEntry) {
		return SendKeyLedger.value(entry.key, 'split', entry.what);
	}

	/** Runs `call` after every store call queued before it. */
	private serial<T>(call: () => Promise<T>): Promise<T> {
		const result = this.queue.then(call, call);
		this.queue = result.catch(() => undefined);
		return result;
	}

	/** One store call, tried again twice: two first records of one node at once collide on n8n's unique key, and the second try updates. */
	private async attempt<T>(call: () => Promise<T>): Promise<T> {
		for (let attempt = 1; ; attempt++) {
			try {
				return await call();
			} catch (error) {
				if (attempt >= 3)
					throw error instanceof NodeOperationError
						? error
						: new NodeOperationError(this.ctx.getNode(), error as Error);
				await sleep(50 * attempt);
			}
		}
	}
}

/**
 * Digests of what a request (or a part of it) sends: `who` of its recipients in order (their
 * JSON array, so no two lists read alike), `what` of that with the group's message and, where
 * items differ, each recipient's item content. Neither depends on which item held which recipient.
 */
export function entryOf(
	key: string,
	groupDigest: string,
	request: { segments: Segment[] },
	contentDigests: Map<string, string>,
): LedgerEntry {
	const who = digest(recipientsJson(request));
	const what = createHash('sha256').update(groupDigest).update(who);
	for (const segment of request.segments) {
		if (segment.content === undefined) continue;
		let content = contentDigests.get(segment.content);
		if (content === undefined) {
			content = digest(segment.content);
			contentDigests.set(segment.content, content);
		}
		// Per recipient, so that the digest does not depend on which item held which recipient.
		for (let r = 0; r < segment.recipients.length; r++) what.update(content);
	}
	return { key, who, what: what.digest('base64') };
}

export function digest(text: string | Buffer): string {
	return createHash('sha256').update(text).digest('base64');
}

/** What identifies one send of a single-send operation: whom it reaches and everything it sends, as text. */
export function sendIdentity(
	audience: unknown,
	content: unknown,
): { audience: string; content: string } {
	const text = (value: unknown) =>
		JSON.stringify(value, (_key, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v));
	return { audience: text(audience), content: text(content) };
}

/** The Send Key of an item: trimmed; empty means none. */
export function readSendKey(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}
