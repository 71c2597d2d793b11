/**
 * Writes wait instead of failing: while another process holds the database's write lock (the
 * command-line importer), a web write waits for it (BEGIN IMMEDIATE, so the busy timeout
 * applies) and then succeeds; a lock held longer than the busy timeout answers 503 with
 * Retry-After and a German page, nothing stored. Large imports commit in batches. /readyz reports
 * a database that cannot be written. Every write transaction in the source begins immediately.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type Connection } from '../../db/connection.js';
import { MIGRATIONS_DIR, ROOT_DIR } from '../../src/paths.js';
import { buildTestApp, conferenceIdOf, cookiesOf, loginAs, TEST_ACTOR } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { importDocument } from '../../src/services/import.js';
import { ensureActors } from '../../src/services/demo.js';
import { buildSyntheticCollection } from '../../src/domain/parser/synthetic-collection.js';
import { parseResolutionText } from '../../src/domain/parser/index.js';

const PASSWORD = 'ein langes sicheres Passwort';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(overrides: Parameters<typeof buildTestApp>[0] = {}): Promise<{ app: FastifyInstance; connection: Connection; file: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bm-writes-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'bm.db');
  const connection = openDatabase(file, MIGRATIONS_DIR);
  ensureActors(connection.db);
  const { app } = await buildTestApp({ databasePath: file, ...overrides }, connection);
  cleanups.push(() => app.close());
  await createUser(connection.db, TEST_ACTOR, { email: 'gs@intmk.example', name: 'GS', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)], password: PASSWORD });
  return { app, connection, file };
}

/**
 * A second process that takes the write lock (BEGIN IMMEDIATE, one row written), says "locked",
 * holds it for `ms` (or, without, until `release()`), commits and says "released" — as the
 * command-line importer would.
 */
