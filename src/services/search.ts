/**
 * Full-text search over the archive: the cached entry point. FTS5 with German normalisation,
 * bm25 ranking (title above body), filters, facet counts, snippets from the original text.
 *
 * The parts: ./search/index-sync.ts keeps the index in step with the tables,
 * ./search/queries.ts holds the prepared statements (visibility applied in each),
 * ./search/hits.ts builds the hits of one page; the order of results is domain code
 * (domain/search-ranking.ts), and so are the facet counts (domain/search-facets.ts). Results
 * carry codes (outcome, status, addressee, conference slug); the pages label them.
 *
 * Candidate set. bm25 over tens of thousands of matches is slow, so the ranking works on the
 * `cap` most recently recorded matches that pass visibility and filters. Facet counts are
 * computed over the same candidate set; when it is full, the page says that rank and counts
 * cover the newest `cap`.
 */
import type { Db } from '../../db/connection.js';
import type { LandCode } from '../domain/laender.js';
import { codesOf, facetsOf, NO_FACETS, type Facets } from '../domain/search-facets.js';
import { withHyphenatedForms, type ParsedQuery } from '../domain/search-query.js';
import { titleMatch, type HighlightTerms } from '../domain/search-text.js';
import { compareCandidates, rankByRelevance, withTitleShare, type SearchCandidate, type SearchSort } from '../domain/search-ranking.js';
import { generationOf } from './generation.js';
import { pageHits, withStatusesAsOf, type SearchHit } from './search/hits.js';
import { syncSearchIndex } from './search/index-sync.js';
import { textCandidates, toCandidate } from './search/candidates.js';
import { lookups, PUBLIC_COLUMNS, queries, type Lookups, type Queries } from './search/queries.js';
import type { PendingScores } from './search/pending-scores.js';
import { statusColumn, visibilityParams, type Viewer } from './visibility.js';
import type { Addressee, DemandStatus, Outcome } from '../domain/vocabulary.js';

export { syncSearchIndex } from './search/index-sync.js';
export type { SearchHit } from './search/hits.js';
export type { FacetName, FacetValue, Facets } from '../domain/search-facets.js';
export type { SearchSort } from '../domain/search-ranking.js';

export interface SearchFilters {
  conference: string | null;
  yearFrom: number | null;
  yearTo: number | null;
  land: LandCode | null;
  outcome: Outcome | null;
  status: DemandStatus | null;
  addressee: Addressee | null;
}

export const NO_FILTERS: SearchFilters = Object.freeze({
  conference: null,
  yearFrom: null,
  yearTo: null,
  land: null,
  outcome: null,
  status: null,
  addressee: null,
});

export interface SearchOptions {
  page: number;
  pageSize: number;
  sort: SearchSort;
  /** Size of the ranked candidate set (see the file comment). */
  cap: number;
  /** Build snippets and highlighted titles (pages, feeds); exports do without. */
  snippets: boolean;
  /** Statuses (filter, facets, hits) as they were on this date; null = today. */
  asOf: string | null;
}

export const DEFAULT_CAP = 1_000;

export const DEFAULT_OPTIONS: SearchOptions = Object.freeze({
  asOf: null,
  page: 1,
  pageSize: 20,
  sort: 'relevance',
  cap: DEFAULT_CAP,
  snippets: true,
});

export interface SearchResult {
  /** False when there was nothing to search for (no terms, no filters). */
  searched: boolean;
  total: number;
  /** The candidate set was full: ranking and facet counts cover the newest `cap` matches. */
  capped: boolean;
  cap: number;
  page: number;
  pages: number;
  hits: SearchHit[];
  facets: Facets;
}

function hasFilters(filters: SearchFilters): boolean {
  return Object.values(filters).some((value) => value !== null);
}

// ---------------------------------------------------------------------------------------------
// Result cache: ranked candidates, facet counts and pages of recent searches, valid for one
// "generation" of the database (./generation.ts, as the page cache).
// ---------------------------------------------------------------------------------------------

interface CachedSearch {
  /** In their order up to the last hit of the pages asked for so far (see orderUpTo), by tier beyond. */
  candidates: SearchCandidate[];
  capped: boolean;
  facets: Facets;
  pages: Map<string, SearchHit[]>;
  /** Candidates whose bm25 score is still to be read (search/pending-scores.ts), and the terms of their titles' shares. */
  pending: PendingScores | null;
  terms: HighlightTerms;
  sort: SearchSort;
}

