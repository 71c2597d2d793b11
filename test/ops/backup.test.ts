/**
 * Backup under concurrent writes and restore, as an operator runs them: the command line tools as
 * child processes, another process writing to the database all along.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync, writeSync, closeSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { MIGRATIONS_DIR, ROOT_DIR } from '../../src/paths.js';
import { ensureActors } from '../../src/services/demo.js';
import { verifyConnection } from '../../src/services/backup.js';
import { importDocument } from '../../src/services/import.js';
import { runScript, seedDocument, TEST_ACTOR, type ScriptResult } from '../helpers.js';

let dir: string;
let live: string;

function runCli(script: string, args: string[], databasePath: string): Promise<ScriptResult> {
  return runScript(`src/cli/${script}.ts`, args, { DATABASE_PATH: databasePath });
}

/** Another process that keeps committing rows (as the running application would). */
function startWriter(file: string): Promise<ChildProcess> {
  const script = `
    const Database = require(${JSON.stringify(path.join(ROOT_DIR, 'node_modules', 'better-sqlite3'))});
    const db = new Database(${JSON.stringify(file)});
    db.pragma('journal_mode = WAL'); db.pragma('busy_timeout = 5000'); db.pragma('synchronous = FULL');
    const insert = db.prepare("insert into app_meta (key, value) values (?, 'x')");
    let n = 0;
    const write = () => { for (let i = 0; i < 20; i++) insert.run('schreiber-' + (n++)); };
    write(); process.stdout.write('bereit\\n');
    setInterval(write, 2);
    process.on('SIGTERM', () => { db.close(); process.exit(0); });
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`writer exited early: ${code}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function countsOf(file: string): Record<string, number> {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return verifyConnection(sqlite).counts;
  } finally {
    sqlite.close();
  }
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'bm-backup-'));
  live = path.join(dir, 'live.db');
  const connection = openDatabase(live, MIGRATIONS_DIR);
  ensureActors(connection.db);
  importDocument(connection.db, TEST_ACTOR, seedDocument(), { source: 'Test', release: 'public', releasedOn: '2017-04-01' });
  connection.close();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run db:backup / db:restore', () => {
  let backup: string;

  it('backs up while another process writes, and verifies the copy', async () => {
    const writer = await startWriter(live);
    backup = path.join(dir, 'sicherung.db');
    let result;
    try {
      result = await runCli('backup', [backup], live);
    } finally {
      await stop(writer);
    }
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Sicherung geschrieben: .*sicherung\.db/);
    expect(result.stdout).toContain('integrity_check ok');
    expect(result.stdout).toMatch(/resolutions\s+1\n/);
    const inBackup = countsOf(backup);
    const afterwards = countsOf(live);
    // the writer was busy before, during and after the backup; the backup is one consistent moment
    expect(inBackup.app_meta).toBeGreaterThan(20);
    expect(afterwards.app_meta).toBeGreaterThan(inBackup.app_meta!);
    expect(inBackup.resolutions).toBe(afterwards.resolutions);
    expect(existsSync(`${backup}-wal`)).toBe(false);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    // never overwrites
    const again = await runCli('backup', [backup], live);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/gibt es schon/);
  });

  it('restores into a fresh path with the same row counts', async () => {
    const target = path.join(dir, 'neu', 'wiederhergestellt.db');
    mkdirSync(path.dirname(target));
    const result = await runCli('restore', [backup], target);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Datenbank wiederhergestellt');
    expect(countsOf(target)).toEqual(countsOf(backup));
    // the restored database opens as the application opens it
    openDatabase(target, MIGRATIONS_DIR).close();
  });

  it('refuses while the database is open, then replaces it and keeps the old file', async () => {
    const target = path.join(dir, 'ersetzen.db');
    copyFileSync(live, target);
    const app = new Database(target);
    app.pragma('journal_mode = WAL');
    app.prepare("insert into app_meta (key, value) values ('nur-im-alten', '1')").run();
    try {
      const refused = await runCli('restore', [backup], target);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toMatch(/^Wiederherstellung abgelehnt: .*läuft Beschlussmonitor noch\?/);
    } finally {
      app.close();
    }
    const before = countsOf(target);
    const result = await runCli('restore', [backup], target);
    expect(result.code).toBe(0);
    const kept = readdirSync(dir).filter((name) => name.startsWith('ersetzen.db.vor-wiederherstellung-'));
    expect(kept).toHaveLength(1);
    expect(countsOf(path.join(dir, kept[0]!))).toEqual(before);
    expect(countsOf(target)).toEqual(countsOf(backup));
    expect(existsSync(`${target}-wal`)).toBe(false);
    expect(existsSync(`${target}-shm`)).toBe(false);
  });

  it('refuses a file that is not SQLite', async () => {
    const bogus = path.join(dir, 'kein-sqlite.db');
    writeFileSync(bogus, 'Das ist keine Datenbank.\n'.repeat(100));
    const target = path.join(dir, 'ziel-1.db');
    const result = await runCli('restore', [bogus], target);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/keine SQLite-Datenbank/);
    expect(existsSync(target)).toBe(false);
  });

  it('refuses a damaged file', async () => {
    const damaged = path.join(dir, 'beschaedigt.db');
    copyFileSync(backup, damaged);
    const pageSize = 4096;
    const fd = openSync(damaged, 'r+');
    for (let page = 2; page < 12; page++) writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, page * pageSize);
    closeSync(fd);
    const target = path.join(dir, 'ziel-2.db');
    const result = await runCli('restore', [damaged], target);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Wiederherstellung abgelehnt: .*beschädigt/);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a database written by a newer version', async () => {
    const newer = path.join(dir, 'neuer.db');
    copyFileSync(backup, newer);
    const sqlite = new Database(newer);
    sqlite.prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)').run('zukunft', Date.now() + 10 ** 12);
    sqlite.close();
    const target = path.join(dir, 'ziel-3.db');
    copyFileSync(backup, target);
    const before = countsOf(target);
    const result = await runCli('restore', [newer], target);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/neueren Version/);
    expect(countsOf(target)).toEqual(before);
    expect(readdirSync(dir).filter((name) => name.startsWith('ziel-3.db.vor-'))).toEqual([]);
  });
});
