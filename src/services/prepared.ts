/**
 * Prepared statements per database: a service declares its queries once in a factory, and
 * `preparedPer(factory)(db)` builds them on first use for that connection (STYLE.md §6: rebuilding
 * a query per request is where drizzle's overhead lies).
 */
import type { Db } from '../../db/connection.js';

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
