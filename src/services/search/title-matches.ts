/**
 * Title matches the tiers did not reach. The tiers (candidates.ts) read each tier's newest `cap`
 * matches: a common word fills the candidates with the newest exact matches, most of them in the
 * text only, and an older resolution with the word in its title — or a newer one with only an
 * inflected form there ("Kitas" for "Kita") — was never looked up, although the ranking puts it
 * before every text-only match. When the candidates are full, the newest `cap` resolutions whose
 * title holds a query word as typed, a prefix or an inflected form are therefore looked up in the
 * titles' own FTS5 table (`search_titles`, see index-sync.ts) and those not found yet are added,
 * each with the tier and bm25 score the tiers would have given it.
 *
 * Tier and score. For each tier in turn, the public index is asked which of them its MATCH finds,
 * with bm25 where the tier is ranked by it (Lookups.scoredAmong: FTS5 reads the tier's matches
 * between the oldest and the newest of them). Where a title match is a match of the query
 * (domain/search-match.ts titleImpliesMatch), an unranked tier needs no query: a title with a
 * word as typed or a prefix matches the exact tier, an inflected one the stem tier. Otherwise
 * (several words, a phrase, an excluded word) the compound tier, an OR of up to MAX_COMPOUNDS
 * words per query word, is asked only for its newest COMPOUND_CHECK_ROWS matches from the newest
 * title match down: older title matches that match the query only through a compound stay out
 * unless the tiers reach them. Resolutions no tier finds (a phrase that is not in the title, an
 * excluded word) are left out.
 *
 * Logged-in viewers: the tier and score come from the public text alone. A resolution whose
 * internal notes hold the word as typed and whose public text holds it only inflected counts as
 * inflected here, while the tiers, had they reached it, would have found it as typed through the
 * internal table (with that table's bm25): on 100,000 resolutions 8 of the 962 title matches
 * "Bund" adds for an editor. The title group, which comes first, is the same.
 */
import { FOUND_TIER, type SearchCandidate } from '../../domain/search-ranking.js';
import { titleExpression, titleImpliesMatch, type SearchTier } from '../../domain/search-match.js';
import type { ParsedQuery } from '../../domain/search-query.js';
import { titleMatch } from '../../domain/search-text.js';
import { toCandidate, type TierQuery } from './candidates.js';
import { TITLE_COLUMNS, type Lookups, type Queries } from './queries.js';

/**
 * How many of its matches the compound tier reads from the newest title match down when the title
 * match does not tell (see the file comment). On 100,000 resolutions it reads about 300 per
 * millisecond: "Migrationsberatung Kommunen" has 7,000 between its oldest and newest title
 * match, "Bund Länder" 46,000 (150 ms).
 */
export const COMPOUND_CHECK_ROWS = 3_000;

/**
 * Adds to `found` the viewer's resolutions among the newest `cap` title matches of the query that
 * it does not hold yet (see the file comment); `params` holds the visibility and filter
 * parameters. Returns how many were added.
 */
export function addTitleMatches(
  q: Queries,
  l: Lookups,
  query: ParsedQuery,
  tiers: readonly TierQuery[],
  params: Record<string, unknown>,
  cap: number,
  found: Map<number, SearchCandidate>,
): number {
  const match = titleExpression(query, TITLE_COLUMNS);
  if (match === null) return 0;
  const rows = q.titleCandidates.values({ ...params, match, cap }) as unknown[][];
  // newest first
  const left = rows.filter((row) => !found.has(row[0] as number));
  if (left.length === 0) return 0;
  const tiered = tiersOfTitleMatches(l, query, tiers, left.map((row) => ({ id: row[0] as number, title: row[10] as string })));
  for (const row of left) {
    const hit = tiered.get(row[0] as number);
    if (!hit) continue;
    const candidate = toCandidate([...row.slice(0, -1), hit.score], FOUND_TIER[hit.tier]);
    found.set(candidate.id, candidate);
  }
  return tiered.size;
}

/**
 * The tier and score of title matches (`titles`, newest first) as the tiers would find them:
 * per id the first tier whose MATCH finds it, with bm25 where that tier is ranked by it (see the
 * file comment); ids no tier finds are left out.
 */
export function tiersOfTitleMatches(
  l: Lookups,
  query: ParsedQuery,
  tiers: readonly TierQuery[],
  titles: readonly { id: number; title: string }[],
): Map<number, { tier: SearchTier; score: number }> {
  const result = new Map<number, { tier: SearchTier; score: number }>();
  const implied = titleImpliesMatch(query);
  let left = titles;
  for (const { tier, match, ranked } of tiers) {
    if (left.length === 0) break;
    let matched: Map<number, number>;
    if (!ranked && implied) {
      const members = tier === 'exact' ? left.filter((t) => titleMatch(t.title, query.highlight).word) : left;
      matched = new Map(members.map((t) => [t.id, 0]));
    } else {
      const ids = left.map((t) => t.id);
      const range = { match, lo: ids[ids.length - 1], hi: ids[0], ids: JSON.stringify(ids) };
      const scored =
        tier === 'compound'
          ? l.matchedAmongNewest.all({ ...range, rows: COMPOUND_CHECK_ROWS })
          : (ranked ? l.scoredAmong : l.matchedAmong).all(range);
      matched = new Map(scored as [number, number][]);
    }
    for (const [id, score] of matched) result.set(id, { tier, score });
    left = left.filter((t) => !matched.has(t.id));
  }
  return result;
}
