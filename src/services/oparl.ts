/**
 * The data of the OParl interface (/oparl/v1): public data only, read through the one visibility
 * rule with the public viewer. A conference or meeting exists here only with at least one public
 * resolution. Lists are in a stable order (database id) and can be filtered by the objects'
 * `created` and `modified` timestamps; a resolution's `modified` includes its public follow-ups, a
 * meeting's includes its public resolutions (OParl: a changed sub-object updates its main object).
 *
 * Lists load a page of ids first, then the details of that page in a handful of queries over all
 * its resolutions (json_each), so a page costs the same few statements whatever its length.
 */
import type { Db } from '../../db/connection.js';
import type { DemandStatus, FollowUpKind } from '../domain/vocabulary.js';
import { demandImplementation } from '../domain/implementation.js';
import { meetingReferenceDate } from '../domain/tracking.js';
import type { ConferenceData, MeetingData, ResolutionData, TimelineEntry } from '../domain/oparl-data.js';
import { byResolution, preparedPer } from './prepared.js';
import { todayIso } from '../domain/dates.js';
import { PUBLIC_VIEWER, demandShown, visibleStatements, visibleTally } from './visibility.js';

export interface ListFilter {
  createdSince: string | null;
  createdUntil: string | null;
  modifiedSince: string | null;
  modifiedUntil: string | null;
}

/** Whether an object with these timestamps passes the list filters (as the SQL conditions do). */
export function passesFilter(created: string, modified: string, filter: ListFilter): boolean {
  return (
    (filter.createdSince === null || created >= filter.createdSince) &&
    (filter.createdUntil === null || created <= filter.createdUntil) &&
    (filter.modifiedSince === null || modified >= filter.modifiedSince) &&
    (filter.modifiedUntil === null || modified <= filter.modifiedUntil)
  );
}

/** Latest change of a resolution `r` or of one of its public follow-ups. */
const resolutionModified = `max(r.updated_at, coalesce((select max(f.updated_at) from follow_ups f
  where f.resolution_id = r.id and f.visibility = 'public'), ''))`;
/** Latest change of a meeting `m` or of one of its public resolutions (with their follow-ups). */
const meetingModified = `max(m.updated_at,
  coalesce((select max(r2.updated_at) from resolutions r2 where r2.meeting_id = m.id and r2.release = 'public'), ''),
  coalesce((select max(f.updated_at) from follow_ups f join resolutions r3 on r3.id = f.resolution_id
    where r3.meeting_id = m.id and r3.release = 'public' and f.visibility = 'public'), ''))`;

/** The list filters on an object's creation and modification timestamps (named parameters). */
function filtered(created: string, modified: string): string {
  return `(:createdSince is null or ${created} >= :createdSince)
    and (:createdUntil is null or ${created} <= :createdUntil)
    and (:modifiedSince is null or ${modified} >= :modifiedSince)
    and (:modifiedUntil is null or ${modified} <= :modifiedUntil)`;
}

const conferenceColumns = `c.slug, c.short_name as shortName, c.name, c.description, c.created_at as createdAt, c.updated_at as modified`;
/** A conference exists for the public once it has a public resolution. */
const conferenceExists = `exists (select 1 from meetings m join resolutions r on r.meeting_id = m.id
  where m.conference_id = c.id and r.release = 'public')`;
const meetingColumns = `m.id, m.url_key as urlKey, m.number, m.year, m.start_date as startDate, m.end_date as endDate, m.place, m.kind,
  m.chair_land as chairLand, m.created_at as createdAt, c.slug as conferenceSlug, c.short_name as conferenceShortName`;
/** So does a meeting. */
const meetingExists = `exists (select 1 from resolutions r where r.meeting_id = m.id and r.release = 'public')`;
const bodyFilter = filtered('c.created_at', 'c.updated_at');
const meetingFilter = filtered('m.created_at', meetingModified);
const resolutionFilter = filtered('r.created_at', resolutionModified);

