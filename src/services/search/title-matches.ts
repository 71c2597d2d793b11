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
 * Tier and score. For each tier in turn, the public index is asked which of them its MATCH finds
 * (Lookups.matchedAmong: FTS5 reads the tier's matches between the oldest and the newest of them);
 * where the tier is ranked by bm25, a page reads their scores when it needs them (pending-scores.ts). Where a title match is a match of the query
 * (domain/search-match.ts titleImpliesMatch), an unranked tier needs no query: a title with a
 * word as typed or a prefix matches the exact tier, an inflected one the stem tier. Otherwise
 * (several words, a phrase, an excluded word) the compound tier, an OR of up to MAX_COMPOUNDS
 * words per query word, is checked group by group, alternative by alternative, for all of them
 * (match-checks.ts): until 07.12.2026 only its newest 3,000 matches from the newest title match
 * down were read, and older title matches that matched only through a compound were left out
 * ("Migrationsberatung Kommunen" on 100,000 resolutions: 22 of 43). Resolutions no tier finds (a
 * phrase that is not in the text, an excluded word) are left out.
 *
 * Logged-in viewers (services/visibility.ts seesInternalText): as the tiers do (candidates.ts
 * internalCandidates), a tier also finds a resolution through its internal notes — one group in
 * the notes, each group in the notes or the public text, no excluded word in the public text —
 * with the internal table's bm25 where the tier is ranked. A resolution whose notes hold the word
 * as typed and whose public text holds it only inflected is thus an exact match for them, as it
 * would be had the tiers reached it. For the public, only the public text counts.
 */
import { FOUND_TIER, type SearchCandidate } from '../../domain/search-ranking.js';
import {
  excludedExpression,
  groupAlternatives,
  groupExpressions,
  titleExpression,
  titleImpliesMatch,
  type Alternative,
  type Expansions,
  type PrefixWords,
  type SearchTier,
} from '../../domain/search-match.js';
import type { ParsedQuery } from '../../domain/search-query.js';
import { titleMatch } from '../../domain/search-text.js';
import { expansionsOf, toCandidate, widePrefixesOf, type TierQuery } from './candidates.js';
import { ALTERNATIVES_CHUNK, GroupChecks, idsMatchingAll, idsMatchingAny, titleText, type PublicRows, type TitleText } from './match-checks.js';
import { INTERNAL_COLUMNS, PUBLIC_COLUMNS, TITLE_COLUMNS, type Lookups, type Queries } from './queries.js';
import type { PendingScores } from './pending-scores.js';

/** What the tiers of a query were built from, and whether they also search the internal notes. */
export interface TierContext {
  expansions: Expansions;
  prefixWords: PrefixWords;
  /** The viewer may see internal notes (services/visibility.ts seesInternalText). */
  internal: boolean;
  /** The public rows' texts and lists of words, for checking rows without reading doclists (match-checks.ts). */
  rows?: PublicRows;
  /** What the search's checks found so far (match-checks.ts GroupChecks). */
  checks?: GroupChecks;
  /** Candidates of ranked tiers whose bm25 score a page reads when it needs it (pending-scores.ts). */
  pending?: PendingScores;
}

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
  context: TierContext,
): number {
  const match = titleExpression(query, TITLE_COLUMNS);
  if (match === null) return 0;
  const rows = q.titleCandidates.values({ ...params, match, cap }) as unknown[][];
  // newest first
  const left = rows.filter((row) => !found.has(row[0] as number));
  if (left.length === 0) return 0;
  const titles = left.map((row) => ({ id: row[0] as number, title: row[10] as string }));
  const tiered = tiersOfTitleMatches(l, query, tiers, titles, context);
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
 * file comment); ids no tier finds are left out. Without `context`, for the public.
 */
export function tiersOfTitleMatches(
  l: Lookups,
  query: ParsedQuery,
  tiers: readonly TierQuery[],
  titles: readonly { id: number; title: string }[],
  context: TierContext = { expansions: expansionsOf(l, query), prefixWords: widePrefixesOf(l, query).prefixWords, internal: false },
): Map<number, { tier: SearchTier; score: number }> {
  const result = new Map<number, { tier: SearchTier; score: number }>();
  const implied = titleImpliesMatch(query);
  let texts: Map<number, TitleText> | undefined;
  const textsOf = () => (texts ??= new Map(titles.map((t) => [t.id, titleText(t.title)])));
  let left = titles;
  const groups = (tier: SearchTier) => groupAlternatives(query, tier, PUBLIC_COLUMNS, context.expansions, context.prefixWords);
  for (const { tier, match, ranked } of tiers) {
    if (left.length === 0) break;
    let matched: Map<number, number>;
    if (!ranked && implied) {
      const members = tier === 'exact' ? left.filter((t) => titleMatch(t.title, query.highlight).word) : left;
      matched = new Map(members.map((t) => [t.id, 0]));
    } else if (tier === 'compound') {
      // unranked; every title match left (see match-checks.ts)
      const groups = groupAlternatives(query, tier, PUBLIC_COLUMNS, context.expansions, context.prefixWords);
      const excluded = excludedExpression(query, PUBLIC_COLUMNS);
      const ids = left.map((t) => t.id);
      // With internal notes, the public matches and those through the notes in one pass: each
      // group in the notes or the public text, no excluded word in the public text (see the file
      // comment: a row that fails the public text in some group holds that group in its notes).
      const found = context.internal
        ? everyGroupInEither(l, groupAlternatives(query, tier, INTERNAL_COLUMNS, context.expansions), groups, excluded, ids, textsOf(), context.rows, context.checks)
        : idsMatchingAll(l, groups, excluded, ids, textsOf(), context.rows, context.checks);
      matched = new Map([...found].map((id) => [id, 0]));
    } else if (!ranked && hasSplit(groups(tier))) {
      // A tier with a wide prefix given by its words (unranked, domain/search-match.ts
      // Alternative.split): as for the compound tier, checked group by group from the rows' lists
      // of words. Its MATCH over the range of the title matches compares every row there with the
      // doclist of each of the prefix's words ("Lärm* Kommunen", 77 words: 20–40 ms for each of
      // the exact and stem tiers on 100,000 resolutions, finding none).
      const found = idsMatchingAll(l, groups(tier), excludedExpression(query, PUBLIC_COLUMNS), left.map((t) => t.id), textsOf(), context.rows, context.checks);
      matched = new Map([...found].map((id) => [id, 0]));
    } else {
      const ids = left.map((t) => t.id);
      const range = { match, lo: ids[ids.length - 1], hi: ids[0], ids: JSON.stringify(ids) };
      // with `pending`, the scores are read when a page needs them (score 0 until then)
      matched = new Map((ranked && !context.pending ? l.scoredAmong : l.matchedAmong).all(range) as [number, number][]);
      if (ranked) context.pending?.add(match, matched.keys());
    }
    if (context.internal && tier !== 'compound') {
      const rest = left.filter((t) => !matched.has(t.id));
      for (const [id, score] of internalMatches(l, query, tier, context, rest.map((t) => t.id), textsOf())) matched.set(id, score);
    }
    for (const [id, score] of matched) result.set(id, { tier, score });
    left = left.filter((t) => !matched.has(t.id));
  }
  return result;
}

