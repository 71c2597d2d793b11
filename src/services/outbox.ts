/**
 * The transactional outbox: services write a message with `enqueueMail` inside the transaction of
 * the change that causes it; the mail worker (./mail-worker.ts) claims due rows, delivers them and
 * records the outcome. Without an SMTP server the rows simply wait here, visible to
 * administrators under /verwaltung/postausgang.
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, getTableColumns, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { mailOutbox } from '../../db/schema.js';
import type { RenderedMail } from '../domain/mail-message.js';
import { audit, type Actor } from './audit.js';
import { ValidationError, type DbOrTx } from './types.js';
import { OUTBOX_STATES, type MailKind, type OutboxState } from '../domain/vocabulary.js';
import { writeTransaction } from './tx.js';
import { preparedPer } from './prepared.js';
import { translate } from '../i18n.js';

export interface OutgoingMail {
  kind: MailKind;
  recipient: string;
  userId: number | null;
  message: RenderedMail;
  /** The body holds a personal link: hidden from administrators, emptied once delivered. */
  sensitive?: boolean;
  expiresAt?: Date | null;
  unsubscribeUrl?: string | null;
}

/** What composing a message needs from the configuration. */
export interface MailContext {
  /** The application's public address, for the links in messages. */
  publicUrl: string;
  /** The domain of Message-IDs (the sender's). */
  messageDomain: string;
}

export function mailContextOf(config: { publicUrl: string; mailFrom: string }): MailContext {
  return { publicUrl: config.publicUrl, messageDomain: messageDomain(config.mailFrom) };
}

/** The domain of the sender address, for Message-IDs. */
export function messageDomain(mailFrom: string): string {
  const address = /<([^<>]+)>/.exec(mailFrom)?.[1] ?? mailFrom;
  return address.split('@').at(-1)!.trim() || 'localhost';
}

/** Writes a message to the outbox (in the caller's transaction); returns its row id. */
export function enqueueMail(tx: DbOrTx, mail: OutgoingMail, domain: string, now = new Date()): number {
  return tx
    .insert(mailOutbox)
    .values({
      kind: mail.kind,
      recipient: mail.recipient,
      userId: mail.userId,
      subject: mail.message.subject,
      textBody: mail.message.text,
      htmlBody: mail.message.html,
      unsubscribeUrl: mail.unsubscribeUrl ?? null,
      messageId: `<${randomUUID()}@${domain}>`,
      sensitive: mail.sensitive ?? false,
      nextAttemptAt: now.toISOString(),
      expiresAt: mail.expiresAt ? mail.expiresAt.toISOString() : null,
      createdAt: now.toISOString(),
    })
    .returning({ id: mailOutbox.id })
    .get().id;
}

export type OutboxRow = typeof mailOutbox.$inferSelect;

/**
 * Claims up to `limit` due rows for `owner` until `leaseUntil`, in one write transaction: rows
 * waiting for an attempt, and rows another worker claimed whose lease ran out or whose worker
 * `isDead` (a process that crashed mid-delivery). Each claim counts as an attempt.
 */
export function claimDueMail(db: Db, owner: string, now: Date, leaseUntil: Date, limit: number, isDead: (owner: string) => boolean): OutboxRow[] {
  return writeTransaction(
    db,
    (tx) => {
      const nowIso = now.toISOString();
      const candidates = tx
        .select()
        .from(mailOutbox)
        .where(and(inArray(mailOutbox.state, ['pending', 'sending']), lte(mailOutbox.nextAttemptAt, nowIso)))
        .orderBy(mailOutbox.id)
        .limit(limit * 4)
        .all();
      const claimable = candidates
        .filter((row) => row.state === 'pending' || row.leaseUntil === null || row.leaseUntil <= nowIso || (row.leaseOwner !== null && isDead(row.leaseOwner)))
        .slice(0, limit);
      return claimable.map((row) =>
        tx
          .update(mailOutbox)
          .set({ state: 'sending', leaseOwner: owner, leaseUntil: leaseUntil.toISOString(), attempts: row.attempts + 1 })
          .where(eq(mailOutbox.id, row.id))
          .returning()
          .get(),
      );
    },
  );
}

const SCRUBBED = '';

