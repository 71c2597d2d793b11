/**
 * Title matches the tiers did not reach (services/search/title-matches.ts): the compound check
 * for several query words reads all of them, not the newest 3,000 compound matches; for logged-in
 * viewers their tier comes from the text they may see, internal notes included, for the public
 * from the public text alone; and what the internal notes hold is checked per resolution.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../db/connection.js';
import { groupAlternatives, groupExpressions } from '../../src/domain/search-match.js';
import { parseQuery } from '../../src/domain/search-query.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { NO_FILTERS, searchResolutions, syncSearchIndex } from '../../src/services/search.js';
import { compoundsOf } from '../../src/services/search/candidates.js';
import { idsMatchingAny, publicRows, titleText } from '../../src/services/search/match-checks.js';
import { lookups, PUBLIC_COLUMNS } from '../../src/services/search/queries.js';
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

/** Titles in relevance order. */
function titles(viewer: Viewer, q: string, cap: number): string[] {
  syncSearchIndex(connection.sqlite);
  const result = searchResolutions(connection.db, viewer, parseQuery(q), NO_FILTERS, { cap, cache: false, pageSize: 50 });
  return result.hits.map((hit) => hit.title);
}

describe('the compound check of title matches', () => {
  it('reaches a title match behind more than 3,000 newer compound matches', () => {
    // the oldest: "Kitas" in the title, "Fachkräfte" only in a compound of its text
    store(connection, spec(2001, 'Kitas im ländlichen Raum', 'Der Fachkräftemangel trifft die Betreuung.'));
    // 3,005 newer compound matches (no title match), written as bulk SQL into the same meeting
    const meeting = connection.sqlite.prepare('select meeting_id from resolutions').pluck().get() as number;
    connection.sqlite.exec(`
      with recursive n(i) as (select 1 union all select i + 1 from n where i < 3005)
      insert into resolutions (meeting_id, agenda_item, sort_key, title, outcome, voting, release, released_on)
        select ${meeting}, 'B' || i, printf('b%05d', i), 'Bericht ' || i, 'adopted', 'unanimous', 'public', '2001-07-01' from n;
      insert into demands (resolution_id, position, number, text)
        select id, 1, '1', 'Die Kita beklagt den Fachkräftemangel.' from resolutions where title like 'Bericht %';
    `);
    // the newest title match, then three exact text matches: they fill a candidate set of three
    store(connection, spec(2010, 'Kita-Ausbau', 'Der Fachkräftemangel bleibt.'));
    for (let year = 2011; year < 2014; year++) store(connection, spec(year, `Bericht ${year}`, 'Jede Kita braucht Fachkräfte.'));
    const found = titles(PUBLIC_VIEWER, 'Kita Fachkräfte', 3);
    expect(found.slice(0, 2)).toEqual(['Kita-Ausbau', 'Kitas im ländlichen Raum']);
    expect(found.slice(2)).toEqual(['Bericht 2013', 'Bericht 2012', 'Bericht 2011']);
  });
});

