/**
 * The tiers of the internal notes (services/search/candidates.ts internalTierRows): a lower tier
 * reads only the matches the tier before did not have, as the public tiers do, and a row of the
 * tier before that the lower tier takes gets the lower tier's score. The candidates are those of
 * reading each tier's newest `cap` matches anew (the identity check on the benchmark archive,
 * test/bench/search-identity.ts, compares them at scale).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import type { Connection } from '../../db/connection.js';
import { parseQuery } from '../../src/domain/search-query.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { NO_FILTERS, searchResolutions, syncSearchIndex } from '../../src/services/search.js';
import { visibilityParams, type Viewer } from '../../src/services/visibility.js';
import { textCandidates } from '../../src/services/search/candidates.js';
import { FOUND_TIER } from '../../src/domain/search-ranking.js';
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
 * The ids of the candidate rows of the internal notes (a resolution's attributes from the tables
 * for a match of search_internal) that the connection's statements return from now on; statements
 * prepared before are not counted (each test searches on a fresh connection).
 */
function countCandidateRows(sqlite: Database.Database): number[] {
  const ids: number[] = [];
  const prepare = sqlite.prepare.bind(sqlite);
  const counting = (source: string) => {
    const statement = prepare(source);
    if (!source.includes('"sa"."sponsors"') || !source.includes('"search_internal"')) return statement;
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

/**
 * The ids of the rows read with their attributes (title, facet lists) for matches of the internal
 * notes from now on: by the statements on search_internal, or by id for the rows the search takes.
 */
function countAttributeRows(sqlite: Database.Database): number[] {
  const ids: number[] = [];
  const prepare = sqlite.prepare.bind(sqlite);
  Object.assign(sqlite, {
    prepare: (source: string) => {
      const statement = prepare(source);
      const internal = source.includes('"search_internal"') || source.includes('"taken_ids"');
      if (!internal || !source.includes('"sa"."title"')) return statement;
      const all = statement.all.bind(statement);
      const iterate = statement.iterate.bind(statement);
      const raw = statement.raw.bind(statement);
      const idOf = (row: unknown) => (Array.isArray(row) ? row[0] : (row as { id: number }).id) as number;
      return Object.assign(statement, {
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
    },
  });
  return ids;
}

const duplicates = (ids: readonly number[]) => ids.filter((id, i) => ids.indexOf(id) !== i);

describe('the tiers of the internal notes', () => {
  it('read each match once: a lower tier only what the tier before did not have', () => {
    // the public text holds an inflected form and a compound: three tiers, each also in the notes
    const inflected = store(connection, spec(2001, 'Verkehr', 'Die Kosten des Lärmschutzes trägt der Bund.'));
    const compound = store(connection, spec(2002, 'Verkehr', 'Die Lärmschutzwände sind zu prüfen.'));
    const noted: number[] = [];
    for (let i = 0; i < 6; i++) {
      const id = store(connection, spec(2003 + i, `Bericht ${i}`, 'Der Bericht liegt vor.'));
      internalNote(id, i === 5 ? 'Die Lärmschutzwände fehlen.' : 'Der Lärmschutz wird geprüft.');
      noted.push(id);
    }
    syncSearchIndex(connection.sqlite);
    const read = countCandidateRows(connection.sqlite);
    const result = searchResolutions(connection.db, LAND_OFFICIAL, parseQuery('Lärmschutz'), NO_FILTERS, { cache: false, pageSize: 100, snippets: false });
    expect(result.hits.map((hit) => hit.id).sort((a, b) => a - b)).toEqual([inflected, compound, ...noted].sort((a, b) => a - b));
    // before: the five notes with the word once for each of the three tiers
    expect(duplicates(read)).toEqual([]);
    expect(read.sort((a, b) => a - b)).toEqual(noted);
  });

  it('read the attributes only of the rows they take', () => {
    // six notes hold "Lärmschutz"; only one resolution also holds "Kosten" (in its public text)
    const noted: number[] = [];
    for (let i = 0; i < 6; i++) {
      const id = store(connection, spec(2001 + i, `Bericht ${i}`, i === 2 ? 'Die Kosten sind offen.' : 'Der Bericht liegt vor.'));
      internalNote(id, 'Der Lärmschutz wird geprüft.');
      noted.push(id);
    }
    syncSearchIndex(connection.sqlite);
    const read = countAttributeRows(connection.sqlite);
    const result = searchResolutions(connection.db, LAND_OFFICIAL, parseQuery('Lärmschutz Kosten'), NO_FILTERS, { cache: false, pageSize: 100, snippets: false });
    expect(result.hits.map((hit) => hit.id)).toEqual([noted[2]]);
    // before: the attributes of all six, in each tier
    expect(read).toEqual([noted[2]]);
  });

  it('give a row of the tier before that a lower tier takes the score of the lower tier', () => {
    // found in the notes' exact tier but without "Kosten" anywhere; the compound tier finds
    // "Kostenplanung" in its notes and takes it, scored as the compound tier (unranked: 0)
    const id = store(connection, spec(2001, 'Bericht', 'Der Bericht liegt vor.'));
    store(connection, spec(2002, 'Haushalt', 'Die Kostenplanung steht aus.'));
    internalNote(id, 'Der Lärmschutz wird geprüft, die Kostenplanung folgt.');
    syncSearchIndex(connection.sqlite);
    const params = { ...visibilityParams(LAND_OFFICIAL), ...NO_FILTERS, asOf: null, cap: 1_000 };
    const { candidates } = textCandidates(connection.db, LAND_OFFICIAL, parseQuery('Lärmschutz Kosten'), params, 1_000);
    expect(candidates.map((c) => [c.id, c.tier, c.score])).toEqual([[id, FOUND_TIER.compound, 0]]);
  });
});
