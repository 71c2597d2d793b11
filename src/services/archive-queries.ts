/**
 * The prepared queries of the archive's read side (./archive.ts): home, conference, meeting and
 * resolution pages, each filtered through the visibility rule of ./visibility.ts. Prepared once
 * per database (hot paths: see STYLE.md §6).
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/connection.js';
import { demands, protocolStatements, resolutionSponsors, resolutions } from '../../db/schema.js';
import { conferenceExists, demandVisible, fieldVisible, followUpVisible, followUpVisibleOnShownDemands, inScope, meetingExists, resolutionVisible } from './visibility.js';
import { preparedPer, rawStatement, sqlStatement } from './prepared.js';
import type { DemandStatus, FollowUpKind, Outcome, ReleaseState, Visibility, Voting } from '../domain/vocabulary.js';
import { c, conferenceOfMeeting, f, m, meetingColumns, meetingOfResolution, r, statusEventColumns } from './resolution-header.js';

const d = alias(demands, 'd');

const visible = resolutionVisible(r.release, m.conferenceId);
/**
 * "As of" a date (`?stand=`), meetings held later do not exist yet; placeholder `asOf`, null =
 * today. A meeting counts from its start date, or 1 January of its year (meetingReferenceDate).
 */
const heldBy = sql`(${sql.placeholder('asOf')} is null or coalesce(${m.startDate}, ${m.year} || '-01-01') <= ${sql.placeholder('asOf')})`;
/** The resolutions of meeting `m` this viewer may see. */
const vr = alias(resolutions, 'vr');
const visibleCount = sql<number>`(select count(*) from ${resolutions} as "vr" where ${vr.meetingId} = ${m.id} and ${resolutionVisible(vr.release, m.conferenceId)})`;

/** A boolean column as a JSON boolean inside json_object (drizzle's boolean mode, in SQL). */
const jsonBoolean = (column: string) => sql.raw(`json(iif(${column}, 'true', 'false'))`);

/**
 * One row of `resolutionDetails` as the values of its select list (better-sqlite3's raw mode: an
 * object with three dozen keys per page was a measurable part of reading it). The JSON columns
 * are text, parsed by the caller.
 */
export type ResolutionDetailsTuple = [
  id: number,
  agendaItem: string,
  title: string,
  outcome: Outcome,
  voting: Voting,
  votesYes: number | null,
  votesNo: number | null,
  votesAbstain: number | null,
  tallyInternal: number,
  formula: string,
  /** JSON: the references as printed. */
  references: string,
  reportingLand: string | null,
  release: ReleaseState,
  releasedOn: string | null,
  source: string | null,
  synthetic: number,
  urlKey: string,
  number: number | null,
  year: number,
  startDate: string | null,
  endDate: string | null,
  place: string | null,
  conferenceId: number,
  slug: string,
  shortName: string,
  name: string,
  /** JSON: the sponsors' Land codes in printed order. */
  sponsors: string,
  /** JSON: the protocol statements in order, internal ones included (the caller applies visibleStatements). */
  statements: string,
  /** JSON: the versions the viewer may see, without their content. */
  versions: string,
  /** JSON: the resolutions the viewer may see that refer to this TOP (back-links), oldest meeting first. */
  referencedBy: string,
  /** 1 when one of the demands takes part in a confirmed repeat (then services/repeat-review.ts reads the chains); the flag of resolution_lists. */
  repeated: number,
  /** 1 when a document is stored with one of its follow-ups (any, whoever may see it); the flag of resolution_lists. */
  documents: number,
];

/**
 * A Ziffer as `resolutionDemands` reads it: whether the viewer may see it (demandVisible, 0/1), id,
 * number, text, addressees (JSON), declaratory (0/1), the due date (recorded, or the start of the
 * meeting a report is due at), the recorded due date, the number of that meeting, internal (0/1).
 * Of a Ziffer withheld from the viewer, text and addressees are null.
 */
export type DemandTuple = [number, number, string | null, string | null, string | null, number, string | null, string | null, number | null, number];

/**
 * A follow-up as `resolutionFollowUps` reads it: id, Ziffer (null: the whole resolution), date,
 * kind, summary, link, resulting status, visibility, author, the actor's code, name and kind, the
 * Land acting, and its documents as JSON (null when it has none).
 */
export type FollowUpTuple = [
  number, number | null, string, FollowUpKind, string, string | null, DemandStatus | null, Visibility, number | null,
  string | null, string | null, string | null, string | null, string | null,
];

/**
 * The Ziffern of resolution `resolutionId` in order, as rows of values (DemandTuple): a page's two
 * long lists are read as plain rows, not assembled as JSON by SQLite and parsed again, which cost
 * the resolution page more than reading them (every text made twice: in SQLite's JSON and as the
 * parsed value). Placeholders: resolutionId, level.
 */
