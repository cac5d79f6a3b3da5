import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // SoftHSM token stores and loopback servers are per-file; two cores, so keep parallelism modest.
    maxWorkers: 2,
    // Default per-file output, plus one final `tests: N passed, N failed, N skipped` line for CI.
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
