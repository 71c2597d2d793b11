/**
 * The resolutions a text query finds, tier by tier (domain/search-match.ts): the exact words
 * first, then inflected forms, then compounds that contain a query word. Each tier's query runs
 * only while fewer than `cap` resolutions are found: a common word fills the candidate set with
 * exact matches, and lower tiers would rank below all of them anyway.
 *
 * Public text and internal follow-ups are indexed in two FTS5 tables (see index-sync.ts). The
 * public ranking comes from the public table alone. For viewers who may see internal follow-ups,
 * resolutions whose internal notes match are added: a query of several words matches when each
 * word is found in the public text or in the internal notes, checked row by row.
 */
import type { Db } from '../../../db/connection.js';
import {
  excludedExpression,
  groupExpressions,
  partsOf,
  tierExpression,
  TIERS,
  type Expansions,
  type SearchTier,
} from '../../domain/search-match.js';
import type { ParsedQuery } from '../../domain/search-query.js';
import type { SearchCandidate } from '../../domain/search-ranking.js';
import { isPublic, type Viewer } from '../visibility.js';
import { INTERNAL_COLUMNS, lookups, MAX_COMPOUNDS, PUBLIC_COLUMNS, queries, type Lookups } from './queries.js';

/** The rank of each tier in the relevance order; 0 is kept for exact words in the title. */
const TIER_RANK: Record<SearchTier, number> = { exact: 1, stem: 2, compound: 3 };

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

export interface TextCandidates {
  candidates: SearchCandidate[];
  /** Some tier had more matches than `cap`. */
  capped: boolean;
}

/**
 * Candidates of a text query for a viewer: at most `cap` per tier, each with its tier. `params`
 * holds the visibility and filter parameters of the prepared statements.
 */
export function textCandidates(
  db: Db,
  viewer: Viewer,
  query: ParsedQuery,
  params: Record<string, unknown>,
  cap: number,
): TextCandidates {
  const q = queries(db, viewer);
  const l = lookups(db.$client);
  const withInternal = !isPublic(viewer);
  const expansions = expansionsOf(l, query);
  const found = new Map<number, SearchCandidate>();
  let capped = false;
  let previous: string | null = null;
  for (const tier of TIERS) {
    if (found.size >= cap) {
      capped = true;
      break;
    }
    const match = tierExpression(query, tier, PUBLIC_COLUMNS, expansions);
    if (match === null || match === previous) continue;
    previous = match;
    const statement = tier === 'compound' ? q.unrankedCandidates : q.textCandidates;
    const rows = statement.values({ ...params, match, cap }) as unknown[][];
    if (rows.length >= cap) capped = true;
    for (const row of rows) {
      const candidate = toCandidate(row, TIER_RANK[tier]);
      if (!found.has(candidate.id)) found.set(candidate.id, candidate);
    }
    if (withInternal) {
      const added = internalCandidates(q, l, query, tier, expansions, params, cap, found);
      capped ||= added.capped;
    }
  }
  let candidates = [...found.values()];
  if (withInternal) {
    // Words excluded by the query exclude a resolution also when its internal notes hold them.
    const excluded = excludedExpression(query, INTERNAL_COLUMNS);
    if (excluded !== null) candidates = candidates.filter((c) => !l.internalMatchAt.get(excluded, c.id));
  }
  return { candidates, capped };
}

/** Adds the resolutions found through internal notes in one tier; returns whether it was capped. */
function internalCandidates(
  q: ReturnType<typeof queries>,
  l: Lookups,
  query: ParsedQuery,
  tier: SearchTier,
  expansions: Expansions,
  params: Record<string, unknown>,
  cap: number,
  found: Map<number, SearchCandidate>,
): { capped: boolean } {
  const internalGroups = groupExpressions(query, tier, INTERNAL_COLUMNS, expansions);
  const publicGroups = groupExpressions(query, tier, PUBLIC_COLUMNS, expansions);
  const excludedPublic = excludedExpression(query, PUBLIC_COLUMNS);
  const anyGroup = internalGroups.length === 1 ? internalGroups[0]! : internalGroups.map((g) => `(${g})`).join(' OR ');
  const statement = tier === 'compound' ? q.unrankedInternalCandidates : q.internalCandidates;
  const rows = statement.values({ ...params, match: anyGroup, cap }) as unknown[][];
  const needsCheck = internalGroups.length > 1 || excludedPublic !== null;
  for (const row of rows) {
    const candidate = toCandidate(row, TIER_RANK[tier]);
    if (found.has(candidate.id)) continue;
    if (needsCheck) {
      const id = candidate.id;
      const every = internalGroups.every(
        (group, i) => l.internalMatchAt.get(group, id) || l.publicMatchAt.get(publicGroups[i]!, id),
      );
      if (!every || (excludedPublic !== null && l.publicMatchAt.get(excludedPublic, id))) continue;
    }
    found.set(candidate.id, candidate);
  }
  return { capped: rows.length >= cap };
}
