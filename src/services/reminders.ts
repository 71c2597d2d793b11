/**
 * Reminders of reporting requests (Berichtsaufträge), sent by the scheduled mail jobs: a request
 * in force and unanswered (./reporting.ts decides that) is announced `REMINDER_DAYS_BEFORE` days
 * before its due date and once more when it is overdue — each once per recipient, whatever how
 * often the job runs (`reminders_sent`). Recipients: the secretariat of the conference (the
 * accounts working for it) and, where the demand is addressed to the Länder,
 * the Länder officials; each only if they have not switched reminders off. One message per
 * recipient and run lists all that is new for them (up to REMINDER_BATCH; more in further messages).
 * The run is done in steps with the event loop free in between (runRemindersInSlices).
 */
import { parseConferenceList, userConferenceList } from './sessions.js';
import { writeTransaction } from './tx.js';
import { and, eq, gte, inArray } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { remindersSent, users } from '../../db/schema.js';
import type { ReminderKind } from '../domain/vocabulary.js';
import { berlinDateAndHour } from '../domain/berlin-time.js';
import { OVERDUE_REMINDER_DAYS, reminderKind, SEND_FROM_HOUR } from '../domain/mail-schedule.js';
import { reminderMessage, type ReminderLine } from './mail-messages.js';
import { mailPreferencesOf, unsubscribeUrl } from './mail-preferences.js';
import { enqueueMail, type MailContext } from './outbox.js';
import { addDays } from '../domain/dates.js';
import { demandAnchor, demandPathIn, resolutionPath } from '../domain/citation.js';
import { byListOrder, DUE_START, reportingRequestsDuePage, type DueRequest } from './reporting.js';
import { publicSees } from './visibility.js';
import { linkThroughLogin } from '../domain/login-address.js';

export interface ReminderReport {
  mails: number;
  reminders: number;
}

interface Pending {
  request: DueRequest;
  kind: ReminderKind;
}

function label(request: DueRequest): string {
  const meeting = `${request.meetingNumber !== null ? `${request.meetingNumber}. ` : ''}${request.conferenceShortName} ${request.meetingYear}`;
  return `${meeting}, TOP ${request.agendaItem}${request.demandNumber !== null ? `, Ziffer ${request.demandNumber}` : ''}`;
}

/**
 * The page of the request: its Ziffer's own page, or (a Ziffer without a number) its place on the
 * TOP's page; through the login when the public does not see it (an internal resolution or Ziffer),
 * so that a recipient who is logged out lands on the login and then on the request, not on a 404.
 */
function pageOf(request: DueRequest): string {
  const resolution = resolutionPath(request.conferenceSlug, request.meetingUrlKey, request.agendaItem);
  const page = request.demandNumber === null ? `${resolution}#${demandAnchor(null)}` : demandPathIn(resolution, request.demandNumber);
  return linkThroughLogin(page, publicSees(request));
}

/** The window of due dates the reminders at `now` look at, or null before the hour they are sent from. */
function reminderWindow(now: Date, daysBefore: number): { today: string; from: string; until: string } | null {
  const local = berlinDateAndHour(now);
  if (local.hour < SEND_FROM_HOUR) return null;
  return { today: local.date, from: addDays(local.date, -OVERDUE_REMINDER_DAYS), until: addDays(local.date, daysBefore) };
}

/**
 * At most this many items in one step of a run: due requests read in one page, or reminders in one
 * message. Between two steps the server answers requests (runRemindersInSlices); a first run after
 * a large import, or on a large archive, holds the event loop a step at a time, not for the whole
 * run (on 100,000 resolutions with 28 recipients: 290 ms in one go before).
 */
export const REMINDER_BATCH = 100;

/** One step of a run: how many items it handled (requests read, or a recipient's reminders looked at for one message). */
export interface ReminderStep {
  items: number;
}

/**
 * The work of writing the reminders due at `now` to the outbox, as steps: reading the requests due
 * in the window a page of at most `batch` at a time, then for each recipient one message (one
 * transaction) with what is new for them. A recipient with more than `batch` new reminders (a first
 * run after a large import) gets them in several messages of at most `batch`. Running it again
 * writes nothing new. The generator returns the run's report.
 */
