/**
 * One-time links for setting a password: the invitation of a new account (valid 7 days) and the
 * reset by e-mail ("Passwort vergessen?", valid 30 minutes). The token travels only in the
 * e-mail; the database keeps its SHA-256. A link works once; setting a password through it
 * invalidates every other open link of the account and ends all its sessions.
 *
 * "Passwort vergessen?" gives the same answer, after the same work, whatever the address: the
 * request is only recorded (one insert). The mail jobs resolve recorded requests moments later —
 * an unknown or inactive address, one that asked too often, or one whose user switched reset
 * links off, simply gets nothing.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, gte, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { passwordResetRequests, userTokens, users } from '../../db/schema.js';
import type { UserTokenPurpose } from '../domain/vocabulary.js';
import { translate } from '../i18n.js';
import { audit, type Actor } from './audit.js';
import { invitationMessage, passwordResetMessage } from './mail-messages.js';
import { enqueueMail, type MailContext } from './outbox.js';
import { preparedOrBuilt } from './prepared.js';
import { mailPreferencesOf, unsubscribeUrl } from './mail-preferences.js';
import { hashPassword, passwordProblems } from './passwords.js';
import { revokeSessions } from './sessions.js';
import { writeTransaction } from './tx.js';
import { accountKey, clearKey } from './login-throttle.js';
import { ValidationError, type DbOrTx } from './types.js';
import { insertUser, MAX_EMAIL_LENGTH, type NewUser, type PublicUser } from './users.js';

export const RESET_LINK_MINUTES = 30;
export const INVITATION_LINK_DAYS = 7;
/** At most this many reset e-mails per account and hour; further requests are dropped. */
export const RESETS_PER_HOUR = 3;

const VALIDITY_MS: Record<UserTokenPurpose, number> = {
  invitation: INVITATION_LINK_DAYS * 86_400_000,
  password_reset: RESET_LINK_MINUTES * 60_000,
};

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The address of the page behind a link. */
export function passwordLinkUrl(ctx: MailContext, token: string): string {
  return `${ctx.publicUrl}/passwort-setzen/${token}`;
}

/** A new link for the user (in the caller's transaction); the token is returned, never stored. */
export function createPasswordLinkIn(tx: DbOrTx, userId: number, purpose: UserTokenPurpose, now: Date): { token: string; expiresAt: Date } {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + VALIDITY_MS[purpose]);
  tx.insert(userTokens)
    .values({ userId, purpose, tokenHash: hashToken(token), createdAt: now.toISOString(), expiresAt: expiresAt.toISOString() })
    .run();
  return { token, expiresAt };
}

/** Records a "Passwort vergessen?" request — the same single insert for any address. */
export function requestPasswordReset(db: Db, email: string, ip: string | null, now = new Date()): void {
  db.insert(passwordResetRequests)
    .values({ email: email.trim().toLowerCase().slice(0, MAX_EMAIL_LENGTH), ip, requestedAt: now.toISOString() })
    .run();
}

export interface ResetResolution {
  mailed: number;
  ignored: number;
}

/**
 * Resolves the recorded requests (the mail jobs call this): an active account that has not asked
 * too often gets a reset link by e-mail, written to the outbox in the transaction that creates
 * the link. Every request is deleted once resolved.
 */
export function processPasswordResetRequests(db: Db, ctx: MailContext, now = new Date()): ResetResolution {
  const result: ResetResolution = { mailed: 0, ignored: 0 };
  const requests = db
    .select()
    .from(passwordResetRequests)
    .where(lte(passwordResetRequests.requestedAt, now.toISOString()))
    .orderBy(asc(passwordResetRequests.id))
    .all();
  for (const request of requests) {
    const mailed = writeTransaction(db, (tx) => {
      tx.delete(passwordResetRequests).where(eq(passwordResetRequests.id, request.id)).run();
      const user = tx.select().from(users).where(eq(users.email, request.email)).get();
      if (!user || !user.active || !mailPreferencesOf(tx, user.id).passwordReset) return false;
      const who = { userId: user.id, name: user.email, ip: request.ip };
      const hourAgo = new Date(now.getTime() - 3_600_000).toISOString();
      const recent = tx
        .select({ n: sql<number>`count(*)` })
        .from(userTokens)
        .where(and(eq(userTokens.userId, user.id), eq(userTokens.purpose, 'password_reset'), gte(userTokens.createdAt, hourAgo)))
        .get()!.n;
      if (recent >= RESETS_PER_HOUR) {
        audit(tx, who, { action: 'user.passwordResetThrottled', entityType: 'user', entityId: user.id });
        return false;
      }
      const { token, expiresAt } = createPasswordLinkIn(tx, user.id, 'password_reset', now);
      const unsubscribe = unsubscribeUrl(db, ctx.publicUrl, user.id, 'passwordReset');
      const message = passwordResetMessage({ name: user.name, url: passwordLinkUrl(ctx, token), expiresAt, siteUrl: ctx.publicUrl, unsubscribeUrl: unsubscribe });
      const mailId = enqueueMail(
        tx,
        { kind: 'password_reset', recipient: user.email, userId: user.id, message, sensitive: true, expiresAt, unsubscribeUrl: unsubscribe },
        ctx.messageDomain,
        now,
      );
      audit(tx, who, { action: 'user.passwordResetMail', entityType: 'user', entityId: user.id, after: { mail: mailId, expiresAt: expiresAt.toISOString() } });
      return true;
    });
    if (mailed) result.mailed += 1;
    else result.ignored += 1;
  }
  return result;
}

