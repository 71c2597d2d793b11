/**
 * What one search's checks of rows learn (match-checks.ts AlternativeChecks): the tiers ask about the
 * same rows with longer lists of alternatives, and a row is asked only about the alternatives not
 * known for it yet.
 */
import { describe, expect, it } from 'vitest';
import { groupAlternatives, type Alternative } from '../../src/domain/search-match.js';
import { parseQuery } from '../../src/domain/search-query.js';
import { syncSearchIndex } from '../../src/services/search.js';
import { compoundsOf } from '../../src/services/search/candidates.js';
import { ALTERNATIVES_CHUNK, AlternativeChecks, GroupChecks, publicRows, SHORT_DOCLIST, TEXT_CHECK_ROWS, type PublicRows } from '../../src/services/search/match-checks.js';
import { groupExpressions } from '../../src/domain/search-match.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { INTERNAL_COLUMNS, lookups, PUBLIC_COLUMNS, type Lookups } from '../../src/services/search/queries.js';
import { everyGroupInEither } from '../../src/services/search/title-matches.js';
import { freshDatabase, TEST_ACTOR } from '../helpers.js';
import { store } from './fixtures.js';

const alternative = (word: string): Alternative => ({ match: `"${word}"`, word, stem: null });
const [kita, kitas, kitaplaetze, other] = ['kita', 'kitas', 'kitaplaetze', 'anderes'].map(alternative);

/** The rows that hold each word, and a record of what was asked. */
function checker(holds: Record<string, number[]>) {
  const asked: { alternatives: string[]; ids: number[] }[] = [];
  const check = (alternatives: readonly Alternative[], ids: readonly number[]) => {
    asked.push({ alternatives: alternatives.map((a) => a.word!), ids: [...ids] });
    return new Set(ids.filter((id) => alternatives.some((a) => holds[a.word!]?.includes(id))));
  };
  return { asked, check };
}

describe('checks of rows against a growing list of alternatives', () => {
  it('ask each row only about the alternatives not known for it, and answer as a full check does', () => {
    const { asked, check } = checker({ kita: [1], kitas: [2], kitaplaetze: [3] });
    const checks = new AlternativeChecks();
    // the exact tier
    expect([...checks.matching([kita!], [1, 2, 3, 4], check)].sort()).toEqual([1]);
    // the stem tier: row 1 is known; rows 2 to 4 are asked about the stem only
    expect([...checks.matching([kita!, kitas!], [1, 2, 3, 4], check)].sort()).toEqual([1, 2]);
    // the compound tier: rows 3 and 4 about the compound only; a new row about all three
    expect([...checks.matching([kita!, kitas!, kitaplaetze!], [1, 2, 3, 4, 5], check)].sort()).toEqual([1, 2, 3]);
    expect(asked).toEqual([
      { alternatives: ['kita'], ids: [1, 2, 3, 4] },
      { alternatives: ['kitas'], ids: [2, 3, 4] },
      { alternatives: ['kitaplaetze'], ids: [3, 4] },
      { alternatives: ['kita', 'kitas', 'kitaplaetze'], ids: [5] },
    ]);
    // the title matches ask about the exact tier again: all known, nothing asked
    expect([...checks.matching([kita!], [1, 2, 3, 4, 5], check)].sort()).toEqual([1]);
    expect(asked).toHaveLength(4);
  });

  it('start over when a list does not begin with the one before', () => {
    const { asked, check } = checker({ kita: [1], anderes: [2] });
    const checks = new AlternativeChecks();
    expect([...checks.matching([kita!], [1, 2], check)]).toEqual([1]);
    expect([...checks.matching([other!], [1, 2], check)]).toEqual([2]);
    expect(asked.map((a) => a.alternatives)).toEqual([['kita'], ['anderes']]);
  });

  it('keep the public text and the internal notes, and each group, apart', () => {
    const checks = new GroupChecks();
    expect(checks.of('public', 0)).toBe(checks.of('public', 0));
    expect(checks.of('public', 0)).not.toBe(checks.of('notes', 0));
    expect(checks.of('public', 0)).not.toBe(checks.of('public', 1));
  });
});

