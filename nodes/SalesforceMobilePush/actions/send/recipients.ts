import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { sendKeyOptions } from '../../../common/sendKey';
import type { RecipientKind } from '../../protocol/batch';
import { MAX_RECIPIENTS_PER_CALL } from '../../protocol/batch';

export const recipientProperties: INodeProperties[] = [
	{
		displayName: 'Send To',
		name: 'recipientKind',
		type: 'options',
		options: [
			{ name: 'Subscriber Keys', value: 'SubscriberKeys' },
			{ name: 'Device Tokens', value: 'DeviceTokens' },
		],
		default: 'SubscriberKeys',
	},
	{
		displayName: 'Recipients',
		name: 'recipients',
		type: 'string',
		default: '',
		required: true,
		placeholder: '={{ $json.subscriberKey }}',
		description: 'This item’s subscriber keys or device tokens: one, an array, or a list separated by commas or new lines',
	},
];

export const bulkOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{ displayName: 'Batch Size', name: 'batchSize', type: 'number', typeOptions: { minValue: 1, maxValue: MAX_RECIPIENTS_PER_CALL }, default: MAX_RECIPIENTS_PER_CALL, description: 'Most tokens or keys per call (Marketing Cloud allows 5,000)' },
		{ displayName: 'Concurrency', name: 'concurrency', type: 'number', typeOptions: { minValue: 1, maxValue: 16 }, default: 2, description: 'How many calls may be in flight at once' },
		...sendKeyOptions,
	],
};

export type { RecipientKind };

/**
 * Puts the send's identifiers at the top of each output item: the message, and the tokenId of
 * the item's (first) element, which Delivery → Get Status takes. An item split over several
 * elements has each element's tokenId in `requests`.
 */
export function withTokenIds(output: INodeExecutionData[], messageIdOf: (itemIndex: number) => string | undefined): INodeExecutionData[] {
	// Plain property copies: object rest/spread per item cost a quarter of a 100,000-item send.
	for (let itemIndex = 0; itemIndex < output.length; itemIndex++) {
		const item = output[itemIndex];
		const json = item.json;
		const requests = (json.requests ?? []) as IDataObject[];
		let tokenId: unknown;
		for (const entry of requests) {
			if (typeof entry.tokenId === 'string') {
				tokenId = entry.tokenId;
				break;
			}
		}
		const messageId = messageIdOf(itemIndex);
		const ordered: IDataObject = { status: json.status };
		if (messageId !== undefined) ordered.messageId = messageId;
		if (tokenId !== undefined) ordered.tokenId = tokenId as string;
		for (const key of Object.keys(json)) if (key !== 'status') ordered[key] = json[key];
		item.json = ordered;
	}
	return output;
}
