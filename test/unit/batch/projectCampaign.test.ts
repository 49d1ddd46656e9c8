import {
	buildProjectCampaign,
	checkOrchestrationId,
	checkProjectCampaign,
	statsWindow,
	type ProjectCampaignInput,
} from '../../../packages/batch-com/nodes/BatchCom/protocol/projectCampaign';

const NOW = Date.parse('2030-01-10T12:00:00Z');
const base: ProjectCampaignInput = {
	name: 'The campaign name',
	state: 'RUNNING',
	when: { kind: 'now' },
	message: { channel_type: 'push' },
};
const build = (input: Partial<ProjectCampaignInput>, partial = false) =>
	buildProjectCampaign({ ...base, ...input }, partial, NOW);

describe('CEP campaign body (campaigns/create)', () => {
	it("has the shape of Batch's documented example: name, state, when, targeting, one message", () => {
		const body = build({
			targeting: { languages: ['fr'], regions: ['FR'], query: { firstname: { $eq: 'Jane' } } },
		});
		expect(body).toEqual({
			name: 'The campaign name',
			state: 'RUNNING',
			when: { local_time: false, start_time: 'now' },
			targeting: { languages: ['fr'], regions: ['FR'], query: { firstname: { $eq: 'Jane' } } },
			messages: [{ channel_type: 'push' }],
		});
	});

	it('sends a UTC time as start_time with Z, converting an offset, and local_time false', () => {
		expect(build({ when: { kind: 'utc', dateTime: '2030-01-24T12:22:00+02:00' } }).when).toEqual({
			start_time: '2030-01-24T10:22:00Z',
			local_time: false,
		});
	});

	it("sends a user's local time as the wall clock with local_time true", () => {
		expect(build({ when: { kind: 'local', dateTime: '2030-01-24T09:00' } }).when).toEqual({
			start_time: '2030-01-24T09:00:00Z',
			local_time: true,
		});
	});

	it('adds labels and the send rate only when given, and leaves out empty targeting', () => {
		const body = build({
			labels: ['promo', 'weekly'],
			sendRate: 100000,
			targeting: { languages: [], query: {} },
		});
		expect(body).toMatchObject({ labels: ['promo', 'weekly'], send_rate: 100000 });
		expect(body).not.toHaveProperty('targeting');
		expect(build({})).not.toHaveProperty('labels');
		expect(build({})).not.toHaveProperty('send_rate');
	});

	it('takes the message as given, an object or a one-element array, and checks only its frame', () => {
		const message = { channel_type: 'email', subject: 'S', html: '<p>x</p>' };
		expect(build({ message }).messages).toEqual([message]);
		expect(build({ message: [message] }).messages).toEqual([message]);
		expect(() => build({ message: [message, message] })).toThrow(/exactly one message/);
		expect(() => build({ message: [] })).toThrow(/exactly one message/);
		expect(() => build({ message: { title: 'no type' } })).toThrow(/channel_type/);
		expect(() => build({ message: 'push' })).toThrow(/JSON object/);
	});

	it('refuses what Batch documents as invalid before anything is sent', () => {
		expect(() => build({ name: '  ' })).toThrow('The campaign name is empty');
		expect(() => build({ state: 'PAUSED' })).toThrow(/DRAFT, RUNNING, STOPPED/);
		expect(() => build({ labels: ['a', 'b', 'c', 'd', 'e', 'f'] })).toThrow(/at most 5/);
		expect(() => build({ sendRate: 999 })).toThrow(/1,000 to 1,000,000/);
		expect(() => build({ sendRate: 1_000_001 })).toThrow(/1,000 to 1,000,000/);
		expect(() => build({ sendRate: 1500.5 })).toThrow(/whole number/);
		expect(() => build({ when: { kind: 'utc', dateTime: '2030-01-09T12:00:00Z' } })).toThrow(
			/in the past/,
		);
		expect(() => build({ when: { kind: 'utc', dateTime: 'tomorrow' } })).toThrow(
			/not a valid date/,
		);
	});

	it('needs name, state, when and messages for Create, and at least one field for an Update', () => {
		expect(() =>
			checkProjectCampaign({ name: 'x', state: 'DRAFT', when: { start_time: 'now' } }),
		).toThrow('The campaign has no "messages", which Batch requires');
		expect(checkProjectCampaign({ state: 'STOPPED' }, true)).toEqual({ state: 'STOPPED' });
		expect(() => checkProjectCampaign({}, true)).toThrow(/nothing to update/);
	});

	it('checks a JSON body the same way and passes fields it does not know through', () => {
		const json = {
			name: 'x',
			state: 'DRAFT',
			when: { start_time: '2030-02-01T10:00:00Z', local_time: false },
			messages: [{ channel_type: 'push', anything: { deep: true } }],
			future_field: 1,
		};
		expect(checkProjectCampaign(json, false, NOW)).toBe(json);
		expect(() =>
			checkProjectCampaign({ ...json, when: { start_time: '2030-02-01 10:00' } }, false, NOW),
		).toThrow(/"now" or a date and time/);
		expect(() =>
			checkProjectCampaign({ ...json, when: { start_time: 'now', local_time: 'yes' } }, false, NOW),
		).toThrow(/local_time/);
		expect(() =>
			checkProjectCampaign({ ...json, targeting: { languages: 'fr' } }, false, NOW),
		).toThrow(/targeting.languages/);
		expect(() => checkProjectCampaign({ ...json, targeting: { query: [] } }, false, NOW)).toThrow(
			/targeting.query/,
		);
	});

	it('accepts a local start time until it has passed in the last time zone', () => {
		const when = { start_time: '2030-01-10T01:00:00Z', local_time: true };
		expect(() => checkProjectCampaign({ when }, true, NOW)).not.toThrow();
		expect(() => checkProjectCampaign({ when: { ...when, local_time: false } }, true, NOW)).toThrow(
			/in the past/,
		);
	});
});

describe('CEP orchestration ids and stats days', () => {
	it('takes an orchestration id as Create returned it and refuses others', () => {
		expect(checkOrchestrationId(' orchestration_0664hyh918hr1gnzka9py5t62nrc0e1q ')).toBe(
			'orchestration_0664hyh918hr1gnzka9py5t62nrc0e1q',
		);
		expect(() => checkOrchestrationId('')).toThrow('The campaign ID is empty');
		expect(() => checkOrchestrationId('a/../b')).toThrow(/characters/);
	});

	it('sends yyyy-MM-dd days, from a date or a date-time, From not after To', () => {
		expect(statsWindow('2030-01-01T10:00:00.000Z', '2030-01-05', NOW)).toEqual({
			from: '2030-01-01',
			to: '2030-01-05',
		});
		expect(() => statsWindow('2030-01-06', '2030-01-05', NOW)).toThrow(/after To/);
		expect(() => statsWindow('2030-02-30', '2030-03-01', NOW)).toThrow(/not a date/);
		expect(() => statsWindow('', '2030-03-01', NOW)).toThrow(/From "" is not a date/);
	});

	it('refuses a From more than six months ago, as Batch documents', () => {
		expect(() => statsWindow('2029-07-09', '2030-01-01', NOW)).toThrow(/more than six months ago/);
		expect(statsWindow('2029-07-10', '2030-01-01', NOW).from).toBe('2029-07-10');
	});
});
