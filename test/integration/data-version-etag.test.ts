/**
 * ETags from the data version (plugins/page-cache.ts): the archive's pages (`dataVersionETag`) get
 * an ETag made from their address, the database's generation, the day and the process before they
 * are rendered, and a conditional GET naming it is answered 304 without a read or a render. Any
 * write, a commit by another connection, the next day and a restart give the page a new ETag; a
 * logged-in viewer never gets a 304 for a public ETag; other public pages keep the hash of their
 * bytes. Statements are counted on better-sqlite3's Statement, as in page-cache.test.ts.
 */
import { hash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type Connection } from '../../db/connection.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { buildApp } from '../../src/app.js';
import { testConfig, type Config } from '../../src/config.js';
import { createUser } from '../../src/services/users.js';
import { TEST_ACTOR, countingStatements, freshDatabase, importSeed, loginAs } from '../helpers.js';

const PAGE = '/intmk/12/top/2.12';
/** The statements of the generation (services/generation.ts). */
const GENERATION = ['select total_changes()', 'pragma data_version'];

let app: FastifyInstance;
let connection: Connection;
let day = '2026-12-07';

async function start(overrides: Partial<Config> = {}, db: Connection = freshDatabase()) {
  connection = db;
  app = await buildApp({ config: testConfig(overrides), connection, today: () => day });
  await app.ready();
}

afterEach(async () => {
  day = '2026-12-07';
  await app.close();
});

/** One request in a turn of the event loop of its own (as from the network): its answer and the statements it ran. */
async function visit(url = PAGE, headers: Record<string, string> = {}) {
  await nextTurn();
  const { result: response, statements } = await countingStatements(connection, () => app.inject({ url, headers }));
  return { response, statements };
}

const etagOf = (response: { headers: Record<string, unknown> }) => String(response.headers.etag);

