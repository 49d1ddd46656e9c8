import { batchElement, checkSendTime, tokenIdAt } from '../../../nodes/SalesforceMobilePush/protocol/batch';
import { describeSfmcError } from '../../../nodes/SalesforceMobilePush/protocol/errors';
import { buildMessageBody, idList, MESSAGE_KINDS } from '../../../nodes/SalesforceMobilePush/protocol/message';
import { authBaseUrl, normaliseRestUrl, tokenRequestBody } from '../../../nodes/SalesforceMobilePush/protocol/urls';

const base = { name: 'My Message Name', application: { id: '237690ac-41ff-4d3f-82f2-9c7efd89185f', name: 'MyApplication' }, startDate: '2014-04-30T14:50:00Z' };

describe('message bodies per type', () => {
	it('Outbound Alert: the seed example’s outbound fields, field for field', () => {
		const fields = {
			...base,
			alert: 'Alert message to show on device',
			sound: "Sound to play, or 'default'",
			badge: '+1',
			'content-available': 1,
			openDirect: 'OD001',
			keys: [
				{ key: 'key01', value: 'value01' },
				{ key: 'key02', value: 'value02' },
				{ key: 'key03', value: 'value03' },
			],
			custom: { customA: 1, customB: 'custom text b', customC: { cC: 'custom text c' } },
			sendInitiator: 0,
			endDate: '2014-04-30T14:55:00Z',
			messagesPerPeriod: 1000,
			minutesPerPeriod: 60,
			tzBased: true,
			tzPastSendAction: 0,
			scheduledTzOffset: -4.0,
			scheduledTzSupportsDst: true,
			inclusionLists: idList('listID01, listID02, listID03'),
			exclusionLists: idList(['listID04', 'listID05', 'listID06']),
			status: 2,
			media: { iosUrl: 'https://example.com', androidUrl: 'https://example.com', alt: 'Example ALT Text' },
		};
		expect(buildMessageBody('outbound', fields)).toEqual({ messageType: 1, contentType: 1, ...fields });
	});

	it.each([
		['locationEntry', 3, 1],
		['locationExit', 4, 1],
		['beacon', 5, 1],
	] as const)('%s sets messageType %i and needs an alert and geofences', (kind, messageType, contentType) => {
		expect(() => buildMessageBody(kind, { ...base, alert: 'Hi' })).toThrow('needs Geofence IDs');
		expect(buildMessageBody(kind, { ...base, alert: 'Hi', geofences: [{ id: 'MTIzOjEyODow' }], periodType: 5 })).toEqual({
			messageType,
			contentType,
			...base,
			alert: 'Hi',
			geofences: [{ id: 'MTIzOjEyODow' }],
			periodType: 5,
		});
	});

	it('Location Entry/Exit Alert + Page needs a page, and triggers on exit when asked', () => {
		expect(() => buildMessageBody('locationPage', { ...base, alert: 'Hi', geofences: [{ id: 'g' }] })).toThrow('needs Page ID, Page URL');
		expect(buildMessageBody('locationPage', { ...base, alert: 'Hi', geofences: [{ id: 'g' }], pageId: 456, url: 'http://www.example.com' }, 'exit')).toMatchObject({ messageType: 4, contentType: 3 });
	});

	it('Inbox Only needs page and subject and takes no alert', () => {
		expect(() => buildMessageBody('inbox', { ...base, pageId: 456, url: 'http://www.example.com' })).toThrow('needs Subject');
		expect(() => buildMessageBody('inbox', { ...base, pageId: 456, url: 'u', subject: 's', alert: 'Hi' })).toThrow('"alert" does not apply');
		expect(buildMessageBody('inbox', { ...base, pageId: 456, url: 'u', subject: 'My inbox subject line' })).toEqual({ messageType: 8, contentType: 2, ...base, pageId: 456, url: 'u', subject: 'My inbox subject line' });
	});

	it('Inbox + Alert needs the alert, page and subject', () => {
		expect(() => buildMessageBody('inboxAlert', { ...base, pageId: 1, url: 'u', subject: 's' })).toThrow('needs Alert');
		expect(buildMessageBody('inboxAlert', { ...base, pageId: 1, url: 'u', subject: 's', alert: 'A' })).toMatchObject({ messageType: 8, contentType: 3 });
	});

	it('every type requires name, application and start date', () => {
		for (const kind of Object.keys(MESSAGE_KINDS) as Array<keyof typeof MESSAGE_KINDS>) {
			expect(() => buildMessageBody(kind, {})).toThrow(/needs Name, Application ID and Name, Start Date/);
		}
	});

	it('refuses fields that break the documented limits', () => {
		expect(() => buildMessageBody('outbound', { ...base, name: 'x'.repeat(101) })).toThrow('100 characters');
		expect(() => buildMessageBody('outbound', { ...base, openDirect: 'x'.repeat(16) })).toThrow('15 characters');
		expect(() => buildMessageBody('outbound', { ...base, endDate: '2014-04-30T14:00:00Z' })).toThrow('End Date must be after Start Date');
	});
});

