/**
 * What the page cache reads and keeps per visit, counted on better-sqlite3's Statement (through
 * which every read of the process goes): a first visit costs nothing for the cache's sake, the
 * second stores the page, a hit reads only the database's generation, and after a write the page
 * is rendered and stored again at its next visit. The data version (a commit by another
 * connection) is read once per turn of the event loop: each visit here starts in a turn of its own,
 * as requests from the network do.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type Connection } from '../../db/connection.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { buildTestApp, countingStatements, freshDatabase, importSeed } from '../helpers.js';
import { testConfig } from '../../src/config.js';
import { buildApp } from '../../src/app.js';

/** The statements the cache itself runs (services/generation.ts). */
const GENERATION = ['select total_changes()', 'pragma data_version'];
const PAGE = '/intmk/12/top/2.12';

let app: FastifyInstance;
let connection: Connection;

beforeEach(async () => {
  ({ app, connection } = await buildTestApp({ pageCache: true }));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await app.close();
});

/** One visit, in a turn of the event loop of its own: its answer and the statements it executed. */
async function visit(url = PAGE) {
  await nextTurn();
  const { result: response, statements } = await countingStatements(connection, () => app.inject(url));
  return { response, statements, cache: statements.filter((source) => GENERATION.includes(source)) };
}

describe('page cache', () => {
  it('stores a page on its second visit and answers the third from memory, reading only the generation', async () => {
    importSeed(connection);
    const first = await visit();
    expect(first.response.statusCode).toBe(200);
    // the first visit reads nothing for the cache: only the generation its ETag is made of, as with the cache off
    expect(first.cache).toEqual(['select total_changes()', 'pragma data_version']);
    expect(first.statements.length).toBeGreaterThan(0);
    expect(app.pageCache.size()).toBe(0);

    const second = await visit();
    expect(second.response.body).toBe(first.response.body);
    expect(second.response.headers.etag).toBe(first.response.headers.etag);
    // the generation before rendering, and whether this connection wrote while it rendered
    expect(second.cache).toEqual(['select total_changes()', 'pragma data_version', 'select total_changes()']);
    expect(app.pageCache.size()).toBe(1);
    expect(app.pageCache.bytes()).toBe(first.response.rawPayload.length);

    const third = await visit();
    expect(third.response.body).toBe(first.response.body);
    expect(third.response.headers.etag).toBe(first.response.headers.etag);
    expect(third.statements).toEqual(['select total_changes()', 'pragma data_version']);
  });

  it('after a write renders the page at its next visit and stores it again at once', async () => {
    const resolutionId = importSeed(connection).items[0]!.id;
    for (let i = 0; i < 3; i++) await visit();
    expect(app.pageCache.size()).toBe(1);
    connection.sqlite.prepare("update resolutions set title = 'Neuer Titel nach der Änderung' where id = ?").run(resolutionId);
    const after = await visit();
    expect(after.response.body).toContain('Neuer Titel nach der Änderung');
    expect(after.statements.length).toBeGreaterThan(2); // rendered
    expect(app.pageCache.size()).toBe(1); // the page dropped for the write counted as seen
    const hit = await visit();
    expect(hit.response.body).toBe(after.response.body);
    expect(hit.statements).toEqual(['select total_changes()', 'pragma data_version']);
  });

  it('does not store a page rendered while this connection wrote', async () => {
    await app.close();
    connection = freshDatabase();
    app = await buildApp({ config: testConfig({ pageCache: true }), connection });
    // a write between the generation read before rendering and the store (as a slow page might see)
    let writeWhileRendering = false;
    app.addHook('preHandler', async () => {
      if (writeWhileRendering) connection.sqlite.prepare("update conferences set name = name where slug = 'intmk'").run();
    });
    await app.ready();
    importSeed(connection);
    await visit();
    writeWhileRendering = true;
    const second = await visit();
    expect(second.response.statusCode).toBe(200);
    expect(app.pageCache.size()).toBe(0);
    writeWhileRendering = false;
    await visit();
    expect(app.pageCache.size()).toBe(1);
  });

  it('reads the data version once for the requests of one turn, the changes of this connection for each', async () => {
    importSeed(connection);
    for (let i = 0; i < 3; i++) await visit();
    await nextTurn();
    const burst = await countingStatements(connection, () => Promise.all(Array.from({ length: 10 }, () => app.inject(PAGE))));
    expect(burst.result.every((response) => response.statusCode === 200)).toBe(true);
    expect(burst.statements.filter((source) => source === 'pragma data_version')).toHaveLength(1);
    expect(burst.statements.filter((source) => source === 'select total_changes()')).toHaveLength(10);
    expect(burst.statements).toHaveLength(11); // hits all of them
  });

  it('sees a commit by another connection at the first request of a later turn', async () => {
    await app.close();
    const dir = mkdtempSync(path.join(tmpdir(), 'bm-generation-'));
    try {
      const file = path.join(dir, 'db.sqlite');
      connection = openDatabase(file, MIGRATIONS_DIR);
      ({ app } = await buildTestApp({ pageCache: true }, connection));
      const resolutionId = importSeed(connection).items[0]!.id;
      for (let i = 0; i < 3; i++) await visit();
      expect(app.pageCache.size()).toBe(1);
      // another process (the command-line importer): its own connection to the file
      const other = openDatabase(file, MIGRATIONS_DIR);
      other.sqlite.prepare("update resolutions set title = 'Aus einem anderen Prozess' where id = ?").run(resolutionId);
      other.close();
      const after = await visit();
      expect(after.response.body).toContain('Aus einem anderen Prozess');
      expect(after.statements.length).toBeGreaterThan(2); // rendered, not answered from the cache
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
