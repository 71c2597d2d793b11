/**
 * `npm run bench`: the performance figures of the application, measured on this machine.
 *
 * Builds (or reuses) a 100,000-resolution database, starts the app on it as a separate process,
 * and measures with wrk (./wrk.ts; 2 threads, 10 connections, 10 s each, after a 2 s warm-up) a
 * bare Fastify hello-world route as the ceiling, the home page, a meeting page with 50 TOPs, one
 * resolution page over and over (the page cache's hot page), resolution pages rotating over
 * 3,000 public URLs — with the page cache on and, in a second process, off — and the statistics
 * pages; then the statistics pages right after a write, reads under writes and the search. Every
 * row has its ratio to the hello-world of the same run and the CPU time per request of server and
 * load generator. Prints a table, writes the figures as JSON.
 *
 * The machine is shared: its speed changes by up to half within a minute (hello-world measured
 * 27–52 µs of server CPU per request in successive 4 s rounds). So besides the ratio to the
 * hello-world at the start, each page row has its ratio to a hello-world measured right before and
 * right after it (`ratioBeside`, a second hello process running through the run): both sides of
 * that ratio see the same state of the machine.
 *
 * Two reference rows put the ratios in proportion (reference.ts): the same resolution page
 * from bare Fastify with raw prepared statements and one plain Handlebars template (`reference`),
 * and that page's bytes sent from memory (`reference-memory`, the ceiling of any page cache).
 *
 *   npm run bench -- [--json FILE] [--duration SECONDS] [--resolutions N] [--only search]
 *
 * `--only search` measures the search alone (see search.ts) and prints its table; the JSON
 * file is left as it is.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { conferencePath, resolutionPath, meetingPath } from '../../src/domain/citation.js';
import { ROOT_DIR, SERVER_BUNDLE } from '../../src/paths.js';
import { ensureBenchDatabase } from './db.js';
import { rotatingPaths } from './rotating.js';
import { benchReadsUnderWrites, benchStatisticsAfterWrites, failedLoad } from './load.js';
import { assertWrk, runWrk } from './wrk.js';
import { benchSearch, formatSearchBench } from './search.js';
import { builtCli, COLD_STARTS, coldStarts, cpuSeconds, peakRssMb, startProcess, stop } from './processes.js';

interface PageFigure {
  url: string;
  /** How many different URLs the row requests in turn (1: the same page over and over). */
  urls: number;
  rps: number;
  p50: number;
  p95: number;
  p97_5: number;
  p99: number;
  ratio: number;
  /** req/s of hello-world right before and after this row (mean), null for the hello rows. */
  helloBesideRps: number | null;
  /** rps against helloBesideRps; null for the hello rows. */
  ratioBeside: number | null;
  errors: number;
  non2xx: number;
  /** Bytes of one response body. */
  bytes: number;
  /** CPU time per request of the server process and of the load generator (this process), µs. */
  serverCpuUs: number | null;
  clientCpuUs: number;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * One page (or a list of pages, requested in turn) under load. Server and load generator share
 * the two cores, so next to req/s the CPU time per request of each side is recorded: it shows
 * which of them is the bottleneck.
 */
async function measure(base: string, paths: readonly string[], duration: number, serverPid?: number): Promise<Measured> {
  // warm-up: fill caches, let V8 optimise
  await runWrk({ url: base, paths, durationSeconds: 2 });
  const bytes = (await (await fetch(`${base}${paths[0]}`)).arrayBuffer()).byteLength;
  const serverBefore = serverPid === undefined ? 0 : cpuSeconds(serverPid);
  const result = await runWrk({ url: base, paths, durationSeconds: duration });
  const requests = Math.max(1, result.requests);
  return {
    url: `${base}${paths[0]}`,
    urls: paths.length,
    rps: result.rps,
    p50: result.p50,
    p95: result.p95,
    p97_5: result.p97_5,
    p99: result.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    bytes,
    serverCpuUs: serverPid === undefined ? null : Math.round(((cpuSeconds(serverPid) - serverBefore) * 1e6) / requests),
    clientCpuUs: result.clientCpuUs,
    helloBesideRps: null,
  };
}

type Measured = Omit<PageFigure, 'ratio' | 'ratioBeside'>;

/** Seconds of each hello-world measurement beside a row (the process is warm: no warm-up). */
const BESIDE_SECONDS = 3;

/**
 * `run` (a page row) between two short measurements of the hello-world at `helloBase`: the row
 * keeps their mean as `helloBesideRps`, the ceiling in the same state of the machine.
 */
