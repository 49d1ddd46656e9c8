/**
 * Azure's connection string: `Endpoint=sb://{namespace}.servicebus.windows.net/;SharedAccessKeyName=…;SharedAccessKey=…`.
 * Parts are split on ";" and each on its first "=" (base64 keys end in "="). `sb://` means
 * `https://`; an explicit `http://host:port/` is kept, for emulators and local tests.
 */
export interface HubConnection {
	/** Namespace root with a trailing slash, e.g. https://myns.servicebus.windows.net/ */
	endpoint: string;
	keyName: string;
	key: string;
}

export function parseConnectionString(connectionString: string): HubConnection {
	const parts = new Map<string, string>();
	for (const raw of String(connectionString ?? '').split(';')) {
		const part = raw.trim();
		if (part === '') continue;
		const equals = part.indexOf('=');
		if (equals <= 0) {
			throw new Error(
				`The connection string is malformed: "${part.slice(0, 20)}" has no "=". Each part must look like Name=value.`,
			);
		}
		parts.set(part.slice(0, equals).trim().toLowerCase(), part.slice(equals + 1).trim());
	}
	const missing = [
		['endpoint', 'Endpoint'],
		['sharedaccesskeyname', 'SharedAccessKeyName'],
		['sharedaccesskey', 'SharedAccessKey'],
	]
		.filter(([key]) => !parts.get(key))
		.map(([, name]) => name);
	if (missing.length) {
		throw new Error(
			`The connection string has no ${missing.join(', no ')}. Copy it from the hub's Access Policies page in the Azure portal.`,
		);
	}
	let endpoint = (parts.get('endpoint') as string).replace(/^sb:\/\//i, 'https://');
	if (!/^https?:\/\/[^/]+/i.test(endpoint)) {
		throw new Error(
			`The connection string's Endpoint "${endpoint}" is not a URL like sb://{namespace}.servicebus.windows.net/.`,
		);
	}
	if (!endpoint.endsWith('/')) endpoint += '/';
	return {
		endpoint,
		keyName: parts.get('sharedaccesskeyname') as string,
		key: parts.get('sharedaccesskey') as string,
	};
}
