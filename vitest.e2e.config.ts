import { defineConfig } from 'vitest/config';

// Browser tests: real Chromium (playwright-core, /usr/bin/chromium) against `npm run dev:web`.
// One file at a time: each starts its own demo cluster, SoftHSM tokens and browser.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/e2e/helpers/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    maxWorkers: 1,
  },
});
