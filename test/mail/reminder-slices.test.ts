/**
 * The reminders of reporting requests run in bounded steps with the event loop free in between:
 * no step reads more than a batch of due requests or writes a message of more than a batch of
 * reminders, and other work (requests to the server) runs between two steps. Counted in steps and
 * items, never in time. The server's own mail jobs run them so, and the real worker delivers the
 * messages to a real SMTP server in the test process.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { mailOutbox, remindersSent } from '../../db/schema.js';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { berlinDayStartUtc } from '../../src/domain/berlin-time.js';
import { addDays, todayIso } from '../../src/domain/dates.js';
import { importDocument } from '../../src/services/import.js';
import { mailContextOf } from '../../src/services/outbox.js';
import { REMINDER_BATCH, runReminders, runRemindersInSlices, type ReminderStep } from '../../src/services/reminders.js';
import { createUser } from '../../src/services/users.js';
import { queries } from '../../src/services/reporting.js';
import { conferenceIdOf, freshDatabase, queryPlan, seedDocument, TEST_ACTOR } from '../helpers.js';
import { startSmtpServer, type TestSmtpServer } from '../smtp.js';

const PUBLIC_URL = 'https://beschluesse.example.de';
/** The day of the run, a day after every row written with the real clock; eight o'clock Berlin time. */
const DAY = addDays(todayIso(), 1);
const MORNING = new Date(Date.parse(berlinDayStartUtc(DAY)) + 8 * 3_600_000);

let app: FastifyInstance;
let connection: Connection;
let smtp: TestSmtpServer;

/** TOP 2.12 of the 12th IntMK with `count` Ziffern, each a request due in three days (to the Länder where `laender`). */
function storeRequests(count: number, laender: boolean): void {
  const document = seedDocument();
  const demands = Array.from({ length: count }, (_, i) => ({
    number: String(i + 1),
    text: `Die Konferenz bittet um einen Bericht zu Vorhaben ${i + 1}.`,
    addressees: laender ? ['laender' as const] : ['bund' as const],
    dueDate: addDays(DAY, 3),
  }));
  importDocument(connection.db, TEST_ACTOR, { ...document, resolutions: [{ ...document.resolutions[0]!, demands, protocolStatements: [] }] }, { source: 'Test', release: 'internal' });
}

const reminders = () => connection.db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'reminder')).all();
const linesOf = (text: string) => text.split('\n').filter((line) => line.startsWith('- 12. IntMK 2017, TOP 2.12, Ziffer '));

beforeEach(async () => {
  smtp = await startSmtpServer();
  connection = freshDatabase();
  app = await buildApp({ config: testConfig({ smtpUrl: smtp.url, publicUrl: PUBLIC_URL, reminderDaysBefore: 14 }), connection, clock: () => MORNING });
  await app.ready();
  await createUser(connection.db, TEST_ACTOR, { email: 'gs@intmk.example', name: 'Geschäftsstelle IntMK', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)], password: 'ein langes sicheres Passwort' });
});

afterEach(async () => {
  await app.close();
  connection.close();
  await smtp.close();
});

describe('the reminders, a step at a time', () => {
  it('handle at most a batch of items per step, and let other work run between two steps', async () => {
    storeRequests(7, true);
    for (const land of ['BY', 'BE']) {
      await createUser(connection.db, TEST_ACTOR, { email: `ref@${land.toLowerCase()}.example`, name: `Referat ${land}`, role: 'land', land, password: 'ein langes sicheres Passwort' });
    }
    const events: string[] = [];
    const steps: ReminderStep[] = [];
    // other work: a turn of the event loop at a time until the run is over
    let running = true;
    const other = (): void => {
      events.push('other');
      if (running) setImmediate(other);
    };
    setImmediate(other);
    const report = await runRemindersInSlices(connection.db, mailContextOf({ publicUrl: PUBLIC_URL, mailFrom: 'noreply@beschluesse.example.de' }), MORNING, 14, {
      batch: 3,
      onStep: (step) => {
        steps.push(step);
        events.push('step');
      },
    });
    running = false;

    // three pages of requests (3, 3, 1), then for each of the three recipients messages of 3, 3 and 1
    expect(steps.map((step) => step.items)).toEqual([3, 3, 1, 3, 3, 1, 3, 3, 1, 3, 3, 1]);
    expect(Math.max(...steps.map((step) => step.items))).toBeLessThanOrEqual(3);
    expect(report).toEqual({ mails: 9, reminders: 21 });
    expect(reminders().map((mail) => linesOf(mail.textBody).length)).toEqual([3, 3, 1, 3, 3, 1, 3, 3, 1]);
    // every Ziffer once to every recipient, in the order of the list
    expect(linesOf(reminders().filter((mail) => mail.recipient === 'gs@intmk.example').map((mail) => mail.textBody).join('\n')).map((line) => /Ziffer (\d+)/.exec(line)![1])).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    // between any two steps the event loop ran other work
    const order = events.join(' ');
    expect(order).not.toContain('step step');
    expect(events.filter((event) => event === 'step')).toHaveLength(12);

    // a run at once writes the same and nothing twice
    expect(runReminders(connection.db, mailContextOf({ publicUrl: PUBLIC_URL, mailFrom: 'noreply@beschluesse.example.de' }), MORNING, 14, 3)).toEqual({ mails: 0, reminders: 0 });
    expect(connection.db.select().from(remindersSent).all()).toHaveLength(21);
  });

  it('are run so by the server, which answers meanwhile; the messages reach the SMTP server', async () => {
    const count = REMINDER_BATCH + 20;
    storeRequests(count, false);
    // what another request would see while the run goes on: the reminders written so far
    const seen: number[] = [];
    let running = true;
    const look = (): void => {
      if (!running) return;
      seen.push(reminders().length);
      setImmediate(look);
    };
    setImmediate(look);
    const report = await app.mail.runJobs();
    running = false;

    expect(report.scheduled?.reminders).toEqual({ mails: 2, reminders: count });
    // the first message was stored, and read by other work, before the second was written
    expect(seen).toContain(1);
    expect(reminders().map((mail) => linesOf(mail.textBody).length)).toEqual([REMINDER_BATCH, 20]);
    expect(report.delivery?.sent).toBe(2);
    expect(smtp.received.map((mail) => mail.envelopeTo)).toEqual([['gs@intmk.example'], ['gs@intmk.example']]);
  });

  it('read a page of requests in the order of the due-date index, without sorting the rest of the window', () => {
    const steps = queryPlan(connection, queries(connection.db).dueBetween, { level: 1, scope: '[]', from: DAY, until: addDays(DAY, 14), afterDue: DAY, afterId: 5, limit: 3 });
    expect(steps).toContain('MERGE (UNION ALL)');
    expect(steps).toContain('SEARCH d USING INDEX demands_due_date (due_date>? AND due_date<?)');
    // the Ziffern with a date of their own come in the index's order; those due at a meeting are sorted only among a meeting day's
    expect(steps.filter((step) => step.startsWith('USE TEMP B-TREE'))).toEqual(['USE TEMP B-TREE FOR LAST TERM OF ORDER BY']);
  });
});
