import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { validateThenRun } from '../../../../../core/items';
import { ParameterReader } from '../../../../../core/parameters';
import { readSendKeys, sendIdentity, sendOptionsCollection } from '../../../../../core/sendKey';
import { parseRecipientList } from '../../../../../core/recipients';
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
import { messageTextProperty } from './sendToContacts.operation';

/**
 * The sends that address an audience rather than recipients: one call per item.
 * - Send to Lists: `POST /push/v1/messageList/{id}/send`
 * - Send to Tags:  `POST /push/v1/messageTag/{id}/send`
 * - Send to App:   `POST /push/v1/messageApp/{id}/send` (every user of the app)
 */
type Kind = 'sendToLists' | 'sendToTags' | 'sendToApp';

const route: Record<Kind, string> = {
	sendToLists: 'messageList',
	sendToTags: 'messageTag',
	sendToApp: 'messageApp',
};

const listProperties: INodeProperties[] = [
	{
		displayName: 'Inclusion List IDs',
		name: 'inclusionListIds',
		type: 'string',
		default: '',
		required: true,
		description: 'Comma-separated IDs of the lists to send to',
	},
	{
		displayName: 'Exclusion List IDs',
		name: 'exclusionListIds',
		type: 'string',
		default: '',
		description: 'Comma-separated IDs of lists whose contacts do not get this send',
	},
	{
		displayName: 'Inclusion Data Extension Keys',
		name: 'inclusionDataExtensionIds',
		type: 'string',
		default: '',
		description: 'Comma-separated external keys',
	},
	{
		displayName: 'Exclusion Data Extension Keys',
		name: 'exclusionDataExtensionIds',
		type: 'string',
		default: '',
		description:
			'Comma-separated external keys of data extensions whose contacts do not get this send',
	},
];

const specific: Record<Kind, INodeProperties[]> = {
	sendToLists: listProperties,
	sendToTags: tagProperties(true),
	sendToApp: [],
};

export const descriptionFor = (kind: Kind) =>
	updateDisplayOptions({ show: { resource: ['send'], operation: [kind] } }, [
		messageIdProperty,
		...specific[kind],
		messageTextProperty,
		sendTimeProperty,
		overrideOptions,
		sendOptionsCollection,
	]);

function audience(kind: Kind, reader: ParameterReader, itemIndex: number): IDataObject {
	const list = (name: string) => parseRecipientList(reader.get(name, itemIndex, ''));
	if (kind === 'sendToLists') {
		const body: IDataObject = { inclusionListIds: list('inclusionListIds') };
		if ((body.inclusionListIds as string[]).length === 0)
			throw new Error('Inclusion List IDs is empty');
		if (list('exclusionListIds').length) body.exclusionListIds = list('exclusionListIds');
		if (list('inclusionDataExtensionIds').length)
			body.InclusionDataExtensionIds = list('inclusionDataExtensionIds');
		if (list('exclusionDataExtensionIds').length)
			body.ExclusionDataExtensionIds = list('exclusionDataExtensionIds');
		return body;
	}
	if (kind === 'sendToTags') {
		const inclusion = tagsOf(reader, 'inclusionTags', itemIndex);
		if (inclusion.length === 0) throw new Error('Inclusion Tags is empty');
		const exclusion = tagsOf(reader, 'exclusionTags', itemIndex);
		return exclusion.length
			? { InclusionTags: inclusion, ExclusionTags: exclusion }
			: { InclusionTags: inclusion };
	}
	return {};
}

export function executorFor(kind: Kind) {
	return async function (
		this: IExecuteFunctions,
		transport: SfmcTransport,
	): Promise<INodeExecutionData[]> {
		const reader = new ParameterReader(this);
		return await validateThenRun(
			this,
			(itemIndex) => {
				const to = audience(kind, reader, itemIndex);
				return {
					messageId: messageIdOf(reader.get('messageId', itemIndex)),
					audience: to,
					body: { ...to, ...readOverrides(reader, itemIndex) },
				};
			},
			async ({ messageId, body }, itemIndex) => {
				const response = (await transport.call(
					{
						method: 'POST',
						url: `/push/v1/${route[kind]}/${encodeURIComponent(messageId)}/send`,
						body,
					},
					[itemIndex],
					'Marketing Cloud refused the send',
				)) as { tokenId?: string };
				return { status: 'sent', messageId, sendKind: route[kind], tokenId: response?.tokenId };
			},
			{
				...readSendKeys(reader, 'sendOptions'),
				identify: ({ messageId, audience: to, body }) =>
					sendIdentity({ kind, to }, { messageId, body }),
			},
		);
	};
}
