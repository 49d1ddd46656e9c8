import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { RecordStore } from './sendKey';

/**
 * What the earlier tries of this node's run did, for the node setting *Retry On Fail*. n8n runs a
 * node again, with the same input, when it throws or when its first output item holds `error`
 * (up to 5 tries; n8n-core's workflow-execute). Without this, every try would send again what
 * the earlier ones delivered. So with Retry On Fail on:
 * - a bulk send records each accepted request under a key of its own (TRY_KEY, in this process's
 *   memory, never in n8n's database), and a later try sends only what was not delivered;
 * - a per-item operation keeps each item's result, and a later try answers with it instead of
 *   calling the service again (a second Create would create a second campaign);
 * - Forget Earlier Sends forgets once per run, not once per try.
 * The tries of a run happen in the n8n process that runs it, so memory is enough. What a run
 * kept goes once a try ends with nothing failed, or an hour after its last use.
 */
export class Tries {
	/** Records of bulk sends, as the Send Key ledger writes them (see sendKey.ts). */
	readonly records = new Set<string>();
	/** Per-item results by item index. */
	readonly results = new Map<number, IDataObject[]>();
	/** Whether a try of this run has already forgotten the node's Send Keys. */
	forgot = false;
	touched = Date.now();

	constructor(private readonly scope: string) {}

	/** The records as a store for the ledger. */
	readonly store: RecordStore = {
		checkAndRecord: async (values) => {
			this.touched = Date.now();
			const found = new Set<string>();
			for (const value of values) {
				if (this.records.has(value)) found.add(value);
				else this.records.add(value);
			}
			return found;
		},
		remove: async (values) => {
			for (const value of values) this.records.delete(value);
		},
		clear: async () => this.records.clear(),
	};

	/** The try ended with nothing failed: n8n will not run it again. */
	end(): void {
		runs.delete(this.scope);
	}
}

/** The key bulk sends record under when an item has no Send Key of its own; no Send Key a user types is equal to it. */
export const TRY_KEY = '\u0000retry on fail';

/** Unused for this long, what a run kept is dropped. */
const KEEP_MS = 60 * 60 * 1000;

const runs = new Map<string, Tries>();

/** The memory of this node run's tries, when the node retries on fail; undefined otherwise. */
export function triesOf(ctx: IExecuteFunctions): Tries | undefined {
	if (ctx.getNode().retryOnFail !== true) return undefined;
	const executionId = ctx.getExecutionId?.();
	if (!executionId) return undefined;
	const now = Date.now();
	for (const [scope, tries] of runs) if (now - tries.touched > KEEP_MS) runs.delete(scope);
	const runIndex = Number(ctx.getWorkflowDataProxy?.(0)?.$runIndex ?? 0);
	const scope = JSON.stringify([executionId, ctx.getNode().name, runIndex]);
	let tries = runs.get(scope);
	if (!tries) runs.set(scope, (tries = new Tries(scope)));
	tries.touched = now;
	return tries;
}

/**
 * The store a ledger writes to: n8n's (the Send Keys) and, with Retry On Fail, this run's
 * memory for the records under TRY_KEY; clearing (Forget Earlier Sends) happens once per run.
 */
export function withTries(store: RecordStore, tries: Tries | undefined): RecordStore {
	if (!tries) return store;
	const mark = ` ${JSON.stringify(TRY_KEY)} `;
	const split = (values: string[]) => {
		const mine: string[] = [];
		const theirs: string[] = [];
		for (const value of values) (value.includes(mark) ? mine : theirs).push(value);
		return { mine, theirs };
	};
	return {
		async checkAndRecord(values) {
			const { mine, theirs } = split(values);
			const found = await tries.store.checkAndRecord(mine);
			if (theirs.length) for (const value of await store.checkAndRecord(theirs)) found.add(value);
			return found;
		},
		async remove(values) {
			const { mine, theirs } = split(values);
			await tries.store.remove(mine);
			if (theirs.length) await store.remove(theirs);
		},
		async clear() {
			if (tries.forgot) return;
			tries.forgot = true;
			await store.clear();
		},
	};
}
