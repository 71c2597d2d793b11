/**
 * Users and roles: creation, login checks with throttling per account and per address (in
 * SQLite, ./login-throttle.ts), password changes, deactivation, a secretariat's conferences.
 * Every change is audited in its transaction; passwords never reach a log. Whatever changes a
 * user's privileges or credentials ends the user's sessions (./sessions.ts, revokeSessions).
 */
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { conferences, loginThrottle, userConferences, users } from '../../db/schema.js';
import { isLandCode } from '../domain/laender.js';
import { audit, type Actor } from './audit.js';
import { ACCOUNT_RULE, ADDRESS_RULE, accountKey, addressKey, clearKey, lockedUntil, recordFailure } from './login-throttle.js';
import {
  dummyPasswordHash,
  generatePassword,
  hashPassword,
  passwordProblems,
  verifyPassword,
} from './passwords.js';
import { parseConferenceList, revokeSessions, userConferenceList } from './sessions.js';
import { writeTransaction } from './tx.js';
import { preparedOrBuilt, preparedPer } from './prepared.js';
import { ValidationError, type DbOrTx, type Tx } from './types.js';
import { USER_ROLES, type UserRole } from '../domain/vocabulary.js';
import { translate } from '../i18n.js';

/** After this many failures in a row an account is locked for a while (see ./login-throttle.ts). */
export const MAX_FAILED_LOGINS = ACCOUNT_RULE.maxFailures;
export const LOCK_MINUTES = ACCOUNT_RULE.lockMinutes;

export interface NewUser {
  email: string;
  name: string;
  role: UserRole;
  land?: string | null;
  /** The conferences of a secretariat (at least one; none for other roles). */
  conferenceIds?: readonly number[];
  /** Without a password a one-time password is generated and returned. */
  password?: string;
}

export type PublicUser = Omit<typeof users.$inferSelect, 'passwordHash'> & { conferenceIds: number[] };

function withoutHash(row: typeof users.$inferSelect, conferenceIds: number[]): PublicUser {
  const { passwordHash: _hash, ...rest } = row;
  return { ...rest, conferenceIds };
}

/** A user's conferences, read by the admin pages (prepared once per connection) and inside writes. */
const conferenceIdsQuery = preparedOrBuilt((tx: DbOrTx) =>
  tx
    .select({ id: userConferences.conferenceId })
    .from(userConferences)
    .where(eq(userConferences.userId, sql.placeholder('userId')))
    .orderBy(asc(userConferences.conferenceId))
    .prepare(),
);

function conferenceIdsOf(tx: DbOrTx, userId: number): number[] {
  return conferenceIdsQuery(tx)
    .all({ userId })
    .map((row) => row.id);
}

/** The reads of the user administration, prepared once per connection. */
const adminQueries = preparedPer((db: Db) => ({
  list: db
    .select({ user: users, conferences: userConferenceList, lockedUntil: loginThrottle.lockedUntil })
    .from(users)
    .leftJoin(loginThrottle, eq(loginThrottle.key, sql`'account:' || ${users.email}`))
    .orderBy(sql`${users.name} collate nocase`, users.email)
    .prepare(),
  user: db.select().from(users).where(eq(users.id, sql.placeholder('userId'))).prepare(),
}));

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The fields of a new user that can be wrong; problems are keyed by field (forms show them beside it). */
export type NewUserField = 'email' | 'name' | 'role' | 'land' | 'conferences' | 'password';
export type NewUserProblems = Partial<Record<NewUserField, string[]>>;

export const MAX_NAME_LENGTH = 200;
export const MAX_EMAIL_LENGTH = 254;

