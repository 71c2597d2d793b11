/**
 * The lower tiers of a text search (inflected forms, compounds) read only the matches the tiers
 * before them did not have, and no more of them than the candidate set takes; the candidates
 * (ids, tiers, bm25 scores) and the "capped" flag are those of reading each tier's newest `cap`
 * matches in full.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../db/connection.js';
import { parseQuery, type ParsedQuery } from '../../src/domain/search-query.js';
import { FOUND_TIER, type SearchCandidate } from '../../src/domain/search-ranking.js';
import { NO_FILTERS, syncSearchIndex, type SearchFilters } from '../../src/services/search.js';
import { ALL_ROWS, newestMatches, publicTierQueries, textCandidates, toCandidate } from '../../src/services/search/candidates.js';
import { lookups, queries } from '../../src/services/search/queries.js';
import { PUBLIC_VIEWER, visibilityParams, type Viewer } from '../../src/services/visibility.js';
import { freshDatabase } from '../helpers.js';
import { LAND_VIEWER as LOGGED_IN, store } from './fixtures.js';

let connection: Connection;

beforeEach(() => {
  connection = freshDatabase();
});
afterEach(() => {
  connection.close();
});

/** The texts of each kind of match of "Lärmschutz": the word, an inflected form, compounds. */
const TEXTS = {
  exact: 'Der Lärmschutz an Bundesstraßen ist zu verbessern.',
  stem: 'Die Kosten des Lärmschutzes trägt der Bund.',
  compound: 'Die Lärmschutzwände und der Fluglärmschutz sind zu prüfen.',
} as const;
type Kind = keyof typeof TEXTS;

/** 18 public resolutions, the kinds interleaved by id (two IntMK, one UMK in turn); a draft of each kind. */
function storeArchive(): Map<number, Kind> {
  const kinds = new Map<number, Kind>();
  const order: Kind[] = ['compound', 'exact', 'stem', 'compound', 'compound', 'stem', 'exact', 'compound', 'stem'];
  for (let i = 0; i < 18; i++) {
    const kind = order[i % order.length]!;
    const id = store(connection, {
      conference: i % 3 === 2 ? 'UMK' : 'IntMK',
      number: 40 + i,
      year: 2001 + i,
      agendaItem: '1',
      title: i % 4 === 0 && kind === 'exact' ? 'Lärmschutz an Straßen' : `Verkehrsfragen ${i}`,
      sponsors: ['HE'],
      demands: [{ text: TEXTS[kind] }],
    });
    kinds.set(id, kind);
  }
  for (const [i, kind] of (Object.keys(TEXTS) as Kind[]).entries()) {
    store(connection, { conference: 'IntMK', number: 90, year: 2030, agendaItem: String(i + 1), title: 'Entwurf', sponsors: ['SN'], demands: [{ text: TEXTS[kind] }] }, 'draft');
  }
  syncSearchIndex(connection.sqlite);
  return kinds;
}

/** Each tier's newest `cap` matches read in full, the first tier a resolution is found in kept. */
function reference(viewer: Viewer, query: ParsedQuery, params: Record<string, unknown>, cap: number) {
  const q = queries(connection.db, viewer);
  const found = new Map<number, SearchCandidate>();
  let capped = false;
  for (const { tier, match, ranked } of publicTierQueries(lookups(connection.sqlite), query)) {
    if (found.size >= cap) {
      capped = true;
      break;
    }
    const rows = (ranked ? q.textCandidates : q.unrankedCandidates).values({ ...ALL_ROWS, ...params, match, cap }) as unknown[][];
    if (rows.length >= cap) capped = true;
    for (const row of rows) {
      const candidate = toCandidate(row, FOUND_TIER[tier]);
      if (!found.has(candidate.id)) found.set(candidate.id, candidate);
    }
  }
  return { candidates: [...found.values()], capped };
}

const byId = (candidates: readonly SearchCandidate[]) => [...candidates].sort((a, b) => a.id - b.id);

/** Counts the rows the lower tiers read (the row-by-row statements). */
function countRowsRead(viewer: Viewer): { read: number } {
  const q = queries(connection.db, viewer);
  const counter = { read: 0 };
  for (const name of ['textCandidateRows', 'unrankedCandidateRows'] as const) {
    const original = q[name];
    q[name] = function* (params: Record<string, unknown>) {
      for (const row of original(params)) {
        counter.read++;
        yield row;
      }
    };
  }
  return counter;
}

