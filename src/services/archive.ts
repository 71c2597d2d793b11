/**
 * Read side of the archive: the data of the public pages (home, conference, meeting,
 * resolution), always filtered through the visibility rule of ./visibility.ts.
 * The queries are prepared once per database (hot paths: see STYLE.md §6).
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { alias, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/connection.js';
import { actors, demands, meetings, protocolStatements, resolutionSponsors, resolutions } from '../../db/schema.js';
import { todayIso } from '../domain/dates.js';
import { countStatuses, demandStatusesAsOf, type StatusEvent } from '../domain/status.js';
import { meetingReferenceDate, tracksDemands } from '../domain/tracking.js';
import { demandImplementation } from '../domain/implementation.js';
import { confirmedRepeats } from './repeat-review.js';
import { isLandCode, landName, type LandCode } from '../domain/laender.js';
import { parseReference, referenceText } from '../domain/references.js';
import { conferenceExists, followUpVisible, inScope, meetingExists, resolutionVisible, visibilityParams, visibleStatements, visibleTally, type Viewer } from './visibility.js';
import { preparedPer } from './prepared.js';
import type { FollowUpFacts } from '../domain/resolution-facts.js';
import type { DemandStatus, Visibility } from '../domain/vocabulary.js';
import { c, conferenceOfMeeting, f, m, meetingColumns, meetingOfResolution, r, statusEventColumns } from './resolution-header.js';

const d = alias(demands, 'd');
const dueMeeting = alias(meetings, 'due_meeting');

const visible = resolutionVisible(r.release, m.conferenceId);
/** The references of each resolution, one row each (kept by triggers, see the migration). */
const resolutionReferences = sqliteTable('resolution_references', {
  resolutionId: integer('resolution_id').notNull(),
  reference: text('reference').notNull(),
});
/**
 * "As of" a date (`?stand=`), meetings held later do not exist yet; placeholder `asOf`, null =
 * today. A meeting counts from its start date, or 1 January of its year (meetingReferenceDate).
 */
const heldBy = sql`(${sql.placeholder('asOf')} is null or coalesce(${m.startDate}, ${m.year} || '-01-01') <= ${sql.placeholder('asOf')})`;
/** The resolutions of meeting `m` this viewer may see. */
const vr = alias(resolutions, 'vr');
const visibleCount = sql<number>`(select count(*) from ${resolutions} as "vr" where ${vr.meetingId} = ${m.id} and ${resolutionVisible(vr.release, m.conferenceId)})`;

