/**
 * The statuses a search "as of" a date gives each hit (src/services/search/hits.ts
 * withStatusesAsOf reads only each Ziffer's last event) against a straightforward recomputation:
 * every follow-up read, the visibility rule applied row by row, statusAsOf per Ziffer over its own
 * events and its resolution's, the statuses listed in printed order. Many follow-ups on several
 * Ziffern and on whole resolutions, public and internal, several on one day (the id decides), a
 * Ziffer marked internal; for the public, a logged-in user and several dates.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../db/connection.js';
import { parseQuery } from '../../src/domain/search-query.js';
import { statusAsOf, type StatusEvent } from '../../src/domain/status.js';
import { DEMAND_STATUSES } from '../../src/domain/vocabulary.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { NO_FILTERS, searchResolutions, syncSearchIndex } from '../../src/services/search.js';
import { queries } from '../../src/services/search/queries.js';
import { PUBLIC_VIEWER, visibilityParams, type Viewer } from '../../src/services/visibility.js';
import { freshDatabase, queryPlan, TEST_ACTOR } from '../helpers.js';
import { buildArchive } from './fixtures.js';

let connection: Connection;
beforeEach(() => void (connection = freshDatabase()));
afterEach(() => connection.close());

/** Sees the internal follow-ups and Ziffern. */
const LAND_OFFICIAL: Viewer = { userId: 1, role: 'land', land: 'NW', conferenceIds: [] };
const DATES = ['2019-12-31', '2020-02-01', '2020-02-02', '2020-06-30'];

/** A small pseudo-random sequence (the same on every run). */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

interface DemandRow {
  id: number;
  resolutionId: number;
  internal: number;
}
interface EventRow extends StatusEvent {
  resolutionId: number;
  demandId: number | null;
  visibility: string;
}

/** Each visible resolution's statuses as of the date, recomputed from all rows. */
function recomputed(viewer: Viewer, asOf: string): Map<number, string[]> {
  const isPublic = viewer.role === null;
  const demands = connection.sqlite
    .prepare('select id, resolution_id as resolutionId, internal from demands order by resolution_id, position')
    .all() as DemandRow[];
  const hidden = new Set(demands.filter((d) => d.internal && isPublic).map((d) => d.id));
  const events = (
    connection.sqlite
      .prepare('select id, resolution_id as resolutionId, demand_id as demandId, date, kind, resulting_status as resultingStatus, visibility from follow_ups')
      .all() as EventRow[]
  ).filter((e) => !isPublic || (e.visibility === 'public' && (e.demandId === null || !hidden.has(e.demandId))));
  const result = new Map<number, string[]>();
  for (const demand of demands) {
    if (hidden.has(demand.id)) continue;
    const own = events.filter((e) => e.resolutionId === demand.resolutionId && (e.demandId === demand.id || e.demandId === null));
    const status = statusAsOf(own, asOf).status;
    const list = result.get(demand.resolutionId) ?? [];
    if (!list.includes(status)) list.push(status);
    result.set(demand.resolutionId, list);
  }
  return result;
}

describe('search statuses as of a date', () => {
  it('are those of a recomputation from every follow-up', () => {
    const archive = buildArchive(connection);
    const next = sequence(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    const resolutions = connection.sqlite.prepare('select id from resolutions').pluck().all() as number[];
    // a Ziffer marked internal, with follow-ups of its own
    const internalDemand = connection.sqlite.prepare('select id from demands where resolution_id = ? order by position').pluck().get(archive.foerderung) as number;
    connection.sqlite.prepare('update demands set internal = 1 where id = ?').run(internalDemand);
    let recorded = 0;
    for (const resolutionId of resolutions) {
      const demandIds = connection.sqlite.prepare('select id from demands where resolution_id = ?').pluck().all(resolutionId) as number[];
      for (let i = 0; i < 8; i++) {
        recordFollowUp(connection.db, TEST_ACTOR, {
          resolutionId,
          demandId: next() < 0.3 ? null : pick(demandIds),
          date: pick(DATES),
          actor: null,
          kind: 'note',
          summary: `Vermerk ${i}`,
          link: null,
          resultingStatus: next() < 0.2 ? null : pick(DEMAND_STATUSES),
          visibility: next() < 0.4 ? 'internal' : 'public',
        });
        recorded++;
      }
    }
    syncSearchIndex(connection.sqlite);
    expect(recorded).toBeGreaterThan(40);

    let compared = 0;
    for (const viewer of [PUBLIC_VIEWER, LAND_OFFICIAL]) {
      for (const asOf of ['2019-06-30', ...DATES, '2030-01-01']) {
        const expected = recomputed(viewer, asOf);
        for (const text of ['Bund', '']) {
          const filters = text === '' ? { ...NO_FILTERS, yearFrom: 2000 } : NO_FILTERS;
          const result = searchResolutions(connection.db, viewer, parseQuery(text), filters, { asOf, pageSize: 100, cache: false });
          expect(result.hits.length).toBe(result.total);
          for (const hit of result.hits) {
            expect(hit.statuses, JSON.stringify({ viewer: viewer.role, asOf, id: hit.id })).toEqual(expected.get(hit.id) ?? []);
            compared++;
          }
          // the status filter keeps the hits with the status as of the date
          for (const status of DEMAND_STATUSES) {
            const filtered = searchResolutions(connection.db, viewer, parseQuery(text), { ...filters, status }, { asOf, pageSize: 100, cache: false });
            expect(filtered.hits.map((h) => h.id).sort()).toEqual(result.hits.filter((h) => h.statuses.includes(status)).map((h) => h.id).sort());
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('are read from the indexes alone: the Ziffern and each one\'s last status event', () => {
    for (const viewer of [PUBLIC_VIEWER, LAND_OFFICIAL]) {
      const q = queries(connection.db, viewer);
      const params = { ...visibilityParams(viewer), ids: '[1,2,3]', asOf: '2020-01-01' };
      expect(queryPlan(connection, q.asOfDemands, params).join(' / ')).toMatch(/SEARCH demands USING COVERING INDEX demands_resolution \(resolution_id=\?\)/);
      const events = queryPlan(connection, q.asOfLastEvents, params).join(' / ');
      expect(events).toMatch(/SEARCH f USING COVERING INDEX follow_ups_status_events \(resolution_id=\?\)/);
      // no row of a Ziffer or follow-up per event
      expect(events).not.toMatch(/PRIMARY KEY|TEMP B-TREE/);
    }
  });
});
