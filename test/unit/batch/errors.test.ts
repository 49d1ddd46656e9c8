import {
	describeBatchError,
	readBatchError,
} from '../../../packages/batch-com/nodes/BatchCom/protocol/errors';

describe('Batch error bodies', () => {
	it('reads the 1.x shape {code, message}', () => {
		expect(readBatchError({ code: 31, message: 'name must be at least 3 characters' })).toEqual({
			code: '31',
			message: 'name must be at least 3 characters',
		});
	});

	it('reads the 2.x shape {error_code, error_message}, also when it arrives as text', () => {
		expect(
			readBatchError('{"error_code":"TOO_MANY_REQUESTS","error_message":"Too Many Requests"}'),
		).toEqual({ code: 'TOO_MANY_REQUESTS', message: 'Too Many Requests' });
	});

	it('names a 1.x code that came without a message, and hints where the keys are on 401', () => {
		const text = describeBatchError(401, { code: 10 });
		expect(text.message).toBe('Authentication invalid');
		expect(text.hint).toContain('Settings → General');
	});
});
