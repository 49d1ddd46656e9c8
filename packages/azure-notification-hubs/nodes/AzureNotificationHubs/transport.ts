import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { callWithRetry } from '../../../core/call';
import { responseError } from '../../../core/errors';
import type { ItemError } from '../../../core/items';
import {
	DEFAULT_RETRY_POLICY,
	headerValue,
	type HttpResponse,
	type RetryPolicy,
} from '../../../core/retry';
import { parseConnectionString } from './protocol/connectionString';

export const CREDENTIAL = 'azureNotificationHubsApi';
export const API_VERSION = '2020-06';

export interface HubRequest {
	method: IHttpRequestMethods;
	/** Path below the hub, e.g. `messages/$batch`. */
	path: string;
	/** Query besides api-version, as a literal string (Azure wants a bare `direct`). */
	query?: string;
	headers?: Record<string, string>;
	body?: Buffer | string | IDataObject | IDataObject[];
}

/**
 * The only place the Azure node makes HTTP calls. The credential signs each request; statuses
 * come back as values so the retry policy sees them; errors keep Azure's own words and never
 * the request, so no SAS token can reach the output.
 */
export class HubTransport {
	private constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly endpoint: string,
		readonly hubName: string,
		readonly retry: RetryPolicy,
	) {}

	static async open(
		ctx: IExecuteFunctions,
		retry: RetryPolicy = DEFAULT_RETRY_POLICY,
	): Promise<HubTransport> {
		const credentials = await ctx.getCredentials(CREDENTIAL);
		let endpoint: string;
		try {
			endpoint = parseConnectionString(credentials.connectionString as string).endpoint;
		} catch (error) {
			throw new NodeOperationError(ctx.getNode(), (error as Error).message, {
				description: 'Fix the connection string in the Azure Notification Hubs credential.',
			});
		}
		const hubName = String(credentials.hubName ?? '').trim();
		return new HubTransport(ctx, endpoint, hubName, retry);
	}

	/** One attempt: resolves with any status, rejects only when no response came. */
	async send(request: HubRequest): Promise<HttpResponse> {
		const query = [`api-version=${API_VERSION}`, request.query].filter(Boolean).join('&');
		const options: IHttpRequestOptions = {
			method: request.method,
			baseURL: this.endpoint,
			url: `${encodeURIComponent(this.hubName)}/${request.path}?${query}`,
			headers: request.headers,
			body: request.body,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			json: false,
			encoding: 'text',
		};
		const response = (await this.ctx.helpers.httpRequestWithAuthentication.call(
			this.ctx,
			CREDENTIAL,
			options,
		)) as HttpResponse;
		return {
			statusCode: response.statusCode,
			headers: response.headers ?? {},
			body: response.body,
		};
	}

	/** A single call with retries; failures become errors naming the items. */
	async call(request: HubRequest, itemIndexes: number[], what: string): Promise<HttpResponse> {
		return await callWithRetry(
			this.ctx,
			() => this.send(request),
			this.retry,
			itemIndexes,
			(response) => this.reject(response, itemIndexes, what),
		);
	}

	reject(response: HttpResponse, itemIndexes: number[], what: string): ItemError {
		return responseError(
			this.ctx.getNode(),
			response,
			itemIndexes,
			describeHubError(response),
			what,
		);
	}
}

/** The ids Azure returns for a send: Location's last segment (Standard tier) and TrackingId. */
export function sendIds(response: HttpResponse): IDataObject {
	const location = headerValue(response.headers, 'location');
	const notificationId = location ? lastSegment(location) : undefined;
	const ids: IDataObject = {};
	if (notificationId) ids.notificationId = notificationId;
	const trackingId = headerValue(response.headers, 'trackingid');
	if (trackingId) ids.trackingId = trackingId;
	const correlationId = headerValue(response.headers, 'x-ms-correlation-request-id');
	if (correlationId) ids.correlationId = correlationId;
	return ids;
}

function lastSegment(location: string): string | undefined {
	const path = location.replace(/[?#].*$/, '');
	const segments = path.split('/').filter(Boolean);
	return segments.length ? decodeURIComponent(segments[segments.length - 1]) : undefined;
}

const HINTS: Record<number, string> = {
	400: 'Azure could not read the request: check the payload matches the platform (JSON for APNs/FCM, XML for WNS toast/tile/badge) and that the device handles are valid.',
	401: 'The signature was refused: check the connection string’s key, and that the policy has the Send right (Listen or Manage for installations and telemetry).',
	403: 'The hub refused the send: the tier may not allow it (Direct Batch Send needs Basic or Standard, scheduled sends and telemetry Standard), or a quota is exhausted.',
	404: 'No such hub or resource: check Hub Name in the credential, or the id.',
	413: 'The notification is larger than 64 KB: shorten the payload.',
	429: 'Azure kept throttling after the retries: send less often or lower Concurrency.',
};

/** Azure answers errors as `<Error><Code>…</Code><Detail>…</Detail></Error>`, sometimes as text. */
export function describeHubError(response: HttpResponse): {
	serviceMessage: string;
	code?: string;
	hint?: string;
} {
	const text = Buffer.isBuffer(response.body)
		? response.body.toString('utf8')
		: typeof response.body === 'string'
			? response.body
			: JSON.stringify(response.body ?? '');
	const detail = /<Detail>([\s\S]*?)<\/Detail>/i.exec(text)?.[1];
	const code = /<Code>([\s\S]*?)<\/Code>/i.exec(text)?.[1];
	const serviceMessage = (detail ?? text).trim().slice(0, 1000);
	const hint =
		HINTS[response.statusCode] ??
		(response.statusCode >= 500
			? 'Azure had a problem; it was retried. Try again later.'
			: undefined);
	return {
		serviceMessage,
		code: code && code !== String(response.statusCode) ? code : undefined,
		hint,
	};
}
