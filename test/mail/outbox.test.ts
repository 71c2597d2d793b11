/**
 * The outbox and its worker against a real SMTP server in the test process: delivery with the
 * row's Message-ID, retries with exponential backoff while the server is down or defers, a final
 * refusal, expiry, leases of live and dead workers. Time is a clock the test advances.
 */
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { mailOutbox } from '../../db/schema.js';
import type { Connection } from '../../db/connection.js';
import { renderMail } from '../../src/domain/mail-message.js';
import { enqueueMail, requeueMail } from '../../src/services/outbox.js';
import { MailWorker, MAX_ATTEMPTS, retryDelayMs } from '../../src/services/mail-worker.js';
import { freshDatabase, TEST_ACTOR } from '../helpers.js';
import { smtpError, startSmtpServer, type TestSmtpServer } from '../smtp.js';

const silent = { info: () => {}, warn: () => {} };

function message(subject = 'Erinnerung: Bericht fällig') {
  return renderMail({
    subject,
    greeting: 'Guten Tag,',
    paragraphs: ['der Bericht zu TOP 2.12 ist <bald> fällig & wichtig.'],
    link: { label: 'Zum Beschluss', url: 'http://localhost:3000/intmk/12/top/2.12' },
    closing: 'Ihr Beschlussmonitor',
    footer: ['Sie erhalten diese Nachricht, weil …'],
  });
}

