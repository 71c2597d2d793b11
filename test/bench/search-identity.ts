/**
 * Search results before and after a change: runs a fixed list of queries (common words, pairs,
 * triples, compounds, prefixes, excluded words, phrases; with and without filters; for the public
 * and a logged-in viewer) on a copy of the benchmark archive and writes every result's ids in
 * their order (and total, capped) to a JSON file, or compares them with such a file. The search
 * runs without its result cache, with the first visit's CPU time of each case.
 *
 *   npx tsx test/bench/search-identity.ts --db COPY.db --write before.json
 *   npx tsx test/bench/search-identity.ts --db COPY.db --compare before.json [--write after.json]
 *
 * Run it on a copy: opening the database applies pending migrations. Exits with 1 when a result
 * differs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../db/connection.js';
import { parseQuery } from '../../src/domain/search-query.js';
import { NO_FILTERS, searchResolutions, type SearchFilters } from '../../src/services/search.js';
import { PUBLIC_VIEWER, type Viewer } from '../../src/services/visibility.js';

/** Queries on the benchmark corpus's vocabulary (./words.ts). */
export const IDENTITY_QUERIES: readonly string[] = [
  // common words and their pairs, triples
  'Bund',
  'Länder',
  'Kommunen',
  'Bundesregierung',
  'Konferenz',
  'Bund Länder',
  'Bund Kommunen',
  'Länder Kommunen',
  'Bund Länder Kommunen',
  'Konferenz Bundesregierung',
  'Bund Bundesregierung Länder',
  'Beschluss Ziffer',
  'Euro Prozent Millionen',
  // topics, topic + common word
  'Migrationsberatung',
  'Migrationsberatung Kommunen',
  'Lärmschutz Kommunen',
  'Lärmschutz',
  'Sprachfoerderung',
  'Sprachförderung Länder',
  'Pflegeversorgung Bund',
  'Kita',
  'Kitas',
  'Kita Länder',
  'Schutz',
  'Schutz Bund',
  'Förderung',
  'Förderung Bund Länder',
  'Tierschutz',
  'Rente',
  'Statistik',
  'Statistik Länder',
  // inflected forms and compound parts
  'Lärmschutzes',
  'Lärmzuständigkeit',
  'Landeslärm',
  'Beschlüsse',
  'Gesundheitsförderung Kommunen',
  'Krankenhaus',
  'Krankenhaus Länder',
  // prefixes
  'Migrationsberat*',
  'Be*',
  'Tierschutz*',
  'Bund*',
  'Lärm* Kommunen',
  'eine*',
  // excluded words
  'Bund -Länder',
  'Länder -Bund',
  'Kommunen -Bund -Länder',
  'Migrationsberatung -Kommunen',
  'Schutz -Bund',
  // phrases
  '"der Bund"',
  '"Pflegeversorgung der"',
  '"Bund und Länder"',
  '"der Bund" Kommunen',
  '"Bund und Länder" -Kommunen',
  // hyphenated
  'Bund-Länder',
  'Kita-Plätze',
  'Kitaplätze',
  // OR
  'Bund OR Kommunen',
  'Lärmschutz OR Migrationsberatung',
  // several common words (every search within 100 ms, logged in too), also for a secretariat
  'Länder Bund',
  'Kommunen Länder Bund',
  'Bund Länder Konferenz',
  'Bundesregierung Länder Kommunen',
  'Bund Länder Kommunen Konferenz',
  'Prozent Länder',
  'Bund Kommunen Euro',
];

/** Queries also run for a secretariat (it sees the drafts of its conferences besides the internal notes). */
const SECRETARIAT_QUERIES: ReadonlySet<string> = new Set([
  'Bund Länder',
  'Bund Länder Kommunen',
  'Länder Bund',
  'Kommunen Länder Bund',
  'Bund Länder Konferenz',
  'Bundesregierung Länder Kommunen',
  'Bund Länder Kommunen Konferenz',
  'Prozent Länder',
  'Bund Kommunen Euro',
]);

