/**
 * How the three nodes present themselves in the editor: the canvas subtitle in the words of the
 * form, and the search words that find them in the nodes panel.
 */
import { NodeHelpers, type INodeParameters } from 'n8n-workflow';

import { AzureNotificationHubs } from '../../packages/azure-notification-hubs/nodes/AzureNotificationHubs/AzureNotificationHubs.node';
import { BatchCom } from '../../packages/batch-com/nodes/BatchCom/BatchCom.node';
import { SalesforceMobilePush } from '../../packages/salesforce-mobilepush/nodes/SalesforceMobilePush/SalesforceMobilePush.node';
import azureCodex from '../../packages/azure-notification-hubs/nodes/AzureNotificationHubs/AzureNotificationHubs.node.json';
import batchCodex from '../../packages/batch-com/nodes/BatchCom/BatchCom.node.json';
import sfmcCodex from '../../packages/salesforce-mobilepush/nodes/SalesforceMobilePush/SalesforceMobilePush.node.json';
import { subtitleFor } from '../helpers/subtitle';

describe('the nodes in the editor', () => {
	it('show on the canvas what the form shows, not internal values', () => {
		expect(
			subtitleFor(new AzureNotificationHubs().description.subtitle as string, {
				resource: 'notification',
				operation: 'directBatchSend',
			}),
		).toBe('Direct Batch Send: Notification');
		expect(
			subtitleFor(new SalesforceMobilePush().description.subtitle as string, {
				resource: 'send',
				operation: 'sendMessageBatch',
			}),
		).toMatch(/^Send Message Batch: /);
		expect(
			subtitleFor(new BatchCom().description.subtitle as string, {
				resource: 'campaign',
				operation: 'create',
			}),
		).toBe('Create: Campaign (MEP)');
		expect(
			subtitleFor(new BatchCom().description.subtitle as string, {
				resource: 'projectCampaign',
				operation: 'getStats',
			}),
		).toBe('Get Stats: Campaign (CEP)');
	});

	it('every operation of every resource has its words', () => {
		for (const node of [new AzureNotificationHubs(), new SalesforceMobilePush(), new BatchCom()]) {
			const { properties, subtitle } = node.description;
			for (const property of properties.filter((p) => p.name === 'operation')) {
				for (const resource of property.displayOptions?.show?.resource as string[]) {
					for (const option of property.options as Array<{ name: string; value: string }>) {
						expect(subtitleFor(subtitle as string, { resource, operation: option.value })).toMatch(
							new RegExp(`^${option.name.replace(/[()]/g, '\\$&')}: `),
						);
					}
				}
			}
		}
	});

	it('put the options of each Azure send after the notification’s fields, as n8n’s own nodes do', () => {
		const names = new AzureNotificationHubs().description.properties.map((p) => p.name);
		const last = (name: string) => names.lastIndexOf(name);
		for (const fieldName of [
			'platform',
			'title',
			'body',
			'message',
			'apnsHeaders',
			'wnsHeaders',
			'rawPayload',
		]) {
			expect(last(fieldName)).toBeGreaterThanOrEqual(0);
			expect(names.indexOf('options')).toBeGreaterThan(last(fieldName));
			expect(names.indexOf('sendOptions')).toBeGreaterThan(last(fieldName));
		}
	});

	it('offer for each Windows type only what it can send, with the badge value in plain sight', () => {
		const azure = new AzureNotificationHubs().description;
		/** The fields the editor shows for these values (the defaults filled in as the editor does). */
		const shown = (values: INodeParameters) => {
			const all = NodeHelpers.getNodeParameters(
				azure.properties,
				values,
				true,
				false,
				null,
				azure,
			) as INodeParameters;
			return azure.properties
				.filter((p) => NodeHelpers.displayParameter(all, p, { typeVersion: 1 }, azure))
				.map((p) => `${p.name}${p.required ? '*' : ''}`);
		};
		const windows = (wnsType: string) =>
			shown({
				resource: 'notification',
				operation: 'directBatchSend',
				platform: 'windows',
				wnsType,
			});
		expect(windows('wns/toast')).toEqual(
			expect.arrayContaining(['payloadMode', 'title', 'body', 'message']),
		);
		expect(windows('wns/badge')).toEqual(expect.arrayContaining(['payloadMode', 'wnsBadge*']));
		expect(windows('wns/badge')).not.toEqual(expect.arrayContaining(['title']));
		for (const type of ['wns/tile', 'wns/raw']) {
			expect(windows(type)).toContain('rawPayload*');
			expect(
				windows(type).filter((name) =>
					['payloadMode', 'title', 'body', 'message', 'wnsBadge*'].includes(name),
				),
			).toEqual([]);
		}
		// The raw payload field shows the example of its own platform.
		const placeholderFor = (platform: string) => {
			const values = NodeHelpers.getNodeParameters(
				azure.properties,
				{ resource: 'notification', operation: 'directSend', platform, payloadMode: 'raw' },
				true,
				false,
				null,
				azure,
			) as INodeParameters;
			return azure.properties.find(
				(p) =>
					p.name === 'rawPayload' &&
					NodeHelpers.displayParameter(values, p, { typeVersion: 1 }, azure),
			)?.placeholder;
		};
		expect(placeholderFor('apple')).toMatch(/^\{"aps"/);
		expect(placeholderFor('fcmv1')).toMatch(/^\{"message"/);
		expect(placeholderFor('browser')).toBe('{"title":"Hello","body":"World"}');
	});

	it("name APNs push types as people read them, and send Apple's value", () => {
		const pushType = (
			new AzureNotificationHubs().description.properties.find((p) => p.name === 'apnsHeaders')
				?.options as Array<{ name: string; options?: Array<{ name: string; value: string }> }>
		).find((o) => o.name === 'apns-push-type');
		const names = Object.fromEntries((pushType?.options ?? []).map((o) => [o.value, o.name]));
		expect(names).toMatchObject({
			alert: 'Alert',
			voip: 'VoIP',
			liveactivity: 'Live Activity',
			pushtotalk: 'Push to Talk',
		});
	});

	it('are found in the nodes panel by the words people type', () => {
		for (const codex of [azureCodex, sfmcCodex, batchCodex])
			expect(codex.alias).toEqual(expect.arrayContaining(['push', 'notification', 'apns', 'fcm']));
	});
});