describe('checking rows for every group of a query', () => {
  it('asks about the rarest group first, and a short doclist is read instead of every row\'s list of words', () => {
    const connection = freshDatabase();
    try {
      const first = store(connection, { conference: 'JFMK', number: 40, year: 2020, agendaItem: '1', title: 'Bericht', sponsors: ['HE'], demands: [{ text: 'Der Bund hilft.' }] });
      // more rows with "Bund" than a short doclist has, two of them with "Kommunen"
      const meeting = connection.sqlite.prepare('select meeting_id from resolutions').pluck().get() as number;
      const many = SHORT_DOCLIST + 100;
      connection.sqlite.exec(`
        with recursive n(i) as (select 1 union all select i + 1 from n where i < ${many})
        insert into resolutions (meeting_id, agenda_item, sort_key, title, outcome, voting, release, released_on)
          select ${meeting}, 'B' || i, printf('b%05d', i), 'Bericht ' || i, 'adopted', 'unanimous', 'public', '2020-07-01' from n;
        insert into demands (resolution_id, position, number, text)
          select id, 1, '1', iif(id % 1000 = 0, 'Der Bund hilft den Kommunen.', 'Der Bund hilft.') from resolutions where title like 'Bericht %';
      `);
      syncSearchIndex(connection.sqlite);
      const ids = connection.sqlite.prepare('select id from resolutions order by id desc').pluck().all() as number[];
      expect(ids).toHaveLength(many + 1);
      const expected = ids.filter((id) => id !== first && id % 1000 === 0);
      expect(expected.length).toBeGreaterThan(0);
      // the rows' lists of words, counting the rows asked about
      const rows = publicRows(connection.sqlite);
      const asked: number[] = [];
      const counting: PublicRows = { ...rows, words: (list, words) => (asked.push(...list), rows.words(list, words)) };
      const l = lookups(connection.sqlite);
      const query = parseQuery('Bund Kommunen');
      const expansions = compoundsOf(connection.db, query);
      const found = everyGroupInEither(
        l,
        groupAlternatives(query, 'exact', INTERNAL_COLUMNS, expansions),
        groupAlternatives(query, 'exact', PUBLIC_COLUMNS, expansions),
        null,
        ids,
        undefined,
        counting,
      );
      expect([...found].sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
      // "Kommunen" (short doclist) answers for all rows; only the rows holding it are asked about "Bund"
      expect(asked.sort((a, b) => a - b)).toEqual(expected);
    } finally {
      connection.close();
    }
  });
});

describe('checking a few rows in their internal notes', () => {
  it('reads the notes of a few rows asked about many alternatives instead of the alternatives\' doclists, and finds what the MATCH finds', () => {
    const connection = freshDatabase();
    try {
      const spec = (year: number, text: string) => ({ conference: 'JFMK', number: year - 1980, year, agendaItem: '1', title: `Bericht ${year}`, sponsors: ['HE' as const], demands: [{ text }] });
      // the vocabulary: a dozen compounds of "Schutz"
      store(connection, spec(2000, 'Lärmschutz, Tierschutz, Datenschutz, Brandschutz, Klimaschutz, Naturschutz, Jugendschutz, Denkmalschutz, Küstenschutz, Bodenschutz, Gewässerschutz und Verbraucherschutz.'));
      const notes = ['Der Brandschutz wird geprüft.', 'Nichts Neues.', 'Wegen des Schutzes der Daten.', 'Die Schutzräume fehlen.', ''];
      const ids = notes.map((note, i) => {
        const id = store(connection, spec(2001 + i, 'Die Länder berichten.'));
        if (note !== '') {
          recordFollowUp(connection.db, TEST_ACTOR, {
            resolutionId: id, demandId: null, date: '2024-01-15', actor: 'BMI', kind: 'note', summary: note, link: null, resultingStatus: null, visibility: 'internal',
          });
        }
        return id;
      });
      syncSearchIndex(connection.sqlite);
      const l = lookups(connection.sqlite);
      // the statement that reads the notes' doclists, counting its runs
      let doclistReads = 0;
      const statement = l.internalAnyMatchAmong;
      const counting: Lookups = { ...l, internalAnyMatchAmong: { iterate: (params: unknown) => (doclistReads++, statement.iterate(params)) } as unknown as Lookups['internalAnyMatchAmong'] };
      const query = parseQuery('Schutz');
      const expansions = compoundsOf(connection.db, query);
      const internalGroups = groupAlternatives(query, 'compound', INTERNAL_COLUMNS, expansions);
      expect(internalGroups[0]!.length).toBeGreaterThan(ALTERNATIVES_CHUNK);
      expect(ids.length).toBeLessThanOrEqual(TEXT_CHECK_ROWS);
      const [expression] = groupExpressions(query, 'compound', INTERNAL_COLUMNS, expansions);
      const inNotes = new Set(connection.sqlite.prepare('select rowid from search_internal where search_internal match ?').pluck().all(expression) as number[]);
      const expected = ids.filter((id) => inNotes.has(id));
      // a compound of the vocabulary, an inflected form; not "Schutzräume" (the vocabulary holds public
      // words only), not "Nichts Neues", not a row without notes
      expect(expected).toEqual([ids[0], ids[2]]);
      const found = everyGroupInEither(counting, internalGroups, groupAlternatives(query, 'compound', PUBLIC_COLUMNS, expansions), null, ids, undefined, publicRows(connection.sqlite));
      expect([...found].sort((a, b) => a - b)).toEqual(expected);
      // before: the dozen doclists of the notes, eight at a time
      expect(doclistReads).toBe(0);
    } finally {
      connection.close();
    }
  });
});
