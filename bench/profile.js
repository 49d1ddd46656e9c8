#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Reads a V8 CPU profile of n8n (BENCH_CPU_PROF=dir npm run bench, which starts n8n with
 * --cpu-prof) and says where the time of the biggest node run went.
 *
 * The window: samples whose stack holds a frame of this package are grouped into bursts
 * (gaps under 1 s); the burst with the most such samples is the case under study (run the benchmark with
 * BENCH_ONLY=<that case> so the warm-ups are the only other bursts). The window runs from the
 * first to the last sample of the burst, plus `--tail` ms after it (n8n's own work on the node's
 * output, which executionTime includes).
 *
 * Prints self time by area (this package, n8n-core, n8n-workflow, the HTTP client, Node
 * internals, GC, idle) and the top functions by self time, with their files.
 *
 * Usage: node bench/profile.js <file.cpuprofile> [--tail=300] [--top=40]
 */
const fs = require('node:fs');

const file = process.argv[2];
if (!file) {
	process.stderr.write('usage: node bench/profile.js <file.cpuprofile> [--tail=300] [--top=40]\n');
	process.exit(2);
}
const option = (/** @type {string} */ name, /** @type {number} */ fallback) =>
	Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const TAIL_MS = option('tail', 300);
const TOP = option('top', 40);
const PACKAGE = 'n8n-nodes-push-notifications';

/** @type {{ nodes: Array<{ id: number, callFrame: { functionName: string, url: string, lineNumber: number }, children?: number[] }>, startTime: number, samples: number[], timeDeltas: number[] }} */
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
/** @type {Map<number, any>} */
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
/** @type {Map<number, number>} */
const parent = new Map();
for (const node of profile.nodes)
	for (const child of node.children ?? []) parent.set(child, node.id);

/** @type {Map<number, boolean>} */
const ours = new Map();
/** @param {number} id @returns {boolean} whether the stack ending at this node holds a frame of the package */
function holdsOurs(id) {
	const known = ours.get(id);
	if (known !== undefined) return known;
	const node = byId.get(id);
	const up = parent.get(id);
	const value = node.callFrame.url.includes(PACKAGE) || (up !== undefined && holdsOurs(up));
	ours.set(id, value);
	return value;
}

// Sample times in ms from the profile start.
const times = [];
let t = 0;
for (const delta of profile.timeDeltas) {
	t += delta / 1000;
	times.push(t);
}

// Bursts of samples in our code.
/** @type {Array<{ start: number, end: number, count: number }>} */
const bursts = [];
for (let i = 0; i < profile.samples.length; i++) {
	if (!holdsOurs(profile.samples[i])) continue;
	const last = bursts[bursts.length - 1];
	if (last && times[i] - last.end < 1000) {
		last.end = times[i];
		last.count++;
	} else bursts.push({ start: times[i], end: times[i], count: 1 });
}
if (!bursts.length) {
	process.stdout.write(`no sample of ${PACKAGE} in this profile\n`);
	process.exit(0);
}
const burst = bursts.reduce((a, b) => (b.count > a.count ? b : a));
const from = burst.start;
const to = burst.end + TAIL_MS;

/** @param {string} url @param {string} name */
function area(url, name) {
	if (name === '(garbage collector)') return 'GC';
	if (name === '(idle)') return 'idle';
	if (name === '(program)') return 'V8 / native (program)';
	if (url.includes(PACKAGE)) return 'this package';
	if (url.includes('/n8n-core/')) return 'n8n-core';
	if (url.includes('/n8n-workflow/')) return 'n8n-workflow';
	if (/axios|follow-redirects|backend-network|form-data|proxy-from-env/.test(url))
		return 'HTTP client (axios, @n8n/backend-network)';
	if (url.startsWith('node:') || url === '') return 'Node internals / native';
	if (/\/n8n\/|@n8n\//.test(url)) return 'n8n (cli, @n8n/*)';
	return 'other modules';
}

/** @type {Map<string, number>} */
const areas = new Map();
/** @type {Map<string, { ms: number, where: string, area: string }>} */
const functions = new Map();
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
	if (times[i] < from || times[i] > to) continue;
	const ms = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i]) / 1000;
	const node = byId.get(profile.samples[i]);
	const { functionName, url, lineNumber } = node.callFrame;
	const name = functionName || '(anonymous)';
	const a = area(url, name);
	total += ms;
	areas.set(a, (areas.get(a) ?? 0) + ms);
	const short = url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\//, '');
	const key = `${name} ${short}:${lineNumber + 1}`;
	const entry = functions.get(key) ?? {
		ms: 0,
		where: short ? `${short}:${lineNumber + 1}` : '',
		area: a,
	};
	entry.ms += ms;
	functions.set(key, entry);
}

// Inclusive time: samples whose stack holds the function (once per sample).
/** @type {Map<number, string[]>} */
const stackKeys = new Map();
/** @param {number} id @returns {string[]} */
function keysOf(id) {
	const known = stackKeys.get(id);
	if (known) return known;
	const node = byId.get(id);
	const { functionName, url, lineNumber } = node.callFrame;
	const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\//, '')}:${lineNumber + 1}`;
	const up = parent.get(id);
	const keys = up === undefined ? [key] : [...new Set([...keysOf(up), key])];
	stackKeys.set(id, keys);
	return keys;
}
/** @type {Map<string, number>} */
const inclusive = new Map();
for (let i = 0; i < profile.samples.length; i++) {
	if (times[i] < from || times[i] > to) continue;
	const ms = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i]) / 1000;
	for (const key of keysOf(profile.samples[i])) inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
}

const out = [];
out.push(`profile ${file}`);
out.push(
	`window: ${(from / 1000).toFixed(2)} s → ${(to / 1000).toFixed(2)} s (${(to - from).toFixed(0)} ms; burst of ${burst.count} samples in ${PACKAGE}, plus ${TAIL_MS} ms)`,
);
out.push('', 'self time by area:');
for (const [name, ms] of [...areas].sort((a, b) => b[1] - a[1]))
	out.push(
		`  ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${name}`,
	);
out.push('', `top ${TOP} functions by self time:`);
for (const [key, entry] of [...functions].sort((a, b) => b[1].ms - a[1].ms).slice(0, TOP)) {
	out.push(
		`  ${entry.ms.toFixed(0).padStart(7)} ms ${((100 * entry.ms) / total).toFixed(1).padStart(5)} %  ${key.split(' ')[0]}  (${entry.where || entry.area})`,
	);
}
out.push(
	'',
	`top ${TOP} functions by inclusive time (this package, n8n-core, n8n-workflow, HTTP client):`,
);
const interesting = /n8n-nodes-push-notifications|n8n-core|n8n-workflow|axios|backend-network/;
for (const [key, ms] of [...inclusive]
	.filter(([key]) => interesting.test(key))
	.sort((a, b) => b[1] - a[1])
	.slice(0, TOP)) {
	out.push(
		`  ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${key}`,
	);
}
process.stdout.write(`${out.join('\n')}\n`);
