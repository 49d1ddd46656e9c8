import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runBulkSend } from '../../../../../core/bulkSend';
import { ParameterReader } from '../../../../../core/parameters';
import { parseRecipientList } from '../../../../../core/recipients';
import { readBulkOptions } from '../../../../../core/bulkOptions';
import {
	batchElement,
	checkSendTime,
	tokenIdAt,
	type BatchElementTemplate,
	type BatchMessage,
	type RecipientKind,
} from '../../protocol/batch';
import type { SfmcTransport } from '../../transport';
import { jsonObject, keyValues, messageIdOf } from '../fields';
import { messageIdProperty } from '../message/get.operation';
import {
	checkOpenDirect,
	overrideOptions,
	sendTimeProperty,
	tagProperties,
	tagsOf,
} from './overrides';
import { BULK_LIMITS, bulkOptions, recipientProperties, withTokenIds } from './recipients';

const properties: INodeProperties[] = [
	messageIdProperty,
	...recipientProperties,
	{
		displayName: 'Alert',
		name: 'alert',
		type: 'string',
		default: '',
		required: true,
		description: 'The text shown on the device for this item’s recipients',
	},
	...tagProperties(false),
	sendTimeProperty,
	overrideOptions,
	{
		displayName:
			'Each item becomes one batch element with its own alert and overrides; elements are packed into calls of at most 5,000 tokens or keys in all.',
		name: 'batchNotice',
		type: 'notice',
		default: '',
	},
	bulkOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['send'], operation: ['sendMessageBatch'] } },
	properties,
);

/** The element an item sends, without its recipients. */
function readTemplate(reader: ParameterReader, itemIndex: number): BatchElementTemplate {
	const alert = String(reader.get('alert', itemIndex, '') ?? '').trim();
	if (!alert) throw new Error('Alert is empty: Send Message Batch needs the text to show');
	const o = reader.get<IDataObject>('overrides', itemIndex, {});
	const message: BatchMessage = { Alert: alert };
	if (o.badge) message.badge = String(o.badge);
	if (o.sound) message.sound = String(o.sound);
	if (o.openDirect) message.OpenDirect = checkOpenDirect(String(o.openDirect));
	if (o.title) message.title = String(o.title);
	if (o.subtitle) message.subtitle = String(o.subtitle);
	if (o.mutableContent) message['mutable-content'] = 1;
	if (o.contentAvailable) message['content-available'] = 1;
	const keys = keyValues(o.customValues, 'Key', 'Value');
	if (keys) message.Keys = keys;
	const custom = o.customPayload === undefined ? {} : jsonObject(o.customPayload, 'Custom Payload');
	if (Object.keys(custom).length) message.custom = custom;
	const sendTime = String(reader.get('sendTime', itemIndex, '') ?? '').trim();
	return {
		kind: reader.get<RecipientKind>('recipientKind', itemIndex, 'SubscriberKeys'),
		InclusionTags: tagsOf(reader, 'inclusionTags', itemIndex),
		ExclusionTags: tagsOf(reader, 'exclusionTags', itemIndex),
		SendTime: sendTime ? checkSendTime(sendTime) : undefined,
		Message: message,
	};
}

/** `POST /push/v1/messageBatch/{messageId}/send`, one element per item (split past 5,000). */
export async function execute(
	this: IExecuteFunctions,
	transport: SfmcTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	const items = this.getInputData();
	const bulk = readBulkOptions(reader, 'options', BULK_LIMITS);
	const templates: BatchElementTemplate[] = new Array(items.length);
	const messageIds: string[] = new Array(items.length);
	const recipientsOf = (itemIndex: number) =>
		parseRecipientList(reader.get('recipients', itemIndex, ''));
	const output = await runBulkSend<{ messageId: string }>(this, items.length, {
		prepare(itemIndex) {
			const messageId = messageIdOf(reader.get('messageId', itemIndex));
			messageIds[itemIndex] = messageId;
			// Read once when no alert, tag or override differs between items.
			templates[itemIndex] = reader.sameForAllItems('template', () =>
				readTemplate(reader, itemIndex),
			);
			const recipients = recipientsOf(itemIndex);
			if (recipients.length === 0) throw new Error('Recipients is empty for this item');
			// Elements with device tokens and with subscriber keys may share a call (the reference's
			// own example does); the 5,000 limit counts both.
			return [{ itemIndex, groupKey: messageId, group: { messageId }, recipients }];
		},
		recipientsOf: (itemIndex) => [{ recipients: recipientsOf(itemIndex) }],
		sendKey: { ...bulk.sendKey, contentOf: (itemIndex) => JSON.stringify(templates[itemIndex]) },
		limits: bulk.limits,
		concurrency: bulk.concurrency,
		retry: transport.retry,
		send: (request) =>
			transport.send({
				method: 'POST',
				url: `/push/v1/messageBatch/${encodeURIComponent(request.group.messageId)}/send`,
				body: request.segments.map((segment) =>
					batchElement(templates[segment.itemIndex], segment.recipients),
				),
			}),
		accept: (request, response) => ({
			ids: {},
			segmentIds: request.segments.map((_segment, position) => ({
				tokenId: tokenIdAt(response.body, position),
			})),
		}),
		reject: (_request, response, itemIndexes) =>
			transport.reject(response, itemIndexes, 'Marketing Cloud refused the batch'),
		describeItem: (itemIndex) => ({ recipientType: templates[itemIndex]?.kind }),
	});
	return withTokenIds(output, (itemIndex) => messageIds[itemIndex]);
}
