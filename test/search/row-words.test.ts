/**
 * The vocabulary words of each resolution's public text (search_row_words, migration 0035): in step
 * with the texts after every kind of write, the same from the backfill as from the texts, and what
 * the compound check of title matches reads.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../db/connection.js';
import { indexedText } from '../../src/domain/search-text.js';
import { parseQuery } from '../../src/domain/search-query.js';
import { importDocument } from '../../src/services/import.js';
import { NO_FILTERS, searchResolutions, syncSearchIndex } from '../../src/services/search.js';
import { publicTextsOf } from '../../src/services/search/index-sync.js';
import { decodeWordIds, encodeWordIds, rowWords } from '../../src/services/search/row-words.js';
import { PUBLIC_VIEWER } from '../../src/services/visibility.js';
import { freshDatabase, TEST_ACTOR } from '../helpers.js';
import { documentOf, store, type Spec } from './fixtures.js';

let connection: Connection;

beforeEach(() => {
  connection = freshDatabase();
});
afterEach(() => connection.close());

/** Per indexed resolution, the words its stored list names, sorted. */
function stored(): Record<number, string[]> {
  const { sqlite } = connection;
  const words = new Map(sqlite.prepare('select id, word from search_words').raw().all() as [number, string][]);
  const lists: Record<number, string[]> = {};
  for (const [id, blob] of sqlite.prepare('select resolution_id, words from search_row_words').raw().all() as [number, Buffer][]) {
    lists[id] = decodeWordIds(blob).map((wordId) => words.get(wordId)!).sort();
  }
  return lists;
}

/** The same, recomputed from the resolutions' public texts as the index reads them. */
function recomputed(): Record<number, string[]> {
  const { sqlite } = connection;
  const lists: Record<number, string[]> = {};
  for (const id of sqlite.prepare('select id from resolutions').pluck().all() as number[]) {
    const texts = publicTextsOf(sqlite, id)!;
    lists[id] = [...new Set(texts.flatMap((text) => [...indexedText(text).words]))].sort();
  }
  return lists;
}

function expectInStep(): void {
  syncSearchIndex(connection.sqlite);
  const lists = stored();
  expect(Object.keys(lists).length).toBeGreaterThan(0);
  expect(lists).toEqual(recomputed());
  expect(connection.sqlite.prepare('select count(*) from search_row_words_pending').pluck().get()).toBe(0);
}

const spec = (year: number, title: string, demands: string[] = ['Die Länder berichten über die Kindertagesbetreuung.']): Spec => ({
  conference: 'JFMK', number: year - 1980, year, agendaItem: '1', title, sponsors: ['HE'], demands: demands.map((text) => ({ text })),
  statements: [{ laender: ['BY'], text: 'Bayern verweist auf die Landesplanung.' }],
});

