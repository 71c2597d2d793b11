/**
 * End-to-end tests: the built server as a child process, driven by Debian's chromium through
 * playwright-core. Run with `npm run test:e2e`. The files are named *.e2e.ts so that `npm test`
 * (test/**\/*.test.ts) never picks them up.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/e2e/**/*.e2e.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    globalSetup: ['test/e2e/global-setup.ts'],
    // One server, one browser at a time: a single fork, files one after another.
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
  },
});
