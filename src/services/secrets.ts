/**
 * Installation secrets (e.g. the CSRF HMAC key): random, created on first use and kept in the
 * database, so they survive restarts and never live in the repository or the environment.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { appMeta } from '../../db/schema.js';
import { writeTransaction } from './tx.js';

export function installationSecret(db: Db, name: string): string {
  const key = `secret:${name}`;
  return writeTransaction(db, (tx) => {
    const existing = tx.select().from(appMeta).where(eq(appMeta.key, key)).get();
    if (existing) return existing.value;
    const value = randomBytes(32).toString('base64url');
    tx.insert(appMeta).values({ key, value }).run();
    return value;
  });
}