/** German problems with a new user, keyed by field; empty when acceptable. */
export function newUserProblems(input: NewUser): NewUserProblems {
  const problems: NewUserProblems = {};
  const add = (field: NewUserField, message: string) => (problems[field] ??= []).push(message);
  const email = normaliseEmail(input.email);
  if (!EMAIL.test(email)) add('email', translate('userError.email'));
  else if (email.length > MAX_EMAIL_LENGTH) add('email', translate('userError.emailTooLong', { max: MAX_EMAIL_LENGTH }));
  if (!input.name.trim()) add('name', translate('userError.name'));
  else if (input.name.trim().length > MAX_NAME_LENGTH) add('name', translate('userError.nameTooLong', { max: MAX_NAME_LENGTH }));
  if (!input.role) add('role', translate('userError.role'));
  else if (!(USER_ROLES as readonly string[]).includes(input.role)) add('role', translate('userError.roleUnknown'));
  if (input.role === 'land' && !(input.land && isLandCode(input.land)))
    add('land', translate('userError.landNeeded'));
  if (input.role !== 'land' && input.land) add('land', translate('userError.landOnlyForLand'));
  const scope = input.conferenceIds ?? [];
  if (input.role === 'secretariat' && scope.length === 0)
    add('conferences', translate('userError.conferencesNeeded'));
  if (input.role !== 'secretariat' && scope.length > 0) add('conferences', translate('userError.conferencesOnlyForSecretariat'));
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
    super(translate('userError.duplicateEmail', { email }));
    this.name = 'DuplicateEmailError';
  }
}

/** The conference ids, checked to exist (sorted, without repeats); ValidationError otherwise. */
function checkedConferences(tx: DbOrTx, ids: readonly number[]): number[] {
  const wanted = [...new Set(ids)].sort((a, b) => a - b);
  if (wanted.length === 0) return [];
  const found = new Set(tx.select({ id: conferences.id }).from(conferences).where(inArray(conferences.id, wanted)).all().map((row) => row.id));
  if (wanted.some((id) => !found.has(id))) throw new ValidationError(translate('userError.conferenceUnknown'));
  return wanted;
}

export async function createUser(db: Db, actor: Actor, input: NewUser): Promise<{ user: PublicUser; password: string }> {
  const password = input.password ?? generatePassword();
  const { user } = await insertUser(db, actor, input, password, input.password === undefined);
  return { user, password };
}

/**
 * Checks and inserts a new user with the given password (hashed here), audited; `within` runs in
 * the same transaction with the new row (e.g. to write the invitation to the outbox).
 */
export async function insertUser<T = void>(
  db: Db,
  actor: Actor,
  input: NewUser,
  password: string,
  mustChangePassword: boolean,
  within?: (tx: Tx, user: PublicUser) => T,
): Promise<{ user: PublicUser; within: T | undefined }> {
  const problems = checkNewUser(input);
  if (problems.length > 0) throw new ValidationError(problems[0]!, problems);
  const email = normaliseEmail(input.email);
  const passwordHash = await hashPassword(password);
  return writeTransaction(db, (tx) => {
    if (tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) {
      throw new DuplicateEmailError(email);
    }
    const scope = checkedConferences(tx, input.conferenceIds ?? []);
    const row = tx
      .insert(users)
      .values({
        email,
        name: input.name.trim(),
        role: input.role,
        land: input.role === 'land' ? input.land! : null,
        passwordHash,
        mustChangePassword,
      })
      .returning()
      .get();
    if (scope.length > 0) tx.insert(userConferences).values(scope.map((conferenceId) => ({ userId: row.id, conferenceId }))).run();
    const safe = withoutHash(row, scope);
    audit(tx, actor, { action: 'user.create', entityType: 'user', entityId: row.id, after: safe });
    return { user: safe, within: within?.(tx, safe) };
  });
}

export type LoginResult =
  | { ok: true; user: PublicUser }
  | { ok: false; reason: 'invalid' | 'locked' | 'noScope' };

/**
 * Checks e-mail and password (ASVS 5.0 V6.3): unknown accounts cost the same time and give the
 * same answers as known ones; failures are counted per e-mail address and per client address,
 * and a locked key refuses every attempt without checking the password; every outcome is audited
 * (never with the password). An inactive account answers like a wrong password. A secretariat
 * without a conference is refused after a correct password, with its own message.
 */
