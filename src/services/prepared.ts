/**
 * Prepared statements per database: a service declares its queries once in a factory, and
 * `preparedPer(factory)(db)` builds them on first use for that connection (STYLE.md §6: rebuilding
 * a query per request is where drizzle's overhead lies).
 */
import { fillPlaceholders, is, SQL } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/connection.js';
import type { DbOrTx } from './types.js';

export function preparedPer<T extends object>(factory: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let prepared = cache.get(db);
    if (!prepared) {
      prepared = factory(db);
      cache.set(db, prepared);
    }
    return prepared;
  };
}

/**
 * As preparedPer, for reads that pages make and write transactions repeat (loading a resolution
 * before changing it): on a connection the statements are prepared once; on a transaction handle
 * (a write, which is rare) the factory builds them for that call, as a query builder would.
 */
export function preparedOrBuilt<T extends object>(factory: (db: DbOrTx) => T): (db: DbOrTx) => T {
  const perConnection = preparedPer<T>(factory);
  return (db) => (isConnection(db) ? perConnection(db) : factory(db));
}

function isConnection(db: DbOrTx): db is Db {
  return '$client' in db;
}

/**
 * A query whose rows are read one at a time as arrays (better-sqlite3's raw `iterate`), for scans
 * over tens of thousands of rows: holding them all at once (drizzle's `.all()`/`.values()`) keeps
 * every row alive until the end, and the old generation of the heap grows by that much. The
 * query is a drizzle query or a statement written as SQL (see sqlStatement).
 */
export function rowIterator<Row extends unknown[]>(db: Db, query: SQL | { toSQL(): { sql: string; params: unknown[] } }) {
  if (is(query, SQL)) return rowIterator<Row>(db, { toSQL: () => dialect.sqlToQuery(query) });
  const { sql, params } = query.toSQL();
  const statement = db.$client.prepare(sql).raw(true);
  return (values: Record<string, unknown>) => statement.iterate(...fillPlaceholders(params, values)) as IterableIterator<Row>;
}

const dialect = new SQLiteSyncDialect();

/**
 * A statement written as SQL (drizzle's `sql`, so that the conditions of ./visibility.ts and named
 * placeholders fit in), compiled and prepared once, whose rows come back as better-sqlite3 gives
 * them: for reads that SQLite assembles itself (JSON columns), where a mapping per row and column
 * would be work the caller does not need.
 */
export function sqlStatement<Row>(db: Db, query: SQL) {
  const { sql, params } = dialect.sqlToQuery(query);
  const statement = db.$client.prepare(sql);
  return {
    get: (values: Record<string, unknown>) => statement.get(...fillPlaceholders(params, values)) as Row | undefined,
    all: (values: Record<string, unknown>) => statement.all(...fillPlaceholders(params, values)) as Row[],
    /** The SQL and its parameters, as drizzle's prepared queries give them (for tests of the query plan). */
    getQuery: () => ({ sql, params }),
  };
}

/**
 * As sqlStatement, with the rows as arrays of their values in the order of the select list
 * (better-sqlite3's raw mode): for lists a page reads whole, and rows of many columns, where an
 * object per row would be work the caller does not need.
 */
export function rawStatement<Row extends unknown[]>(db: Db, query: SQL) {
  const { sql, params } = dialect.sqlToQuery(query);
  const statement = db.$client.prepare(sql).raw(true);
  return {
    get: (values: Record<string, unknown>) => statement.get(...fillPlaceholders(params, values)) as Row | undefined,
    all: (values: Record<string, unknown>) => statement.all(...fillPlaceholders(params, values)) as Row[],
    /** The SQL and its parameters (for tests of the query plan). */
    getQuery: () => ({ sql, params }),
  };
}

/** Rows read for many resolutions at once (ids passed as a JSON array), by their resolution's id, each list in the order read. */
export function byResolution<T extends { resolutionId: number }>(rows: T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const list = map.get(row.resolutionId);
    if (list) list.push(row);
    else map.set(row.resolutionId, [row]);
  }
  return map;
}
