/**
 * The official @azure/notification-hubs SDK as the oracle: our SAS tokens and multipart bodies
 * must be byte for byte what it sends (the random boundary aside).
 */
import {
	createAppleNotification,
	createFcmV1Notification,
	createWindowsRawNotification,
	createWindowsToastNotification,
	type Notification as SdkNotification,
} from '@azure/notification-hubs';

import { AzureNotificationHubsApi } from '../../../packages/azure-notification-hubs/credentials/AzureNotificationHubsApi.credentials';
import { batchBody } from '../../../packages/azure-notification-hubs/nodes/AzureNotificationHubs/protocol/multipart';
import {
	buildPayload,
	makeNotification,
} from '../../../packages/azure-notification-hubs/nodes/AzureNotificationHubs/protocol/platforms';
import { sasToken } from '../../../packages/azure-notification-hubs/nodes/AzureNotificationHubs/protocol/sas';
import { boundaryOf, connectionString, sdkRequest } from '../../helpers/azure-sdk';

describe('multipart bodies equal the official SDK’s', () => {
	const handles = ['tokA', 'tokB', 'tok"C'];

	it.each([
		[
			'apple',
			createAppleNotification({
				body: '{"aps":{"alert":"Hi"}}',
				headers: { 'apns-priority': '10', 'apns-push-type': 'alert' },
			}),
			makeNotification('apple', Buffer.from('{"aps":{"alert":"Hi"}}'), {
				'apns-priority': '10',
				'apns-push-type': 'alert',
			}),
		],
		[
			'fcmv1',
			createFcmV1Notification({ body: '{"message":{"notification":{"title":"t","body":"b"}}}' }),
			makeNotification(
				'fcmv1',
				Buffer.from('{"message":{"notification":{"title":"t","body":"b"}}}'),
				{},
			),
		],
		[
			'windows toast',
			createWindowsToastNotification({
				body: '<toast><visual><binding template="ToastGeneric"><text>Hi</text></binding></visual></toast>',
			}),
			makeNotification(
				'windows',
				Buffer.from(
					'<toast><visual><binding template="ToastGeneric"><text>Hi</text></binding></visual></toast>',
				),
				{},
				'wns/toast',
			),
		],
		[
			'windows raw',
			createWindowsRawNotification({ body: 'raw bytes ✓' }),
			makeNotification('windows', Buffer.from('raw bytes ✓'), {}, 'wns/raw'),
		],
	])('%s', async (_name, sdkNotification, ours) => {
		const sdk = await sdkRequest(sdkNotification as SdkNotification, handles);
		const boundary = boundaryOf(sdk.headers['content-type']);
		expect(batchBody(boundary, ours.contentType, ours.body, handles).toString('utf8')).toBe(
			sdk.body,
		);
		expect(sdk.headers['servicebusnotification-format']).toBe(ours.platform);
		for (const [name, value] of Object.entries(ours.headers))
			expect(sdk.headers[name.toLowerCase()]).toBe(value);
	});
});

describe('SAS tokens', () => {
	it('match the documented test vector', () => {
		expect(
			sasToken(
				'https://myns.servicebus.windows.net/',
				'DefaultFullSharedAccessSignature',
				'abc123+/=',
				1700000000,
			),
		).toBe(
			'SharedAccessSignature sr=https%3A%2F%2Fmyns.servicebus.windows.net%2F&sig=oj%2FBrc5kvL28H5hEesdGae4GexlgLiRUV7ysxdz4tKY%3D&se=1700000000&skn=DefaultFullSharedAccessSignature',
		);
	});

	it('the credential signs each request exactly as the SDK does at the same moment', async () => {
		const now = Date.now();
		const spy = jest.spyOn(Date, 'now').mockReturnValue(now);
		try {
			const sdk = await sdkRequest(createAppleNotification({ body: '{"aps":{"alert":"Hi"}}' }), [
				'tokA',
			]);
			const signed = await new AzureNotificationHubsApi().authenticate(
				{ connectionString, hubName: 'myhub' },
				{
					url: 'myhub/messages/$batch',
					baseURL: 'https://myns.servicebus.windows.net/',
					headers: {},
				},
			);
			expect((signed.headers as Record<string, string>).Authorization).toBe(
				sdk.headers.authorization,
			);
			expect((signed.headers as Record<string, string>)['x-ms-version']).toBe(
				sdk.headers['x-ms-version'],
			);
		} finally {
			spy.mockRestore();
		}
	});
});

describe('the builder’s payloads are what the platforms document', () => {
	it('APNs: alert with title and body beside custom data', () => {
		expect(
			JSON.parse(
				buildPayload('apple', {
					title: 'T',
					body: 'B',
					badge: 3,
					sound: 'default',
					mutableContent: true,
					data: { orderId: 42 },
				}),
			),
		).toEqual({
			aps: { alert: { title: 'T', body: 'B' }, badge: 3, sound: 'default', 'mutable-content': 1 },
			orderId: 42,
		});
	});

	it('FCM v1: the message envelope, with data values as strings', () => {
		expect(
			JSON.parse(
				buildPayload('fcmv1', {
					title: 'T',
					body: 'B',
					androidPriority: 'high',
					data: { n: 1, s: 'x' },
				}),
			),
		).toEqual({
			message: {
				notification: { title: 'T', body: 'B' },
				android: { priority: 'high' },
				data: { n: '1', s: 'x' },
			},
		});
	});

	it('WNS toast: escaped XML text', () => {
		expect(buildPayload('windows', { title: 'A & B', body: '<1>', wnsType: 'wns/toast' })).toBe(
			'<toast><visual><binding template="ToastGeneric"><text>A &amp; B</text><text>&lt;1&gt;</text></binding></visual></toast>',
		);
	});
});