function prepareQueries(db: Db) {
  return {
    // Counts of what the viewer can open: meetings with a resolution it sees, and those resolutions.
    conferences: db
      .select({
        slug: c.slug,
        shortName: c.shortName,
        name: c.name,
        meetings: sql<number>`count(distinct ${r.meetingId})`,
        resolutions: sql<number>`count(${r.id})`,
      })
      .from(c)
      .leftJoin(m, and(eq(m.conferenceId, c.id), heldBy))
      .leftJoin(r, and(eq(r.meetingId, m.id), visible))
      .groupBy(c.id)
      .having(sql`count(${r.id}) > 0 or ${inScope(c.id)}`)
      .orderBy(asc(c.shortName))
      .prepare(),

    // Newest meetings first, each with its visible resolutions counted from the covering index
    // (meeting_id, release): a join and GROUP BY over all resolutions took 30 ms on 100,000.
    latestMeetings: db
      .select({
        slug: c.slug,
        shortName: c.shortName,
        ...meetingColumns,
        resolutions: visibleCount,
      })
      .from(m)
      .innerJoin(c, conferenceOfMeeting)
      .where(and(sql`${visibleCount} > 0`, heldBy))
      .orderBy(desc(m.startDate), desc(m.year))
      .limit(sql.placeholder('limit'))
      .prepare(),

    conference: db
      .select()
      .from(c)
      .where(and(eq(c.slug, sql.placeholder('slug')), conferenceExists(c.id)))
      .prepare(),

    conferenceMeetings: db
      .select({
        id: m.id,
        ...meetingColumns,
        chairLand: m.chairLand,
        resolutions: sql<number>`count(${r.id})`,
      })
      .from(m)
      .leftJoin(r, and(eq(r.meetingId, m.id), visible))
      .where(and(eq(m.conferenceId, sql.placeholder('conferenceId')), heldBy))
      .groupBy(m.id)
      .having(sql`count(${r.id}) > 0 or ${inScope(m.conferenceId)}`)
      .orderBy(desc(m.year), desc(m.startDate), desc(m.number))
      .prepare(),

    meeting: db
      .select({ meeting: m, conference: c })
      .from(m)
      .innerJoin(c, conferenceOfMeeting)
      .where(and(eq(c.slug, sql.placeholder('slug')), eq(m.urlKey, sql.placeholder('urlKey')), meetingExists(m.id, m.conferenceId)))
      .prepare(),

    meetingResolutions: db
      .select({
        id: r.id,
        agendaItem: r.agendaItem,
        title: r.title,
        outcome: r.outcome,
        voting: r.voting,
        release: r.release,
        sponsors: sql<string | null>`(select group_concat(land, ',') from (select land from ${resolutionSponsors} s where s.resolution_id = ${r.id} order by s.position))`,
      })
      .from(r)
      .innerJoin(m, meetingOfResolution)
      .where(and(eq(r.meetingId, sql.placeholder('meetingId')), visible))
      .orderBy(asc(r.sortKey))
      .prepare(),

    meetingDemands: db
      .select({
        id: d.id,
        resolutionId: d.resolutionId,
        status: d.status,
        publicStatus: d.publicStatus,
      })
      .from(d)
      .innerJoin(r, eq(r.id, d.resolutionId))
      .innerJoin(m, meetingOfResolution)
      .where(and(eq(r.meetingId, sql.placeholder('meetingId')), visible))
      .prepare(),

    meetingFollowUps: db
      .select(statusEventColumns)
      .from(f)
      .innerJoin(r, eq(r.id, f.resolutionId))
      .innerJoin(m, meetingOfResolution)
      .where(and(eq(r.meetingId, sql.placeholder('meetingId')), visible, followUpVisible(f.visibility)))
      .prepare(),

    resolution: db
      .select({
        resolution: {
          id: r.id,
          agendaItem: r.agendaItem,
          title: r.title,
          outcome: r.outcome,
          voting: r.voting,
          votesYes: r.votesYes,
          votesNo: r.votesNo,
          votesAbstain: r.votesAbstain,
          tallyInternal: r.tallyInternal,
          formula: r.formula,
          references: r.references,
          reportingLand: r.reportingLand,
          release: r.release,
          releasedOn: r.releasedOn,
          source: r.source,
          synthetic: r.synthetic,
        },
        meeting: { urlKey: m.urlKey, number: m.number, year: m.year, startDate: m.startDate, endDate: m.endDate, place: m.place },
        conference: { id: c.id, slug: c.slug, shortName: c.shortName, name: c.name },
      })
      .from(r)
      .innerJoin(m, meetingOfResolution)
      .innerJoin(c, conferenceOfMeeting)
      .where(
        and(
          eq(c.slug, sql.placeholder('slug')),
          eq(m.urlKey, sql.placeholder('urlKey')),
          eq(r.agendaItem, sql.placeholder('agendaItem')),
          visible,
        ),
      )
      .prepare(),

    // Resolutions the viewer may see that refer to a TOP (back-links), oldest meeting first.
    referencedBy: db
      .select({ agendaItem: r.agendaItem, urlKey: m.urlKey, number: m.number, year: m.year, startDate: m.startDate, slug: c.slug, shortName: c.shortName })
      .from(resolutionReferences)
      .innerJoin(r, eq(r.id, resolutionReferences.resolutionId))
      .innerJoin(m, eq(m.id, r.meetingId))
      .innerJoin(c, eq(c.id, m.conferenceId))
      .where(and(eq(resolutionReferences.reference, sql.placeholder('reference')), visible))
      .orderBy(asc(m.startDate), asc(m.year), asc(r.sortKey))
      .prepare(),

    sponsors: db
      .select({ land: resolutionSponsors.land })
      .from(resolutionSponsors)
      .where(eq(resolutionSponsors.resolutionId, sql.placeholder('resolutionId')))
      .orderBy(asc(resolutionSponsors.position))
      .prepare(),

    demands: db
      .select({
        id: demands.id,
        number: demands.number,
        text: demands.text,
        addressees: demands.addressees,
        declaratory: demands.declaratory,
        dueDate: sql<string | null>`coalesce(${demands.dueDate}, ${dueMeeting.startDate})`,
        /** The due date as recorded, without the one taken from the meeting a report is due at. */
        recordedDueDate: demands.dueDate,
        dueMeetingNumber: demands.dueMeetingNumber,
      })
      .from(demands)
      .leftJoin(dueMeeting, eq(dueMeeting.id, demands.dueMeetingId))
      .where(eq(demands.resolutionId, sql.placeholder('resolutionId')))
      .orderBy(asc(demands.position))
      .prepare(),

    followUps: db
      .select({
        id: f.id,
        demandId: f.demandId,
        date: f.date,
        kind: f.kind,
        summary: f.summary,
        link: f.link,
        resultingStatus: f.resultingStatus,
        visibility: f.visibility,
        authorId: f.authorId,
        actorCode: actors.code,
        actorName: actors.name,
        actorKind: actors.kind,
        actorLand: f.actorLand,
      })
      .from(f)
      .leftJoin(actors, eq(actors.id, f.actorId))
      .where(and(eq(f.resolutionId, sql.placeholder('resolutionId')), followUpVisible(f.visibility)))
      .orderBy(asc(f.date), asc(f.id))
      .prepare(),
    protocolStatements: db
      .select({ laender: protocolStatements.laender, text: protocolStatements.text, internal: protocolStatements.internal })
      .from(protocolStatements)
      .where(eq(protocolStatements.resolutionId, sql.placeholder('resolutionId')))
      .orderBy(asc(protocolStatements.position))
      .prepare(),
  };
}