/** A port on which nothing listens (the SMTP server is down). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

let connection: Connection;
let smtp: TestSmtpServer;
let now: Date;
const workers: MailWorker[] = [];

function worker(url = smtp.url) {
  const w = new MailWorker({ db: connection.db, smtpUrl: url, from: 'Beschlussmonitor <bm@example.org>', log: silent, clock: () => now });
  workers.push(w);
  return w;
}

function row(id: number) {
  return connection.db.select().from(mailOutbox).where(eq(mailOutbox.id, id)).get()!;
}

beforeEach(async () => {
  connection = freshDatabase();
  smtp = await startSmtpServer();
  now = new Date('2026-03-02T08:00:00Z');
});

afterEach(async () => {
  for (const w of workers.splice(0)) await w.close();
  await smtp.close();
  connection.close();
});

describe('mail worker', () => {
  it('delivers a queued message once, as text and HTML, with the Message-ID of its row', async () => {
    const id = connection.db.transaction((tx) =>
      enqueueMail(tx, { kind: 'reminder', recipient: 'gs@intmk.example', userId: null, message: message(), unsubscribeUrl: 'http://localhost:3000/abbestellen/x' }, 'example.org', now),
    );
    const report = await worker().deliverDue();
    expect(report).toEqual({ sent: 1, retried: 0, failed: 0, expired: 0 });
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail!.envelopeTo).toEqual(['gs@intmk.example']);
    expect(mail!.subject).toBe('Erinnerung: Bericht fällig');
    expect(mail!.messageId).toBe(row(id).messageId);
    expect(mail!.messageId).toMatch(/@example\.org>$/);
    expect(mail!.text).toContain('der Bericht zu TOP 2.12 ist <bald> fällig & wichtig.');
    expect(mail!.text).toContain('http://localhost:3000/intmk/12/top/2.12');
    expect(mail!.html).toContain('ist &lt;bald&gt; fällig &amp; wichtig.');
    expect(mail!.html).toContain('<a href="http://localhost:3000/intmk/12/top/2.12">Zum Beschluss</a>');
    expect(mail!.html).not.toMatch(/<img|<script/i);
    expect(mail!.raw).toMatch(/^List-Unsubscribe: <http:\/\/localhost:3000\/abbestellen\/x>\r$/m);
    expect(mail!.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    expect(mail!.raw).toMatch(/^Auto-Submitted: auto-generated\r$/m);
    expect(row(id)).toMatchObject({ state: 'sent', attempts: 1, sentAt: now.toISOString(), leaseOwner: null });

    // nothing due any more: a second run sends nothing
    expect(await worker().deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0, expired: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it('retries with exponential backoff while the SMTP server is down, and delivers once it is back', async () => {
    const id = connection.db.transaction((tx) => enqueueMail(tx, { kind: 'digest', recipient: 'ref@by.example', userId: null, message: message() }, 'example.org', now));
    const down = worker(`smtp://127.0.0.1:${await closedPort()}`);
    const start = now.getTime();
    expect(await down.deliverDue()).toMatchObject({ retried: 1 });
    expect(row(id)).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: new Date(start + 60_000).toISOString() });
    expect(row(id).lastError).toMatch(/^Der SMTP-Server ist nicht erreichbar/);

    // not due yet: nothing happens
    now = new Date(start + 30_000);
    expect(await down.deliverDue()).toMatchObject({ retried: 0 });
    now = new Date(start + 60_000);
    expect(await down.deliverDue()).toMatchObject({ retried: 1 });
    expect(row(id)).toMatchObject({ attempts: 2, nextAttemptAt: new Date(start + 60_000 + 120_000).toISOString() });

    now = new Date(start + 180_000);
    expect(await worker().deliverDue()).toMatchObject({ sent: 1 });
    expect(row(id)).toMatchObject({ state: 'sent', attempts: 3, lastError: null });
    expect(smtp.received).toHaveLength(1);
  });

  it('doubles the wait up to six hours', () => {
    expect([1, 2, 3, 4, 10, 20].map(retryDelayMs)).toEqual([60_000, 120_000, 240_000, 480_000, 6 * 3_600_000, 6 * 3_600_000]);
  });

  it('retries a temporary refusal (4xx) and gives up after the last attempt', async () => {
    smtp.hooks = { beforeRecipient: () => Promise.reject(smtpError('Mailbox busy, try later', 451)) };
    const id = connection.db.transaction((tx) => enqueueMail(tx, { kind: 'digest', recipient: 'ref@by.example', userId: null, message: message() }, 'example.org', now));
    const w = worker();
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      expect(await w.deliverDue()).toMatchObject({ retried: 1 });
      expect(row(id).lastError).toContain('vorläufig abgelehnt');
      now = new Date(row(id).nextAttemptAt);
    }
    expect(await w.deliverDue()).toMatchObject({ failed: 1 });
    expect(row(id)).toMatchObject({ state: 'failed', attempts: MAX_ATTEMPTS });
    expect(smtp.received).toHaveLength(0);
  });

  it('marks a message refused for good (5xx) as failed at once; an administrator can queue it again', async () => {
    smtp.hooks = { beforeRecipient: () => Promise.reject(smtpError('No such user here', 550)) };
    const id = connection.db.transaction((tx) => enqueueMail(tx, { kind: 'reminder', recipient: 'nobody@example.org', userId: null, message: message() }, 'example.org', now));
    expect(await worker().deliverDue()).toMatchObject({ failed: 1 });
    expect(row(id)).toMatchObject({ state: 'failed', attempts: 1 });
    expect(row(id).lastError).toMatch(/^Der SMTP-Server hat die Nachricht abgelehnt: .*No such user here/);

    smtp.hooks = {};
    requeueMail(connection.db, TEST_ACTOR, id, now);
    expect(() => requeueMail(connection.db, TEST_ACTOR, id, now)).toThrow('Nur fehlgeschlagene Nachrichten');
    expect(await worker().deliverDue()).toMatchObject({ sent: 1 });
    expect(smtp.received).toHaveLength(1);
  });

  it('does not deliver a message whose link ran out, and forgets the body of a personal link once delivered', async () => {
    const expired = connection.db.transaction((tx) =>
      enqueueMail(tx, { kind: 'password_reset', recipient: 'a@example.org', userId: null, message: message(), sensitive: true, expiresAt: new Date(now.getTime() + 30 * 60_000) }, 'example.org', now),
    );
    now = new Date(now.getTime() + 31 * 60_000);
    const fresh = connection.db.transaction((tx) =>
      enqueueMail(tx, { kind: 'password_reset', recipient: 'b@example.org', userId: null, message: message(), sensitive: true, expiresAt: new Date(now.getTime() + 30 * 60_000) }, 'example.org', now),
    );
    expect(await worker().deliverDue()).toMatchObject({ sent: 1, expired: 1 });
    expect(smtp.received.map((m) => m.envelopeTo)).toEqual([['b@example.org']]);
    expect(row(expired)).toMatchObject({ state: 'expired', textBody: '', htmlBody: '' });
    expect(row(fresh)).toMatchObject({ state: 'sent', textBody: '', htmlBody: '' });
  });

  it('leaves a row claimed by a live worker alone until its lease runs out; takes over a dead worker’s row at once', async () => {
    const live = connection.db.transaction((tx) => enqueueMail(tx, { kind: 'digest', recipient: 'a@example.org', userId: null, message: message() }, 'example.org', now));
    const dead = connection.db.transaction((tx) => enqueueMail(tx, { kind: 'digest', recipient: 'b@example.org', userId: null, message: message() }, 'example.org', now));
    const leaseUntil = new Date(now.getTime() + 5 * 60_000).toISOString();
    const other = worker();
    // A worker of this very process (alive) holds one row, a process that no longer exists the other.
    connection.db.update(mailOutbox).set({ state: 'sending', leaseOwner: other.owner, leaseUntil, attempts: 1 }).where(eq(mailOutbox.id, live)).run();
    const { hostname } = await import('node:os');
    connection.db.update(mailOutbox).set({ state: 'sending', leaseOwner: `${hostname()}:2147483646:0000`, leaseUntil, attempts: 1 }).where(eq(mailOutbox.id, dead)).run();

    expect(await worker().deliverDue()).toMatchObject({ sent: 1 });
    expect(smtp.received.map((m) => m.envelopeTo)).toEqual([['b@example.org']]);
    expect(row(live).state).toBe('sending');

    now = new Date(now.getTime() + 5 * 60_000);
    expect(await worker().deliverDue()).toMatchObject({ sent: 1 });
    expect(row(live)).toMatchObject({ state: 'sent', attempts: 2 });
    expect(smtp.received).toHaveLength(2);
  });
});
