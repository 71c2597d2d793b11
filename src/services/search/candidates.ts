/**
 * The resolutions a text query finds, tier by tier (domain/search-match.ts): the exact words
 * first, then inflected forms, then compounds that contain a query word. Each tier's query runs
 * only while fewer than `cap` resolutions are found: a common word fills the candidate set with
 * exact matches, and lower tiers would rank below all of them anyway.
 *
 * Public text and internal follow-ups are indexed in two FTS5 tables (see index-sync.ts). The
 * public ranking comes from the public table alone. For viewers who may see internal follow-ups,
 * resolutions whose internal notes match are added: a query of several words matches when each
 * word is found in the public text or in the internal notes, checked for the rows found together
 * (match-checks.ts).
 *
 * Wide prefixes. FTS5 answers a prefix query ("Tierschutz*") by merging the doclists of every
 * word the prefix matches before it returns a row, and bm25 merges them once more to count the
 * matching rows: 80–120 ms for a prefix in 86 % of 100,000 resolutions, 0.5–0.8 s for "Bund*".
 * A prefix of four or more letters that matches more than WIDE_PREFIX_WORDS words of the
 * vocabulary, or a function word ("eine*"), is therefore searched as an OR of those words (read lazily, newest row first, like
 * the compounds) and ranked like the compounds: by the share of title words, not by bm25. Narrow
 * prefixes ("Migrationsberat*") stay as they are.
 */
import type { Db } from '../../../db/connection.js';
import {
  excludedExpression,
  groupAlternatives,
  groupExpressions,
  partsOf,
  prefixesOf,
  tierExpression,
  TIERS,
  type Alternative,
  type Expansions,
  type PrefixWords,
  type SearchTier,
} from '../../domain/search-match.js';
import type { ParsedQuery } from '../../domain/search-query.js';
import { FUNCTION_WORDS } from '../../domain/search-text.js';
import { FOUND_TIER, type SearchCandidate } from '../../domain/search-ranking.js';
import { generationOf } from '../generation.js';
import { PUBLIC_VIEWER, seesInternalText, type Viewer } from '../visibility.js';
import { GroupChecks, idsMatchingAll, idsMatchingAny, publicRows, type PublicRows } from './match-checks.js';
import { addTitleMatches, everyGroupInEither } from './title-matches.js';
import { PendingScores } from './pending-scores.js';
import {
  INTERNAL_COLUMNS,
  lookups,
  MAX_COMPOUNDS,
  MAX_PREFIX_WORDS,
  PUBLIC_COLUMNS,
  queries,
  WIDE_PREFIX_WORDS,
  type Lookups,
} from './queries.js';

export function toCandidate(row: unknown[], tier = 0): SearchCandidate {
  const [id, conference, year, startDate, sortKey, releasedOn, outcome, sponsors, statuses, addressees, title, score] = row;
  return {
    id: id as number,
    conference: conference as string,
    year: year as number,
    startDate: startDate as string | null,
    sortKey: sortKey as string,
    releasedOn: releasedOn as string | null,
    outcome: outcome as string,
    sponsors: sponsors as string | null,
    statuses: statuses as string | null,
    addressees: addressees as string | null,
    title: title as string,
    score: score as number,
    tier,
  };
}

/** The vocabulary's compounds of each part of the query (at most MAX_COMPOUNDS each). */
export function compoundsOf(db: Db, query: ParsedQuery): Expansions {
  return expansionsOf(lookups(db.$client), query);
}

export function expansionsOf(l: Lookups, query: ParsedQuery): Expansions {
  // The part is made of token characters only (search-query.ts), so quoting it is safe.
  return new Map(partsOf(query).map((part) => [part, l.compounds.all(`"${part}"`, MAX_COMPOUNDS) as string[]]));
}

/** Shortest prefix the vocabulary lists every word for (it holds the words of four or more letters). */
const MIN_LISTED_PREFIX = 4;

export interface WidePrefixes {
  /** The words of each wide prefix (none when it matches more than MAX_PREFIX_WORDS). */
  prefixWords: PrefixWords;
  /** The query has a wide prefix: its tiers are not ranked by bm25. */
  wide: boolean;
}

