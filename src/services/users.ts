/**
 * Users and roles: creation, login checks with a per-account failure counter, password changes,
 * deactivation. Every change is audited in its transaction; passwords never reach a log.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { sessions, users, USER_ROLES, type UserRole } from '../../db/schema.js';
import { isLandCode } from '../domain/laender.js';
import { audit, type Actor } from './audit.js';
import {
  dummyPasswordHash,
  generatePassword,
  hashPassword,
  passwordProblems,
  verifyPassword,
} from './passwords.js';
import { ValidationError } from './types.js';

/** After this many failures in a row an account is locked for LOCK_MINUTES. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

export interface NewUser {
  email: string;
  name: string;
  role: UserRole;
  land?: string | null;
  conferenceId?: number | null;
  /** Without a password a one-time password is generated and returned. */
  password?: string;
}

export type PublicUser = Omit<typeof users.$inferSelect, 'passwordHash'>;

function withoutHash(row: typeof users.$inferSelect): PublicUser {
  const { passwordHash: _hash, ...rest } = row;
  return rest;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function checkNewUser(input: NewUser): string[] {
  const problems: string[] = [];
  if (!EMAIL.test(normaliseEmail(input.email))) problems.push('Bitte eine gültige E-Mail-Adresse angeben.');
  if (!input.name.trim()) problems.push('Bitte einen Namen angeben.');
  if (!(USER_ROLES as readonly string[]).includes(input.role)) problems.push('Unbekannte Rolle (admin, secretariat oder land).');
  if (input.role === 'land' && !(input.land && isLandCode(input.land)))
    problems.push('Länderreferentinnen und -referenten brauchen ein Land (z. B. BY).');
  if (input.role !== 'land' && input.land) problems.push('Nur die Rolle „land“ ist an ein Land gebunden.');
  if (input.password !== undefined) problems.push(...passwordProblems(input.password, { email: input.email }));
  return problems;
}

export async function createUser(db: Db, actor: Actor, input: NewUser): Promise<{ user: PublicUser; password: string }> {
  const problems = checkNewUser(input);
  if (problems.length > 0) throw new ValidationError(problems[0]!, problems);
  const email = normaliseEmail(input.email);
  const password = input.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  const user = db.transaction((tx) => {
    if (tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) {
      throw new ValidationError(`Es gibt bereits ein Konto mit der E-Mail-Adresse ${email}.`);
    }
    const row = tx
      .insert(users)
      .values({
        email,
        name: input.name.trim(),
        role: input.role,
        land: input.role === 'land' ? input.land! : null,
        conferenceId: input.conferenceId ?? null,
        passwordHash,
        mustChangePassword: input.password === undefined,
      })
      .returning()
      .get();
    const safe = withoutHash(row);
    audit(tx, actor, { action: 'user.create', entityType: 'user', entityId: row.id, after: safe });
    return safe;
  });
  return { user, password };
}

export type LoginResult =
  | { ok: true; user: PublicUser }
  | { ok: false; reason: 'invalid' | 'locked' | 'inactive' };

/**
 * Checks e-mail and password. Unknown accounts cost the same time as known ones; failures count
 * per account and lock it for a while; every outcome is audited (never with the password).
 */
export async function checkLogin(db: Db, email: string, password: string, ip: string | null, now = new Date()): Promise<LoginResult> {
  const row = db.select().from(users).where(eq(users.email, normaliseEmail(email))).get();
  if (!row) {
    await verifyPassword(await dummyPasswordHash(), password);
    db.transaction((tx) => audit(tx, { userId: null, name: 'anonymous', ip }, { action: 'login.failed', entityType: 'user', entityId: null, after: { email: normaliseEmail(email).slice(0, 200), reason: 'unknown' } }));
    return { ok: false, reason: 'invalid' };
  }
  if (row.lockedUntil && row.lockedUntil > now.toISOString()) {
    db.transaction((tx) => audit(tx, { userId: row.id, name: row.email, ip }, { action: 'login.locked', entityType: 'user', entityId: row.id }));
    return { ok: false, reason: 'locked' };
  }
  const valid = await verifyPassword(row.passwordHash, password);
  return db.transaction((tx) => {
    const who = { userId: row.id, name: row.email, ip };
    if (!valid) {
      const failed = row.failedLogins + 1;
      const lockedUntil = failed >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() : null;
      tx.update(users).set({ failedLogins: failed, lockedUntil }).where(eq(users.id, row.id)).run();
      audit(tx, who, { action: 'login.failed', entityType: 'user', entityId: row.id, after: { failedLogins: failed, lockedUntil } });
      return { ok: false, reason: 'invalid' } as const;
    }
    if (!row.active) {
      audit(tx, who, { action: 'login.inactive', entityType: 'user', entityId: row.id });
      return { ok: false, reason: 'inactive' } as const;
    }
    tx.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now.toISOString() }).where(eq(users.id, row.id)).run();
    audit(tx, who, { action: 'login', entityType: 'user', entityId: row.id });
    return { ok: true, user: withoutHash({ ...row, failedLogins: 0, lockedUntil: null }) } as const;
  });
}

export async function changePassword(db: Db, actor: Actor, userId: number, current: string, next: string): Promise<void> {
  const row = db.select().from(users).where(eq(users.id, userId)).get();
  if (!row) throw new ValidationError('Das Konto existiert nicht.');
  if (!(await verifyPassword(row.passwordHash, current))) throw new ValidationError('Das bisherige Passwort stimmt nicht.');
  const problems = passwordProblems(next, { email: row.email });
  if (next === current) problems.push('Das neue Passwort muss sich vom bisherigen unterscheiden.');
  if (problems.length > 0) throw new ValidationError(problems[0]!, problems);
  const passwordHash = await hashPassword(next);
  db.transaction((tx) => {
    tx.update(users).set({ passwordHash, mustChangePassword: false, version: row.version + 1, updatedAt: new Date().toISOString() }).where(eq(users.id, userId)).run();
    audit(tx, actor, { action: 'user.password', entityType: 'user', entityId: userId });
  });
}

/** Deactivates an account and ends all its sessions at once. */
export function setUserActive(db: Db, actor: Actor, userId: number, active: boolean): void {
  db.transaction((tx) => {
    const row = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!row) throw new ValidationError('Das Konto existiert nicht.');
    tx.update(users).set({ active, version: row.version + 1, updatedAt: new Date().toISOString() }).where(eq(users.id, userId)).run();
    if (!active) tx.delete(sessions).where(eq(sessions.userId, userId)).run();
    audit(tx, actor, { action: active ? 'user.activate' : 'user.deactivate', entityType: 'user', entityId: userId, before: { active: row.active }, after: { active } });
  });
}

export function getUser(db: Db, userId: number): PublicUser | null {
  const row = db.select().from(users).where(eq(users.id, userId)).get();
  return row ? withoutHash(row) : null;
}