function holdWriteLock(file: string, ms?: number): Promise<{ child: ChildProcessWithoutNullStreams; released: Promise<void>; release: () => void }> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1]);
    db.pragma('busy_timeout = 5000');
    db.exec('BEGIN IMMEDIATE');
    db.prepare("insert or replace into app_meta (key, value) values ('lock-holder', 'war hier')").run();
    process.stdout.write('locked\\n');
    if (process.argv[2] === 'until-released') require('fs').readSync(0, Buffer.alloc(1));
    else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.argv[2]));
    db.exec('COMMIT');
    db.close();
    process.stdout.write('released\\n');`;
  const child = spawn(process.execPath, ['-e', script, file, ms === undefined ? 'until-released' : String(ms)], { cwd: ROOT_DIR });
  cleanups.push(() => {
    child.kill('SIGKILL');
  });
  let output = '';
  const said = (word: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => output.includes(word) && resolve();
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        check();
      });
      child.on('exit', () => (output.includes(word) ? resolve() : reject(new Error(`lock holder ended without "${word}": ${output}`))));
      check();
    });
  const released = said('released');
  return said('locked').then(() => ({ child, released, release: () => child.stdin.end('\n') }));
}

async function newConferenceForm(app: FastifyInstance) {
  const cookies = await loginAs(app, 'gs@intmk.example', PASSWORD);
  const form = await app.inject({ url: '/verwaltung/konferenzen/neu', cookies });
  return { cookies: { ...cookies, ...cookiesOf(form) }, token: /name="_csrf" value="([^"]+)"/.exec(form.body)![1]! };
}

function postConference(app: FastifyInstance, form: { cookies: Record<string, string>; token: string }, shortName: string, description = '') {
  return app.inject({
    method: 'POST',
    url: '/verwaltung/konferenzen/neu',
    cookies: form.cookies,
    payload: { _csrf: form.token, version: '0', shortName, name: `Konferenz ${shortName}`, description },
  });
}

const count = (connection: Connection, slug: string) => connection.sqlite.prepare('select count(*) from conferences where slug = ?').pluck().get(slug);

describe('a web write while another process writes', () => {
  it('waits for the other process\'s lock and then succeeds (both writes kept)', async () => {
    const { app, connection } = await setUp();
    const form = await newConferenceForm(app);
    const { released } = await holdWriteLock(connection.sqlite.name, 1500);
    const response = await postConference(app, form, 'WarteMK');
    await released;
    expect(response.statusCode).toBe(303);
    expect(count(connection, 'wartemk')).toBe(1);
    expect(connection.sqlite.prepare("select value from app_meta where key = 'lock-holder'").pluck().get()).toBe('war hier');
  });

  it('answers 503 with Retry-After and a German page when the lock outlasts the busy timeout; nothing stored; reads go on', async () => {
    const { app, connection } = await setUp();
    connection.sqlite.pragma('busy_timeout = 200');
    const form = await newConferenceForm(app);
    // held until the test lets go (a lock held for a fixed time could be gone before the request
    // came on a loaded machine)
    const { released, release } = await holdWriteLock(connection.sqlite.name);
    const response = await postConference(app, form, 'BusyMK');
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.headers['content-security-policy']).toBeDefined();
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('Die Datenbank ist gerade mit einer größeren Änderung beschäftigt');
    expect(response.body).not.toMatch(/SQLITE|database is locked/i);
    // reading while the other process writes: WAL, no waiting
    expect((await app.inject({ url: '/verwaltung', cookies: form.cookies })).statusCode).toBe(200);
    expect((await app.inject('/readyz')).statusCode).toBe(200);
    release();
    await released;
    expect(count(connection, 'busymk')).toBe(0);
    expect((await postConference(app, form, 'BusyMK')).statusCode).toBe(303);
  });
});

describe('large imports', () => {
  it('commit in batches: between two batches another connection can write, and sees the batches so far', async () => {
    const { connection, file } = await setUp();
    const document = parseResolutionText(buildSyntheticCollection(250));
    expect(document.resolutions).toHaveLength(250);
    const other = new Database(file);
    other.pragma('busy_timeout = 0');
    cleanups.push(() => {
      other.close();
    });
    const seen: number[] = [];
    importDocument(connection.db, TEST_ACTOR, document, { source: 'Stapel' }, {
      batchSize: 100,
      afterBatch: () => {
        // the write lock is free: a second writer gets it at once
        other.exec('BEGIN IMMEDIATE');
        seen.push(other.prepare('select count(*) from resolutions').pluck().get() as number);
        other.exec('ROLLBACK');
      },
    });
    expect(seen).toEqual([100, 200, 250]);
  });
});

describe('/readyz', () => {
  it('reports a database that cannot store: a write failed for lack of room, a read-only connection, too little disk', async () => {
    const { app, connection } = await setUp();
    const form = await newConferenceForm(app);
    expect((await app.inject('/readyz')).body).toBe('ok');
    // the database may not grow any more: the write fails as on a full disk
    const pages = connection.sqlite.pragma('page_count', { simple: true }) as number;
    connection.sqlite.pragma(`max_page_count = ${pages}`);
    const full = await postConference(app, form, 'VollMK', 'Beschreibung '.repeat(380));
    expect(full.statusCode).toBe(503);
    expect(full.body).toContain('Die Datenbank kann gerade nichts speichern');
    expect(full.headers['retry-after']).toBe('5');
    connection.sqlite.pragma(`max_page_count = ${pages}`);
    const notReady = await app.inject('/readyz');
    expect(notReady.statusCode).toBe(503);
    expect(notReady.body).toContain('konnte zuletzt nichts speichern');
    // room again: the next check writes once more and is satisfied
    connection.sqlite.pragma('max_page_count = 1073741823');
    expect((await app.inject('/readyz')).statusCode).toBe(200);

    connection.sqlite.pragma('query_only = 1');
    const readOnly = await app.inject('/readyz');
    expect(readOnly.statusCode).toBe(503);
    expect(readOnly.body).toContain('schreibgeschützt');
    connection.sqlite.pragma('query_only = 0');
    expect((await app.inject('/readyz')).statusCode).toBe(200);
  });

  it('reports too little free space on the database\'s file system (MIN_FREE_DISK_MB)', async () => {
    const { app } = await setUp({ minFreeDiskMb: 1024 * 1024 * 1024 });
    const response = await app.inject('/readyz');
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('zu wenig Platz frei');
  });
});

describe('the source', () => {
  it('opens every write transaction with BEGIN IMMEDIATE (writeTransaction, or better-sqlite3\'s .immediate)', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (full.endsWith('.ts')) files.push(full);
      }
    };
    walk(path.join(ROOT_DIR, 'src'));
    const offenders: string[] = [];
    for (const file of files) {
      if (file.endsWith(path.join('services', 'tx.ts'))) continue;
      const text = readFileSync(file, 'utf8');
      // drizzle: db.transaction(...) is deferred unless told otherwise
      if (/\b(db|connection\.db)\.transaction\(/.test(text)) offenders.push(`${path.relative(ROOT_DIR, file)}: db.transaction`);
      // better-sqlite3: a transaction function must be called as .immediate(...)
      for (const match of text.matchAll(/const (\w+) = \w+\.transaction\(/g)) {
        const name = match[1]!;
        if (new RegExp(`\\b${name}\\((?!\\))`).test(text.replace(match[0], '')) || new RegExp(`\\b${name}\\(\\)`).test(text)) offenders.push(`${path.relative(ROOT_DIR, file)}: ${name}() without .immediate`);
      }
      if (/\.transaction\([^)]*\)[^.]*\n?\s*\}\)\(\)/.test(text)) offenders.push(`${path.relative(ROOT_DIR, file)}: transaction()() without .immediate`);
    }
    expect(offenders).toEqual([]);
  });
});
