/**
 * Runs the application: configuration, logger, listen, graceful close. Startup problems end with
 * one German message and exit code 1, never a stack trace.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { DatabaseStartupError, describeDatabaseError, errorCode } from '../db/connection.js';
import { loadPrecompiled, precompiledCompilers } from './precompiled.js';
import { translate } from './i18n.js';

// The live heap of the app is small (about 45 MB) but a busy server allocates fast. By default V8
// lets the old generation grow to several times the live size before a full collection, which
// under sustained load meant 250+ MB RSS; growing by half keeps the process under 200 MB at the
// same throughput (measured with `npm run bench`). A GC heuristic, read at every collection, so
// setting it here covers every way the server is started.
setFlagsFromString('--heap-growing-percent=50');

/**
 * The young generation (V8's two semi-spaces) of a busy server grows to 32 MB, all of it resident.
 * Half of that serves the same throughput: the short-lived objects of a request die young either
 * way. `--max-semi-space-size` is read only when the heap is made, so it would have to be a
 * command-line flag (and then be given to every way of starting the server); the growth factor is
 * read whenever V8 grows the young generation. So: growth allowed below the cap, stopped at it,
 * checked after every collection (V8 may shrink it again when the server is idle).
 */
const YOUNG_GENERATION_MAX_BYTES = 16 * 1024 * 1024;

function capYoungGeneration(maxBytes: number): void {
  let growing: boolean | undefined;
  const adjust = () => {
    const size = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
    const grow = size < maxBytes;
    if (grow === growing) return;
    setFlagsFromString(`--semi-space-growth-factor=${grow ? 2 : 1}`);
    growing = grow;
  };
  adjust();
  new PerformanceObserver(adjust).observe({ entryTypes: ['gc'] });
}
capYoungGeneration(YOUNG_GENERATION_MAX_BYTES);

function fail(message: string): never {
  process.stderr.write(`${translate('cli.server.cannotStart', { message })}\n`);
  process.exit(1);
}

function describeListenError(error: NodeJS.ErrnoException, host: string, port: number): string {
  if (error.code === 'EADDRINUSE') return translate('cli.server.portInUse', { host, port });
  if (error.code === 'EACCES') return translate('cli.server.noPermission', { host, port });
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') return translate('cli.server.addressUnavailable', { host });
  return translate('cli.server.cannotOpen', { host, port, reason: error.code ?? error.message });
}

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }

  let app;
  try {
    const precompiled = loadPrecompiled();
    app = await buildApp({
      config,
      ...(precompiled ? { schemaCompilers: precompiledCompilers(precompiled), templates: precompiled.templates } : {}),
    });
    await app.ready();
  } catch (error) {
    if (error instanceof DatabaseStartupError) fail(error.message);
    // the start-up work writes (actors, legal pages, demo data, search index): SQLite's trouble in German
    if (errorCode(error).startsWith('SQLITE_')) fail(describeDatabaseError(error, config.databasePath));
    throw error;
  }

  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info({ signal }, 'shutting down');
    await app.close();
  });

  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await app.close();
    fail(describeListenError(error as NodeJS.ErrnoException, config.host, config.port));
  }
}

main().catch((error: unknown) => {
  fail(translate('cli.server.unexpected', { message: error instanceof Error ? error.message : String(error) }));
});
