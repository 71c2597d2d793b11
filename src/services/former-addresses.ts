/**
 * Addresses cited before a correction: a meeting's former number (or first day) and a Ziffer's
 * former number still lead to what they named (plugins/errors.ts, routes/archive). A TOP's former
 * number is found through its versions (services/versions.ts formerAgendaItem); a meeting has no
 * versions, so the keys it gave up are kept (`meeting_former_keys`, written by saveMeeting in the
 * transaction of the change).
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { conferences, meetingFormerKeys, meetings, resolutions, resolutionVersions } from '../../db/schema.js';
import { conferenceSlug, meetingUrlKey } from '../domain/citation.js';
import type { ImportMeeting } from '../domain/import-format.js';
import { preparedPer } from './prepared.js';
import type { DbOrTx } from './types.js';
import { meetingYear } from './import-checks.js';
import { listVersions } from './versions.js';
import type { ImportMeetingChoice } from './workspace.js';
import { meetingExists, visibilityParams, type Viewer } from './visibility.js';

const queries = preparedPer((db: Db) => ({
  // the key today of the meeting of the conference that gave up this one last, if the viewer sees
  // the meeting and no meeting of the conference has the key now (then the address is that one's)
  formerMeetingKey: db
    .select({ urlKey: meetings.urlKey })
    .from(meetingFormerKeys)
    .innerJoin(meetings, eq(meetings.id, meetingFormerKeys.meetingId))
    .innerJoin(conferences, eq(conferences.id, meetings.conferenceId))
    .where(
      and(
        eq(conferences.slug, sql.placeholder('slug')),
        eq(meetingFormerKeys.urlKey, sql.placeholder('urlKey')),
        sql`not exists (select 1 from ${meetings} "now" where "now"."conference_id" = ${conferences.id} and "now"."url_key" = ${sql.placeholder('urlKey')})`,
        meetingExists(meetings.id, meetings.conferenceId),
      ),
    )
    .orderBy(desc(meetingFormerKeys.replacedAt), desc(meetingFormerKeys.id))
    .limit(1)
    .prepare(),
}));

/**
 * Keeps a meeting's change of address (its number or, without one, its first day) in the
 * caller's transaction: the key given up leads to the meeting from now on, the key taken no longer
 * counts as a former one of it. Its resolutions count as changed: their addresses changed with it,
 * and whoever keeps them up to date by their last change (OParl's and the API's `modified_since`,
 * the sitemaps) learns of their new ones.
 */
export function recordMeetingKeyChange(tx: DbOrTx, meetingId: number, from: string, to: string): void {
  if (from === to) return;
  const at = new Date().toISOString();
  tx.update(resolutions).set({ updatedAt: at }).where(eq(resolutions.meetingId, meetingId)).run();
  tx.insert(meetingFormerKeys)
    .values({ meetingId, urlKey: from, replacedAt: at })
    .onConflictDoUpdate({ target: [meetingFormerKeys.meetingId, meetingFormerKeys.urlKey], set: { replacedAt: at } })
    .run();
  tx.delete(meetingFormerKeys)
    .where(and(eq(meetingFormerKeys.meetingId, meetingId), eq(meetingFormerKeys.urlKey, to)))
    .run();
}

/**
 * The key a meeting has today that had `urlKey` before, when the viewer sees the meeting and no
 * meeting of the conference has that key now; null otherwise.
 */
export function formerMeetingKey(db: Db, viewer: Viewer, slug: string, urlKey: string): string | null {
  return queries(db).formerMeetingKey.get({ ...visibilityParams(viewer), slug, urlKey })?.urlKey ?? null;
}

/**
 * The number today of the Ziffer the viewer saw as `number` in a version of the resolution, where
 * no Ziffer has that number now (the Ziffern were renumbered): the latest version the viewer sees
 * with a Ziffer of that number names its text, and the one Ziffer the viewer sees today with that
 * very text is it. Null where there is none, or more than one (the address would be a guess), or
 * where its text was changed as well.
 */
export function formerDemandNumber(db: Db, viewer: Viewer, resolutionId: number, number: string, today: readonly { number: string | null; text: string }[]): string | null {
  if (today.some((demand) => demand.number === number)) return null;
  const versions = listVersions(db, viewer, resolutionId);
  const text = versions
    .toReversed()
    .map((version) => version.content.demands.find((demand) => demand.number === number))
    .find((demand) => demand !== undefined)?.text;
  if (text === undefined) return null;
  const same = today.filter((demand) => demand.text === text && demand.number !== null);
  return same.length === 1 ? same[0]!.number : null;
}

