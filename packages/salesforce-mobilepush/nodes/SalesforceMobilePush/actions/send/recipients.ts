import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { bulkOptionsProperty } from '../../../../../core/bulkOptions';
import type { RecipientKind } from '../../protocol/batch';
import { MAX_RECIPIENTS_PER_CALL } from '../../protocol/batch';

export const recipientProperties: INodeProperties[] = [
	{
		displayName: 'Send To',
		name: 'recipientKind',
		description:
			'Whom the batch reaches: contacts by subscriber key (each of their devices), or devices by device token',
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
		description:
			'This item’s subscriber keys or device tokens: one, an array, or a list separated by commas or new lines',
	},
];

export const BULK_LIMITS = {
	maxBatchSize: MAX_RECIPIENTS_PER_CALL,
	recipients: 'tokens or keys',
	serviceLimit: 'Marketing Cloud allows 5,000',
	concurrency: 2,
	maxConcurrency: 16,
};

export const bulkOptions = bulkOptionsProperty('options', BULK_LIMITS);

export type { RecipientKind };

/**
 * Puts the send's identifiers at the top of each output item: the message, and the tokenId of
 * the item's (first) element, which Delivery → Get Status takes. An item split over several
 * elements has each element's tokenId in `requests`.
 */
export function withTokenIds(
	output: INodeExecutionData[],
	messageIdOf: (itemIndex: number) => string | undefined,
): INodeExecutionData[] {
	// Plain property copies: object rest/spread per item cost a quarter of a 100,000-item send.
	for (let itemIndex = 0; itemIndex < output.length; itemIndex++) {
		const item = output[itemIndex];
		// An item bound for the error output keeps its answer in `details` (see common/items.ts).
		const inDetails = item.json.details !== undefined && typeof item.json.details === 'object';
		const json = (inDetails ? item.json.details : item.json) as IDataObject;
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
		if (inDetails) item.json.details = ordered;
		else item.json = ordered;
	}
	return output;
}