describe('title matches for logged-in viewers', () => {
  let ausbau: number;

  beforeEach(() => {
    // Two older title matches with the same public text; "Ausbau der Kitas" has "Kita" as typed in
    // an internal note. Three newer resolutions fill a candidate set of three with exact matches,
    // in their public text and in their internal notes.
    ausbau = store(connection, spec(2001, 'Ausbau der Kitas', 'Die Kitas brauchen Personal.'));
    store(connection, spec(2002, 'Qualität der Kitas', 'Die Kitas brauchen Personal.'));
    internalNote(ausbau, 'Die Kita in Musterstadt meldet weiteren Bedarf.');
    for (let year = 2010; year < 2013; year++) {
      const id = store(connection, spec(year, `Bericht ${year}`, 'Jede Kita braucht Fachkräfte.'));
      internalNote(id, 'Jede Kita meldet ihren Bedarf.');
    }
  });

  it('rank by the text the viewer may see, as a search that reaches them ranks them', () => {
    // the internal note makes "Ausbau der Kitas" an exact match for a Länder official ...
    const official = titles(LAND_OFFICIAL, 'Kita', 3);
    expect(official.slice(0, 2)).toEqual(['Ausbau der Kitas', 'Qualität der Kitas']);
    expect(official).toEqual(titles(LAND_OFFICIAL, 'Kita', 1_000));
    // ... and nothing for the public: the same public text, the newer first
    const visitor = titles(PUBLIC_VIEWER, 'Kita', 3);
    expect(visitor.slice(0, 2)).toEqual(['Qualität der Kitas', 'Ausbau der Kitas']);
    expect(visitor).toEqual(titles(PUBLIC_VIEWER, 'Kita', 1_000));
  });

  it('never find or rank a resolution for the public by its internal notes', () => {
    expect(titles(PUBLIC_VIEWER, 'Kitas Musterstadt', 3)).toEqual([]);
    expect(titles(PUBLIC_VIEWER, 'Musterstadt', 3)).toEqual([]);
    expect(titles(LAND_OFFICIAL, 'Kitas Musterstadt', 3)).toEqual(['Ausbau der Kitas']);
  });

  it('exclude a word only from the resolutions whose notes hold it', () => {
    // before, one internal note with the word removed every candidate of a logged-in viewer
    expect(titles(LAND_OFFICIAL, 'Kita -Musterstadt', 1_000)).toEqual([
      'Qualität der Kitas', 'Bericht 2012', 'Bericht 2011', 'Bericht 2010',
    ]);
    expect(titles(PUBLIC_VIEWER, 'Kita -Musterstadt', 1_000)).toEqual([
      'Qualität der Kitas', 'Ausbau der Kitas', 'Bericht 2012', 'Bericht 2011', 'Bericht 2010',
    ]);
  });

  it('need every query word in the notes or the public text of the same resolution', () => {
    // "Musterstadt" is in the notes of "Ausbau der Kitas" only; "Fachkräfte" in the public text of the reports
    expect(titles(LAND_OFFICIAL, 'Musterstadt Fachkräfte', 1_000)).toEqual([]);
    expect(titles(LAND_OFFICIAL, 'Musterstadt Personal', 1_000)).toEqual(['Ausbau der Kitas']);
  });
});

describe('checking a few resolutions against a group of alternatives', () => {
  it('finds the same by reading their texts, by their titles and by reading the doclists, and what the MATCH finds', () => {
    const texts = [
      ['Ausbau der Kitas', 'Die Länder fördern die Kita-Plätze.'],
      ['Landesförderung', 'Die Forderung der Kommunen nach mehr Mitteln.'],
      ['Straßenbau im Land', 'Die Landstraße wird erneuert; die Straße bleibt.'],
      ['Kommunalfinanzen', 'Die kommunalen Haushalte und die Förderung der Gemeinden.'],
      ['Bericht', 'Kita\u00ADplätze und Landesmittel für die Kommune.'],
      ['Beschlüsse der Länder', 'Der Beschluss der Konferenz zur Rente.'],
    ];
    const ids = texts.map(([title, text], i) => store(connection, spec(2001 + i, title!, text!)));
    syncSearchIndex(connection.sqlite);
    const l = lookups(connection.sqlite);
    const rows = publicRows(connection.sqlite);
    const titlesById = new Map(ids.map((id, i) => [id, titleText(texts[i]![0]!)]));
    for (const q of ['Land', 'Kita', 'Förderung', 'Straße', 'Kommune', 'Beschlüsse', 'Rente']) {
      const query = parseQuery(q);
      const expansions = compoundsOf(connection.db, query);
      const [group] = groupAlternatives(query, 'compound', PUBLIC_COLUMNS, expansions);
      const [expression] = groupExpressions(query, 'compound', PUBLIC_COLUMNS, expansions);
      const matched = new Set(connection.sqlite.prepare('select rowid from search_index where search_index match ?').pluck().all(expression) as number[]);
      const expected = ids.filter((id) => matched.has(id));
      expect(expected.length, q).toBeGreaterThan(0);
      const sorted = (found: Set<number>) => [...found].sort((a, b) => a - b);
      expect(sorted(idsMatchingAny(l.anyMatchAmong, group!, ids)), q).toEqual(expected);
      expect(sorted(idsMatchingAny(l.anyMatchAmong, group!, ids, undefined, rows)), q).toEqual(expected);
      expect(sorted(idsMatchingAny(l.anyMatchAmong, group!, ids, titlesById, rows)), q).toEqual(expected);
    }
  });
});