export interface PasswordLink {
  purpose: UserTokenPurpose;
  userId: number;
  name: string;
  email: string;
}

/** A link's row, read by the link's form (prepared once per connection) and again when it is used. */
const linkQuery = preparedOrBuilt((tx: DbOrTx) =>
  tx
    .select({
      id: userTokens.id,
      purpose: userTokens.purpose,
      expiresAt: userTokens.expiresAt,
      userId: users.id,
      name: users.name,
      email: users.email,
      version: users.version,
    })
    .from(userTokens)
    .innerJoin(users, eq(users.id, userTokens.userId))
    .where(and(eq(userTokens.tokenHash, sql.placeholder('tokenHash')), isNull(userTokens.usedAt), eq(users.active, true)))
    .prepare(),
);

function linkRow(tx: DbOrTx, token: string, now: Date) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const row = linkQuery(tx).get({ tokenHash: hashToken(token) });
  return row && row.expiresAt > now.toISOString() ? row : null;
}

/** The account a link is for, if the link is unused, unexpired and the account active. */
export function findPasswordLink(db: Db, token: string, now = new Date()): PasswordLink | null {
  const row = linkRow(db, token, now);
  return row ? { purpose: row.purpose, userId: row.userId, name: row.name, email: row.email } : null;
}

/** The link is unknown, used, expired, or its account deactivated (one message for all). */
export class PasswordLinkError extends ValidationError {
  constructor() {
    super(translate('passwordLink.invalid'));
    this.name = 'PasswordLinkError';
  }
}

/**
 * Sets the password of the link's account, uses up the link (and every other open link of the
 * account), lifts a lock and ends all sessions of the account — one transaction, audited.
 */
export async function setPasswordWithLink(db: Db, token: string, password: string, ip: string | null, now = new Date()): Promise<PasswordLink> {
  const link = findPasswordLink(db, token, now);
  if (!link) throw new PasswordLinkError();
  const problems = passwordProblems(password, { email: link.email });
  if (problems.length > 0) throw new ValidationError(problems[0]!, problems);
  const passwordHash = await hashPassword(password);
  return writeTransaction(db, (tx) => {
    // Checked again inside the transaction: two tabs with the same link, one wins.
    const row = linkRow(tx, token, now);
    if (!row) throw new PasswordLinkError();
    const used = tx.update(userTokens).set({ usedAt: now.toISOString() }).where(and(eq(userTokens.id, row.id), isNull(userTokens.usedAt))).run();
    if (used.changes !== 1) throw new PasswordLinkError();
    tx.update(userTokens).set({ usedAt: now.toISOString() }).where(and(eq(userTokens.userId, row.userId), isNull(userTokens.usedAt))).run();
    tx.update(users)
      .set({ passwordHash, mustChangePassword: false, version: row.version + 1, updatedAt: now.toISOString() })
      .where(eq(users.id, row.userId))
      .run();
    clearKey(tx, accountKey(row.email)); // a lock from failed logins ends with the new password
    const ended = revokeSessions(tx, row.userId);
    audit(tx, { userId: row.userId, name: row.email, ip }, {
      action: row.purpose === 'invitation' ? 'user.invitationAccepted' : 'user.passwordResetByMail',
      entityType: 'user',
      entityId: row.userId,
      after: { sessionsEnded: ended },
    });
    return { purpose: row.purpose, userId: row.userId, name: row.name, email: row.email };
  });
}

/** Open links past their time are kept as a trace for an hour, then removed (mail jobs). */
export function deleteExpiredPasswordLinks(db: Db, now = new Date()): number {
  const cutoff = new Date(now.getTime() - 3_600_000).toISOString();
  return db.delete(userTokens).where(lte(userTokens.expiresAt, cutoff)).run().changes;
}

/**
 * Creates an account and invites its person by e-mail: a link to set their own password, valid
 * for seven days, written to the outbox in the transaction that creates the account. The account's
 * initial password is random and never shown.
 */
export async function inviteUser(db: Db, actor: Actor, input: Omit<NewUser, 'password'>, ctx: MailContext, now = new Date()): Promise<{ user: PublicUser; mailId: number }> {
  const { user, within } = await insertUser(db, actor, input, randomBytes(32).toString('base64url'), false, (tx, created) => {
    const { token, expiresAt } = createPasswordLinkIn(tx, created.id, 'invitation', now);
    const message = invitationMessage({ name: created.name, email: created.email, role: created.role, url: passwordLinkUrl(ctx, token), expiresAt, siteUrl: ctx.publicUrl });
    const mailId = enqueueMail(tx, { kind: 'invitation', recipient: created.email, userId: created.id, message, sensitive: true, expiresAt }, ctx.messageDomain, now);
    audit(tx, actor, { action: 'user.invite', entityType: 'user', entityId: created.id, after: { mail: mailId, expiresAt: expiresAt.toISOString() } });
    return mailId;
  });
  return { user, mailId: within! };
}
