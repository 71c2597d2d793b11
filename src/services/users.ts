/**
 * Users and roles: creation, login checks with a per-account failure counter, password changes,
 * deactivation. Every change is audited in its transaction; passwords never reach a log.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { sessions, users } from '../../db/schema.js';
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
import { USER_ROLES, type UserRole } from '../domain/vocabulary.js';

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

/** The fields of a new user that can be wrong; problems are keyed by field (forms show them beside it). */
export type NewUserField = 'email' | 'name' | 'role' | 'land' | 'password';
export type NewUserProblems = Partial<Record<NewUserField, string[]>>;

export const MAX_NAME_LENGTH = 200;
export const MAX_EMAIL_LENGTH = 254;

/** German problems with a new user, keyed by field; empty when acceptable. */
export function newUserProblems(input: NewUser): NewUserProblems {
  const problems: NewUserProblems = {};
  const add = (field: NewUserField, message: string) => (problems[field] ??= []).push(message);
  const email = normaliseEmail(input.email);
  if (!EMAIL.test(email)) add('email', 'Bitte eine gültige E-Mail-Adresse angeben.');
  else if (email.length > MAX_EMAIL_LENGTH) add('email', `Die E-Mail-Adresse darf höchstens ${MAX_EMAIL_LENGTH} Zeichen lang sein.`);
  if (!input.name.trim()) add('name', 'Bitte einen Namen angeben.');
  else if (input.name.trim().length > MAX_NAME_LENGTH) add('name', `Der Name darf höchstens ${MAX_NAME_LENGTH} Zeichen lang sein.`);
  if (!input.role) add('role', 'Bitte eine Rolle wählen.');
  else if (!(USER_ROLES as readonly string[]).includes(input.role)) add('role', 'Unbekannte Rolle (admin, secretariat oder land).');
  if (input.role === 'land' && !(input.land && isLandCode(input.land)))
    add('land', 'Länderreferentinnen und -referenten brauchen ein Land (z. B. BY).');
  if (input.role !== 'land' && input.land) add('land', 'Nur die Rolle „land“ ist an ein Land gebunden.');
  if (input.password !== undefined) {
    for (const problem of passwordProblems(input.password, { email: input.email })) add('password', problem);
  }
  return problems;
}

export function checkNewUser(input: NewUser): string[] {
  return Object.values(newUserProblems(input)).flat();
}

/** The e-mail address is taken (checked in the transaction that would insert the user). */
export class DuplicateEmailError extends ValidationError {
  constructor(email: string) {
    super(`Es gibt bereits ein Konto mit der E-Mail-Adresse ${email}.`);
    this.name = 'DuplicateEmailError';
  }
}

export async function createUser(db: Db, actor: Actor, input: NewUser): Promise<{ user: PublicUser; password: string }> {
  const problems = checkNewUser(input);
  if (problems.length > 0) throw new ValidationError(problems[0]!, problems);
  const email = normaliseEmail(input.email);
  const password = input.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  const user = db.transaction((tx) => {
    if (tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) {
      throw new DuplicateEmailError(email);
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

/** Deactivates an account and ends all its sessions at once. Nobody deactivates themselves. */
export function setUserActive(db: Db, actor: Actor, userId: number, active: boolean): void {
  if (!active && actor.userId === userId) throw new ValidationError('Sie können Ihr eigenes Konto nicht deaktivieren.');
  db.transaction((tx) => {
    const row = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!row) throw new ValidationError('Das Konto existiert nicht.');
    tx.update(users).set({ active, version: row.version + 1, updatedAt: new Date().toISOString() }).where(eq(users.id, userId)).run();
    if (!active) tx.delete(sessions).where(eq(sessions.userId, userId)).run();
    audit(tx, actor, { action: active ? 'user.activate' : 'user.deactivate', entityType: 'user', entityId: userId, before: { active: row.active }, after: { active } });
  });
}

/**
 * Gives an account a new one-time password (to be changed at the next login), lifts a lock and
 * ends all its sessions. The password is returned once and stored only as a hash; the audit entry
 * does not contain it. Own passwords are changed at /konto/passwort, not reset.
 */
export async function resetPassword(db: Db, actor: Actor, userId: number): Promise<{ user: PublicUser; password: string }> {
  if (actor.userId === userId) throw new ValidationError('Ihr eigenes Passwort ändern Sie unter „Passwort ändern“.');
  if (!db.select({ id: users.id }).from(users).where(eq(users.id, userId)).get()) throw new ValidationError('Das Konto existiert nicht.');
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const user = db.transaction((tx) => {
    const row = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!row) throw new ValidationError('Das Konto existiert nicht.');
    const updated = tx
      .update(users)
      .set({ passwordHash, mustChangePassword: true, failedLogins: 0, lockedUntil: null, version: row.version + 1, updatedAt: new Date().toISOString() })
      .where(eq(users.id, userId))
      .returning()
      .get();
    tx.delete(sessions).where(eq(sessions.userId, userId)).run();
    audit(tx, actor, {
      action: 'user.passwordReset',
      entityType: 'user',
      entityId: userId,
      before: { mustChangePassword: row.mustChangePassword, failedLogins: row.failedLogins, lockedUntil: row.lockedUntil },
      after: { mustChangePassword: true, failedLogins: 0, lockedUntil: null },
    });
    return withoutHash(updated);
  });
  return { user, password };
}

/** All accounts for the administration, by name (then e-mail); never with the password hash. */
export function listUsers(db: Db): PublicUser[] {
  return db
    .select()
    .from(users)
    .orderBy(sql`${users.name} collate nocase`, users.email)
    .all()
    .map(withoutHash);
}

export function getUser(db: Db, userId: number): PublicUser | null {
  const row = db.select().from(users).where(eq(users.id, userId)).get();
  return row ? withoutHash(row) : null;
}
