/**
 * Login throttling, kept in SQLite so that every process serving the database counts together
 * (ASVS 5.0 V6.3.1, V6.3.5): failed logins are counted per account — per e-mail address as typed,
 * whether an account has it or not, so that unknown and known addresses behave alike — and per
 * client address. Too many failures within a window lock the key for a while.
 *
 * - A locked key refuses every attempt until the lock ends; attempts during the lock are not
 *   counted and do not extend it.
 * - After the lock (or the window) ends, counting starts afresh: one wrong attempt after a lock
 *   does not lock again, so nobody keeps an account locked with one request per window.
 * - A successful login clears the account's count, not the address's.
 */
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { loginThrottle } from '../../db/schema.js';
import type { DbOrTx } from './types.js';

export interface ThrottleRule {
  maxFailures: number;
  windowMinutes: number;
  lockMinutes: number;
}

/** Five wrong passwords for one account within 15 minutes lock it for 15 minutes. */
export const ACCOUNT_RULE: ThrottleRule = { maxFailures: 5, windowMinutes: 15, lockMinutes: 15 };
/**
 * Thirty failures from one address within 15 minutes lock the address for 15 minutes: enough
 * for an office behind one address, too few to try many accounts.
 */
export const ADDRESS_RULE: ThrottleRule = { maxFailures: 30, windowMinutes: 15, lockMinutes: 15 };

export function accountKey(normalisedEmail: string): string {
  return `account:${normalisedEmail.slice(0, 254)}`;
}

export function addressKey(ip: string | null): string {
  return `ip:${ip ?? 'unbekannt'}`;
}

const minutes = (n: number) => n * 60_000;

/** The end of the lock on the key, if it is locked at `now`. */
export function lockedUntil(tx: DbOrTx, key: string, now: Date): string | null {
  const row = tx.select({ lockedUntil: loginThrottle.lockedUntil }).from(loginThrottle).where(eq(loginThrottle.key, key)).get();
  return row?.lockedUntil && row.lockedUntil > now.toISOString() ? row.lockedUntil : null;
}

/** Counts a failure on the key (not while it is locked); returns whether the key is now locked. */
export function recordFailure(tx: DbOrTx, key: string, rule: ThrottleRule, now: Date): boolean {
  const at = now.toISOString();
  const row = tx.select().from(loginThrottle).where(eq(loginThrottle.key, key)).get();
  if (row?.lockedUntil && row.lockedUntil > at) return true;
  const windowOver = !row || new Date(row.windowStart).getTime() + minutes(rule.windowMinutes) <= now.getTime();
  const afterLock = row?.lockedUntil !== null && row?.lockedUntil !== undefined;
  const failures = windowOver || afterLock ? 1 : row.failures + 1;
  const locked = failures >= rule.maxFailures ? new Date(now.getTime() + minutes(rule.lockMinutes)).toISOString() : null;
  const values = { failures, windowStart: windowOver || afterLock ? at : row.windowStart, lockedUntil: locked };
  tx.insert(loginThrottle)
    .values({ key, ...values })
    .onConflictDoUpdate({ target: loginThrottle.key, set: values })
    .run();
  return locked !== null;
}

export function clearKey(tx: DbOrTx, key: string): void {
  tx.delete(loginThrottle).where(eq(loginThrottle.key, key)).run();
}

/** Removes counters whose window and lock are over (maintenance). */
export function pruneThrottle(tx: DbOrTx, now = new Date()): number {
  const longest = Math.max(ACCOUNT_RULE.windowMinutes, ADDRESS_RULE.windowMinutes);
  const windowOver = new Date(now.getTime() - minutes(longest)).toISOString();
  return tx
    .delete(loginThrottle)
    .where(and(lt(loginThrottle.windowStart, windowOver), or(isNull(loginThrottle.lockedUntil), lt(loginThrottle.lockedUntil, now.toISOString()))))
    .run().changes;
}