/** The SMTP server accepted the message. A sensitive body is emptied. */
export function markSent(db: Db, id: number, now: Date): void {
  db.update(mailOutbox)
    .set({
      state: 'sent',
      sentAt: now.toISOString(),
      leaseOwner: null,
      leaseUntil: null,
      lastError: null,
      textBody: sql`case when ${mailOutbox.sensitive} then ${SCRUBBED} else ${mailOutbox.textBody} end`,
      htmlBody: sql`case when ${mailOutbox.sensitive} then ${SCRUBBED} else ${mailOutbox.htmlBody} end`,
    })
    .where(eq(mailOutbox.id, id))
    .run();
}

/** Another attempt at `next`, with the reason of this failure. */
export function markRetry(db: Db, id: number, error: string, next: Date): void {
  db.update(mailOutbox)
    .set({ state: 'pending', leaseOwner: null, leaseUntil: null, lastError: error, nextAttemptAt: next.toISOString() })
    .where(eq(mailOutbox.id, id))
    .run();
}

/** Given up (refused for good, or out of attempts); an administrator may queue it again. */
export function markFailed(db: Db, id: number, error: string): void {
  db.update(mailOutbox).set({ state: 'failed', leaseOwner: null, leaseUntil: null, lastError: error }).where(eq(mailOutbox.id, id)).run();
}

/** Its link ran out before delivery: not sent, body emptied. */
export function markExpired(db: Db, id: number): void {
  db.update(mailOutbox)
    .set({ state: 'expired', leaseOwner: null, leaseUntil: null, textBody: SCRUBBED, htmlBody: SCRUBBED })
    .where(eq(mailOutbox.id, id))
    .run();
}

export const OUTBOX_PAGE_SIZE = 100;

export interface OutboxListing {
  rows: Omit<OutboxRow, 'textBody' | 'htmlBody'>[];
  total: number;
  counts: Record<OutboxState, number>;
}

/** The newest messages first, optionally of one state; never the bodies. */
export function listOutbox(db: Db, state: OutboxState | null, page: number): OutboxListing {
  const q = outboxQueries(db);
  const params = { limit: OUTBOX_PAGE_SIZE, offset: (page - 1) * OUTBOX_PAGE_SIZE };
  const rows = state ? q.pageOfState.all({ ...params, state }) : q.page.all(params);
  const counts = Object.fromEntries(OUTBOX_STATES.map((s) => [s, 0])) as Record<OutboxState, number>;
  for (const row of q.counts.all()) counts[row.state] = row.n;
  return { rows, total: state ? counts[state] : Object.values(counts).reduce((a, b) => a + b, 0), counts };
}

/** The reads of the outbox pages, prepared once per connection. */
const outboxQueries = preparedPer((db: Db) => {
  const { textBody: _t, htmlBody: _h, ...columns } = getTableColumns(mailOutbox);
  const page = (where: SQL | undefined) =>
    db
      .select(columns)
      .from(mailOutbox)
      .where(where)
      .orderBy(desc(mailOutbox.id))
      .limit(sql.placeholder('limit'))
      .offset(sql.placeholder('offset'))
      .prepare();
  return {
    page: page(undefined),
    pageOfState: page(eq(mailOutbox.state, sql.placeholder('state'))),
    counts: db
      .select({ state: mailOutbox.state, n: sql<number>`count(*)` })
      .from(mailOutbox)
      .groupBy(mailOutbox.state)
      .prepare(),
    row: db.select().from(mailOutbox).where(eq(mailOutbox.id, sql.placeholder('id'))).prepare(),
  };
});

export function getOutboxRow(db: Db, id: number): OutboxRow | null {
  return outboxQueries(db).row.get({ id }) ?? null;
}

/** Queues a failed message again (an administrator, e.g. after fixing the SMTP settings). */
export function requeueMail(db: Db, actor: Actor, id: number, now = new Date()): void {
  writeTransaction(db, (tx) => {
    const row = tx.select({ state: mailOutbox.state, attempts: mailOutbox.attempts }).from(mailOutbox).where(eq(mailOutbox.id, id)).get();
    if (!row) throw new ValidationError(translate('admin.outbox.messageMissing'));
    if (row.state !== 'failed') throw new ValidationError(translate('admin.outbox.onlyFailed'));
    tx.update(mailOutbox)
      .set({ state: 'pending', attempts: 0, nextAttemptAt: now.toISOString(), lastError: null })
      .where(eq(mailOutbox.id, id))
      .run();
    audit(tx, actor, { action: 'mail.requeue', entityType: 'mail', entityId: id, before: { state: row.state, attempts: row.attempts }, after: { state: 'pending' } });
  });
}