export async function checkLogin(db: Db, email: string, password: string, ip: string | null, now = new Date()): Promise<LoginResult> {
  const normalised = normaliseEmail(email).slice(0, 254);
  const keys = [accountKey(normalised), addressKey(ip)];
  const locked = writeTransaction(db, (tx) => {
    const until = keys.map((key) => lockedUntil(tx, key, now)).find((value) => value !== null);
    if (!until) return false;
    audit(tx, { userId: null, name: 'anonymous', ip }, { action: 'login.throttled', entityType: 'user', entityId: null, after: { email: normalised.slice(0, 200) } });
    return true;
  });
  if (locked) return { ok: false, reason: 'locked' };
  const row = db.select().from(users).where(eq(users.email, normalised)).get();
  const valid = row ? await verifyPassword(row.passwordHash, password) : (await verifyPassword(await dummyPasswordHash(), password), false);
  return writeTransaction(db, (tx) => {
    const who = { userId: row?.id ?? null, name: row?.email ?? 'anonymous', ip };
    if (!row || !valid || !row.active) {
      const accountLocked = recordFailure(tx, keys[0]!, ACCOUNT_RULE, now);
      const addressLocked = recordFailure(tx, keys[1]!, ADDRESS_RULE, now);
      const reason = !row ? 'unknown' : !valid ? 'password' : 'inactive';
      audit(tx, who, { action: 'login.failed', entityType: 'user', entityId: row?.id ?? null, after: { email: normalised.slice(0, 200), reason, accountLocked, addressLocked } });
      return { ok: false, reason: 'invalid' } as const;
    }
    clearKey(tx, keys[0]!);
    const scope = conferenceIdsOf(tx, row.id);
    if (row.role === 'secretariat' && scope.length === 0) {
      audit(tx, who, { action: 'login.noScope', entityType: 'user', entityId: row.id });
      return { ok: false, reason: 'noScope' } as const;
    }
    tx.update(users).set({ lastLoginAt: now.toISOString() }).where(eq(users.id, row.id)).run();
    audit(tx, who, { action: 'login', entityType: 'user', entityId: row.id });
    return { ok: true, user: withoutHash({ ...row, lastLoginAt: now.toISOString() }, scope) } as const;
  });
}

export async function changePassword(db: Db, actor: Actor, userId: number, current: string, next: string): Promise<void> {
  const row = db.select().from(users).where(eq(users.id, userId)).get();
  if (!row) throw new ValidationError(translate('userError.noAccount'));
  if (!(await verifyPassword(row.passwordHash, current))) throw new ValidationError(translate('userError.currentPasswordWrong'));
  const problems = passwordProblems(next, { email: row.email });
  if (next === current) problems.push(translate('userError.samePassword'));
  if (problems.length > 0) throw new ValidationError(problems[0]!, problems);
  const passwordHash = await hashPassword(next);
  writeTransaction(db, (tx) => {
    tx.update(users).set({ passwordHash, mustChangePassword: false, version: row.version + 1, updatedAt: new Date().toISOString() }).where(eq(users.id, userId)).run();
    // every session of the account ends, this one too: the caller starts a fresh one (new id)
    const ended = revokeSessions(tx, userId);
    audit(tx, actor, { action: 'user.password', entityType: 'user', entityId: userId, after: { sessionsEnded: ended } });
  });
}

/** Deactivates an account and ends all its sessions at once. Nobody deactivates themselves. */
export function setUserActive(db: Db, actor: Actor, userId: number, active: boolean): void {
  if (!active && actor.userId === userId) throw new ValidationError(translate('userError.deactivateSelf'));
  writeTransaction(db, (tx) => {
    const row = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!row) throw new ValidationError(translate('userError.noAccount'));
    tx.update(users).set({ active, version: row.version + 1, updatedAt: new Date().toISOString() }).where(eq(users.id, userId)).run();
    if (!active) revokeSessions(tx, userId);
    audit(tx, actor, { action: active ? 'user.activate' : 'user.deactivate', entityType: 'user', entityId: userId, before: { active: row.active }, after: { active } });
  });
}

