import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { validateThenRun } from '../../../../../core/items';
import { ParameterReader } from '../../../../../core/parameters';
import type { SfmcTransport } from '../../transport';
import { messageIdOf } from '../fields';
import { messageIdProperty } from '../message/get.operation';

const properties: INodeProperties[] = [
	{
		displayName: 'Send Kind',
		name: 'sendKind',
		type: 'options',
		options: [
			{ name: 'App', value: 'messageApp' },
			{ name: 'Contacts', value: 'messageContact' },
			{ name: 'Lists', value: 'messageList' },
			{ name: 'Tags', value: 'messageTag' },
		],
		default: 'messageContact',
		description: 'Which send made the token (Send Message Batch tokens: Contacts)',
	},
	messageIdProperty,
	{
		displayName: 'Token ID',
		name: 'sendId',
		type: 'string',
		default: '',
		required: true,
		description: 'The tokenId the send returned',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['delivery'], operation: ['getStatus'] } },
	properties,
);

/** `GET /push/v1/{sendKind}/{messageId}/deliveries/{tokenId}` */
export async function execute(
	this: IExecuteFunctions,
	transport: SfmcTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	return await validateThenRun(
		this,
		(itemIndex) => {
			const tokenId = String(reader.get('sendId', itemIndex, '') ?? '').trim();
			if (!tokenId) throw new Error('Token ID is empty');
			return {
				kind: reader.get<string>('sendKind', itemIndex, 'messageContact'),
				messageId: messageIdOf(reader.get('messageId', itemIndex)),
				tokenId,
			};
		},
		async ({ kind, messageId, tokenId }, itemIndex) =>
			(await transport.call(
				{
					method: 'GET',
					url: `/push/v1/${kind}/${encodeURIComponent(messageId)}/deliveries/${encodeURIComponent(tokenId)}`,
				},
				[itemIndex],
				'Marketing Cloud did not return the delivery status',
			)) as IDataObject,
	);
}
