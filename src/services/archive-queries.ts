/**
 * The prepared queries of the archive's read side (./archive.ts): home, conference, meeting and
 * resolution pages, each filtered through the visibility rule of ./visibility.ts. Prepared once
 * per database (hot paths: see STYLE.md §6).
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { alias, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/connection.js';
import { actors, demands, meetings, protocolStatements, resolutionSponsors, resolutions } from '../../db/schema.js';
import { conferenceExists, followUpVisible, inScope, meetingExists, resolutionVisible } from './visibility.js';
import { preparedPer } from './prepared.js';
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

    // The Land codes of a resolution's sponsors in printed order, plucked as plain strings.
    sponsors: db.$client
      .prepare<[number], string>('select land from resolution_sponsors where resolution_id = ? order by position')
      .pluck(),

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

export const queries = preparedPer(prepareQueries);
