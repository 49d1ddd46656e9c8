import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { validateThenRun } from '../../../../../core/items';
import { ParameterReader, readWanted, returnAllProperties } from '../../../../../core/parameters';
import { ORCHESTRATIONS_PAGE } from '../../protocol/projectCampaign';
import type { BatchTransport } from '../../transport';
import { buildFor } from '../fields';
import { readVersion, RESOURCE, versionOptionsProperty, type OrchestrationPage } from './fields';

const properties: INodeProperties[] = [...returnAllProperties, versionOptionsProperty];

export const description = updateDisplayOptions(
	{ show: { resource: [RESOURCE], operation: ['getMany'] } },
	properties,
);

/**
 * `GET /{version}/orchestrations/list`, 100 a call, following `next_from` while `has_more`:
 * one output item per orchestration (campaigns, recurring and trigger ones), paired to the input item.
 */
export async function execute(
	this: IExecuteFunctions,
	transport: BatchTransport,
): Promise<INodeExecutionData[]> {
	const reader = new ParameterReader(this);
	return await validateThenRun(
		this,
		(itemIndex) =>
			buildFor(this.getNode(), itemIndex, () => ({
				version: readVersion(reader, itemIndex),
				wanted: readWanted(reader, itemIndex),
			})),
		async ({ version, wanted }, itemIndex) => {
			const orchestrations: IDataObject[] = [];
			let from: string | undefined;
			while (orchestrations.length < wanted) {
				const qs: IDataObject = {
					limit: Math.min(ORCHESTRATIONS_PAGE, wanted - orchestrations.length),
				};
				if (from) qs.from = from;
				const page = (await transport.call(
					{ method: 'GET', url: `/${version}/orchestrations/list`, qs },
					[itemIndex],
					'Batch did not list the orchestrations',
				)) as OrchestrationPage | undefined;
				orchestrations.push(...(page?.orchestrations ?? []));
				if (!page?.has_more || !page.next_from) break;
				from = page.next_from;
			}
			return orchestrations;
		},
	);
}