const queries = preparedPer(prepareQueries);

export interface LandRef {
  code: LandCode;
  name: string;
}

function landRefs(codes: readonly string[]): LandRef[] {
  return codes.filter(isLandCode).map((code) => ({ code, name: landName(code) }));
}

/** Status of each demand: from the cached columns today, recomputed from follow-ups "as of". */
function statusesOf(
  demandRows: readonly { id: number; resolutionId: number; status: DemandStatus; publicStatus: DemandStatus }[],
  events: readonly (StatusEvent & { demandId: number | null; resolutionId: number })[],
  viewer: Viewer,
  asOf: string | null,
): Map<number, DemandStatus> {
  if (asOf !== null) return demandStatusesAsOf(demandRows, events, asOf);
  const level = visibilityParams(viewer).level;
  return new Map(demandRows.map((demand) => [demand.id, level === 0 ? demand.publicStatus : demand.status]));
}

/** The Land codes of a resolution's sponsors, in their printed order. */
export function sponsorCodes(db: Db, resolutionId: number): string[] {
  return queries(db).sponsors.all({ resolutionId }).map((s) => s.land);
}

/** The protocol statements of a resolution the viewer may see (those withheld from it left out). */
export function protocolStatementsOf(db: Db, viewer: Viewer, resolutionId: number): { laender: string[]; text: string }[] {
  return visibleStatements(viewer, queries(db).protocolStatements.all({ resolutionId })).filter((s) => !s.withheld);
}

/** A meeting (with its conference) by its address, when it exists for the viewer (it has a resolution the viewer sees). */
export function meetingByAddress(db: Db, viewer: Viewer, slug: string, urlKey: string) {
  return queries(db).meeting.get({ ...visibilityParams(viewer), slug, urlKey }) ?? null;
}

export function homePage(db: Db, viewer: Viewer, asOf: string | null = null) {
  const params = { ...visibilityParams(viewer), asOf };
  const q = queries(db);
  return {
    conferences: q.conferences.all(params),
    latestMeetings: q.latestMeetings.all({ ...params, limit: 8 }),
  };
}

export function conferencePage(db: Db, viewer: Viewer, slug: string, asOf: string | null = null) {
  const params = { ...visibilityParams(viewer), asOf };
  const q = queries(db);
  const conference = q.conference.get({ ...params, slug });
  if (!conference) return null;
  const meetingRows = q.conferenceMeetings.all({ ...params, conferenceId: conference.id });
  const years = new Map<number, typeof meetingRows>();
  for (const row of meetingRows) {
    const list = years.get(row.year) ?? [];
    list.push(row);
    years.set(row.year, list);
  }
  return {
    conference,
    years: [...years.entries()].map(([year, list]) => ({ year, meetings: list })),
  };
}

