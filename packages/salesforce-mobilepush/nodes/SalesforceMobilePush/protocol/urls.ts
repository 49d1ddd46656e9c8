/**
 * Where a Marketing Cloud tenant lives. The credential accepts the 28-character subdomain
 * (`mc563885gzs27c5t9-63k636tzgm`), the whole Authentication Base URI from Installed Packages
 * (`https://mc….auth.marketingcloudapis.com/`), or an explicit `http://host:port/` for
 * emulators and local tests. Token responses give the REST base, with or without a scheme.
 */
export function authBaseUrl(subdomainOrUrl: string): string {
	const value = String(subdomainOrUrl ?? '').trim();
	if (value === '')
		throw new Error(
			'Subdomain is empty: enter the 28-character subdomain or the Authentication Base URI from Setup → Installed Packages',
		);
	if (/^https?:\/\//i.test(value)) return value.replace(/\/+$/, '');
	if (!/^[a-z0-9-]+$/i.test(value)) {
		throw new Error(
			`"${value}" is neither a subdomain (letters, digits and "-") nor a URL; copy the Authentication Base URI from Setup → Installed Packages`,
		);
	}
	return `https://${value.toLowerCase()}.auth.marketingcloudapis.com`;
}

/**
 * The REST base to use when a token response has no rest_instance_url: the tenant's REST host
 * (`https://{subdomain}.rest.marketingcloudapis.com`), or the explicit local URL itself.
 */
export function restBaseFromAuthBase(subdomainOrUrl: string): string {
	const auth = authBaseUrl(subdomainOrUrl);
	return auth.replace(
		/^https:\/\/([a-z0-9-]+)\.auth\.marketingcloudapis\.com$/i,
		'https://$1.rest.marketingcloudapis.com',
	);
}

/** `mc….rest.marketingcloudapis.com/` → `https://mc….rest.marketingcloudapis.com` */
export function normaliseRestUrl(restInstanceUrl: string): string {
	const value = String(restInstanceUrl ?? '').trim();
	if (value === '') return '';
	return (/^https?:\/\//i.test(value) ? value : `https://${value}`).replace(/\/+$/, '');
}

/** The documented JSON body of `POST {auth base}/v2/token`. */
export function tokenRequestBody(credentials: {
	clientId: string;
	clientSecret: string;
	accountId?: string;
	scope?: string;
}): Record<string, string | number> {
	const body: Record<string, string | number> = {
		grant_type: 'client_credentials',
		client_id: String(credentials.clientId ?? '').trim(),
		client_secret: String(credentials.clientSecret ?? '').trim(),
	};
	const accountId = String(credentials.accountId ?? '').trim();
	if (accountId) body.account_id = /^\d+$/.test(accountId) ? Number(accountId) : accountId;
	const scope = String(credentials.scope ?? '').trim();
	if (scope) body.scope = scope;
	return body;
}
