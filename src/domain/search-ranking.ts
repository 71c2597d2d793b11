/**
 * The order of search results. Pure, no I/O: the search service hands over the candidates it
 * found (with FTS5's bm25 score) and sorts them with these rules.
 */
import type { HighlightTerms } from './search-text.js';
import { titleCoverage } from './search-text.js';

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
   * Relevance tier, lower is better: 0 an exact query word in the title, 1 exact words in the
   * text, 2 inflected forms, 3 compounds containing a query word (see domain/search-match.ts).
   */
  tier: number;
}

/**
 * FTS5's bm25 weights columns by scaling term frequencies and normalises by the length of the
 * whole document, so a title hit saturates quickly and a short document with many body hits
 * outranks a resolution whose title is about nothing but the query. The relevance score is
 * therefore bm25 scaled by how much of the title the query covers (the share of title words
 * matched: a per-field length normalisation as in BM25F): 1 + TITLE_BOOST × share.
 */
const TITLE_BOOST = 1;

export function withTitleBoost<T extends SearchCandidate>(candidates: T[], terms: HighlightTerms): T[] {
  for (const candidate of candidates) {
    const share = titleCoverage(candidate.title, terms);
    if (share === 0) continue;
    // Unranked candidates (compound matches, score 0) are ordered by the title share alone.
    candidate.score = candidate.score === 0 ? -share : candidate.score * (1 + TITLE_BOOST * share);
  }
  return candidates;
}

/** Candidates of the exact tier (1) with an exact query word in their title move to tier 0. */
export function withTitleTier<T extends SearchCandidate>(candidates: T[], terms: HighlightTerms): T[] {
  const exact: HighlightTerms = { words: terms.words, prefixes: terms.prefixes };
  for (const candidate of candidates) {
    if (candidate.tier === 1 && titleCoverage(candidate.title, exact) > 0) candidate.tier = 0;
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