const queries = preparedPer((db: Db) => {
  const prepare = (text: string) => db.$client.prepare(text);
  return {
    latestChange: prepare(`select min(c.created_at) as created, max(c.updated_at) as modified from conferences c where ${conferenceExists}`),
    bodyCount: prepare(`select count(*) as n from conferences c where ${conferenceExists} and ${bodyFilter}`),
    bodies: prepare(`select ${conferenceColumns} from conferences c where ${conferenceExists} and ${bodyFilter}
      order by c.id limit :limit offset :offset`),
    body: prepare(`select c.id, ${conferenceColumns} from conferences c where c.slug = :slug and ${conferenceExists}`),
    meetingCount: prepare(`select count(*) as n from meetings m where m.conference_id = :conferenceId and ${meetingExists} and ${meetingFilter}`),
    meetingIds: prepare(`select m.id from meetings m where m.conference_id = :conferenceId and ${meetingExists} and ${meetingFilter}
      order by m.id limit :limit offset :offset`),
    meetingsById: prepare(`select ${meetingColumns}, ${meetingModified} as modified
      from meetings m join conferences c on c.id = m.conference_id
      where m.id in (select value from json_each(:ids)) and ${meetingExists}`),
    meetingByKey: prepare(`select m.id from meetings m join conferences c on c.id = m.conference_id
      where c.slug = :slug and m.url_key = :urlKey and ${meetingExists}`),
    resolutionCount: prepare(`select count(*) as n from resolutions r join meetings m on m.id = r.meeting_id
      where m.conference_id = :conferenceId and r.release = 'public' and ${resolutionFilter}`),
    resolutionIds: prepare(`select r.id from resolutions r join meetings m on m.id = r.meeting_id
      where m.conference_id = :conferenceId and r.release = 'public' and ${resolutionFilter}
      order by r.id limit :limit offset :offset`),
    resolutionByKey: prepare(`select r.id from resolutions r join meetings m on m.id = r.meeting_id join conferences c on c.id = m.conference_id
      where c.slug = :slug and m.url_key = :urlKey and r.agenda_item = :agendaItem and r.release = 'public'`),
    resolutionsOfMeetings: prepare(`select r.id, r.meeting_id as meetingId from resolutions r
      where r.meeting_id in (select value from json_each(:ids)) and r.release = 'public' order by r.meeting_id, r.sort_key`),
    resolutionsById: prepare(`select r.id, r.meeting_id as meetingId, r.agenda_item as agendaItem, r.title, r.outcome, r.voting,
        r.votes_yes as votesYes, r.votes_no as votesNo, r.votes_abstain as votesAbstain, r.tally_internal as tallyInternal, r.formula, r.released_on as releasedOn,
        r.created_at as createdAt, ${resolutionModified} as modified
      from resolutions r where r.id in (select value from json_each(:ids)) and r.release = 'public'`),
    demands: prepare(`select d.id, d.resolution_id as resolutionId, d.number, d.text, d.addressees, d.declaratory, d.internal,
        coalesce(d.due_date, dm.start_date) as dueDate
      from demands d left join meetings dm on dm.id = d.due_meeting_id
      where d.resolution_id in (select value from json_each(:ids)) order by d.resolution_id, d.position`),
    followUps: prepare(`select f.id, f.resolution_id as resolutionId, f.demand_id as demandId, f.date, f.kind, f.summary, f.link,
        f.resulting_status as resultingStatus, a.code as actorCode, a.name as actorName, a.kind as actorKind, f.actor_land as actorLand
      from follow_ups f left join actors a on a.id = f.actor_id
      where f.resolution_id in (select value from json_each(:ids)) and f.visibility = 'public' order by f.date, f.id`),
    sponsors: prepare(`select resolution_id as resolutionId, land from resolution_sponsors
      where resolution_id in (select value from json_each(:ids)) order by resolution_id, position`),
    statements: prepare(`select resolution_id as resolutionId, laender, text, internal from protocol_statements
      where resolution_id in (select value from json_each(:ids)) order by resolution_id, position`),
  };
});

type Q = ReturnType<typeof queries>;

function filterParams(filter: ListFilter) {
  return { ...filter };
}

