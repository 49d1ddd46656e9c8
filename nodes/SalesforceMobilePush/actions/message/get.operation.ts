import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { validateThenRun } from '../../../common/items';
import { ParameterReader } from '../../../common/parameters';
import type { SfmcTransport } from '../../transport';
import { messageIdOf } from '../fields';

export const messageIdProperty: INodeProperties = { displayName: 'Message ID', name: 'messageId', type: 'string', default: '', required: true, description: 'The ID that Message → Create returned, e.g. MTIzOjExNDow' };

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['get'] } }, [messageIdProperty]);

export async function execute(this: IExecuteFunctions, transport: SfmcTransport): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	return await validateThenRun(
		this,
		(itemIndex) => messageIdOf(reader.get('messageId', itemIndex)),
		async (id, itemIndex) => {
			const body = await transport.call({ method: 'GET', url: `/push/v1/message/${encodeURIComponent(id)}` }, [itemIndex], 'Marketing Cloud did not return the message');
			// The reference shows an array of one; accept both.
			return (Array.isArray(body) ? body[0] : body) as IDataObject;
		},
	);
}
