/**
 * Online backup and safe restore of the SQLite database.
 *
 * Backup: SQLite's online backup API (better-sqlite3 `db.backup()`) copies the database page by
 * page while the application keeps running and writing — in WAL mode a reader never blocks the
 * writer. The copy is written to a temporary file next to the target, switched to rollback
 * journal mode (one self-contained file, no -wal), verified (integrity_check, foreign_key_check,
 * row counts) and only then renamed into place.
 *
 * Restore: refuses a file that is not SQLite, not a Beschlussmonitor database, damaged, or
 * written by a newer version; refuses while the application (or any other process) has the live
 * database open; keeps the old file as `<db>.vor-wiederherstellung-<timestamp>`; copies the backup
 * to a temporary file in the same directory, fsyncs it and renames it over the database, then
 * removes the stale -wal/-shm of the old file.
 *
 * "Is the application running?" is answered by SQLite itself, not by a pid or lock file (which a
 * SIGKILL leaves behind): every open WAL-mode connection holds a shared lock on the database file,
 * so taking an exclusive lock (`locking_mode = EXCLUSIVE`, `BEGIN EXCLUSIVE`, busy_timeout 0)
 * succeeds only when nobody else has the database open. The lock is held until the new file is in
 * place, so the application cannot start half-way through a restore.
 */
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { assertNotNewer, DatabaseStartupError } from '../../db/connection.js';
import { translate } from '../i18n.js';

/** A problem the operator can fix; `message` is German and shown without a stack. */
export class BackupError extends Error {
  constructor(
    message: string,
    /** Exit code for the command line: 1 refused or failed, 3 the database is in use. */
    readonly exitCode: 1 | 3 = 1,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

export interface Verification {
  /** The result lines of PRAGMA integrity_check (['ok'] when sound). */
  integrity: string[];
  /** Rows of PRAGMA foreign_key_check: references to missing rows. */
  foreignKeyProblems: number;
  /** Row counts per table (name → rows), sorted by name. */
  counts: Record<string, number>;
}

const SQLITE_HEADER = 'SQLite format 3\0';

function isSqliteFile(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const header = Buffer.alloc(16);
    const read = readSync(fd, header, 0, 16, 0);
    return read === 16 && header.toString('latin1') === SQLITE_HEADER;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function fsyncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems do not allow fsync on a directory; the rename is still atomic.
  }
}

function removeSidecars(file: string): void {
  for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
}

/** `2026-11-25T10:18:11.123Z` → `20261125T101811Z`: sortable and safe in file names. */
export function fileTimestamp(now = new Date()): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** Checks an open database: integrity, foreign keys, row counts of every table. */
export function verifyConnection(sqlite: Database.Database): Verification {
  const integrity = (sqlite.prepare('pragma integrity_check').pluck().all() as string[]).map(String);
  const foreignKeyProblems = sqlite.prepare('pragma foreign_key_check').all().length;
  const tables = sqlite
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
    .pluck()
    .all() as string[];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    counts[table] = sqlite.prepare(`select count(*) from "${table.replaceAll('"', '""')}"`).pluck().get() as number;
  }
  return { integrity, foreignKeyProblems, counts };
}

function describeDamage(label: string, verification: Verification): string | null {
  if (verification.integrity.length !== 1 || verification.integrity[0] !== 'ok') {
    return translate('cli.backupError.damaged', { label, problems: verification.integrity.slice(0, 3).join('; ') });
  }
  if (verification.foreignKeyProblems > 0) {
    return translate('cli.backupError.foreignKeys', { label, count: verification.foreignKeyProblems });
  }
  return null;
}

/**
 * Opens a database file for checking, refusing what is not a SQLite database. The file is opened
 * read-write: callers pass their own temporary copy, never the operator's original.
 */
function openForCheck(file: string, label: string): Database.Database {
  if (!isSqliteFile(file)) throw new BackupError(translate('cli.backupError.notSqlite', { label }));
  try {
    const sqlite = new Database(file, { fileMustExist: true });
    sqlite.pragma('busy_timeout = 5000');
    sqlite.prepare('select count(*) from sqlite_master').get();
    return sqlite;
  } catch (error) {
    throw new BackupError(translate('cli.backupError.cannotOpenAsDatabase', { label, message: (error as Error).message }));
  }
}

/** Everything restore requires of a file, checked on an open connection. */
function checkRestorable(sqlite: Database.Database, label: string, migrationsDir: string): Verification {
  let verification: Verification;
  try {
    verification = verifyConnection(sqlite);
  } catch (error) {
    throw new BackupError(translate('cli.backupError.broken', { label, message: (error as Error).message }));
  }
  const damage = describeDamage(label, verification);
  if (damage) throw new BackupError(damage);
  if (!('__drizzle_migrations' in verification.counts)) {
    throw new BackupError(translate('cli.backupError.notOurs', { label }));
  }
  try {
    assertNotNewer(sqlite, migrationsDir);
  } catch (error) {
    if (error instanceof DatabaseStartupError) throw new BackupError(translate('cli.backupError.labelled', { label, message: error.message }));
    throw error;
  }
  return verification;
}

export interface BackupResult extends Verification {
  file: string;
  bytes: number;
}

/**
 * Takes an online backup of `databasePath` into `target` (which must not exist yet) and verifies
 * the copy. Works while the application runs and writes.
 */
