import { packUnits } from '../../../packages/core/packing';
import {
	batchElement,
	checkSendTime,
	MAX_RECIPIENTS_PER_CALL,
	tokenIdAt,
} from '../../../packages/salesforce-mobilepush/nodes/SalesforceMobilePush/protocol/batch';
import { describeSfmcError } from '../../../packages/salesforce-mobilepush/nodes/SalesforceMobilePush/protocol/errors';
import {
	buildMessageBody,
	checkMessageJson,
	idList,
	MESSAGE_KINDS,
} from '../../../packages/salesforce-mobilepush/nodes/SalesforceMobilePush/protocol/message';
import {
	authBaseUrl,
	normaliseRestUrl,
	restBaseFromAuthBase,
	tokenRequestBody,
} from '../../../packages/salesforce-mobilepush/nodes/SalesforceMobilePush/protocol/urls';

const base = {
	name: 'My Message Name',
	application: { id: '237690ac-41ff-4d3f-82f2-9c7efd89185f', name: 'MyApplication' },
	startDate: '2014-04-30T14:50:00Z',
};

/** The createPushMessage reference's field list per message type, transcribed: the oracle. */
const SEED_LISTS: Record<string, { fields: string; required: string }> = {
	outbound: {
		fields:
			'messageType contentType name application alert sound badge content-available openDirect keys custom sendInitiator startDate messagesPerPeriod minutesPerPeriod tzBased tzPastSendAction scheduledTzOffset scheduledTzSupportsDst inclusionLists exclusionLists inclusionDataExtensions exclusionDataExtensions status media title subtitle',
		required: 'name application startDate',
	},
	location: {
		fields:
			'messageType contentType name application alert sound badge openDirect keys custom sendInitiator startDate messagesPerPeriod numberOfPeriods periodType isRollingPeriod messageLimit scheduledTzOffset scheduledTzSupportsDst geofences status media title subtitle',
		required: 'name application alert startDate geofences',
	},
	locationPage: {
		fields:
			'messageType contentType name application alert sound badge keys custom sendInitiator startDate messagesPerPeriod numberOfPeriods periodType isRollingPeriod messageLimit scheduledTzOffset scheduledTzSupportsDst geofences status pageId url media title subtitle',
		required: 'name application alert startDate geofences pageId url',
	},
	inbox: {
		fields:
			'messageType contentType name application keys custom sendInitiator startDate tzBased tzPastSendAction scheduledTzOffset scheduledTzSupportsDst inclusionLists exclusionLists inclusionDataExtensions exclusionDataExtensions status pageId url subject',
		required: 'name application startDate pageId url subject',
	},
	inboxAlert: {
		fields:
			'messageType contentType name application alert sound badge content-available openDirect keys custom sendInitiator startDate messagesPerPeriod minutesPerPeriod tzBased tzPastSendAction scheduledTzOffset scheduledTzSupportsDst inclusionLists exclusionLists inclusionDataExtensions exclusionDataExtensions status pageId url subject media title subtitle',
		required: 'name application alert startDate pageId url subject',
	},
};
const seedListOf = {
	outbound: 'outbound',
	locationEntry: 'location',
	locationExit: 'location',
	beacon: 'location',
	locationPage: 'locationPage',
	inbox: 'inbox',
	inboxAlert: 'inboxAlert',
} as const;
/** Documented on the page but under no type: endDate for page content types, mutable-content beside media. */
const extras = (kind: keyof typeof seedListOf) => [
	...(['locationPage', 'inbox', 'inboxAlert'].includes(kind) ? ['endDate'] : []),
	...(kind === 'inbox' ? [] : ['mutable-content']),
];
const words = (text: string) => text.split(' ').sort();

