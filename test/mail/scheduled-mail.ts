/**
 * What the scheduled-mail tests share: their clock (instants in Berlin time, counted from the app's
 * today), the sender, and delivery by the real mail worker at a given instant.
 */
import type { Connection } from '../../db/connection.js';
import { berlinDayStartUtc } from '../../src/domain/berlin-time.js';
import { addDays, todayIso } from '../../src/domain/dates.js';
import { MailWorker } from '../../src/services/mail-worker.js';
import { mailContextOf } from '../../src/services/outbox.js';

export const MAIL_FROM = 'Beschlussmonitor <noreply@beschluesse.example.de>';

/** An instant at `hour` o'clock Berlin time on `date`. */
export function berlinAt(date: string, hour: number): Date {
  return new Date(Date.parse(berlinDayStartUtc(date)) + hour * 3_600_000);
}

/**
 * Tomorrow in Berlin, the app's today plus one (a day after every row a test writes with the real
 * clock), and eight o'clock that day, when the tests run reminders and digests. Read when a test
 * file starts (a module that kept them would keep them for every file of a worker).
 */
export function tomorrowMorning(): { TOMORROW: string; MORNING: Date } {
  const tomorrow = addDays(todayIso(), 1);
  return { TOMORROW: tomorrow, MORNING: berlinAt(tomorrow, 8) };
}

/** The mail context of the jobs, with the app's public address `publicUrl`. */
export function mailContext(publicUrl: string) {
  return mailContextOf({ publicUrl, mailFrom: MAIL_FROM });
}

/** Delivers what is due at `at` (the messages written for a later day wait until then) through the real worker. */
export async function deliverDueAt(db: Connection['db'], smtpUrl: string, at: Date) {
  const silent = { info: () => {}, warn: () => {} };
  const worker = new MailWorker({ db, smtpUrl, from: MAIL_FROM, log: silent, clock: () => at });
  try {
    return await worker.deliverDue();
  } finally {
    await worker.close();
  }
}
