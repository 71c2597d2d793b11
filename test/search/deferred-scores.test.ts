/**
 * A search whose candidates will be full scores each ranked tier once, together with its title
 * matches (title-matches.ts DeferredScores): one statement with bm25 per tier instead of the tier's
 * and the titles', and every score is the one bm25 gives the row for the tier's MATCH.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../db/connection.js';
import { parseQuery } from '../../src/domain/search-query.js';
import { FOUND_TIER } from '../../src/domain/search-ranking.js';
import { NO_FILTERS, syncSearchIndex } from '../../src/services/search.js';
import { publicTierQueries, textCandidates } from '../../src/services/search/candidates.js';
import { lookups, queries } from '../../src/services/search/queries.js';
import { PUBLIC_VIEWER, visibilityParams } from '../../src/services/visibility.js';
import { freshDatabase } from '../helpers.js';
import { store, type Spec } from './fixtures.js';

let connection: Connection;

beforeEach(() => {
  connection = freshDatabase();
});
afterEach(() => connection.close());

const spec = (year: number, title: string, text: string): Spec => ({
  conference: 'JFMK', number: year - 1980, year, agendaItem: '1', title, sponsors: ['HE'], demands: [{ text }],
});

/** Counts the runs of the statements that score with bm25 (the tiers' and the titles'). */
function countRankedRuns(): { runs: number } {
  const counter = { runs: 0 };
  const q = queries(connection.db, PUBLIC_VIEWER);
  const l = lookups(connection.sqlite);
  const textCandidatesOf = q.textCandidates;
  const rowsOf = q.textCandidateRows;
  const scoredAmong = l.scoredAmong;
  Object.assign(q, {
    textCandidates: { values: (params: Record<string, unknown>) => (counter.runs++, textCandidatesOf.values(params)) },
    textCandidateRows: (params: Record<string, unknown>) => (counter.runs++, rowsOf(params)),
  });
  Object.assign(l, { scoredAmong: { all: (params: Record<string, unknown>) => (counter.runs++, scoredAmong.all(params)) } });
  return counter;
}

describe('scoring a ranked tier with its title matches', () => {
  it('runs one statement with bm25 for the tier and its titles, with the scores bm25 gives for the tier', () => {
    // two older resolutions with the word in the title, five newer ones with it in the text only
    store(connection, spec(2001, 'Kita im Wandel', 'Ein Bericht.'));
    store(connection, spec(2002, 'Kita und Schule', 'Ein Bericht über die Kita.'));
    for (let year = 2010; year < 2015; year++) store(connection, spec(year, `Bericht ${year}`, `Jede Kita braucht Personal, sagt der Bericht ${year}.`));
    syncSearchIndex(connection.sqlite);
    const query = parseQuery('Kita');
    const cap = 3;
    const counter = countRankedRuns();
    const { candidates, capped } = textCandidates(connection.db, PUBLIC_VIEWER, query, { ...visibilityParams(PUBLIC_VIEWER), ...NO_FILTERS, asOf: null, cap }, cap);
    expect(capped).toBe(true);
    expect(counter.runs).toBe(1);
    // the three newest text matches and both title matches, each with the exact tier's bm25 score
    const [exact] = publicTierQueries(lookups(connection.sqlite), query);
    const bm25 = new Map(
      connection.sqlite.prepare('select rowid, bm25(search_index, 10.0, 1.0, 1.0, 1.0, 1.0) from search_index where search_index match ?').raw().all(exact!.match) as [number, number][],
    );
    expect(candidates).toHaveLength(5);
    for (const candidate of candidates) {
      expect(candidate.tier).toBe(FOUND_TIER.exact);
      expect(candidate.score).toBe(bm25.get(candidate.id));
      expect(candidate.score).toBeLessThan(0);
    }
  });
});
