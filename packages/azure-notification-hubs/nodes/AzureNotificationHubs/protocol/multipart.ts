import { randomUUID } from 'node:crypto';

/**
 * The multipart/mixed body of a Direct Batch Send (RFC 2046), byte for byte what the official
 * SDK sends: a `notification` part with the platform's content type, a `devices` part holding a
 * JSON array of handles, CRLF line endings, no preamble and no CRLF after the close delimiter.
 */
export interface BatchRequestBody {
	boundary: string;
	/** The outer Content-Type, spelled as the SDK and the REST docs spell it. */
	contentType: string;
	body: Buffer;
}

/**
 * Builds one request's body, once, from the notification and the handles' JSON array in UTF-8
 * (packing's recipientsJson, which a Send Key digests too): a random boundary is
 * drawn until it occurs in neither part (RFC 2046 §5.1.1), and the bytes are concatenated once,
 * so the cost is linear in the size of the request.
 */
export function buildBatchBody(
	notificationContentType: string,
	payload: Buffer,
	devices: Buffer,
): BatchRequestBody {
	const boundary = newBoundary([payload, devices]);
	return {
		boundary,
		contentType: batchContentType(boundary),
		body: assemble(boundary, notificationContentType, payload, devices),
	};
}

/** The same bytes for a given boundary (the SDK oracle tests pass the SDK's boundary). */
export function batchBody(
	boundary: string,
	notificationContentType: string,
	payload: Buffer,
	handles: string[],
): Buffer {
	return assemble(
		boundary,
		notificationContentType,
		payload,
		Buffer.from(JSON.stringify(handles), 'utf8'),
	);
}

function assemble(
	boundary: string,
	notificationContentType: string,
	payload: Buffer,
	devices: Buffer,
): Buffer {
	return Buffer.concat([
		Buffer.from(
			`--${boundary}\r\nContent-type: ${notificationContentType}\r\nContent-Disposition: inline; name=notification\r\n\r\n`,
			'utf8',
		),
		payload,
		Buffer.from(
			`\r\n--${boundary}\r\nContent-type: application/json\r\nContent-Disposition: inline; name=devices\r\n\r\n`,
			'utf8',
		),
		devices,
		Buffer.from(`\r\n--${boundary}--`, 'utf8'),
	]);
}

export function batchContentType(boundary: string): string {
	return `multipart/mixed; boundary = "${boundary}"`;
}

/**
 * A boundary `nh-boundary-{uuid}` (the SDK's form) that occurs in none of the parts. `draw`
 * is replaceable so a test can force a collision.
 */
export function newBoundary(
	parts: Array<Buffer | string>,
	draw: () => string = () => `nh-boundary-${randomUUID()}`,
): string {
	for (;;) {
		const boundary = draw();
		if (!parts.some((part) => part.includes(boundary))) return boundary;
	}
}