/** Whether some group has a wide prefix given by its words (domain/search-match.ts Alternative.split). */
function hasSplit(groups: readonly (readonly Alternative[])[]): boolean {
  return groups.some((group) => group.some((a) => a.split !== undefined));
}

/**
 * Of some resolutions (`ids`, newest first), those a tier finds through their internal notes, as
 * candidates.ts internalCandidates finds them: with the internal table's bm25 unless the tier is
 * the compound tier.
 */
function internalMatches(
  l: Lookups,
  query: ParsedQuery,
  tier: SearchTier,
  context: TierContext,
  ids: readonly number[],
  titles: ReadonlyMap<number, TitleText>,
): Map<number, number> {
  if (ids.length === 0) return new Map();
  // the vocabulary lists public words only: prefixes stay prefixes in the internal notes
  const internalGroups = groupExpressions(query, tier, INTERNAL_COLUMNS, context.expansions);
  const anyGroup = internalGroups.length === 1 ? internalGroups[0]! : internalGroups.map((g) => `(${g})`).join(' OR ');
  const range = { match: anyGroup, lo: ids[ids.length - 1], hi: ids[0], ids: JSON.stringify(ids) };
  const found = new Map((tier === 'compound' ? l.internalMatchedAmong : l.internalScoredAmong).all(range) as [number, number][]);
  const excludedPublic = excludedExpression(query, PUBLIC_COLUMNS);
  if (found.size === 0 || (internalGroups.length === 1 && excludedPublic === null)) return found;
  const publicGroups = groupAlternatives(query, tier, PUBLIC_COLUMNS, context.expansions, context.prefixWords);
  const internalAlternatives = groupAlternatives(query, tier, INTERNAL_COLUMNS, context.expansions);
  const kept = everyGroupInEither(l, internalAlternatives, publicGroups, excludedPublic, found.keys(), titles, context.rows, context.checks);
  return new Map([...found].filter(([id]) => kept.has(id)));
}

/**
 * The ids that match each group in their internal notes or their public text, and the excluded
 * expression not in their public text: what a resolution found through its internal notes must
 * also satisfy (candidates.ts internalCandidates).
 */
export function everyGroupInEither(
  l: Lookups,
  internalGroups: readonly (readonly Alternative[])[],
  publicGroups: readonly (readonly Alternative[])[],
  excludedPublic: string | null,
  ids: Iterable<number>,
  titles?: ReadonlyMap<number, TitleText>,
  rows?: PublicRows,
  checks: GroupChecks = new GroupChecks(),
): Set<number> {
  let left = new Set(ids);
  // A few rows asked about many alternatives (a hundred compounds) are checked in the texts of
  // their notes (a tenth of a millisecond each) rather than in the alternatives' doclists, which
  // are read whole for every row that holds none of them (3–4 ms for the compounds of "Bund" on
  // 100,000 resolutions, each time a tier or the title matches ask).
  const notes = checks.notes(l.sqlite);
  // the rarest group first: most rows fail it, and the others are asked about fewer rows
  for (const i of checks.rarestFirst(l, publicGroups)) {
    const group = internalGroups[i]!;
    if (left.size === 0) break;
    // the public text first (its lists of words answer most at once), then the notes of the rest,
    // alternative by alternative: FTS5 compares each row with every doclist of an OR (see match-checks.ts)
    const inText = checks.of('public', i).matching(publicGroups[i]!, left, (alternatives, asked) => idsMatchingAny(l.anyMatchAmong, alternatives, asked, titles, rows));
    const rest = [...left].filter((id) => !inText.has(id));
    const inNotes = checks.of('notes', i).matching(group, rest, (alternatives, asked) =>
      idsMatchingAny(l.internalAnyMatchAmong, alternatives, asked, undefined, undefined, alternatives.length > ALTERNATIVES_CHUNK ? notes : undefined),
    );
    left = new Set([...left].filter((id) => inNotes.has(id) || inText.has(id)));
  }
  if (excludedPublic !== null && left.size > 0) {
    for (const id of idsMatchingAny(l.anyMatchAmong, [{ match: excludedPublic, word: null, stem: null }], left)) left.delete(id);
  }
  return left;
}
