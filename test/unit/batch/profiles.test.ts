import {
	buildProfileAttributes,
	buildProfileOperation,
	readPartialErrors,
} from '../../../packages/batch-com/nodes/BatchCom/protocol/profiles';

describe('profiles/update', () => {
	it('maps SUCCESS_WITH_PARTIAL_ERRORS entries to the operations named by bulk_index, with the reason', () => {
		const partial = readPartialErrors(
			{
				code: 'SUCCESS_WITH_PARTIAL_ERRORS',
				errors: [
					{ category: 'attributes', bulk_index: 2, reason: 'TEXT_TOO_LONG', attribute: 'bio' },
					{ category: 'events', bulk_index: 0, reason: 'EVENT_TOO_OLD' },
					{ category: 'attributes', bulk_index: 2, reason: 'INVALID_TYPE' },
				],
			},
			3,
		);
		expect(partial.code).toBe('SUCCESS_WITH_PARTIAL_ERRORS');
		expect([...partial.byIndex.keys()].sort()).toEqual([0, 2]);
		expect(partial.byIndex.get(0)).toBe('events: EVENT_TOO_OLD');
		expect(partial.byIndex.get(2)).toBe(
			'attributes: TEXT_TOO_LONG (attribute "bio"); attributes: INVALID_TYPE',
		);
		expect(partial.unmatched).toEqual([]);
	});

	it('keeps an error whose bulk_index names no operation instead of dropping it', () => {
		const partial = readPartialErrors(
			{ code: 'SUCCESS_WITH_PARTIAL_ERRORS', errors: [{ bulk_index: 7, reason: 'X' }] },
			3,
		);
		expect(partial.byIndex.size).toBe(0);
		expect(partial.unmatched).toEqual(['X']);
	});

	it('reads a plain SUCCESS as no failures', () => {
		expect(readPartialErrors({ code: 'SUCCESS' }, 2).byIndex.size).toBe(0);
	});

	it('builds an operation with identifiers, typed attributes and events', () => {
		const attributes = buildProfileAttributes([
			{ name: '$language', type: 'string', value: 'fr' },
			{ name: 'birthday', type: 'date', value: '1990-01-02T00:00:00.000Z' },
			{ name: 'site', type: 'url', value: 'https://example.com' },
			{ name: 'visits', type: 'integer', value: '3' },
			{ name: 'hobbies', type: 'array', value: 'chess, running' },
		]);
		expect(
			buildProfileOperation({ customId: 'u1', attributes, events: [{ name: 'signup' }] }),
		).toEqual({
			identifiers: { custom_id: 'u1' },
			attributes: {
				$language: 'fr',
				'date(birthday)': '1990-01-02T00:00:00Z',
				'url(site)': 'https://example.com',
				visits: 3,
				hobbies: ['chess', 'running'],
			},
			events: [{ name: 'signup' }],
		});
		expect(() => buildProfileOperation({ customId: 'u1' })).toThrow(/nothing to update/);
		expect(() => buildProfileOperation({ customId: 'u1', events: [{}] })).toThrow(
			/Event 1 has no "name"/,
		);
	});
});