describe('fields per message type follow the reference’s lists', () => {
	it.each(Object.keys(seedListOf) as Array<keyof typeof seedListOf>)(
		'%s: allowed and required fields are the listed ones',
		(kind) => {
			const list = SEED_LISTS[seedListOf[kind]];
			expect([...MESSAGE_KINDS[kind].allowed].sort()).toEqual(
				[...words(list.fields), ...extras(kind)].sort(),
			);
			expect([...MESSAGE_KINDS[kind].required].sort()).toEqual(words(list.required));
		},
	);

	it('messageType and contentType per type', () => {
		expect(
			Object.fromEntries(
				Object.entries(MESSAGE_KINDS).map(([kind, spec]) => [
					kind,
					[spec.messageType, spec.contentType],
				]),
			),
		).toEqual({
			outbound: [1, 1],
			locationEntry: [3, 1],
			locationExit: [4, 1],
			locationPage: [3, 3],
			beacon: [5, 1],
			inbox: [8, 2],
			inboxAlert: [8, 3],
		});
	});

	it('a body with every listed field of its type goes out as given, field for field', () => {
		const value: Record<string, unknown> = {
			...base,
			alert: 'A',
			sound: 'default',
			badge: '+1',
			'content-available': 1,
			openDirect: 'OD001',
			keys: [{ key: 'key01', value: 'value01' }],
			custom: { customA: 1 },
			sendInitiator: 0,
			messagesPerPeriod: 1000,
			minutesPerPeriod: 60,
			numberOfPeriods: 24,
			periodType: 5,
			isRollingPeriod: false,
			messageLimit: 1,
			tzBased: true,
			tzPastSendAction: 1,
			scheduledTzOffset: -4,
			scheduledTzSupportsDst: true,
			inclusionLists: [{ id: 'listID01' }],
			exclusionLists: [{ id: 'listID04' }],
			inclusionDataExtensions: [{ id: 'de1' }],
			exclusionDataExtensions: [{ id: 'de2' }],
			status: 2,
			media: {
				iosUrl: 'https://example.com',
				androidUrl: 'https://example.com',
				alt: 'Example ALT Text',
			},
			title: 'T',
			subtitle: 'S',
			'mutable-content': true,
			geofences: [{ id: 'MTIzOjEyODow' }],
			pageId: 456,
			url: 'http://www.example.com',
			subject: 'My inbox subject line',
			endDate: '2014-04-30T14:55:00Z',
		};
		for (const kind of Object.keys(MESSAGE_KINDS) as Array<keyof typeof MESSAGE_KINDS>) {
			const spec = MESSAGE_KINDS[kind];
			const fields = Object.fromEntries(
				spec.allowed.filter((name) => name in value).map((name) => [name, value[name]]),
			);
			expect(buildMessageBody(kind, fields)).toEqual({
				messageType: spec.messageType,
				contentType: spec.contentType,
				...fields,
			});
		}
	});

	it('JSON bodies are checked for their type’s required fields only', () => {
		expect(() =>
			checkMessageJson({ messageType: 8, contentType: 2, ...base, pageId: 1, url: 'u' }),
		).toThrow('Message Type "Inbox Only" needs "subject" in Message (JSON)');
		expect(() => checkMessageJson({ ...base, application: { id: 'a' } })).toThrow(
			'needs "application"',
		);
		expect(
			checkMessageJson({ messageType: 1, contentType: 1, ...base, geofences: [{ id: 'g' }] }),
		).toEqual({ messageType: 1, contentType: 1, ...base, geofences: [{ id: 'g' }] });
	});
});

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
			messagesPerPeriod: 1000,
			minutesPerPeriod: 60,
			tzBased: true,
			tzPastSendAction: 0,
			scheduledTzOffset: -4.0,
			scheduledTzSupportsDst: true,
			inclusionLists: idList('listID01, listID02, listID03'),
			exclusionLists: idList(['listID04', 'listID05', 'listID06']),
			status: 2,
			media: {
				iosUrl: 'https://example.com',
				androidUrl: 'https://example.com',
				alt: 'Example ALT Text',
			},
		};
		expect(buildMessageBody('outbound', fields)).toEqual({
			messageType: 1,
			contentType: 1,
			...fields,
		});
	});

	it.each([
		['locationEntry', 3, 1],
		['locationExit', 4, 1],
		['beacon', 5, 1],
	] as const)(
		'%s sets messageType %i and needs an alert and geofences',
		(kind, messageType, contentType) => {
			expect(() => buildMessageBody(kind, { ...base, alert: 'Hi' })).toThrow('needs Geofence IDs');
			expect(
				buildMessageBody(kind, {
					...base,
					alert: 'Hi',
					geofences: [{ id: 'MTIzOjEyODow' }],
					periodType: 5,
				}),
			).toEqual({
				messageType,
				contentType,
				...base,
				alert: 'Hi',
				geofences: [{ id: 'MTIzOjEyODow' }],
				periodType: 5,
			});
		},
	);

	it('Location Entry/Exit Alert + Page needs a page, and triggers on exit when asked', () => {
		expect(() =>
			buildMessageBody('locationPage', { ...base, alert: 'Hi', geofences: [{ id: 'g' }] }),
		).toThrow('needs Page ID, Page URL');
		expect(
			buildMessageBody(
				'locationPage',
				{
					...base,
					alert: 'Hi',
					geofences: [{ id: 'g' }],
					pageId: 456,
					url: 'http://www.example.com',
				},
				'exit',
			),
		).toMatchObject({ messageType: 4, contentType: 3 });
	});

	it('Inbox Only needs page and subject and takes no alert', () => {
		expect(() =>
			buildMessageBody('inbox', { ...base, pageId: 456, url: 'http://www.example.com' }),
		).toThrow('needs Subject');
		expect(() =>
			buildMessageBody('inbox', { ...base, pageId: 456, url: 'u', subject: 's', alert: 'Hi' }),
		).toThrow('"alert" does not apply to Message Type "Inbox Only"');
		expect(
			buildMessageBody('inbox', {
				...base,
				pageId: 456,
				url: 'u',
				subject: 'My inbox subject line',
			}),
		).toEqual({
			messageType: 8,
			contentType: 2,
			...base,
			pageId: 456,
			url: 'u',
			subject: 'My inbox subject line',
		});
	});

	it('Inbox + Alert needs the alert, page and subject', () => {
		expect(() =>
			buildMessageBody('inboxAlert', { ...base, pageId: 1, url: 'u', subject: 's' }),
		).toThrow('needs Alert');
		expect(
			buildMessageBody('inboxAlert', { ...base, pageId: 1, url: 'u', subject: 's', alert: 'A' }),
		).toMatchObject({ messageType: 8, contentType: 3 });
	});

	it('every type requires name, application and start date', () => {
		for (const kind of Object.keys(MESSAGE_KINDS) as Array<keyof typeof MESSAGE_KINDS>) {
			expect(() => buildMessageBody(kind, {})).toThrow(
				/^Message Type ".+" needs Name, Application ID and Name, Start Date/,
			);
		}
	});

	it('refuses fields that break the documented limits', () => {
		expect(() => buildMessageBody('outbound', { ...base, name: 'x'.repeat(101) })).toThrow(
			'100 characters',
		);
		expect(() => buildMessageBody('outbound', { ...base, openDirect: 'x'.repeat(16) })).toThrow(
			'15 characters',
		);
		const inbox = { ...base, pageId: 456, url: 'http://www.example.com', subject: 's' };
		expect(() => buildMessageBody('inbox', { ...inbox, endDate: '2014-04-30T14:00:00Z' })).toThrow(
			'End Date must be after Start Date',
		);
		expect(buildMessageBody('inbox', { ...inbox, endDate: '2014-04-30T14:55:00Z' }).endDate).toBe(
			'2014-04-30T14:55:00Z',
		);
	});
});

