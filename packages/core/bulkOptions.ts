import type { INodeProperties } from 'n8n-workflow';

import type { ConcurrencySetting } from './concurrency';
import type { ParameterReader } from './parameters';
import { readSendKeys, sendKeyOptions } from './sendKey';

/** What a bulk operation allows: the service's limit per request and how many requests go at once. */
export interface BulkLimits {
	/** Most recipients the service takes in one request. */
	maxBatchSize: number;
	/** "device handles", "tokens or keys", "recipients"… */
	recipients: string;
	/** "Azure allows 1,000" */
	serviceLimit: string;
	/** Where an adaptive run starts. */
	concurrency: number;
	/** The most requests in flight, adaptive or fixed, and Max Concurrency's default. */
	maxConcurrency: number;
}

/** The options collection every bulk operation has: Batch Size, Concurrency, Max Concurrency, then the Send Key. */
export function bulkOptionsProperty(
	name: string,
	limits: BulkLimits,
	extra: INodeProperties[] = [],
): INodeProperties {
	const { maxBatchSize, concurrency, maxConcurrency } = limits;
	return {
		displayName: name === 'options' ? 'Options' : 'Send Options',
		name,
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: maxBatchSize },
				default: maxBatchSize,
				description: `Most ${limits.recipients} per request (${limits.serviceLimit}). A re-run with a Send Key must use the same batch size to recognise what was delivered.`,
			},
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: maxConcurrency },
				default: 0,
				description: `Requests in flight at once. 0 adapts to the service: starts at ${concurrency}, doubles while it answers unthrottled, drops at once when it throttles, never above Max Concurrency. A number from 1 keeps exactly that many.`,
			},
			{
				displayName: 'Max Concurrency',
				name: 'maxConcurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: maxConcurrency },
				default: maxConcurrency,
				description: 'With Concurrency 0, the most requests in flight the node ever reaches',
			},
			...extra,
			...sendKeyOptions,
		],
	};
}

/** The spec fields a bulk operation reads from that collection. */
export function readBulkOptions(reader: ParameterReader, name: string, limits: BulkLimits) {
	const batchSize =
		Number(reader.get(`${name}.batchSize`, 0, limits.maxBatchSize)) || limits.maxBatchSize;
	return {
		limits: { maxRecipients: Math.min(limits.maxBatchSize, Math.max(1, batchSize)) },
		concurrency: concurrencyOf(
			Number(reader.get(`${name}.concurrency`, 0, 0)),
			Number(reader.get(`${name}.maxConcurrency`, 0, limits.maxConcurrency)),
			limits,
		),
		sendKey: readSendKeys(reader, name),
	};
}

/** Concurrency 0 (or none) adapts, between the service's start level and Max Concurrency; a number fixes it. */
export function concurrencyOf(
	concurrency: number,
	maxConcurrency: number,
	limits: BulkLimits,
): ConcurrencySetting {
	const max = Math.min(
		limits.maxConcurrency,
		Math.max(1, Math.floor(maxConcurrency) || limits.maxConcurrency),
	);
	const start = Math.min(limits.concurrency, max);
	if (concurrency >= 1)
		return { fixed: Math.min(limits.maxConcurrency, Math.floor(concurrency)), start, max };
	return { start, max };
}
