/**
 * Results memoised for one "generation" of the database, as the page cache and the search do:
 * `total_changes()` moves with every write on this connection, `PRAGMA data_version` with every
 * commit by another one (the command-line importer, a restore). Any write drops every entry.
 *
 * What a generation read sees: a write by this process at once (`total_changes()` is read every
 * time, for next to nothing); a commit by another process from the next turn of the event loop on.
 * `PRAGMA data_version` takes file locks (a few µs), so it is read once per turn and kept until
 * the turn's end (setImmediate): the requests parsed in one turn — a burst on a busy server —
 * share one read. A commit by another process that lands during a turn is thus seen by every
 * request parsed in a later turn; one parsed in the same turn raced that commit anyway.
 */
import type Database from 'better-sqlite3';
import type { Db } from '../../db/connection.js';

interface Generation {
  changes: Database.Statement;
  dataVersion: Database.Statement;
  /** `data_version` as read in the current turn of the event loop; undefined before the first read of a turn. */
  version: number | undefined;
}

const generations = new WeakMap<Db, Generation>();

function statementsOf(db: Db): Generation {
  let g = generations.get(db);
  if (!g) {
    const sqlite = db.$client;
    g = {
      changes: sqlite.prepare('select total_changes()').pluck(),
      dataVersion: sqlite.prepare('pragma data_version').pluck(),
      version: undefined,
    };
    generations.set(db, g);
  }
  return g;
}

/**
 * The current generation of the database behind `db`, as a string (see above for what it sees).
 * `pragma data_version` opens a read transaction (file locks: a few µs) and is read once per turn
 * of the event loop; `total_changes()` costs next to nothing and is read every time.
 */
export function generationOf(db: Db): string {
  const g = statementsOf(db);
  const changes = g.changes.get() as number;
  if (g.version === undefined) {
    g.version = g.dataVersion.get() as number;
    setImmediate(() => {
      g.version = undefined;
    });
  }
  return `${changes}:${g.version}`;
}

/**
 * Whether this connection wrote since `generation` was read — without `pragma data_version`.
 * Enough to decide whether something computed since then may be kept for `generation`: a commit
 * by another connection meanwhile moves the data version, so the next `generationOf` differs
 * and whatever was kept for `generation` is never used.
 */
export function wroteSince(db: Db, generation: string): boolean {
  return !generation.startsWith(`${statementsOf(db).changes.get() as number}:`);
}

/**
 * A memo of at most `maxEntries` results per database, valid for one generation; the least
 * recently used entry goes first.
 */
export function generationMemo<V>(maxEntries: number): (db: Db, key: string, compute: () => V) => V {
  const memos = new WeakMap<Db, { generation: string; entries: Map<string, V> }>();
  return (db, key, compute) => {
    const generation = generationOf(db);
    let memo = memos.get(db);
    if (!memo || memo.generation !== generation) {
      memo = { generation, entries: new Map() };
      memos.set(db, memo);
    }
    const hit = memo.entries.get(key);
    if (hit !== undefined) {
      memo.entries.delete(key);
      memo.entries.set(key, hit);
      return hit;
    }
    const value = compute();
    // a write during compute (none expected: reads only) would make the value stale at once
    if (!wroteSince(db, generation)) {
      if (memo.entries.size >= maxEntries) memo.entries.delete(memo.entries.keys().next().value!);
      memo.entries.set(key, value);
    }
    return value;
  };
}
