/** Starting the server as a newcomer or an operator would: one clear message, never a stack. */
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { describeDatabaseError, openDatabase } from '../../db/connection.js';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, ROOT_DIR } from '../../src/paths.js';
import { runScript, type ScriptResult } from '../helpers.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bm-start-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) {
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A copy of the migrations folder with only the first `count` migrations, inside `dir`. */
function migrationsUpTo(dir: string, count: number): string {
  const target = path.join(dir, 'migrations');
  cpSync(MIGRATIONS_DIR, target, { recursive: true });
  const journalFile = path.join(target, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: unknown[] };
  journal.entries = journal.entries.slice(0, count);
  writeFileSync(journalFile, JSON.stringify(journal));
  return target;
}

function startServer(env: Record<string, string>, as: { uid: number; gid: number } | null = null): Promise<ScriptResult> {
  return runScript('src/server.ts', [], { LOAD_DEMO: 'false', ...env }, 30_000, as);
}

/** A migrated database file in a directory of its own. */
function migratedDatabase(migrationsDir = MIGRATIONS_DIR): string {
  const dir = tempDir();
  chmodSync(dir, 0o755);
  const file = path.join(dir, 'bm.db');
  const connection = openDatabase(file, migrationsDir);
  connection.close();
  return file;
}

function expectOneClearMessage(result: { code: number | null; stderr: string }, fragment: RegExp) {
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/^Beschlussmonitor kann nicht starten: /);
  expect(result.stderr).toMatch(fragment);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('server start-up errors', () => {
  it('reports an unwritable data directory', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o500);
    // root may write to a read-only directory; a path below a regular file fails for everybody
    const env: Record<string, string> =
      process.getuid?.() === 0
        ? { DATABASE_PATH: path.join(ROOT_DIR, 'package.json', 'x.db') }
        : { DATA_DIR: path.join(dir, 'data') };
    expectOneClearMessage(await startServer(env), /Datenverzeichnis .* kann nicht angelegt/);
  });

  it('reports a port in use', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await startServer({ DATA_DIR: tempDir(), PORT: String(port) });
      expectOneClearMessage(result, new RegExp(`Port ${port} .* belegt`));
    } finally {
      blocker.close();
    }
  });

  it('refuses a database written by a newer version', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'newer.db');
    const db = new Database(file);
    db.exec('create table __drizzle_migrations (id integer primary key, hash text not null, created_at numeric)');
    db.prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)').run('future', Date.now() + 10 ** 12);
    db.close();
    const result = await startServer({ DATABASE_PATH: file });
    expectOneClearMessage(result, /neueren Version/);
  });

  it('reports a read-only database file', async () => {
    const file = migratedDatabase();
    chmodSync(path.dirname(file), 0o777); // the directory is writable: only the file is not
    chmodSync(file, 0o444);
    // root may write to a read-only file: then the server runs as nobody, as a service user would
    const nobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : null;
    expectOneClearMessage(await startServer({ DATABASE_PATH: file }, nobody), /Die Datenbankdatei .* ist schreibgeschützt/);
  });

  it('reports a file that is not a database', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'kein.db');
    writeFileSync(file, 'Dies ist eine Textdatei und keine Datenbank. '.repeat(200));
    expectOneClearMessage(await startServer({ DATABASE_PATH: file }), /ist keine SQLite-Datenbank/);
  });

  it('reports a database another process keeps locked while it must be migrated', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'alt.db');
    // a database of an older version: the start must migrate it, i.e. write
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    migrate(drizzle({ client: old }), { migrationsFolder: migrationsUpTo(dir, 1) });
    old.exec('BEGIN IMMEDIATE');
    try {
      expectOneClearMessage(await startServer({ DATABASE_PATH: file }), /von einem anderen Prozess gesperrt/);
    } finally {
      old.exec('ROLLBACK');
      old.close();
    }
  });

  it('names SQLite\'s troubles in German, never in its English words', () => {
    for (const code of ['SQLITE_READONLY', 'SQLITE_CANTOPEN', 'SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_BUSY', 'SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'SQLITE_WHATEVER']) {
      const message = describeDatabaseError(Object.assign(new Error('attempt to write a readonly database'), { code }), '/x.db');
      expect(message).toMatch(/^Die |^Auf dem|^Beim /);
      expect(message).not.toContain('attempt');
    }
  });

  it('reports invalid configuration', async () => {
    const result = await startServer({ PORT: 'abc', DATA_DIR: tempDir() });
    expectOneClearMessage(result, /Ungültige Konfiguration/);
  });
});
