import { createHash } from 'node:crypto';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { Segment } from './packing';
import type { ParameterReader } from './parameters';
import { recipientIdentity } from './packing';

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
 * - every call to the store goes through one queue, and records of requests that finish while a
 *   write is under way go out together in the next write;
 * - a record is written only after the service accepted the request, so a crash can repeat at
 *   most the requests accepted but not yet recorded (one per lane: each lane waits for its
 *   record before it starts another request), and never skips one that was not delivered;
 * - looking records up records them, so what a look-up added is removed at once, under a marker
 *   that makes a run refuse to trust the records when an earlier look-up never finished.
 *
 * Records per request (each a value with the key in it):
 * - `who`: digest of its recipients: these recipients got something under this key;
 * - `what`: digest of its message(s) and recipients: they got exactly this;
 * - `split`: the request was sent as two halves (413, or some of it refused), whose records
 *   stand for it (see `halves`).
 * And per key: `used` (a run with this key got as far as sending) and `looking` (a look-up is
 * under way).
 */

/** Most values n8n keeps for one node (its oldest go first): about 15,000 requests of sends. */
export const MAX_RECORDS = 30_000;

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
export function readSendKeys(reader: ParameterReader, collection: string): { keyOf: (itemIndex: number) => string; forget: boolean } {
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

export function n8nRecordStore(ctx: IExecuteFunctions): RecordStore {
	const options = { mode: 'entries' as const, maxEntries: MAX_RECORDS };
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

const VERSION = 'n8n-nodes-push-notifications/1';

export class SendKeyLedger {
	private queue: Promise<unknown> = Promise.resolve();
	private batch: { values: string[]; done: Promise<void> } | undefined;
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
		const found = await this.serial(async () => await this.attempt(async () => await this.store.checkAndRecord(values)));
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
				throw new NodeOperationError(this.ctx.getNode(), `Another run with the Send Key "${key}" is checking what was delivered, or one stopped while it did`, {
					description:
						'If no other run with this key is running, the records of this key cannot be trusted: turn on Options → Forget Earlier Sends for one run (everything is sent again), or use a new Send Key.',
				});
			}
			const probes = entries.flatMap((entry) => [this.whoValue(entry), this.whatValue(entry), this.splitValue(entry)]);
			let found: Set<string> | undefined;
			try {
				found = await this.attempt(async () => await this.store.checkAndRecord(probes));
			} finally {
				// Without an answer nothing is known to have been added: only the markers go.
				const added = found ? probes.filter((value) => !found?.has(value) && !this.written.has(value)) : [];
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

	/** Records that the service accepted these entries (and that those went out as halves); resolves once it is in the database. */
	async delivered(entries: LedgerEntry[], splits: LedgerEntry[] = []): Promise<void> {
		await this.write([...splits.map((entry) => this.splitValue(entry)), ...entries.flatMap((entry) => [this.whoValue(entry), this.whatValue(entry)])]);
	}

	/** Records that an entry went out as halves, whose records then stand for it. */
	async split(entry: LedgerEntry): Promise<void> {
		await this.write([this.splitValue(entry)]);
	}

	/** At the end of a run: what this run wrote is there, and what its look-ups added is not. */
	async finish(): Promise<void> {
		await this.serial(async () => {
			if (this.written.size) await this.attempt(async () => await this.store.checkAndRecord([...this.written]));
			const unwanted = [...this.unwanted].filter((value) => !this.written.has(value));
			if (unwanted.length) await this.attempt(async () => await this.store.remove(unwanted));
		});
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

	/** Values written together with whatever else is waiting when the previous write finishes. */
	private async write(values: string[]): Promise<void> {
		for (const value of values) this.written.add(value);
		if (this.batch) {
			this.batch.values.push(...values);
			return await this.batch.done;
		}
		const batch = { values: [...values], done: Promise.resolve() };
		this.batch = batch;
		batch.done = this.serial(async () => {
			// From here on, new values wait for the next write.
			if (this.batch === batch) this.batch = undefined;
			await this.attempt(async () => await this.store.checkAndRecord(batch.values));
		});
		return await batch.done;
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
				if (attempt >= 3) throw error instanceof NodeOperationError ? error : new NodeOperationError(this.ctx.getNode(), error as Error);
				await sleep(50 * attempt);
			}
		}
	}
}

/** Digests of what a request (or a part of it) sends, in its canonical order. */
export function entryOf(key: string, groupDigest: string, segments: Segment[], contentDigests: Map<string, string>): LedgerEntry {
	const who = createHash('md5');
	const what = createHash('md5').update(groupDigest);
	for (const segment of segments) {
		const identities = segment.label === undefined ? segment.recipients : segment.recipients.map((recipient) => recipientIdentity(segment.label, recipient));
		const text = identities.join('\n') + '\n';
		who.update(text);
		if (segment.content === undefined) {
			what.update(text);
		} else {
			let content = contentDigests.get(segment.content);
			if (content === undefined) {
				content = digest(segment.content);
				contentDigests.set(segment.content, content);
			}
			for (const identity of identities) what.update(`${identity}\t${content}\n`);
		}
	}
	return { key, who: who.digest('base64'), what: what.digest('base64') };
}

export function digest(text: string): string {
	return createHash('md5').update(text).digest('base64');
}

/** What identifies one send of a single-send operation: whom it reaches and everything it sends, as text. */
export function sendIdentity(audience: unknown, content: unknown): { audience: string; content: string } {
	const text = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v));
	return { audience: text(audience), content: text(content) };
}

/** The Send Key of an item: trimmed; empty means none. */
export function readSendKey(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}
