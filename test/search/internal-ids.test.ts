/**
 * The ids of the internal notes' matches without filters (services/search/queries.ts
 * unfilteredInternalIds): read from the index alone, the resolutions the viewer may not see left
 * out by the visibility rule's own condition, instead of joining each match with its resolution,
 * meeting, conference and facets. They must be the ids the joined statement returns, for every
 * kind of viewer; the search takes them only where no filter is set.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import type { Connection } from '../../db/connection.js';
import { parseQuery } from '../../src/domain/search-query.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { NO_FILTERS, searchResolutions, syncSearchIndex, type SearchFilters } from '../../src/services/search.js';
import { ALL_ROWS } from '../../src/services/search/candidates.js';
import { queries } from '../../src/services/search/queries.js';
import { visibilityParams, type Viewer } from '../../src/services/visibility.js';
import type { ReleaseState } from '../../src/domain/vocabulary.js';
import { freshDatabase, queryPlan, TEST_ACTOR } from '../helpers.js';
import { store } from './fixtures.js';

const LAND_OFFICIAL: Viewer = { userId: 1, role: 'land', land: 'HE', conferenceIds: [] };
const ADMIN: Viewer = { userId: 3, role: 'admin', land: null, conferenceIds: [] };

let connection: Connection;

beforeEach(() => {
  connection = freshDatabase();
});
afterEach(() => connection.close());

function internalNote(resolutionId: number, summary: string): void {
  recordFollowUp(connection.db, TEST_ACTOR, {
    resolutionId, demandId: null, date: '2024-01-15', actor: 'BMFSFJ', kind: 'note', summary, link: null, resultingStatus: null, visibility: 'internal',
  });
}

/**
 * Two conferences, each with public, internal and draft resolutions, in turns; every one has the
 * word "Kita" in its internal notes. Returns the ids by release and conference.
 */
function archive(): { ids: { id: number; release: ReleaseState; conference: string }[]; secretariat: Viewer } {
  const releases: ReleaseState[] = ['public', 'internal', 'draft'];
  const ids: { id: number; release: ReleaseState; conference: string }[] = [];
  for (let i = 0; i < 12; i++) {
    const conference = i % 2 === 0 ? 'JFMK' : 'GMK';
    const release = releases[Math.floor(i / 2) % 3]!;
    const year = 2010 + i;
    const id = store(connection, { conference, number: year - 1980, year, agendaItem: '1', title: `Bericht ${i}`, sponsors: ['HE'], demands: [{ text: `Der Bund wird gebeten, Bericht ${i} vorzulegen.` }] }, release);
    internalNote(id, `Vermerk: Kita-Ausbau, Kommunen ${i}`);
    ids.push({ id, release, conference });
  }
  syncSearchIndex(connection.sqlite);
  const jfmk = connection.sqlite.prepare("select id from conferences where short_name = 'JFMK'").pluck().get() as number;
  return { ids, secretariat: { userId: 2, role: 'secretariat', land: null, conferenceIds: [jfmk] } };
}

const params = (viewer: Viewer, match: string, cap: number) => ({ ...visibilityParams(viewer), ...NO_FILTERS, asOf: null, ...ALL_ROWS, match, cap });

