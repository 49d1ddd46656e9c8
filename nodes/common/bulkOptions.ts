import type { INodeProperties } from 'n8n-workflow';

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
	concurrency: number;
	maxConcurrency: number;
}

/** The options collection every bulk operation has: Batch Size, Concurrency, then the Send Key. */
export function bulkOptionsProperty(name: string, limits: BulkLimits, extra: INodeProperties[] = []): INodeProperties {
	const { maxBatchSize, concurrency } = limits;
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
				typeOptions: { minValue: 1, maxValue: limits.maxConcurrency },
				default: concurrency,
				description: 'How many requests may be in flight at once',
			},
			...extra,
			...sendKeyOptions,
		],
	};
}

/** The spec fields a bulk operation reads from that collection. */
export function readBulkOptions(reader: ParameterReader, name: string, limits: BulkLimits) {
	const batchSize = Number(reader.get(`${name}.batchSize`, 0, limits.maxBatchSize)) || limits.maxBatchSize;
	return {
		limits: { maxRecipients: Math.min(limits.maxBatchSize, Math.max(1, batchSize)) },
		concurrency: Math.min(limits.maxConcurrency, Math.max(1, Number(reader.get(`${name}.concurrency`, 0, limits.concurrency)) || limits.concurrency)),
		sendKey: readSendKeys(reader, name),
	};
}
