/**
 * The mail worker: delivers the outbox through SMTP (nodemailer), with retries and exponential
 * backoff. Runs in the server process (src/plugins/mail.ts); tests call `deliverDue` directly.
 *
 * What is guaranteed, and how (docs/mail.md says the same for operators):
 * - Never lost: a message exists once the change that caused it is committed (same transaction).
 *   A row leaves the outbox's queue only as `sent` (the SMTP server answered 250 to the message),
 *   `failed` (refused for good, or ten attempts over about a day; an administrator can queue it
 *   again) or `expired` (its link ran out first).
 * - Not sent twice: a worker claims a row in a write transaction (state `sending`, a lease naming
 *   this process) before it talks to the SMTP server, and marks it `sent` right after the
 *   server's acceptance. Another worker takes the row over only when the lease has run out or the
 *   process named in it is gone (a restart after SIGKILL takes over at once).
 * - The one window left: a crash after the SMTP server accepted the message and before `sent` is
 *   committed (the time of one local SQLite commit). The message is then delivered once more —
 *   with the same Message-ID, so the receiving side can recognise it (RFC 1047 describes this
 *   window of SMTP itself). Everything before the acceptance — a crash before connecting or in the
 *   middle of the transfer — leaves no message at the server and leads to exactly one delivery.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import type { Db } from '../../db/connection.js';
import { translate } from '../i18n.js';
import { claimDueMail, markExpired, markFailed, markRetry, markSent, type OutboxRow } from './outbox.js';

/** Attempts before a message counts as failed (backoff 1, 2, 4 … minutes, at most 6 hours apart). */
export const MAX_ATTEMPTS = 10;
const FIRST_RETRY_MS = 60_000;
const MAX_RETRY_MS = 6 * 3_600_000;
/** How long a claim holds: well above the SMTP timeouts of one delivery below. */
const LEASE_MS = 5 * 60_000;
const BATCH = 20;

/** The wait before attempt `attempts + 1`. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/** A German reason for the administrators, and whether trying again can help. */
export function describeSmtpError(error: unknown): { reason: string; permanent: boolean } {
  const e = (error ?? {}) as SmtpError;
  const response = (e.response ?? e.message ?? '').replace(/\s+/g, ' ').slice(0, 300);
  if (e.code === 'EAUTH') return { reason: translate('mail.error.auth', { response }), permanent: false };
  if (e.responseCode !== undefined && e.responseCode >= 500) return { reason: translate('mail.error.refused', { response }), permanent: true };
  if (e.responseCode !== undefined && e.responseCode >= 400) return { reason: translate('mail.error.deferred', { response }), permanent: false };
  if (e.code === 'ETIMEDOUT') return { reason: translate('mail.error.timeout'), permanent: false };
  if (e.code === 'ECONNECTION' || e.code === 'ESOCKET' || e.code === 'EDNS') {
    return { reason: translate('mail.error.unreachable', { response }), permanent: false };
  }
  return { reason: translate('mail.error.other', { response }), permanent: false };
}

/** Whether the process named in a lease ("host:pid:instance") has ended (same host only). */
export function leaseOwnerGone(owner: string): boolean {
  const [host, pidText] = owner.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export interface MailLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface MailWorkerOptions {
  db: Db;
  smtpUrl: string;
  from: string;
  log: MailLog;
  clock?: () => Date;
}

export interface DeliveryReport {
  sent: number;
  retried: number;
  failed: number;
  expired: number;
}

export class MailWorker {
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  /** Made at the first delivery round: nodemailer is loaded then, not when the server starts. */
  private transporter: Promise<Transporter> | null = null;
  private readonly clock: () => Date;
  private running: Promise<DeliveryReport> | null = null;

  constructor(private readonly options: MailWorkerOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * Delivers every due message (one run at a time: a call while a run is going on waits for it
   * and starts another, so nothing due is left behind).
   */
  async deliverDue(): Promise<DeliveryReport> {
    while (this.running) await this.running;
    this.running = this.run();
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  private transport(): Promise<Transporter> {
    this.transporter ??= import('nodemailer').then(({ default: nodemailer }) =>
      nodemailer.createTransport({
        url: this.options.smtpUrl,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 60_000,
      }),
    );
    return this.transporter;
  }

  /** Waits for a delivery in progress, then closes the SMTP connection. */
  async close(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
    if (this.transporter) (await this.transporter).close();
  }

  private async run(): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, retried: 0, failed: 0, expired: 0 };
    const transporter = await this.transport();
    for (;;) {
      const now = this.clock();
      const rows = claimDueMail(this.options.db, this.owner, now, new Date(now.getTime() + LEASE_MS), BATCH, leaseOwnerGone);
      if (rows.length === 0) return report;
      for (const row of rows) await this.deliver(transporter, row, report);
    }
  }

  private async deliver(transporter: Transporter, row: OutboxRow, report: DeliveryReport): Promise<void> {
    const { db, log } = this.options;
    if (row.expiresAt !== null && row.expiresAt <= this.clock().toISOString()) {
      markExpired(db, row.id);
      report.expired += 1;
      log.info({ mailId: row.id, kind: row.kind }, 'mail expired before delivery');
      return;
    }
    try {
      await transporter.sendMail({
        from: this.options.from,
        to: row.recipient,
        subject: row.subject,
        text: row.textBody,
        html: row.htmlBody,
        messageId: row.messageId,
        date: new Date(row.createdAt),
        headers: {
          'Auto-Submitted': 'auto-generated',
          ...(row.unsubscribeUrl
            ? { 'List-Unsubscribe': `<${row.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
            : {}),
        },
      });
    } catch (error) {
      const { reason, permanent } = describeSmtpError(error);
      if (permanent || row.attempts >= MAX_ATTEMPTS) {
        markFailed(db, row.id, reason);
        report.failed += 1;
        log.warn({ mailId: row.id, kind: row.kind, attempts: row.attempts, reason }, 'mail delivery failed for good');
      } else {
        markRetry(db, row.id, reason, new Date(this.clock().getTime() + retryDelayMs(row.attempts)));
        report.retried += 1;
        log.warn({ mailId: row.id, kind: row.kind, attempts: row.attempts, reason }, 'mail delivery failed, will retry');
      }
      return;
    }
    markSent(db, row.id, this.clock());
    report.sent += 1;
    log.info({ mailId: row.id, kind: row.kind, attempts: row.attempts }, 'mail sent');
  }
}
