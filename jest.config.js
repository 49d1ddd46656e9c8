// @ts-check
/**
 * Unit and node tests are fast; the end-to-end project starts one real n8n for its files; the
 * queue-mode project starts its own n8n (main + workers, Redis, Postgres) and needs no shared one.
 */
const common = {
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json' }] },
	// dist/ and build/ hold copies of the package.json files and .cache/ a whole n8n: keep jest's
	// module map to the sources.
	modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/build/', '<rootDir>/.cache/'],
};
const queueTests = '<rootDir>/test/e2e/queue*.e2e.test.ts';

/** @type {import('jest').Config} */
module.exports = {
	// End-to-end tests wait for real workflow runs.
	testTimeout: 300_000,
	projects: [
		// What a run learns about a service's pace is kept per process: each test starts without it.
		{
			...common,
			displayName: 'unit',
			testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
			setupFilesAfterEnv: ['<rootDir>/test/helpers/fresh-pace.ts'],
		},
		{
			...common,
			displayName: 'node',
			testMatch: ['<rootDir>/test/node/**/*.test.ts'],
			setupFilesAfterEnv: ['<rootDir>/test/helpers/fresh-pace.ts'],
		},
		{
			...common,
			displayName: 'e2e',
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			testPathIgnorePatterns: ['/node_modules/', '/test/e2e/queue[^/]*\\.e2e\\.test\\.ts$'],
			// One real n8n for the whole run: started before the first e2e file, stopped after the last.
			globalSetup: '<rootDir>/test/e2e/global-setup.js',
			globalTeardown: '<rootDir>/test/e2e/global-teardown.js',
		},
		// n8n in queue mode: `npx jest --selectProjects e2e-queue` runs it alone, without the shared n8n.
		{ ...common, displayName: 'e2e-queue', testMatch: [queueTests] },
	],
};
