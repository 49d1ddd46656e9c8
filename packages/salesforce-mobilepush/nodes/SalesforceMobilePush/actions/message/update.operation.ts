import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { validateThenRun } from '../../../../../core/items';
import { ParameterReader } from '../../../../../core/parameters';
import type { SfmcTransport } from '../../transport';
import { jsonObject, messageIdOf } from '../fields';
import { messageFields, readMessage } from './create.operation';
import { messageIdProperty } from './get.operation';

export const description = [
	...updateDisplayOptions({ show: { resource: ['message'], operation: ['update'] } }, [
		messageIdProperty,
	]),
	...messageFields('update'),
];

/**
 * PUT takes what changes: in JSON the properties given, and nothing else, are sent (Marketing
 * Cloud keeps the rest, so {"status": 2} activates a message); the form sends the definition
 * it shows, whole, as Create does.
 */
export function readUpdate(reader: ParameterReader, itemIndex: number): Record<string, unknown> {
	if (reader.get<string>('define', itemIndex, 'fields') !== 'json')
		return readMessage(reader, itemIndex);
	const changes = jsonObject(reader.get('messageJson', itemIndex, '{}'), 'Message (JSON)');
	if (Object.keys(changes).length === 0)
		throw new Error(
			'Message (JSON) is empty: give the properties to change, e.g. {"status": 2} to activate the message',
		);
	return changes;
}

export async function execute(
	this: IExecuteFunctions,
	transport: SfmcTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	return await validateThenRun(
		this,
		(itemIndex) => ({
			id: messageIdOf(reader.get('messageId', itemIndex)),
			body: readUpdate(reader, itemIndex),
		}),
		async ({ id, body }, itemIndex) =>
			(await transport.call(
				{ method: 'PUT', url: `/push/v1/message/${encodeURIComponent(id)}`, body },
				[itemIndex],
				'Marketing Cloud did not update the message',
			)) as IDataObject,
	);
}
