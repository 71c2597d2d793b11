/**
 * The resolution page's database reads alone, without HTTP and templates: CPU time per page for
 * the same 3,000 public pages as the rotating rows (rotating.ts), in rounds, each way in turn:
 *
 * - `app-rows`: the application's read transaction of three statements (services/archive-queries.ts),
 *   its rows only;
 * - `app-page`: `resolutionPage` whole (those reads, then the state of each Ziffer and the lists
 *   the page shows, services/archive.ts);
 * - `reference`: the four statements of the reference (reference-queries.ts), each its own read.
 *
 *   npm run build && tsc -p test/bench/tsconfig.json
 *   node dist/test/bench/reads.js --db COPY.db [--rounds 5] [--cache-kib 8000] [--mmap-bytes 0]
 *
 * The database is opened as the server opens it (db/connection.ts: its pragmas, pending migrations
 * applied: use a copy of data/bench/bench-100000.db); `--cache-kib` and `--mmap-bytes` change
 * SQLite's page cache and memory mapping for the comparison. Besides the CPU time it names the
 * share spent in the kernel and the bytes read from the operating system per page
 * (/proc/self/io `rchar`): pages SQLite's own cache did not hold.
 */
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { openDatabase } from '../../db/connection.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { resolutionPage } from '../../src/services/archive.js';
import { queries } from '../../src/services/archive-queries.js';
import { PUBLIC_VIEWER, visibilityParams } from '../../src/services/visibility.js';
import { bytesRead } from './processes.js';
import { referenceQueries } from './reference-queries.js';
import { rotatingPaths } from './rotating.js';

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      rounds: { type: 'string', default: '5' },
      'cache-kib': { type: 'string' },
      'mmap-bytes': { type: 'string' },
    },
  });
  if (!values.db) throw new Error('--db COPY.db: a copy of the benchmark database (opening it applies pending migrations)');
  const probe = new Database(values.db, { readonly: true });
  const pages = rotatingPaths(probe).map((path) => {
    const [, slug, urlKey, , agendaItem] = path.split('/') as [string, string, string, string, string];
    return { slug, urlKey, agendaItem };
  });
  probe.close();
  const connection = openDatabase(values.db, MIGRATIONS_DIR);
  if (values['cache-kib'] !== undefined) connection.sqlite.pragma(`cache_size = -${Number(values['cache-kib'])}`);
  if (values['mmap-bytes'] !== undefined) connection.sqlite.pragma(`mmap_size = ${Number(values['mmap-bytes'])}`);
  const q = queries(connection.db);
  const params = visibilityParams(PUBLIC_VIEWER);
  const reference = referenceQueries(connection.sqlite);
  const ways: Record<string, (page: (typeof pages)[number]) => unknown> = {
    // as resolutionPage reads them (services/archive.ts)
    'app-rows': ({ slug, urlKey, agendaItem }) =>
      q.inOneSnapshot(() => {
        const found = q.resolutionDetails.get({ ...params, slug, urlKey, agendaItem })!;
        const lists = { resolutionId: found[0], level: params.level };
        return [found, q.resolutionDemands.all(lists), q.resolutionFollowUps.all({ ...lists, documents: found[31] })];
      }),
    'app-page': ({ slug, urlKey, agendaItem }) => resolutionPage(connection.db, PUBLIC_VIEWER, slug, urlKey, agendaItem, null),
    reference: ({ slug, urlKey, agendaItem }) => {
      const row = reference.resolution.get(slug, urlKey, agendaItem)!;
      return [row, reference.sponsors.all(row.id), reference.demands.all(row.id), reference.followUps.all(row.id)];
    },
  };
  const measured = Object.fromEntries(Object.keys(ways).map((name) => [name, { cpuUs: [] as number[], systemShare: [] as number[], bytes: [] as number[] }]));
  for (let round = -1; round < Number(values.rounds); round++) {
    for (const [name, read] of Object.entries(ways)) {
      const bytesBefore = bytesRead(process.pid);
      const before = process.cpuUsage();
      for (const page of pages) read(page);
      const used = process.cpuUsage(before);
      if (round < 0) continue; // the first round warms up the code
      measured[name]!.cpuUs.push((used.user + used.system) / pages.length);
      measured[name]!.systemShare.push(used.system / (used.user + used.system));
      measured[name]!.bytes.push((bytesRead(process.pid) - bytesBefore) / pages.length);
    }
  }
  connection.close();
  for (const [name, m] of Object.entries(measured)) {
    process.stdout.write(
      `${name.padEnd(10)} ${median(m.cpuUs).toFixed(0).padStart(5)} µs/page (kernel ${(100 * median(m.systemShare)).toFixed(0)} %, ` +
        `${(median(m.bytes) / 1024).toFixed(1)} KiB read)  rounds ${m.cpuUs.map((us) => us.toFixed(0)).join(' ')}\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
