import type {
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { callWithRetry, type CallContext } from '../../../core/call';
import { responseError } from '../../../core/errors';
import type { ItemError } from '../../../core/items';
import { DEFAULT_RETRY_POLICY, type HttpResponse, type RetryPolicy } from '../../../core/retry';
import { describeSfmcError } from './protocol/errors';

export const CREDENTIAL = 'salesforceMarketingCloudApi';

/** The shared policy, except that a 429 with errorcode 50200 ("temporarily blocked") is final. */
export const SFMC_RETRY_POLICY: RetryPolicy = {
	...DEFAULT_RETRY_POLICY,
	isFinal: (response) =>
		response.statusCode === 429 && describeSfmcError(429, response.body).code === '50200',
};

export interface SfmcRequest {
	method: IHttpRequestMethods;
	/** Path from the REST base, e.g. `/push/v1/message`. */
	url: string;
	body?: unknown;
	qs?: IDataObject;
}

/**
 * The only place the MobilePush node makes HTTP calls. n8n refreshes the token when a request
 * throws 401 and retries it once; with several requests in flight when the token expires,
 * each would refresh. So requests go out with every status returned as a value, and the first
 * one that meets a 401 re-sends alone with 401 left thrown (n8n refreshes, once); the others
 * wait for it and re-send with the fresh token. A 401 means Marketing Cloud did not act, so
 * nothing is sent twice.
 */
export class SfmcTransport {
	private refreshing: Promise<unknown> | undefined;
	private generation = 0;

	constructor(
		private readonly ctx: CallContext,
		readonly retry: RetryPolicy = SFMC_RETRY_POLICY,
	) {}

	/** One attempt (a token refresh included): resolves with any status, rejects only when no response came. */
	async send(request: SfmcRequest): Promise<HttpResponse> {
		const generation = this.generation;
		const response = await this.attempt(request, true);
		// A 401 in OAuth's shape came from the token endpoint (n8n already asked twice): the client
		// credentials are wrong, and asking again would not help.
		if (response.statusCode !== 401 || isOAuthError(response.body)) return response;
		if (this.refreshing) await this.refreshing.catch(() => undefined);
		if (generation !== this.generation) return await this.attempt(request, true);
		const refresh = this.attempt(request, false);
		this.refreshing = refresh;
		try {
			return await refresh;
		} finally {
			this.generation++;
			this.refreshing = undefined;
		}
	}

	private async attempt(request: SfmcRequest, returnUnauthorized: boolean): Promise<HttpResponse> {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: request.url,
			qs: request.qs,
			body: request.body as IHttpRequestOptions['body'],
			json: true,
			headers:
				request.body === undefined
					? { Accept: 'application/json' }
					: { Accept: 'application/json', 'Content-Type': 'application/json' },
			returnFullResponse: true,
			ignoreHttpStatusErrors: returnUnauthorized ? true : { ignore: true, except: [401] },
		};
		try {
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
		} catch (error) {
			// A 401 that survived n8n's refresh (or a refused token request) is an answer, not a lost connection.
			const status = httpStatusOf(error);
			if (status !== undefined)
				return { statusCode: status, headers: {}, body: responseBodyOf(error) };
			throw new NodeApiError(this.ctx.getNode(), error as JsonObject);
		}
	}

	/** A single call with retries; failures become errors naming the items. */
	async call(request: SfmcRequest, itemIndexes: number[], what: string): Promise<unknown> {
		const response = await callWithRetry(
			this.ctx,
			() => this.send(request),
			this.retry,
			itemIndexes,
			(failed) => this.reject(failed, itemIndexes, what),
		);
		return response.body;
	}

	reject(response: HttpResponse, itemIndexes: number[], what: string): ItemError {
		const text = describeSfmcError(response.statusCode, response.body);
		return responseError(this.ctx.getNode(), response, itemIndexes, text, what);
	}
}

function isOAuthError(body: unknown): boolean {
	return typeof (body as { error?: unknown } | null)?.error === 'string';
}

/** A refused token request, as the credential's preAuthentication reports it (see tokenRefusal there). */
type TokenRefusal = { tokenRefusal?: { status?: unknown; body?: unknown } };

function httpStatusOf(error: unknown): number | undefined {
	const e = error as {
		httpCode?: unknown;
		response?: { status?: unknown };
		cause?: { response?: { status?: unknown }; status?: unknown } & TokenRefusal;
	} & TokenRefusal;
	const candidates = [
		e?.tokenRefusal?.status,
		e?.cause?.tokenRefusal?.status,
		e?.response?.status,
		e?.cause?.response?.status,
		e?.cause?.status,
		e?.httpCode,
	];
	for (const candidate of candidates) {
		const status = Number(candidate);
		if (Number.isInteger(status) && status >= 400 && status < 600) return status;
	}
	return undefined;
}

function responseBodyOf(error: unknown): unknown {
	const e = error as {
		response?: { data?: unknown };
		cause?: { response?: { data?: unknown } } & TokenRefusal;
		context?: { data?: unknown };
		description?: unknown;
	} & TokenRefusal;
	return (
		e?.tokenRefusal?.body ??
		e?.cause?.tokenRefusal?.body ??
		e?.response?.data ??
		e?.cause?.response?.data ??
		e?.context?.data ??
		e?.description ??
		''
	);
}
