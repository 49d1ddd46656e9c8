import { ParameterReader, parseFieldExpression } from '../../../packages/core/parameters';

/** A context whose getNodeParameter counts its calls, standing for n8n's expression engine. */
function context(
	raw: Record<string, unknown>,
	items: Array<Record<string, unknown>>,
	evaluate: (name: string, i: number) => unknown,
) {
	const calls: Array<[string, number]> = [];
	const ctx = {
		getNode: () => ({ parameters: raw }),
		getInputData: () => items.map((json) => ({ json })),
		getNodeParameter: (name: string, i: number) => {
			calls.push([name, i]);
			return evaluate(name, i);
		},
	};
	return { reader: new ParameterReader(ctx as never), calls };
}

describe('ParameterReader', () => {
	it('reads a parameter without an expression once for all items', () => {
		const { reader, calls } = context({ platform: 'apple' }, [{}, {}, {}], () => 'apple');
		expect([0, 1, 2].map((i) => reader.get('platform', i))).toEqual(['apple', 'apple', 'apple']);
		expect(calls).toEqual([['platform', 0]]);
	});

	it('evaluates a general expression for every item', () => {
		const { reader, calls } = context(
			{ title: '={{ "Hi " + $json.name }}' },
			[{ name: 'a' }, { name: 'b' }],
			(_n, i) => `Hi ${'ab'[i]}`,
		);
		expect([0, 1].map((i) => reader.get('title', i))).toEqual(['Hi a', 'Hi b']);
		expect(calls).toHaveLength(2);
	});

	it('reads a plain field of the input item straight from the item, as n8n would evaluate it', () => {
		const items = [{ devices: ['x', 'y'] }, { devices: 'z' }];
		const { reader, calls } = context({ handles: '={{ $json.devices }}' }, items, () => 'engine');
		expect(reader.get('handles', 0)).toEqual(['x', 'y']);
		expect(reader.get('handles', 1)).toBe('z');
		expect(calls).toHaveLength(0);
	});

	it('leaves a missing field to n8n', () => {
		const { reader, calls } = context({ handles: '={{ $json.devices }}' }, [{}], () => '');
		expect(reader.get('handles', 0)).toBe('');
		expect(calls).toEqual([['handles', 0]]);
	});

	it('reads parameters inside collections by dotted name', () => {
		const { reader, calls } = context({ options: { batchSize: 500 } }, [{}, {}], () => 500);
		expect(reader.get('options.batchSize', 0)).toBe(500);
		expect(reader.get('options.batchSize', 1)).toBe(500);
		expect(calls).toHaveLength(1);
	});
});

describe('ParameterReader.sameForAllItems', () => {
	const build = (reader: ParameterReader, i: number, counter: { n: number }) =>
		reader.sameForAllItems('message', () => {
			counter.n++;
			return { title: reader.get('title', i), body: reader.get('body', i) };
		});

	it('builds once for all items when every parameter it reads is a constant', () => {
		const { reader } = context({ title: 'Sale', body: '20% off' }, [{}, {}, {}], (name) =>
			name === 'title' ? 'Sale' : '20% off',
		);
		const counter = { n: 0 };
		const built = [0, 1, 2].map((i) => build(reader, i, counter));
		expect(built).toEqual([0, 1, 2].map(() => ({ title: 'Sale', body: '20% off' })));
		expect(built[2]).toBe(built[0]);
		expect(counter.n).toBe(1);
	});

	it('builds for every item when a parameter is a field of the item', () => {
		const { reader } = context(
			{ title: '={{ $json.name }}', body: 'Hi' },
			[{ name: 'a' }, { name: 'b' }],
			() => 'Hi',
		);
		const counter = { n: 0 };
		expect([0, 1].map((i) => build(reader, i, counter).title)).toEqual(['a', 'b']);
		expect(counter.n).toBe(2);
	});

	it('builds for every item when a parameter is any other expression', () => {
		const { reader } = context(
			{ title: '={{ "Hi " + $json.name }}', body: 'x' },
			[{ name: 'a' }, { name: 'b' }],
			(name, i) => (name === 'title' ? `Hi ${'ab'[i]}` : 'x'),
		);
		const counter = { n: 0 };
		expect([0, 1].map((i) => build(reader, i, counter).title)).toEqual(['Hi a', 'Hi b']);
		expect(counter.n).toBe(2);
	});

	it('builds for every item when a parameter read inside a nested build differs per item', () => {
		const { reader } = context(
			{ title: 'Sale', body: '={{ $json.text }}' },
			[{ text: 'one' }, { text: 'two' }],
			() => 'Sale',
		);
		const outer = (i: number) =>
			reader.sameForAllItems('outer', () => ({
				title: reader.get('title', i),
				inner: reader.sameForAllItems('inner', () => reader.get('body', i)),
			}));
		expect([0, 1].map((i) => outer(i).inner)).toEqual(['one', 'two']);
	});

	it('does not remember a build that threw', () => {
		const { reader } = context({ title: '' }, [{}, {}], () => '');
		let calls = 0;
		const attempt = () =>
			reader.sameForAllItems('message', () => {
				calls++;
				if (!reader.get('title', 0)) throw new Error('empty title');
				return 'ok';
			});
		expect(attempt).toThrow('empty title');
		expect(attempt).toThrow('empty title');
		expect(calls).toBe(2);
	});
});

describe('parseFieldExpression', () => {
	it('understands dotted, bracketed and indexed paths', () => {
		expect(parseFieldExpression('={{ $json.user.devices }}')).toEqual(['user', 'devices']);
		expect(parseFieldExpression('={{$json["device handles"][0]}}')).toEqual([
			'device handles',
			'0',
		]);
		expect(parseFieldExpression("={{ $json['a'].b }}")).toEqual(['a', 'b']);
	});

	it('refuses anything that computes', () => {
		for (const raw of [
			'={{ $json.a + 1 }}',
			'={{ $json.a.join(",") }}',
			'=x {{ $json.a }}',
			'={{ $("Code").item.json.a }}',
			'plain',
		]) {
			expect(parseFieldExpression(raw)).toBeNull();
		}
	});
});
