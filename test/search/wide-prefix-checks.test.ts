/**
 * Checking rows against a wide prefix ("Lärm*": more than WIDE_PREFIX_WORDS words of the
 * vocabulary, searched as an OR of its words): the checks answer its words from the rows' lists
 * of words (row-words.ts), so the doclists they read or seek in do not grow with the number of
 * words the prefix matches. Until 07.12.2026 they asked FTS5 about the whole OR, which seeks to
 * each row in the doclist of every word: "Lärm* Kommunen" took 2–3 s on 100,000 resolutions.
 */
import { describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { parseQuery } from '../../src/domain/search-query.js';
import { NO_FILTERS, searchResolutions, syncSearchIndex } from '../../src/services/search.js';
import { WIDE_PREFIX_WORDS } from '../../src/services/search/queries.js';
import { PUBLIC_VIEWER, type Viewer } from '../../src/services/visibility.js';
import { freshDatabase } from '../helpers.js';
import { store, type Spec } from './fixtures.js';

const LAND_OFFICIAL: Viewer = { userId: 1, role: 'land', land: 'HE', conferenceIds: [] };

/**
 * The statements of match-checks.ts that read or seek in the doclists of the alternatives they are
 * given (not the count of a group's rows that orders the groups: once per search, up to
 * GROUP_COUNT_LIMIT rows), and the title matches' check of a tier's MATCH over their range of ids
 * (queries.ts Lookups.matchedAmong: until 07.12.2026 the exact and stem tiers of "Lärm* Kommunen"
 * were checked there, the whole OR of the prefix's words).
 */
const CHECKS = [
  'select rowid from search_index where search_index match :match limit :limit',
  'where s.search_index match :match and s.rowid = j.value',
  'where s.search_index match t.value',
  'select rowid, 0 from search_index where search_index match :match and rowid >=',
];

/**
 * Counts the phrases ("…") in the MATCH expressions the checks run while `counting` is set, and
 * the reads of the rows' lists of words.
 */
function countCheckedPhrases(sqlite: Database.Database): { phrases: number; lists: number; counting: boolean } {
  const counter = { phrases: 0, lists: 0, counting: false };
  const prepare = sqlite.prepare.bind(sqlite);
  Object.assign(sqlite, {
    prepare: (source: string) => {
      const statement = prepare(source);
      if (source.includes('from search_row_words where')) {
        const original = statement.all.bind(statement);
        Object.assign(statement, {
          all: (...args: unknown[]) => {
            if (counter.counting) counter.lists++;
            return original(...args);
          },
        });
      }
      if (!CHECKS.some((check) => source.includes(check))) return statement;
      for (const method of ['all', 'get', 'iterate'] as const) {
        const original = (statement[method] as (...args: unknown[]) => unknown).bind(statement);
        Object.assign(statement, {
          [method]: (...args: unknown[]) => {
            // the expressions are quoted (twice in JSON, within a list of terms): count the opening quotes
            if (counter.counting) counter.phrases += (JSON.stringify(args).match(/\\+"[a-z0-9 ]+\\+"/g) ?? []).length;
            return original(...args);
          },
        });
      }
      return statement;
    },
  });
  return counter;
}

/** Words with the prefix "Lärm", each once: "Lärmabrat", "Lärmberat", … */
function laermWords(count: number): string[] {
  const first = ['ab', 'be', 'ci', 'do', 'fu', 'ga', 'he', 'ki', 'lo', 'mu'];
  const second = ['rat', 'tor', 'amt', 'ort', 'bau', 'gut', 'weg'];
  return Array.from({ length: count }, (_, i) => `Lärm${first[i % first.length]}${second[Math.floor(i / first.length)]}`);
}

const spec = (year: number, agendaItem: string, title: string, text: string): Spec => ({
  conference: 'UMK', number: year - 1980, year, agendaItem, title, sponsors: ['HE'], demands: [{ text }],
});

/**
 * "Lärm* Kommunen" in an archive of resolutions that hold "Kommunen" and one word with the prefix
 * each (`words` of them), and older ones whose title holds "Kommunen" and whose text no such word:
 * the search is capped, and the title matches it did not reach are checked for the prefix in the
 * compound tier.
 */
function search(words: number, viewer: Viewer): { phrases: number; lists: number; ids: number[]; expected: number[] } {
  const connection = freshDatabase();
  try {
    const counter = countCheckedPhrases(connection.sqlite);
    // a compound of "Kommunen": the query has a compound tier, which checks the title matches group by group
    store(connection, spec(2000, '1', 'Haushalt', 'Die Kommunalfinanzen sind knapp.'));
    for (let i = 0; i < 6; i++) store(connection, spec(2001, String(i + 1), `Kommunen berichten ${i}`, 'Die Länder prüfen den Bericht.'));
    const expected: number[] = [];
    laermWords(words).forEach((word, i) => expected.push(store(connection, spec(2010, String(i + 1), `Bericht ${i}`, `Die Kommunen prüfen die ${word}.`))));
    syncSearchIndex(connection.sqlite);
    counter.counting = true;
    const result = searchResolutions(connection.db, viewer, parseQuery('Lärm* Kommunen'), NO_FILTERS, { cache: false, cap: 10, pageSize: 100, snippets: false });
    counter.counting = false;
    return { phrases: counter.phrases, lists: counter.lists, ids: result.hits.map((hit) => hit.id).sort((a, b) => a - b), expected: expected.slice(-10) };
  } finally {
    connection.close();
  }
}

describe('checks of rows against a wide prefix', () => {
  for (const [name, viewer] of [['public', PUBLIC_VIEWER], ['logged in', LAND_OFFICIAL]] as const) {
    it(`read no more doclists when the prefix matches more words (${name})`, () => {
      const some = search(WIDE_PREFIX_WORDS + 5, viewer);
      const more = search(WIDE_PREFIX_WORDS + 45, viewer);
      // the newest `cap` matches; no title match without a word of the prefix
      expect(some.ids).toEqual(some.expected);
      expect(more.ids).toEqual(more.expected);
      // before: the checks asked about the OR of all the prefix's words (25 and 65 phrases)
      expect(more.phrases).toBe(some.phrases);
      expect(some.phrases).toBeLessThan(WIDE_PREFIX_WORDS);
      // the title matches were checked (in the rows' lists)
      expect(some.lists).toBeGreaterThan(0);
    });
  }
});
