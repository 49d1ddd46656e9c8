/**
 * Every field of the three nodes and their credentials says what it does and where its value
 * comes from (n8n's UX guidelines), collections' fields included. Only the Resource and
 * Operation selectors, notices, hidden fields and the collections themselves go without.
 */
import type { INodeProperties } from 'n8n-workflow';

import { AzureNotificationHubsApi } from '../../packages/azure-notification-hubs/credentials/AzureNotificationHubsApi.credentials';
import { BatchApi } from '../../packages/batch-com/credentials/BatchApi.credentials';
import { SalesforceMarketingCloudApi } from '../../packages/salesforce-mobilepush/credentials/SalesforceMarketingCloudApi.credentials';
import { AzureNotificationHubs } from '../../packages/azure-notification-hubs/nodes/AzureNotificationHubs/AzureNotificationHubs.node';
import { BatchCom } from '../../packages/batch-com/nodes/BatchCom/BatchCom.node';
import { SalesforceMobilePush } from '../../packages/salesforce-mobilepush/nodes/SalesforceMobilePush/SalesforceMobilePush.node';

type Field = INodeProperties & { values?: INodeProperties[] };

/** "Owner: path.to.field (Label)" for every field without a description. */
function undescribed(owner: string, fields: Field[], path = ''): string[] {
	return fields.flatMap((field) => {
		if (field.values) return undescribed(owner, field.values, `${path}${field.name}.`);
		if (field.type === 'collection' || field.type === 'fixedCollection')
			return undescribed(owner, (field.options ?? []) as Field[], `${path}${field.name}.`);
		if (
			field.type === 'notice' ||
			field.type === 'hidden' ||
			field.name === 'resource' ||
			field.name === 'operation'
		)
			return [];
		return field.description ? [] : [`${owner}: ${path}${field.name} (${field.displayName})`];
	});
}

describe('field descriptions', () => {
	it.each([
		['Azure Notification Hubs', new AzureNotificationHubs().description.properties],
		['Salesforce Marketing Cloud MobilePush', new SalesforceMobilePush().description.properties],
		['Batch.com', new BatchCom().description.properties],
		['the Azure credential', new AzureNotificationHubsApi().properties],
		['the Salesforce credential', new SalesforceMarketingCloudApi().properties],
		['the Batch.com credential', new BatchApi().properties],
	])('every field of %s has one', (owner, fields) => {
		expect([...new Set(undescribed(owner, fields as Field[]))]).toEqual([]);
	});
});