/**
 * Gives an account a new one-time password (to be changed at the next login), lifts a lock and
 * ends all its sessions. The password is returned once and stored only as a hash; the audit entry
 * does not contain it. Own passwords are changed at /konto/passwort, not reset.
 */
export async function resetPassword(db: Db, actor: Actor, userId: number): Promise<{ user: PublicUser; password: string }> {
  if (actor.userId === userId) throw new ValidationError(translate('userError.resetOwnPassword'));
  if (!db.select({ id: users.id }).from(users).where(eq(users.id, userId)).get()) throw new ValidationError(translate('userError.noAccount'));
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const user = writeTransaction(db, (tx) => {
    const row = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!row) throw new ValidationError(translate('userError.noAccount'));
    const updated = tx
      .update(users)
      .set({ passwordHash, mustChangePassword: true, version: row.version + 1, updatedAt: new Date().toISOString() })
      .where(eq(users.id, userId))
      .returning()
      .get();
    const lock = lockedUntil(tx, accountKey(row.email), new Date());
    clearKey(tx, accountKey(row.email));
    revokeSessions(tx, userId);
    audit(tx, actor, {
      action: 'user.passwordReset',
      entityType: 'user',
      entityId: userId,
      before: { mustChangePassword: row.mustChangePassword, lockedUntil: lock },
      after: { mustChangePassword: true, lockedUntil: null },
    });
    return withoutHash(updated, conferenceIdsOf(tx, userId));
  });
  return { user, password };
}

export interface ListedUser extends PublicUser {
  /** Until when the account is locked after failed logins (null: not locked). */
  lockedUntil: string | null;
}

/** All accounts for the administration, by name (then e-mail); never with the password hash. */
export function listUsers(db: Db, now = new Date()): ListedUser[] {
  return adminQueries(db)
    .list.all()
    .map((row) => ({
      ...withoutHash(row.user, parseConferenceList(row.conferences)),
      lockedUntil: row.lockedUntil && row.lockedUntil > now.toISOString() ? row.lockedUntil : null,
    }));
}

export function getUser(db: Db, userId: number): PublicUser | null {
  const row = adminQueries(db).user.get({ userId });
  return row ? withoutHash(row, conferenceIdsOf(db, userId)) : null;
}

/**
 * Sets the conferences a secretariat works for (at least one). A change of scope is a change of
 * privileges: the account's sessions end, and it logs in again with a new session.
 */
export function setUserConferences(db: Db, actor: Actor, userId: number, conferenceIds: readonly number[]): void {
  writeTransaction(db, (tx) => {
    const row = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!row) throw new ValidationError(translate('userError.noAccount'));
    if (row.role !== 'secretariat') throw new ValidationError(translate('userError.conferencesOnlyForSecretariat'));
    const scope = checkedConferences(tx, conferenceIds);
    if (scope.length === 0) throw new ValidationError(translate('userError.conferencesNeeded'));
    const before = conferenceIdsOf(tx, userId);
    if (before.join() === scope.join()) return;
    tx.delete(userConferences).where(eq(userConferences.userId, userId)).run();
    tx.insert(userConferences).values(scope.map((conferenceId) => ({ userId, conferenceId }))).run();
    tx.update(users).set({ version: row.version + 1, updatedAt: new Date().toISOString() }).where(eq(users.id, userId)).run();
    revokeSessions(tx, userId);
    audit(tx, actor, { action: 'user.conferences', entityType: 'user', entityId: userId, before: { conferences: before }, after: { conferences: scope } });
  });
}

/** Adds a conference to a secretariat's scope (the conference it has just created), in the caller's transaction. */
export function addUserConference(tx: DbOrTx, userId: number, conferenceId: number): void {
  tx.insert(userConferences).values({ userId, conferenceId }).onConflictDoNothing().run();
}