describe('Send Message Batch elements', () => {
	it('match the seed example', () => {
		const element = batchElement(
			{
				kind: 'SubscriberKeys',
				InclusionTags: ['baseballTeam'],
				Message: { Alert: 'Good game team!', badge: '+1', sound: 'default', custom: { '6': '20' } },
			},
			['SubscriberKey1'],
		);
		expect(element).toEqual({
			SubscriberKeys: ['SubscriberKey1'],
			InclusionTags: ['baseballTeam'],
			Message: { Alert: 'Good game team!', badge: '+1', sound: 'default', custom: { '6': '20' } },
		});
	});

	it('match the seed example with device tokens and subscriber keys in one call', () => {
		const templates = [
			{
				kind: 'DeviceTokens' as const,
				InclusionTags: ['footballTeam'],
				Message: { Alert: 'Your team WINS!', badge: '+1', sound: 'default', custom: { '6': '20' } },
			},
			{
				kind: 'SubscriberKeys' as const,
				InclusionTags: ['baseballTeam'],
				Message: { Alert: 'Good game team!', badge: '+1', sound: 'default', custom: { '6': '20' } },
			},
		];
		const recipients = [['DeviceToken1', 'DeviceToken2'], ['SubscriberKey1']];
		const [call, ...more] = packUnits(
			recipients.map((list, itemIndex) => ({
				itemIndex,
				groupKey: 'MToxMTQ6MA',
				group: 'MToxMTQ6MA',
				recipients: list,
			})),
			{ maxRecipients: MAX_RECIPIENTS_PER_CALL },
		);
		expect(more).toEqual([]);
		expect(
			call.segments.map((segment) =>
				batchElement(templates[segment.itemIndex], segment.recipients),
			),
		).toEqual([
			{
				DeviceTokens: ['DeviceToken1', 'DeviceToken2'],
				InclusionTags: ['footballTeam'],
				Message: { Alert: 'Your team WINS!', badge: '+1', sound: 'default', custom: { '6': '20' } },
			},
			{
				SubscriberKeys: ['SubscriberKey1'],
				InclusionTags: ['baseballTeam'],
				Message: { Alert: 'Good game team!', badge: '+1', sound: 'default', custom: { '6': '20' } },
			},
		]);
	});

	it('packs tokens and keys into calls of at most 5,000 in all, one element per item segment', () => {
		const sizes = [3000, 3000, 5001, 1];
		const units = sizes.map((size, itemIndex) => ({
			itemIndex,
			groupKey: 'm',
			group: 'm',
			recipients: Array.from({ length: size }, (_, i) => `k${itemIndex}-${i}`),
		}));
		const calls = packUnits(units, { maxRecipients: MAX_RECIPIENTS_PER_CALL });
		expect(
			calls.map((call) =>
				call.segments.map((segment) => [segment.itemIndex, segment.recipients.length]),
			),
		).toEqual([
			[
				[0, 3000],
				[1, 2000],
			],
			[
				[1, 1000],
				[2, 4000],
			],
			[
				[2, 1001],
				[3, 1],
			],
		]);
		expect(calls.flatMap((call) => call.segments.flatMap((segment) => segment.recipients))).toEqual(
			units.flatMap((unit) => unit.recipients),
		);
	});

	it('tokenIds are read per element, in order', () => {
		const response = [
			{ tokenId: 'a', deviceTokens: ['x'] },
			{ tokenId: 'b', subscriberKeys: ['y'] },
		];
		expect([
			tokenIdAt(response, 0),
			tokenIdAt(response, 1),
			tokenIdAt(response, 2),
			tokenIdAt({}, 0),
		]).toEqual(['a', 'b', undefined, undefined]);
	});

	it('send times must be yyyy-MM-dd HH:mm and exist', () => {
		expect(checkSendTime('2030-01-31 23:59')).toBe('2030-01-31 23:59');
		expect(() => checkSendTime('2030-02-30 10:00')).toThrow('not a valid send time');
		expect(() => checkSendTime('2030-01-01T10:00')).toThrow('not a valid send time');
	});
});

