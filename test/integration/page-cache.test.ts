/**
 * What the page cache reads and keeps per visit, counted on better-sqlite3's Statement (through
 * which every read of the process goes): a first visit costs nothing for the cache's sake, the
 * second stores the page, a hit reads only the database's generation, and after a write the page
 * is rendered and stored again at its next visit.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, freshDatabase, importSeed } from '../helpers.js';
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

/** One visit: its answer and the statements it executed (every read and write goes through a Statement). */
async function visit(url = PAGE) {
  const statement = Object.getPrototypeOf(connection.sqlite.prepare('select 1')) as Record<'get' | 'all' | 'run' | 'iterate', () => unknown>;
  const spies = (['get', 'all', 'run', 'iterate'] as const).map((method) => vi.spyOn(statement, method));
  const response = await app.inject(url);
  const statements = spies.flatMap((spy) => spy.mock.contexts.map((context) => (context as { source: string }).source));
  for (const spy of spies) spy.mockRestore();
  return { response, statements, cache: statements.filter((source) => GENERATION.includes(source)) };
}

describe('page cache', () => {
  it('stores a page on its second visit and answers the third from memory, reading only the generation', async () => {
    importSeed(connection);
    const first = await visit();
    expect(first.response.statusCode).toBe(200);
    expect(first.cache).toEqual([]); // the first visit reads nothing for the cache
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
});