/** A meeting that gave up the key a document names (its number, or without one its first day), as the import says it. */
export interface RenumberedMeeting extends ImportMeetingChoice {
  /** When it gave the key up (ISO UTC). */
  replacedAt: string;
}

/**
 * The meeting of the conference that had the key `meeting` names before its number (or first day)
 * was corrected, when no meeting of the conference has that key now: a document still carrying the
 * old number is of that meeting, and importing it as it reads would create a second one. For the
 * import, which stores into the archive of its own conferences: no visibility rule here (the
 * browser offers only the secretariat's own meetings; the command line is the operator's).
 *
 * Found by its number, it must agree with what else the document says: the same year and, where
 * both give one, the same first day — a meeting of another year or day that has the old number is
 * another meeting (the one the corrected meeting was mistaken for), which the import creates. Of
 * several meetings that gave the key up, the latest that agrees.
 */
export function renumberedMeeting(tx: DbOrTx, conference: string, meeting: ImportMeeting): RenumberedMeeting | null {
  const urlKey = meetingUrlKey(meeting);
  const rows = tx
    .select({
      id: meetings.id, conference: conferences.shortName, number: meetings.number, year: meetings.year, startDate: meetings.startDate,
      endDate: meetings.endDate, place: meetings.place, replacedAt: meetingFormerKeys.replacedAt,
    })
    .from(meetingFormerKeys)
    .innerJoin(meetings, eq(meetings.id, meetingFormerKeys.meetingId))
    .innerJoin(conferences, eq(conferences.id, meetings.conferenceId))
    .where(
      and(
        eq(conferences.slug, conferenceSlug(conference)),
        eq(meetingFormerKeys.urlKey, urlKey),
        sql`not exists (select 1 from ${meetings} "now" where "now"."conference_id" = ${conferences.id} and "now"."url_key" = ${urlKey})`,
      ),
    )
    .orderBy(desc(meetingFormerKeys.replacedAt), desc(meetingFormerKeys.id))
    .all();
  if (meeting.number === null) return rows[0] ?? null; // found by its first day: that day is what it gave up
  const year = meetingYear(meeting);
  return rows.find((row) => (year === null || row.year === year)
    && (meeting.startDate === null || row.startDate === null || row.startDate === meeting.startDate)) ?? null;
}

/** A TOP of a meeting that had another number before it was corrected, as the import says it. */
export interface RenumberedItem {
  /** The resolution. */
  id: number;
  /** Its number today. */
  agendaItem: string;
  /** When it gave the number up (ISO UTC): the version that first had another. */
  replacedAt: string;
}

/**
 * The TOPs of the meeting that had another number before a correction, by that number, where no
 * TOP of the meeting has that number now: a document still naming the old number is of that TOP
 * (found through the versions, as services/versions.ts formerAgendaItem finds an old address). Of
 * several TOPs that gave a number up, the latest. For the import: no visibility rule here.
 */
export function renumberedAgendaItems(tx: DbOrTx, meetingId: number): Map<string, RenumberedItem> {
  const versions = tx
    .select({ id: resolutionVersions.resolutionId, at: resolutionVersions.at, agendaItem: sql<string | null>`json_extract(${resolutionVersions.content}, '$.agendaItem')`, now: resolutions.agendaItem })
    .from(resolutionVersions)
    .innerJoin(resolutions, eq(resolutions.id, resolutionVersions.resolutionId))
    .where(eq(resolutions.meetingId, meetingId))
    .orderBy(asc(resolutionVersions.resolutionId), asc(resolutionVersions.number))
    .all();
  const today = new Set(tx.select({ agendaItem: resolutions.agendaItem }).from(resolutions).where(eq(resolutions.meetingId, meetingId)).all().map((row) => row.agendaItem));
  const found = new Map<string, RenumberedItem>();
  versions.forEach((version, i) => {
    const previous = versions[i - 1];
    if (previous?.id !== version.id || previous.agendaItem === null || previous.agendaItem === version.agendaItem || today.has(previous.agendaItem)) return;
    const known = found.get(previous.agendaItem);
    if (known === undefined || known.replacedAt <= version.at) found.set(previous.agendaItem, { id: version.id, agendaItem: version.now, replacedAt: version.at });
  });
  return found;
}
