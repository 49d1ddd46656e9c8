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
import type { RecipientKind } from '../../protocol/batch';
import type { SfmcTransport } from '../../transport';
import { messageIdOf } from '../fields';
import { messageIdProperty } from '../message/get.operation';
import {
	overrideOptions,
	readOverrides,
	sendTimeProperty,
	tagProperties,
	tagsOf,
} from './overrides';
import { BULK_LIMITS, bulkOptions, recipientProperties, withTokenIds } from './recipients';

export const messageTextProperty: INodeProperties = {
	displayName: 'Message Text',
	name: 'messageText',
	type: 'string',
	default: '',
	description: 'Replaces the definition’s alert text; empty sends the definition as it is',
};

const properties: INodeProperties[] = [
	messageIdProperty,
	...recipientProperties,
	messageTextProperty,
	...tagProperties(false),
	sendTimeProperty,
	overrideOptions,
	bulkOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['send'], operation: ['sendToContacts'] } },
	properties,
);

interface ContactGroup {
	messageId: string;
	kind: RecipientKind;
	body: IDataObject;
}

/** `POST /push/v1/messageContact/{id}/send`: items with the same message share calls of ≤ 5,000 recipients. */
export async function execute(
	this: IExecuteFunctions,
	transport: SfmcTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	const items = this.getInputData();
	const bulk = readBulkOptions(reader, 'options', BULK_LIMITS);
	const recipientsOf = (itemIndex: number) =>
		parseRecipientList(reader.get('recipients', itemIndex, ''));
	const messageIds: string[] = new Array(items.length);
	const output = await runBulkSend<ContactGroup>(this, items.length, {
		prepare(itemIndex) {
			const messageId = messageIdOf(reader.get('messageId', itemIndex));
			messageIds[itemIndex] = messageId;
			const kind = reader.get<RecipientKind>('recipientKind', itemIndex, 'SubscriberKeys');
			const body: IDataObject = { ...readOverrides(reader, itemIndex) };
			const inclusion = tagsOf(reader, 'inclusionTags', itemIndex);
			const exclusion = tagsOf(reader, 'exclusionTags', itemIndex);
			if (inclusion.length) body.InclusionTags = inclusion;
			if (exclusion.length) body.ExclusionTags = exclusion;
			const recipients = recipientsOf(itemIndex);
			if (recipients.length === 0) throw new Error('Recipients is empty for this item');
			return [
				{
					itemIndex,
					groupKey: JSON.stringify([messageId, kind, body]),
					group: { messageId, kind, body },
					recipients,
				},
			];
		},
		recipientsOf: (itemIndex) => [{ recipients: recipientsOf(itemIndex) }],
		...bulk,
		retry: transport.retry,
		send: (request) =>
			transport.send({
				method: 'POST',
				url: `/push/v1/messageContact/${encodeURIComponent(request.group.messageId)}/send`,
				body: {
					[request.group.kind]: request.segments.flatMap((segment) => segment.recipients),
					...request.group.body,
				},
			}),
		accept: (_request, response) => ({
			ids: { tokenId: (response.body as { tokenId?: string })?.tokenId },
		}),
		reject: (_request, response, itemIndexes) =>
			transport.reject(response, itemIndexes, 'Marketing Cloud refused the send'),
		describeItem: (itemIndex) => ({
			recipientType: reader.get<RecipientKind>('recipientKind', itemIndex, 'SubscriberKeys'),
		}),
	});
	return withTokenIds(output, (itemIndex) => messageIds[itemIndex]);
}