async function besideHello(helloBase: string, run: () => Promise<Measured>): Promise<Measured> {
  const slice = async () => (await runWrk({ url: helloBase, paths: ['/'], durationSeconds: BESIDE_SECONDS })).rps;
  const before = await slice();
  const figure = await run();
  const after = await slice();
  return { ...figure, helloBesideRps: Math.round((before + after) / 2) };
}

/**
 * The app's environment in every run: the bench database, no demo data, and wrk on this machine
 * exempt from the request limits (the search allows 60 per minute and address; a row measures
 * thousands).
 */
function appEnvOf(dbFile: string): Record<string, string> {
  return { DATABASE_PATH: dbFile, LOAD_DEMO: 'false', RATE_LIMIT_ALLOW: '127.0.0.1' };
}

/** The date of the "as of" statistics row (`/statistik?stand=`). */
const STAND = '2020-06-30';

function pickUrls(file: string) {
  const db = new Database(file, { readonly: true });
  const meeting = db
    .prepare(
      `select c.slug, m.url_key as urlKey, count(*) as n from resolutions r
         join meetings m on m.id = r.meeting_id join conferences c on c.id = m.conference_id
        group by m.id order by abs(count(*) - 50), m.id limit 1`,
    )
    .get() as { slug: string; urlKey: string; n: number };
  const resolution = db
    .prepare(
      `select c.slug, m.url_key as urlKey, r.agenda_item as agendaItem,
              (select count(*) from demands d where d.resolution_id = r.id) as demands
         from resolutions r join meetings m on m.id = r.meeting_id join conferences c on c.id = m.conference_id
        where r.release = 'public' and r.id >= (select max(id) / 2 from resolutions)
          and (select count(*) from follow_ups f where f.resolution_id = r.id) >= 5
        order by r.id limit 1`,
    )
    .get() as { slug: string; urlKey: string; agendaItem: string; demands: number };
  const rotating = rotatingPaths(db);
  db.close();
  return {
    meeting: { path: meetingPath(meeting.slug, meeting.urlKey), tops: meeting.n },
    // the statistics page of the bench meeting's conference
    statistics: { path: `${conferencePath(meeting.slug)}/statistik`, conference: meeting.slug },
    resolution: { path: resolutionPath(resolution.slug, resolution.urlKey, resolution.agendaItem), demands: resolution.demands },
    rotating,
  };
}

