/**
 * The prepared queries of the implementation statistics (./statistics.ts): the conference's
 * meetings, its demands in scope, the maintained counts (demand_summary) and the federal
 * follow-ups, each joined from the conference's meetings.
 */
import { and, asc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { alias, type SelectedFields } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/connection.js';
import { conferences, demands, demandSummary, followUps, meetings, resolutions, resolutionSponsors } from '../../db/schema.js';
import { ADDRESSEE_KIND_LIST } from '../domain/status.js';
import { LAND_CODES } from '../domain/laender.js';
import { preparedPer, rowIterator } from './prepared.js';
import { conferenceExists, demandVisible, followUpVisible, meetingExists, resolutionVisible } from './visibility.js';
import { federalReaction, tracksDemandsSql } from './tracking.js';
import type { DemandStatus } from '../domain/vocabulary.js';
import { m, meetingOfResolution, r } from './resolution-header.js';

const d = alias(demands, 'd');
const s = alias(resolutionSponsors, 's');
const f = alias(followUps, 'f');
const o = alias(followUps, 'o');
const w = alias(followUps, 'w');
const sm = alias(demandSummary, 'sm');

const ph = (name: string) => sql.placeholder(name);
/** Each Land as one bit, in the order of LAND_CODES. */
export const LAND_BITS = new Map<string, number>(LAND_CODES.map((code, i) => [code, 1 << i]));
const meetingDateExpr = sql<string>`coalesce(${m.startDate}, ${m.year} || '-01-01')`;

/** One meeting of the conference (`meetingId`), or all of them (0). */
const oneOrAllMeetings = sql`(${ph('meetingId')} = 0 or ${m.id} = ${ph('meetingId')})`;

/**
 * Adopted resolutions of the conference's meetings in the scope that the viewer may see (of one
 * meeting with `meetingId`, of all with 0). The
 * queries join as `meetings CROSS JOIN resolutions CROSS JOIN …` with the join conditions here:
 * SQLite then walks from the conference's meetings (index meetings_conference_key) instead of
 * every released resolution (measured on the 100k benchmark archive, first federal responses of
 * one conference: 550 ms → 85 ms).
 */
function inScope(child?: SQL): SQL {
  return and(
    eq(r.meetingId, m.id),
    child,
    eq(m.conferenceId, ph('conferenceId')),
    oneOrAllMeetings,
    gte(m.year, ph('fromYear')),
    lte(m.year, ph('toYear')),
    sql`${meetingDateExpr} <= ${ph('until')}`,
    tracksDemandsSql(r.outcome),
    resolutionVisible(r.release, m.conferenceId),
  )!;
}

/**
 * The rows of demand_summary for the scope without a date: the conference's meetings in the year
 * range, the status kind of the viewer's level, resolutions the viewer may see whose demands are
 * tracked.
 */
function summaryInScope(): SQL {
  return and(
    eq(sm.meetingId, m.id),
    eq(m.conferenceId, ph('conferenceId')),
    oneOrAllMeetings,
    gte(m.year, ph('fromYear')),
    lte(m.year, ph('toYear')),
    sql`${sm.internal} = (${ph('level')} >= 1)`,
    tracksDemandsSql(sm.outcome),
    resolutionVisible(sm.release, m.conferenceId),
  )!;
}

/**
 * As of the date `until`, the demands whose status differs from their maintained one (read
 * backwards from it, ./statistics-parts.ts): only those on which a status event after the date
 * bears — the demand it is recorded on, or with none every demand of its resolution. The rule is
 * domain/status.ts `demandStatusesAsOf`: the last status event (by date, then id) the viewer may
 * see among the demand's own and its whole resolution's, on or before the date (none: 'open'); the
 * maintained status is that rule without a date (followups.ts keeps it so).
 *
 * The resolutions in scope (meetings held by the date) are looked up for events after the date, and
 * for each demand found only its own and its resolution's events by the date are read (index
 * follow_ups_status_events holds all a status event needs). Forwards from 'open' (the demands with
 * an event by the date) was measured slower at every date on the 100k benchmark archive: most of
 * a meeting's follow-ups come within a few years, so few lie after a date among the meetings held
 * by then.
 * Rows: [demandId, meetingId, maintained status, status as of the date, addressees (JSON),
 * sponsoring Länder (comma-separated, null without)].
 */
function statusChanges(db: Db) {
  const until = ph('until');
  // A follow-up on a Ziffer decides only that Ziffer's status, and a Ziffer the viewer may not see
  // is left out below (demandVisible): the follow-up's own visibility is all that is checked here.
  const visible = (e: typeof f | typeof o | typeof w) => followUpVisible(e.visibility, sql`null`);
  // the last status event by the date, as a string that sorts by date, then id; the status from character 23 on
  const lastBy = (e: typeof o | typeof w, name: string, demand: SQL) =>
    sql`(select max(${e.date} || printf('%012d', ${e.id}) || ${e.resultingStatus}) from ${followUps} ${sql.raw(`"${name}"`)}
       where ${e.resolutionId} = c.resolution_id and ${demand} and ${e.date} <= ${until} and ${e.resultingStatus} is not null and ${visible(e)})`;
  const base = sql`case when ${ph('level')} >= 1 then ${d.status} else ${d.publicStatus} end`;
  return rowIterator<[number, number, DemandStatus, DemandStatus, string, string | null]>(
    db,
    sql`with side as materialized (
        select distinct ${f.resolutionId} as resolution_id, ${m.id} as meeting_id, ${f.demandId} as demand_id
        from ${meetings} ${sql.raw('"m"')} cross join ${resolutions} ${sql.raw('"r"')} cross join ${followUps} ${sql.raw('"f"')}
        where ${inScope(and(eq(f.resolutionId, r.id), sql`${f.date} > ${until}`))} and ${f.resultingStatus} is not null and ${visible(f)}
      ),
      candidates as (
        select ${d.id} as id, ${d.resolutionId} as resolution_id, side.meeting_id, ${base} as base, ${d.addressees} as addressees
          from side cross join ${demands} ${sql.raw('"d"')}
         where side.demand_id is not null and ${d.id} = side.demand_id and ${d.resolutionId} = side.resolution_id and ${demandVisible(d.internal)}
        union
        select ${d.id}, ${d.resolutionId}, side.meeting_id, ${base}, ${d.addressees}
          from side cross join ${demands} ${sql.raw('"d"')}
         where side.demand_id is null and ${d.resolutionId} = side.resolution_id and ${demandVisible(d.internal)}
      ),
      -- each Ziffer's status as of the date computed once (materialized), then compared
      changed as materialized (
        select c.id, c.meeting_id, c.base, c.resolution_id, c.addressees,
               coalesce(nullif(substr(max(coalesce(${lastBy(o, 'o', sql`${o.demandId} = c.id`)}, ''), coalesce(${lastBy(w, 'w', sql`${w.demandId} is null`)}, '')), 23), ''), 'open') as then_status
          from candidates c
      )
      select id, meeting_id, base, then_status, addressees,
             (select group_concat(${s.land}) from ${resolutionSponsors} ${sql.raw('"s"')} where ${s.resolutionId} = changed.resolution_id) as lands
        from changed
       where base <> then_status`,
  );
}

/**
 * The status counts of every conference as of the date `until` (all years): the dated changes of
 * migration `status-deltas` added up — the years before the date, the months of its year before
 * it, the days of its month up to it — of the status kind of the viewer's level, resolutions the
 * viewer may see whose demands are tracked. Equal to the Ziffern of the meetings held by then with
 * their statuses as of then (statusChanges), read in a few thousand rows instead of the archive.
 * Rows: [conferenceId, status, demands].
 */
function statusTotalsAsOf(db: Db) {
  const until = ph('until');
  // one range of the primary key per span (an OR of the three would read every row of the kind)
  const span = (name: string, from: SQL, to: SQL) =>
    sql`select "conference_id", "release", "outcome", "status", "demands" from "status_deltas"
         where "internal" = (${ph('level')} >= 1) and "span" = ${name} and "period" >= ${from} and "period" ${to}`;
  const conferenceId = sql.raw('"deltas"."conference_id"');
  return rowIterator<[number, DemandStatus, number]>(
    db,
    sql`select ${conferenceId}, "deltas"."status", sum("deltas"."demands")
          from (${span('year', sql`''`, sql`< substr(${until}, 1, 4)`)}
                union all ${span('month', sql`substr(${until}, 1, 4)`, sql`< substr(${until}, 1, 7)`)}
                union all ${span('day', sql`substr(${until}, 1, 7)`, sql`<= ${until}`)}) "deltas"
         where ${tracksDemandsSql(sql.raw('"deltas"."outcome"'))} and ${resolutionVisible(sql.raw('"deltas"."release"'), conferenceId)}
         group by ${conferenceId}, "deltas"."status"`,
  );
}

/** The demands in scope (those the viewer sees): id, resolution, the status the viewer sees, then `extra` columns. */
function demandsInScope<T extends SelectedFields>(db: Db, extra: T, condition?: SQL) {
  const status = sql<DemandStatus>`case when ${ph('level')} >= 1 then ${d.status} else ${d.publicStatus} end`;
  return db
    .select({ id: d.id, resolutionId: d.resolutionId, status, ...extra })
    .from(m)
    .crossJoin(r)
    .crossJoin(d)
    .where(inScope(and(eq(d.resolutionId, r.id), demandVisible(d.internal), condition)));
}

export const queries = preparedPer((db: Db) => ({
  // Conferences and meetings as they exist for the viewer (./visibility.ts): for the public, none
  // without a released resolution — not in the list, not as a year, not as a row of zeros.
  conference: db.select().from(conferences).where(and(eq(conferences.slug, ph('slug')), conferenceExists(conferences.id))).prepare(),
  conferences: db.select().from(conferences).where(conferenceExists(conferences.id)).orderBy(asc(conferences.shortName)).prepare(),
  yearRange: db
    .select({ first: sql<number | null>`min(${m.year})`, last: sql<number | null>`max(${m.year})` })
    .from(m)
    .where(and(eq(m.conferenceId, ph('conferenceId')), meetingExists(m.id, m.conferenceId)))
    .prepare(),
  meetings: db
    .select({ id: m.id, urlKey: m.urlKey, number: m.number, year: m.year, startDate: m.startDate, date: meetingDateExpr })
    .from(m)
    .where(and(eq(m.conferenceId, ph('conferenceId')), meetingExists(m.id, m.conferenceId)))
    .prepare(),
  // The demands addressed to the Bund (the counts come from the summary), read one row at a time
  bundDemands: rowIterator<[number, number, DemandStatus, number, string, number]>(
    db,
    demandsInScope(
      db,
      { meetingId: m.id, addressees: sql<string>`${d.addressees}`, declaratory: sql<number>`${d.declaratory}` },
      sql`${d.addressees} like '%"bund"%'`,
    ),
  ),
  // The maintained counts (demand_summary) of the conference's meetings in the year range:
  // [meetingId, dimension, key, status, demands]
  summary: rowIterator<[number, 'all' | 'land' | 'addressee', string, DemandStatus, number]>(
    db,
    db
      .select({ meetingId: sm.meetingId, dimension: sm.dimension, key: sm.key, status: sm.status, demands: sql<number>`sum(${sm.demands})` })
      .from(m)
      .crossJoin(sm)
      .where(summaryInScope())
      .groupBy(sm.meetingId, sm.dimension, sm.key, sm.status),
  ),
  // [meetingId, status, demands]: the counts without the dimensions
  summaryAll: rowIterator<[number, DemandStatus, number]>(
    db,
    db
      .select({ meetingId: sm.meetingId, status: sm.status, demands: sql<number>`sum(${sm.demands})` })
      .from(m)
      .crossJoin(sm)
      .where(and(summaryInScope(), eq(sm.dimension, 'all')))
      .groupBy(sm.meetingId, sm.status),
  ),
  // [status, demands] of the whole conference in the year range
  summaryTotals: rowIterator<[DemandStatus, number]>(
    db,
    db
      .select({ status: sm.status, demands: sql<number>`sum(${sm.demands})` })
      .from(m)
      .crossJoin(sm)
      .where(and(summaryInScope(), eq(sm.dimension, 'all')))
      .groupBy(sm.status),
  ),
  // As of a date (./statistics-parts.ts)
  statusChanges: statusChanges(db),
  // [conferenceId, status, demands] of every conference as of the date `until`, over all years
  statusTotalsAsOf: statusTotalsAsOf(db),
  // The tag of each meeting of the conference: it changes with every write that touches the
  // meeting's figures (migration statistics-changes; ./statistics-parts.ts)
  tags: db
    .select({ id: m.id, tag: sql<number>`coalesce((select "tag" from "statistics_changes" where "meeting_id" = ${m.id}), 0)` })
    .from(m)
    .where(eq(m.conferenceId, ph('conferenceId')))
    .prepare(),
  // [resolutionId, demandId (null: whole resolution), first date of a federal response, last date
  // of a federal reaction]: one pass over the follow-ups for both, as a response is a reaction
  // (domain/tracking.ts FEDERAL_REACTION_KINDS are the addressee's kinds). A follow-up on a Ziffer
  // counts only for that Ziffer, and only Ziffern the viewer sees are looked up (bundDemands): the
  // follow-up's own visibility is all that is checked here.
  federalDates: rowIterator<[number, number | null, string | null, string]>(
    db,
    db
      .select({
        resolutionId: f.resolutionId,
        demandId: f.demandId,
        first: sql<string | null>`min(case when ${inArray(f.kind, [...ADDRESSEE_KIND_LIST])} then ${f.date} end)`,
        last: sql<string>`max(${f.date})`,
      })
      .from(m)
      .crossJoin(r)
      .crossJoin(f)
      .where(and(inScope(eq(f.resolutionId, r.id)), federalReaction(f), followUpVisible(f.visibility, sql`null`), lte(f.date, ph('until'))))
      .groupBy(f.resolutionId, f.demandId),
  ),
  demandDetails: db
    .select({
      id: d.id,
      number: d.number,
      position: d.position,
      agendaItem: r.agendaItem,
      sortKey: r.sortKey,
      title: r.title,
      meetingId: m.id,
    })
    .from(d)
    .innerJoin(r, eq(r.id, d.resolutionId))
    .innerJoin(m, meetingOfResolution)
    .where(sql`${d.id} in (select value from json_each(${ph('ids')}))`)
    .prepare(),
}));
