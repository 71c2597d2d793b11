/**
 * Importing a resolution again: what changed is written, an unchanged text writes nothing — no
 * trigger queues it for the search index or marks its meeting's statistics as changed.
 */
import { describe, expect, it } from 'vitest';
import { freshDatabase, importSeed, seedDocument, TEST_ACTOR } from '../helpers.js';
import { importDocument } from '../../src/services/import.js';

type Sqlite = ReturnType<typeof freshDatabase>['sqlite'];

/** Everything an import writes or its triggers touch, as one comparable value. */
function written(sqlite: Sqlite) {
  const all = (query: string) => sqlite.prepare(query).all();
  return {
    resolutions: all('select id, source, updated_at, version from resolutions order by id'),
    demands: all('select id, number, position, version, updated_at from demands order by id'),
    sponsors: all('select rowid, * from resolution_sponsors order by rowid'),
    statements: all('select rowid, * from protocol_statements order by rowid'),
    versions: all('select id from resolution_versions order by id'),
    audit: all('select id from audit_log order by id'),
    pending: all('select resolution_id from search_pending'),
    statistics: all('select meeting_id, tag from statistics_changes order by meeting_id'),
  };
}

describe('a re-import', () => {
  it('of a text whose Ziffer 5 has follow-ups keeps the Ziffer, says so, and the same text again writes nothing', () => {
    const connection = freshDatabase();
    const { sqlite, db } = connection;
    importSeed(connection);
    sqlite
      .prepare("insert into follow_ups (resolution_id, demand_id, date, kind, summary) select resolution_id, id, '2018-01-01', 'note', 'Bericht' from demands where number = '5'")
      .run();
    const seed = seedDocument().resolutions[0]!;
    const shorter = {
      ...seed,
      title: `${seed.title} (berichtigt)`,
      demands: seed.demands.filter((d) => d.number !== '5'),
      protocolStatements: [{ laender: ['BY'], text: 'Bayern trägt Ziffer 3 nicht mit.' }],
    };
    const first = importDocument(db, TEST_ACTOR, { resolutions: [shorter] }, { source: 'berichtigt.txt' });
    expect(first.items.map((item) => item.change)).toEqual(['updated']);
    expect(first.notes).toEqual(['TOP 2.12 der 12. IntMK 2017: Ziffer 5 fehlt im neuen Text, bleibt aber wegen ihrer Folgemaßnahmen erhalten.']);
    expect(sqlite.prepare('select number from demands order by position').pluck().all()).toEqual(['1', '2', '3', '4', '5']);

    sqlite.prepare('delete from search_pending').run(); // as if the search index had caught up
    const before = written(sqlite);
    const again = importDocument(db, TEST_ACTOR, { resolutions: [shorter] }, { source: 'noch einmal.txt' });
    expect(again.items.map((item) => item.change)).toEqual(['unchanged']);
    expect(again.notes).toEqual(first.notes);
    expect(written(sqlite)).toEqual(before);

    // a statement marked internal stays so, and importing the same text again changes nothing
    sqlite.prepare('update protocol_statements set internal = 1').run();
    sqlite.prepare('delete from search_pending').run();
    const marked = written(sqlite);
    expect(importDocument(db, TEST_ACTOR, { resolutions: [shorter] }, { source: 'dritte.txt' }).items[0]!.change).toBe('unchanged');
    expect(written(sqlite)).toEqual(marked);
    connection.close();
  });

  it('with one changed field writes it, bumps the version once and queues the resolution', () => {
    const connection = freshDatabase();
    const { sqlite, db } = connection;
    importSeed(connection);
    sqlite.prepare('delete from search_pending').run();
    const version = sqlite.prepare('select version from resolutions').pluck().get() as number;
    const seed = seedDocument().resolutions[0]!;
    const result = importDocument(db, TEST_ACTOR, { resolutions: [{ ...seed, sponsors: ['HB'] }] }, { source: 'neu.txt' });
    expect(result.items[0]!.change).toBe('updated');
    expect(sqlite.prepare('select version from resolutions').pluck().get()).toBe(version + 1);
    expect(sqlite.prepare('select land from resolution_sponsors').pluck().all()).toEqual(['HB']);
    expect(sqlite.prepare('select count(*) from search_pending').pluck().get()).toBe(1);
    connection.close();
  });
});
