/**
 * The Länder dashboard: demands addressed to the Bund from resolutions a Land sponsored that are
 * not finished yet, with the date of their last follow-up and a "stale" flag.
 *
 * The rules (also on the page, i18n `dashboard.rule`):
 * - Resolutions: adopted ones (outcome `adopted`) that the Land sponsored or co-sponsored
 *   (`resolution_sponsors`), visible to the viewer (./visibility.ts: a land user never sees drafts).
 * - Demands: addressed to the Bund (`addressees` contains "bund") whose current status — the one
 *   the viewer sees — is open, in progress or partially implemented.
 * - Last follow-up: the latest follow-up of any kind for the demand or for its whole resolution
 *   that the viewer may see; for logged-in users that includes internal follow-ups (they are
 *   internal data, and the dashboard is for logged-in users only).
 * - Last federal reaction, days of silence and the stale flag (seit über 12 Monaten ohne Reaktion
 *   des Bundes): domain/tracking.ts — only a federal reaction counts, not a Land's assessment or a
 *   note; declaratory Ziffern are never stale. The count mirrors `isStale` in SQL.
 *
 * Scale: the queries start from the Land's rows in `resolution_sponsors` (index `sponsors_land`),
 * reach the demands through `demands_resolution` and the last follow-up through
 * `follow_ups_resolution_date`; counts are grouped in SQL and the list is paged.
 */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/connection.js';
import { demands, followUps, resolutionSponsors } from '../../db/schema.js';
import { daysBetween, todayIso } from '../domain/dates.js';
import { isStale, isUnfinished, staleBefore } from '../domain/tracking.js';
import type { LandCode } from '../domain/laender.js';
import { demandVisible, followUpVisible, resolutionVisible, visibilityParams, type Viewer } from './visibility.js';
import { federalReaction, tracksDemandsSql } from './tracking.js';
import { generationMemo } from './generation.js';
import { preparedPer } from './prepared.js';
import { c, conferenceOfMeeting, m, meetingOfResolution, r } from './resolution-header.js';
import { UNFINISHED_STATUSES, type DemandStatus, type ReleaseState, type UnfinishedStatus } from '../domain/vocabulary.js';


export const DASHBOARD_SORTS = ['age', 'silence'] as const;
/** age: oldest meeting first; silence: longest without a follow-up first. */
export type DashboardSort = (typeof DASHBOARD_SORTS)[number];

export const DASHBOARD_PAGE_SIZE = 200;

const s = alias(resolutionSponsors, 's');
const d = alias(demands, 'd');
const f = alias(followUps, 'f');

/** The status the viewer sees (the public one for the public). */
const statusExpr = sql<DemandStatus>`(case when ${sql.placeholder('level')} >= 1 then ${d.status} else ${d.publicStatus} end)`;
const statusOrder = sql`(case ${statusExpr} when 'open' then 0 when 'in_progress' then 1 else 2 end)`;
const meetingDateExpr = sql<string>`coalesce(${m.startDate}, ${m.year} || '-01-01')`;
const lastFollowUpExpr = sql<string | null>`(select max(${f.date}) from ${followUps} ${sql.raw('f')}
  where ${f.resolutionId} = ${r.id}
    and (${f.demandId} = ${d.id} or ${f.demandId} is null)
    and ${followUpVisible(f.visibility, f.demandId)})`;
const lastFederalReactionExpr = sql<string | null>`(select max(${f.date}) from ${followUps} ${sql.raw('f')}
  where ${f.resolutionId} = ${r.id}
    and (${f.demandId} = ${d.id} or ${f.demandId} is null)
    and ${followUpVisible(f.visibility, f.demandId)}
    and ${federalReaction(f)})`;

/**
 * 1 for a stale demand: domain/tracking.ts `isStale` in SQL (the conditions below already keep
 * adopted, unfinished demands to the Bund). Follow-ups are never dated before their meeting (the
 * follow-up service refuses that), so "the last federal reaction, else the meeting, lies before
 * staleBefore" is "the meeting lies before staleBefore and no federal reaction is dated on or
 * after it" — which the index (resolution_id, date) answers with a short range.
 */
const staleExpr = sql<number>`(case when ${d.declaratory} = 0 and ${meetingDateExpr} < ${sql.placeholder('staleBefore')}
  and not exists (select 1 from ${followUps} ${sql.raw('f')}
    where ${f.resolutionId} = ${r.id}
      and ${f.date} >= ${sql.placeholder('staleBefore')}
      and (${f.demandId} = ${d.id} or ${f.demandId} is null)
      and ${followUpVisible(f.visibility, f.demandId)}
      and ${federalReaction(f)})
  then 1 else 0 end)`;

