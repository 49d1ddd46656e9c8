import { packUnits, type Unit } from '../../../packages/core/packing';
import {
	buildTransactionalMessage,
	canonicalJson,
	checkTransactionalJson,
	TRANSACTIONAL_MAX_RECIPIENTS,
	transactionalBody,
} from '../../../packages/batch-com/nodes/BatchCom/protocol/transactional';

describe('transactional body', () => {
	it("has group_id, recipients of one kind, then the message and options under Batch's names", () => {
		const message = buildTransactionalMessage({
			groupId: 'order_shipped',
			title: 'Shipped',
			body: 'Your order is on its way',
			options: {
				deeplink: 'app://orders/1',
				customPayload: { order: 1 },
				priority: 'high',
				timeToLive: 600,
			},
		});
		expect(JSON.stringify(transactionalBody(message, 'custom_ids', ['u1', 'u2']))).toBe(
			'{"group_id":"order_shipped","recipients":{"custom_ids":["u1","u2"]},"message":{"title":"Shipped","body":"Your order is on its way"},"priority":"high","time_to_live":600,"deeplink":"app://orders/1","custom_payload":"{\\"order\\":1}"}',
		);
	});

	it('refuses a group ID with characters Batch does not allow, and an empty body', () => {
		expect(() => buildTransactionalMessage({ groupId: 'order shipped', body: 'x' })).toThrow(
			/group ID "order shipped"/,
		);
		expect(() => buildTransactionalMessage({ groupId: 'ok', body: '' })).toThrow(/body is empty/);
	});

	it('refuses raw JSON that carries its own recipients', () => {
		expect(() =>
			checkTransactionalJson({
				group_id: 'g',
				message: { body: 'x' },
				recipients: { tokens: ['t'] },
			}),
		).toThrow(/must not hold "recipients"/);
	});

	it('gives equal messages the same grouping key whatever the key order', () => {
		expect(canonicalJson({ a: 1, b: { d: 2, c: [1, 'x'] } })).toBe(
			canonicalJson({ b: { c: [1, 'x'], d: 2 }, a: 1 }),
		);
		expect(canonicalJson({ message: { body: 'a' } })).not.toBe(
			canonicalJson({ message: { body: 'b' } }),
		);
	});

	it('packs 25,000 recipients of one message into calls of 10,000, 10,000 and 5,000, each recipient once', () => {
		const units: Array<Unit<string>> = Array.from({ length: 250 }, (_, item) => ({
			itemIndex: item,
			groupKey: 'same',
			group: 'same',
			recipients: Array.from({ length: 100 }, (_, r) => `id-${item}-${r}`),
		}));
		const requests = packUnits(units, { maxRecipients: TRANSACTIONAL_MAX_RECIPIENTS });
		expect(requests.map((r) => r.size)).toEqual([10000, 10000, 5000]);
		const all = requests.flatMap((r) => r.segments.flatMap((s) => s.recipients));
		expect(new Set(all).size).toBe(25000);
		expect(all).toHaveLength(25000);
	});
});
