/**
 * Batch's two API families are told apart by the version in the route: 1.x (MEP, the app key in
 * the path) and 2.x (CEP, the project API). The project API version is pinned here.
 */

/** The newest project API version Batch's reference documents (its OpenAPI server default). */
export const DEFAULT_PROJECT_API_VERSION = '2.11';

export class ProjectApiError extends Error {}

export function checkProjectApiVersion(version: string): string {
	const trimmed = (version ?? '').trim();
	if (!/^2\.\d+$/.test(trimmed))
		throw new ProjectApiError(
			`The API version "${trimmed}" is not a 2.x version such as ${DEFAULT_PROJECT_API_VERSION}`,
		);
	return trimmed;
}

/** The major API version a route is on: the first path segment like "1.1" or "2.11". */
export function routeApiVersion(url: string): number | undefined {
	const path = /^[a-z]+:\/\//i.test(url) ? url.replace(/^[a-z]+:\/\/[^/]+/i, '') : url;
	for (const segment of path.split(/[/?#]/)) {
		const match = /^(\d+)\.\d+$/.exec(segment);
		if (match) return Number(match[1]);
		if (segment !== '') return undefined;
	}
	return undefined;
}