async function parserFigure(): Promise<{ mbPerSecond: number; mb: number; resolutions: number } | null> {
  try {
    const { measureParser } = (await import('./parser.js')) as {
      measureParser: () => { mb: number; mbPerSecond: number; resolutions: number };
    };
    return measureParser();
  } catch (error) {
    log(`parser figure skipped: ${(error as Error).message}`);
    return null;
  }
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows
    .map((row, r) => {
      const line = row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ');
      return r === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}` : line;
    })
    .join('\n');
}

async function main() {
  const { values } = parseArgs({
    options: {
      json: { type: 'string', default: path.join(ROOT_DIR, 'data', 'bench.json') },
      duration: { type: 'string', default: '10' },
      resolutions: { type: 'string', default: '100000' },
      only: { type: 'string' },
    },
  });
  if (values.only !== undefined && values.only !== 'search') throw new Error(`--only: unknown part "${values.only}" (only "search")`);
  const duration = Number(values.duration);
  const resolutions = Number(values.resolutions);
  assertWrk(); // before anything is built: without wrk nothing can be measured
  const benchDir = path.join(ROOT_DIR, 'data', 'bench');
  mkdirSync(benchDir, { recursive: true });
  const dbFile = path.join(benchDir, `bench-${resolutions}.db`);
  const built = ensureBenchDatabase(dbFile, { resolutions, demandsPerResolution: 10, seed: 20261125 }, log);
  if (built.built) log(`built in ${built.seconds.toFixed(1)} s`);
  if (values.only === 'search') {
    const server = await startProcess(SERVER_BUNDLE, { ...appEnvOf(dbFile), PAGE_CACHE: 'false' }, '/');
    try {
      const figures = await benchSearch(server.base, dbFile, { duration: Math.min(duration, 5), log, serverPid: server.child.pid });
      process.stdout.write(`search (page cache off, 10 connections):\n${formatSearchBench(figures)}\n`);
    } finally {
      await stop(server.child);
    }
    return;
  }
  const urls = pickUrls(dbFile);
  log(`meeting page ${urls.meeting.path} (${urls.meeting.tops} TOPs), resolution page ${urls.resolution.path} (${urls.resolution.demands} demands), ${urls.rotating.length} rotating pages`);

  const appEnv = appEnvOf(dbFile);
  const hello = await startProcess(builtCli('hello.js'), {}, '/');
  const helloFigure = await measure(hello.base, ['/'], duration, hello.child.pid);
  await stop(hello.child);
  // The hello-world beside every page row (see above): its own process, warm and idle in between.
  const beside = await startProcess(builtCli('hello.js'), {}, '/');
  await runWrk({ url: beside.base, paths: ['/'], durationSeconds: 2 });
  const row = (base: string, paths: readonly string[], serverPid: number | undefined) =>
    besideHello(beside.base, () => measure(base, paths, duration, serverPid));
  // The same resolution page from the leanest version of the stack: what the ratios can reach here.
  const reference = await startProcess(builtCli('reference.js'), { DATABASE_PATH: dbFile }, urls.resolution.path);
  const referenceMemory = await row(reference.base, [`/memory${urls.resolution.path}`], reference.child.pid);
  const referenceRendered = await row(reference.base, [urls.resolution.path], reference.child.pid);
  const referenceRotating = await row(reference.base, urls.rotating, reference.child.pid);
  await stop(reference.child);

  const { running: app, ...coldStart } = await coldStarts({ ...appEnv, PAGE_CACHE: 'true' });
  const pages: Record<string, Measured> = { hello: helloFigure };
  pages.home = await row(app.base, ['/'], app.child.pid);
  pages.meeting = await row(app.base, [urls.meeting.path], app.child.pid);
  pages.resolution = await row(app.base, [urls.resolution.path], app.child.pid);
  // a crawl: every page asked for in turn, far more than stay in the cache between two visits
  pages['resolution-rotating'] = await row(app.base, urls.rotating, app.child.pid);
  pages.statistics = await row(app.base, [urls.statistics.path], app.child.pid);
  pages['statistics-overview'] = await row(app.base, ['/statistik'], app.child.pid);
  const rssCachedPages = peakRssMb(app.child.pid);
  // The statistics pages right after a write: one write, then each page once, round after round.
  const afterWrite = await benchStatisticsAfterWrites(app.base, dbFile, {
    conference: urls.statistics.conference,
    paths: [urls.statistics.path, '/statistik', '/', `/statistik?stand=${STAND}`],
    rounds: 20,
    log,
  });
  // Reads under writes: a second process writes follow-ups into the same file meanwhile.
  const load = await benchReadsUnderWrites(app.base, dbFile, { duration, log }).catch((error: unknown) => failedLoad(error, log));
  const rssCached = peakRssMb(app.child.pid);
  await stop(app.child);

  const uncached = await startProcess(SERVER_BUNDLE, { ...appEnv, PAGE_CACHE: 'false' }, '/');
  pages['resolution-uncached'] = await row(uncached.base, [urls.resolution.path], uncached.child.pid);
  pages['resolution-rotating-uncached'] = await row(uncached.base, urls.rotating, uncached.child.pid);
  pages['statistics-uncached'] = await row(uncached.base, [urls.statistics.path], uncached.child.pid);
  const rssUncached = peakRssMb(uncached.child.pid);
  await stop(beside.child);
  // Search: the whole page (ranking, snippets, facets) with the page cache off.
  const search = await benchSearch(uncached.base, dbFile, { duration: Math.min(duration, 5), log, serverPid: uncached.child.pid });
  const rssSearch = peakRssMb(uncached.child.pid);
  await stop(uncached.child);
  pages['reference-memory'] = referenceMemory;
  pages.reference = referenceRendered;
  pages['reference-rotating'] = referenceRotating;
  // The ceiling once more at the end: on a shared machine its drift shows how far the ratios can be trusted.
  const helloAgain = await startProcess(builtCli('hello.js'), {}, '/');
  pages['hello-end'] = await measure(helloAgain.base, ['/'], duration, helloAgain.child.pid);
  await stop(helloAgain.child);
  const helloDrift = pages['hello-end'].rps / helloFigure.rps - 1;

  const ratio = (rps: number, of: number | null) => (of === null ? null : Number((rps / of).toFixed(3)));
  const withRatio: Record<string, PageFigure> = {};
  for (const [name, figure] of Object.entries(pages)) {
    withRatio[name] = { ...figure, ratio: ratio(figure.rps, helloFigure.rps)!, ratioBeside: ratio(figure.rps, figure.helloBesideRps) };
  }
  const besideRps = Object.values(pages).flatMap((figure) => (figure.helloBesideRps === null ? [] : [figure.helloBesideRps]));
  const parser = await parserFigure();
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    resolutions,
    connections: 10,
    durationSeconds: duration,
    /** hello-world at the end against at the start: the machine's drift during the run. */
    helloDrift: Number(helloDrift.toFixed(3)),
    /** The hello-world beside the page rows: its lowest and highest req/s (the machine's spread). */
    helloBeside: { minRps: Math.min(...besideRps), maxRps: Math.max(...besideRps), seconds: BESIDE_SECONDS },
    pages: withRatio,
    /** Median of COLD_STARTS starts; every sample in coldStartSamplesMs. */
    coldStartMs: coldStart.medianMs,
    coldStartSamplesMs: coldStart.samplesMs,
    /** Peak RSS while serving the pages above (a target of the application), and after the search runs. */
    peakRssMb: Math.round(Math.max(rssCached, rssUncached)),
    peakRssByPhaseMb: {
      cachedPages: Math.round(rssCachedPages),
      readsUnderWrites: Math.round(rssCached),
      uncachedResolution: Math.round(rssUncached),
    },
    peakRssAfterSearchMb: Math.round(rssSearch),
    parser,
    search,
    load,
    /** The statistics pages right after a write (page cache on): ms per page, over all rounds. */
    statisticsAfterWrite: afterWrite,
  };

  const rows = [['page', 'URLs', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'ratio', 'ratio beside', 'errors', 'KB', 'server µs/req', 'wrk µs/req']];
  for (const [name, f] of Object.entries(withRatio)) {
    rows.push([
      name, String(f.urls), String(f.rps), String(f.p50), String(f.p95), String(f.p99), f.ratio.toFixed(3),
      f.ratioBeside === null ? '–' : f.ratioBeside.toFixed(3), String(f.errors + f.non2xx),
      (f.bytes / 1024).toFixed(1), f.serverCpuUs === null ? '–' : String(f.serverCpuUs), String(f.clientCpuUs),
    ]);
  }
  process.stdout.write(`${table(rows)}\n\n`);
  const drift = `hello-world at the end of the run: ${helloDrift >= 0 ? '+' : ''}${(helloDrift * 100).toFixed(0)} % against the start`;
  process.stdout.write(
    Math.abs(helloDrift) > 0.15 ? `${drift} — the machine's speed changed during the run; ratios are unreliable, run again\n` : `${drift}\n`,
  );
  process.stdout.write(
    `ratio beside: against hello-world measured ${BESIDE_SECONDS} s right before and ${BESIDE_SECONDS} s right after the row ` +
      `(hello-world beside the rows: ${report.helloBeside.minRps}–${report.helloBeside.maxRps} req/s)\n`,
  );
  process.stdout.write(
    `cold start (process start to first 200), median of ${COLD_STARTS} starts: ${report.coldStartMs} ms ` +
      `(${Math.min(...coldStart.samplesMs)}–${Math.max(...coldStart.samplesMs)} ms)\n`,
  );
  const phases = report.peakRssByPhaseMb;
  process.stdout.write(
    `peak RSS of the app: ${report.peakRssMb} MB serving the pages (page cache on: ${phases.cachedPages} MB, ` +
      `after reads under writes ${phases.readsUnderWrites} MB; cache off: ${phases.uncachedResolution} MB), ` +
      `${report.peakRssAfterSearchMb} MB after the search runs\n`,
  );
  process.stdout.write(
    (load.failed !== null ? `Lesen unter Schreiblast / reads under writes: FAILED — ${load.failed}\n` : '') +
    `Lesen unter Schreiblast / reads under writes (resolution page, 10 connections, a write every ${load.writes.intervalMs} ms): ` +
      `${load.reads.rps} req/s, p50 ${load.reads.p50} ms, p99 ${load.reads.p99} ms, ${load.reads.errors} errors; ` +
      `writes ${load.writes.committed}/${load.writes.attempted} committed, ${load.writes.verified} verified` +
      `${load.writes.verified === load.writes.committed ? ' (keine verloren / none lost)' : ' — WRITES LOST'}\n`,
  );
  process.stdout.write(
    `\nstatistics right after a write (page cache on; each page read once first, then ${afterWrite.rounds} rounds: a follow-up with a new status, then each page once):\n` +
      `${table([
        ['page', 'first visit ms', 'p50 ms', 'p95 ms', 'max ms', 'failed'],
        ...afterWrite.pages.map((p) => [p.path, String(p.first ?? '–'), String(p.p50 ?? '–'), String(p.p95 ?? '–'), String(p.max ?? '–'), p.failed ?? '']),
      ])}\n` +
      (afterWrite.failed !== null ? `stopped after ${afterWrite.rounds} rounds: ${afterWrite.failed}\n` : ''),
  );
  process.stdout.write(`\nsearch (page cache off, 10 connections):\n${formatSearchBench(search)}\n`);
  if (parser) process.stdout.write(`parser: ${parser.mbPerSecond.toFixed(1)} MB/s over a ${parser.resolutions}-TOP collection (${parser.mb.toFixed(2)} MB)\n`);
  mkdirSync(path.dirname(values.json), { recursive: true });
  writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`figures written to ${values.json}\n`);
}

main().catch((error: unknown) => {
  log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