describe('ETags from the data version', () => {
  for (const pageCache of [false, true]) {
    it(`answers a conditional GET naming the current ETag with 304, reading nothing but the generation (page cache ${pageCache ? 'on' : 'off'})`, async () => {
      await start({ pageCache });
      importSeed(connection);
      const first = await visit();
      expect(first.response.statusCode).toBe(200);
      const etag = etagOf(first.response);
      expect(etag).toMatch(/^"[\w-]{27}"$/);
      // not the hash of the bytes: made before the page was rendered
      expect(etag).not.toBe(`"${hash('sha1', first.response.rawPayload, 'base64url').slice(0, 27)}"`);

      const again = await visit(PAGE, { 'if-none-match': etag });
      expect(again.response.statusCode).toBe(304);
      expect(again.response.body).toBe('');
      expect(again.statements).toEqual(GENERATION);
      // the headers of the 200 but its length, in their order
      const { 'content-length': _length, date: _date, ...rest } = first.response.headers;
      const { date: _date304, ...notModified } = again.response.headers;
      expect(Object.entries(notModified)).toEqual(Object.entries(rest));
      // weak comparison and lists, as browsers and proxies send them
      expect((await visit(PAGE, { 'if-none-match': `"x", W/${etag}` })).response.statusCode).toBe(304);
    // `*`: 304 where the page exists, 404 where it does not
    expect((await visit(PAGE, { 'if-none-match': '*' })).response.statusCode).toBe(304);
    expect((await visit('/intmk/12/top/99.99', { 'if-none-match': '*' })).response.statusCode).toBe(404);
    });
  }

  it('answers the ETag of a gzip copy no longer stored with 304 as a hit would, without rendering', async () => {
    await start({ pageCache: true });
    importSeed(connection);
    const gzip = { 'accept-encoding': 'gzip' };
    for (let i = 0; i < 2; i++) await visit(PAGE, gzip);
    await app.pageCache.settled();
    const hit = await visit(PAGE, gzip);
    expect(hit.response.headers['content-encoding']).toBe('gzip');
    const tag = etagOf(hit.response);
    expect(tag).toMatch(/-gz"$/);
    app.pageCache.clear();
    const again = await visit(PAGE, { ...gzip, 'if-none-match': tag });
    expect(again.response.statusCode).toBe(304);
    expect(again.statements).toEqual(GENERATION);
    expect(again.response.headers.etag).toBe(tag);
    expect(again.response.headers['content-encoding']).toBe('gzip');
  });

  it('gives the page a new ETag after a write: the old one gets the new page', async () => {
    await start();
    const resolutionId = importSeed(connection).items[0]!.id;
    const first = await visit();
    connection.sqlite.prepare("update resolutions set title = 'Neuer Titel nach der Änderung' where id = ?").run(resolutionId);
    const after = await visit(PAGE, { 'if-none-match': etagOf(first.response) });
    expect(after.response.statusCode).toBe(200);
    expect(after.response.body).toContain('Neuer Titel nach der Änderung');
    expect(etagOf(after.response)).not.toBe(etagOf(first.response));
    expect((await visit(PAGE, { 'if-none-match': etagOf(after.response) })).response.statusCode).toBe(304);
  });

  it('gives the page a new ETag after a commit by another connection, from the next turn on', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bm-etag-'));
    try {
      const file = path.join(dir, 'db.sqlite');
      await start({}, openDatabase(file, MIGRATIONS_DIR));
      const resolutionId = importSeed(connection).items[0]!.id;
      const first = await visit();
      // another process (the command-line importer): its own connection to the file
      const other = openDatabase(file, MIGRATIONS_DIR);
      other.sqlite.prepare("update resolutions set title = 'Aus einem anderen Prozess' where id = ?").run(resolutionId);
      other.close();
      const after = await visit(PAGE, { 'if-none-match': etagOf(first.response) });
      expect(after.response.statusCode).toBe(200);
      expect(after.response.body).toContain('Aus einem anderen Prozess');
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const pageCache of [false, true]) {
    it(`gives the page a new ETag on the next day, and the cache drops its stored pages (page cache ${pageCache ? 'on' : 'off'})`, async () => {
      await start({ pageCache });
      importSeed(connection);
      const first = await visit();
      for (let i = 0; i < 2; i++) await visit();
      expect(app.pageCache.size()).toBe(pageCache ? 1 : 0);
      day = '2026-12-08';
      const next = await visit(PAGE, { 'if-none-match': etagOf(first.response) });
      expect(next.response.statusCode).toBe(200);
      expect(etagOf(next.response)).not.toBe(etagOf(first.response));
      // rendered again (the page shows the state of the day), not answered from the stored page
      expect(next.statements.length).toBeGreaterThan(GENERATION.length);
    });
  }

  it('gives every page a new ETag when the process starts again on the same database', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bm-etag-'));
    try {
      const file = path.join(dir, 'db.sqlite');
      await start({}, openDatabase(file, MIGRATIONS_DIR));
      importSeed(connection);
      const first = await visit();
      await app.close();
      // total_changes() counts from 0 again: the same generation as before, another process
      await start({}, openDatabase(file, MIGRATIONS_DIR));
      const after = await visit(PAGE, { 'if-none-match': etagOf(first.response) });
      expect(after.response.statusCode).toBe(200);
      expect(after.response.body).toBe(first.response.body);
      expect(etagOf(after.response)).not.toBe(etagOf(first.response));
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never answers a logged-in viewer 304 for the public ETag, and gives it no ETag', async () => {
    await start();
    importSeed(connection);
    const password = 'korrekt Pferd Batterie Heftklammer';
    await createUser(connection.db, TEST_ACTOR, { email: 'ref@land.example', name: 'Referentin', role: 'land', land: 'BY', password });
    const publicEtag = etagOf((await visit()).response);
    const cookies = await loginAs(app, 'ref@land.example', password);
    const cookie = Object.entries(cookies)
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
    const loggedIn = await visit(PAGE, { cookie, 'if-none-match': publicEtag });
    expect(loggedIn.response.statusCode).toBe(200);
    expect(loggedIn.response.headers.etag).toBeUndefined();
    expect(loggedIn.response.headers['cache-control']).toBe('no-store');
    expect(loggedIn.response.body).toContain('Referentin');
  });

  it('keeps the hash of the bytes as the ETag of public pages without a data version', async () => {
    await start();
    importSeed(connection);
    const versions = await visit(`${PAGE}/fassungen`);
    expect(versions.response.statusCode).toBe(200);
    expect(etagOf(versions.response)).toBe(`"${hash('sha1', versions.response.rawPayload, 'base64url').slice(0, 27)}"`);
  });
});