export async function backupDatabase(databasePath: string, target: string): Promise<BackupResult> {
  if (!existsSync(databasePath)) throw new BackupError(translate('cli.backupError.noDatabase', { path: databasePath }));
  if (existsSync(target)) throw new BackupError(translate('cli.backupError.targetExists', { path: target }));
  const dir = path.dirname(target);
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.tmp`);
  let source: Database.Database;
  try {
    source = new Database(databasePath, { fileMustExist: true });
    source.pragma('busy_timeout = 5000');
  } catch (error) {
    throw new BackupError(translate('cli.backupError.cannotOpen', { path: databasePath, message: (error as Error).message }));
  }
  try {
    // A large step copies the whole file under one read transaction: in WAL mode that never
    // blocks the application's writes, and a write by another connection between small steps
    // would otherwise restart the copy from the beginning.
    await source.backup(temp, { progress: () => 1_000_000 });
  } catch (error) {
    rmSync(temp, { force: true });
    throw new BackupError(translate('cli.backupError.backupFailed', { message: (error as Error).message }));
  } finally {
    source.close();
  }
  try {
    const copy = new Database(temp, { fileMustExist: true });
    let verification: Verification;
    try {
      copy.pragma('journal_mode = DELETE');
      verification = verifyConnection(copy);
    } finally {
      copy.close();
    }
    const damage = describeDamage(translate('cli.backupError.theFile', { file: target }), verification);
    if (damage) throw new BackupError(translate('cli.backupError.backupUnusable', { damage }));
    removeSidecars(temp);
    fsyncFile(temp);
    renameSync(temp, target);
    fsyncDirectory(dir);
    return { file: target, bytes: statSync(target).size, ...verification };
  } catch (error) {
    rmSync(temp, { force: true });
    removeSidecars(temp);
    throw error;
  }
}

/**
 * Takes the exclusive lock on the live database, or reports that it is in use. Returns null when
 * the database file does not exist yet (restore into a fresh path).
 */
function lockLiveDatabase(databasePath: string): Database.Database | null {
  if (!existsSync(databasePath)) return null;
  let sqlite: Database.Database;
  try {
    sqlite = new Database(databasePath, { fileMustExist: true });
  } catch (error) {
    throw new BackupError(translate('cli.backupError.cannotOpen', { path: databasePath, message: (error as Error).message }));
  }
  try {
    sqlite.pragma('busy_timeout = 0');
    sqlite.pragma('locking_mode = EXCLUSIVE');
    sqlite.exec('BEGIN EXCLUSIVE');
    sqlite.exec('COMMIT');
    return sqlite;
  } catch (error) {
    sqlite.close();
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY') || (error as { code?: string }).code?.startsWith('SQLITE_LOCKED')) {
      throw new BackupError(translate('cli.backupError.inUse', { path: databasePath }), 3);
    }
    throw new BackupError(translate('cli.backupError.cannotLock', { path: databasePath, message: (error as Error).message }));
  }
}

export interface RestoreResult extends Verification {
  /** Where the previous database was kept, or null when there was none. */
  keptAs: string | null;
}

/** Replaces the database at `databasePath` by the backup `file` (the application stopped). */
export function restoreDatabase(file: string, databasePath: string, migrationsDir: string, now = new Date()): RestoreResult {
  if (!existsSync(file)) throw new BackupError(translate('cli.backupError.noFile', { path: file }));
  if (!isSqliteFile(file)) throw new BackupError(translate('cli.backupError.notSqlite', { label: translate('cli.backupError.theFile', { file }) }));
  if (path.resolve(file) === path.resolve(databasePath)) {
    throw new BackupError(translate('cli.backupError.isLiveDatabase'));
  }
  const dir = path.dirname(databasePath);
  if (!existsSync(dir)) throw new BackupError(translate('cli.backupError.noDirectory', { path: dir }));

  const live = lockLiveDatabase(databasePath);
  let replaced = false;
  const temp = path.join(dir, `.${path.basename(databasePath)}.wiederherstellung-${process.pid}.tmp`);
  try {
    // The copy in the target directory is what gets checked and renamed: what was checked is
    // exactly what goes live, and the rename stays on one file system (atomic).
    copyFileSync(file, temp);
    let verification: Verification;
    const label = translate('cli.backupError.theFile', { file });
    const candidate = openForCheck(temp, label);
    try {
      verification = checkRestorable(candidate, label, migrationsDir);
      candidate.pragma('journal_mode = DELETE');
    } finally {
      candidate.close();
    }
    removeSidecars(temp);
    fsyncFile(temp);

    let keptAs: string | null = null;
    if (live) {
      // Fold a WAL left by a crashed process into the old file before keeping it.
      live.pragma('wal_checkpoint(TRUNCATE)');
      keptAs = `${databasePath}.vor-wiederherstellung-${fileTimestamp(now)}`;
      copyFileSync(databasePath, keptAs);
      fsyncFile(keptAs);
    }
    renameSync(temp, databasePath);
    replaced = true;
    fsyncDirectory(dir);
    return { keptAs, ...verification };
  } catch (error) {
    rmSync(temp, { force: true });
    removeSidecars(temp);
    throw error;
  } finally {
    // The lock is released only after the rename; the -wal/-shm left over belong to the old file.
    live?.close();
    if (replaced) removeSidecars(databasePath);
  }
}

/** The row counts as aligned text lines for the command line. */
export function formatCounts(counts: Record<string, number>): string {
  const names = Object.keys(counts);
  const width = Math.max(0, ...names.map((name) => name.length));
  return names.map((name) => `  ${name.padEnd(width)}  ${counts[name]}`).join('\n');
}
