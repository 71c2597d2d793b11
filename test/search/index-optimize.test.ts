import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../db/connection.js';
import { countingStatements, freshDatabase } from '../helpers.js';
import { parseQuery } from '../../src/domain/search-query.js';
import { NO_FILTERS, searchResolutions, syncSearchIndex } from '../../src/services/search.js';
import { optimizeSearchIndex, PENDING_CHECK } from '../../src/services/search/index-sync.js';
import { PUBLIC_VIEWER } from '../../src/services/visibility.js';
import { buildArchive, type Archive } from './fixtures.js';

let connection: Connection;
let archive: Archive;

beforeEach(() => {
  connection = freshDatabase();
  archive = buildArchive(connection);
  syncSearchIndex(connection.sqlite);
});

afterEach(() => connection.close());

/** Segments of the public index (FTS5's %_idx shadow table has a row per segment and leaf). */
function segments(): number {
  return connection.sqlite.prepare('select count(distinct segid) from search_index_idx').pluck().get() as number;
}

/** A new title for a resolution: the triggers queue it for re-indexing. */
function retitle(id: number, title: string): void {
  connection.sqlite.prepare('update resolutions set title = ? where id = ?').run(title, id);
}

describe('search index optimize', () => {
  it('leaves the segments of everyday writes to FTS5', () => {
    expect(segments()).toBe(1);
    retitle(archive.pflege, 'Pflegekräfte aus dem Ausland gewinnen');
    expect(syncSearchIndex(connection.sqlite)).toBe(1);
    expect(segments()).toBe(2);
  });

  it('merges the index into one segment after a bulk load', () => {
    retitle(archive.pflege, 'Pflegekräfte aus dem Ausland gewinnen');
    syncSearchIndex(connection.sqlite);
    expect(segments()).toBe(2);
    retitle(archive.foerderung, 'Sprachkurse für Zugewanderte ausbauen');
    retitle(archive.withFollowUps, 'Krankenhausfinanzierung sichern');
    // two of seven resolutions re-indexed: a bulk load when at least two count as one
    expect(syncSearchIndex(connection.sqlite, 2)).toBe(2);
    expect(segments()).toBe(1);
  });

  it('keeps matches, ranking, facets and snippets', () => {
    retitle(archive.pflege, 'Pflegekräfte aus dem Ausland gewinnen');
    syncSearchIndex(connection.sqlite);
    const queries = ['Bund', 'Pflegekräfte', 'Migrationsberat*', 'Sprachkurs', '"der Bund"', 'Förderung OR Kommune'];
    const search = () => queries.map((q) => searchResolutions(connection.db, PUBLIC_VIEWER, parseQuery(q), NO_FILTERS, { cache: false }));
    const before = search();
    expect(before.every((result) => result.total > 0)).toBe(true);
    optimizeSearchIndex(connection.sqlite);
    expect(segments()).toBe(1);
    expect(search()).toEqual(before);
  });
});

describe('search index sync before a search', () => {
  const checks = async (run: () => unknown) =>
    (await countingStatements(connection, async () => run())).statements.filter((sql) => sql === PENDING_CHECK).length;

  it('looks for pending resolutions once per generation of the database, and again after a write', async () => {
    const search = (q: string) => searchResolutions(connection.db, PUBLIC_VIEWER, parseQuery(q), NO_FILTERS, { cache: false });
    expect(await checks(() => search('Pflege'))).toBe(1);
    // nothing written since: no second look (a read transaction of its own)
    expect(await checks(() => [search('Pflege'), search('Bund')])).toBe(0);
    retitle(archive.pflege, 'Zauberwort im Titel');
    let found: number[] = [];
    expect(await checks(() => (found = search('Zauberwort').hits.map((hit) => hit.id)))).toBe(1);
    expect(found).toEqual([archive.pflege]);
  });
});
