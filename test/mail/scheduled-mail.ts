/**
 * What the scheduled-mail tests share: their clock (instants in Berlin time, counted from the app's
 * today), resolutions with reporting requests, the sender, and delivery by the real mail worker at
 * a given instant.
 */
import { and, eq } from 'drizzle-orm';
import type { Connection } from '../../db/connection.js';
import { demands } from '../../db/schema.js';
import type { ImportDemand, ImportResolution } from '../../src/domain/import-format.js';
import type { ReleaseState } from '../../src/domain/vocabulary.js';
import { importDocument } from '../../src/services/import.js';
import { TEST_ACTOR } from '../helpers.js';
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

/** A Ziffer asking for a report, addressed to `addressees`, due on `dueDate`. */
export function demand(number: string, addressees: ImportDemand['addressees'], dueDate: string | null = null): ImportDemand {
  return { number, text: `Ziffer ${number}: Die Konferenz bittet um einen Bericht zu diesem Vorhaben.`, addressees, dueDate };
}

/** TOP `agendaItem` of the 30th meeting of `conference` (2025) with these Ziffern, imported as `release`: its id. */
export function storeResolution(
  db: Connection['db'], conference: string, agendaItem: string, demandList: ImportDemand[], release: ReleaseState, releasedOn?: string | null,
): number {
  const resolution: ImportResolution = {
    conference,
    meeting: { number: 30, year: 2025, startDate: '2025-06-12', endDate: null, place: 'Berlin' },
    agendaItem,
    title: `Bericht zu TOP ${agendaItem}`,
    sponsors: ['BY'],
    decision: { outcome: 'adopted', voting: 'unanimous', formula: 'Die Konferenz hat beschlossen:' },
    demands: demandList,
    protocolStatements: [],
  };
  return importDocument(db, TEST_ACTOR, { resolutions: [resolution], warnings: [] }, { source: 'Test', release, ...(releasedOn === undefined ? {} : { releasedOn }) }).items[0]!.id;
}

/** The id of Ziffer `number` of the resolution. */
export function demandIdOf(db: Connection['db'], resolutionId: number, number: string): number {
  return db.select({ id: demands.id }).from(demands).where(and(eq(demands.resolutionId, resolutionId), eq(demands.number, number))).get()!.id;
}
