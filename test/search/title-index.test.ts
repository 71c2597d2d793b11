/**
 * The titles' own index (search_titles, migration 0032): in step with the titles after every kind
 * of write, and what lets a title match into the candidates when text matches fill them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../db/connection.js';
import { indexedText } from '../../src/domain/search-text.js';
import { parseQuery } from '../../src/domain/search-query.js';
import { importDocument } from '../../src/services/import.js';
import { NO_FILTERS, searchResolutions, syncSearchIndex } from '../../src/services/search.js';
import { PUBLIC_VIEWER } from '../../src/services/visibility.js';
import { freshDatabase, TEST_ACTOR } from '../helpers.js';
import { documentOf, store, type Spec } from './fixtures.js';

let connection: Connection;

beforeEach(() => {
  connection = freshDatabase();
});
afterEach(() => connection.close());

/** Every indexed instance (term, resolution, column, offset) of an FTS5 table, in one order. */
function instances(table: string): unknown[] {
  const { sqlite } = connection;
  sqlite.exec(`drop table if exists temp.vocab; create virtual table temp.vocab using fts5vocab(main, '${table}', 'instance')`);
  const rows = sqlite.prepare('select term, doc, col, offset from temp.vocab order by doc, col, offset, term').all();
  sqlite.exec('drop table temp.vocab');
  return rows;
}

/** The instances of search_titles as a full recomputation from the resolutions writes them. */
function recomputed(): unknown[] {
  const { sqlite } = connection;
  sqlite.exec(`create virtual table temp.titles_check using fts5(title, stems, tokenize = 'unicode61 remove_diacritics 0')`);
  const insert = sqlite.prepare('insert into temp.titles_check (rowid, title, stems) values (?, ?, ?)');
  for (const { id, title } of sqlite.prepare('select id, title from resolutions').all() as { id: number; title: string }[]) {
    const text = indexedText(title);
    insert.run(id, text.normalized, text.stems);
  }
  sqlite.exec(`create virtual table temp.vocab using fts5vocab(temp, 'titles_check', 'instance')`);
  const rows = sqlite.prepare('select term, doc, col, offset from temp.vocab order by doc, col, offset, term').all();
  sqlite.exec('drop table temp.vocab; drop table temp.titles_check');
  return rows;
}

function expectInStep(): void {
  syncSearchIndex(connection.sqlite);
  const indexed = instances('search_titles');
  expect(indexed.length).toBeGreaterThan(0);
  expect(indexed).toEqual(recomputed());
}

const spec = (year: number, title: string, text = 'Die Länder berichten.'): Spec => ({
  conference: 'JFMK', number: year - 1980, year, agendaItem: '1', title, sponsors: ['HE'], demands: [{ text }],
});

describe('the title index', () => {
  it('stays in step with the titles after creating, importing again, editing and deleting resolutions', () => {
    const first = store(connection, spec(2010, 'Ausbau der Kitas'));
    store(connection, spec(2012, 'Beschlüsse der Länder zur Rente'));
    expectInStep();
    // importing the same resolution with a new title updates it
    importDocument(connection.db, TEST_ACTOR, documentOf(spec(2010, 'Qualität in Kindertagesstätten')), {
      source: 'Test', synthetic: true, release: 'public', releasedOn: '2010-07-01',
    });
    expectInStep();
    // any writer: the triggers queue the resolution
    connection.sqlite.prepare('update resolutions set title = ? where id = ?').run('Renten und Geflüchtete', first);
    expectInStep();
    connection.sqlite.prepare('delete from resolutions where id = ?').run(first);
    expectInStep();
  });

  it('is filled for the resolutions a migration queues (the backfill) and leaves the rest of the index alone', () => {
    store(connection, spec(2010, 'Ausbau der Kitas'));
    store(connection, spec(2012, 'Beschlüsse der Länder zur Rente'));
    syncSearchIndex(connection.sqlite);
    const publicIndex = instances('search_index');
    connection.sqlite.exec("delete from search_titles; insert into search_titles_pending (resolution_id) select id from resolutions");
    expect(instances('search_titles')).toEqual([]);
    expectInStep();
    expect(instances('search_index')).toEqual(publicIndex);
  });
});

describe('title matches when text matches fill the candidates', () => {
  /** Titles in relevance order with a candidate set of `cap`. */
  function ranked(q: string, cap: number) {
    syncSearchIndex(connection.sqlite);
    const result = searchResolutions(connection.db, PUBLIC_VIEWER, parseQuery(q), NO_FILTERS, { cap, cache: false, pageSize: 50 });
    return { titles: result.hits.map((hit) => hit.title), total: result.total, capped: result.capped, facets: result.facets };
  }

  beforeEach(() => {
    // the two title matches are the oldest resolutions; five newer ones mention "Kita" in their text only
    store(connection, spec(2001, 'Ausbau der Kitas', 'Die Länder bauen die Betreuung aus.'));
    store(connection, spec(2002, 'Kita-Qualität', 'Die Länder berichten.'));
    for (let year = 2010; year < 2015; year++) store(connection, spec(year, `Bericht ${year}`, 'Jede Kita braucht Fachkräfte.'));
  });

  it('puts them first although the newest exact matches fill the candidates', () => {
    const found = ranked('Kita', 3);
    expect(found.capped).toBe(true);
    expect(found.titles.slice(0, 2)).toEqual(['Kita-Qualität', 'Ausbau der Kitas']);
    // the newest three text matches, and the two title matches: counted in total and facets
    expect(found.titles.slice(2)).toEqual(['Bericht 2014', 'Bericht 2013', 'Bericht 2012']);
    expect(found.total).toBe(5);
    expect(found.facets.year.reduce((sum, value) => sum + value.count, 0)).toBe(5);
  });

  it('leaves a search whose candidates are not full as it was', () => {
    expect(ranked('Kita', 1_000).titles).toEqual([
      'Kita-Qualität', 'Ausbau der Kitas', 'Bericht 2014', 'Bericht 2013', 'Bericht 2012', 'Bericht 2011', 'Bericht 2010',
    ]);
  });

  it('adds a title match of one query word whose other word the text holds only in a compound', () => {
    store(connection, spec(2003, 'Kitas im ländlichen Raum', 'Der Fachkräftemangel trifft die Betreuung.'));
    for (let year = 2015; year < 2018; year++) store(connection, spec(year, `Bericht ${year}`, 'Jede Kita braucht Fachkräfte.'));
    expect(ranked('Kita Fachkräfte', 3).titles[0]).toBe('Kitas im ländlichen Raum');
  });

  it('keeps filters, "as of" dates and excluded words', () => {
    syncSearchIndex(connection.sqlite);
    const search = (q: string, options: object, filters = NO_FILTERS) =>
      searchResolutions(connection.db, PUBLIC_VIEWER, parseQuery(q), filters, { cap: 2, cache: false, ...options }).hits.map((hit) => hit.title);
    expect(search('Kita', { asOf: '2001-12-31' })).toEqual(['Ausbau der Kitas']);
    expect(search('Kita', {}, { ...NO_FILTERS, yearTo: 2013 })).toEqual(['Kita-Qualität', 'Ausbau der Kitas', 'Bericht 2013', 'Bericht 2012']);
    expect(search('Kita -Betreuung', {})).toEqual(['Kita-Qualität', 'Bericht 2014', 'Bericht 2013']);
    expect(search('"Kita braucht"', {})).toEqual(['Bericht 2014', 'Bericht 2013']);
  });
});
