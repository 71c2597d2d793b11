/**
 * Search benchmark, called from ./bench.ts: the whole search page (ranking,
 * snippets, facet counts, rendering) measured with wrk at 10 connections, and — as the
 * anchor — the bare FTS5 queries the search runs for the same queries, timed in process on the
 * same database file: each tier's MATCH (its words, then their inflected forms, then the
 * compounds containing them; a wide prefix as the OR of its words) with bm25 where the search
 * ranks by it, newest `cap` rows, tier after tier until the candidate set is full, and then the
 * title matches the tiers did not reach with their tiers and scores (services/search/title-matches.ts;
 * without the joins with the tables). The match counts use the lowest tier the search runs.
 *
 * Caches: the search service keeps recent results (ranked candidates, facet counts, pages) per
 * database generation, and the page cache keeps rendered pages. Against a PAGE_CACHE=false
 * server the figures measure rendering from the result cache; "erste ms" is the first request
 * of each query (nothing cached: FTS5, ranking, facets, snippets, rendering). Against the
 * default server they measure the page cache, as production traffic would see it. Queries must
 * not have been asked since the server's last write, or "erste ms" is a cache hit too.
 *
 * Targets: topic queries (a word in < 5 % of resolutions, two words, a phrase, a prefix of at
 * least five letters) p95 ≤ 15 ms; every query, very common words and short prefixes included,
 * p95 ≤ 100 ms. The class of each query is checked against the data: a "topic" word found in
 * 5 % or more of the resolutions (counted in the lowest tier searched) is reported as common.
 * In the benchmark corpus every compound part occurs in dozens of compounds, so the queries
 * that reach the compound tier turn out common there.
 */
import { cpuSeconds } from './processes.js';
import { runWrk } from './wrk.js';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from '../../db/schema.js';
import type { Db } from '../../db/connection.js';
import { parseQuery } from '../../src/domain/search-query.js';
import { DEFAULT_CAP, NO_FILTERS, searchResolutions } from '../../src/services/search.js';
import { PUBLIC_VIEWER, type Viewer } from '../../src/services/visibility.js';
import { expansionsOf, publicTierQueries, widePrefixesOf, type TierQuery } from '../../src/services/search/candidates.js';
import { publicRows } from '../../src/services/search/match-checks.js';
import { lookups, TITLE_COLUMNS } from '../../src/services/search/queries.js';
import { tiersOfTitleMatches } from '../../src/services/search/title-matches.js';
import { titleExpression } from '../../src/domain/search-match.js';

export interface SearchBenchQuery {
  label: string;
  q: string;
  kind: 'topic' | 'common';
}

/** Words and forms from the benchmark corpus (./corpus.ts). */
export const SEARCH_BENCH_QUERIES: readonly SearchBenchQuery[] = [
  { label: 'Wort (Thema)', q: 'Migrationsberatung', kind: 'topic' },
  { label: 'Wort mit Umlaut (Thema)', q: 'Lärmschutz', kind: 'topic' },
  { label: 'Umlaut umschrieben (oe)', q: 'Sprachfoerderung', kind: 'topic' },
  { label: 'zwei Wörter', q: 'Migrationsberatung Kommunen', kind: 'topic' },
  { label: 'Wortgruppe', q: '"Pflegeversorgung der"', kind: 'topic' },
  { label: 'Präfix ≥ 5 Buchstaben', q: 'Migrationsberat*', kind: 'topic' },
  { label: 'häufiges Wort', q: 'Bund', kind: 'common' },
  { label: 'häufiges Wort mit Umlaut', q: 'Länder', kind: 'common' },
  { label: 'kurzes Präfix', q: 'Be*', kind: 'common' },
  { label: 'zwei häufige Wörter', q: 'Bund Länder', kind: 'common' },
  { label: 'drei häufige Wörter', q: 'Bund Länder Kommunen', kind: 'common' },
  { label: 'drei häufige Wörter (andere)', q: 'Bundesregierung Länder Kommunen', kind: 'common' },
  { label: 'häufiges Kompositum-Präfix', q: 'Tierschutz*', kind: 'common' },
  // Inflected forms and compound parts (domain/search-match.ts): the lower tiers of the ranking.
  { label: 'gebeugte Form (nur Stamm)', q: 'Lärmschutzes', kind: 'topic' },
  { label: 'Wort und seine Komposita', q: 'Lärmzuständigkeit', kind: 'topic' },
  { label: 'Kompositum-Teil vorn', q: 'Landeslärm', kind: 'topic' },
  { label: 'Kompositum-Teil hinten', q: 'Statistik', kind: 'topic' },
];

export const TOPIC_P95_MS = 15;
export const ANY_P95_MS = 100;
/** Target of a first visit (nothing cached), for the public and logged in. */
export const FIRST_VISIT_MS = 100;

