import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import {
	DEFAULT_PROJECT_API_VERSION,
	routeApiVersion,
} from '../nodes/BatchCom/protocol/projectApi';

/**
 * Batch.com: the REST API key authenticates both API families, in different headers.
 * 1.x routes (`/1.1/{apiKey}/…`, `/1.0/{apiKey}/…`) take it as `X-Authorization`; the
 * project routes (`/2.x/…`) as `Authorization: Bearer` with the project key in
 * `X-Batch-Project`. The route's version segment decides, so one credential serves both.
 */
export class BatchApi implements ICredentialType {
	name = 'batchApi';

	displayName = 'Batch.com API';

	icon = {
		light: 'file:../nodes/BatchCom/batchCom.svg',
		dark: 'file:../nodes/BatchCom/batchCom.dark.svg',
	} as const;

	documentationUrl = 'https://doc.batch.com/developer/api';

	properties: INodeProperties[] = [
		{
			displayName: 'REST API Key',
			name: 'restApiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Batch dashboard → ⚙ Settings → General → REST API key. Only managers can see it.',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'For the MEP operations (Campaign, Custom Data and Transactional, the 1.x APIs): the Live (or Dev) API key of the app, or the SDK API key of the website, from ⚙ Settings → General. It goes in the URL. Each platform has its own key.',
		},
		{
			displayName: 'Project Key',
			name: 'projectKey',
			type: 'string',
			default: '',
			placeholder: 'project_0664hxvwffvbpn278gxdyhsadddqgna6',
			description:
				'For the CEP operations (Campaign (CEP) and Profile, the project API 2.x): the project key, from ⚙ Settings → General of the project. With it, the credential test checks the REST API key against this project.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.batch.com',
			description: 'Leave as is; change only to reach a local emulator, e.g. http://127.0.0.1:8080',
		},
	];

	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		return {
			...requestOptions,
			headers: {
				...(requestOptions.headers ?? {}),
				...batchAuthHeaders(credentials, requestOptions.url),
			},
		};
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			// With a project key, a read-only CEP route proves the REST key for that project
			// (CEP accounts may have no MEP API); without one, the MEP route proves both keys.
			url: `={{ $credentials.projectKey ? "/${DEFAULT_PROJECT_API_VERSION}/orchestrations/list" : "/1.1/" + $credentials.apiKey + "/campaigns/list" }}`,
			qs: { limit: 1 },
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Batch: "Authentication invalid". Copy the keys again from the Batch dashboard, ⚙ Settings → General: with a project key, the REST API key and the project key (the REST key must be valid for that project); without one, the REST API key and the Live API key.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'Batch: "Route not found" (code 20) — without a project key, the API key is not one of this company\'s apps. Use the Live API key from ⚙ Settings → General, or give the project key for CEP.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Batch refused the keys (API misuse): without a project key, the Campaigns API needs a Pro plan and the Live API key. Check ⚙ Settings → General.',
				},
			},
		],
	};
}

/** The headers one route needs. Throws (without any key in the text) when a 2.x route has no project key. */
export function batchAuthHeaders(
	credentials: ICredentialDataDecryptedObject,
	url: string,
): Record<string, string> {
	const restApiKey = String(credentials.restApiKey ?? '').trim();
	if (routeApiVersion(url) === 2) {
		const projectKey = String(credentials.projectKey ?? '').trim();
		if (!projectKey)
			throw new Error(
				'The Batch.com credential has no project key, which the project API (2.x) needs',
			);
		return { Authorization: `Bearer ${restApiKey}`, 'X-Batch-Project': projectKey };
	}
	return { 'X-Authorization': restApiKey };
}