/**
 * The query's wide prefixes (see the file comment) with their words: the vocabulary's words
 * with the prefix, and the function words with it (indexed, but not in the vocabulary).
 */
export function widePrefixesOf(l: Lookups, query: ParsedQuery): WidePrefixes {
  const prefixWords = new Map<string, string[]>();
  let wide = false;
  for (const prefix of prefixesOf(query)) {
    if (prefix.length < MIN_LISTED_PREFIX || !/\p{L}/u.test(prefix)) continue;
    const words = new Set(l.prefixWords.all(prefix, prefix, MAX_PREFIX_WORDS + 1) as string[]);
    // function words ("eine*") are in almost every text: their doclists are the longest
    let functionWord = false;
    for (const word of FUNCTION_WORDS) {
      if (!word.startsWith(prefix)) continue;
      words.add(word);
      functionWord = true;
    }
    if (words.size <= WIDE_PREFIX_WORDS && !functionWord) continue;
    wide = true;
    if (words.size <= MAX_PREFIX_WORDS) prefixWords.set(prefix, [...words]);
  }
  return { prefixWords, wide };
}

/** One FTS5 query of the public index the search runs: a tier's MATCH, ranked by bm25 or not. */
export interface TierQuery {
  tier: SearchTier;
  match: string;
  ranked: boolean;
}

/**
 * The public index queries of a text query, best tier first, each run only while fewer than
 * `cap` resolutions are found (a tier that repeats the one before it is left out).
 */
export function publicTierQueries(l: Lookups, query: ParsedQuery, expansions = expansionsOf(l, query), prefixes = widePrefixesOf(l, query)): TierQuery[] {
  const list: TierQuery[] = [];
  let previous: string | null = null;
  for (const tier of TIERS) {
    const match = tierExpression(query, tier, PUBLIC_COLUMNS, expansions, prefixes.prefixWords);
    if (match === null || match === previous) continue;
    previous = match;
    list.push({ tier, match, ranked: tier !== 'compound' && !prefixes.wide });
  }
  return list;
}

export interface TextCandidates {
  candidates: SearchCandidate[];
  /** Some tier had more matches than `cap`. */
  capped: boolean;
  /** Candidates of ranked tiers whose bm25 score is still to be read (score 0 until then). */
  pending: PendingScores;
}

/**
 * The MATCH expression of a tier's public matches that the tier before it did not match: each
 * tier's expression matches everything the one before it matched (domain/search-match.ts).
 *
 * bm25 scores a row of `(A) NOT (B)` as A scores it: the phrases of B do not occur in the row
 * (it does not match B) and add nothing to the sum; their document frequencies, like those of
 * A's phrases, come from the whole index.
 */
export function newMatchesExpression(match: string, previous: string): string {
  return `(${match}) NOT (${previous})`;
}

/** The bounds `lo`..`hi` of the candidate statements' MATCH that leave out no resolution. */
export const ALL_ROWS = Object.freeze({ lo: 0, hi: Number.MAX_SAFE_INTEGER });

/** Per database, the bounds of the filters on meetings asked for in one generation (rowBounds). */
const boundsKept = new WeakMap<Db, { generation: string; bounds: Map<string, { lo: number; hi: number }> }>();

/**
 * The range of ids the candidate statements read their MATCH in (`lo`, `hi`). With a filter on
 * meetings (conference, years, "as of"), from the smallest to the largest id of the resolutions in
 * the meetings that pass it: every resolution that passes the filters lies within, so the rows are
 * the same, but FTS5 starts reading at `hi` and stops at `lo` instead of reading (and joining) the
 * matches the filter discards. On the benchmark archive, whose conferences hold blocks of ids, a
 * conference's range is a twelfth of the index ("Bund Länder Kommunen", conference imk: the
 * compound tier read 997 of its new matches in 0.4–0.9 s, comparing each row with the doclists
 * of a hundred compounds); where ids do not follow the filter (years of an archive imported
 * conference by conference), the range is wide and changes nothing. Kept per generation of the
 * database: every text query with the same filter on meetings has the same bounds.
 */
