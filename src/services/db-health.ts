/**
 * Whether the database can be written, for the error handler (which answers 503 instead of 500
 * when SQLite is busy or cannot store) and for /readyz (which tells a load balancer that this
 * node cannot take writes now).
 *
 * - busy: another connection (the command-line importer, a second process) held the write lock
 *   for longer than the busy timeout; the next attempt may well succeed.
 * - unwritable: the disk is full, the file or directory is read-only, an I/O error — remembered
 *   until a write succeeds again, so that /readyz reports it although it does not write itself.
 */
import { accessSync, constants, statfsSync } from 'node:fs';
import path from 'node:path';
import { errorCode, type Db } from '../../db/connection.js';
import { appMeta } from '../../db/schema.js';
import { writeTransaction } from './tx.js';

export type SqliteTrouble = 'busy' | 'unwritable';

const UNWRITABLE = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|CORRUPT|NOTADB|PERM)/;

/** What a failed statement says about the database, or null when it is not SQLite's trouble. */
export function sqliteTrouble(error: unknown): SqliteTrouble | null {
  const code = errorCode(error);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  if (UNWRITABLE.test(code)) return 'unwritable';
  return null;
}

/**
 * Housekeeping that a read must not fail for (a session's last-seen time, a watch list's "seen"
 * mark): when the database is busy or cannot store, the page is still served and the write is
 * left to a later request.
 */
export function bestEffort(write: () => unknown): void {
  try {
    write();
  } catch (error) {
    if (!sqliteTrouble(error)) throw error;
  }
}

const failures = new WeakMap<Db, { code: string; at: string }>();

/** Remembers that a write failed because the database could not store it. */
export function recordWriteFailure(db: Db, error: unknown): void {
  failures.set(db, { code: errorCode(error), at: new Date().toISOString() });
}

/** The size of the probe write after a failure: what a typical change (a resolution) needs. */
const PROBE_BYTES = 16 * 1024;

/** Why the database cannot take writes now (a German message key of `ops.notReady.*`), or null. */
export type NotReady = 'noAnswer' | 'readOnly' | 'diskFull' | 'writeFailed';

export interface ReadinessOptions {
  /** The database file (null: in memory). */
  file: string | null;
  /** Less free space than this on the database's file system is not ready. */
  minFreeBytes: number;
}

function writable(file: string): boolean {
  try {
    accessSync(path.dirname(file), constants.W_OK);
    accessSync(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks, in this order: the database answers; the connection, file and directory can be
 * written; the file system has room; no write failed for lack of it since the last success (then
 * a small write is tried, and clears the failure when it goes through).
 */
export function readiness(db: Db, options: ReadinessOptions): NotReady | null {
  const sqlite = db.$client;
  try {
    if (sqlite.prepare('select 1').pluck().get() !== 1) return 'noAnswer';
  } catch {
    return 'noAnswer';
  }
  if (sqlite.readonly || sqlite.pragma('query_only', { simple: true }) === 1) return 'readOnly';
  if (options.file !== null) {
    if (!writable(options.file)) return 'readOnly';
    const stats = statfsSync(path.dirname(options.file));
    if (stats.bavail * stats.bsize < options.minFreeBytes) return 'diskFull';
  }
  if (failures.has(db)) {
    try {
      // a write the size of a typical change (a few pages), then shrunk to a timestamp
      const at = new Date().toISOString();
      writeTransaction(db, (tx) => {
        const probe = (value: string) =>
          tx.insert(appMeta).values({ key: 'write-probe', value }).onConflictDoUpdate({ target: appMeta.key, set: { value } }).run();
        probe(at.padEnd(PROBE_BYTES, '.'));
        probe(at);
      });
      failures.delete(db);
    } catch (error) {
      if (sqliteTrouble(error) === 'busy') return null;
      return 'writeFailed';
    }
  }
  return null;
}
