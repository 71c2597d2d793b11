/**
 * The search's lookups by id reach the rows they name through the primary key, whatever the
 * archive's size: SQLite's plan is checked, since the planner without statistics preferred the
 * release index (every public resolution) for a page's details. Likewise a search by filters
 * alone reads resolutions newest first or meeting by meeting, never all of them sorted.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../db/connection.js';
import { filtersByMeeting, NO_FILTERS, syncSearchIndex, type SearchFilters } from '../../src/services/search.js';
import { queries } from '../../src/services/search/queries.js';
import { PUBLIC_VIEWER, visibilityParams, type Viewer } from '../../src/services/visibility.js';
import { freshDatabase, queryPlan } from '../helpers.js';
import { buildArchive } from './fixtures.js';

let connection: Connection;

beforeEach(() => {
  connection = freshDatabase();
});
afterEach(() => {
  connection.close();
});

describe('search query plans', () => {
  it("a page's details start from its ids and find each resolution by its key", () => {
    const q = queries(connection.db, PUBLIC_VIEWER);
    const steps = queryPlan(connection, q.details, { ...visibilityParams(PUBLIC_VIEWER), ids: '[1,2,3]' });
    expect(steps[0]).toMatch(/^SCAN page_ids VIRTUAL TABLE/);
    expect(steps).toContain('SEARCH r USING INTEGER PRIMARY KEY (rowid=?)');
    expect(steps.join(' / ')).not.toMatch(/resolutions_release/);
  });

  const params = (viewer: Viewer, filters: Partial<SearchFilters>, cap = 1_000) => ({
    ...visibilityParams(viewer),
    ...NO_FILTERS,
    asOf: null,
    cap,
    ...filters,
  });

  it('a search by filters alone reads resolutions newest first by key and stops at the cap', () => {
    const steps = queryPlan(connection, queries(connection.db, PUBLIC_VIEWER).filterCandidates, params(PUBLIC_VIEWER, { land: 'BY' }));
    expect(steps[0]).toBe('SCAN sa');
    expect(steps.join(' / ')).not.toMatch(/resolutions_release|TEMP B-TREE/);
  });

  it('a search by filters on meetings starts from the meetings and their resolutions', () => {
    const steps = queryPlan(connection, queries(connection.db, PUBLIC_VIEWER).filterCandidatesByMeeting, params(PUBLIC_VIEWER, { conference: 'gmk' }));
    expect(steps[0]).toBe('SCAN m');
    expect(steps.join(' / ')).toMatch(/SEARCH r USING (COVERING )?INDEX resolutions_meeting_\w+ \(meeting_id=\?\)/);
    expect(steps.join(' / ')).not.toMatch(/resolutions_release/);
  });

  it('both plans find the same resolutions in the same order', () => {
    buildArchive(connection);
    syncSearchIndex(connection.sqlite);
    const secretariat: Viewer = { userId: 2, role: 'secretariat', land: null, conferenceIds: [1] };
    const logged: Viewer = { userId: 1, role: 'land', land: 'HE', conferenceIds: [] };
    const cases: Partial<SearchFilters & { asOf: string }>[] = [
      { conference: 'intmk' },
      { conference: 'gmk', land: 'NW' },
      { yearFrom: 2018, yearTo: 2019 },
      { yearTo: 2017, outcome: 'adopted' },
      { asOf: '2018-12-31' },
      { conference: 'intmk', status: 'open', addressee: 'bund' },
    ];
    let rows = 0;
    for (const viewer of [PUBLIC_VIEWER, logged, secretariat]) {
      const q = queries(connection.db, viewer);
      for (const filters of cases) {
        for (const cap of [1, 2, 1_000]) {
          const values = params(viewer, filters, cap);
          const byKey = q.filterCandidates.values(values);
          expect(q.filterCandidatesByMeeting.values(values), JSON.stringify({ filters, cap })).toEqual(byKey);
          rows += byKey.length;
        }
      }
    }
    expect(rows).toBeGreaterThan(30);
  });

  it('chooses the meetings when their filters leave few resolutions, counting no further than needed', () => {
    buildArchive(connection);
    const q = queries(connection.db, PUBLIC_VIEWER);
    const intmk = params(PUBLIC_VIEWER, { conference: 'intmk' });
    const held = q.filterRowsOfMeetings.get({ ...intmk, limit: 100 })!.n;
    expect(held).toBeGreaterThan(2);
    expect(q.filterRowsOfMeetings.get({ ...intmk, limit: 2 })!.n).toBe(2);
    expect(filtersByMeeting(q, intmk, { ...NO_FILTERS, conference: 'intmk' })).toBe(true);
    expect(filtersByMeeting(q, intmk, { ...NO_FILTERS, conference: 'intmk' }, held - 1)).toBe(false);
    expect(filtersByMeeting(q, intmk, { ...NO_FILTERS, conference: 'intmk' }, held)).toBe(true);
    // filters on resolutions alone: newest first by key
    expect(filtersByMeeting(q, params(PUBLIC_VIEWER, { land: 'BY' }), { ...NO_FILTERS, land: 'BY' })).toBe(false);
  });
});
