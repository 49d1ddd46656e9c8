import type { INodeProperties } from 'n8n-workflow';

import type { ParameterReader } from '../../../../../core/parameters';

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

export const path = (id: string) => `installations/${encodeURIComponent(id)}`;
