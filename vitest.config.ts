import { defineConfig } from 'vitest/config';

// One run, two projects, so the whole suite ends on one summary line:
// - node: codec, CLI, tokens (real SoftHSM), provider (real TLS on loopback), session, app;
// - browser: the wizard in real Chromium against dev:web. Each file starts its own demo
//   cluster, SoftHSM tokens and browser, so files run one at a time, after the node project.
export default defineConfig({
  test: {
    // Default per-file output (only failures under CI), plus one final `tests: N passed, N failed, N skipped` line for CI.
    reporters: process.env.CI ? ['./test/helpers/summary-reporter.ts'] : ['default', './test/helpers/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'node_modules/**'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // SoftHSM token stores and loopback servers are per-file; two cores, so keep parallelism modest.
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/helpers/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
