import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runBulkSend } from '../../../../../core/bulkSend';
import { inputError } from '../../../../../core/errors';
import type { Unit } from '../../../../../core/packing';
import { ParameterReader } from '../../../../../core/parameters';
import { parseRecipientList } from '../../../../../core/recipients';
import { bulkOptionsProperty, readBulkOptions } from '../../../../../core/bulkOptions';
import {
	buildTransactionalMessage,
	canonicalJson,
	checkTransactionalJson,
	RECIPIENT_KINDS,
	TRANSACTIONAL_MAX_RECIPIENTS,
	transactionalBody,
	type RecipientKind,
} from '../../protocol/transactional';
import type { BatchTransport } from '../../transport';
import {
	buildFor,
	defineBodyProperty,
	jsonObject,
	messageOptionProperties,
	readMessageOptions,
} from '../fields';

const LIMITS = {
	maxBatchSize: TRANSACTIONAL_MAX_RECIPIENTS,
	recipients: 'recipients',
	serviceLimit: 'Batch allows 10,000',
	concurrency: 4,
	maxConcurrency: 16,
};

const RECIPIENT_FIELDS: Record<RecipientKind, string> = {
	custom_ids: 'customIds',
	tokens: 'devices',
	install_ids: 'installIds',
};

const properties: INodeProperties[] = [
	{
		displayName:
			'Batch sends to each app separately: the API key in the credential decides which app (and platform) receives these notifications. Up to 10,000 recipients go in one call; items with the same message share calls.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Custom IDs',
		name: 'customIds',
		type: 'string',
		default: '',
		placeholder: '={{ $json.userId }}',
		description: 'Custom user IDs set by your app: one value, an array, or a comma-separated list',
	},
	{
		displayName: 'Tokens',
		name: 'devices',
		type: 'string',
		default: '',
		description: 'Push tokens: one value, an array, or a comma-separated list',
	},
	{
		displayName: 'Install IDs',
		name: 'installIds',
		type: 'string',
		default: '',
		description: 'Batch installation IDs: one value, an array, or a comma-separated list',
	},
	defineBodyProperty('Message'),
	{
		displayName: 'Message JSON',
		name: 'messageJson',
		type: 'json',
		default:
			'{\n  "group_id": "welcome",\n  "message": { "title": "Hello", "body": "Welcome!" }\n}',
		displayOptions: { show: { define: ['json'] } },
		description:
			'The body of transactional/send without "recipients" (they come from the fields above)',
	},
	{
		displayName: 'Group ID',
		name: 'groupId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'order_shipped',
		displayOptions: { show: { define: ['fields'] } },
		description:
			'Groups sends for analytics (not unique): 1-128 characters of a-z, A-Z, 0-9, _ and -',
	},
	{
		displayName: 'Title',
		name: 'title',
		description: "The notification's title",
		type: 'string',
		default: '',
		displayOptions: { show: { define: ['fields'] } },
	},
	{
		displayName: 'Body',
		name: 'body',
		description: "The notification's text",
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		displayOptions: { show: { define: ['fields'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { define: ['fields'] } },
		options: messageOptionProperties,
	},
	bulkOptionsProperty('sendOptions', LIMITS),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['transactional'], operation: ['send'] } },
	properties,
);

interface SendGroup {
	kind: RecipientKind;
	message: Record<string, unknown>;
}

export async function execute(
	this: IExecuteFunctions,
	transport: BatchTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	const node = this.getNode();
	const recipientsOf = (itemIndex: number) =>
		RECIPIENT_KINDS.map((kind) => ({
			kind,
			recipients: buildFor(node, itemIndex, () =>
				parseRecipientList(reader.get(RECIPIENT_FIELDS[kind], itemIndex, '')),
			),
		}));
	const messageOf = (itemIndex: number) =>
		buildFor(
			node,
			itemIndex,
			() =>
				reader.get<string>('define', itemIndex, 'fields') === 'json'
					? checkTransactionalJson(
							jsonObject(reader.get('messageJson', itemIndex), 'The message JSON'),
						)
					: buildTransactionalMessage({
							groupId: reader.get<string>('groupId', itemIndex, ''),
							title: reader.get<string>('title', itemIndex, ''),
							body: reader.get<string>('body', itemIndex, ''),
							options: readMessageOptions(
								reader.get<Record<string, unknown>>('options', itemIndex, {}),
							),
						}),
			'Give a group ID and a message body; recipients go in the Custom IDs, Tokens or Install IDs fields.',
		);

	// Items with equal messages share one canonical key (and one message object, so 100,000
	// items with one message hold one copy).
	const messages = new Map<string, Record<string, unknown>>();

	return await runBulkSend<SendGroup>(this, this.getInputData().length, {
		prepare: (itemIndex) => {
			// Built and keyed once when no message field differs between items.
			const { message, key } = reader.sameForAllItems('message', () => {
				const built = messageOf(itemIndex);
				return { message: built, key: canonicalJson(built) };
			});
			const shared = messages.get(key) ?? message;
			messages.set(key, shared);
			const lists = recipientsOf(itemIndex);
			const total = lists.reduce((sum, list) => sum + list.recipients.length, 0);
			if (total === 0) {
				throw inputError(
					node,
					'The item has no recipients',
					itemIndex,
					'Fill Custom IDs, Tokens or Install IDs (an expression such as {{ $json.userId }}).',
				);
			}
			const units: Array<Unit<SendGroup>> = [];
			for (const { kind, recipients } of lists) {
				if (recipients.length)
					units.push({
						itemIndex,
						groupKey: `${kind}\n${key}`,
						group: { kind, message: shared },
						recipients,
						label: RECIPIENT_FIELDS[kind],
					});
			}
			return units;
		},
		recipientsOf: (itemIndex) =>
			recipientsOf(itemIndex).map(({ kind, recipients }) => ({
				label: RECIPIENT_FIELDS[kind],
				recipients,
			})),
		...readBulkOptions(reader, 'sendOptions', LIMITS),
		retry: transport.retry,
		send: (request) =>
			transport.send({
				method: 'POST',
				url: transport.appPath('1.1', 'transactional/send'),
				body: transactionalBody(
					request.group.message,
					request.group.kind,
					request.segments.length === 1
						? request.segments[0].recipients
						: request.segments.flatMap((segment) => segment.recipients),
				),
			}),
		accept: (request, response) => {
			const token = (response.body as IDataObject | undefined)?.token;
			return {
				ids: {
					token: typeof token === 'string' ? token : undefined,
					recipientType: request.group.kind,
				},
			};
		},
		reject: (_request, response, itemIndexes) =>
			transport.reject(response, itemIndexes, 'Batch refused the transactional send'),
	});
}