export function rowBounds(db: Db, params: Record<string, unknown>): { lo: number; hi: number } {
  const onMeetings = ['conference', 'yearFrom', 'yearTo', 'asOf'].filter((name) => params[name] !== null && params[name] !== undefined);
  if (onMeetings.length === 0) return ALL_ROWS;
  const generation = generationOf(db);
  let kept = boundsKept.get(db);
  if (kept === undefined || kept.generation !== generation) {
    kept = { generation, bounds: new Map() };
    boundsKept.set(db, kept);
  }
  const meetingParams = { conference: params['conference'] ?? null, yearFrom: params['yearFrom'] ?? null, yearTo: params['yearTo'] ?? null, asOf: params['asOf'] ?? null };
  const key = JSON.stringify(meetingParams);
  let bounds = kept.bounds.get(key);
  if (bounds === undefined) {
    // the statement is the same for every viewer (no visibility in it)
    const row = queries(db, PUBLIC_VIEWER).meetingRowBounds.get(meetingParams)!;
    // no meeting passes: an empty range
    bounds = row.lo === null || row.hi === null ? { lo: 1, hi: 0 } : { lo: row.lo, hi: row.hi };
    kept.bounds.set(key, bounds);
  }
  return bounds;
}

/**
 * Candidates of a text query for a viewer: at most `cap` per tier, each with its tier. `params`
 * holds the visibility and filter parameters of the prepared statements.
 *
 * Incremental tiers. A lower tier is searched only while fewer than `cap` resolutions are found,
 * so the tier before it was not capped: its public candidates are all its matches that pass
 * visibility and filters. The lower tier's newest `cap` matches are then the newest `cap` of
 * those and of the matches the tier before it did not have; only the latter are read (joined,
 * scored) — not again the rows the search already holds.
 */
export function textCandidates(
  db: Db,
  viewer: Viewer,
  query: ParsedQuery,
  params: Record<string, unknown>,
  cap: number,
): TextCandidates {
  // every candidate statement reads its MATCH within the filters' range of ids
  params = { ...params, ...rowBounds(db, params) };
  const q = queries(db, viewer);
  const l = lookups(db.$client);
  const withInternal = seesInternalText(viewer);
  const publicRowsOf = publicRows(db.$client);
  // what the checks of rows found through internal notes learn, for the next tiers and the titles
  const checks = new GroupChecks();
  // the internal notes' tier before (internalTierRows)
  const internalBefore: { tier?: InternalTier } = {};
  const expansions = expansionsOf(l, query);
  const prefixes = widePrefixesOf(l, query);
  const found = new Map<number, SearchCandidate>();
  // the ids of the public candidates of the tiers so far, newest first
  let publicIds: number[] = [];
  let previous: string | null = null;
  let capped = false;
  const tiers = publicTierQueries(l, query, expansions, prefixes);
  // Ranked tiers are read without bm25: a page reads the scores it needs (pending-scores.ts).
  const pending = new PendingScores();
  for (const { tier, match, ranked: rankedTier } of tiers) {
    if (found.size >= cap) {
      capped = true;
      break;
    }
    let rows: unknown[][];
    const checked = checkedTier(l, query, tier, expansions, prefixes.prefixWords, cap);
    if (checked !== null) {
      // a wide prefix with a rarer group: its rows from the other groups' MATCH (checkedTier)
      const read = checkedTierRows(l, q.unrankedCandidateRows, params, checked, publicRowsOf, cap);
      rows = read.rows;
      capped ||= read.capped;
      publicIds = read.ids;
    } else if (previous === null) {
      rows = q.unrankedCandidates.values({ ...params, match, cap }) as unknown[][];
      if (rows.length >= cap) capped = true;
      publicIds = rows.map((row) => row[0] as number);
    } else {
      const merged = newestMatches(q.unrankedCandidateRows, { ...params, match: newMatchesExpression(match, previous), cap }, publicIds, cap);
      rows = merged.rows;
      capped ||= merged.capped;
      publicIds = merged.ids;
    }
    const added: SearchCandidate[] = [];
    for (const row of rows) {
      const candidate = toCandidate(row, FOUND_TIER[tier]);
      if (found.has(candidate.id)) continue;
      found.set(candidate.id, candidate);
      added.push(candidate);
    }
    if (rankedTier) pending.add(match, added.map((c) => c.id));
    previous = match;
    if (withInternal) {
      const added = internalCandidates(q, l, query, tier, expansions, prefixes.prefixWords, params, cap, found, publicRowsOf, checks, internalBefore);
      capped ||= added.capped;
    }
  }
  // The tiers stopped at `cap`: the title matches they did not reach (title-matches.ts).
  if (capped) {
    const context = { expansions, prefixWords: prefixes.prefixWords, internal: withInternal, rows: publicRowsOf, checks, pending };
    addTitleMatches(q, l, query, tiers, params, cap, found, context);
  }
  let candidates = [...found.values()];
  if (withInternal) {
    // Words excluded by the query exclude a resolution also when its internal notes hold them.
    const excluded = excludedExpression(query, INTERNAL_COLUMNS);
    if (excluded !== null) {
      const hidden = idsMatchingAny(l.internalAnyMatchAmong, [{ match: excluded, word: null, stem: null }], candidates.map((c) => c.id));
      candidates = candidates.filter((c) => !hidden.has(c.id));
    }
  }
  return { candidates, capped, pending };
}