/**
 * Reads the bm25 scores that the first `end` candidates' order needs (search/pending-scores.ts):
 * the order is by tier first, so those of the candidates in the tiers up to the one at `end`.
 * The other orders (by date, by release) do not use the score; the hits of the page show it, and
 * it is read for them (`page`).
 */
function orderUpTo(l: Lookups, entry: CachedSearch, end: number, page: readonly SearchCandidate[]): void {
  const { pending, candidates } = entry;
  if (pending === null || pending.size === 0 || candidates.length === 0) return;
  let needed: SearchCandidate[] = [...page];
  if (entry.sort === 'relevance') {
    const last = candidates[Math.min(end, candidates.length) - 1]!.tier;
    needed = candidates.filter((c) => c.tier <= last);
  }
  const scored = pending.read(l, needed);
  if (scored.length === 0) return;
  for (const candidate of scored) candidate.score = withTitleShare(candidate.score, titleMatch(candidate.title, entry.terms).share);
  // the tiers up to `last` in their final order; stable: the tiers after it stay as they were
  if (entry.sort === 'relevance') candidates.sort(compareCandidates('relevance'));
}

const CACHE_ENTRIES = 500;

interface ResultCache {
  generation: string;
  entries: Map<string, CachedSearch>;
  /** The conference lists of the filter form, per visibility (only conferences that exist for the viewer). */
  conferences: Map<string, { slug: string; shortName: string; name: string }[]>;
}

const resultCaches = new WeakMap<Db, ResultCache>();

function resultCache(db: Db): ResultCache {
  let rc = resultCaches.get(db);
  if (!rc) {
    rc = { generation: '', entries: new Map(), conferences: new Map() };
    resultCaches.set(db, rc);
  }
  const now = generationOf(db);
  if (now !== rc.generation) {
    rc.entries.clear();
    rc.conferences.clear();
    rc.generation = now;
  }
  return rc;
}

/**
 * Whether a phrase of normalised tokens occurs in the word columns of the public index (FTS5 stops
 * at the first row: 0.05–0.2 ms for all splits of a word on 100,000 resolutions).
 */
function phraseOccurs(db: Db): (tokens: readonly string[]) => boolean {
  const l = lookups(db.$client);
  // normalised tokens are letters and digits only: safe to quote (search-query.ts)
  return (tokens) => l.phraseOccurs.get(`{${PUBLIC_COLUMNS.words.join(' ')}} : "${tokens.join(' ')}"`) === 1;
}

/** Per database, the generation in which the search index was last brought up to date. */
const indexSynced = new WeakMap<Db, string>();

/**
 * Brings the index up to date (see syncSearchIndex) unless nothing was written since it last was:
 * its check for pending resolutions is a read transaction of its own (about 18 µs on 100,000
 * resolutions), a twentieth of a search answered from the result cache, while the generation is
 * known for the turn anyway. Writes reach the index as they reach the result cache: this
 * process's at once, another process's (the importer's) from the next turn of the event loop.
 */
function syncIndex(db: Db): void {
  if (indexSynced.get(db) === generationOf(db)) return;
  syncSearchIndex(db.$client);
  // after the sync's own writes
  indexSynced.set(db, generationOf(db));
}

/**
 * Filters on meetings (conference, years, "as of") that leave at most this many resolutions are
 * searched meeting by meeting: their resolutions are read and sorted. Otherwise the resolutions
 * are read newest first until `cap` pass the filters. On 100,000 resolutions, one conference
 * (8,300 resolutions) takes 10–20 ms by meeting and 75 ms by key (the bench archive numbers each
 * conference's resolutions in one block); filters on Länder, statuses or addressees take 2–10 ms
 * by key, 40 ms when nothing passes (every resolution read).
 */
export const MEETING_PLAN_ROWS = 20_000;

/** Whether a search by filters alone reads the resolutions meeting by meeting (see MEETING_PLAN_ROWS). */
export function filtersByMeeting(q: Queries, params: Record<string, unknown>, filters: SearchFilters, most = MEETING_PLAN_ROWS): boolean {
  const onMeetings = filters.conference !== null || filters.yearFrom !== null || filters.yearTo !== null || params['asOf'] !== null;
  return onMeetings && q.filterRowsOfMeetings.get({ ...params, limit: most + 1 })!.n <= most;
}

/** The newest `cap` resolutions that pass the filters (no text query). */
function filterCandidates(q: Queries, params: Record<string, unknown>, filters: SearchFilters): SearchCandidate[] {
  const statement = filtersByMeeting(q, params, filters) ? q.filterCandidatesByMeeting : q.filterCandidates;
  return (statement.values(params) as unknown[][]).map((row) => toCandidate(row));
}

