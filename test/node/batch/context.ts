import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { BatchApi } from '../../../packages/batch-com/credentials/BatchApi.credentials';
import { BatchCom } from '../../../packages/batch-com/nodes/BatchCom/BatchCom.node';
import { createBatchEmulator } from '../../emulators/batch';
import { createExecuteContext } from '../../helpers/execute-context';

export type BatchEmulator = ReturnType<typeof createBatchEmulator>;

export async function startBatch(): Promise<BatchEmulator> {
	const emulator = createBatchEmulator();
	await emulator.start();
	return emulator;
}

/** The Batch.com credential, pointing at the emulator, with `changes` to its fields. */
function credentialsOf(emulator: BatchEmulator, changes: Record<string, string> = {}) {
	const data = {
		restApiKey: emulator.restApiKey,
		apiKey: emulator.apiKey,
		projectKey: emulator.projectKey,
		baseUrl: emulator.url,
		...changes,
	};
	return { batchApi: { type: new BatchApi(), data } };
}

/** Runs the Batch.com node's execute() with the credential pointing at the emulator. */
export async function runNode(
	emulator: BatchEmulator,
	options: {
		items: Array<Record<string, unknown>>;
		parameters: Record<string, unknown>;
		onError?: 'continueRegularOutput' | 'continueErrorOutput';
		credential?: Record<string, string>;
	},
) {
	const ctx = createExecuteContext({
		items: options.items,
		parameters: options.parameters,
		onError: options.onError,
		nodeName: 'Batch.com',
		nodeType: 'n8n-nodes-push-notifications.batchCom',
		credentials: credentialsOf(emulator, options.credential),
	});
	const [output] = await new BatchCom().execute.call(ctx);
	return output;
}

/** The node's Campaign → From List (its listSearch method), with the credential pointing at the emulator. */
export async function searchCampaigns(
	emulator: BatchEmulator,
	filter?: string,
	paginationToken?: string,
) {
	const ctx = createExecuteContext({
		items: [],
		parameters: {},
		credentials: credentialsOf(emulator),
	});
	return await new BatchCom().methods.listSearch.searchCampaigns.call(
		ctx as unknown as ILoadOptionsFunctions,
		filter,
		paginationToken,
	);
}

/** The error a run threw (fails the test if it did not throw). */
export async function runError(
	...args: Parameters<typeof runNode>
): Promise<{ message: string; description?: string | null }> {
	try {
		await runNode(...args);
	} catch (error) {
		return error as { message: string; description?: string | null };
	}
	throw new Error('the node did not fail');
}

/** The node's CEP Campaign → From List (searchOrchestrations), with the credential pointing at the emulator. */
export async function searchOrchestrations(
	emulator: BatchEmulator,
	filter?: string,
	paginationToken?: string,
) {
	const ctx = createExecuteContext({
		items: [],
		parameters: {},
		credentials: credentialsOf(emulator),
	});
	return await new BatchCom().methods.listSearch.searchOrchestrations.call(
		ctx as unknown as ILoadOptionsFunctions,
		filter,
		paginationToken,
	);
}