/** Rows read from the other groups' MATCH at most (checkedTier), as a multiple of `cap`. */
export const CHECKED_TIER_ROWS_PER_CAP = 8;
/** Rows of the other groups' MATCH checked for the wide prefix at a time (checkedTierRows). */
const CHECKED_BATCH = 256;

/** A tier read from the MATCH of some of its groups, the others checked row by row (checkedTier). */
export interface CheckedTier {
  /** The MATCH of the groups without a wide prefix (and the excluded words). */
  match: string;
  /** The groups with a wide prefix given by its words, as alternatives. */
  groups: Alternative[][];
  /** Rows the MATCH finds (fewer than the limit counted). */
  rows: number;
}

/**
 * A tier of a query with a wide prefix given by its words ("Lärm*": 77 words, an OR in the tier's
 * MATCH) and another group, when the other groups' MATCH finds fewer than
 * CHECKED_TIER_ROWS_PER_CAP × `cap` rows ("Kommunen": 1,448 of 100,000): FTS5 seeks, for every
 * row of the other groups, in the doclist of each of the prefix's words (22 ms for the 1,404
 * matches of the exact tier of "Lärm* Kommunen", and the same for every row a filter then
 * discards). Read from the other groups' MATCH instead, with the filters, and checked for the
 * prefix's groups in the rows' lists of words (match-checks.ts idsMatchingAll). Null otherwise.
 * Only for the exact and stem tiers, which a wide prefix leaves unranked (no bm25 to compute over
 * the whole MATCH).
 */
export function checkedTier(
  l: Lookups,
  query: ParsedQuery,
  tier: SearchTier,
  expansions: Expansions,
  prefixWords: PrefixWords,
  cap: number,
): CheckedTier | null {
  // the compound tier's other groups are ORs of a hundred words: counting their rows costs what it would save
  if (tier === 'compound' || prefixWords.size === 0 || query.groups.length < 2) return null;
  const alternatives = groupAlternatives(query, tier, PUBLIC_COLUMNS, expansions, prefixWords);
  const wide = alternatives.map((group) => group.some((a) => a.split !== undefined));
  if (!wide.includes(true) || !wide.includes(false)) return null;
  const match = tierExpression({ ...query, groups: query.groups.filter((_, i) => !wide[i]) }, tier, PUBLIC_COLUMNS, expansions, prefixWords);
  if (match === null) return null;
  const limit = CHECKED_TIER_ROWS_PER_CAP * cap;
  const rows = l.countMatches.get({ match, limit }) as number;
  if (rows >= limit) return null;
  return { match, groups: alternatives.filter((_, i) => wide[i]), rows };
}

/**
 * A tier's newest `cap` matches that pass the filters (checkedTier): the other groups' matches,
 * newest first, a batch at a time, those that hold the prefix's groups kept. Returns them all
 * (those the tiers before found among them too), their ids, and whether there are `cap`.
 */
