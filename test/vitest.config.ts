import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Test files run in parallel, in worker processes that take one file after another
 * (docs/testing.md says what a test must respect for that). vitest's default, one process fewer than the machine has cores, is a single
 * process on two cores, although many files mostly wait (for child processes, servers, SQLite
 * files): so at least two. VITEST_MAX_WORKERS overrides it (1: one file after the other).
 */
const WORKERS = Math.max(2, availableParallelism() - 1);

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    pool: 'forks',
    // One process per worker for the whole run, not one per file: a file's modules (the app with
    // Fastify, pdf.js, docx, …) are loaded once per worker instead of once per file. Measured on 38
    // integration files: 239 s of CPU with a process per file, 151 s with shared processes. Test
    // files therefore keep no state in shared modules beyond caches (docs/testing.md).
    isolate: false,
    maxWorkers: process.env.VITEST_MAX_WORKERS ? Number(process.env.VITEST_MAX_WORKERS) : WORKERS,
    // Only a net for a test that hangs (no test checks a time): with files side by side, on a
    // machine that other runs share as well, a test may take several times as long as alone.
    testTimeout: 60_000,
    // The same net for beforeAll/beforeEach (vitest's default is 10 s): a hook that builds an app
    // or a database took longer than that on a loaded machine and failed its tests without a fault.
    hookTimeout: 60_000,
  },
});
