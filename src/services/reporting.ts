/**
 * Reporting requests (Berichtsaufträge): demands that ask the addressee to report by a date.
 *
 * The rule, shown in the same words on the page (i18n `reports.rule`):
 * - The due date of a demand is its `due_date`, or else the start date of the meeting it is due at
 *   (`due_meeting_id`: "der nächsten IntMK zu berichten", once that meeting has a date).
 * - Only demands of adopted resolutions (outcome `adopted`) carry a reporting request in force.
 * - A request is answered once a follow-up of kind `report` (Bericht) or `response` (Stellungnahme)
 *   exists for the demand or for the whole resolution, dated no earlier than one year before the
 *   due date (so an early reaction right after a meeting does not count as the report asked for
 *   years later; a report delivered late still answers the request). The status of the demand is
 *   shown but does not decide.
 * - Overdue: unanswered and due before today. Due soon: unanswered and due today or within the
 *   next 90 days.
 * - Visibility as everywhere (./visibility.ts): resolutions the viewer may see, and follow-ups the
 *   viewer may see — for logged-in users internal follow-ups count too (they are internal data).
 *
 * Scale: one query ranks both lists with window functions (one pass over the demands, first
 * `limit` rows of each list, totals by `count(*) over`); that pass scans `demands` (the lists have
 * no lower bound on the due date). The reminders' query reads only the window it asks for, from
 * the partial indexes on `due_date` and `due_meeting_id`.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { alias, unionAll, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/connection.js';
import { tracksDemandsSql } from './tracking.js';
import { demands, followUps, meetings } from '../../db/schema.js';
import { addDays, daysBetween, todayIso } from '../domain/dates.js';
import { demandVisible, conferenceExists, followUpVisible, resolutionVisible, visibilityParams, type Viewer } from './visibility.js';
import { preparedPer } from './prepared.js';
import { c, conferenceOfMeeting, m, meetingOfResolution, r, withResolution } from './resolution-header.js';
import type { DemandStatus, ReleaseState } from '../domain/vocabulary.js';

/** Requests due within this many days from today are listed as "due soon". */
export const DUE_SOON_DAYS = 90;
/** At most this many rows per list; the page says how many there are in all. */
export const REPORT_LIST_LIMIT = 500;

const d = alias(demands, 'd');
const dm = alias(meetings, 'dm');
const f = alias(followUps, 'f');

/** The effective due date of a demand (see the rule above). */
const dueExpr = sql<string>`coalesce(${d.dueDate}, ${dm.startDate})`;

const answered = sql`exists (select 1 from ${followUps} ${sql.raw('f')}
  where ${f.resolutionId} = ${r.id}
    and (${f.demandId} = ${d.id} or ${f.demandId} is null)
    and ${f.kind} in ('report', 'response')
    and ${f.date} >= date(${dueExpr}, '-1 year')
    and ${followUpVisible(f.visibility, f.demandId)})`;

const conditions = and(
  tracksDemandsSql(r.outcome),
  resolutionVisible(r.release, m.conferenceId),
  demandVisible(d.internal),
  sql`(${sql.placeholder('conferenceId')} = 0 or ${m.conferenceId} = ${sql.placeholder('conferenceId')})`,
  sql`(${d.dueDate} is not null or ${d.dueMeetingId} is not null)`,
  sql`${dueExpr} < ${sql.placeholder('until')}`,
  sql`not ${answered}`,
);

/** 1 for a request due before today (overdue), 0 for one due today or later (due soon). */
const overdueFlag = sql<number>`(case when ${dueExpr} < ${sql.placeholder('today')} then 1 else 0 end)`;

