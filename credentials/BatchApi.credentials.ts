import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

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
			required: true,
			description:
				'The Live (or Dev) API key of the app, or the SDK API key of the website, from ⚙ Settings → General. It goes in the URL of the 1.x APIs. Each platform has its own key.',
		},
		{
			displayName: 'Project Key',
			name: 'projectKey',
			type: 'string',
			default: '',
			placeholder: 'project_0664hxvwffvbpn278gxdyhsadddqgna6',
			description:
				'Only for Profile → Update (project API 2.x): the project key from the project settings',
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
			url: '=/1.1/{{$credentials.apiKey}}/campaigns/list',
			qs: { limit: 1 },
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Batch: "Authentication invalid" (code 10). Copy the REST API key and the Live API key again from the Batch dashboard, ⚙ Settings → General.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'Batch: "Route not found" (code 20) — the API key is not one of this company\'s apps. Use the Live API key from ⚙ Settings → General.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Batch refused the keys for the Campaigns API (it needs a Pro plan and the Live API key). Check ⚙ Settings → General.',
				},
			},
		],
	};
}

/** The major API version a route is on: the first path segment like "1.1" or "2.11". */
export function routeApiVersion(url: string): number | undefined {
	const path = /^[a-z]+:\/\//i.test(url) ? url.replace(/^[a-z]+:\/\/[^/]+/i, '') : url;
	for (const segment of path.split(/[/?#]/)) {
		const match = /^(\d+)\.\d+$/.exec(segment);
		if (match) return Number(match[1]);
		if (segment !== '') return undefined;
	}
	return undefined;
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
