/**
 * Installation secrets (e.g. the CSRF HMAC key): random, created on first use and kept in the
 * database, so they survive restarts and never live in the repository or the environment.
 */
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { appMeta } from '../../db/schema.js';
import { writeTransaction } from './tx.js';
import { preparedPer } from './prepared.js';

/** A stored secret, read without a transaction (the signed links are checked on page requests). */
const storedSecret = preparedPer((db: Db) => db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, sql.placeholder('key'))).prepare());

export function installationSecret(db: Db, name: string): string {
  const key = `secret:${name}`;
  const stored = storedSecret(db).get({ key });
  if (stored) return stored.value;
  return writeTransaction(db, (tx) => {
    const existing = tx.select().from(appMeta).where(eq(appMeta.key, key)).get();
    if (existing) return existing.value;
    const value = randomBytes(32).toString('base64url');
    tx.insert(appMeta).values({ key, value }).run();
    return value;
  });
}
