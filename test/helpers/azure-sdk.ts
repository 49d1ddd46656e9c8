/**
 * The official @azure/notification-hubs SDK (a devDependency) as a test oracle: it "sends"
 * through a fake HTTP client, and the request it would have put on the wire is returned.
 */
import {
	NotificationHubsClient,
	type Notification as SdkNotification,
} from '@azure/notification-hubs';

export const connectionString =
	'Endpoint=sb://myns.servicebus.windows.net/;SharedAccessKeyName=DefaultFullSharedAccessSignature;SharedAccessKey=abc123+/=';

export interface Captured {
	url: string;
	headers: Record<string, string>;
	body: string;
}

/** Sends with the SDK through a fake HTTP client and returns what it would have put on the wire. */
export async function sdkRequest(
	notification: SdkNotification,
	deviceHandle: string[],
	connection = connectionString,
	hubName = 'myhub',
): Promise<Captured> {
	let captured: Captured | undefined;
	const responseHeaders = new Map<string, string>();
	const httpClient = {
		sendRequest: async (request: {
			url: string;
			headers: { toJSON(): Record<string, string> };
			body?: unknown;
		}) => {
			captured = {
				url: request.url,
				headers: request.headers.toJSON(),
				body: String(request.body),
			};
			return {
				status: 201,
				request,
				headers: {
					get: (name: string) => responseHeaders.get(name.toLowerCase()),
					has: (name: string) => responseHeaders.has(name.toLowerCase()),
					set: (name: string, value: string) => responseHeaders.set(name.toLowerCase(), value),
					delete: (name: string) => responseHeaders.delete(name.toLowerCase()),
					toJSON: () => Object.fromEntries(responseHeaders),
					[Symbol.iterator]: () => responseHeaders.entries(),
				},
			};
		},
	};
	const client = new NotificationHubsClient(connection, hubName, { httpClient } as never);
	await client.sendNotification(notification, { deviceHandle });
	if (!captured) throw new Error('the SDK sent nothing');
	return captured;
}

/** The boundary of an SDK request's Content-Type (`multipart/mixed; boundary = "…"`). */
export const boundaryOf = (contentType: string) =>
	/boundary = "([^"]+)"/.exec(contentType)?.[1] as string;
