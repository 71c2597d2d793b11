/**
 * How many SQL statements one search runs: rows the search checks in their texts (a few
 * resolutions asked about many compounds, match-checks.ts TEXT_CHECK_ROWS) are read all at once
 * (index-sync.ts textsOfMany), so twice the rows take the same statements, not twice as many.
 */
import { describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { parseQuery } from '../../src/domain/search-query.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { NO_FILTERS, searchResolutions, syncSearchIndex } from '../../src/services/search.js';
import { publicTextsOf, textsOfMany } from '../../src/services/search/index-sync.js';
import { TEXT_CHECK_ROWS } from '../../src/services/search/match-checks.js';
import type { Viewer } from '../../src/services/visibility.js';
import { freshDatabase, TEST_ACTOR } from '../helpers.js';
import { store, type Spec } from './fixtures.js';

const LAND_OFFICIAL: Viewer = { userId: 1, role: 'land', land: 'HE', conferenceIds: [] };

interface Counter {
  /** Statements run (all, get, iterate, run) while counting, by their SQL. */
  runs: Map<string, number>;
  counting: boolean;
}

/** Counts the statements the connection runs while `counting` is set; prepared from now on. */
function countStatements(sqlite: Database.Database): Counter {
  const counter: Counter = { runs: new Map(), counting: false };
  const prepare = sqlite.prepare.bind(sqlite);
  Object.assign(sqlite, {
    prepare: (source: string) => {
      const statement = prepare(source);
      for (const method of ['all', 'get', 'iterate', 'run'] as const) {
        const original = (statement[method] as (...args: unknown[]) => unknown).bind(statement);
        Object.assign(statement, {
          [method]: (...args: unknown[]) => {
            if (counter.counting) counter.runs.set(source, (counter.runs.get(source) ?? 0) + 1);
            return original(...args);
          },
        });
      }
      return statement;
    },
  });
  return counter;
}

const spec = (year: number, agendaItem: string, text: string): Spec => ({
  conference: 'JFMK', number: year - 1980, year, agendaItem, title: `Bericht ${agendaItem}`, sponsors: ['HE'], demands: [{ text }],
});

/**
 * A logged-in search of "Schutz Länder" in an archive whose public text holds a dozen compounds of
 * "Schutz" (more than a check reads at a time) and `noted` resolutions whose public text holds
 * "Länder" and whose internal notes hold "Brandschutz" (every other one) or "Schutzräume" (not a
 * word of the vocabulary): the compound tier finds them through their notes and checks each in the
 * texts of its notes. Returns the statements run and the ids found.
 */
function search(noted: number): { statements: number; textReads: number; found: number[]; expected: number[] } {
  const connection = freshDatabase();
  try {
    const counter = countStatements(connection.sqlite);
    store(connection, spec(2000, '0', 'Lärmschutz, Tierschutz, Datenschutz, Brandschutz, Klimaschutz, Naturschutz, Jugendschutz, Denkmalschutz, Küstenschutz, Bodenschutz, Gewässerschutz und Verbraucherschutz.'));
    const expected: number[] = [];
    for (let i = 0; i < noted; i++) {
      const id = store(connection, spec(2001, String(i + 1), 'Die Länder berichten.'));
      const summary = i % 2 === 0 ? 'Der Brandschutz wird geprüft.' : 'Die Schutzräume fehlen.';
      recordFollowUp(connection.db, TEST_ACTOR, {
        resolutionId: id, demandId: null, date: '2024-01-15', actor: 'BMI', kind: 'note', summary, link: null, resultingStatus: null, visibility: 'internal',
      });
      if (i % 2 === 0) expected.push(id);
    }
    syncSearchIndex(connection.sqlite);
    counter.counting = true;
    const result = searchResolutions(connection.db, LAND_OFFICIAL, parseQuery('Schutz Länder'), NO_FILTERS, { cache: false, pageSize: 100, snippets: false });
    counter.counting = false;
    const statements = [...counter.runs.values()].reduce((sum, n) => sum + n, 0);
    // the texts of the notes are read (the protocol statements are part of them)
    const textReads = [...counter.runs].filter(([source]) => source.includes('from protocol_statements')).reduce((sum, [, n]) => sum + n, 0);
    return { statements, textReads, found: result.hits.map((hit) => hit.id).sort((a, b) => a - b), expected };
  } finally {
    connection.close();
  }
}

describe('the statements of one search', () => {
  it('do not grow with the number of rows checked in the texts of their notes', () => {
    const few = search(10);
    const more = search(20);
    expect(more.found.length).toBeLessThanOrEqual(TEXT_CHECK_ROWS);
    expect(few.found).toEqual(few.expected);
    expect(more.found).toEqual(more.expected);
    expect(few.textReads).toBeGreaterThan(0);
    // before: five statements per row checked (its title, Ziffern, statements, follow-ups, documents)
    expect(more.textReads).toBe(few.textReads);
    expect(more.statements).toBe(few.statements);
  });
});

describe('the texts of many resolutions at once', () => {
  it('are those read one by one, the internal notes apart, and leave out resolutions that do not exist', () => {
    const connection = freshDatabase();
    try {
      const first = store(connection, { ...spec(2001, '1', 'Die Länder berichten.'), statements: [{ laender: ['BY'], text: 'Bayern stimmt zu.' }] });
      const second = store(connection, spec(2002, '2', 'Der Bund zahlt.'));
      recordFollowUp(connection.db, TEST_ACTOR, {
        resolutionId: second, demandId: null, date: '2024-01-15', actor: 'BMI', kind: 'note', summary: 'Der Brandschutz wird geprüft.', link: null, resultingStatus: null, visibility: 'internal',
      });
      recordFollowUp(connection.db, TEST_ACTOR, {
        resolutionId: second, demandId: null, date: '2024-01-16', actor: 'BMI', kind: 'response', summary: 'Der Bund antwortet.', link: null, resultingStatus: null, visibility: 'public',
      });
      const texts = textsOfMany(connection.sqlite, [second, first, 999_999]);
      expect([...texts.keys()].sort((a, b) => a - b)).toEqual([first, second]);
      for (const id of [first, second]) expect(texts.get(id)!.publicTexts).toEqual(publicTextsOf(connection.sqlite, id));
      expect(texts.get(first)!.internal).toBe('');
      expect(texts.get(second)!.internal).toBe('Der Brandschutz wird geprüft.');
      expect(texts.get(second)!.publicTexts[2]).toBe('Der Bund antwortet.');
    } finally {
      connection.close();
    }
  });
});