describe('the lists of words', () => {
  it('encode sorted word ids as gaps, also large ones', () => {
    const ids = [1, 2, 127, 128, 300, 16_383, 16_384, 2_000_000, 2_000_001];
    expect(decodeWordIds(encodeWordIds([...ids].reverse()))).toEqual(ids);
    expect(decodeWordIds(encodeWordIds([]))).toEqual([]);
  });

  it('stay in step with the public texts after creating, importing again, editing, marking internal and deleting', () => {
    const first = store(connection, spec(2010, 'Ausbau der Kitas', ['Die Kommunen fördern Kitaplätze.', 'Der Bund prüft die Fachkräftegewinnung.']));
    const second = store(connection, spec(2012, 'Beschlüsse der Länder zur Rente'));
    expectInStep();
    // importing the same resolution with a new title and text updates it
    importDocument(connection.db, TEST_ACTOR, documentOf(spec(2010, 'Qualität in Kindertagesstätten', ['Die Landesjugendämter beraten.'])), {
      source: 'Test', synthetic: true, release: 'public', releasedOn: '2010-07-01',
    });
    expectInStep();
    expect(stored()[first]).toContain('landesjugendaemter');
    expect(stored()[first]).not.toContain('kitaplaetze');
    // any writer: the triggers queue the resolution
    connection.sqlite.prepare('update resolutions set title = ? where id = ?').run('Renten und Geflüchtete', first);
    expectInStep();
    // a Ziffer and a protocol statement marked internal leave the public text, and come back
    connection.sqlite.prepare('update demands set internal = 1 where resolution_id = ?').run(second);
    connection.sqlite.prepare('update protocol_statements set internal = 1 where resolution_id = ?').run(second);
    expectInStep();
    expect(stored()[second]).not.toContain('kindertagesbetreuung');
    expect(stored()[second]).not.toContain('landesplanung');
    connection.sqlite.prepare('update demands set internal = 0 where resolution_id = ?').run(second);
    expectInStep();
    expect(stored()[second]).toContain('kindertagesbetreuung');
    // the resolution's release does not change its public text
    connection.sqlite.prepare("update resolutions set release = 'internal' where id = ?").run(second);
    expectInStep();
    connection.sqlite.prepare('delete from resolutions where id = ?').run(first);
    expectInStep();
    expect(stored()[first]).toBeUndefined();
  });

  it('are written from the index for the resolutions a migration queues (the backfill), as from the texts', () => {
    store(connection, spec(2010, 'Ausbau der Kitas', ['Die Kommunen fördern Kitaplätze.']));
    store(connection, spec(2012, 'Beschlüsse der Länder zur Rente'));
    const gone = store(connection, spec(2014, 'Lärmschutz an Straßen'));
    syncSearchIndex(connection.sqlite);
    const expected = stored();
    connection.sqlite.exec('delete from search_row_words; insert into search_row_words_pending (resolution_id) select id from resolutions');
    expect(stored()).toEqual({});
    // one resolution was deleted while its list waited: it gets none
    connection.sqlite.prepare('delete from resolutions where id = ?').run(gone);
    delete expected[gone];
    expectInStep();
    expect(stored()).toEqual(expected);
  });

  it('answer which of some resolutions hold one of some words, and say which words and resolutions they know', () => {
    const kita = store(connection, spec(2010, 'Ausbau der Kitas', ['Die Kommunen fördern Kitaplätze.']));
    const rente = store(connection, spec(2012, 'Beschlüsse der Länder zur Rente'));
    syncSearchIndex(connection.sqlite);
    const answer = rowWords(connection.sqlite)([kita, rente, 999], ['kitaplaetze', 'rente', 'unbekannt', 'der']);
    expect([...answer.found].sort()).toEqual([kita, rente].sort());
    expect([...answer.known].sort()).toEqual([kita, rente].sort());
    // function words and words never indexed are not in the vocabulary
    expect([...answer.listed].sort()).toEqual(['kitaplaetze', 'rente']);
  });

  it('decide the compound check of a title match: a stale list changes what the search finds', () => {
    // the title match is the oldest; newer resolutions fill the candidates with the exact words
    const old = store(connection, spec(2001, 'Kitas im ländlichen Raum', ['Der Fachkräftemangel trifft die Betreuung.']));
    for (let year = 2010; year < 2014; year++) store(connection, spec(year, `Bericht ${year}`, ['Jede Kita braucht Fachkräfte.']));
    // more compounds of "Fachkräfte" than a group whose short doclists are read instead of the lists (match-checks.ts)
    store(connection, spec(2000, 'Fachkräfte', ['Fachkräftegewinnung, Fachkräftesicherung, Fachkräfteoffensive und Fachkräftebedarf.']));
    syncSearchIndex(connection.sqlite);
    const first = () =>
      searchResolutions(connection.db, PUBLIC_VIEWER, parseQuery('Kita Fachkräfte'), NO_FILTERS, { cap: 3, cache: false }).hits[0]?.title;
    expect(first()).toBe('Kitas im ländlichen Raum');
    // a list without the compound (as if the index had not kept it): the title match is left out
    connection.sqlite.prepare('update search_row_words set words = ? where resolution_id = ?').run(encodeWordIds([]), old);
    expect(first()).not.toBe('Kitas im ländlichen Raum');
  });
});
