/**
 * Server-side sessions: the cookie holds a random token, the database only its SHA-256, so a
 * copy of the database opens no session. Logout and deactivation delete the row: the session
 * ends at once. Idle and absolute lifetimes are checked on every lookup.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { sessions, users } from '../../db/schema.js';
import { preparedPer } from './prepared.js';
import type { UserRole } from '../domain/vocabulary.js';

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

/** lastSeenAt is written at most this often, so reading pages does not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;

function idOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function createSession(db: Db, userId: number, policy: SessionPolicy, now = new Date()): { token: string; expiresAt: Date } {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + policy.absoluteHours * 3_600_000);
  db.insert(sessions)
    .values({ id: idOf(token), userId, createdAt: now.toISOString(), lastSeenAt: now.toISOString(), expiresAt: expiresAt.toISOString() })
    .run();
  return { token, expiresAt };
}

export interface SessionUser {
  sessionId: string;
  userId: number;
  email: string;
  name: string;
  role: UserRole;
  land: string | null;
  conferenceId: number | null;
  mustChangePassword: boolean;
}

/** Read on every request of a logged-in user: prepared once per connection. */
const queries = preparedPer((db: Db) => ({
  session: db
    .select({
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      userId: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      land: users.land,
      conferenceId: users.conferenceId,
      active: users.active,
      mustChangePassword: users.mustChangePassword,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder('id')))
    .prepare(),
}));

export function findSession(db: Db, token: string, policy: SessionPolicy, now = new Date()): SessionUser | null {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const id = idOf(token);
  const row = queries(db).session.get({ id });
  if (!row) return null;
  const idleLimit = new Date(row.lastSeenAt).getTime() + policy.idleMinutes * 60_000;
  if (!row.active || now.toISOString() >= row.expiresAt || now.getTime() >= idleLimit) {
    db.delete(sessions).where(eq(sessions.id, id)).run();
    return null;
  }
  if (now.getTime() - new Date(row.lastSeenAt).getTime() > TOUCH_INTERVAL_MS) {
    db.update(sessions).set({ lastSeenAt: now.toISOString() }).where(eq(sessions.id, id)).run();
  }
  const { lastSeenAt: _l, expiresAt: _e, active: _a, ...user } = row;
  return { sessionId: id, ...user };
}

export function deleteSession(db: Db, token: string): void {
  db.delete(sessions).where(eq(sessions.id, idOf(token))).run();
}

/** Removes sessions past their absolute lifetime (maintenance). */
export function deleteExpiredSessions(db: Db, now = new Date()): number {
  return db.delete(sessions).where(and(lt(sessions.expiresAt, now.toISOString()))).run().changes;
}
