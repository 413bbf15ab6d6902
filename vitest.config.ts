import { defineConfig } from 'vitest/config';

/**
 * Two tiers: fast unit tests next to the code, and end-to-end tests in test/e2e that drive a
 * real Chromium with the built extension against a real collector process. End-to-end files
 * run one at a time (they share the machine's Chromium policy directory and two cores).
 */
export default defineConfig({
  define: { __ESAFETY_TEST_HOOKS__: 'true' },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'extension/**/*.test.ts', 'agent/**/*.test.ts', 'test/unit/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // A real browser on a shared 2-core runner has timing noise no test can remove
          // entirely; in CI a failed browser test is tried once more (vitest reports the retry).
          // The fault project never retries: a loss there must fail the run.
          retry: process.env.CI ? 1 : 0,
          globalSetup: ['test/support/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          // Faults, bad input and attacks (issue 9): real processes, one file at a time.
          name: 'fault',
          include: ['test/fault/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
