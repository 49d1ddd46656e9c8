/**
 * Elements of `POST /push/v1/messageBatch/{id}/send`: one per item segment, each with its
 * recipients, tags, send time and message overrides, in the documented PascalCase.
 */
export type RecipientKind = 'DeviceTokens' | 'SubscriberKeys';

/** Each call may carry at most 5,000 device tokens or subscriber keys in all. */
export const MAX_RECIPIENTS_PER_CALL = 5000;

export interface BatchMessage {
	Alert: string;
	badge?: string;
	sound?: string;
	OpenDirect?: string;
	title?: string;
	subtitle?: string;
	'mutable-content'?: number;
	'content-available'?: number;
	Keys?: Array<{ Key: string; Value: string }>;
	/** The main example's casing (`custom`); the reference accepts `custom` or `Custom`. */
	custom?: Record<string, unknown>;
}

export interface BatchElementTemplate {
	kind: RecipientKind;
	InclusionTags?: string[];
	ExclusionTags?: string[];
	SendTime?: string;
	Message: BatchMessage;
}

export function batchElement(
	template: BatchElementTemplate,
	recipients: string[],
): Record<string, unknown> {
	const element: Record<string, unknown> = { [template.kind]: recipients };
	if (template.InclusionTags?.length) element.InclusionTags = template.InclusionTags;
	if (template.ExclusionTags?.length) element.ExclusionTags = template.ExclusionTags;
	if (template.SendTime) element.SendTime = template.SendTime;
	element.Message = template.Message;
	return element;
}

/** SFMC's send time: "yyyy-MM-dd HH:mm", documented as Central Time (UTC-6). */
export function checkSendTime(value: string): string {
	const text = value.trim();
	if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(text))
		throw new Error(`"${value}" is not a valid send time (yyyy-MM-dd HH:mm)`);
	const [date, time] = text.split(' ');
	const [y, m, d] = date.split('-').map(Number);
	const [hh, mm] = time.split(':').map(Number);
	const parsed = new Date(Date.UTC(y, m - 1, d, hh, mm));
	if (parsed.getUTCMonth() !== m - 1 || parsed.getUTCDate() !== d || hh > 23 || mm > 59)
		throw new Error(`"${value}" is not a valid send time (yyyy-MM-dd HH:mm)`);
	return text;
}

/**
 * The response is an array with one entry per element, in order, each with its tokenId.
 * Returns the tokenId for element `index` (undefined when the service did not say).
 */
export function tokenIdAt(response: unknown, index: number): string | undefined {
	if (!Array.isArray(response)) return undefined;
	const entry = response[index] as { tokenId?: unknown } | undefined;
	return typeof entry?.tokenId === 'string' ? entry.tokenId : undefined;
}