export function checkedTierRows(
  l: Lookups,
  statement: RowSource,
  params: Record<string, unknown>,
  tier: CheckedTier,
  rows: PublicRows,
  cap: number,
): { rows: unknown[][]; ids: number[]; capped: boolean } {
  const kept: unknown[][] = [];
  // its own checks: the groups here are not the query's (GroupChecks counts by a group's place)
  const checks = new GroupChecks();
  let batch: unknown[][] = [];
  const take = () => {
    const found = idsMatchingAll(l, tier.groups, null, batch.map((row) => row[0] as number), undefined, rows, checks);
    for (const row of batch) {
      if (kept.length < cap && found.has(row[0] as number)) kept.push(row);
    }
    batch = [];
  };
  for (const row of statement({ ...params, match: tier.match, cap: tier.rows })) {
    batch.push(row);
    if (batch.length < CHECKED_BATCH) continue;
    take();
    // leaving the loop resets the statement
    if (kept.length >= cap) break;
  }
  if (batch.length > 0 && kept.length < cap) take();
  return { rows: kept, ids: kept.map((row) => row[0] as number), capped: kept.length >= cap };
}

/** A prepared candidate statement: rows of its attributes, newest first, one by one. */
type RowSource = (params: Record<string, unknown>) => IterableIterator<unknown[]>;

/**
 * A tier's newest `cap` matches, given all matches of the tier before it (`ids`, newest first:
 * it was not capped) and a statement for the matches it did not have (newest first). Returns
 * those of the latter that are among the newest `cap`, read one by one and no further than
 * needed; the ids of the tier's newest `cap`, newest first; and whether the tier has `cap` or more.
 */
export function newestMatches(
  statement: RowSource,
  params: Record<string, unknown>,
  ids: readonly number[],
  cap: number,
): { rows: unknown[][]; ids: number[]; capped: boolean } {
  const rows: unknown[][] = [];
  const merged: number[] = [];
  let i = 0;
  for (const row of statement(params)) {
    const id = row[0] as number;
    while (i < ids.length && ids[i]! > id && merged.length < cap) merged.push(ids[i++]!);
    if (merged.length >= cap) break;
    rows.push(row);
    merged.push(id);
    if (merged.length >= cap) break;
  }
  while (i < ids.length && merged.length < cap) merged.push(ids[i++]!);
  return { rows, ids: merged, capped: merged.length >= cap };
}

/**
 * The internal notes' matches of the tier before (its MATCH, and the ids of its rows: the newest
 * `cap` matches that pass visibility and filters, newest first).
 */
interface InternalTier {
  match: string;
  ids: number[];
}

/**
 * The rows of a tier's statement on the internal notes (its newest `cap` matches), given the tier
 * before: each tier's MATCH matches everything the one before matched (an OR of the groups'
 * alternatives), so its newest `cap` are the newest `cap` of the rows before and of the matches
 * the tier before did not have — read newest first, no further than needed (newestMatches), as
 * the public tiers do. Until 07.12.2026 each tier read its newest `cap` matches anew, with the
 * tables (a thousand rows for each tier of "Bund Länder Kommunen").
 *
 * With `attributes`, the new matches come with their attributes and scores (a new match of a
 * lower tier, read as `(A) NOT (B)`, scores as in A: the phrases of B are not in it); without,
 * as ids alone (`rows` empty): where no filter is set, from the index alone, without joining
 * each id with the tables for its visibility (queries.ts unfilteredIdQuery). Returns the ids of
 * the tier's newest `cap` matches.
 */
function internalTierRows(
  q: ReturnType<typeof queries>,
  params: Record<string, unknown>,
  match: string,
  ranked: boolean,
  attributes: boolean,
  before: InternalTier | undefined,
  cap: number,
): { ids: number[]; rows: unknown[][]; capped: boolean } {
  // ids alone without filters: from the index, without the tables (queries.ts unfilteredIdQuery)
  const unfiltered = !attributes && q.filterParams.every((name) => params[name] === null || params[name] === undefined);
  if (before === undefined) {
    const statement = unfiltered ? q.unfilteredInternalIds : !attributes ? q.internalIds : ranked ? q.internalCandidates : q.unrankedInternalCandidates;
    const rows = statement.values({ ...params, match, cap }) as unknown[][];
    return { ids: rows.map((row) => row[0] as number), rows: attributes ? rows : [], capped: rows.length >= cap };
  }
  const statement = unfiltered ? q.unfilteredInternalIdRows : !attributes ? q.internalIdRows : ranked ? q.internalCandidateRows : q.unrankedInternalCandidateRows;
  const merged = newestMatches(statement, { ...params, match: newMatchesExpression(match, before.match), cap }, before.ids, cap);
  return { ids: merged.ids, rows: attributes ? merged.rows : [], capped: merged.capped };
}

