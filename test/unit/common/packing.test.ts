import {
	groupUnits,
	packCanonical,
	packUnits,
	recipientsJson,
	splitRequest,
	type Unit,
} from '../../../packages/core/packing';
import { parseRecipientList } from '../../../packages/core/recipients';

const handles = (prefix: string, count: number) =>
	Array.from({ length: count }, (_, i) => `${prefix}${i}`);
const unit = (itemIndex: number, recipients: string[], groupKey = 'same'): Unit<string> => ({
	itemIndex,
	groupKey,
	group: groupKey,
	recipients,
});

describe('packUnits', () => {
	it('splits 2,500 one-handle items into requests of 1,000, 1,000 and 500, each handle once', () => {
		const units = handles('h', 2500).map((h, i) => unit(i, [h]));
		const requests = packUnits(units, { maxRecipients: 1000 });
		expect(requests.map((r) => r.size)).toEqual([1000, 1000, 500]);
		const sent = requests.flatMap((r) => r.segments.flatMap((s) => s.recipients));
		expect(sent).toEqual(handles('h', 2500));
		expect(requests[1].segments[0].itemIndex).toBe(1000);
	});

	it('splits one item holding 2,500 handles across three requests, each segment naming that item', () => {
		const requests = packUnits([unit(0, handles('h', 2500))], { maxRecipients: 1000 });
		expect(requests.map((r) => r.size)).toEqual([1000, 1000, 500]);
		expect(requests.flatMap((r) => r.segments.map((s) => s.itemIndex))).toEqual([0, 0, 0]);
		expect(requests.flatMap((r) => r.segments.flatMap((s) => s.recipients))).toEqual(
			handles('h', 2500),
		);
	});

	it('never puts two different messages in one request', () => {
		const units = [unit(0, ['a'], 'x'), unit(1, ['b'], 'y'), unit(2, ['c'], 'x')];
		const requests = packUnits(units, { maxRecipients: 1000 });
		expect(requests).toHaveLength(2);
		expect(requests[0].segments.map((s) => s.itemIndex)).toEqual([0, 2]);
		expect(requests[1].segments.map((s) => s.itemIndex)).toEqual([1]);
	});

	it('fills a request up to the limit before starting the next, splitting an item at the boundary', () => {
		const requests = packUnits([unit(0, handles('a', 700)), unit(1, handles('b', 700))], {
			maxRecipients: 1000,
		});
		expect(requests.map((r) => r.segments.map((s) => [s.itemIndex, s.recipients.length]))).toEqual([
			[
				[0, 700],
				[1, 300],
			],
			[[1, 400]],
		]);
	});

	it('keeps a request under a byte limit as well as a count limit', () => {
		// 10 recipients of 10 bytes + 3 bytes overhead each = 130 bytes; 50 bytes fit 3 per request.
		const units = [
			unit(
				0,
				handles('recipient', 10).map((h) => h.padEnd(10, 'x')),
			),
		];
		const requests = packUnits(units, { maxRecipients: 1000, maxBytes: 50, bytesPerRecipient: 3 });
		expect(requests.map((r) => r.size)).toEqual([3, 3, 3, 1]);
	});

	it('refuses a single recipient larger than a whole request', () => {
		expect(() =>
			packUnits([unit(0, ['x'.repeat(100)])], { maxRecipients: 10, maxBytes: 50 }),
		).toThrow(/larger than a whole request/);
	});

	it('gives a recipient-less unit its own request only when asked to', () => {
		expect(packUnits([unit(0, [])], { maxRecipients: 10 })).toHaveLength(0);
		expect(
			packUnits([unit(0, []), unit(1, [])], { maxRecipients: 10, allowEmpty: true }),
		).toHaveLength(2);
	});

	it('packs a million handles into 1,000 requests without copying handles per request more than once', () => {
		const million = handles('', 1_000_000);
		const requests = packUnits([unit(0, million)], { maxRecipients: 1000 });
		expect(requests).toHaveLength(1000);
		expect(requests[999].segments[0].recipients[999]).toBe('999999');
	});
});

describe('groupUnits', () => {
	it('keeps groups in order of first appearance', () => {
		const groups = groupUnits([unit(0, ['a'], 'k2'), unit(1, ['b'], 'k1'), unit(2, ['c'], 'k2')]);
		expect(groups.map((g) => g.map((u) => u.itemIndex))).toEqual([[0, 2], [1]]);
	});

	it('groups runs of equal keys and keys that come back after another', () => {
		const keys = ['a', 'a', 'b', 'b', 'a', 'c', 'b'];
		const groups = groupUnits(keys.map((key, i) => unit(i, [String(i)], `${key}`)));
		expect(groups.map((g) => g.map((u) => u.itemIndex))).toEqual([[0, 1, 4], [2, 3, 6], [5]]);
	});
});

