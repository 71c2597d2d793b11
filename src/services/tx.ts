/**
 * Write transactions: every write of the application runs in `writeTransaction`, which takes the
 * database's write lock when it begins (`BEGIN IMMEDIATE`). A deferred transaction reads first and
 * asks for the lock only at its first write; when another connection (the command-line importer,
 * a second server process) has written in between, SQLite cannot wait for it and fails at once
 * with SQLITE_BUSY. Taken at the start, the lock is waited for up to the busy timeout.
 *
 * Synchronous, as better-sqlite3 is: no `async` callback (it would not roll back).
 */
import type { Db } from '../../db/connection.js';
import type { Tx } from './types.js';

export function writeTransaction<T>(db: Db, fn: (tx: Tx) => T): T {
  return db.transaction(fn, { behavior: 'immediate' });
}