export interface SearchBenchFigure {
  label: string;
  q: string;
  kind: 'topic' | 'common';
  /** Public resolutions matching (share of all resolutions in percent). */
  matches: number;
  share: number;
  url: string;
  /** The first request (nothing cached: ranking, facets, snippets computed), one connection. */
  firstMs: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** CPU time of the server per request of the wrk run in µs (null without the server's pid). */
  serverCpuUs: number | null;
  /** The bare FTS5 queries of the search: each tier's MATCH (+ bm25) ORDER BY rowid DESC LIMIT cap, in process. */
  ftsP50: number;
  ftsP95: number;
  /**
   * A first visit in process (searchResolutions without its result cache: candidates, ranking,
   * facets, the first page with snippets; SQLite's page cache warm), CPU ms, median of five, for
   * the public and for a logged-in viewer (a Land official: internal notes searched too). The
   * search page of wrk is the public's: the benchmark does not log in.
   */
  firstCpuMsPublic: number;
  firstCpuMsLoggedIn: number;
  targetMs: number;
  meetsTarget: boolean;
}

export interface SearchBenchOptions {
  /** Seconds per query (after a 1 s warm-up). */
  duration?: number;
  connections?: number;
  queries?: readonly SearchBenchQuery[];
  log?: (line: string) => void;
  /** The server process: its CPU time per request is reported (less noisy than latency on a shared machine). */
  serverPid?: number | undefined;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

const round = (value: number) => Math.round(value * 100) / 100;

/** A Land official: sees the internal notes, and the search matches them (services/visibility.ts seesInternalText). */
const LOGGED_IN: Viewer = Object.freeze({ userId: null, role: 'land', land: null, conferenceIds: Object.freeze([]) as readonly number[] });

/**
 * CPU ms of a first visit of `q` in this process (the search without its result cache, page 1
 * with snippets), median of `runs`: one run after another, so SQLite's page cache is warm from the
 * second run on, as in a server that has served other searches.
 */
function firstVisitCpuMs(db: Db, viewer: Viewer, q: string, runs = 5): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.cpuUsage();
    searchResolutions(db, viewer, parseQuery(q), NO_FILTERS, { cache: false });
    const cpu = process.cpuUsage(started);
    times.push((cpu.user + cpu.system) / 1000);
  }
  times.sort((a, b) => a - b);
  return round(percentile(times, 50));
}

/**
 * The public index queries the search runs for `q` (services/search/candidates.ts): tier after
 * tier until one has `cap` matches; with the match count of the last.
 */
function searchedTiers(sqlite: Database.Database, q: string, cap: number): { tiers: TierQuery[]; matches: number } {
  const count = sqlite.prepare('select count(*) as n from search_index where search_index match ?').pluck();
  const tiers: TierQuery[] = [];
  let matches = 0;
  for (const tier of publicTierQueries(lookups(sqlite), parseQuery(q))) {
    tiers.push(tier);
    matches = count.get(tier.match) as number;
    if (matches >= cap) break;
  }
  return { tiers, matches };
}

/**
 * Bare FTS5 time in ms (p50, p95) of the search's index queries for `q`: each tier's newest `cap`
 * matches (bm25 where the search ranks by it) until `cap` distinct resolutions are found —
 * over `runs` executions or about two seconds, whichever ends first (at least five) — and the
 * match count.
 */
function ftsFigures(sqlite: Database.Database, q: string, runs = 40) {
  const cap = DEFAULT_CAP;
  const { tiers, matches } = searchedTiers(sqlite, q, cap);
  if (tiers.length === 0) return { matches: 0, p50: 0, p95: 0 };
  const ranked = sqlite.prepare(
    'select rowid, bm25(search_index, 10.0, 1.0, 1.0, 1.0, 1.0) as score from search_index where search_index match ? order by rowid desc limit ?',
  );
  const unranked = sqlite.prepare('select rowid, 0 as score from search_index where search_index match ? order by rowid desc limit ?');
  // the title matches the tiers did not reach (services/search/title-matches.ts), when the candidates are full
  const query = parseQuery(q);
  const titleMatch = titleExpression(query, TITLE_COLUMNS);
  const allTiers = publicTierQueries(lookups(sqlite), query);
  const context = { expansions: expansionsOf(lookups(sqlite), query), prefixWords: widePrefixesOf(lookups(sqlite), query).prefixWords, internal: false };
  const titles = sqlite.prepare(
    'select s.rowid as id, r.title from search_titles s join resolutions r on r.id = s.rowid where search_titles match ? order by s.rowid desc limit ?',
  );
  const run = () => {
    const found = new Set<number>();
    for (const tier of tiers) {
      if (found.size >= cap) break;
      for (const row of (tier.ranked ? ranked : unranked).raw().all(tier.match, cap) as [number, number][]) found.add(row[0]);
    }
    if (found.size < cap || titleMatch === null) return;
    const left = (titles.all(titleMatch, cap) as { id: number; title: string }[]).filter((t) => !found.has(t.id));
    if (left.length > 0) tiersOfTitleMatches(lookups(sqlite), query, allTiers, left, { ...context, rows: publicRows(sqlite) });
  };
  run();
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < runs && (i < 5 || performance.now() - started < 2_000); i++) {
    const runStarted = performance.now();
    run();
    times.push(performance.now() - runStarted);
  }
  times.sort((a, b) => a - b);
  return { matches, p50: round(percentile(times, 50)), p95: round(percentile(times, 95)) };
}