describe('Send Message Batch elements', () => {
	it('match the seed example', () => {
		const element = batchElement({ kind: 'SubscriberKeys', InclusionTags: ['baseballTeam'], Message: { Alert: 'Good game team!', badge: '+1', sound: 'default', Custom: { '6': '20' } } }, ['SubscriberKey1']);
		expect(element).toEqual({ SubscriberKeys: ['SubscriberKey1'], InclusionTags: ['baseballTeam'], Message: { Alert: 'Good game team!', badge: '+1', sound: 'default', Custom: { '6': '20' } } });
	});

	it('tokenIds are read per element, in order', () => {
		const response = [{ tokenId: 'a', deviceTokens: ['x'] }, { tokenId: 'b', subscriberKeys: ['y'] }];
		expect([tokenIdAt(response, 0), tokenIdAt(response, 1), tokenIdAt(response, 2), tokenIdAt({}, 0)]).toEqual(['a', 'b', undefined, undefined]);
	});

	it('send times must be yyyy-MM-dd HH:mm and exist', () => {
		expect(checkSendTime('2030-01-31 23:59')).toBe('2030-01-31 23:59');
		expect(() => checkSendTime('2030-02-30 10:00')).toThrow('not a valid send time');
		expect(() => checkSendTime('2030-01-01T10:00')).toThrow('not a valid send time');
	});
});

describe('auth', () => {
	it('the token request is the documented JSON body', () => {
		expect(tokenRequestBody({ clientId: ' id ', clientSecret: 'secret', accountId: '12345', scope: 'push_read push_send' })).toEqual({
			grant_type: 'client_credentials',
			client_id: 'id',
			client_secret: 'secret',
			account_id: 12345,
			scope: 'push_read push_send',
		});
		expect(tokenRequestBody({ clientId: 'id', clientSecret: 's' })).toEqual({ grant_type: 'client_credentials', client_id: 'id', client_secret: 's' });
	});

	it('accepts a subdomain, the Authentication Base URI, or a local URL', () => {
		expect(authBaseUrl('mc563885gzs27c5t9-63k636tzgm')).toBe('https://mc563885gzs27c5t9-63k636tzgm.auth.marketingcloudapis.com');
		expect(authBaseUrl('https://mc563885gzs27c5t9-63k636tzgm.auth.marketingcloudapis.com/')).toBe('https://mc563885gzs27c5t9-63k636tzgm.auth.marketingcloudapis.com');
		expect(authBaseUrl('http://127.0.0.1:5702/')).toBe('http://127.0.0.1:5702');
		expect(() => authBaseUrl('my tenant')).toThrow('neither a subdomain');
	});

	it('normalises rest_instance_url with or without a scheme', () => {
		expect(normaliseRestUrl('mc563885gzs27c5t9-63k636tzgm.rest.marketingcloudapis.com')).toBe('https://mc563885gzs27c5t9-63k636tzgm.rest.marketingcloudapis.com');
		expect(normaliseRestUrl('https://x.rest.marketingcloudapis.com/')).toBe('https://x.rest.marketingcloudapis.com');
	});
});

describe('error bodies in the three shapes', () => {
	it('push routes, platform and OAuth', () => {
		expect(describeSfmcError(400, { errors: ['The count of DeviceTokens cannot be zero.'] })).toMatchObject({ serviceMessage: 'The count of DeviceTokens cannot be zero.' });
		expect(describeSfmcError(429, { message: 'Rate limit exceeded', errorcode: 50100, documentation: '' })).toMatchObject({ serviceMessage: 'Rate limit exceeded', code: '50100' });
		expect(describeSfmcError(401, { error: 'invalid_client', error_description: 'Client authentication failed.' })).toMatchObject({
			serviceMessage: 'invalid_client: Client authentication failed.',
			hint: expect.stringContaining('Installed Packages'),
		});
		expect(describeSfmcError(400, { errors: ['The status for Message X is not set to Active.'] }).hint).toContain('Activate the message');
	});
});