describe('incremental tiers', () => {
  it('finds the candidates, tiers and bm25 scores of reading every tier in full, for every cap', () => {
    const kinds = storeArchive();
    const query = parseQuery('Lärmschutz');
    expect(publicTierQueries(lookups(connection.sqlite), query).map((t) => t.tier)).toEqual(['exact', 'stem', 'compound']);
    const filterSets: SearchFilters[] = [NO_FILTERS, { ...NO_FILTERS, conference: 'intmk' }, { ...NO_FILTERS, yearFrom: 2008 }];
    let compared = 0;
    for (const viewer of [PUBLIC_VIEWER, LOGGED_IN]) {
      for (const filters of filterSets) {
        for (let cap = 1; cap <= 20; cap++) {
          const params = { ...visibilityParams(viewer), ...filters, asOf: null, cap };
          const expected = reference(viewer, query, params, cap);
          const actual = textCandidates(connection.db, viewer, query, params, cap);
          // the scores of the ranked tiers, which a page reads when it needs them (pending-scores.ts)
          actual.pending.read(lookups(connection.sqlite), actual.candidates);
          expect(byId(actual.candidates), `cap ${cap}`).toEqual(byId(expected.candidates));
          expect(actual.capped, `cap ${cap}`).toBe(expected.capped);
          compared++;
        }
      }
    }
    expect(compared).toBe(120);
    // with room for all: every public resolution, each in the tier of its text
    const all = textCandidates(connection.db, PUBLIC_VIEWER, query, { ...visibilityParams(PUBLIC_VIEWER), ...NO_FILTERS, asOf: null, cap: 100 }, 100);
    expect(all.candidates.map((c) => [c.id, c.tier]).sort((a, b) => a[0]! - b[0]!)).toEqual(
      [...kinds].map(([id, kind]) => [id, FOUND_TIER[kind]]),
    );
  });

  it('reads in the lower tiers only the new matches, as many as the candidate set takes', () => {
    const kinds = storeArchive();
    const count = (kind: Kind) => [...kinds.values()].filter((k) => k === kind).length;
    const query = parseQuery('Lärmschutz');
    const counter = countRowsRead(PUBLIC_VIEWER);
    const search = (cap: number) =>
      textCandidates(connection.db, PUBLIC_VIEWER, query, { ...visibilityParams(PUBLIC_VIEWER), ...NO_FILTERS, asOf: null, cap }, cap);

    // room for all: each lower tier reads its own matches once (not those of the tiers above)
    let result = search(100);
    expect(result.candidates).toHaveLength(18);
    expect(counter.read).toBe(count('stem') + count('compound'));

    // the exact and stem matches fill all but two places: the compound tier reads its matches
    // among the newest `cap` (and one more, to see where they end), not all of them
    counter.read = 0;
    const cap = count('exact') + count('stem') + 2;
    result = search(cap);
    expect(result.capped).toBe(true);
    const taken = result.candidates.filter((c) => c.tier === FOUND_TIER.compound).length;
    expect(taken).toBeGreaterThan(0);
    expect(taken).toBeLessThan(count('compound'));
    expect(counter.read).toBeLessThanOrEqual(count('stem') + taken + 1);
    expect(counter.read).toBeLessThan(count('stem') + count('compound'));
  });

  it('reads no row in a tier that matches nothing new', () => {
    store(connection, { conference: 'IntMK', number: 1, year: 2001, agendaItem: '1', title: 'Verkehr', sponsors: ['HE'], demands: [{ text: TEXTS.exact }] });
    syncSearchIndex(connection.sqlite);
    const counter = countRowsRead(PUBLIC_VIEWER);
    const query = parseQuery('Lärmschutz');
    const result = textCandidates(connection.db, PUBLIC_VIEWER, query, { ...visibilityParams(PUBLIC_VIEWER), ...NO_FILTERS, asOf: null, cap: 10 }, 10);
    expect(result.candidates).toHaveLength(1);
    expect(counter.read).toBe(0);
  });
});

describe('newestMatches', () => {
  /** A statement's rows (ids only), counting those read. */
  function rowsOf(ids: number[]) {
    const counter = { read: 0 };
    const statement = function* () {
      for (const id of ids) {
        counter.read++;
        yield [id];
      }
    };
    return { statement, counter };
  }

  // old ids, new rows, cap → new rows taken, merged ids, capped, rows read
  const cases: [string, number[], number[], number, number[], number[], boolean, number][] = [
    ['takes the new rows among the newest `cap` and stops reading there', [10, 8, 5], [9, 7, 6, 4, 3], 5, [9, 7, 6], [10, 9, 8, 7, 6], true, 3],
    ['reads every row when all fit, and is not capped', [10, 8, 5], [9, 4], 10, [9, 4], [10, 9, 8, 5, 4], false, 2],
    ['takes no new row older than the newest `cap` of the old ones', [10, 8, 5], [2, 1], 3, [], [10, 8, 5], true, 1],
  ];
  it.each(cases)('%s', (_, ids, newRows, cap, taken, mergedIds, capped, read) => {
    const { statement, counter } = rowsOf(newRows);
    const merged = newestMatches(statement, {}, ids, cap);
    expect(merged.rows).toEqual(taken.map((id) => [id]));
    expect(merged.ids).toEqual(mergedIds);
    expect(merged.capped).toBe(capped);
    expect(counter.read).toBe(read);
  });
});
