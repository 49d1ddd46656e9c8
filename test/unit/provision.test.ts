/**
 * How the pinned n8n, Node 24 and Postgres get into `.cache/` (`installOnce` in
 * scripts/provision-n8n.js): an install is made in a folder of its own and moved into place when
 * complete, so an interrupted run, or two runs at once (`npm test` beside `npm run demo`), never
 * leave a folder that looks complete and is not.
 */
import { dirs, processIds, quietly, type TempDirs } from '../helpers/dirs';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { installOnce } = require('../../scripts/provision-n8n') as {
	installOnce: (dir: string, message: string, install: (dir: string) => void) => void;
};

let temp: TempDirs;
beforeEach(() => {
	temp = dirs();
});
afterEach(() => temp.remove());

describe('installOnce', () => {
	test('installs into an empty folder of its own, then moves it into place with its marker', () => {
		const target = temp.path('n8n-2.41.1');
		const seen: string[] = [];
		quietly(() =>
			installOnce(target, 'installing', (staging) => {
				seen.push(staging, ...temp.list(staging));
				temp.write(staging, 'node_modules/n8n/bin/n8n', 'n8n');
			}),
		);
		expect(seen).toEqual([`${target}.${processIds.pid}`, 'package.json']);
		expect(temp.read(target, 'node_modules/n8n/bin/n8n')).toBe('n8n');
		expect(temp.exists(target, '.complete')).toBe(true);
		expect(temp.list(temp.root)).toEqual(['n8n-2.41.1']);
	});

	test('leaves a complete install as it is and runs nothing', () => {
		const target = temp.path('node-24');
		temp.write(target, '.complete', 'earlier');
		temp.write(target, 'node_modules/x', 'kept');
		const install = jest.fn();
		installOnce(target, 'installing', install);
		expect(install).not.toHaveBeenCalled();
		expect(temp.read(target, 'node_modules/x')).toBe('kept');
	});

	test('replaces a folder without its marker, what an interrupted install of old left', () => {
		const target = temp.path('node-24');
		temp.write(target, 'node_modules/half', 'half');
		quietly(() =>
			installOnce(target, 'installing', (staging) => temp.write(staging, 'new', 'new')),
		);
		expect(temp.exists(target, 'node_modules/half')).toBe(false);
		expect(temp.read(target, 'new')).toBe('new');
		expect(temp.exists(target, '.complete')).toBe(true);
	});

	test('keeps the install of a run that completed first, and drops its own', () => {
		const target = temp.path('n8n-2.41.1');
		quietly(() =>
			installOnce(target, 'installing', (staging) => {
				temp.write(staging, 'mine', 'mine');
				// The other run finishes while this one installs.
				temp.write(target, 'theirs', 'theirs');
				temp.write(target, '.complete', 'theirs');
			}),
		);
		expect(temp.exists(target, 'theirs')).toBe(true);
		expect(temp.exists(target, 'mine')).toBe(false);
		expect(temp.list(temp.root)).toEqual(['n8n-2.41.1']);
	});

	test('a failed install leaves nothing behind and says why', () => {
		const target = temp.path('postgres-17');
		expect(() =>
			quietly(() =>
				installOnce(target, 'installing', (staging) => {
					temp.write(staging, 'half', 'half');
					throw new Error('npm install failed');
				}),
			),
		).toThrow('npm install failed');
		expect(temp.list(temp.root)).toEqual([]);
	});

	test('removes what runs that are no longer alive left, and not what a running one is installing', () => {
		const target = temp.path('n8n-2.41.1');
		const gone = 2 ** 22 + 17; // above Linux's largest PID, so no process has it
		temp.write(`${target}.${gone}`, 'node_modules/x', 'left');
		temp.write(`${target}.${processIds.parent}`, 'node_modules/x', 'in progress');
		quietly(() => installOnce(target, 'installing', () => undefined));
		expect(temp.list(temp.root).sort()).toEqual(['n8n-2.41.1', `n8n-2.41.1.${processIds.parent}`]);
	});
});