describe('splitRequest', () => {
	it('halves a 413-refused request by recipients, keeping every recipient exactly once', () => {
		const [request] = packUnits([unit(0, handles('a', 3)), unit(1, handles('b', 4))], {
			maxRecipients: 1000,
		});
		const [first, second] = splitRequest(request);
		expect(first.size).toBe(4);
		expect(second.size).toBe(3);
		expect([...first.segments, ...second.segments].flatMap((s) => s.recipients)).toEqual([
			...handles('a', 3),
			...handles('b', 4),
		]);
		expect(first.segments.map((s) => s.itemIndex)).toEqual([0, 1]);
		expect(second.segments.map((s) => s.itemIndex)).toEqual([1]);
	});

	it('cannot split a single recipient', () => {
		const [request] = packUnits([unit(0, ['only'])], { maxRecipients: 10 });
		expect(splitRequest(request)).toEqual([request]);
	});
});

describe('parseRecipientList', () => {
	it('accepts one value, an array, or a comma-, semicolon- or newline-separated list', () => {
		expect(parseRecipientList('abc')).toEqual(['abc']);
		expect(parseRecipientList(['a', 'b', ['c']])).toEqual(['a', 'b', 'c']);
		expect(parseRecipientList('a, b\nc;d\r\n')).toEqual(['a', 'b', 'c', 'd']);
		expect(parseRecipientList(12345)).toEqual(['12345']);
	});

	it('reads a JSON array that arrived as a string', () => {
		expect(parseRecipientList('["x","y"]')).toEqual(['x', 'y']);
	});

	it('trims each entry, also a single one, and splits only on the separators', () => {
		expect(parseRecipientList(['  a  ', '\u00a0b\u00a0', 'c d'])).toEqual(['a', 'b', 'c d']);
		expect(parseRecipientList(' [x] ')).toEqual(['[x]']);
		expect(parseRecipientList('[x, y')).toEqual(['[x', 'y']);
	});

	it('skips blanks but keeps duplicates, which are the workflow’s choice', () => {
		expect(parseRecipientList(['a', '', ' ', 'a', null])).toEqual(['a', 'a']);
	});

	it('refuses objects with a message saying what it expected', () => {
		expect(() => parseRecipientList({ token: 'x' })).toThrow(
			'expected text or a list of text, got an object',
		);
	});
});

