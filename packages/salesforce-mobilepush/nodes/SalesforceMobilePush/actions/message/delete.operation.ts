import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { validateThenRun } from '../../../../../core/items';
import { ParameterReader } from '../../../../../core/parameters';
import type { SfmcTransport } from '../../transport';
import { messageIdOf } from '../fields';
import { messageIdProperty } from './get.operation';

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['delete'] } },
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
			await transport.call(
				{ method: 'DELETE', url: `/push/v1/message/${encodeURIComponent(id)}` },
				[itemIndex],
				'Marketing Cloud did not delete the message',
			);
			return { messageId: id, deleted: true };
		},
	);
}
