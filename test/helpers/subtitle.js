// @ts-check
'use strict';

/**
 * Evaluates a node's subtitle expression (`={{ … }}`) for these parameter values, as the editor
 * does with `$parameter`.
 * @param {string} subtitle @param {Record<string, string>} parameter
 * @returns {string}
 */
function subtitleFor(subtitle, parameter) {
	const body = /^=\{\{(.*)\}\}$/s.exec(subtitle)?.[1];
	if (!body) throw new Error(`not an expression: ${subtitle}`);
	return new Function('$parameter', `return (${body});`)(parameter);
}

module.exports = { subtitleFor };
