/**
 * The body of `POST /push/v1/message` for each message type, with exactly the fields the
 * MobilePush reference allows for that type and its required ones checked before sending.
 */
export type MessageKind =
	| 'outbound'
	| 'locationEntry'
	| 'locationExit'
	| 'locationPage'
	| 'beacon'
	| 'inbox'
	| 'inboxAlert';

// The per-type lists of the createPushMessage reference. Two fields it documents but lists under
// no type go where their own descriptions put them: endDate "applies only to messages whose
// contentType is CloudPage or Alert+CloudPage"; mutable-content enables rich push, i.e. media.
const common = [
	'messageType',
	'contentType',
	'name',
	'application',
	'keys',
	'custom',
	'sendInitiator',
	'startDate',
	'status',
];
const alertFields = [
	'alert',
	'sound',
	'badge',
	'openDirect',
	'media',
	'title',
	'subtitle',
	'mutable-content',
];
const throttling = [
	'messagesPerPeriod',
	'numberOfPeriods',
	'periodType',
	'isRollingPeriod',
	'messageLimit',
	'scheduledTzOffset',
	'scheduledTzSupportsDst',
];
const audience = [
	'tzBased',
	'tzPastSendAction',
	'scheduledTzOffset',
	'scheduledTzSupportsDst',
	'inclusionLists',
	'exclusionLists',
	'inclusionDataExtensions',
	'exclusionDataExtensions',
];
const page = ['pageId', 'url', 'endDate'];

export interface KindSpec {
	messageType: number;
	contentType: number;
	allowed: string[];
	required: string[];
}

const location = (messageType: number): KindSpec => ({
	messageType,
	contentType: 1,
	allowed: [...common, ...alertFields, ...throttling, 'geofences'],
	required: ['name', 'application', 'startDate', 'alert', 'geofences'],
});

export const MESSAGE_KINDS: Record<MessageKind, KindSpec> = {
	outbound: {
		messageType: 1,
		contentType: 1,
		allowed: [
			...common,
			...alertFields,
			'content-available',
			'messagesPerPeriod',
			'minutesPerPeriod',
			...audience,
		],
		required: ['name', 'application', 'startDate'],
	},
	locationEntry: location(3),
	locationExit: location(4),
	locationPage: {
		messageType: 3,
		contentType: 3,
		allowed: [
			...common,
			...alertFields.filter((f) => f !== 'openDirect'),
			...throttling,
			'geofences',
			...page,
		],
		required: ['name', 'application', 'startDate', 'alert', 'geofences', 'pageId', 'url'],
	},
	// The reference has no list of its own for beacons (messageType 5); a beacon region is a
	// location, so the Location Entry/Exit list applies.
	beacon: location(5),
	inbox: {
		messageType: 8,
		contentType: 2,
		allowed: [...common, ...audience, ...page, 'subject'],
		required: ['name', 'application', 'startDate', 'pageId', 'url', 'subject'],
	},
	inboxAlert: {
		messageType: 8,
		contentType: 3,
		allowed: [
			...common,
			...alertFields,
			'content-available',
			'messagesPerPeriod',
			'minutesPerPeriod',
			...audience,
			...page,
			'subject',
		],
		required: ['name', 'application', 'startDate', 'alert', 'pageId', 'url', 'subject'],
	},
};

/** The kind a JSON body's messageType and contentType name (undefined for other combinations). */
export function kindOf(body: Record<string, unknown>): MessageKind | undefined {
	const messageType = Number(body.messageType ?? 1);
	const contentType = Number(body.contentType ?? 1);
	if (contentType === 3 && (messageType === 3 || messageType === 4)) return 'locationPage';
	const found = (Object.keys(MESSAGE_KINDS) as MessageKind[]).find(
		(kind) =>
			kind !== 'locationPage' &&
			MESSAGE_KINDS[kind].messageType === messageType &&
			MESSAGE_KINDS[kind].contentType === contentType,
	);
	return found;
}

