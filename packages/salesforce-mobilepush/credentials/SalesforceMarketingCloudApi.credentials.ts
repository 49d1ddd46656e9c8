import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import {
	authBaseUrl,
	normaliseRestUrl,
	restBaseFromAuthBase,
	tokenRequestBody,
} from '../nodes/SalesforceMobilePush/protocol/urls';

/**
 * Marketing Cloud server-to-server OAuth: the client-credentials token is fetched once
 * (`preAuthentication`), stored with the tenant's REST base in hidden fields, reused by every
 * request and execution, and fetched again only when Marketing Cloud answers 401.
 */
export class SalesforceMarketingCloudApi implements ICredentialType {
	name = 'salesforceMarketingCloudApi';

	displayName = 'Salesforce Marketing Cloud API';

	icon = {
		light: 'file:../nodes/SalesforceMobilePush/salesforceMobilePush.svg',
		dark: 'file:../nodes/SalesforceMobilePush/salesforceMobilePush.dark.svg',
	} as const;

	documentationUrl =
		'https://developer.salesforce.com/docs/marketing/marketing-cloud/guide/access-token-s2s.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Subdomain',
			name: 'subdomain',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'mc563885gzs27c5t9-63k636tzgm',
			description:
				'The 28-character tenant subdomain, or the whole Authentication Base URI from Setup → Installed Packages → your package → API Integration',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description:
				'Setup → Installed Packages → your package → API Integration (Server-to-Server) → Client ID',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Setup → Installed Packages → your package → API Integration (Server-to-Server) → Client Secret',
		},
		{
			displayName: 'Account ID (MID)',
			name: 'accountId',
			type: 'string',
			default: '',
			description:
				'The MID of the business unit to work in; empty means the one that owns the package',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: '',
			placeholder: 'push_read push_write push_send',
			description: 'Space-separated scopes to ask for; empty means every scope the package has',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{ displayName: 'REST Base URL', name: 'restInstanceUrl', type: 'hidden', default: '' },
	];

	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		let response: { access_token: string; rest_instance_url?: string };
		try {
			response = (await this.helpers.httpRequest({
				method: 'POST',
				url: `${authBaseUrl(credentials.subdomain as string)}/v2/token`,
				headers: { 'Content-Type': 'application/json' },
				body: tokenRequestBody({
					clientId: credentials.clientId as string,
					clientSecret: credentials.clientSecret as string,
					accountId: credentials.accountId as string,
					scope: credentials.scope as string,
				}),
				json: true,
			})) as { access_token: string; rest_instance_url?: string };
		} catch (error) {
			throw tokenRefusal(error);
		}
		return {
			accessToken: response.access_token,
			restInstanceUrl:
				normaliseRestUrl(response.rest_instance_url ?? '') ||
				restBaseFromAuthBase(credentials.subdomain as string),
		};
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		// The REST base is tenant-specific and only known from the token response.
		const baseURL = (credentials.restInstanceUrl as string) || requestOptions.baseURL;
		return {
			...requestOptions,
			baseURL,
			headers: {
				...(requestOptions.headers ?? {}),
				Authorization: `Bearer ${credentials.accessToken as string}`,
			},
		};
	}

	test: ICredentialTestRequest = {
		request: {
			url: '/push/v1/message?$pageSize=1',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'invalid_client: Client authentication failed. Make sure that the client ID and client secret are valid and that the package is installed and enabled. Check Client ID and Client Secret against Setup → Apps → Installed Packages → your package → API Integration, and Account ID (MID) against a business unit the package is installed in.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'The token works but lacks push_read: add the MobilePush scopes (push_read, push_write, push_send) to the installed package.',
				},
			},
		],
	};
}

/**
 * A refused token request (4xx: a wrong client ID or secret, a scope the package lacks) as an
 * error whose message is Salesforce's answer and whose `tokenRefusal` holds its status and body
 * for the node's transport, with no status where n8n looks: n8n asks for a token once more on any
 * 401 it sees (`response.status`), and the same client ID and secret would only be refused again;
 * and a status n8n reads (`httpCode`, `status`) would replace the message with its generic one in
 * the credential test. Anything else (no answer, a 5xx) is passed on as it came.
 */
function tokenRefusal(error: unknown): unknown {
	const response = (error as { response?: { status?: unknown; data?: unknown } } | null)?.response;
	const status = Number(response?.status);
	if (!(status >= 400 && status < 500)) return error;
	const body = response?.data as { error?: unknown; error_description?: unknown } | undefined;
	const said =
		typeof body?.error === 'string'
			? ` ${body.error}${typeof body.error_description === 'string' ? `: ${body.error_description}` : ''}`
			: '';
	return Object.assign(new Error(`Marketing Cloud refused the token request: ${status}${said}`), {
		tokenRefusal: { status, body: response?.data },
	});
}
