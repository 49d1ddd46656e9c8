/**
 * The body of `POST /push/v1/message` for each message type, with exactly the fields the
 * MobilePush reference allows for that type and its required ones checked before sending.
 */
export type MessageKind = 'outbound' | 'locationEntry' | 'locationExit' | 'locationPage' | 'beacon' | 'inbox' | 'inboxAlert';

const common = ['messageType', 'contentType', 'name', 'application', 'keys', 'custom', 'sendInitiator', 'startDate', 'endDate', 'status'];
const alertFields = ['alert', 'sound', 'badge', 'openDirect', 'media', 'title', 'subtitle', 'mutable-content'];
const throttling = ['messagesPerPeriod', 'numberOfPeriods', 'periodType', 'isRollingPeriod', 'messageLimit', 'scheduledTzOffset', 'scheduledTzSupportsDst'];
const audience = ['tzBased', 'tzPastSendAction', 'scheduledTzOffset', 'scheduledTzSupportsDst', 'inclusionLists', 'exclusionLists', 'inclusionDataExtensions', 'exclusionDataExtensions'];

export interface KindSpec {
	messageType: number;
	contentType: number;
	allowed: string[];
	required: string[];
}

export const MESSAGE_KINDS: Record<MessageKind, KindSpec> = {
	outbound: { messageType: 1, contentType: 1, allowed: [...common, ...alertFields, 'content-available', 'messagesPerPeriod', 'minutesPerPeriod', ...audience], required: ['name', 'application', 'startDate'] },
	locationEntry: { messageType: 3, contentType: 1, allowed: [...common, ...alertFields, ...throttling, 'geofences'], required: ['name', 'application', 'startDate', 'alert', 'geofences'] },
	locationExit: { messageType: 4, contentType: 1, allowed: [...common, ...alertFields, ...throttling, 'geofences'], required: ['name', 'application', 'startDate', 'alert', 'geofences'] },
	locationPage: {
		messageType: 3,
		contentType: 3,
		allowed: [...common, ...alertFields.filter((f) => f !== 'openDirect'), ...throttling, 'geofences', 'pageId', 'url'],
		required: ['name', 'application', 'startDate', 'alert', 'geofences', 'pageId', 'url'],
	},
	beacon: { messageType: 5, contentType: 1, allowed: [...common, ...alertFields, ...throttling, 'geofences'], required: ['name', 'application', 'startDate', 'alert', 'geofences'] },
	inbox: { messageType: 8, contentType: 2, allowed: [...common, ...audience, 'pageId', 'url', 'subject'], required: ['name', 'application', 'startDate', 'pageId', 'url', 'subject'] },
	inboxAlert: {
		messageType: 8,
		contentType: 3,
		allowed: [...common, ...alertFields, 'content-available', 'messagesPerPeriod', 'minutesPerPeriod', ...audience, 'pageId', 'url', 'subject'],
		required: ['name', 'application', 'startDate', 'alert', 'pageId', 'url', 'subject'],
	},
};

const LABELS: Record<string, string> = {
	name: 'Name',
	application: 'Application ID and Name',
	startDate: 'Start Date',
	alert: 'Alert',
	geofences: 'Geofence IDs',
	pageId: 'Page ID',
	url: 'Page URL',
	subject: 'Subject',
};

const isEmpty = (value: unknown) =>
	value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0) || (typeof value === 'object' && !Array.isArray(value) && Object.values(value as object).every((v) => v === undefined || v === ''));

/**
 * Builds the body from `fields` (wire names), keeping only what the kind allows and refusing
 * a body without the kind's required fields. A location + page message triggers on entry
 * unless `trigger` is 'exit'.
 */
export function buildMessageBody(kind: MessageKind, fields: Record<string, unknown>, trigger: 'entry' | 'exit' = 'entry'): Record<string, unknown> {
	const spec = MESSAGE_KINDS[kind];
	if (!spec) throw new Error(`Unknown message type "${kind}"`);
	const body: Record<string, unknown> = { messageType: kind === 'locationPage' && trigger === 'exit' ? 4 : spec.messageType, contentType: spec.contentType };
	for (const [name, value] of Object.entries(fields)) {
		if (name === 'messageType' || name === 'contentType' || isEmpty(value)) continue;
		if (!spec.allowed.includes(name)) throw new Error(`"${name}" does not apply to this message type`);
		body[name] = value;
	}
	const missing = spec.required.filter((name) => isEmpty(body[name]));
	if (missing.length) throw new Error(`A ${kind} message needs ${missing.map((name) => LABELS[name] ?? name).join(', ')}`);
	if (String(body.name).length > 100) throw new Error('Name must be 100 characters or fewer');
	if (typeof body.openDirect === 'string' && body.openDirect.length > 15) throw new Error('Open Direct must be 15 characters or fewer');
	if (typeof body.sound === 'string' && body.sound.length > 100) throw new Error('Sound must be 100 characters or fewer');
	if (body.startDate && body.endDate && Date.parse(String(body.endDate)) <= Date.parse(String(body.startDate))) throw new Error('End Date must be after Start Date');
	return body;
}

/** `a, b` or ['a','b'] → [{id:'a'},{id:'b'}], the shape lists, data extensions and geofences take. */
export function idList(value: unknown): Array<{ id: string }> | undefined {
	const ids = (Array.isArray(value) ? value : String(value ?? '').split(/[\n,;]+/)).map((v) => String(v).trim()).filter(Boolean);
	return ids.length ? ids.map((id) => ({ id })) : undefined;
}
