/**
 * Reminders of reporting requests (Berichtsaufträge), sent by the scheduled mail jobs: a request
 * in force and unanswered (./reporting.ts decides that) is announced `REMINDER_DAYS_BEFORE` days
 * before its due date and once more when it is overdue — each once per recipient, whatever how
 * often the job runs (`reminders_sent`). Recipients: the secretariat of the conference (the
 * accounts working for it) and, where the demand is addressed to the Länder,
 * the Länder officials; each only if they have not switched reminders off. One message per
 * recipient and run lists all that is new for them.
 */
import { parseConferenceList, userConferenceList } from './sessions.js';
import { writeTransaction } from './tx.js';
import { and, eq, inArray } from 'drizzle-orm';
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
import { reportingRequestsDueBetween, type DueRequest } from './reporting.js';
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

/** Writes the reminders due at `now` to the outbox; running it again writes nothing new. */
export function runReminders(db: Db, ctx: MailContext, now: Date, daysBefore: number): ReminderReport {
  const window = reminderWindow(now, daysBefore);
  if (window === null) return { mails: 0, reminders: 0 };
  return sendReminders(db, ctx, now, daysBefore, window.today, reportingRequestsDueBetween(db, window.from, window.until));
}

function sendReminders(db: Db, ctx: MailContext, now: Date, daysBefore: number, today: string, requests: DueRequest[]): ReminderReport {
  const report: ReminderReport = { mails: 0, reminders: 0 };
  if (requests.length === 0) return report;

  const recipients = db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, conferences: userConferenceList })
    .from(users)
    .where(and(eq(users.active, true), inArray(users.role, ['secretariat', 'land'])))
    .all();
  const perUser = new Map<number, Pending[]>();
  const conferencesOf = new Map(recipients.map((user) => [user.id, new Set(parseConferenceList(user.conferences))]));
  for (const request of requests) {
    const kind = reminderKind(request.dueDate, today, daysBefore);
    if (kind === null) continue;
    for (const user of recipients) {
      const concerned =
        user.role === 'secretariat' ? conferencesOf.get(user.id)!.has(request.conferenceId) : request.addressees.includes('laender');
      if (concerned) perUser.set(user.id, [...(perUser.get(user.id) ?? []), { request, kind }]);
    }
  }

  for (const user of recipients) {
    const pending = perUser.get(user.id);
    if (!pending) continue;
    writeTransaction(
      db,
      (tx) => {
        if (!mailPreferencesOf(tx, user.id).reminders) return;
        const sent = new Set(
          tx
            .select({ demandId: remindersSent.demandId, dueDate: remindersSent.dueDate, kind: remindersSent.kind })
            .from(remindersSent)
            .where(eq(remindersSent.userId, user.id))
            .all()
            .map((row) => `${row.demandId}|${row.dueDate}|${row.kind}`),
        );
        const fresh = pending.filter((p) => !sent.has(`${p.request.demandId}|${p.request.dueDate}|${p.kind}`));
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
      },
    );
  }
  return report;
}
