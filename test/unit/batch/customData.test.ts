import { packUnits, type Unit } from '../../../packages/core/packing';
import {
	buildCustomDataValues,
	bulkCustomDataBody,
	CUSTOM_DATA_BULK_MAX,
	customDataUpdate,
} from '../../../packages/batch-com/nodes/BatchCom/protocol/customData';

describe('custom data', () => {
	it('keys attributes u.name, dates date(u.name) and tag collections ut.name, with typed values', () => {
		const values = buildCustomDataValues(
			[
				{ name: 'Nickname', type: 'string', value: 'Nick' },
				{ name: 'age', type: 'integer', value: '42' },
				{ name: 'score', type: 'float', value: 2.5 },
				{ name: 'premium', type: 'boolean', value: 'true' },
				{ name: 'last_purchase', type: 'date', value: '2024-05-01T10:00:00.000Z' },
			],
			[
				{ collection: 'interests', mode: 'set', tags: ['sports', 'tech'] },
				{ collection: 'badges', mode: 'add', tags: ['gold'] },
				{ collection: 'badges', mode: 'remove', tags: ['silver'] },
			],
		);
		expect(values).toEqual({
			'u.nickname': 'Nick',
			'u.age': 42,
			'u.score': 2.5,
			'u.premium': true,
			'date(u.last_purchase)': '2024-05-01T10:00:00',
			'ut.interests': ['sports', 'tech'],
			'ut.badges': { $add: ['gold'], $remove: ['silver'] },
		});
	});

	it('refuses a value that does not fit its type and a name Batch does not accept', () => {
		expect(() =>
			buildCustomDataValues([{ name: 'age', type: 'integer', value: '4.5' }], []),
		).toThrow(/"age" should be a whole number/);
		expect(() =>
			buildCustomDataValues([{ name: 'my-attr', type: 'string', value: 'x' }], []),
		).toThrow(/"my-attr"/);
		expect(() => customDataUpdate({}, false)).toThrow(/nothing to update/);
	});

	it('writes the bulk body as [{id, update: {overwrite, values}}] in item order', () => {
		expect(
			bulkCustomDataBody([{ id: 'u1', update: customDataUpdate({ 'u.a': 1 }, false) }]),
		).toEqual([{ id: 'u1', update: { overwrite: false, values: { 'u.a': 1 } } }]);
	});

	it('packs 25,000 users of a bulk update into calls of at most 10,000, one entry per item', () => {
		const units: Array<Unit<null>> = Array.from({ length: 25000 }, (_, item) => ({
			itemIndex: item,
			groupKey: 'users',
			group: null,
			recipients: [`u${item}`],
		}));
		const requests = packUnits(units, { maxRecipients: CUSTOM_DATA_BULK_MAX });
		expect(requests.map((r) => r.segments.length)).toEqual([10000, 10000, 5000]);
		expect(requests.flatMap((r) => r.segments.map((s) => s.itemIndex))).toEqual(
			units.map((u) => u.itemIndex),
		);
	});
});