function conditions(): SQL | undefined {
  return and(
    eq(s.land, sql.placeholder('land')),
    tracksDemandsSql(r.outcome),
    resolutionVisible(r.release, m.conferenceId),
    demandVisible(d.internal),
    // JSON text as the schema stores it (["bund","laender"]); portable to other databases.
    sql`${d.addressees} like '%"bund"%'`,
    inArray(statusExpr, UNFINISHED_STATUSES),
    // the page's filters; null: all conferences, all unfinished statuses
    sql`(${sql.placeholder('conference')} is null or ${c.slug} = ${sql.placeholder('conference')})`,
    sql`(${sql.placeholder('status')} is null or ${statusExpr} = ${sql.placeholder('status')})`,
  );
}

/** The dashboard's filters: one conference (its slug) and one status; null: all. */
export interface DashboardFilter {
  conference: string | null;
  status: UnfinishedStatus | null;
}

const NO_FILTER: DashboardFilter = { conference: null, status: null };

/** How much of a demand's text the dashboard rows carry (the downloads' "Text (Anfang)"). */
export const DEMAND_TEXT_CHARS = 240;

function prepareQueries(db: Db) {
  const base = () =>
    db
      .select({
        demandId: d.id,
        demandNumber: d.number,
        // one character more than the downloads keep: a text longer than that was cut (routes/dashboard)
        demandText: sql<string>`substr(${d.text}, 1, ${sql.raw(String(DEMAND_TEXT_CHARS + 1))})`,
        addressees: d.addressees,
        declaratory: d.declaratory,
        outcome: r.outcome,
        status: statusExpr,
        conferenceSlug: c.slug,
        conferenceShortName: c.shortName,
        meetingUrlKey: m.urlKey,
        meetingNumber: m.number,
        meetingYear: m.year,
        meetingDate: meetingDateExpr,
        agendaItem: r.agendaItem,
        title: r.title,
        release: r.release,
        lastFollowUp: lastFollowUpExpr,
        lastFederalReaction: lastFederalReactionExpr,
      })
      .from(s)
      .innerJoin(r, eq(r.id, s.resolutionId))
      .innerJoin(m, meetingOfResolution)
      .innerJoin(c, conferenceOfMeeting)
      .innerJoin(d, eq(d.resolutionId, r.id));

  // A page is found in two steps: the ordered ids (a narrow sort over all the Land's rows), then
  // the details of the page's rows one by one (prepared, by primary key).
  const ids = () =>
    db
      .select({ demandId: d.id })
      .from(s)
      .innerJoin(r, eq(r.id, s.resolutionId))
      .innerJoin(m, meetingOfResolution)
      .innerJoin(c, conferenceOfMeeting)
      .innerJoin(d, eq(d.resolutionId, r.id))
      .where(conditions());
  const tail = [asc(r.sortKey), asc(d.position)];
  return {
    byAge: ids()
      .orderBy(asc(c.shortName), statusOrder, asc(meetingDateExpr), asc(m.id), ...tail)
      .limit(sql.placeholder('limit'))
      .offset(sql.placeholder('offset'))
      .prepare(),
    bySilence: ids()
      .orderBy(asc(c.shortName), statusOrder, sql`coalesce(${lastFederalReactionExpr}, ${meetingDateExpr}) asc`, asc(meetingDateExpr), asc(m.id), ...tail)
      .limit(sql.placeholder('limit'))
      .offset(sql.placeholder('offset'))
      .prepare(),
    detail: base()
      .where(and(conditions(), eq(d.id, sql.placeholder('demandId'))))
      .limit(1)
      .prepare(),
    counts: db
      .select({
        conferenceSlug: c.slug,
        conferenceShortName: c.shortName,
        status: statusExpr,
        count: sql<number>`count(*)`,
        stale: sql<number>`sum(${staleExpr})`,
      })
      .from(s)
      .innerJoin(r, eq(r.id, s.resolutionId))
      .innerJoin(m, meetingOfResolution)
      .innerJoin(c, conferenceOfMeeting)
      .innerJoin(d, eq(d.resolutionId, r.id))
      .where(conditions())
      .groupBy(c.id, statusExpr)
      .orderBy(asc(c.shortName), statusOrder)
      .prepare(),
  };
}

const queries = preparedPer(prepareQueries);

export interface DashboardRow {
  demandId: number;
  demandNumber: string | null;
  /** The first DEMAND_TEXT_CHARS + 1 characters of the demand's text (cut in SQL; more than DEMAND_TEXT_CHARS: it goes on). */
  demandText: string;
  status: UnfinishedStatus;
  conferenceSlug: string;
  conferenceShortName: string;
  meetingUrlKey: string;
  meetingNumber: number | null;
  meetingYear: number;
  meetingDate: string;
  agendaItem: string;
  title: string;
  release: ReleaseState;
  /** The latest follow-up of any kind the viewer may see. */
  lastFollowUp: string | null;
  /** The latest federal reaction the viewer may see (domain/tracking.ts). */
  lastFederalReaction: string | null;
  /** Days since the last federal reaction, or since the meeting when there is none. */
  daysSilent: number;
  stale: boolean;
}

