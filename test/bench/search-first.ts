/**
 * First visits of the search in process, for a change to the search's execution: CPU ms of the
 * whole search without its result cache (candidates, ranking, facets, page 1 with snippets), as
 * the columns "erste CPU öff./angem." of the benchmark (./search.ts), median of `--runs`, for
 * some queries, filters and viewers; with `--count`, also the statements the search steps
 * through and the rows they return (better-sqlite3's statements wrapped for this process).
 *
 *   npx tsx test/bench/search-first.ts --db COPY.db [--runs 7] [--filters none,land,year,imk] [--viewers public,land] [QUERY ...]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../db/connection.js';
import { parseQuery } from '../../src/domain/search-query.js';
import { NO_FILTERS, searchResolutions, type SearchFilters } from '../../src/services/search.js';
import { PUBLIC_VIEWER, type Viewer } from '../../src/services/visibility.js';

const FILTERS: Record<string, SearchFilters> = {
  none: NO_FILTERS,
  land: { ...NO_FILTERS, land: 'BY' },
  year: { ...NO_FILTERS, yearFrom: 2015 },
  imk: { ...NO_FILTERS, conference: 'imk' },
};
const LOGGED_IN: Viewer = Object.freeze({ userId: null, role: 'land', land: null, conferenceIds: Object.freeze([]) as readonly number[] });
const VIEWERS: Record<string, Viewer> = { public: PUBLIC_VIEWER, land: LOGGED_IN };

const DEFAULT_QUERIES = ['Bund Länder', 'Bund Länder Kommunen', 'Bundesregierung Länder Kommunen', 'Lärm* Kommunen'];

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { db: { type: 'string' }, runs: { type: 'string' }, filters: { type: 'string' }, viewers: { type: 'string' } },
  });
  if (values.db === undefined) throw new Error('usage: search-first.ts --db COPY.db [--runs N] [--filters none,land,year,imk] [--viewers public,land] [QUERY ...]');
  const runs = Number(values.runs ?? 7);
  const filters = (values.filters ?? 'none').split(',');
  const viewers = (values.viewers ?? 'public,land').split(',');
  const queries = positionals.length > 0 ? positionals : DEFAULT_QUERIES;
  const connection = openDatabase(values.db, path.resolve('db/migrations'));
  try {
    const db = connection.db;
    for (const viewer of Object.values(VIEWERS)) searchResolutions(db, viewer, parseQuery('Bund'), NO_FILTERS, { cache: false });
    for (const q of queries) {
      for (const f of filters) {
        const cells: string[] = [];
        for (const v of viewers) {
          const times: number[] = [];
          let total = 0;
          for (let i = 0; i < runs; i++) {
            const started = process.cpuUsage();
            total = searchResolutions(db, VIEWERS[v]!, parseQuery(q), FILTERS[f]!, { cache: false }).total;
            const cpu = process.cpuUsage(started);
            times.push((cpu.user + cpu.system) / 1000);
          }
          times.sort((a, b) => a - b);
          const median = times[Math.floor(times.length / 2)]!;
          cells.push(`${v} ${median.toFixed(1).padStart(6)} ms (${times[0]!.toFixed(0)}–${times[times.length - 1]!.toFixed(0)}, ${total} hits)`);
        }
        process.stdout.write(`${q.padEnd(34)} ${f.padEnd(5)} ${cells.join('   ')}\n`);
      }
    }
  } finally {
    connection.close();
  }
}

main();
