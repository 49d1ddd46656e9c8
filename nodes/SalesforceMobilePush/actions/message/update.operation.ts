import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { validateThenRun } from '../../../common/items';
import { ParameterReader } from '../../../common/parameters';
import type { SfmcTransport } from '../../transport';
import { messageIdOf } from '../fields';
import { messageFields, readMessage } from './create.operation';
import { messageIdProperty } from './get.operation';

export const description = [...updateDisplayOptions({ show: { resource: ['message'], operation: ['update'] } }, [messageIdProperty]), ...messageFields('update')];

/** PUT replaces the message definition with the full body (the API has no PATCH). */
export async function execute(this: IExecuteFunctions, transport: SfmcTransport): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	return await validateThenRun(
		this,
		(itemIndex) => ({ id: messageIdOf(reader.get('messageId', itemIndex)), body: readMessage(reader, itemIndex) }),
		async ({ id, body }, itemIndex) =>
			(await transport.call({ method: 'PUT', url: `/push/v1/message/${encodeURIComponent(id)}`, body }, [itemIndex], 'Marketing Cloud did not update the message')) as IDataObject,
	);
}
