import type { INodeProperties } from 'n8n-workflow';

/**
 * A canvas subtitle in the words of the form ("Direct Batch Send: Notification"), read from the
 * node's own Resource and Operation options, instead of their internal values
 * ("directBatchSend: notification").
 */
export function readableSubtitle(properties: INodeProperties[]): string {
	const optionsOf = (property: INodeProperties) =>
		(property.options ?? []) as Array<{ name: string; value: unknown }>;
	const resource = properties.find((property) => property.name === 'resource');
	const resourceNames = new Map(
		resource ? optionsOf(resource).map((option) => [String(option.value), option.name]) : [],
	);
	const labels: Record<string, string> = {};
	for (const property of properties) {
		if (property.name !== 'operation') continue;
		for (const value of (property.displayOptions?.show?.resource ?? []) as string[]) {
			for (const option of optionsOf(property))
				labels[`${value}:${String(option.value)}`] =
					`${option.name}: ${resourceNames.get(value) ?? value}`;
		}
	}
	return `={{ ${JSON.stringify(labels)}[$parameter["resource"] + ":" + $parameter["operation"]] ?? $parameter["operation"] }}`;
}