export function* reminderSteps(db: Db, ctx: MailContext, now: Date, daysBefore: number, batch = REMINDER_BATCH): Generator<ReminderStep, ReminderReport> {
  const report: ReminderReport = { mails: 0, reminders: 0 };
  const window = reminderWindow(now, daysBefore);
  if (window === null) return report;

  const recipients = db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, conferences: userConferenceList })
    .from(users)
    .where(and(eq(users.active, true), inArray(users.role, ['secretariat', 'land'])))
    .all();
  const conferencesOf = new Map(recipients.map((user) => [user.id, new Set(parseConferenceList(user.conferences))]));
  // each page's requests to the recipients they concern, as the page is read
  const perUser = new Map<number, Pending[]>();
  for (let after = DUE_START; ; ) {
    const page = reportingRequestsDuePage(db, window.from, window.until, after, batch);
    for (const request of page) {
      const kind = reminderKind(request.dueDate, window.today, daysBefore);
      if (kind === null) continue;
      for (const user of recipients) {
        const concerned =
          user.role === 'secretariat' ? conferencesOf.get(user.id)!.has(request.conferenceId) : request.addressees.includes('laender');
        if (!concerned) continue;
        const list = perUser.get(user.id);
        if (list) list.push({ request, kind });
        else perUser.set(user.id, [{ request, kind }]);
      }
    }
    yield { items: page.length };
    if (page.length < batch) break;
    after = page[page.length - 1]!;
  }

  for (const user of recipients) {
    // the message lists them as the reminders always did (pages are read by due date and Ziffer)
    const pending = (perUser.get(user.id) ?? []).sort((a, b) => byListOrder(a.request, b.request));
    for (let start = 0; start < pending.length; start += batch) {
      const part = pending.slice(start, start + batch);
      writeReminder(db, ctx, now, daysBefore, window.from, user, part, report);
      yield { items: part.length };
    }
  }
  return report;
}

/**
 * One recipient's message of the reminders in `part` not yet sent, with their `reminders_sent`
 * rows, in one transaction (none: nothing new, or reminders switched off).
 */
function writeReminder(
  db: Db,
  ctx: MailContext,
  now: Date,
  daysBefore: number,
  windowFrom: string,
  user: { id: number; name: string; email: string },
  part: Pending[],
  report: ReminderReport,
): void {
  writeTransaction(db, (tx) => {
    if (!mailPreferencesOf(tx, user.id).reminders) return;
    // what went to the user for due dates in the window (older ones cannot be in it)
    const sent = new Set(
      tx
        .select({ demandId: remindersSent.demandId, dueDate: remindersSent.dueDate, kind: remindersSent.kind })
        .from(remindersSent)
        .where(and(eq(remindersSent.userId, user.id), gte(remindersSent.dueDate, windowFrom)))
        .all()
        .map((row) => `${row.demandId}|${row.dueDate}|${row.kind}`),
    );
    const fresh = part.filter((p) => !sent.has(`${p.request.demandId}|${p.request.dueDate}|${p.kind}`));
    if (fresh.length === 0) return;
    const line = (p: Pending): ReminderLine => ({ label: label(p.request), title: p.request.title, dueDate: p.request.dueDate, url: `${ctx.publicUrl}${pageOf(p.request)}` });
    const unsubscribe = unsubscribeUrl(db, ctx.publicUrl, user.id, 'reminders');
    const message = reminderMessage({
      name: user.name,
      overdue: fresh.filter((p) => p.kind === 'overdue').map(line),
      dueSoon: fresh.filter((p) => p.kind === 'due_soon').map(line),
      daysBefore,
      url: `${ctx.publicUrl}/berichtsauftraege`,
      unsubscribeUrl: unsubscribe,
      siteUrl: ctx.publicUrl,
    });
    const mailId = enqueueMail(tx, { kind: 'reminder', recipient: user.email, userId: user.id, message, unsubscribeUrl: unsubscribe }, ctx.messageDomain, now);
    tx.insert(remindersSent)
      .values(fresh.map((p) => ({ demandId: p.request.demandId, dueDate: p.request.dueDate, kind: p.kind, userId: user.id, mailId, sentAt: now.toISOString() })))
      .run();
    report.mails += 1;
    report.reminders += fresh.length;
  });
}

/** Writes the reminders due at `now` to the outbox in one go (tools and tests); running it again writes nothing new. */
export function runReminders(db: Db, ctx: MailContext, now: Date, daysBefore: number, batch = REMINDER_BATCH): ReminderReport {
  const steps = reminderSteps(db, ctx, now, daysBefore, batch);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Lets whatever waits for the event loop (requests, timers) run before the next step. */
function yieldToOthers(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The same as runReminders, a step at a time with the event loop free in between (the server's
 * mail jobs): no step reads more than `batch` requests or writes a message of more than `batch`
 * reminders. `onStep` sees each step (tests count them).
 */
export async function runRemindersInSlices(
  db: Db,
  ctx: MailContext,
  now: Date,
  daysBefore: number,
  options: { batch?: number; onStep?: (step: ReminderStep) => void } = {},
): Promise<ReminderReport> {
  const steps = reminderSteps(db, ctx, now, daysBefore, options.batch);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    options.onStep?.(next.value);
    await yieldToOthers();
  }
}