/** The Message Type names the form shows. */
export const KIND_LABELS: Record<MessageKind, string> = {
	outbound: 'Outbound Alert',
	locationEntry: 'Location Entry Alert',
	locationExit: 'Location Exit Alert',
	locationPage: 'Location Entry/Exit Alert + Page',
	beacon: 'Beacon Alert',
	inbox: 'Inbox Only',
	inboxAlert: 'Inbox + Alert',
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
	value === undefined ||
	value === null ||
	value === '' ||
	(Array.isArray(value) && value.length === 0) ||
	(typeof value === 'object' &&
		!Array.isArray(value) &&
		Object.values(value as object).every((v) => v === undefined || v === ''));

/** The required fields a body lacks; an application needs both its id and its name. */
function missingFields(required: string[], body: Record<string, unknown>): string[] {
	const application = body.application as Record<string, unknown> | undefined;
	return required.filter((name) =>
		name === 'application'
			? isEmpty(application?.id) || isEmpty(application?.name)
			: isEmpty(body[name]),
	);
}

/**
 * Builds the body from `fields` (wire names), keeping only what the kind allows and refusing
 * a body without the kind's required fields. A location + page message triggers on entry
 * unless `trigger` is 'exit'.
 */
export function buildMessageBody(
	kind: MessageKind,
	fields: Record<string, unknown>,
	trigger: 'entry' | 'exit' = 'entry',
): Record<string, unknown> {
	const spec = MESSAGE_KINDS[kind];
	if (!spec) throw new Error(`Unknown message type "${kind}"`);
	const body: Record<string, unknown> = {
		messageType: kind === 'locationPage' && trigger === 'exit' ? 4 : spec.messageType,
		contentType: spec.contentType,
	};
	for (const [name, value] of Object.entries(fields)) {
		if (name === 'messageType' || name === 'contentType' || isEmpty(value)) continue;
		if (!spec.allowed.includes(name))
			throw new Error(`"${name}" does not apply to Message Type "${KIND_LABELS[kind]}"`);
		body[name] = value;
	}
	const missing = missingFields(spec.required, body);
	if (missing.length)
		throw new Error(
			`Message Type "${KIND_LABELS[kind]}" needs ${missing.map((name) => LABELS[name] ?? name).join(', ')}`,
		);
	if (String(body.name).length > 100) throw new Error('Name must be 100 characters or fewer');
	if (typeof body.openDirect === 'string' && body.openDirect.length > 15)
		throw new Error('Open Direct must be 15 characters or fewer');
	if (typeof body.sound === 'string' && body.sound.length > 100)
		throw new Error('Sound must be 100 characters or fewer');
	if (
		body.startDate &&
		body.endDate &&
		Date.parse(String(body.endDate)) <= Date.parse(String(body.startDate))
	)
		throw new Error('End Date must be after Start Date');
	return body;
}

/**
 * A body given as JSON is sent as it is (it may carry fields the form does not cover), but the
 * fields its message type requires are still checked before sending.
 */
export function checkMessageJson(body: Record<string, unknown>): Record<string, unknown> {
	const kind = kindOf(body);
	const required = kind ? MESSAGE_KINDS[kind].required : ['name', 'application'];
	const missing = missingFields(required, body);
	if (missing.length)
		throw new Error(
			`${kind ? `Message Type "${KIND_LABELS[kind]}"` : 'A message'} needs ${missing.map((name) => `"${name}"`).join(', ')} in Message (JSON)`,
		);
	return body;
}

/** `a, b` or ['a','b'] → [{id:'a'},{id:'b'}], the shape lists, data extensions and geofences take. */
export function idList(value: unknown): Array<{ id: string }> | undefined {
	const ids = (Array.isArray(value) ? value : String(value ?? '').split(/[\n,;]+/))
		.map((v) => String(v).trim())
		.filter(Boolean);
	return ids.length ? ids.map((id) => ({ id })) : undefined;
}
