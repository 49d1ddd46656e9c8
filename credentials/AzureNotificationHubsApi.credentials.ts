import type { ICredentialDataDecryptedObject, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { parseConnectionString } from '../nodes/AzureNotificationHubs/protocol/connectionString';
import { SAS_LIFETIME_SECONDS, sasToken } from '../nodes/AzureNotificationHubs/protocol/sas';

/**
 * Azure Notification Hubs: every request is signed with a fresh Shared Access Signature made
 * from the connection string's key, for the namespace root (as the official SDKs sign).
 */
export class AzureNotificationHubsApi implements ICredentialType {
	name = 'azureNotificationHubsApi';

	displayName = 'Azure Notification Hubs API';

	icon = { light: 'file:../nodes/AzureNotificationHubs/azureNotificationHubs.svg', dark: 'file:../nodes/AzureNotificationHubs/azureNotificationHubs.dark.svg' } as const;

	documentationUrl = 'https://learn.microsoft.com/en-us/rest/api/notificationhubs/common-concepts';

	properties: INodeProperties[] = [
		{
			displayName: 'Connection String',
			name: 'connectionString',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'Endpoint=sb://my-namespace.servicebus.windows.net/;SharedAccessKeyName=DefaultFullSharedAccessSignature;SharedAccessKey=…',
			description:
				'Azure portal → your notification hub → Access Policies → a policy → Connection String. DefaultFullSharedAccessSignature (Listen, Manage, Send) serves every operation.',
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

	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const { endpoint, keyName, key } = parseConnectionString(credentials.connectionString as string);
		const expiresAt = Math.floor(Date.now() / 1000) + SAS_LIFETIME_SECONDS;
		return {
			...requestOptions,
			headers: { ...(requestOptions.headers ?? {}), Authorization: sasToken(endpoint, keyName, key, expiresAt), 'x-ms-version': '2020-06' },
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.connectionString.match(/Endpoint=([^;]+)/i)[1].trim().replace(/^sb:\\/\\//i, "https://").replace(/\\/?$/, "/") }}',
			url: '={{ encodeURIComponent($credentials.hubName) + "/registrations/?$top=1&api-version=2020-06" }}',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: { value: 401, message: 'The key was refused: check the connection string (a policy with Listen or Manage rights is needed for this test).' },
			},
			{ type: 'responseCode', properties: { value: 404, message: 'No hub of that name in this namespace: check Hub Name.' } },
		],
	};
}
