import type { INodeProperties } from 'n8n-workflow';

export const campaignTokenProperty: INodeProperties = {
	displayName: 'Campaign Token',
	name: 'campaignId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '3396955c1a7fe0005d76973fca00b44a',
	description: 'The campaign_token Batch returned when the campaign was created (also in Get Many)',
};

export function checkToken(value: unknown): string {
	const token = value === undefined || value === null ? '' : String(value).trim();
	if (!token) throw new Error('The campaign token is empty');
	if (!/^[A-Za-z0-9_-]+$/.test(token)) throw new Error(`The campaign token "${token}" has characters a Batch token never has`);
	return token;
}