/**
 * Searches the resolutions the viewer may see. With neither terms nor filters nothing is
 * searched (`searched: false`). Without terms, the filters list resolutions by date.
 */
export function searchResolutions(
  db: Db,
  viewer: Viewer,
  parsed: ParsedQuery,
  filters: SearchFilters,
  options: Partial<SearchOptions> & { cache?: boolean } = {},
): SearchResult {
  const opts: SearchOptions = { ...DEFAULT_OPTIONS, ...options };
  if (parsed.match === null && (!hasFilters(filters) || parsed.input !== '')) {
    return { searched: false, total: 0, capped: false, cap: opts.cap, page: 1, pages: 0, hits: [], facets: NO_FACETS };
  }
  syncIndex(db);
  // "Kitaplätze" also as "Kita-Plätze", where the archive has it (domain/search-query.ts)
  const query = parsed.match === null ? parsed : withHyphenatedForms(parsed, phraseOccurs(db));
  const q = queries(db, viewer);
  const match = query.match;
  // "As of" a date the stored current statuses do not apply: the status filter then runs on the
  // statuses recomputed from the follow-ups (see withStatusesAsOf), not in SQL.
  const sqlFilters = opts.asOf === null ? filters : { ...filters, status: null };
  // "As of" a date, meetings held later do not exist yet.
  const params = { ...visibilityParams(viewer), ...sqlFilters, asOf: opts.asOf, cap: opts.cap };
  const sort: SearchSort = match === null && opts.sort === 'relevance' ? 'date' : opts.sort;

  const cache = options.cache === false ? null : resultCache(db);
  const key = JSON.stringify([params, match, statusColumn(viewer), sort, opts.asOf, filters.status]);
  let entry = cache?.entries.get(key);
  if (entry && cache) {
    // least recently used goes first
    cache.entries.delete(key);
    cache.entries.set(key, entry);
  } else {
    // Raw rows (`values`): mapping up to `cap` rows into objects column by column is where
    // drizzle spends its time; the column order is that of the statement's attributes + score.
    const found =
      match === null
        ? { candidates: filterCandidates(q, params, sqlFilters), capped: false, pending: null }
        : textCandidates(db, viewer, query, params, opts.cap);
    let { candidates } = found;
    const capped = found.capped || candidates.length >= opts.cap;
    if (opts.asOf !== null) {
      candidates = withStatusesAsOf(q, params, candidates, opts.asOf);
      if (filters.status !== null) candidates = candidates.filter((c) => codesOf(c.statuses).includes(filters.status!));
    }
    const unscored = found.pending === null ? undefined : (id: number) => found.pending.waits(id);
    entry = {
      // the candidates waiting for their score sort with score 0 until a page reads it (orderUpTo)
      candidates: (match === null ? candidates : rankByRelevance(candidates, query.highlight, unscored)).sort(compareCandidates(sort)),
      capped,
      facets: facetsOf(candidates),
      pages: new Map(),
      pending: found.pending,
      terms: query.highlight,
      sort,
    };
    if (cache) {
      if (cache.entries.size >= CACHE_ENTRIES) cache.entries.delete(cache.entries.keys().next().value!);
      cache.entries.set(key, entry);
    }
  }

  const { candidates } = entry;
  const pages = Math.max(1, Math.ceil(candidates.length / opts.pageSize));
  const page = Math.min(Math.max(1, opts.page), pages);
  const pageKey = `${page}:${opts.pageSize}:${opts.snippets}:${query.highlight.words.join(' ')}:${query.highlight.prefixes.join(' ')}`;
  let hits = entry.pages.get(pageKey);
  if (!hits) {
    orderUpTo(lookups(db.$client), entry, page * opts.pageSize, candidates.slice((page - 1) * opts.pageSize, page * opts.pageSize));
    hits = pageHits(q, params, query, candidates.slice((page - 1) * opts.pageSize, page * opts.pageSize), opts.snippets);
    entry.pages.set(pageKey, hits);
  }
  return {
    searched: true,
    total: candidates.length,
    capped: entry.capped,
    cap: opts.cap,
    page,
    pages,
    hits,
    facets: entry.facets,
  };
}

/** Conferences for the filter form. */
export function searchConferences(db: Db, viewer: Viewer) {
  const rc = resultCache(db);
  const visibility = visibilityParams(viewer);
  const key = JSON.stringify(visibility);
  let list = rc.conferences.get(key);
  if (!list) {
    list = queries(db, viewer).conferences.all(visibility);
    rc.conferences.set(key, list);
  }
  return list;
}
