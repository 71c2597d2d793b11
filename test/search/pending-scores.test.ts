/**
 * bm25 scores read when a page needs them (services/search/pending-scores.ts): finding the
 * candidates runs no statement with bm25; a page reads the scores of the tiers up to its last hit,
 * one statement per ranked tier, and every score is the one bm25 gives the row for the tier's
 * MATCH. The order of the pages is that of scoring every candidate at once (the identity check on
 * the benchmark archive, test/bench/search-identity.ts, compares whole result lists at scale).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../db/connection.js';
import { parseQuery } from '../../src/domain/search-query.js';
import { NO_FILTERS, searchResolutions, syncSearchIndex } from '../../src/services/search.js';
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

/** The runs of the statements that score with bm25: per run its MATCH and how many rows it scored. */
function countRankedRuns(): { match: string; rows: number }[] {
  const runs: { match: string; rows: number }[] = [];
  const q = queries(connection.db, PUBLIC_VIEWER);
  const l = lookups(connection.sqlite);
  const textCandidatesOf = q.textCandidates;
  const rowsOf = q.textCandidateRows;
  const scoredAmong = l.scoredAmong;
  Object.assign(q, {
    textCandidates: { values: (params: Record<string, unknown>) => (runs.push({ match: String(params['match']), rows: -1 }), textCandidatesOf.values(params)) },
    textCandidateRows: (params: Record<string, unknown>) => (runs.push({ match: String(params['match']), rows: -1 }), rowsOf(params)),
  });
  Object.assign(l, {
    scoredAmong: {
      all: (params: Record<string, unknown>) => {
        const rows = scoredAmong.all(params);
        runs.push({ match: String(params['match']), rows: rows.length });
        return rows;
      },
    },
  });
  return runs;
}

/** bm25 of every row a MATCH finds, as the tier's statement computes it. */
function bm25Of(match: string): Map<number, number> {
  return new Map(
    connection.sqlite.prepare('select rowid, bm25(search_index, 10.0, 1.0, 1.0, 1.0, 1.0) from search_index where search_index match ?').raw().all(match) as [number, number][],
  );
}

/** Three older resolutions with "Kita" in the title, four newer ones with it in the text, three with "Kitas" in the text. */
function archive(): { titles: number[] } {
  const titles = [2001, 2002, 2003].map((year) => store(connection, spec(year, `Kita ${year}`, 'Ein Bericht.')));
  for (let year = 2010; year < 2014; year++) store(connection, spec(year, `Bericht ${year}`, `Jede Kita braucht Personal, sagt der Bericht ${year}.`));
  for (let year = 2014; year < 2017; year++) store(connection, spec(year, `Bericht ${year}`, `Die Kitas brauchen Personal, sagt der Bericht ${year}.`));
  syncSearchIndex(connection.sqlite);
  return { titles };
}

describe('bm25 scores read for a page', () => {
  it('finds the candidates, title matches included, without bm25', () => {
    archive();
    const query = parseQuery('Kita');
    const runs = countRankedRuns();
    const cap = 3;
    const { candidates, capped, pending } = textCandidates(connection.db, PUBLIC_VIEWER, query, { ...visibilityParams(PUBLIC_VIEWER), ...NO_FILTERS, asOf: null, cap }, cap);
    expect(capped).toBe(true);
    expect(runs).toEqual([]);
    // the three newest text matches and the three title matches, all waiting for the exact tier's score
    expect(candidates).toHaveLength(6);
    expect(candidates.every((c) => pending.waits(c.id) && c.score === 0)).toBe(true);
    const [exact] = publicTierQueries(lookups(connection.sqlite), query);
    const bm25 = bm25Of(exact!.match);
    expect(pending.read(lookups(connection.sqlite), candidates)).toHaveLength(6);
    expect(runs).toEqual([{ match: exact!.match, rows: 6 }]);
    for (const candidate of candidates) {
      expect(candidate.score).toBe(bm25.get(candidate.id));
      expect(candidate.score).toBeLessThan(0);
    }
  });

  it('reads the scores of the tiers up to the last hit of the page, each ranked tier in one statement', () => {
    const { titles } = archive();
    const query = parseQuery('Kita');
    const [exact, stem] = publicTierQueries(lookups(connection.sqlite), query);
    const runs = countRankedRuns();
    // the first page lies among the titles with "Kita" (found by the exact words): only they are scored
    const first = searchResolutions(connection.db, PUBLIC_VIEWER, query, NO_FILTERS, { page: 1, pageSize: 2, snippets: false });
    expect(runs).toEqual([{ match: exact!.match, rows: 3 }]);
    expect(first.total).toBe(10);
    // the third page reaches the text matches of the exact words, not yet the inflected forms
    searchResolutions(connection.db, PUBLIC_VIEWER, query, NO_FILTERS, { page: 3, pageSize: 2, snippets: false });
    expect(runs.slice(1)).toEqual([{ match: exact!.match, rows: 4 }]);
    // the last page: the inflected forms' tier
    const last = searchResolutions(connection.db, PUBLIC_VIEWER, query, NO_FILTERS, { page: 5, pageSize: 2, snippets: false });
    expect(runs.slice(2)).toEqual([{ match: stem!.match, rows: 3 }]);
    // the order of all pages is that of scoring every candidate at once
    const pages = [1, 2, 3, 4, 5].flatMap((page) => searchResolutions(connection.db, PUBLIC_VIEWER, query, NO_FILTERS, { page, pageSize: 2, snippets: false }).hits);
    const all = searchResolutions(connection.db, PUBLIC_VIEWER, query, NO_FILTERS, { pageSize: 100, snippets: false, cache: false });
    expect(pages.map((hit) => [hit.id, hit.score])).toEqual(all.hits.map((hit) => [hit.id, hit.score]));
    expect(first.hits.map((hit) => hit.id)).toEqual(all.hits.slice(0, 2).map((hit) => hit.id));
    expect(all.hits.slice(0, 3).map((hit) => hit.id).sort()).toEqual([...titles].sort());
    expect(last.hits).toEqual(all.hits.slice(8));
  });

  it('reads no score for an order by date but those of the hits it shows', () => {
    archive();
    const query = parseQuery('Kita');
    const runs = countRankedRuns();
    const page = searchResolutions(connection.db, PUBLIC_VIEWER, query, NO_FILTERS, { page: 1, pageSize: 2, sort: 'date', snippets: false });
    // the two newest: matches of "Kitas", scored for the hits
    expect(runs.map((run) => run.rows)).toEqual([2]);
    expect(page.hits.every((hit) => hit.score < 0)).toBe(true);
  });
});