interface MeetingRow extends Omit<MeetingData, 'conference'> {
  id: number;
  conferenceSlug: string;
  conferenceShortName: string;
}

function toMeeting(row: MeetingRow): MeetingData {
  const { id: _id, conferenceSlug, conferenceShortName, ...rest } = row;
  return { ...rest, conference: { slug: conferenceSlug, shortName: conferenceShortName } };
}

interface FollowUpRow extends TimelineEntry {
  id: number;
  resolutionId: number;
  actorKind: string | null;
}

/**
 * The public resolutions `ids` with everything an OParl object shows, in the order of `ids`;
 * `meetings` must hold their meetings. Statuses and flags as of today.
 */
function loadResolutions(q: Q, ids: number[], meetings: Map<number, MeetingData>): ResolutionData[] {
  if (ids.length === 0) return [];
  const json = JSON.stringify(ids);
  const rows = q.resolutionsById.all({ ids: json }) as (Omit<ResolutionData, 'meeting' | 'order' | 'sponsors' | 'demands' | 'resolutionFollowUps' | 'protocolStatements'> & {
    id: number;
    meetingId: number;
    tallyInternal: number;
  })[];
  // OParl is public: Ziffern marked internal are left out, and the follow-ups on them
  const withheld = new Set<number>();
  const demands = byResolution(
    (q.demands.all({ ids: json }) as { id: number; resolutionId: number; number: string | null; text: string; addressees: string; declaratory: number; dueDate: string | null; internal: number }[]).flatMap(({ internal, ...d }) => {
      if (!demandShown(PUBLIC_VIEWER, { internal: internal === 1 })) {
        withheld.add(d.id);
        return [];
      }
      return [{ ...d, addressees: JSON.parse(d.addressees) as string[], declaratory: d.declaratory === 1 }];
    }),
  );
  const followUps = byResolution((q.followUps.all({ ids: json }) as (FollowUpRow & { demandId: number | null })[]).filter((f) => f.demandId === null || !withheld.has(f.demandId)));
  const sponsors = byResolution(q.sponsors.all({ ids: json }) as { resolutionId: number; land: string }[]);
  // OParl is public: statements marked internal are left out
  const statements = byResolution(
    visibleStatements(
      PUBLIC_VIEWER,
      (q.statements.all({ ids: json }) as { resolutionId: number; laender: string; text: string; internal: number }[]).map((s) => ({ ...s, laender: JSON.parse(s.laender) as string[], internal: s.internal === 1 })),
    ).filter((s) => !s.withheld),
  );
  // order among the meeting's public TOPs
  const order = new Map<number, number>();
  const meetingIds = [...new Set(rows.map((r) => r.meetingId))];
  let current = -1;
  let position = 0;
  for (const row of q.resolutionsOfMeetings.all({ ids: JSON.stringify(meetingIds) }) as { id: number; meetingId: number }[]) {
    if (row.meetingId !== current) {
      current = row.meetingId;
      position = 0;
    }
    order.set(row.id, ++position);
  }
  const today = todayIso();
  const byId = new Map(
    rows.map((row) => {
      const meeting = meetings.get(row.meetingId)!;
      const events = (followUps.get(row.id) ?? []).map((f) => ({ ...f, kind: f.kind as FollowUpKind, resultingStatus: f.resultingStatus as DemandStatus | null }));
      const implementation = demandImplementation(
        { outcome: row.outcome, meetingDate: meetingReferenceDate(meeting) },
        demands.get(row.id) ?? [],
        events,
        null,
        today,
      );
      // OParl is public: vote counts marked internal are left out
      const { id, meetingId: _meetingId, tallyInternal: _tallyInternal, ...fields } = visibleTally(PUBLIC_VIEWER, { ...row, tallyInternal: row.tallyInternal === 1 });
      const data: ResolutionData = {
        ...fields,
        meeting,
        order: order.get(id) ?? 1,
        sponsors: (sponsors.get(id) ?? []).map((s) => s.land),
        demands: implementation.demands,
        resolutionFollowUps: implementation.resolutionFollowUps,
        protocolStatements: (statements.get(id) ?? []).map((s) => ({ laender: s.laender, text: s.text })),
      };
      return [id, data] as const;
    }),
  );
  return ids.map((id) => byId.get(id)).filter((r): r is ResolutionData => r !== undefined);
}

