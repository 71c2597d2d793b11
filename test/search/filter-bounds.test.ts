/**
 * A text search with a filter on meetings (conference, years, "as of") reads its FTS5 matches only
 * within the range of ids of the resolutions in the meetings that pass the filter
 * (candidates.ts rowBounds): FTS5 reads no match the filter would discard that lies outside it.
 * Same results: test/search/incremental-tiers.test.ts compares the candidates with those of the
 * statements read over every id.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../db/connection.js';
import { parseQuery } from '../../src/domain/search-query.js';
import { NO_FILTERS, searchResolutions, syncSearchIndex, type SearchFilters } from '../../src/services/search.js';
import { ALL_ROWS, rowBounds } from '../../src/services/search/candidates.js';
import { queries } from '../../src/services/search/queries.js';
import { PUBLIC_VIEWER, visibilityParams } from '../../src/services/visibility.js';
import { freshDatabase, queryPlan } from '../helpers.js';
import { LAND_VIEWER as LOGGED_IN, store } from './fixtures.js';

let connection: Connection;

beforeEach(() => {
  connection = freshDatabase();
});
afterEach(() => {
  connection.close();
});

/** Ten IntMK resolutions (2001–2010), then five UMK (2011–2015), then five IntMK (2016–2020), each holding "Lärmschutz". */
function storeBlocks(): { intmk: number[]; umk: number[] } {
  const ids = { intmk: [] as number[], umk: [] as number[] };
  for (let i = 0; i < 20; i++) {
    const umk = i >= 10 && i < 15;
    const id = store(connection, {
      conference: umk ? 'UMK' : 'IntMK',
      number: 40 + i,
      year: 2001 + i,
      agendaItem: '1',
      title: `Verkehrsfragen ${i}`,
      sponsors: ['HE'],
      demands: [{ text: 'Der Lärmschutz an Bundesstraßen ist zu verbessern.' }],
    });
    (umk ? ids.umk : ids.intmk).push(id);
  }
  syncSearchIndex(connection.sqlite);
  return ids;
}

const paramsOf = (filters: Partial<SearchFilters> & { asOf?: string | null }) => ({ ...NO_FILTERS, asOf: null, ...filters });

describe('filters on meetings bound the ids a text search reads', () => {
  it("are the smallest and largest id of the resolutions in the filter's meetings", () => {
    const { intmk, umk } = storeBlocks();
    expect(rowBounds(connection.db, paramsOf({}))).toEqual(ALL_ROWS);
    expect(rowBounds(connection.db, paramsOf({ land: 'HE', outcome: 'adopted' }))).toEqual(ALL_ROWS);
    expect(rowBounds(connection.db, paramsOf({ conference: 'umk' }))).toEqual({ lo: umk[0], hi: umk[4] });
    expect(rowBounds(connection.db, paramsOf({ conference: 'intmk' }))).toEqual({ lo: intmk[0], hi: intmk[14] });
    expect(rowBounds(connection.db, paramsOf({ yearFrom: 2012, yearTo: 2013 }))).toEqual({ lo: umk[1], hi: umk[2] });
    expect(rowBounds(connection.db, paramsOf({ asOf: '2003-12-31' }))).toEqual({ lo: intmk[0], hi: intmk[2] });
    // no meeting passes: an empty range
    const none = rowBounds(connection.db, paramsOf({ conference: 'gmk' }));
    expect(none.lo).toBeGreaterThan(none.hi);
  });

  it('leave out every match of another conference outside the block, and nothing of the filtered one', () => {
    const { umk } = storeBlocks();
    const bounds = rowBounds(connection.db, paramsOf({ conference: 'umk' }));
    // the rows FTS5 reads for the filter: the matches within the bounds
    const read = connection.sqlite
      .prepare('select rowid from search_index where search_index match ? and rowid >= cast(? as integer) and rowid <= cast(? as integer) order by rowid')
      .pluck()
      .all('"laermschutz"', bounds.lo, bounds.hi);
    expect(read).toEqual(umk);
    for (const viewer of [PUBLIC_VIEWER, LOGGED_IN]) {
      const result = searchResolutions(connection.db, viewer, parseQuery('Lärmschutz'), { ...NO_FILTERS, conference: 'umk' }, { cache: false });
      expect(result.hits.map((hit) => hit.id).sort((a, b) => a - b)).toEqual(umk);
    }
  });

  it('reach FTS5 in every candidate statement (its plan has both bounds on the rowid)', () => {
    const q = queries(connection.db, PUBLIC_VIEWER);
    const values = { ...visibilityParams(PUBLIC_VIEWER), ...paramsOf({ conference: 'umk' }), match: '"laermschutz"', cap: 10, lo: 1, hi: 5 };
    const statements = [q.textCandidates, q.unrankedCandidates, q.internalCandidates, q.unrankedInternalCandidates, q.internalIds, q.titleCandidates];
    for (const statement of statements) {
      const steps = queryPlan(connection, statement, values);
      // FTS5's plan: M for the MATCH, > and < for the bounds on the rowid
      expect(steps[0]).toMatch(/^SCAN search_\w+ VIRTUAL TABLE INDEX \d+:M\d*(><|<>)/);
    }
  });
});
