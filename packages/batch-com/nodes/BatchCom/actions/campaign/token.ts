import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodeProperties,
} from 'n8n-workflow';

import { locatorValue } from '../../../../../core/parameters';
import { BatchTransport } from '../../transport';
import { namedLike } from '../fields';

export const campaignTokenProperty: INodeProperties = {
	displayName: 'Campaign',
	name: 'campaignId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description:
		'The campaign: picked from the list (searchable by name; needs the Live API key, as listing does), or its campaign_token, as Create returned it',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchCampaigns', searchable: true },
		},
		{
			displayName: 'By Token',
			name: 'id',
			type: 'string',
			placeholder: '3396955c1a7fe0005d76973fca00b44a',
		},
	],
};

/** Batch's list route returns at most 100 campaigns a call and has no search: names are matched here, a page at a time. */
const SEARCH_PAGE = 100;

/** Campaign's From List: the campaigns of the app, those whose name holds the search text. */
export async function searchCampaigns(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const transport = await BatchTransport.open(this);
	const from = Number(paginationToken) || 0;
	const body = await transport.call(
		{
			method: 'GET',
			url: transport.appPath('1.1', 'campaigns/list'),
			qs: { from, limit: SEARCH_PAGE },
		},
		[],
		'Batch did not list the campaigns',
	);
	const campaigns = Array.isArray(body) ? (body as IDataObject[]) : [];
	return {
		results: namedLike(campaigns, filter).map((campaign) => ({
			name: `${String(campaign.name ?? campaign.campaign_token)}${campaign.live === false ? ' (stopped or draft)' : ''}`,
			value: String(campaign.campaign_token),
		})),
		paginationToken: campaigns.length === SEARCH_PAGE ? String(from + SEARCH_PAGE) : undefined,
	};
}

export function checkToken(value: unknown): string {
	const raw = locatorValue(value);
	const token = raw === undefined || raw === null ? '' : String(raw).trim();
	if (!token) throw new Error('The campaign token is empty');
	if (!/^[A-Za-z0-9_-]+$/.test(token))
		throw new Error(`The campaign token "${token}" has characters a Batch token never has`);
	return token;
}