export interface DashboardCounts {
  byStatus: Record<UnfinishedStatus, number>;
  total: number;
  stale: number;
  byConference: { slug: string; shortName: string; byStatus: Record<UnfinishedStatus, number>; total: number; stale: number }[];
}

export interface Dashboard {
  land: LandCode;
  today: string;
  sort: DashboardSort;
  page: number;
  pageCount: number;
  counts: DashboardCounts;
  rows: DashboardRow[];
}

function zeroCounts(): Record<UnfinishedStatus, number> {
  return { open: 0, in_progress: 0, partial: 0 };
}

export function dashboardCounts(db: Db, viewer: Viewer, land: LandCode, today: string = todayIso(), filter: DashboardFilter = NO_FILTER): DashboardCounts {
  const rows = queries(db).counts.all({
    ...visibilityParams(viewer),
    ...filter,
    land,
    // Stale: the reference date lies before the same day 12 months ago.
    staleBefore: staleBefore(today),
  });
  const counts: DashboardCounts = { byStatus: zeroCounts(), total: 0, stale: 0, byConference: [] };
  for (const row of rows) {
    if (!isUnfinished(row.status)) continue;
    let group = counts.byConference.at(-1);
    if (!group || group.slug !== row.conferenceSlug) {
      group = { slug: row.conferenceSlug, shortName: row.conferenceShortName, byStatus: zeroCounts(), total: 0, stale: 0 };
      counts.byConference.push(group);
    }
    const stale = row.stale ?? 0;
    group.byStatus[row.status] += row.count;
    group.total += row.count;
    group.stale += stale;
    counts.byStatus[row.status] += row.count;
    counts.total += row.count;
    counts.stale += stale;
  }
  return counts;
}

/**
 * Counts and pages, kept for one generation of the data (./generation.ts): in a full archive a
 * Land has tens of thousands of open demands to the Bund, and counting and sorting them takes
 * about a second; paging, re-sorting and coming back repeat none of it until something is written.
 * Callers must not change what they get.
 */
const countsMemo = generationMemo<DashboardCounts>(100);
// a page of 200 rows is about 200 KB: 32 pages stay well inside the memory budget
const rowsMemo = generationMemo<DashboardRow[]>(32);

/**
 * The dashboard of one Land for the viewer: counts over all its open demands to the Bund and one
 * page of them, grouped (ordered) by conference and status, then sorted by `sort`.
 */
export function landDashboard(
  db: Db,
  viewer: Viewer,
  land: LandCode,
  options: { sort?: DashboardSort; page?: number; today?: string; pageSize?: number; filter?: DashboardFilter } = {},
): Dashboard {
  const today = options.today ?? todayIso();
  const sort = options.sort ?? 'age';
  const pageSize = options.pageSize ?? DASHBOARD_PAGE_SIZE;
  const filter = options.filter ?? NO_FILTER;
  const params = { ...visibilityParams(viewer), ...filter, land };
  // what the figures depend on besides the data: who looks (visibility), which Land, which day, which filter
  const scope = `${params.level}:${params.scope}:${land}:${today}:${filter.conference ?? ''}:${filter.status ?? ''}`;
  const counts = countsMemo(db, scope, () => dashboardCounts(db, viewer, land, today, filter));
  const pageCount = Math.max(1, Math.ceil(counts.total / pageSize));
  const page = Math.min(Math.max(1, Math.trunc(options.page ?? 1)), pageCount);
  const rows = rowsMemo(db, `${scope}:${sort}:${page}:${pageSize}`, () => {
    const q = queries(db);
    const statement = sort === 'silence' ? q.bySilence : q.byAge;
    return statement
      .all({ ...params, limit: pageSize, offset: (page - 1) * pageSize })
      .map(({ demandId }) => q.detail.get({ ...params, demandId }))
      .filter((row) => row !== undefined)
      .filter((row): row is typeof row & { status: UnfinishedStatus } => isUnfinished(row.status))
      .map(({ addressees, declaratory, outcome, ...row }) => ({
        ...row,
        daysSilent: daysBetween(row.lastFederalReaction ?? row.meetingDate, today) ?? 0,
        stale: isStale({ outcome, addressees, declaratory, status: row.status, meetingDate: row.meetingDate, lastFederalReaction: row.lastFederalReaction }, today),
      }));
  });
  return { land, today, sort, page, pageCount, counts, rows };
}
