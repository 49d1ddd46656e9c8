import { randomUUID } from 'node:crypto';

/**
 * The multipart/mixed body of a Direct Batch Send (RFC 2046), byte for byte what the official
 * SDK sends: a `notification` part with the platform's content type, a `devices` part holding a
 * JSON array of handles, CRLF line endings, no preamble and no CRLF after the close delimiter.
 */
export function batchBody(boundary: string, contentType: string, payload: Buffer, handles: string[]): Buffer {
	return Buffer.concat([
		Buffer.from(`--${boundary}\r\nContent-type: ${contentType}\r\nContent-Disposition: inline; name=notification\r\n\r\n`, 'utf8'),
		payload,
		Buffer.from(
			`\r\n--${boundary}\r\nContent-type: application/json\r\nContent-Disposition: inline; name=devices\r\n\r\n${JSON.stringify(handles)}\r\n--${boundary}--`,
			'utf8',
		),
	]);
}

/** The request's Content-Type, spelled as the SDK and the REST docs spell it. */
export function batchContentType(boundary: string): string {
	return `multipart/mixed; boundary = "${boundary}"`;
}

/** A random boundary that occurs in none of the parts (checked, however unlikely). */
export function newBoundary(parts: Array<Buffer | string>): string {
	for (;;) {
		const boundary = `nh-boundary-${randomUUID()}`;
		if (!parts.some((part) => part.includes(boundary))) return boundary;
	}
}
