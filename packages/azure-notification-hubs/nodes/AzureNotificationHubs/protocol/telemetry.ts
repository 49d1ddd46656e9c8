/**
 * Reads Azure's per-message telemetry, an XML `NotificationDetails` document, into plain JSON:
 * simple elements become fields, `*OutcomeCounts` lists become `{ outcomeName: count }`.
 */
export function readNotificationDetails(xml: string): Record<string, unknown> {
	const result: Record<string, unknown> = {};
	const body = /<NotificationDetails[^>]*>([\s\S]*)<\/NotificationDetails>/i.exec(xml)?.[1] ?? xml;
	const element = /<(\w+)(?:\s[^>]*)?>([\s\S]*?)<\/\1>/g;
	for (const match of body.matchAll(element)) {
		const [, name, inner] = match;
		const key = name.charAt(0).toLowerCase() + name.slice(1);
		if (/OutcomeCounts$/.test(name)) {
			const counts: Record<string, number> = {};
			for (const outcome of inner.matchAll(
				/<Outcome>[\s\S]*?<Name>([^<]*)<\/Name>[\s\S]*?<Count>(\d+)<\/Count>[\s\S]*?<\/Outcome>/g,
			))
				counts[outcome[1]] = Number(outcome[2]);
			result[key] = counts;
		} else if (!/</.test(inner)) {
			result[key] = unescapeXml(inner.trim());
		}
	}
	return result;
}

function unescapeXml(text: string): string {
	return text.replace(
		/&(lt|gt|amp|quot|apos);/g,
		(_, e) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e as 'lt'],
	);
}