describe('ids of the internal notes without filters', () => {
  it('are the ids of the joined statement, for every kind of viewer and cap', () => {
    const { ids, secretariat } = archive();
    const seen = new Map<Viewer, number[]>();
    for (const viewer of [LAND_OFFICIAL, ADMIN, secretariat]) {
      const q = queries(connection.db, viewer);
      for (const match of ['{internal} : "kita"', '{internal} : "kommunen" OR "kita"', '{internal} : "nirgends"']) {
        for (const cap of [1, 3, 100]) {
          const joined = (q.internalIds.values(params(viewer, match, cap)) as [number][]).map((row) => row[0]);
          const alone = (q.unfilteredInternalIds.values(params(viewer, match, cap)) as [number][]).map((row) => row[0]);
          expect(alone, JSON.stringify({ role: viewer.role, match, cap })).toEqual(joined);
          expect([...q.unfilteredInternalIdRows(params(viewer, match, cap))].map((row) => row[0])).toEqual(joined);
          if (cap === 100 && match === '{internal} : "kita"') seen.set(viewer, alone);
        }
      }
    }
    // not vacuous: the Land official and the administration see public and internal
    // resolutions, the secretariat also the drafts of its conference, none those of another
    const newestFirst = (list: typeof ids) => list.map((r) => r.id).sort((a, b) => b - a);
    const released = ids.filter((r) => r.release !== 'draft');
    expect(seen.get(LAND_OFFICIAL)).toEqual(newestFirst(released));
    expect(seen.get(ADMIN)).toEqual(newestFirst(released));
    expect(seen.get(secretariat)).toEqual(newestFirst(ids.filter((r) => r.release !== 'draft' || r.conference === 'JFMK')));
    expect(ids.filter((r) => r.release === 'draft' && r.conference === 'GMK')).toHaveLength(2);
  });

  it('are read from the index and the index of resolutions by meeting and release, no resolution read', () => {
    const steps = queryPlan(connection, queries(connection.db, LAND_OFFICIAL).unfilteredInternalIds, params(LAND_OFFICIAL, '{internal} : "kita"', 10));
    expect(steps[0]).toMatch(/^SCAN search_internal VIRTUAL TABLE/);
    const plan = steps.join(' / ');
    // the resolutions beside 'public' from an index alone: by release, or meeting by meeting for a scope of conferences
    for (const side of ['<', '>']) {
      expect(plan).toContain(`SEARCH rh USING COVERING INDEX resolutions_release (release${side}?)`);
      expect(plan).toContain(`SEARCH rh USING COVERING INDEX resolutions_meeting_release (meeting_id=? AND release${side}?)`);
    }
    expect(plan).not.toMatch(/SEARCH rh USING INDEX|SEARCH rh USING INTEGER PRIMARY KEY|SEARCH (r|sf|m|c) /);
  });

  /** The runs of the internal notes' id statements, joined or not, from now on. */
  function countIdRuns(sqlite: Database.Database): { joined: number; alone: number } {
    const runs = { joined: 0, alone: 0 };
    const prepare = sqlite.prepare.bind(sqlite);
    Object.assign(sqlite, {
      prepare: (source: string) => {
        const statement = prepare(source);
        const kind = !/^select "(r"\."id|sa"\."resolution_id|rowid)" from "search_internal"/.test(source) ? null : source.includes('inner join') ? 'joined' : 'alone';
        if (kind === null) return statement;
        for (const method of ['all', 'iterate'] as const) {
          const original = (statement[method] as (...args: unknown[]) => unknown).bind(statement);
          Object.assign(statement, { [method]: (...args: unknown[]) => (runs[kind]++, original(...args)) });
        }
        return statement;
      },
    });
    return runs;
  }

  it('are taken by the search without filters, the joined statement with a filter, with the same hits', () => {
    archive();
    const runs = countIdRuns(connection.sqlite);
    // "Kommunen" in the notes alone (rare in the public text): the notes' tiers read ids first
    const query = parseQuery('Bund Kommunen');
    const search = (filters: SearchFilters) => searchResolutions(connection.db, LAND_OFFICIAL, query, filters, { cache: false, pageSize: 100, snippets: false }).hits.map((hit) => hit.id);
    const all = search(NO_FILTERS);
    expect(runs.alone).toBeGreaterThan(0);
    expect(runs.joined).toBe(0);
    // the eight released resolutions: "Bund" in the text, "Kommunen" in the notes
    expect(all).toHaveLength(8);
    const before = runs.alone;
    const filtered = search({ ...NO_FILTERS, yearFrom: 2015 });
    expect(runs.joined).toBeGreaterThan(0);
    expect(runs.alone).toBe(before);
    expect(filtered).toEqual(all.filter((id) => filtered.includes(id)));
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.length).toBeLessThan(all.length);
  });
});
