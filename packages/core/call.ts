import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { connectionError, pausedError, retryAfterHint, withHint } from './errors';
import type { ItemError } from './items';
import { sendWithRetry, type HttpResponse, type RetryPolicy } from './retry';

/**
 * One call that is not part of a bulk send (get, update, delete, a single direct send): the
 * retry policy applies, and a final non-2xx (via `reject`, the service's error reader) or a
 * missing answer becomes an error naming the items. A 413 cannot be split here, so it fails.
 */
/** What a transport needs of n8n: a node's run, or the editor asking for a list (a resource locator's From List). */
export type CallContext = IExecuteFunctions | ILoadOptionsFunctions;

export async function callWithRetry(
	ctx: CallContext,
	attempt: () => Promise<HttpResponse>,
	policy: RetryPolicy,
	itemIndexes: number[],
	reject: (response: HttpResponse) => ItemError,
): Promise<HttpResponse> {
	const outcome = await sendWithRetry(attempt, policy, false);
	if (outcome.kind === 'connection')
		throw connectionError(ctx.getNode(), outcome.error, itemIndexes, outcome.log.attempts);
	if (outcome.kind === 'split') throw reject({ statusCode: 413, headers: {}, body: undefined });
	if (outcome.kind === 'paused')
		throw pausedError(ctx.getNode(), outcome.until, policy.maxDelayMs, itemIndexes);
	const { response } = outcome;
	if (response.statusCode < 200 || response.statusCode >= 300)
		throw withHint(reject(response), retryAfterHint(response, policy.maxDelayMs));
	return response;
}
