import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { parseConnectionString } from '../nodes/AzureNotificationHubs/protocol/connectionString';
import { SAS_LIFETIME_SECONDS, sasToken } from '../nodes/AzureNotificationHubs/protocol/sas';

/**
 * Azure Notification Hubs: every request is signed with a fresh Shared Access Signature made
 * from the connection string's key, for the namespace root (as the official SDKs sign).
 */
export class AzureNotificationHubsApi implements ICredentialType {
	name = 'azureNotificationHubsApi';

	displayName = 'Azure Notification Hubs API';

	icon = {
		light: 'file:../nodes/AzureNotificationHubs/azureNotificationHubs.svg',
		dark: 'file:../nodes/AzureNotificationHubs/azureNotificationHubs.dark.svg',
	} as const;

	documentationUrl = 'https://learn.microsoft.com/en-us/rest/api/notificationhubs/common-concepts';

	properties: INodeProperties[] = [
		// The connection string holds the SharedAccessKey, so it is masked like a password.
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
		{
			displayName: 'Connection String',
			name: 'connectionString',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder:
				'Endpoint=sb://my-namespace.servicebus.windows.net/;SharedAccessKeyName=DefaultFullSharedAccessSignature;SharedAccessKey=…',
			description:
				'Azure portal → your notification hub → Settings → Access Policies → a policy → Connection String. DefaultFullSharedAccessSignature (Listen, Manage, Send) serves every operation; a Send-only policy is enough for sending.',
		},
		{
			displayName: 'Hub Name',
			name: 'hubName',
			type: 'string',
			default: '',
			required: true,
			description: 'The notification hub’s name (not the namespace’s)',
		},
	];

	/**
	 * Signs the namespace root (`https://{namespace}.servicebus.windows.net/`), as the official
	 * JS SDK does: n8n passes `baseURL`, `url` and `qs` separately, and a token for the root is
	 * valid for every URL below it, so the signature does not depend on how they are joined.
	 * A fresh token per request: nothing to cache or refresh.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const { endpoint, keyName, key } = parseConnectionString(
			credentials.connectionString as string,
		);
		const expiresAt = Math.floor(Date.now() / 1000) + SAS_LIFETIME_SECONDS;
		return {
			...requestOptions,
			headers: {
				...(requestOptions.headers ?? {}),
				Authorization: sasToken(endpoint, keyName, key, expiresAt),
				'x-ms-version': '2020-06',
			},
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ $credentials.connectionString.match(/Endpoint=([^;]+)/i)[1].trim().replace(/^sb:\\/\\//i, "https://").replace(/\\/?$/, "/") }}',
			url: '={{ encodeURIComponent($credentials.hubName) + "/registrations/?$top=1&api-version=2020-06" }}',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'The key was refused. Check the connection string. This test reads the hub’s registrations, which needs the Manage right (DefaultFullSharedAccessSignature has it); a Send-only policy fails this test but can still send.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: 'No hub of that name in this namespace: check Hub Name.',
				},
			},
		],
	};
}
