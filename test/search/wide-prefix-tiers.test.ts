/**
 * The exact and stem tiers of a query with a wide prefix ("Lärm*": an OR of its words) and a
 * rarer group ("Kommunen") are read from the rarer group's MATCH and checked for the prefix in the
 * rows' lists of words (candidates.ts checkedTier): FTS5 is not sent the prefix's words for them.
 * The candidates, their tiers and "capped" are those of reading each tier's MATCH in full.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../db/connection.js';
import { parseQuery, type ParsedQuery } from '../../src/domain/search-query.js';
import { FOUND_TIER, type SearchCandidate } from '../../src/domain/search-ranking.js';
import { NO_FILTERS, syncSearchIndex, type SearchFilters } from '../../src/services/search.js';
import { ALL_ROWS, publicTierQueries, textCandidates, toCandidate } from '../../src/services/search/candidates.js';
import { lookups, queries, WIDE_PREFIX_WORDS } from '../../src/services/search/queries.js';
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

/** Words with the prefix "Lärm", each once: "Lärmabrat", "Lärmberat", … */
function laermWords(count: number): string[] {
  const first = ['ab', 'be', 'ci', 'do', 'fu', 'ga', 'he', 'ki', 'lo', 'mu'];
  const second = ['rat', 'tor', 'amt', 'ort', 'bau', 'gut', 'weg'];
  return Array.from({ length: count }, (_, i) => `Lärm${first[i % first.length]}${second[Math.floor(i / first.length)]}`);
}

/** Texts of 40 resolutions: the prefix with "Kommunen", with an inflected form, with a compound, alone; "Kommunen" alone; with "Bund". */
function storeArchive(): void {
  const words = laermWords(WIDE_PREFIX_WORDS + 10);
  const texts = [
    (w: string) => `Die Kommunen prüfen die ${w}.`,
    (w: string) => `Der Kommune fehlt die ${w}.`,
    (w: string) => `Die Kommunalfinanzen tragen die ${w}.`,
    (w: string) => `Die Länder prüfen die ${w}.`,
    () => 'Die Kommunen berichten.',
    (w: string) => `Der Bund und die Kommunen prüfen die ${w}.`,
  ];
  for (let i = 0; i < 40; i++) {
    store(connection, {
      conference: i % 3 === 0 ? 'UMK' : 'IntMK',
      number: 40 + i,
      year: 2001 + (i % 20),
      agendaItem: String(i + 1),
      // (no query word in a title: no title matches beside the tiers, see title-matches.ts)
      title: `Bericht ${i}`,
      sponsors: i % 2 === 0 ? ['HE'] : ['BY'],
      demands: [{ text: texts[i % texts.length]!(words[i % words.length]!) }],
    });
  }
  syncSearchIndex(connection.sqlite);
}

/** Each tier's newest `cap` matches read in full (its whole MATCH), the first tier a resolution is found in kept. */
function reference(viewer: Viewer, query: ParsedQuery, params: Record<string, unknown>, cap: number) {
  const q = queries(connection.db, viewer);
  const found = new Map<number, SearchCandidate>();
  let capped = false;
  for (const { tier, match } of publicTierQueries(lookups(connection.sqlite), query)) {
    if (found.size >= cap) {
      capped = true;
      break;
    }
    const rows = q.unrankedCandidates.values({ ...ALL_ROWS, ...params, match, cap }) as unknown[][];
    if (rows.length >= cap) capped = true;
    for (const row of rows) {
      const candidate = toCandidate(row, FOUND_TIER[tier]);
      if (!found.has(candidate.id)) found.set(candidate.id, candidate);
    }
  }
  return { candidates: [...found.values()], capped };
}

/** The MATCH expressions sent to the public candidate statements that hold the prefix's words. */
function withPrefixWords(viewer: Viewer): string[] {
  const q = queries(connection.db, viewer);
  const sent: string[] = [];
  const count = (params: Record<string, unknown>) => {
    const match = String(params['match']);
    if (match.includes('"laerm')) sent.push(match);
  };
  const values = q.unrankedCandidates.values.bind(q.unrankedCandidates);
  const rows = q.unrankedCandidateRows;
  Object.assign(q, {
    unrankedCandidates: Object.assign(Object.create(q.unrankedCandidates), { values: (params: Record<string, unknown>) => (count(params), values(params)) }),
    unrankedCandidateRows: (params: Record<string, unknown>) => (count(params), rows(params)),
  });
  return sent;
}

const tiersOf = (candidates: readonly SearchCandidate[]) => [...candidates].sort((a, b) => a.id - b.id).map((c) => [c.id, c.tier]);

describe('the tiers of a wide prefix with a rarer group', () => {
  it('find the candidates, tiers and "capped" of reading every tier in full', () => {
    storeArchive();
    const filterSets: SearchFilters[] = [NO_FILTERS, { ...NO_FILTERS, conference: 'umk' }, { ...NO_FILTERS, land: 'BY' }, { ...NO_FILTERS, yearFrom: 2010 }];
    let compared = 0;
    for (const text of ['Lärm* Kommunen', 'Kommunen Lärm* -Bund']) {
      const query = parseQuery(text);
      expect(publicTierQueries(lookups(connection.sqlite), query).map((t) => t.ranked)).toEqual([false, false, false]);
      for (const viewer of [PUBLIC_VIEWER, LOGGED_IN]) {
        for (const filters of filterSets) {
          for (const cap of [1, 2, 3, 5, 8, 13, 40]) {
            const params = { ...visibilityParams(viewer), ...filters, asOf: null, cap };
            const expected = reference(viewer, query, params, cap);
            const actual = textCandidates(connection.db, viewer, query, params, cap);
            const label = `${text} ${JSON.stringify(filters)} cap ${cap}`;
            if (viewer === PUBLIC_VIEWER) expect(tiersOf(actual.candidates), label).toEqual(tiersOf(expected.candidates));
            else expect(tiersOf(actual.candidates.filter((c) => expected.candidates.some((e) => e.id === c.id))), label).toEqual(tiersOf(expected.candidates));
            expect(actual.capped || !expected.capped, label).toBe(true);
            if (viewer === PUBLIC_VIEWER) expect(actual.capped, label).toBe(expected.capped);
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(112);
  });

  it("send FTS5 the prefix's words only in the compound tier", () => {
    storeArchive();
    const sent = withPrefixWords(PUBLIC_VIEWER);
    const query = parseQuery('Lärm* Kommunen');
    const tiers = publicTierQueries(lookups(connection.sqlite), query);
    const params = { ...visibilityParams(PUBLIC_VIEWER), ...NO_FILTERS, asOf: null, cap: 40 };
    const { candidates, capped } = textCandidates(connection.db, PUBLIC_VIEWER, query, params, 40);
    expect(candidates.length).toBeGreaterThan(0);
    expect(capped).toBe(false);
    // before: the exact tier, the stem tier's new matches and the compound tier's (three statements)
    expect(sent).toEqual([`(${tiers[2]!.match}) NOT (${tiers[1]!.match})`]);
  });
});