describe('packCanonical', () => {
	const contents = (requests: ReturnType<typeof packCanonical<string>>) =>
		requests.map((r) => r.segments.flatMap((s) => s.recipients));

	it('makes the same requests from the same recipients in any item order and any split over items', () => {
		const all = handles('device-', 2500);
		const inOrder = packCanonical([unit(0, all)], { maxRecipients: 1000 });
		const shuffled = packCanonical(
			[
				unit(0, all.slice(1200).reverse()),
				unit(1, all.slice(0, 700)),
				unit(2, all.slice(700, 1200).reverse()),
			],
			{ maxRecipients: 1000 },
		);
		expect(inOrder.map((r) => r.size)).toEqual([1000, 1000, 500]);
		expect(contents(shuffled)).toEqual(contents(inOrder));
		expect(contents(inOrder).flat().sort()).toEqual([...all].sort());
	});

	it('keeps each item’s recipients attributed to it and never mixes groups', () => {
		const requests = packCanonical(
			[unit(0, ['a', 'b'], 'x'), unit(1, ['c'], 'y'), unit(2, ['d', 'e'], 'x')],
			{ maxRecipients: 10 },
		);
		expect(requests).toHaveLength(2);
		const byItem = (r: (typeof requests)[number]) =>
			r.segments
				.flatMap((s) => s.recipients.map((recipient) => `${s.itemIndex}:${recipient}`))
				.sort();
		expect(byItem(requests[0])).toEqual(['0:a', '0:b', '2:d', '2:e']);
		expect(byItem(requests[1])).toEqual(['1:c']);
	});

	it('orders equal recipients of different contents the same way every time', () => {
		const a = { ...unit(0, ['same']), content: 'alert A' };
		const b = { ...unit(1, ['same']), content: 'alert B' };
		const forward = packCanonical([a, b], { maxRecipients: 1 });
		const backward = packCanonical(
			[
				{ ...b, itemIndex: 0 },
				{ ...a, itemIndex: 1 },
			],
			{ maxRecipients: 1 },
		);
		expect(forward.map((r) => r.segments[0].content)).toEqual(['alert A', 'alert B']);
		expect(backward.map((r) => r.segments[0].content)).toEqual(['alert A', 'alert B']);
	});

	it('makes the same requests from recipients that differ only where its sort key does not look', () => {
		// 40 characters alike but for three the sort key skips (of a text this long it reads every
		// fourth of the first 32 and the last 8): every key is equal, so the recipients themselves decide.
		const all = Array.from(
			{ length: 600 },
			(_, i) => `x${String(i).padStart(3, '0')}${'x'.repeat(36)}`,
		);
		const shuffled = [...all].sort(
			(a, b) =>
				((a.charCodeAt(2) * 7 + a.charCodeAt(1)) % 11) -
				((b.charCodeAt(2) * 7 + b.charCodeAt(1)) % 11),
		);
		const inOrder = packCanonical([unit(0, all)], { maxRecipients: 250 });
		const mixed = packCanonical(
			[unit(0, shuffled.slice(0, 100)), unit(1, shuffled.slice(100).reverse())],
			{ maxRecipients: 250 },
		);
		expect(contents(inOrder)).toEqual([all.slice(0, 250), all.slice(250, 500), all.slice(500)]);
		expect(contents(mixed)).toEqual(contents(inOrder));
	});

	it('still respects a byte limit', () => {
		const requests = packCanonical(
			[
				unit(
					0,
					handles('recipient', 10).map((h) => h.padEnd(10, 'x')),
				),
			],
			{ maxRecipients: 1000, maxBytes: 50, bytesPerRecipient: 3 },
		);
		expect(requests.map((r) => r.size)).toEqual([3, 3, 3, 1]);
	});

	it('keeps the order that Send Key records of earlier runs were written in, labelled recipients included', () => {
		// A change here makes every earlier run's records unrecognisable: a re-run would send again what they delivered.
		const [plain] = packCanonical([unit(0, handles('device-', 12))], { maxRecipients: 100 });
		expect(contents([plain])[0]).toEqual([
			'device-6',
			'device-1',
			'device-10',
			'device-2',
			'device-7',
			'device-8',
			'device-3',
			'device-4',
			'device-9',
			'device-11',
			'device-0',
			'device-5',
		]);
		const [labelled] = packCanonical(
			[
				{ ...unit(0, ['u1', 'u2', 'u3']), label: 'custom_ids' },
				{ ...unit(1, ['u1', 't9']), label: 'tokens' },
			],
			{ maxRecipients: 100 },
		);
		expect(labelled.segments.map((s) => [s.label, s.recipients])).toEqual([
			['custom_ids', ['u1', 'u3']],
			['tokens', ['t9', 'u1']],
			['custom_ids', ['u2']],
		]);
	});

	it('gives one labelled item the requests its recipients make when split over items, label kept, at a byte limit too', () => {
		const ids = handles('user-', 40);
		const limits = { maxRecipients: 15, maxBytes: 120, bytesPerRecipient: 3 };
		const one = packCanonical([{ ...unit(0, ids), label: 'custom_ids' }], limits);
		const split = packCanonical(
			[
				{ ...unit(0, ids.slice(25)), label: 'custom_ids' },
				{ ...unit(1, ids.slice(0, 25).reverse()), label: 'custom_ids' },
			],
			limits,
		);
		expect(contents(one)).toEqual(contents(split));
		// Each request under the byte limit (the label is not sent as recipient text), and more than one.
		const bytes = contents(one).map((list) => list.reduce((sum, id) => sum + id.length + 3, 0));
		expect(bytes.every((b) => b <= 120)).toBe(true);
		expect(one.length).toBeGreaterThan(3);
		expect(one.flatMap((r) => r.segments.map((s) => s.label))).toEqual(Array(4).fill('custom_ids'));
		expect(contents(one).flat().sort()).toEqual([...ids].sort());
	});
});

describe('recipientsJson', () => {
	const json = (recipients: string[], label?: string) =>
		recipientsJson({ segments: [{ itemIndex: 0, recipients, label }] }).toString('utf8');

	it('writes exactly what JSON.stringify writes, for plain handles and for text JSON must escape', () => {
		const lists = [
			[],
			['a'],
			handles('device-', 1000),
			['q"uote', 'back\\slash'],
			['tab\t', 'line\nbreak', '\u007f', 'é', '😀', '\ud800'],
			['with space', '~!#[]'],
		];
		for (const list of lists) expect(json(list)).toBe(JSON.stringify(list));
	});

	it('writes a labelled recipient as its identity, label and recipient', () => {
		expect(JSON.parse(json(['u1'], 'custom_ids'))).toEqual(['custom_ids\u0001u1']);
	});
});