function resolutionDemands(db: Db) {
  const shown = demandVisible(sql`d.internal`);
  return rawStatement<DemandTuple>(
    db,
    sql`select ${shown}, d.id, d.number, iif(${shown}, d.text, null), iif(${shown}, d.addressees, null), d.declaratory,
        coalesce(d.due_date, dm.start_date), d.due_date, d.due_meeting_number, d.internal
      from demands d left join meetings dm on dm.id = d.due_meeting_id
     where d.resolution_id = ${sql.placeholder('resolutionId')} order by d.position`,
  );
}

/**
 * The follow-ups of resolution `resolutionId` by date (FollowUpTuple), by the visibility of their
 * own, not of their Ziffer: one on a Ziffer withheld from the viewer belongs to no Ziffer the
 * viewer sees, and resolutionPage lists follow-ups only under those (and the ones on the whole
 * resolution). Their documents only where they have some. Placeholders: resolutionId, level,
 * documents (0: the resolution's follow-ups have none, see resolutionDetails).
 */
function resolutionFollowUps(db: Db) {
  return rawStatement<FollowUpTuple>(
    db,
    sql`select f.id, f.demand_id, f.date, f.kind, f.summary, f.link, f.resulting_status, f.visibility, f.author_id,
        a.code, a.name, a.kind, f.actor_land,
        -- a document withheld from the viewer (visibleDocuments) as nothing but that mark; not looked
        -- for where the resolution has no documents at all (its flag in resolution_lists)
        iif(${sql.placeholder('documents')} and exists (select 1 from follow_up_documents fx where fx.follow_up_id = f.id),
          (select json_group_array(json(iif(${fieldVisible(sql`fd.internal`)},
            json_object('id', fd.id, 'followUpId', fd.follow_up_id, 'fileName', fd.file_name, 'type', fd.type, 'size', fd.size,
              'internal', ${jsonBoolean('fd.internal')}, 'withheld', json('false')),
            json_object('withheld', json('true')))))
          from (select fd.id, fd.follow_up_id, fd.file_name, fd.type, fd.size, fd.internal
                  from follow_up_documents fd where fd.follow_up_id = f.id order by fd.id) fd),
          null)
      from follow_ups f left join actors a on a.id = f.actor_id
     where f.resolution_id = ${sql.placeholder('resolutionId')} and ${followUpVisibleOnShownDemands(sql`f.visibility`)}
     order by f.date, f.id`,
  );
}

/**
 * A resolution with what its page shows but its Ziffern and follow-ups (resolutionDemands,
 * resolutionFollowUps), in one statement: the row with its meeting and conference, and its
 * sponsors, protocol statements, versions and back-links assembled by SQLite as JSON. The lists
 * most resolutions do not have (protocol statements, versions, back-links, confirmed repeats) are
 * looked for only where the resolution's flags in resolution_lists (kept by triggers, migration
 * 0034) say there are entries: each costs a correlated subquery that mostly finds nothing (on the
 * 100,000-resolution benchmark about 20–45 µs of a page). Placeholders: slug, urlKey, agendaItem,
 * level, scope.
 */