describe('auth', () => {
	it('the token request is the documented JSON body', () => {
		expect(
			tokenRequestBody({
				clientId: ' id ',
				clientSecret: 'secret',
				accountId: '12345',
				scope: 'push_read push_send',
			}),
		).toEqual({
			grant_type: 'client_credentials',
			client_id: 'id',
			client_secret: 'secret',
			account_id: 12345,
			scope: 'push_read push_send',
		});
		expect(tokenRequestBody({ clientId: 'id', clientSecret: 's' })).toEqual({
			grant_type: 'client_credentials',
			client_id: 'id',
			client_secret: 's',
		});
	});

	it('accepts a subdomain, the Authentication Base URI, or a local URL', () => {
		expect(authBaseUrl('mc563885gzs27c5t9-63k636tzgm')).toBe(
			'https://mc563885gzs27c5t9-63k636tzgm.auth.marketingcloudapis.com',
		);
		expect(authBaseUrl('https://mc563885gzs27c5t9-63k636tzgm.auth.marketingcloudapis.com/')).toBe(
			'https://mc563885gzs27c5t9-63k636tzgm.auth.marketingcloudapis.com',
		);
		expect(authBaseUrl('http://127.0.0.1:5702/')).toBe('http://127.0.0.1:5702');
		expect(() => authBaseUrl('my tenant')).toThrow('neither a subdomain');
	});

	it('derives the REST base from the subdomain when a token response has none', () => {
		expect(restBaseFromAuthBase('mc563885gzs27c5t9-63k636tzgm')).toBe(
			'https://mc563885gzs27c5t9-63k636tzgm.rest.marketingcloudapis.com',
		);
		expect(
			restBaseFromAuthBase('https://mc563885gzs27c5t9-63k636tzgm.auth.marketingcloudapis.com/'),
		).toBe('https://mc563885gzs27c5t9-63k636tzgm.rest.marketingcloudapis.com');
		expect(restBaseFromAuthBase('http://127.0.0.1:5702/')).toBe('http://127.0.0.1:5702');
	});

	it('normalises rest_instance_url with or without a scheme', () => {
		expect(normaliseRestUrl('mc563885gzs27c5t9-63k636tzgm.rest.marketingcloudapis.com')).toBe(
			'https://mc563885gzs27c5t9-63k636tzgm.rest.marketingcloudapis.com',
		);
		expect(normaliseRestUrl('https://x.rest.marketingcloudapis.com/')).toBe(
			'https://x.rest.marketingcloudapis.com',
		);
	});
});

