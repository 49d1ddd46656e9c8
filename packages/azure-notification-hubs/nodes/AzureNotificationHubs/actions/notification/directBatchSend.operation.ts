import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runBulkSend } from '../../../../../core/bulkSend';
import { ParameterReader } from '../../../../../core/parameters';
import { parseRecipientList } from '../../../../../core/recipients';
import { bulkOptionsProperty, readBulkOptions } from '../../../../../core/bulkOptions';
import { recipientsJson, type PackedRequest } from '../../../../../core/packing';
import { buildBatchBody, type BatchRequestBody } from '../../protocol/multipart';
import {
	BATCH_PLATFORMS,
	notificationKey,
	PLATFORM_NAMES,
	type Notification,
} from '../../protocol/platforms';
import { sendIds, type HubTransport } from '../../transport';
import { platformOf, readNotification } from './fields';

/** Direct Batch Send takes at most 1,000 device handles a request. */
export const MAX_HANDLES = 1000;

const LIMITS = {
	maxBatchSize: MAX_HANDLES,
	recipients: 'device handles',
	serviceLimit: 'Azure allows 1,000',
	concurrency: 4,
	maxConcurrency: 32,
};

const properties: INodeProperties[] = [
	{
		displayName: 'Device Handles',
		name: 'deviceHandles',
		type: 'string',
		default: '',
		required: true,
		placeholder: '={{ $json.deviceToken }}',
		description:
			'The PNS handles (APNs device tokens, FCM registration tokens, WNS channel URIs) of this item: one, an array (or a JSON array as text), or a list separated by commas, semicolons or new lines',
	},
	{
		displayName:
			'Items with the same notification are sent together, up to 1,000 device handles a request. Browser (web push) subscriptions cannot be batch-sent: use Direct Send.',
		name: 'batchNotice',
		type: 'notice',
		default: '',
	},
];

const show = { show: { resource: ['notification'], operation: ['directBatchSend'] } };
export const description = updateDisplayOptions(show, properties);
/** After the notification's fields, as options go in n8n's own nodes. */
export const options = updateDisplayOptions(show, [bulkOptionsProperty('options', LIMITS)]);

export async function execute(
	this: IExecuteFunctions,
	transport: HubTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	const items = this.getInputData();
	const handlesOf = (itemIndex: number) =>
		parseRecipientList(reader.get('deviceHandles', itemIndex, ''));

	// Items share a Notification object when their notifications are identical, so grouping
	// keys and bodies are computed once per distinct notification.
	const distinct = new Map<string, Notification>();
	// Each request's bytes are built once; a retry sends the same bytes again.
	const bodies = new WeakMap<PackedRequest<Notification>, BatchRequestBody>();
	const bodyOf = (request: PackedRequest<Notification>) => {
		let built = bodies.get(request);
		if (!built) {
			// The handles' JSON array, made once for the body and a Send Key's digest.
			built = buildBatchBody(
				request.group.contentType,
				request.group.body,
				recipientsJson(request),
			);
			bodies.set(request, built);
		}
		return built;
	};
	return await runBulkSend<Notification>(this, items.length, {
		prepare(itemIndex) {
			// Read, checked and keyed once when no notification field differs between items.
			const { fresh, key } = reader.sameForAllItems('notification', () => {
				const fresh = readNotification(reader, itemIndex);
				if (!BATCH_PLATFORMS.includes(fresh.platform)) {
					throw new Error(
						`Direct Batch Send cannot send to ${PLATFORM_NAMES[fresh.platform]}; use Direct Send for browser subscriptions and Send for templates`,
					);
				}
				return { fresh, key: notificationKey(fresh) };
			});
			const notification = distinct.get(key) ?? fresh;
			distinct.set(key, notification);
			const recipients = handlesOf(itemIndex);
			if (recipients.length === 0)
				throw new Error('No device handles: Device Handles is empty for this item');
			return [{ itemIndex, groupKey: key, group: notification, recipients }];
		},
		recipientsOf: (itemIndex) => [{ recipients: handlesOf(itemIndex) }],
		...readBulkOptions(reader, 'options', LIMITS),
		retry: transport.retry,
		send(request) {
			const { contentType, body } = bodyOf(request);
			return transport.send({
				method: 'POST',
				path: 'messages/$batch',
				query: 'direct',
				headers: {
					...request.group.headers,
					'ServiceBusNotification-Format': request.group.platform,
					'Content-Type': contentType,
				},
				body,
			});
		},
		accept: (_request, response) => ({ ids: sendIds(response) }),
		reject: (_request, response, itemIndexes) =>
			transport.reject(response, itemIndexes, 'Azure refused the batch'),
		describeItem: (itemIndex) => ({ platform: platformOf(reader, itemIndex) }),
	});
}
