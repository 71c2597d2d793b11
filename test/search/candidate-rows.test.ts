/**
 * The rows of the tables behind the candidates (services/search/candidates.ts newestVisible,
 * CandidateRows): the tiers of the internal notes and the title matches read their newest matches
 * from the index alone, and a resolution's row from the tables once per search at most — not again
 * for each tier, and not for a candidate found already. The results are those of the candidate
 * statements that join every match with the tables (the identity check on the benchmark archive,
 * test/bench/search-identity.ts, compares them at scale).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import type { Connection } from '../../db/connection.js';
import { parseQuery } from '../../src/domain/search-query.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { NO_FILTERS, searchResolutions, syncSearchIndex } from '../../src/services/search.js';
import { PUBLIC_VIEWER, type Viewer } from '../../src/services/visibility.js';
import { freshDatabase, TEST_ACTOR } from '../helpers.js';
import { store, type Spec } from './fixtures.js';

const LAND_OFFICIAL: Viewer = { userId: 1, role: 'land', land: 'HE', conferenceIds: [] };

let connection: Connection;

beforeEach(() => {
  connection = freshDatabase();
});
afterEach(() => connection.close());

const spec = (year: number, title: string, text: string, agendaItem = '1'): Spec => ({
  conference: 'JFMK', number: year - 1980, year, agendaItem, title, sponsors: ['HE'], demands: [{ text }],
});

function internalNote(resolutionId: number, summary: string): void {
  recordFollowUp(connection.db, TEST_ACTOR, {
    resolutionId, demandId: null, date: '2024-01-15', actor: 'BMFSFJ', kind: 'note', summary, link: null, resultingStatus: null, visibility: 'internal',
  });
}

/**
 * The ids of the candidate rows (a resolution's attributes from the tables: its facets among them)
 * that the connection's statements return from now on; statements prepared before are not counted
 * (each test searches on a fresh connection).
 */
function countCandidateRows(sqlite: Database.Database): number[] {
  const ids: number[] = [];
  const prepare = sqlite.prepare.bind(sqlite);
  const counting = (source: string) => {
    const statement = prepare(source);
    if (!source.includes('"sf"."sponsors"')) return statement;
    const all = statement.all.bind(statement);
    const iterate = statement.iterate.bind(statement);
    const raw = statement.raw.bind(statement);
    const idOf = (row: unknown) => (Array.isArray(row) ? row[0] : (row as { id: number }).id) as number;
    Object.assign(statement, {
      raw: (...args: Parameters<typeof raw>) => (raw(...args), statement),
      all: (...args: unknown[]) => {
        const rows = all(...args);
        ids.push(...rows.map(idOf));
        return rows;
      },
      iterate: function* (...args: unknown[]) {
        for (const row of iterate(...args)) {
          ids.push(idOf(row));
          yield row;
        }
      },
    });
    return statement;
  };
  Object.assign(sqlite, { prepare: counting });
  return ids;
}

const duplicates = (ids: readonly number[]) => ids.filter((id, i) => ids.indexOf(id) !== i);

describe('candidate rows read from the tables', () => {
  it('the tiers of the internal notes read each resolution once, not once per tier', () => {
    // the public text holds an inflected form and a compound: three tiers, each also in the notes
    const inflected = store(connection, spec(2001, 'Verkehr', 'Die Kosten des Lärmschutzes trägt der Bund.'));
    const compound = store(connection, spec(2002, 'Verkehr', 'Die Lärmschutzwände sind zu prüfen.'));
    const noted: number[] = [];
    for (let i = 0; i < 6; i++) {
      const id = store(connection, spec(2003 + i, `Bericht ${i}`, 'Der Bericht liegt vor.'));
      internalNote(id, 'Der Lärmschutz wird geprüft.');
      noted.push(id);
    }
    syncSearchIndex(connection.sqlite);
    const read = countCandidateRows(connection.sqlite);
    const result = searchResolutions(connection.db, LAND_OFFICIAL, parseQuery('Lärmschutz'), NO_FILTERS, { cache: false, pageSize: 100, snippets: false });
    expect(result.hits.map((hit) => hit.id).sort((a, b) => a - b)).toEqual([inflected, compound, ...noted].sort((a, b) => a - b));
    // before: the six noted resolutions once for each of the three tiers
    expect(duplicates(read)).toEqual([]);
    expect(read.sort((a, b) => a - b)).toEqual([inflected, compound, ...noted].sort((a, b) => a - b));
  });

  it('title matches found by the tiers already are not read again', () => {
    // five resolutions with the word in title and text; the newest three fill a candidate set of three
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(store(connection, spec(2001 + i, `Lärmschutz ${i}`, 'Der Lärmschutz ist zu verbessern.')));
    syncSearchIndex(connection.sqlite);
    const read = countCandidateRows(connection.sqlite);
    const result = searchResolutions(connection.db, PUBLIC_VIEWER, parseQuery('Lärmschutz'), NO_FILTERS, { cache: false, cap: 3, snippets: false });
    expect(result.capped).toBe(true);
    expect(result.hits.map((hit) => hit.id)).toEqual(ids.slice(2).reverse());
    // before: the three newest title matches were read with the tables a second time
    expect(duplicates(read)).toEqual([]);
    expect(read.sort((a, b) => a - b)).toEqual(ids.slice(2));
  });
});
