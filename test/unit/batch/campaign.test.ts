import {
	buildCampaignBody,
	checkCampaignJson,
	type CampaignInput,
} from '../../../packages/batch-com/nodes/BatchCom/protocol/campaign';
import { formatPushTime } from '../../../packages/batch-com/nodes/BatchCom/protocol/pushTime';

const base: CampaignInput = {
	name: 'Test Campaign',
	live: true,
	when: { kind: 'now' },
	message: { language: 'en', body: 'Hello!' },
};

describe('campaign body', () => {
	it("matches Batch's minimal documented example for a campaign sent now", () => {
		expect(JSON.stringify(buildCampaignBody(base))).toBe(
			'{"name":"Test Campaign","live":true,"push_time":"now","messages":[{"language":"en","body":"Hello!"}]}',
		);
	});

	it('sends a UTC date and time as push_time in yyyy-MM-ddTHH:mm:ss, converting an offset to UTC', () => {
		expect(
			buildCampaignBody({ ...base, when: { kind: 'utc', dateTime: '2030-06-01T09:30:00' } }),
		).toMatchObject({ push_time: '2030-06-01T09:30:00' });
		const body = buildCampaignBody({
			...base,
			when: { kind: 'utc', dateTime: '2030-06-01T11:30:00.000+02:00' },
		});
		expect(body.push_time).toBe('2030-06-01T09:30:00');
		expect(body).not.toHaveProperty('local_push_time');
	});

	it("sends a user's local time as local_push_time, the wall clock as written, and no push_time", () => {
		const body = buildCampaignBody({
			...base,
			when: { kind: 'local', dateTime: '2030-12-24T18:00' },
		});
		expect(body.local_push_time).toBe('2030-12-24T18:00:00');
		expect(body).not.toHaveProperty('push_time');
	});

	it('puts the default message first and one message per language after it', () => {
		const body = buildCampaignBody({
			...base,
			message: { language: 'en', title: 'Hi', body: 'Hello!' },
			localized: [
				{ language: 'FR', title: 'Salut', body: 'Bonjour !' },
				{ language: 'de', body: 'Hallo!' },
			],
		});
		expect(body.messages).toEqual([
			{ language: 'en', title: 'Hi', body: 'Hello!' },
			{ language: 'fr', title: 'Salut', body: 'Bonjour !' },
			{ language: 'de', body: 'Hallo!' },
		]);
	});

	it("writes targeting, media, payload and delivery options under Batch's field names", () => {
		const body = buildCampaignBody({
			...base,
			targeting: {
				segments: ['DORMANT'],
				languages: ['EN'],
				regions: ['fr'],
				customAudiences: ['vip'],
				query: '{"u.plan":"premium"}',
			},
			options: {
				deeplink: 'app://offers',
				customPayload: '{"screen":"offers"}',
				media: { picture: 'https://img/x.png', icon: '' },
				priority: 'normal',
				timeToLive: 3600,
				collapseKey: 'offers',
				labels: ['promo'],
			},
			recurrence: { repeatUnit: 'WEEKLY', repeatFrequency: 2, capping: 4 },
		});
		expect(body).toEqual({
			name: 'Test Campaign',
			live: true,
			push_time: 'now',
			targeting: {
				segments: ['DORMANT'],
				languages: ['en'],
				regions: ['FR'],
				custom_audiences: ['vip'],
				query: { 'u.plan': 'premium' },
			},
			messages: [{ language: 'en', body: 'Hello!' }],
			priority: 'normal',
			time_to_live: 3600,
			gcm_collapse_key: { enabled: true, key: 'offers' },
			media: { picture: 'https://img/x.png' },
			deeplink: 'app://offers',
			custom_payload: '{"screen":"offers"}',
			labels: ['promo'],
			recurrence: { repeat_unit: 'WEEKLY', repeat_frequency: 2, capping: 4 },
		});
	});

	it.each([
		['a name shorter than 3 characters', { name: 'ab' }, /shorter than 3 characters/],
		['an empty body', { message: { language: 'en', body: '  ' } }, /message body is empty/],
		[
			'a date that does not exist',
			{ when: { kind: 'utc', dateTime: '2030-02-30T10:00:00' } },
			/not a valid date and time/,
		],
		[
			'a time that is not a time',
			{ when: { kind: 'utc', dateTime: 'tomorrow' } },
			/not a valid date and time/,
		],
		[
			'a local time with an offset',
			{ when: { kind: 'local', dateTime: '2030-06-01T09:30:00+02:00' } },
			/time zone offset/,
		],
		['four labels', { options: { labels: ['a', 'b', 'c', 'd'] } }, /at most 3/],
		['a time to live over 28 days', { options: { timeToLive: 2419201 } }, /time to live/],
		['a language given twice', { localized: [{ language: 'EN', body: 'x' }] }, /"en"/],
	])('refuses %s', (_what, change, message) => {
		expect(() => buildCampaignBody({ ...base, ...(change as Partial<CampaignInput>) })).toThrow(
			message,
		);
	});

	it('checks a raw JSON body by the same rules and normalizes its push time', () => {
		expect(
			checkCampaignJson({
				name: 'Raw one',
				live: false,
				push_time: '2030-01-01T08:00',
				messages: [{ language: 'en', body: 'x' }],
			}),
		).toMatchObject({ push_time: '2030-01-01T08:00:00' });
		expect(() =>
			checkCampaignJson({
				name: 'Raw one',
				live: false,
				messages: [{ language: 'en', body: 'x' }],
			}),
		).toThrow(/exactly one/);
		expect(() =>
			checkCampaignJson({
				name: 'Raw one',
				live: false,
				push_time: 'now',
				local_push_time: '2030-01-01T08:00:00',
				messages: [{ body: 'x' }],
			}),
		).toThrow(/exactly one/);
		expect(() =>
			checkCampaignJson({
				name: 'Raw one',
				live: false,
				push_time: 'now',
				messages: [{ language: 'en' }],
			}),
		).toThrow(/messages\[0\] has no body/);
	});

	it('reads the date field of n8n (ISO with milliseconds and Z) as a UTC time', () => {
		expect(formatPushTime('utc', '2030-06-01T09:30:00.000Z')).toBe('2030-06-01T09:30:00');
		expect(formatPushTime('local', '2030-06-01T09:30:00.000Z')).toBe('2030-06-01T09:30:00');
	});

	it('refuses a push time already past: a UTC time before now, a local time once it has passed in every time zone', () => {
		const now = Date.parse('2030-06-01T12:00:00Z');
		expect(() => formatPushTime('utc', '2030-06-01T11:59:00Z', now)).toThrow(
			'The push time 2030-06-01T11:59:00 (UTC) is in the past; give a future time, or Send: Now',
		);
		expect(formatPushTime('utc', '2030-06-01T12:01:00Z', now)).toBe('2030-06-01T12:01:00');
		// 09:00 wall clock is still ahead in UTC−12 (21:00 UTC), so some users get it.
		expect(formatPushTime('local', '2030-06-01T09:00:00', now)).toBe('2030-06-01T09:00:00');
		expect(() => formatPushTime('local', '2030-05-31T23:00:00', now)).toThrow(
			'The local push time 2030-05-31T23:00:00 has passed in every time zone; give a future time, or Send: Now',
		);
	});
});
