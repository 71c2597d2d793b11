/**
 * The relevance order on a real archive (SQLite, FTS5, bm25): a resolution with the query word in
 * its title, as typed or inflected, comes before every resolution that only mentions it in its
 * text; compounds come last.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../db/connection.js';
import { parseQuery } from '../../src/domain/search-query.js';
import { NO_FILTERS, searchResolutions, syncSearchIndex } from '../../src/services/search.js';
import { PUBLIC_VIEWER } from '../../src/services/visibility.js';
import { freshDatabase } from '../helpers.js';
import { store } from './fixtures.js';

let connection: Connection;

beforeEach(() => {
  connection = freshDatabase();
});
afterEach(() => {
  connection.close();
});

/** Stores a public JFMK resolution of `year` (TOP 1 of that year's meeting); returns its id. */
function resolution(year: number, title: string, ...demands: string[]): number {
  return store(connection, {
    conference: 'JFMK', number: year - 1980, year, agendaItem: '1', title, sponsors: ['HE'], demands: demands.map((text) => ({ text })),
  });
}

/** The ids in relevance order, with each hit's title (for failure messages). */
function ranked(q: string): string[] {
  syncSearchIndex(connection.sqlite);
  return searchResolutions(connection.db, PUBLIC_VIEWER, parseQuery(q), NO_FILTERS, { pageSize: 50, cache: false })
    .hits.map((hit) => hit.title);
}

describe('relevance order', () => {
  it('puts the query word in a title, also inflected, before resolutions whose text only mentions it', () => {
    // newest first: a date tie-break would favour the text-only mentions
    resolution(2010, 'Kita-Ausbau', 'Die Länder bauen die Betreuung aus.');
    resolution(2012, 'Qualität in Kitas', `Jede Kita braucht Fachkräfte. ${'Die Länder berichten über den Stand der Betreuung. '.repeat(6)}`);
    resolution(2014, 'Ausbau der Kitas', 'Die Länder bauen die Betreuung aus.');
    resolution(2016, 'Kitaplätze für alle', 'Die Länder schaffen Plätze.');
    resolution(2018, 'Sprachförderung', 'Die Kita fördert die Sprache; jede Kita erhält Mittel.');
    resolution(2020, 'Frühe Bildung', 'Die Bildung beginnt in Kitas.');
    resolution(2022, 'Fachkräfte', 'Kitaplätze fehlen.');
    expect(ranked('Kita')).toEqual([
      'Kita-Ausbau', // the word as typed in the title
      'Qualität in Kitas', // inflected in the title, as typed in the text
      'Ausbau der Kitas', // inflected in the title
      'Kitaplätze für alle', // a compound in the title
      'Sprachförderung', // as typed in the text only
      'Frühe Bildung', // inflected in the text only
      'Fachkräfte', // a compound in the text only
    ]);
  });

  it('puts a title compound that begins or ends with the query word before a text that only mentions it', () => {
    resolution(2010, 'Fachkräftegewinnung in der Pflege', 'Die Länder werben um Personal.');
    resolution(2012, 'Verbesserungen bei der Erwerbsminderungsrente', 'Die Länder bitten den Bund, zu handeln.');
    resolution(2020, 'Altersarmut vorbeugen', 'Die Rente muss reichen; Fachkräfte sollen vorsorgen.');
    expect(ranked('Fachkräfte')).toEqual(['Fachkräftegewinnung in der Pflege', 'Altersarmut vorbeugen']);
    expect(ranked('Rente')).toEqual(['Verbesserungen bei der Erwerbsminderungsrente', 'Altersarmut vorbeugen']);
  });

  it('leaves a title that holds the query word only inside a word, or across "ch", after the text mentions', () => {
    resolution(2010, 'Wirtschaft und Gesellschaft', 'Die Wirtschaftsförderung ist zu stärken.');
    resolution(2011, 'Europäische Strategie', 'Die Länder berichten über die Strategie.');
    resolution(2012, 'Vollzug', 'Die Haft ist zu verkürzen, die Rate der Rückfälle zu senken.');
    expect(ranked('Haft')).toEqual(['Vollzug', 'Wirtschaft und Gesellschaft']);
    expect(ranked('Rate')).toEqual(['Vollzug', 'Europäische Strategie']);
  });

  it('keeps bm25 and then the date within a tier', () => {
    resolution(2010, 'Lärmschutz an Straßen', 'Der Lärmschutz ist zu verbessern; der Lärmschutz kostet.');
    resolution(2012, 'Lärmschutz', 'Die Länder berichten.');
    resolution(2014, 'Lärmschutz an Schienen', 'Die Länder berichten.');
    resolution(2016, 'Verkehr', 'Der Lärmschutz ist zu verbessern.');
    resolution(2018, 'Straßenbau', 'Der Lärmschutz ist zu verbessern.');
    const order = ranked('Lärmschutz');
    // the title that is nothing but the query first; the text-only mentions newest first
    expect(order[0]).toBe('Lärmschutz');
    expect(order.slice(0, 3).sort()).toEqual(['Lärmschutz', 'Lärmschutz an Schienen', 'Lärmschutz an Straßen']);
    expect(order.slice(3)).toEqual(['Straßenbau', 'Verkehr']);
  });

  it('orders a quoted phrase in the title before the phrase in the text', () => {
    resolution(2010, 'Versorgung im ländlichen Raum', 'Die Länder berichten.');
    resolution(2020, 'Ärztemangel', 'Die Versorgung im ländlichen Raum ist zu sichern.');
    expect(ranked('"Versorgung im ländlichen Raum"')).toEqual(['Versorgung im ländlichen Raum', 'Ärztemangel']);
  });
});
