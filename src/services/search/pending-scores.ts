/**
 * bm25 scores read when a page needs them. bm25 counts the rows of every phrase of a MATCH before
 * it scores the first row, once per statement (for two or three common words on 100,000
 * resolutions 4–7 ms a ranked tier, plus about 10 µs a row scored), and the order of results is
 * by tier first (domain/search-ranking.ts): the first page of "Bund Länder" lies in the tier of
 * the titles that hold a query word as typed, found by the exact words, and needs no score of the
 * inflected forms' tier at all. The candidates of ranked tiers are therefore read without their
 * score, and a page reads the scores of the candidates in the tiers up to its last hit, each
 * ranked tier's in one statement (Lookups.scoredAmong: the tier's MATCH, those ids).
 *
 * The score of a row is the one the tier's statement gives it: the same MATCH (a lower tier reads
 * `(A) NOT (B)`, whose phrases of B are not in the row, and scores as A), the same index. Until
 * 07.12.2026 every ranked tier was scored while the candidates were found (title-matches.ts
 * DeferredScores: once per tier, with its title matches).
 */
import type { SearchCandidate } from '../../domain/search-ranking.js';
import type { Lookups } from './queries.js';

export class PendingScores {
  /** Per candidate id, the MATCH of the ranked tier that found it. */
  private readonly matchOf = new Map<number, string>();

  /** Candidates found by a ranked tier's MATCH whose score is to be read later. */
  add(match: string, ids: Iterable<number>): void {
    for (const id of ids) this.matchOf.set(id, match);
  }

  /** The candidate's score is still to be read. */
  waits(id: number): boolean {
    return this.matchOf.has(id);
  }

  get size(): number {
    return this.matchOf.size;
  }

  /**
   * Reads the bm25 scores of those of `candidates` that wait for one, one statement per ranked
   * tier, and sets them; returns the candidates scored.
   */
  read<T extends SearchCandidate>(l: Lookups, candidates: Iterable<T>): T[] {
    const byMatch = new Map<string, T[]>();
    for (const candidate of candidates) {
      const match = this.matchOf.get(candidate.id);
      if (match === undefined) continue;
      const list = byMatch.get(match);
      if (list) list.push(candidate);
      else byMatch.set(match, [candidate]);
    }
    const scored: T[] = [];
    for (const [match, list] of byMatch) {
      const ids = list.map((c) => c.id).sort((a, b) => b - a);
      const scores = new Map(l.scoredAmong.all({ match, lo: ids[ids.length - 1], hi: ids[0], ids: JSON.stringify(ids) }) as [number, number][]);
      for (const candidate of list) {
        this.matchOf.delete(candidate.id);
        const score = scores.get(candidate.id);
        // found by the MATCH, so scored by it; left at 0 should the row have changed since
        if (score !== undefined) candidate.score = score;
        scored.push(candidate);
      }
    }
    return scored;
  }
}
