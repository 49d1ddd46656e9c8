import {
	BatchApi,
	batchAuthHeaders,
} from '../../../packages/batch-com/credentials/BatchApi.credentials';
import { routeApiVersion } from '../../../packages/batch-com/nodes/BatchCom/protocol/projectApi';

const credentials = {
	restApiKey: 'rest-secret',
	apiKey: 'LIVE',
	projectKey: 'project_abc',
	baseUrl: 'https://api.batch.com',
};

describe('Batch.com credential', () => {
	it('sends the REST key as X-Authorization on 1.x routes, and nothing else', async () => {
		const options = await new BatchApi().authenticate(credentials, {
			url: '/1.1/LIVE/transactional/send',
			headers: { Accept: 'application/json' },
		});
		expect(options.headers).toEqual({
			Accept: 'application/json',
			'X-Authorization': 'rest-secret',
		});
		expect(batchAuthHeaders(credentials, 'https://api.batch.com/1.0/LIVE/data/users')).toEqual({
			'X-Authorization': 'rest-secret',
		});
	});

	it('sends Authorization: Bearer and X-Batch-Project on 2.x routes', async () => {
		const options = await new BatchApi().authenticate(credentials, {
			url: '/2.11/profiles/update',
		});
		expect(options.headers).toEqual({
			Authorization: 'Bearer rest-secret',
			'X-Batch-Project': 'project_abc',
		});
	});

	it('refuses a 2.x route without a project key, without showing the REST key', () => {
		let message = '';
		try {
			batchAuthHeaders(
				{ ...credentials, projectKey: '' },
				'http://127.0.0.1:9000/2.11/profiles/update',
			);
		} catch (error) {
			message = (error as Error).message;
		}
		expect(message).toContain('no project key');
		expect(message).not.toContain('rest-secret');
	});

	it('reads the API version from the first path segment, with or without a host', () => {
		expect(routeApiVersion('/1.1/KEY/campaigns/create')).toBe(1);
		expect(routeApiVersion('http://127.0.0.1:8080/2.4/profiles/update')).toBe(2);
		// an API key that looks like a version is not the version
		expect(routeApiVersion('/1.1/2.3/campaigns/list')).toBe(1);
	});

	it('tests the keys on a read-only route: CEP orchestrations/list with a project key, else the MEP campaigns list', () => {
		const test = new BatchApi().test;
		expect(test.request).toMatchObject({ method: 'GET', qs: { limit: 1 } });
		// An n8n expression over the credential; the e2e suite runs it in n8n's credential test.
		expect(test.request.url).toBe(
			'={{ $credentials.projectKey ? "/2.11/orchestrations/list" : "/1.1/" + $credentials.apiKey + "/campaigns/list" }}',
		);
		expect(test.rules?.map((rule) => rule.properties)).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					value: 401,
					message: expect.stringContaining('Settings → General'),
				}),
			]),
		);
	});
});