function prepareQueries(db: Db) {
  // One pass over the demands for both lists: rank within "overdue" and "due soon", count each,
  // keep the first `limit` of each.
  const demandRows = db
    .select({
      demandId: sql<number>`${d.id}`.as('demand_id'),
      demandNumber: sql<string | null>`${d.number}`.as('demand_number'),
      status: sql<DemandStatus>`${d.status}`.as('status'),
      publicStatus: sql<DemandStatus>`${d.publicStatus}`.as('public_status'),
      dueDate: sql<string>`${dueExpr}`.as('due'),
      overdue: overdueFlag.as('overdue'),
      conferenceSlug: sql<string>`${c.slug}`.as('conference_slug'),
      conferenceShortName: sql<string>`${c.shortName}`.as('conference_short_name'),
      meetingUrlKey: sql<string>`${m.urlKey}`.as('meeting_url_key'),
      meetingNumber: sql<number | null>`${m.number}`.as('meeting_number'),
      meetingYear: sql<number>`${m.year}`.as('meeting_year'),
      meetingStartDate: sql<string | null>`${m.startDate}`.as('meeting_start_date'),
      agendaItem: sql<string>`${r.agendaItem}`.as('agenda_item'),
      title: sql<string>`${r.title}`.as('title'),
      release: sql<ReleaseState>`${r.release}`.as('release'),
      rank: sql<number>`row_number() over (partition by ${overdueFlag}
        order by ${dueExpr}, ${c.shortName}, ${m.year}, ${m.startDate}, ${r.sortKey}, ${d.position})`.as('rank'),
      total: sql<number>`count(*) over (partition by ${overdueFlag})`.as('total'),
    })
    .from(d)
    .$dynamic();
  const ranked = withResolution(demandRows, d.resolutionId)
    .leftJoin(dm, eq(dm.id, d.dueMeetingId))
    .where(conditions)
    .as('ranked');

  // The reminders (./reminders.ts): every request in force due in a window, as logged-in users see it.
  // Two branches, each driven by a partial index (CROSS JOIN keeps SQLite's join order: given the
  // choice, the planner walks the release index over every resolution and reads all their
  // demands): Ziffern with their own due date in the window (demands_due_date), and those without
  // one, due at a meeting that starts in it (meetings_start, then demands_due_meeting).
  // the due date as each branch has it (its own, or its meeting's start), so that a branch may read
  // in the order of its index
  const dueFields = (due: SQLiteColumn) => ({
    demandId: sql<number>`${d.id}`.as('demand_id'),
    demandNumber: d.number,
    addressees: d.addressees,
    dueDate: sql<string>`${due}`.as('due'),
    conferenceId: c.id,
    conferenceSlug: c.slug,
    conferenceShortName: sql<string>`${c.shortName}`.as('conference_short_name'),
    meetingUrlKey: m.urlKey,
    meetingNumber: m.number,
    meetingYear: sql<number>`${m.year}`.as('meeting_year'),
    agendaItem: r.agendaItem,
    title: r.title,
    release: r.release,
    demandInternal: d.internal,
    sortKey: sql<string>`${r.sortKey}`.as('sort_key'),
    position: sql<number>`${d.position}`.as('position'),
  });
  // in the window, and after the last request of the previous page (due date, then Ziffer): the
  // reminders read the window a page at a time (./reminders.ts), each page where the last one ended
  const inWindow = (date: SQLiteColumn) => sql`${date} between ${sql.placeholder('from')} and ${sql.placeholder('until')}
    and (${date} > ${sql.placeholder('afterDue')} or (${date} = ${sql.placeholder('afterDue')} and ${d.id} > ${sql.placeholder('afterId')}))`;
  const inForce = and(eq(r.id, d.resolutionId), eq(r.outcome, 'adopted'), resolutionVisible(r.release, m.conferenceId), sql`not ${answered}`);
  const byOwnDate = db
    .select(dueFields(d.dueDate))
    .from(d)
    .crossJoin(r)
    .innerJoin(m, meetingOfResolution)
    .innerJoin(c, conferenceOfMeeting)
    .leftJoin(dm, eq(dm.id, d.dueMeetingId))
    .where(and(inWindow(d.dueDate), inForce));
  const byMeeting = db
    .select(dueFields(dm.startDate))
    .from(dm)
    .crossJoin(d)
    .crossJoin(r)
    .innerJoin(m, meetingOfResolution)
    .innerJoin(c, conferenceOfMeeting)
    .where(and(inWindow(dm.startDate), eq(d.dueMeetingId, dm.id), sql`${d.dueDate} is null`, inForce));

  return {
    // ordered by the names of the result's columns (the order of a compound select cannot name its
    // tables): by due date and Ziffer, the key the pages continue from; the list of a message is
    // ordered as the page /berichtsauftraege orders it (byListOrder)
    dueBetween: unionAll(byOwnDate, byMeeting).orderBy(sql`due, demand_id`).limit(sql.placeholder('limit')).prepare(),

    lists: db
      .select()
      .from(ranked)
      .where(sql`${ranked.rank} <= ${sql.placeholder('limit')}`)
      .orderBy(desc(ranked.overdue), asc(ranked.rank))
      .prepare(),

    conferences: db
      .select({ id: c.id, slug: c.slug, shortName: c.shortName, name: c.name })
      .from(c)
      .where(conferenceExists(c.id))
      .orderBy(asc(c.shortName))
      .prepare(),
  };
}

export const queries = preparedPer(prepareQueries);

export interface ReportingRow {
  demandId: number;
  demandNumber: string | null;
  status: DemandStatus;
  dueDate: string;
  /** Days since the due date (positive: overdue) — negative for requests due in the future. */
  daysOverdue: number;
  conferenceSlug: string;
  conferenceShortName: string;
  meetingUrlKey: string;
  meetingNumber: number | null;
  meetingYear: number;
  meetingStartDate: string | null;
  agendaItem: string;
  title: string;
  release: ReleaseState;
}