function loadMeetings(q: Q, ids: number[]): Map<number, MeetingData> {
  if (ids.length === 0) return new Map();
  const rows = q.meetingsById.all({ ids: JSON.stringify(ids) }) as MeetingRow[];
  return new Map(rows.map((row) => [row.id, toMeeting(row)]));
}

export interface Paged<T> {
  total: number;
  rows: T[];
}

export function systemDates(db: Db): { created: string | null; modified: string | null } {
  return queries(db).latestChange.get() as { created: string | null; modified: string | null };
}

export function listBodies(db: Db, filter: ListFilter, limit: number, offset: number): Paged<ConferenceData> {
  const q = queries(db);
  const params = filterParams(filter);
  const total = (q.bodyCount.get(params) as { n: number }).n;
  return { total, rows: q.bodies.all({ ...params, limit, offset }) as ConferenceData[] };
}

export function findBody(db: Db, slug: string): (ConferenceData & { id: number }) | null {
  return (queries(db).body.get({ slug }) as (ConferenceData & { id: number }) | undefined) ?? null;
}

export interface MeetingWithItems {
  meeting: MeetingData;
  resolutions: ResolutionData[];
}

function meetingsWithItems(q: Q, ids: number[]): MeetingWithItems[] {
  const meetings = loadMeetings(q, ids);
  const resolutionIds = (q.resolutionsOfMeetings.all({ ids: JSON.stringify(ids) }) as { id: number }[]).map((r) => r.id);
  const resolutions = loadResolutions(q, resolutionIds, meetings);
  return ids
    .filter((id) => meetings.has(id))
    .map((id) => {
      const meeting = meetings.get(id)!;
      return { meeting, resolutions: resolutions.filter((r) => r.meeting === meeting) };
    });
}

export function listMeetings(db: Db, conferenceId: number, filter: ListFilter, limit: number, offset: number): Paged<MeetingWithItems> {
  const q = queries(db);
  const params = { ...filterParams(filter), conferenceId };
  const total = (q.meetingCount.get(params) as { n: number }).n;
  const ids = (q.meetingIds.all({ ...params, limit, offset }) as { id: number }[]).map((r) => r.id);
  return { total, rows: meetingsWithItems(q, ids) };
}

export function findMeeting(db: Db, slug: string, urlKey: string): MeetingWithItems | null {
  const q = queries(db);
  const row = q.meetingByKey.get({ slug, urlKey }) as { id: number } | undefined;
  if (!row) return null;
  return meetingsWithItems(q, [row.id])[0] ?? null;
}

export function listResolutions(db: Db, conferenceId: number, filter: ListFilter, limit: number, offset: number): Paged<ResolutionData> {
  const q = queries(db);
  const params = { ...filterParams(filter), conferenceId };
  const total = (q.resolutionCount.get(params) as { n: number }).n;
  const ids = (q.resolutionIds.all({ ...params, limit, offset }) as { id: number }[]).map((r) => r.id);
  return { total, rows: resolutionsWithMeetings(q, ids) };
}

function resolutionsWithMeetings(q: Q, ids: number[]): ResolutionData[] {
  if (ids.length === 0) return [];
  const meetingIds = (q.resolutionsById.all({ ids: JSON.stringify(ids) }) as { meetingId: number }[]).map((r) => r.meetingId);
  return loadResolutions(q, ids, loadMeetings(q, [...new Set(meetingIds)]));
}

export function findResolution(db: Db, slug: string, urlKey: string, agendaItem: string): ResolutionData | null {
  const q = queries(db);
  const row = q.resolutionByKey.get({ slug, urlKey, agendaItem }) as { id: number } | undefined;
  return row ? (resolutionsWithMeetings(q, [row.id])[0] ?? null) : null;
}