/**
 * Adds the resolutions found through internal notes in one tier; returns whether it was capped.
 *
 * With one group and nothing excluded, every match not found yet is taken. Otherwise each must
 * hold the other groups in its notes or its public text. Where one group is rare in the public
 * text (fewer than GROUP_COUNT_LIMIT rows hold its word), most do not ("Bund Länder Kommunen"
 * logged in: 11 of the first tier's 1,000): the rows are then read as ids, and only those taken
 * with their attributes (candidatesOf) and their scores in the tier's statement
 * (Lookups.internalScoredAmong); until 07.12.2026 all were read with their attributes and bm25
 * scores. Where every group is common, many are taken ("Bund Länder": 487 of 929), and reading
 * them by id as well costs more than it saves.
 */
function internalCandidates(
  q: ReturnType<typeof queries>,
  l: Lookups,
  query: ParsedQuery,
  tier: SearchTier,
  expansions: Expansions,
  prefixWords: PrefixWords,
  params: Record<string, unknown>,
  cap: number,
  found: Map<number, SearchCandidate>,
  publicRows: PublicRows,
  checks: GroupChecks,
  before: { tier?: InternalTier },
): { capped: boolean } {
  // The vocabulary lists public words only: prefixes stay prefixes in the internal notes.
  const internalGroups = groupExpressions(query, tier, INTERNAL_COLUMNS, expansions);
  const excludedPublic = excludedExpression(query, PUBLIC_COLUMNS);
  const anyGroup = internalGroups.length === 1 ? internalGroups[0]! : internalGroups.map((g) => `(${g})`).join(' OR ');
  const ranked = tier !== 'compound';
  const checked = internalGroups.length > 1 || excludedPublic !== null;
  const publicGroups = checked ? groupAlternatives(query, tier, PUBLIC_COLUMNS, expansions, prefixWords) : [];
  const idsOnly = checked && checks.hasRareGroup(l, publicGroups);
  const read = internalTierRows(q, params, anyGroup, ranked, !idsOnly, before.tier, cap);
  before.tier = { match: anyGroup, ids: read.ids };
  const ids = read.ids.filter((id) => !found.has(id));
  // Each group in the notes or the public text; an excluded word not in the public text
  // (match-checks.ts: a set of rows at a time, not one query per row).
  const kept = checked
    ? everyGroupInEither(l, groupAlternatives(query, tier, INTERNAL_COLUMNS, expansions), publicGroups, excludedPublic, ids, undefined, publicRows, checks)
    : null;
  const taken = kept === null ? ids : ids.filter((id) => kept.has(id));
  if (taken.length === 0) return { capped: read.capped };
  // The new matches read with their attributes come with their score (a new match of a lower
  // tier, read as `(A) NOT (B)`, scores as in A: the phrases of B are not in it). The others —
  // read as ids, or matches of the tier before taken now — are read by id, with their score in
  // this tier's statement (bm25 over its phrases).
  const rows = new Map(read.rows.map((row) => [row[0] as number, row]));
  const byId = taken.filter((id) => !rows.has(id));
  if (byId.length > 0) {
    const json = JSON.stringify(byId);
    const scores = ranked
      ? new Map(l.internalScoredAmong.all({ match: anyGroup, lo: byId[byId.length - 1], hi: byId[0], ids: json }) as [number, number][])
      : null;
    for (const row of q.candidatesOf.values({ ids: json }) as unknown[][]) {
      const id = row[0] as number;
      rows.set(id, scores === null ? row : [...row.slice(0, -1), scores.get(id) ?? 0]);
    }
  }
  // newest first, as the rows were read
  for (const id of taken) {
    const row = rows.get(id);
    if (row) found.set(id, toCandidate(row, FOUND_TIER[tier]));
  }
  return { capped: read.capped };
}