/** The filters every query runs with as well (the first: none). */
const FILTER_SETS: readonly { name: string; filters: SearchFilters; asOf?: string }[] = [
  { name: 'none', filters: NO_FILTERS },
  { name: 'land BY', filters: { ...NO_FILTERS, land: 'BY' } },
  { name: 'from 2015', filters: { ...NO_FILTERS, yearFrom: 2015 } },
  { name: 'conference imk', filters: { ...NO_FILTERS, conference: 'imk' } },
];
/** The filtered runs take every FILTER_STRIDE-th query (all run without filters). */
const FILTER_STRIDE = 3;

const LOGGED_IN: Viewer = Object.freeze({ userId: null, role: 'land', land: null, conferenceIds: Object.freeze([]) as readonly number[] });
const SECRETARIAT: Viewer = Object.freeze({ userId: null, role: 'secretariat', land: null, conferenceIds: Object.freeze([1, 2, 3]) as readonly number[] });
const VIEWERS: readonly { name: string; viewer: Viewer }[] = [
  { name: 'public', viewer: PUBLIC_VIEWER },
  { name: 'land', viewer: LOGGED_IN },
  { name: 'secretariat', viewer: SECRETARIAT },
];

interface CaseResult {
  key: string;
  total: number;
  capped: boolean;
  ids: number[];
  cpuMs: number;
}

function run(dbFile: string): CaseResult[] {
  const connection = openDatabase(dbFile, path.resolve('db/migrations'));
  const results: CaseResult[] = [];
  try {
    const db = connection.db;
    // the first search of a process prepares the statements
    searchResolutions(db, PUBLIC_VIEWER, parseQuery('Bund'), NO_FILTERS, { cache: false });
    searchResolutions(db, LOGGED_IN, parseQuery('Bund'), NO_FILTERS, { cache: false });
    IDENTITY_QUERIES.forEach((q, i) => {
      for (const set of FILTER_SETS) {
        if (set.name !== 'none' && i % FILTER_STRIDE !== 0) continue;
        for (const { name, viewer } of VIEWERS) {
          if (name === 'secretariat' && !SECRETARIAT_QUERIES.has(q)) continue;
          const started = process.cpuUsage();
          const result = searchResolutions(db, viewer, parseQuery(q), set.filters, { cache: false, pageSize: 100_000, snippets: false });
          const cpu = process.cpuUsage(started);
          results.push({
            key: `${q} | ${set.name} | ${name}`,
            total: result.total,
            capped: result.capped,
            ids: result.hits.map((hit) => hit.id),
            cpuMs: Math.round((cpu.user + cpu.system) / 100) / 10,
          });
        }
      }
    });
  } finally {
    connection.close();
  }
  return results;
}

function main(): void {
  const { values } = parseArgs({ options: { db: { type: 'string' }, write: { type: 'string' }, compare: { type: 'string' } } });
  if (values.db === undefined || (values.write === undefined && values.compare === undefined)) {
    throw new Error('usage: search-identity.ts --db COPY.db (--write FILE | --compare FILE [--write FILE])');
  }
  const results = run(values.db);
  if (values.write !== undefined) writeFileSync(values.write, JSON.stringify(results));
  if (values.compare === undefined) {
    process.stdout.write(`${results.length} cases written to ${values.write}\n`);
    return;
  }
  const before = new Map((JSON.parse(readFileSync(values.compare, 'utf8')) as CaseResult[]).map((r) => [r.key, r]));
  let differing = 0;
  for (const after of results) {
    const old = before.get(after.key);
    const same =
      old !== undefined && old.total === after.total && old.capped === after.capped && old.ids.length === after.ids.length && old.ids.every((id, i) => id === after.ids[i]);
    if (!same) differing++;
    const ms = old ? `${old.cpuMs} → ${after.cpuMs} ms` : `${after.cpuMs} ms`;
    process.stdout.write(`${same ? 'same' : 'DIFFERENT'}  ${after.key.padEnd(58)} ${String(after.total).padStart(5)} hits  ${ms}\n`);
  }
  const missing = [...before.keys()].filter((key) => !results.some((r) => r.key === key));
  process.stdout.write(`\n${results.length} cases, ${differing} different, ${missing.length} missing\n`);
  if (differing > 0 || missing.length > 0) process.exitCode = 1;
}

main();
