import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

import { callWithRetry, type CallContext } from '../../../core/call';
import { responseError } from '../../../core/errors';
import type { ItemError } from '../../../core/items';
import { DEFAULT_RETRY_POLICY, type HttpResponse, type RetryPolicy } from '../../../core/retry';
import { describeBatchError } from './protocol/errors';
import { routeApiVersion } from './protocol/projectApi';

export const CREDENTIAL = 'batchApi';
/** "If you get a 'too many requests' response, please wait for at least 5 seconds before trying again" (Batch's project API pages). */
export const PROJECT_THROTTLE_WAIT_MS = 5000;

export interface BatchRequest {
	method: IHttpRequestMethods;
	/** Path from the base URL, e.g. `/1.1/{apiKey}/campaigns/create` built with `appPath`. */
	url: string;
	body?: unknown;
	qs?: IDataObject;
}

/**
 * The only place the Batch node makes HTTP calls. Statuses are returned, not thrown, so that
 * the retry policy sees them; the credential's `authenticate` adds the headers each route
 * needs. Errors keep Batch's words and never the request (no key can leak into them).
 */
export class BatchTransport {
	private constructor(
		private readonly ctx: CallContext,
		private readonly baseUrl: string,
		private readonly apiKey: string,
		readonly hasProjectKey: boolean,
		readonly retry: RetryPolicy,
	) {}

	get hasApiKey(): boolean {
		return this.apiKey !== '';
	}

	/**
	 * The retry policy of the project API (2.x): Batch's reference says to wait at least 5 seconds
	 * after a "too many requests" answer, so a 429 without Retry-After waits that long.
	 */
	get projectRetry(): RetryPolicy {
		return { ...this.retry, throttleWaitMs: PROJECT_THROTTLE_WAIT_MS };
	}

	private retryFor(url: string): RetryPolicy {
		return routeApiVersion(url) === 2 ? this.projectRetry : this.retry;
	}

	static async open(
		ctx: CallContext,
		retry: RetryPolicy = DEFAULT_RETRY_POLICY,
	): Promise<BatchTransport> {
		const credentials = await ctx.getCredentials(CREDENTIAL);
		const baseUrl = String(credentials.baseUrl || 'https://api.batch.com')
			.trim()
			.replace(/\/+$/, '');
		return new BatchTransport(
			ctx,
			baseUrl,
			String(credentials.apiKey ?? '').trim(),
			String(credentials.projectKey ?? '').trim() !== '',
			retry,
		);
	}

	/** A 1.x route: the app's API key is part of the path. */
	appPath(version: '1.0' | '1.1', rest: string): string {
		return `/${version}/${encodeURIComponent(this.apiKey)}/${rest}`;
	}

	/** One attempt: resolves with any status, rejects only when no response came. */
	async send(request: BatchRequest): Promise<HttpResponse> {
		const options: IHttpRequestOptions = {
			method: request.method,
			baseURL: this.baseUrl,
			url: request.url,
			qs: request.qs,
			body: request.body as IHttpRequestOptions['body'],
			json: true,
			headers:
				request.body === undefined
					? { Accept: 'application/json' }
					: { Accept: 'application/json', 'Content-Type': 'application/json' },
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
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

	/** A single call with retries; a non-2xx or no answer becomes an error naming the items. */
	async call(request: BatchRequest, itemIndexes: number[], what: string): Promise<unknown> {
		const response = await callWithRetry(
			this.ctx,
			() => this.send(request),
			this.retryFor(request.url),
			itemIndexes,
			(failed) => this.reject(failed, itemIndexes, what),
		);
		return response.body;
	}

	reject(response: HttpResponse, itemIndexes: number[], what: string): ItemError {
		const text = describeBatchError(response.statusCode, response.body);
		return responseError(
			this.ctx.getNode(),
			response,
			itemIndexes,
			{ serviceMessage: text.message ?? '', code: text.code, hint: text.hint },
			what,
		);
	}
}