/**
 * Measures the search page of the server at `baseUrl` (on the database `dbFile`) for topic
 * queries and common words / short prefixes; returns one figure per query.
 */
export async function benchSearch(
  baseUrl: string,
  dbFile: string,
  options: SearchBenchOptions = {},
): Promise<SearchBenchFigure[]> {
  const duration = options.duration ?? 5;
  const connections = options.connections ?? 10;
  const log = options.log ?? (() => {});
  const sqlite = new Database(dbFile, { readonly: true, fileMustExist: true });
  // the search service on the same file, read only (the index is up to date: nothing to sync)
  const db = drizzle({ client: sqlite, schema }) as Db;
  // the first search of a process prepares the statements
  searchResolutions(db, PUBLIC_VIEWER, parseQuery('Bund'), NO_FILTERS, { cache: false });
  searchResolutions(db, LOGGED_IN, parseQuery('Bund'), NO_FILTERS, { cache: false });
  const total = (sqlite.prepare('select count(*) from resolutions').pluck().get() as number) || 1;
  const figures: SearchBenchFigure[] = [];
  try {
    for (const query of options.queries ?? SEARCH_BENCH_QUERIES) {
      const fts = ftsFigures(sqlite, query.q);
      const firstCpuMsPublic = firstVisitCpuMs(db, PUBLIC_VIEWER, query.q);
      const firstCpuMsLoggedIn = firstVisitCpuMs(db, LOGGED_IN, query.q);
      const share = (100 * fts.matches) / total;
      const kind = query.kind === 'topic' && share >= 5 ? 'common' : query.kind;
      const url = `${baseUrl}/suche?q=${encodeURIComponent(query.q)}`;
      log(`search bench: ${query.q} (${fts.matches} matches) …`);
      const firstStarted = performance.now();
      const first = await fetch(url);
      await first.arrayBuffer();
      const firstMs = round(performance.now() - firstStarted);
      await runWrk({ url, connections, durationSeconds: 1 });
      const cpuBefore = options.serverPid === undefined ? 0 : cpuSeconds(options.serverPid);
      const result = await runWrk({ url, connections, durationSeconds: duration });
      const serverCpuUs =
        options.serverPid === undefined
          ? null
          : Math.round(((cpuSeconds(options.serverPid) - cpuBefore) * 1e6) / Math.max(1, result.requests));
      const p95 = result.p95;
      const targetMs = kind === 'topic' ? TOPIC_P95_MS : ANY_P95_MS;
      figures.push({
        label: query.label,
        q: query.q,
        kind,
        matches: fts.matches,
        share: round(share),
        url,
        firstMs,
        rps: result.rps,
        p50: result.p50,
        p95,
        p99: result.p99,
        errors: result.errors,
        non2xx: result.non2xx,
        serverCpuUs,
        ftsP50: fts.p50,
        ftsP95: fts.p95,
        firstCpuMsPublic,
        firstCpuMsLoggedIn,
        targetMs,
        meetsTarget: p95 <= targetMs && result.errors === 0 && result.non2xx === 0,
      });
    }
  } finally {
    sqlite.close();
  }
  return figures;
}

/** The figures as a plain-text table for the console. */
export function formatSearchBench(figures: readonly SearchBenchFigure[]): string {
  const header = ['Suche', 'Anfrage', 'Treffer', 'Anteil', 'erste ms', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'Server µs', 'FTS5 p50', 'FTS5 p95', 'erste CPU öff.', 'erste CPU angem.', 'Ziel p95', 'ok'];
  const rows = figures.map((f) => [
    f.label,
    f.q,
    String(f.matches),
    `${f.share} %`,
    String(f.firstMs),
    String(f.rps),
    String(f.p50),
    String(f.p95),
    String(f.p99),
    f.serverCpuUs === null ? '–' : String(f.serverCpuUs),
    String(f.ftsP50),
    String(f.ftsP95),
    String(f.firstCpuMsPublic),
    String(f.firstCpuMsLoggedIn),
    `≤ ${f.targetMs}`,
    f.meetsTarget ? 'ja' : 'NEIN',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}
