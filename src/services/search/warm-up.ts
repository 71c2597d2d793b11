/**
 * Warming the search after a start. The first search of a process pays for compiling the
 * search's code, preparing its statements and reading the first pages of the index and the
 * tables it joins (measured on 100,000 resolutions: the first searches after a start took
 * 200–285 ms, later first visits of other queries 24–103 ms). The steps below run one small
 * search through every part once — a word of the newest public resolution's title: its
 * vocabulary lookups, candidates, ranking, facets, snippets — then a prefix search.
 *
 * Each step is short, so that the server answers requests between them (the caller runs one
 * step per turn of the event loop). Nothing is kept: the result cache is bypassed, so the
 * searches users ask for later are computed as without the warm-up. Last, the tables every search
 * joins are read once through (see prefetchSteps).
 */
import type { Db } from '../../../db/connection.js';
import { facetsOf } from '../../domain/search-facets.js';
import { parseQuery, type ParsedQuery } from '../../domain/search-query.js';
import { compareCandidates, rankByRelevance, type SearchCandidate } from '../../domain/search-ranking.js';
import { PUBLIC_VIEWER, visibilityParams, type Viewer } from '../visibility.js';
import { pageHits } from './hits.js';
import { expansionsOf, textCandidates, widePrefixesOf } from './candidates.js';
import { syncSearchIndex } from './index-sync.js';
import { lookups, queries } from './queries.js';
import type { PendingScores } from './pending-scores.js';

/** Candidates of the warm-up searches: enough to run every loop, few enough for a short step. */
export const WARM_UP_CAP = 50;

/** How many of the newest indexed resolutions the warm-up looks at for one the public may see. */
const NEWEST = 20;

/** Any logged-in viewer: the statements differ only by the status column (visibility.ts statusColumn). */
const LOGGED_IN: Viewer = Object.freeze({ userId: null, role: 'land', land: null, conferenceIds: Object.freeze([]) as readonly number[] });

/** The longest word of four or more letters of a title (the vocabulary holds such words). */
export function warmUpWord(title: string): string | null {
  const words = title.match(/\p{L}{4,}/gu) ?? [];
  return words.reduce<string | null>((longest, word) => (longest === null || word.length > longest.length ? word : longest), null);
}

/**
 * The queries the warm-up runs: a word, then a narrow prefix of it (a wide one such as "Bund*" is
 * an expensive query of its own, see candidates.ts).
 */
export function warmUpQueries(word: string): string[] {
  return [word, `${word.slice(0, Math.max(4, word.length - 2))}*`];
}

/**
 * The steps of the warm-up, in order. `search` runs one whole search (the route's page, with
 * rendering) for a query, bypassing the result cache; it is called for each warm-up query after
 * the parts have run once.
 */
export function searchWarmUpSteps(db: Db, search: (query: string) => unknown): (() => unknown)[] {
  const params = { ...visibilityParams(PUBLIC_VIEWER), conference: null, yearFrom: null, yearTo: null, land: null, outcome: null, status: null, addressee: null, asOf: null, cap: WARM_UP_CAP };
  let query: ParsedQuery | null = null;
  let word: string | null = null;
  let candidates: SearchCandidate[] = [];
  let pending: PendingScores | null = null;
  const withQuery = (step: (query: ParsedQuery) => void) => () => {
    if (query !== null) step(query);
  };
  return [
    () => lookups(db.$client),
    () => queries(db, PUBLIC_VIEWER),
    () => queries(db, LOGGED_IN),
    () => {
      // the newest resolution in the index the public may see (a few are drafts or internal);
      // the index brought up to date first, as every search does
      syncSearchIndex(db.$client);
      const ids = JSON.stringify(lookups(db.$client).newestIndexed.all(NEWEST));
      const [newest] = queries(db, PUBLIC_VIEWER).details.all({ ...params, ids });
      word = newest ? warmUpWord(newest.title) : null;
      query = word === null ? null : parseQuery(word);
    },
    withQuery((q) => {
      const l = lookups(db.$client);
      expansionsOf(l, q);
      widePrefixesOf(l, q);
    }),
    withQuery((q) => {
      ({ candidates, pending } = textCandidates(db, PUBLIC_VIEWER, q, params, WARM_UP_CAP));
    }),
    withQuery((q) => {
      rankByRelevance(candidates, q.highlight).sort(compareCandidates('relevance'));
      // the scores a page reads (search/pending-scores.ts)
      pending?.read(lookups(db.$client), candidates);
      facetsOf(candidates);
    }),
    withQuery((q) => pageHits(queries(db, PUBLIC_VIEWER), params, q, candidates.slice(0, 5), true)),
    ...[0, 1].map((i) => () => (word === null ? undefined : search(warmUpQueries(word)[i]!))),
    ...prefetchSteps(db),
  ];
}

/** Resolutions read per prefetch step (about 1.5 MB of their attributes on 100,000 resolutions). */
export const PREFETCH_ROWS = 10_000;

/**
 * Reads the table every text search reads row by row — the resolutions' search attributes (title,
 * date, outcome, facets; migration 0038) — once through, a range of ids per step. A search reads a
 * row for every candidate, up to a few thousand spread over the whole table; when the operating
 * system has not cached the file (after a reboot, or a restore), each page is a disk read. Read in
 * order here they are a few large reads, and the first searches find them cached. The FTS5 index
 * itself is larger and a query reads only its terms' pages: it is left alone. (Until 07.12.2026 the
 * search read the resolutions and search_facets, and this read both.)
 */
function prefetchSteps(db: Db): (() => unknown)[] {
  const sqlite = db.$client;
  const last = (sqlite.prepare('select max(id) from resolutions').pluck().get() as number | null) ?? 0;
  const rows = sqlite
    .prepare('select count(*) from search_attributes where resolution_id > @from and resolution_id <= @to')
    .pluck();
  const steps: (() => unknown)[] = [];
  for (let from = 0; from < last; from += PREFETCH_ROWS) steps.push(() => rows.get({ from, to: from + PREFETCH_ROWS }));
  return steps;
}
