/**
 * A field that decides which other fields show cannot be an expression when a field it shows is
 * required: n8n cannot evaluate a show-condition against an expression, so it counts every field
 * that depends on it as shown, and refuses to run the workflow while those required fields are
 * empty (`displayParameter` in n8n-workflow's node-helpers). Such selectors take no expression
 * (`noDataExpression`); where a per-item value is needed, the selector offers it as an option of
 * its own (Azure's Platform → From Each Item).
 */
import type { INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { AzureNotificationHubs } from '../../packages/azure-notification-hubs/nodes/AzureNotificationHubs/AzureNotificationHubs.node';
import { BatchCom } from '../../packages/batch-com/nodes/BatchCom/BatchCom.node';
import { SalesforceMobilePush } from '../../packages/salesforce-mobilepush/nodes/SalesforceMobilePush/SalesforceMobilePush.node';

type Field = INodeProperties & { values?: INodeProperties[] };

/** Every field, collections' fields included, with the fields its display options name. */
function fields(list: Field[], parent = ''): Array<{ field: Field; path: string }> {
	return list.flatMap((field) => {
		const own = { field, path: `${parent}${field.name}` };
		const inner =
			field.values ??
			(field.type === 'collection' || field.type === 'fixedCollection'
				? ((field.options ?? []) as Field[])
				: []);
		return [own, ...fields(inner, `${parent}${field.name}.`)];
	});
}

const conditionNames = (field: Field) =>
	[
		...Object.keys(field.displayOptions?.show ?? {}),
		...Object.keys(field.displayOptions?.hide ?? {}),
	].map((name) => name.replace(/^\//, ''));

/** Selectors (by name) that decide whether a required field shows, and an expression on them would hide nothing. */
function trapped(properties: Field[]): string[] {
	const all = fields(properties);
	const selectors = new Set(
		all.filter(({ field }) => field.required).flatMap(({ field }) => conditionNames(field)),
	);
	return [...selectors]
		.filter((name) =>
			all.some(
				({ field }) => field.name === name && field.type !== 'hidden' && !field.noDataExpression,
			),
		)
		.sort();
}

describe('selectors that decide which required fields show', () => {
	it.each([
		['Azure Notification Hubs', new AzureNotificationHubs().description.properties],
		['Salesforce Marketing Cloud MobilePush', new SalesforceMobilePush().description.properties],
		['Batch.com', new BatchCom().description.properties],
	])('take no expression in %s', (_node, properties) => {
		expect(trapped(properties as Field[])).toEqual([]);
	});
});

describe('a device table with mixed platforms, as n8n checks a workflow before running it', () => {
	const description = new AzureNotificationHubs().description;
	const issuesOf = (parameters: Record<string, unknown>, properties = description.properties) => {
		const node = {
			id: 'n',
			name: 'Azure',
			type: 'azureNotificationHubs',
			typeVersion: 1,
			position: [0, 0] as [number, number],
			parameters: {} as INodeParameters,
		};
		const values = {
			resource: 'notification',
			operation: 'directBatchSend',
			deviceHandles: '={{ $json.handle }}',
			title: 'Sale',
			...parameters,
		} as INodeParameters;
		node.parameters =
			NodeHelpers.getNodeParameters(properties, values, true, false, node, description) ?? {};
		return NodeHelpers.getNodeParametersIssues(properties, node, description)?.parameters ?? {};
	};

	it('has nothing missing with Platform “From Each Item” and the item’s platform in Item Platform', () => {
		expect(issuesOf({ platform: 'perItem', itemPlatform: '={{ $json.platform }}' })).toEqual({});
	});

	it('would have required fields missing with an expression in Platform itself, which is why Platform takes none', () => {
		const platforms = description.properties.filter((p) => p.name === 'platform');
		expect(platforms.every((p) => p.noDataExpression === true)).toBe(true);
		// Without that, n8n shows every field that depends on Platform, and refuses the run while the required ones are empty.
		const expressionAllowed = description.properties.map((p) =>
			p.name === 'platform' ? { ...p, noDataExpression: false } : p,
		);
		expect(Object.keys(issuesOf({ platform: '={{ $json.platform }}' }, expressionAllowed))).toEqual(
			expect.arrayContaining(['rawPayload', 'wnsBadge', 'itemPlatform']),
		);
		expect(issuesOf({ platform: '={{ $json.platform }}' })).toEqual({});
	});
});
