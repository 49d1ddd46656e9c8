import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ParameterReader } from '../../../../../core/parameters';
import { parseRecipientList } from '../../../../../core/recipients';
import { checkSendTime } from '../../protocol/batch';
import { jsonObject, keyValues } from '../fields';

/** What every send operation may override on the message definition, in the reference’s casing. */
export const overrideOptions: INodeProperties = {
	displayName: 'Message Overrides',
	name: 'overrides',
	type: 'collection',
	placeholder: 'Add Override',
	default: {},
	options: [
		{
			displayName: 'Badge',
			name: 'badge',
			type: 'string',
			default: '',
			placeholder: '+1',
			description: 'The number on the app icon for this send: a number, or +1 to add one',
		},
		{
			displayName: 'Content Available (Silent Push)',
			name: 'contentAvailable',
			type: 'boolean',
			default: false,
			description: 'Whether to deliver as a silent, background push',
		},
		{
			displayName: 'Custom Keys',
			name: 'customValues',
			type: 'string',
			default: '',
			placeholder: 'key01=value01, key02=value02',
			description: 'Key/value pairs the app defines',
		},
		{
			displayName: 'Custom Payload (JSON)',
			name: 'customPayload',
			type: 'json',
			default: '{}',
			description:
				"A JSON object sent with this notification for the app to read, instead of the definition's",
		},
		{
			displayName: 'Mutable Content',
			name: 'mutableContent',
			type: 'boolean',
			default: false,
			description: 'Whether rich push is enabled',
		},
		{
			displayName: 'Open Direct',
			name: 'openDirect',
			type: 'string',
			default: '',
			description: 'Where the app opens, at most 15 characters',
		},
		{
			displayName: 'Sound',
			name: 'sound',
			type: 'string',
			default: '',
			placeholder: 'default',
			description:
				'The sound for this send: "default", or the name of a sound file bundled with the app',
		},
		{
			displayName: 'Subtitle',
			name: 'subtitle',
			type: 'string',
			default: '',
			description: 'A line under the title for this send (iOS)',
		},
		{
			displayName: 'Title',
			name: 'title',
			type: 'string',
			default: '',
			description: "The title for this send, instead of the definition's",
		},
	],
};

export const sendTimeProperty: INodeProperties = {
	displayName: 'Send Time',
	name: 'sendTime',
	type: 'string',
	default: '',
	placeholder: '2026-12-24 09:00',
	description:
		'Empty sends now; otherwise yyyy-MM-dd HH:mm in Central Time (UTC-6), as Marketing Cloud reads it',
};

export const tagProperties = (required: boolean): INodeProperties[] => [
	{
		displayName: 'Inclusion Tags',
		name: 'inclusionTags',
		type: 'string',
		default: '',
		required,
		description: 'Comma-separated tags; devices with any of them receive the message',
	},
	{
		displayName: 'Exclusion Tags',
		name: 'exclusionTags',
		type: 'string',
		default: '',
		description: 'Comma-separated tags; devices with any of them are left out',
	},
];

const text = (value: unknown) =>
	value === undefined || value === null ? '' : String(value).trim();

/** Overrides as the single-call sends (contact, list, tag, app) take them. */
export function readOverrides(reader: ParameterReader, itemIndex: number): IDataObject {
	const o = reader.get<IDataObject>('overrides', itemIndex, {});
	const messageText = text(reader.get('messageText', itemIndex, ''));
	const body: IDataObject = {};
	if (messageText) {
		body.Override = true;
		body.MessageText = messageText;
	}
	if (text(o.title)) body.title = text(o.title);
	if (text(o.subtitle)) body.subtitle = text(o.subtitle);
	if (o.mutableContent) body['mutable-content'] = 1;
	if (o.contentAvailable) body['content-available'] = 1;
	const sendTime = text(reader.get('sendTime', itemIndex, ''));
	if (sendTime) body.SendTime = checkSendTime(sendTime);
	if (text(o.sound)) body.Sound = text(o.sound);
	if (text(o.badge)) body.Badge = text(o.badge);
	if (text(o.openDirect)) body.OpenDirect = checkOpenDirect(text(o.openDirect));
	const keys = keyValues(o.customValues, 'key', 'value');
	if (keys) body.CustomKeys = Object.fromEntries(keys.map(({ key, value }) => [key, value]));
	const payload =
		o.customPayload === undefined ? {} : jsonObject(o.customPayload, 'Custom Payload');
	if (Object.keys(payload).length) body.CustomPayload = payload;
	return body;
}

export function checkOpenDirect(value: string): string {
	if (value.length > 15) throw new Error('Open Direct must be 15 characters or fewer');
	return value;
}

export function tagsOf(reader: ParameterReader, name: string, itemIndex: number): string[] {
	return parseRecipientList(reader.get(name, itemIndex, ''));
}
