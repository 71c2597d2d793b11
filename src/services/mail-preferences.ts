/**
 * What each user wants by e-mail (reminders of reporting requests, the watch-list digest and its
 * frequency, password-reset links), and unsubscribing without logging in: every message of a kind
 * that can be switched off carries a signed link (/abbestellen/…) that switches exactly that kind
 * off for exactly that user. The signature is an HMAC with an installation secret.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { writeTransaction } from './tx.js';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { mailPreferences, users } from '../../db/schema.js';
import type { DigestFrequency } from '../domain/vocabulary.js';
import { audit, type Actor } from './audit.js';
import { installationSecret } from './secrets.js';
import type { DbOrTx } from './types.js';
import { preparedOrBuilt, preparedPer } from './prepared.js';
import { latestFollowUpId } from './watches.js';
import { translate } from '../i18n.js';

export interface MailPreferences {
  reminders: boolean;
  digest: DigestFrequency;
  passwordReset: boolean;
}

export const DEFAULT_PREFERENCES: Readonly<MailPreferences> = Object.freeze({ reminders: true, digest: 'weekly', passwordReset: true });

/** The kinds a user can switch off (and unsubscribe from). */
export const SWITCHABLE_KINDS = ['reminders', 'digest', 'passwordReset'] as const;
export type SwitchableKind = (typeof SWITCHABLE_KINDS)[number];

/** A user's row, read by pages (prepared once per connection) and by the digest and reminder runs. */
const preferencesQuery = preparedOrBuilt((tx: DbOrTx) => tx.select().from(mailPreferences).where(eq(mailPreferences.userId, sql.placeholder('userId'))).prepare());

export function mailPreferencesOf(tx: DbOrTx, userId: number): MailPreferences {
  const row = preferencesQuery(tx).get({ userId });
  return row ? { reminders: row.reminders, digest: row.digest, passwordReset: row.passwordReset } : { ...DEFAULT_PREFERENCES };
}

/**
 * Changes a user's preferences (in its own transaction, audited). Switching the digest on (or to
 * another frequency) starts it afresh from now: nothing from before is mailed.
 */
export function setMailPreferences(db: Db, actor: Actor, userId: number, changes: Partial<MailPreferences>, now = new Date()): MailPreferences {
  return writeTransaction(db, (tx) => setMailPreferencesIn(tx, actor, userId, changes, now));
}

function setMailPreferencesIn(tx: DbOrTx, actor: Actor, userId: number, changes: Partial<MailPreferences>, now: Date): MailPreferences {
  const existing = tx.select().from(mailPreferences).where(eq(mailPreferences.userId, userId)).get();
  const before = mailPreferencesOf(tx, userId);
  const after: MailPreferences = { ...before, ...changes };
  const restartDigest = after.digest !== before.digest;
  const values = {
    ...after,
    updatedAt: now.toISOString(),
    ...(restartDigest || !existing ? { digestFollowUpId: latestFollowUpId(tx), digestPeriod: null } : {}),
  };
  if (existing) tx.update(mailPreferences).set(values).where(eq(mailPreferences.userId, userId)).run();
  else tx.insert(mailPreferences).values({ userId, ...values }).run();
  if (JSON.stringify(before) !== JSON.stringify(after)) {
    audit(tx, actor, { action: 'mail.preferences', entityType: 'user', entityId: userId, before, after });
  }
  return after;
}

// --- unsubscribe links -------------------------------------------------------------------------

const KIND_CODES: Record<SwitchableKind, string> = { reminders: 'r', digest: 'd', passwordReset: 'p' };

function signature(db: Db, payload: string): string {
  return createHmac('sha256', installationSecret(db, 'unsubscribe')).update(payload).digest('base64url').slice(0, 32);
}

/** The token of an unsubscribe link: "<user>.<kind>.<signature>". */
export function unsubscribeToken(db: Db, userId: number, kind: SwitchableKind): string {
  const payload = `${userId}.${KIND_CODES[kind]}`;
  return `${payload}.${signature(db, payload)}`;
}

export function unsubscribeUrl(db: Db, publicUrl: string, userId: number, kind: SwitchableKind): string {
  return `${publicUrl}/abbestellen/${unsubscribeToken(db, userId, kind)}`;
}

export interface UnsubscribeTarget {
  userId: number;
  kind: SwitchableKind;
  email: string;
  name: string;
}

const unsubscribeUserQuery = preparedPer((db: Db) =>
  db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, sql.placeholder('id'))).prepare(),
);

/** Who and what an unsubscribe token stands for; null when it is forged, garbled or the user is gone. */
export function readUnsubscribeToken(db: Db, token: string): UnsubscribeTarget | null {
  const match = /^([1-9][0-9]{0,9})\.([rdp])\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match) return null;
  const [, id, code, given] = match as unknown as [string, string, string, string];
  const expected = signature(db, `${id}.${code}`);
  if (!timingSafeEqual(Buffer.from(given), Buffer.from(expected))) return null;
  const kind = (Object.keys(KIND_CODES) as SwitchableKind[]).find((k) => KIND_CODES[k] === code)!;
  const user = unsubscribeUserQuery(db).get({ id: Number(id) });
  return user ? { userId: user.id, kind, email: user.email, name: user.name } : null;
}

/**
 * How the audit log's actor names a change made through the link to unsubscribe: the e-mail address
 * and, in brackets, the link as the UI calls it. Entries before December 2026 say "(Abmeldelink)";
 * they stay as stored and are read alike (unsubscribeLinkActor).
 */
const UNSUBSCRIBE_LINK_SUFFIXES = [` (${translate('mailPreferences.unsubscribeLink')})`, ' (Abmeldelink)'] as const;

/** The audit log's actor of a change made through the link to unsubscribe. */
export function unsubscribeLinkActorName(email: string): string {
  return `${email}${UNSUBSCRIBE_LINK_SUFFIXES[0]}`;
}

/** The e-mail address of an audit actor that acted through the link to unsubscribe (old entries too); null for any other actor. */
export function unsubscribeLinkActor(actor: string): string | null {
  const suffix = UNSUBSCRIBE_LINK_SUFFIXES.find((s) => actor.endsWith(s));
  return suffix === undefined ? null : actor.slice(0, -suffix.length);
}

/** Switches the token's kind off for its user (no login needed: the signed token is the proof). */
export function unsubscribe(db: Db, target: UnsubscribeTarget, ip: string | null, now = new Date()): void {
  const changes: Partial<MailPreferences> = target.kind === 'digest' ? { digest: 'off' } : { [target.kind]: false };
  setMailPreferences(db, { userId: target.userId, name: unsubscribeLinkActorName(target.email), ip }, target.userId, changes, now);
}
