// @ts-check
'use strict';
/**
 * The recipients every case sends to, defined once: as functions for the floor (bench/floor.js)
 * and as source text for the n8n side (a Code node's JavaScript, or an n8n expression), so that
 * n8n and the floor send exactly the same handles, keys and ids.
 *
 * APNs device tokens are 64 hex characters; `i * 2654435761 mod 2^32` is a bijection on
 * 0..2^32-1 (the multiplier is odd), so the tokens are distinct and look random.
 */

/** Source of an expression of `i` for each kind; valid JavaScript and valid inside `{{ }}`. */
const SOURCE = {
	apns: "(i * 2654435761 % 4294967296).toString(16).padStart(8, '0').repeat(8)",
	subscriber: "'subscriber-' + String(i).padStart(7, '0')",
	user: "'user-' + String(i).padStart(7, '0')",
};

/** @typedef {keyof typeof SOURCE} RecipientKind */

/** @type {Record<RecipientKind, (i: number) => string>} */
const make = {
	apns: (i) => ((i * 2654435761) % 4294967296).toString(16).padStart(8, '0').repeat(8),
	subscriber: (i) => 'subscriber-' + String(i).padStart(7, '0'),
	user: (i) => 'user-' + String(i).padStart(7, '0'),
};

/**
 * A Code node ("Run Once for All Items") that returns `count` items, each `{ [field]: recipient }`.
 * @param {RecipientKind} kind @param {string} field @param {number} count
 */
function itemsCode(kind, field, count) {
	return `// ${count} items of one recipient each, as a database query would return them.\nconst items = new Array(${count});\nfor (let i = 0; i < ${count}; i++) items[i] = { json: { ${field}: ${SOURCE[kind]} } };\nreturn items;`;
}

/**
 * A Code node that returns ONE item holding `count` recipients in `field`.
 * @param {RecipientKind} kind @param {string} field @param {number} count
 */
function oneItemCode(kind, field, count) {
	return `// One item holding ${count} recipients.\nconst list = new Array(${count});\nfor (let i = 0; i < ${count}; i++) list[i] = ${SOURCE[kind]};\nreturn [{ json: { ${field}: list } }];`;
}

/**
 * An n8n expression producing `count` recipients as an array (evaluated inside our node).
 * @param {RecipientKind} kind @param {number} count
 */
function listExpression(kind, count) {
	return `={{ Array.from({ length: ${count} }, (_, i) => ${SOURCE[kind]}) }}`;
}

module.exports = { SOURCE, make, itemsCode, oneItemCode, listExpression };