describe('error bodies in the three shapes', () => {
	it('push routes, platform and OAuth', () => {
		expect(
			describeSfmcError(400, { errors: ['The count of DeviceTokens cannot be zero.'] }),
		).toMatchObject({ serviceMessage: 'The count of DeviceTokens cannot be zero.' });
		expect(
			describeSfmcError(429, {
				message: 'Rate limit exceeded',
				errorcode: 50100,
				documentation: '',
			}),
		).toMatchObject({ serviceMessage: 'Rate limit exceeded', code: '50100' });
		expect(
			describeSfmcError(401, {
				error: 'invalid_client',
				error_description: 'Client authentication failed.',
			}),
		).toMatchObject({
			serviceMessage: 'invalid_client: Client authentication failed.',
			hint: expect.stringContaining('Installed Packages'),
		});
		expect(
			describeSfmcError(400, { errors: ['The status for Message X is not set to Active.'] }).hint,
		).toContain('Activate the message');
	});

	it('a blank message says where the text goes', () => {
		expect(
			describeSfmcError(400, { errors: ['Message is blank and no override message was provided.'] })
				.hint,
		).toBe(
			'Give Message Text (or Alert in a batch), or give the message definition an alert with Message → Update, then send again.',
		);
		expect(
			describeSfmcError(400, { errors: ['Cannot override message text with a blank message.'] })
				.hint,
		).toMatch(/^Override is on but Message Text is empty/);
	});
});