export function meetingPage(db: Db, viewer: Viewer, slug: string, urlKey: string, asOf: string | null) {
  const params = visibilityParams(viewer);
  const q = queries(db);
  const found = q.meeting.get({ ...params, slug, urlKey });
  if (!found) return null;
  const rows = q.meetingResolutions.all({ ...params, meetingId: found.meeting.id });
  const demandRows = q.meetingDemands.all({ ...params, meetingId: found.meeting.id });
  const events = asOf === null ? [] : q.meetingFollowUps.all({ ...params, meetingId: found.meeting.id });
  const statuses = statusesOf(demandRows, events, viewer, asOf);
  // only the Ziffern of resolutions whose demands are tracked count (domain/tracking.ts)
  const tracked = new Set(rows.filter((row) => tracksDemands(row.outcome)).map((row) => row.id));
  const byResolution = new Map<number, DemandStatus[]>();
  for (const demand of demandRows) {
    const list = byResolution.get(demand.resolutionId) ?? [];
    list.push(statuses.get(demand.id)!);
    byResolution.set(demand.resolutionId, list);
  }
  return {
    ...found,
    resolutions: rows.map((row) => ({
      ...row,
      sponsors: landRefs(row.sponsors ? row.sponsors.split(',') : []),
      demandCount: byResolution.get(row.id)?.length ?? 0,
      tracked: tracked.has(row.id),
      statusCounts: countStatuses(tracked.has(row.id) ? (byResolution.get(row.id) ?? []) : []),
    })),
    totals: countStatuses(demandRows.filter((demand) => tracked.has(demand.resolutionId)).map((demand) => statuses.get(demand.id)!)),
  };
}

export interface FollowUpView extends FollowUpFacts {
  id: number;
  visibility: Visibility;
  authorId: number | null;
  actorCode: string | null;
  actorName: string | null;
  actorKind: string | null;
  actorLand: string | null;
}

export function resolutionPage(
  db: Db,
  viewer: Viewer,
  slug: string,
  urlKey: string,
  agendaItem: string,
  asOf: string | null,
) {
  const params = visibilityParams(viewer);
  const q = queries(db);
  const found = q.resolution.get({ ...params, slug, urlKey, agendaItem });
  if (!found) return null;
  const resolutionId = found.resolution.id;
  const sponsors = sponsorCodes(db, resolutionId);
  const allFollowUps = q.followUps.all({ ...params, resolutionId }) as FollowUpView[];
  const today = todayIso();
  const meetingDate = meetingReferenceDate(found.meeting);
  const implementation = demandImplementation(
    { outcome: found.resolution.outcome, meetingDate },
    q.demands.all({ resolutionId }),
    allFollowUps,
    asOf,
    today,
  );
  // A reference becomes a link when it names a TOP this viewer may see (resolved at every read:
  // a TOP imported later is linked from then on; an unreleased one stays plain text).
  const references = found.resolution.references.map((text) => {
    const top = parseReference(text);
    const target = top && q.resolution.get({ ...params, slug: top.conference, urlKey: top.meeting, agendaItem: top.agendaItem });
    return { text, target: target ? { slug: target.conference.slug, urlKey: target.meeting.urlKey, agendaItem: target.resolution.agendaItem } : null };
  });
  const repeats = confirmedRepeats(db, viewer, implementation.demands.map((demand) => demand.id), asOf);
  const ownReference = referenceText(found.conference.shortName, found.meeting.number, found.resolution.agendaItem);
  const referencedBy = ownReference === null ? [] : q.referencedBy.all({ ...params, reference: ownReference });
  return {
    ...found,
    resolution: visibleTally(viewer, found.resolution),
    references,
    referencedBy,
    repeats,
    sponsors: landRefs(sponsors),
    allLaender: sponsors.length === 16,
    reportingLand: landRefs(found.resolution.reportingLand === null ? [] : [found.resolution.reportingLand])[0] ?? null,
    tracked: tracksDemands(found.resolution.outcome),
    ...implementation,
    protocolStatements: visibleStatements(viewer, q.protocolStatements.all({ resolutionId })).map((s) => ({
      laender: landRefs(s.laender),
      laenderCodes: s.laender,
      text: s.text,
      withheld: s.withheld,
    })),
  };
}
