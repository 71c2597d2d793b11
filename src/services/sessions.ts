/**
 * Server-side sessions: the cookie holds a random token, the database only its SHA-256, so a
 * copy of the database opens no session. Logout and deactivation delete the row: the session
 * ends at once. Idle and absolute lifetimes are checked on every lookup.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { sessions, userConferences, users } from '../../db/schema.js';
import { preparedPer } from './prepared.js';
import type { UserRole } from '../domain/vocabulary.js';
import type { DbOrTx } from './types.js';
import { bestEffort } from './db-health.js';

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
  /** The conferences of a secretariat. */
  conferenceIds: number[];
  mustChangePassword: boolean;
}

/** The conference ids of the user row in the query, as "1,4" (null: none). */
export const userConferenceList = sql<string | null>`(select group_concat(${userConferences.conferenceId}) from ${userConferences} where ${userConferences.userId} = ${users.id})`;

export function parseConferenceList(list: string | null): number[] {
  return list ? list.split(',').map(Number).sort((a, b) => a - b) : [];
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
      conferences: userConferenceList,
      active: users.active,
      mustChangePassword: users.mustChangePassword,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder('id')))
    .prepare(),
  // written at most once a minute per session, but on any request of a user who comes back
  touch: db.update(sessions).set({ lastSeenAt: sql`${sql.placeholder('lastSeenAt')}` }).where(eq(sessions.id, sql.placeholder('id'))).prepare(),
}));

export function findSession(db: Db, token: string, policy: SessionPolicy, now = new Date()): SessionUser | null {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const id = idOf(token);
  const row = queries(db).session.get({ id });
  if (!row) return null;
  const idleLimit = new Date(row.lastSeenAt).getTime() + policy.idleMinutes * 60_000;
  if (!row.active || now.toISOString() >= row.expiresAt || now.getTime() >= idleLimit) {
    bestEffort(() => db.delete(sessions).where(eq(sessions.id, id)).run());
    return null;
  }
  if (now.getTime() - new Date(row.lastSeenAt).getTime() > TOUCH_INTERVAL_MS) {
    bestEffort(() => queries(db).touch.run({ id, lastSeenAt: now.toISOString() }));
  }
  const { lastSeenAt: _l, expiresAt: _e, active: _a, conferences, ...user } = row;
  return { sessionId: id, ...user, conferenceIds: parseConferenceList(conferences) };
}

export function deleteSession(db: Db, token: string): void {
  db.delete(sessions).where(eq(sessions.id, idOf(token))).run();
}

/**
 * Ends every session of the user at once (server-side), except the one with `exceptSessionId`:
 * for a deactivation, a password change or reset, a change of role or scope. Call it inside the
 * transaction of that change.
 */
export function revokeSessions(tx: DbOrTx, userId: number, exceptSessionId: string | null = null): number {
  const condition = exceptSessionId === null ? eq(sessions.userId, userId) : and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId));
  return tx.delete(sessions).where(condition).run().changes;
}

/** Removes sessions past their absolute lifetime (maintenance). */
export function deleteExpiredSessions(db: Db, now = new Date()): number {
  return db.delete(sessions).where(and(lt(sessions.expiresAt, now.toISOString()))).run().changes;
}
