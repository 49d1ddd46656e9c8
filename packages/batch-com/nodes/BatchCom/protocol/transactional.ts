import { MessageError, messageOptionFields, type MessageOptions } from './message';

/** `POST /1.1/{apiKey}/transactional/send`: at most 10,000 recipients per call (help.batch.com). */
export const TRANSACTIONAL_MAX_RECIPIENTS = 10_000;
export const TRANSACTIONAL_MAX_LABELS = 3;

export type RecipientKind = 'custom_ids' | 'tokens' | 'install_ids';
export const RECIPIENT_KINDS: RecipientKind[] = ['custom_ids', 'tokens', 'install_ids'];

export interface TransactionalInput {
	groupId: string;
	title?: string;
	body: string;
	options?: MessageOptions;
}

const GROUP_ID = /^[A-Za-z0-9_-]{1,128}$/;

export function checkGroupId(groupId: string): string {
	const trimmed = (groupId ?? '').trim();
	if (!GROUP_ID.test(trimmed)) {
		throw new MessageError(
			`The group ID "${trimmed}" must be 1 to 128 characters of a-z, A-Z, 0-9, "_" and "-"`,
		);
	}
	return trimmed;
}

/** Everything of the send body except the recipients: equal for items that send the same message. */
export function buildTransactionalMessage(input: TransactionalInput): Record<string, unknown> {
	const groupId = checkGroupId(input.groupId);
	if (!input.body || !String(input.body).trim())
		throw new MessageError('The message body is empty');
	return {
		group_id: groupId,
		message: { ...(input.title ? { title: input.title } : {}), body: input.body },
		...messageOptionFields(input.options ?? {}, TRANSACTIONAL_MAX_LABELS),
	};
}

/** Checks a message given as raw JSON: a group ID and a message body, and no recipients of its own. */
export function checkTransactionalJson(body: Record<string, unknown>): Record<string, unknown> {
	const groupId = checkGroupId(String(body.group_id ?? ''));
	if (body.recipients !== undefined)
		throw new MessageError(
			'The JSON message must not hold "recipients"; give them in the recipient fields so they can be packed',
		);
	const message = body.message as { body?: unknown } | undefined;
	const hasLocalized = body.messages !== undefined && body.messages !== null;
	if (!hasLocalized && (typeof message?.body !== 'string' || !message.body.trim()))
		throw new MessageError('The JSON message has no "message.body"');
	return { ...body, group_id: groupId };
}

/** The request body: the shared message with one kind of recipients. */
export function transactionalBody(
	message: Record<string, unknown>,
	kind: RecipientKind,
	recipients: string[],
): Record<string, unknown> {
	const { group_id: groupId, ...rest } = message;
	return { group_id: groupId, recipients: { [kind]: recipients }, ...rest };
}

/** Stable text for grouping: equal for equal messages whatever the key order. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const record = value as Record<string, unknown>;
		return `{${Object.keys(record)
			.sort()
			.filter((key) => record[key] !== undefined)
			.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value);
}
