/**
 * The order of search results. Pure, no I/O: the search service hands over the candidates it
 * found (with FTS5's bm25 score) and sorts them with these rules.
 */
import { TIERS, type SearchTier } from './search-match.js';
import { titleMatch, type HighlightTerms } from './search-text.js';

export type SearchSort = 'relevance' | 'date' | 'released';

/** One matching resolution with the attributes that filters, facets and the order need. */
export interface SearchCandidate {
  id: number;
  conference: string;
  year: number;
  startDate: string | null;
  sortKey: string;
  releasedOn: string | null;
  outcome: string;
  /** Sponsoring Länder, demand statuses and addressees as ',a,b,' lists (see codeList). */
  sponsors: string | null;
  statuses: string | null;
  addressees: string | null;
  title: string;
  /** bm25: lower is better (FTS5 reports negative scores); 0 where not ranked. */
  score: number;
  /**
   * Relevance tier, lower is better (see tierOf): where the query matches (in the title as typed,
   * inflected or as a compound; the text only), then how the search found the resolution (FOUND_TIER).
   */
  tier: number;
}

/**
 * Where a query matches a resolution, best first: a query word as typed in the title ("Kita" in
 * "Kita-Ausbau"), an inflected form in the title ("Kitas"), a compound in the title that begins or
 * ends with a query word ("Kitaplätze", "Erwerbsminderungsrente"; domain/search-text.ts), the text
 * only. A word that holds the query word only inside ("Erde" in "Förderung", "Rate" in "Strategie")
 * or across a letter group ("Haft" in "Wirtschaft") is not the topic: it counts as text, and the
 * compound tier orders such titles first by their share.
 */
export const TITLE_WORD = 0;
export const TITLE_FORM = 1;
export const TITLE_COMPOUND = 2;
export const TEXT_ONLY = 3;
type Where = typeof TITLE_WORD | typeof TITLE_FORM | typeof TITLE_COMPOUND | typeof TEXT_ONLY;

/**
 * The tier of a candidate: where the query matches first, then the search tier it was found in
 * (exact words, inflected forms, compounds; domain/search-match.ts). A resolution with the topic
 * in its title comes before every one that only mentions it in the text.
 */
export function tierOf(where: Where, found: SearchTier): number {
  return where * TIERS.length + TIERS.indexOf(found);
}

/** The tier of a candidate as the search finds it, before its title is looked at (rankByRelevance). */
export const FOUND_TIER: Readonly<Record<SearchTier, number>> = Object.freeze({
  exact: tierOf(TEXT_ONLY, 'exact'),
  stem: tierOf(TEXT_ONLY, 'stem'),
  compound: tierOf(TEXT_ONLY, 'compound'),
});

/**
 * FTS5's bm25 weights columns by scaling term frequencies and normalises by the length of the
 * whole document, so a title hit saturates quickly and a short document with many body hits
 * outranks a resolution whose title is about nothing but the query. Within a tier the relevance
 * score is therefore bm25 scaled by how much of the title the query covers (the share of title
 * words matched: a per-field length normalisation as in BM25F): 1 + TITLE_BOOST × share.
 */
const TITLE_BOOST = 1;

/**
 * A bm25 score scaled by the title's share (TITLE_BOOST); an unranked candidate (compound matches,
 * wide prefixes: score 0) gets the share alone, as a negative score like bm25's.
 */
export function withTitleShare(score: number, share: number): number {
  if (share === 0) return score;
  return score === 0 ? -share : score * (1 + TITLE_BOOST * share);
}

/**
 * Sets each candidate's tier from its title (see tierOf) and scales its bm25 score by the title's
 * share (withTitleShare); from the titles the candidates carry, with no query of its own.
 * Candidates whose score is still to be read (`unscored`) get their tier only: their score is
 * scaled once it is known (titleMatch gives the share again). Idempotent for the tiers: the
 * search tier is kept in the tier.
 */
export function rankByRelevance<T extends SearchCandidate>(candidates: T[], terms: HighlightTerms, unscored?: (id: number) => boolean): T[] {
  for (const candidate of candidates) {
    const title = titleMatch(candidate.title, terms);
    const found = TIERS[candidate.tier % TIERS.length]!;
    candidate.tier = tierOf(title.word ? TITLE_WORD : title.form ? TITLE_FORM : title.compound ? TITLE_COMPOUND : TEXT_ONLY, found);
    if (!unscored?.(candidate.id)) candidate.score = withTitleShare(candidate.score, title.share);
  }
  return candidates;
}

/** Newest meeting first, then agenda order; the relevance order falls back to it on ties. */
export function compareCandidates(sort: SearchSort): (a: SearchCandidate, b: SearchCandidate) => number {
  const byDate = (a: SearchCandidate, b: SearchCandidate) =>
    (b.startDate ?? `${b.year}`).localeCompare(a.startDate ?? `${a.year}`) ||
    a.sortKey.localeCompare(b.sortKey) ||
    b.id - a.id;
  if (sort === 'date') return byDate;
  if (sort === 'released') {
    return (a, b) => (b.releasedOn ?? '').localeCompare(a.releasedOn ?? '') || b.id - a.id;
  }
  return (a, b) => a.tier - b.tier || a.score - b.score || byDate(a, b);
}