function resolutionDetails(db: Db) {
  const visibleHere = resolutionVisible(sql`r.release`, sql`m.conference_id`);
  return rawStatement<ResolutionDetailsTuple>(
    db,
    sql`select r.id, r.agenda_item as agendaItem, r.title, r.outcome, r.voting,
        r.votes_yes as votesYes, r.votes_no as votesNo, r.votes_abstain as votesAbstain, r.tally_internal as tallyInternal,
        r.formula, r."references" as "references", r.reporting_land as reportingLand, r.release,
        r.released_on as releasedOn, r.source, r.synthetic,
        m.url_key as urlKey, m.number, m.year, m.start_date as startDate, m.end_date as endDate, m.place,
        c.id as conferenceId, c.slug, c.short_name as shortName, c.name,
        -- Lists in order come from a subquery that reads its rows in that order (by an index where
        -- one fits), not from json_group_array(… order by …), which sorts each list in a temporary
        -- b-tree, index or not. SQLite keeps a FROM subquery's ORDER BY when the outer query is one
        -- aggregate over it (no join, no ORDER BY of its own), and feeds the rows in that order.
        (select json_group_array(s.land) from (select s.land from resolution_sponsors s where s.resolution_id = r.id order by s.position) s) as sponsors,
        -- (iif evaluates only the branch it takes: no subquery where the flag says there is nothing)
        iif(x.statements, (select json_group_array(json_object('laender', json(ps.laender), 'text', ps.text, 'internal', ${jsonBoolean('ps.internal')}))
           from (select ps.laender, ps.text, ps.internal from protocol_statements ps where ps.resolution_id = r.id order by ps.position) ps), '[]') as statements,
        iif(x.versions, (select json_group_array(json_object('number', v.number, 'at', v.at, 'validFrom', v.valid_from, 'correction', ${jsonBoolean('v.correction')}, 'action', v.action,
            'release', v.release, 'userName', v.user_name, 'actor', v.actor))
           from (select v.number, v.at, v.valid_from, v.correction, v.action, v.release, u.name as user_name, v.actor
                   from resolution_versions v left join users u on u.id = v.user_id
                  where v.resolution_id = r.id and ${resolutionVisible(sql`v.release`, sql`m.conference_id`)} order by v.number) v), '[]') as versions,
        -- how others refer to this TOP: the text of referenceText (domain/references.ts), in SQL
        iif(x.referenced_by, (select json_group_array(json_object('agendaItem', br.agenda_item, 'urlKey', bm.url_key, 'number', bm.number,
            'year', bm.year, 'startDate', bm.start_date, 'slug', bc.slug, 'shortName', bc.short_name)
            order by bm.start_date, bm.year, br.sort_key)
           from resolution_references rr join resolutions br on br.id = rr.resolution_id
           join meetings bm on bm.id = br.meeting_id join conferences bc on bc.id = bm.conference_id
          where rr.reference = 'TOP ' || r.agenda_item || ' ' || m.number || '. ' || c.short_name
            and ${resolutionVisible(sql`br.release`, sql`bm.conference_id`)}), '[]') as referencedBy,
        -- (a hint only: confirmedRepeats applies the rule to the Ziffern)
        coalesce(x.repeated, 0) as repeated,
        coalesce(x.documents, 0) as documents
      from resolutions r join meetings m on m.id = r.meeting_id join conferences c on c.id = m.conference_id
      left join resolution_lists x on x.resolution_id = r.id
     where c.slug = ${sql.placeholder('slug')} and m.url_key = ${sql.placeholder('urlKey')}
       and r.agenda_item = ${sql.placeholder('agendaItem')} and ${visibleHere}`,
  );
}

/**
 * The TOPs that references name (JSON array of {conference, meeting, agendaItem}, see
 * domain/references.ts), those the viewer may see, with their index in that array.
 * Placeholders: targets, level, scope.
 */
function referenceTargets(db: Db) {
  return sqlStatement<{ idx: number; slug: string; urlKey: string; agendaItem: string }>(
    db,
    sql`select t.key as idx, c.slug, m.url_key as urlKey, r.agenda_item as agendaItem
      from json_each(${sql.placeholder('targets')}) t
      join conferences c on c.slug = t.value ->> 'conference'
      join meetings m on m.conference_id = c.id and m.url_key = t.value ->> 'meeting'
      join resolutions r on r.meeting_id = m.id and r.agenda_item = t.value ->> 'agendaItem'
     where ${resolutionVisible(sql`r.release`, sql`m.conference_id`)}`,
  );
}

function prepareQueries(db: Db) {
  return {
    resolutionDetails: resolutionDetails(db),
    resolutionDemands: resolutionDemands(db),
    resolutionFollowUps: resolutionFollowUps(db),
    /**
     * Runs `read` in one read transaction: statements read one state of the database together (a
     * commit by another process, the command-line importer, lands before or after, not between).
     */
    inOneSnapshot: db.$client.transaction((read: () => unknown) => read()) as <T>(read: () => T) => T,
    referenceTargets: referenceTargets(db),
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
      .where(and(eq(r.meetingId, sql.placeholder('meetingId')), visible, demandVisible(d.internal)))
      .prepare(),

    meetingFollowUps: db
      .select(statusEventColumns)
      .from(f)
      .innerJoin(r, eq(r.id, f.resolutionId))
      .innerJoin(m, meetingOfResolution)
      .where(and(eq(r.meetingId, sql.placeholder('meetingId')), visible, followUpVisible(f.visibility, f.demandId)))
      .prepare(),

    // The Land codes of a resolution's sponsors in printed order, plucked as plain strings.
    sponsors: db.$client
      .prepare<[number], string>('select land from resolution_sponsors where resolution_id = ? order by position')
      .pluck(),

    protocolStatements: db
      .select({ laender: protocolStatements.laender, text: protocolStatements.text, internal: protocolStatements.internal })
      .from(protocolStatements)
      .where(eq(protocolStatements.resolutionId, sql.placeholder('resolutionId')))
      .orderBy(asc(protocolStatements.position))
      .prepare(),
  };
}

export const queries = preparedPer(prepareQueries);
