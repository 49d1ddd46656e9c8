/**
 * What the node puts on the wire for a Direct Batch Send, recorded by the emulator, equals what
 * the official SDK sends for the same notification and handles: body bytes (boundary aside),
 * format and platform headers, and a SAS that the emulator verified.
 */
import {
	createAppleNotification,
	createFcmV1Notification,
	createWindowsRawNotification,
	createWindowsToastNotification,
	type Notification,
} from '@azure/notification-hubs';

import { AzureNotificationHubsApi } from '../../../packages/azure-notification-hubs/credentials/AzureNotificationHubsApi.credentials';
import { AzureNotificationHubs } from '../../../packages/azure-notification-hubs/nodes/AzureNotificationHubs/AzureNotificationHubs.node';
import { createAzureEmulator } from '../../emulators/azure';
import { boundaryOf, sdkRequest } from '../../helpers/azure-sdk';
import { createExecuteContext } from '../../helpers/execute-context';

const hub = createAzureEmulator();
beforeAll(() => hub.start());
afterAll(() => hub.stop());
beforeEach(() => hub.reset());

const handles = ['tokA', 'tokB', 'tok"C'];
const toast =
	'<toast><visual><binding template="ToastGeneric"><text>Hi &amp; bye</text></binding></visual></toast>';

it.each<[string, Record<string, unknown>, Notification]>([
	[
		'apple, built from fields, with APNs headers',
		{
			platform: 'apple',
			payloadMode: 'builder',
			title: 'Hi',
			body: 'There',
			apnsHeaders: { 'apns-push-type': 'alert', 'apns-priority': '10' },
		},
		createAppleNotification({
			body: '{"aps":{"alert":{"title":"Hi","body":"There"}}}',
			headers: { 'apns-push-type': 'alert', 'apns-priority': '10' },
		}),
	],
	[
		'fcmv1, raw',
		{
			platform: 'fcmv1',
			payloadMode: 'raw',
			rawPayload: '{"message":{"notification":{"title":"t","body":"b"}}}',
		},
		createFcmV1Notification({ body: '{"message":{"notification":{"title":"t","body":"b"}}}' }),
	],
	[
		'windows toast, raw XML',
		{ platform: 'windows', wnsType: 'wns/toast', payloadMode: 'raw', rawPayload: toast },
		createWindowsToastNotification({ body: toast }),
	],
	[
		'windows raw',
		{ platform: 'windows', wnsType: 'wns/raw', payloadMode: 'raw', rawPayload: 'raw bytes ✓' },
		createWindowsRawNotification({ body: 'raw bytes ✓' }),
	],
])('%s: the node sends the SDK’s bytes', async (_name, parameters, sdkNotification) => {
	const ctx = createExecuteContext({
		items: [{}],
		parameters: {
			resource: 'notification',
			operation: 'directBatchSend',
			deviceHandles: handles,
			message: {},
			apnsHeaders: {},
			wnsHeaders: {},
			options: {},
			...parameters,
		},
		credentials: {
			azureNotificationHubsApi: {
				type: new AzureNotificationHubsApi(),
				data: hub.sandboxCredential(),
			},
		},
	});
	await new AzureNotificationHubs().execute.call(ctx);
	const [ours] = hub.recorded();
	expect(ours.status).toBe(201);
	const sdk = await sdkRequest(sdkNotification, handles);

	const oursBoundary = boundaryOf(String(ours.headers['content-type']));
	expect(ours.body.toString('utf8').split(oursBoundary).join('BOUNDARY')).toBe(
		sdk.body.split(boundaryOf(sdk.headers['content-type'])).join('BOUNDARY'),
	);
	const compared = [
		'servicebusnotification-format',
		'x-wns-type',
		'apns-push-type',
		'apns-priority',
		'x-ms-version',
	];
	expect(Object.fromEntries(compared.map((name) => [name, ours.headers[name]]))).toEqual(
		Object.fromEntries(compared.map((name) => [name, sdk.headers[name]])),
	);
});
