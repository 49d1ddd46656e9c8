import type { INodeProperties } from 'n8n-workflow';

import type { ParameterReader } from '../../../common/parameters';
import { parseJsonText } from '../../protocol/platforms';

export const installationIdProperty: INodeProperties = {
	displayName: 'Installation ID',
	name: 'installationId',
	type: 'string',
	default: '',
	required: true,
	description: 'Your app’s ID for the device installation',
};

export function readInstallationId(reader: ParameterReader, itemIndex: number): string {
	const id = String(reader.get('installationId', itemIndex, '') ?? '').trim();
	if (!id) throw new Error('Installation ID is empty');
	return id;
}

/** A JSON parameter that may arrive as text or as an object already. */
export function readJson(reader: ParameterReader, name: string, itemIndex: number, what: string): unknown {
	const value = reader.get<unknown>(name, itemIndex, '');
	if (typeof value !== 'string') return value;
	const parsed = parseJsonText(value);
	if (!parsed.ok) throw new Error(`${what} is not valid JSON: ${parsed.reason}`);
	return parsed.value;
}

export const path = (id: string) => `installations/${encodeURIComponent(id)}`;
