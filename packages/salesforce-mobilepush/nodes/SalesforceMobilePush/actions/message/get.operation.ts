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

export const messageIdProperty: INodeProperties = {
	displayName: 'Message',
	name: 'messageId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description:
		'The push message definition: picked from the list (newest first, searchable by name), or its ID, e.g. MTIzOjExNDow, as Message → Create returns it',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchMessages', searchable: true },
		},
		{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'MTIzOjExNDow' },
	],
};

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['get'] } },
	[messageIdProperty],
);

export async function execute(
	this: IExecuteFunctions,
	transport: SfmcTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	return await validateThenRun(
		this,
		(itemIndex) => messageIdOf(reader.get('messageId', itemIndex)),
		async (id, itemIndex) => {
			const body = await transport.call(
				{ method: 'GET', url: `/push/v1/message/${encodeURIComponent(id)}` },
				[itemIndex],
				'Marketing Cloud did not return the message',
			);
			// The reference shows an array of one; accept both.
			return (Array.isArray(body) ? body[0] : body) as IDataObject;
		},
	);
}