export interface ReportingList {
  rows: ReportingRow[];
  /** All matching requests (the rows are capped at REPORT_LIST_LIMIT). */
  total: number;
}

export interface ReportingPage {
  today: string;
  horizon: string;
  overdue: ReportingList;
  dueSoon: ReportingList;
}

export interface ConferenceOption {
  id: number;
  slug: string;
  shortName: string;
  name: string;
}

export interface DueRequest {
  demandId: number;
  demandNumber: string | null;
  addressees: string[];
  dueDate: string;
  conferenceId: number;
  conferenceSlug: string;
  conferenceShortName: string;
  meetingUrlKey: string;
  meetingNumber: number | null;
  meetingYear: number;
  agendaItem: string;
  title: string;
  /** Internal or public (drafts are nobody's request), and whether the Ziffer is marked internal: whether the public sees its page. */
  release: ReleaseState;
  demandInternal: boolean;
  /** The TOP's sort key and the Ziffer's position: with the fields above, the order of the list. */
  sortKey: string;
  position: number;
}

/** Where a page of due requests ends: the due date and the Ziffer of its last request. */
export interface DueKey {
  dueDate: string;
  demandId: number;
}

/** Before every request (no due date sorts before the empty text). */
export const DUE_START: DueKey = Object.freeze({ dueDate: '', demandId: 0 });

/**
 * Unanswered reporting requests in force with a due date from `from` to `until` (inclusive), of
 * released resolutions (internal or public) — what the reminders are about — after `after`, at
 * most `limit`, by due date and Ziffer: the next page is read from the last request of this one.
 * Drafts are left out: a draft is not yet a decision anybody reports on. Reads only the Ziffern due
 * in the window (through the due-date indexes), however large the archive.
 */
export function reportingRequestsDuePage(db: Db, from: string, until: string, after: DueKey, limit: number): DueRequest[] {
  // level 1: what a logged-in official sees
  const rows = queries(db).dueBetween.all({ level: 1, scope: '[]', from, until, afterDue: after.dueDate, afterId: after.demandId, limit });
  return rows.map((row) => ({ ...row, addressees: typeof row.addressees === 'string' ? (JSON.parse(row.addressees) as string[]) : row.addressees }));
}

/** All the requests due in the window, read a page at a time. */
export function reportingRequestsDueBetween(db: Db, from: string, until: string, pageSize = 500): DueRequest[] {
  const all: DueRequest[] = [];
  for (let after = DUE_START; ; ) {
    const page = reportingRequestsDuePage(db, from, until, after, pageSize);
    all.push(...page);
    if (page.length < pageSize) return all;
    after = page[page.length - 1]!;
  }
}

/** The order of a reminder's lines: due date, conference, year of the meeting, TOP, Ziffer. */
export function byListOrder(a: DueRequest, b: DueRequest): number {
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return (
    text(a.dueDate, b.dueDate) ||
    text(a.conferenceShortName, b.conferenceShortName) ||
    a.meetingYear - b.meetingYear ||
    text(a.sortKey, b.sortKey) ||
    a.position - b.position ||
    a.demandId - b.demandId
  );
}

/** The conferences that exist for the viewer, for the filter. */
export function conferenceOptions(db: Db, viewer: Viewer): ConferenceOption[] {
  return queries(db).conferences.all(visibilityParams(viewer));
}

/**
 * Overdue and soon-due reporting requests the viewer may see, most overdue first.
 * `conferenceId` null: all conferences.
 */
export function reportingRequests(
  db: Db,
  viewer: Viewer,
  conferenceId: number | null,
  today: string = todayIso(),
  limit: number = REPORT_LIST_LIMIT,
): ReportingPage {
  const visibility = visibilityParams(viewer);
  const horizon = addDays(today, DUE_SOON_DAYS);
  const rows = queries(db).lists.all({
    ...visibility,
    conferenceId: conferenceId ?? 0,
    today,
    // "within the next 90 days": up to and including today + 90.
    until: addDays(horizon, 1),
    limit,
  });
  const overdue: ReportingList = { rows: [], total: 0 };
  const dueSoon: ReportingList = { rows: [], total: 0 };
  for (const { publicStatus, overdue: isOverdue, rank: _rank, total, ...row } of rows) {
    const list = isOverdue === 1 ? overdue : dueSoon;
    list.total = total;
    list.rows.push({
      ...row,
      status: visibility.level === 0 ? publicStatus : row.status,
      daysOverdue: daysBetween(row.dueDate, today) ?? 0,
    });
  }
  return { today, horizon, overdue, dueSoon };
}
