/** The secretariat's overview (its conferences and meetings) and a meeting's workspace. */
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { conferences, demands, followUps, meetings, resolutionSponsors, resolutions } from '../../db/schema.js';
import type { ReleaseState } from '../domain/vocabulary.js';
import { resolutionChecks } from '../domain/resolution-checks.js';
import type { Viewer } from './access.js';
import { editableMeeting } from './resolutions.js';
import { NotFoundError } from './types.js';
import { preparedPer } from './prepared.js';

/** The viewer's conferences, as the JSON list the placeholder `ids` takes. */
const ownConference = sql`${conferences.id} in (select value from json_each(${sql.placeholder('ids')}))`;
const idsOf = (viewer: Viewer) => ({ ids: JSON.stringify(viewer.conferenceIds) });

/** The reads of the secretariat's workspace pages, prepared once per connection. */
/** resolutions.id qualified with its table, for correlated subqueries (see `items`). */
const outerResolutionId = sql`${resolutions}.${sql.identifier(resolutions.id.name)}`;

const queries = preparedPer((db: Db) => ({
  overview: db
    .select({
      conferenceId: conferences.id,
      slug: conferences.slug,
      shortName: conferences.shortName,
      id: meetings.id,
      urlKey: meetings.urlKey,
      number: meetings.number,
      year: meetings.year,
      startDate: meetings.startDate,
      drafts: sql<number>`coalesce(sum(${resolutions.release} = 'draft'), 0)`,
      internal: sql<number>`coalesce(sum(${resolutions.release} = 'internal'), 0)`,
      published: sql<number>`coalesce(sum(${resolutions.release} = 'public'), 0)`,
    })
    .from(conferences)
    .leftJoin(meetings, sql`${meetings.conferenceId} = ${conferences.id}`)
    .leftJoin(resolutions, sql`${resolutions.meetingId} = ${meetings.id}`)
    .where(ownConference)
    .groupBy(conferences.id, meetings.id)
    .orderBy(conferences.shortName, sql`${meetings.startDate} desc`)
    .prepare(),
  slugs: db.select({ slug: conferences.slug }).from(conferences).where(ownConference).prepare(),
  items: db
    .select({
      id: resolutions.id,
      agendaItem: resolutions.agendaItem,
      title: resolutions.title,
      outcome: resolutions.outcome,
      voting: resolutions.voting,
      votesYes: resolutions.votesYes,
      formula: resolutions.formula,
      release: resolutions.release,
      releasedOn: resolutions.releasedOn,
      version: resolutions.version,
      // The outer row by its table's name: in a select from one table drizzle writes bare column
      // names, and a bare "id" inside the subquery would be the follow-up's own id.
      sponsorCount: sql<number>`(select count(*) from ${resolutionSponsors} where ${resolutionSponsors.resolutionId} = ${outerResolutionId})`,
      followUpCount: sql<number>`(select count(*) from ${followUps} where ${followUps.resolutionId} = ${outerResolutionId})`,
    })
    .from(resolutions)
    .where(eq(resolutions.meetingId, sql.placeholder('meetingId')))
    .orderBy(asc(resolutions.sortKey))
    .prepare(),
  demands: db
    .select({ resolutionId: demands.resolutionId, number: demands.number, text: demands.text })
    .from(demands)
    .innerJoin(resolutions, eq(resolutions.id, demands.resolutionId))
    .where(eq(resolutions.meetingId, sql.placeholder('meetingId')))
    .orderBy(asc(demands.position))
    .prepare(),
  importMeetings: db
    .select({
      id: meetings.id,
      conference: conferences.shortName,
      number: meetings.number,
      year: meetings.year,
      startDate: meetings.startDate,
      endDate: meetings.endDate,
      place: meetings.place,
    })
    .from(meetings)
    .innerJoin(conferences, sql`${conferences.id} = ${meetings.conferenceId}`)
    .where(ownConference)
    .orderBy(conferences.shortName, sql`${meetings.year} desc`, sql`${meetings.startDate} desc`)
    .prepare(),
  importConferences: db.select({ shortName: conferences.shortName }).from(conferences).where(ownConference).orderBy(conferences.shortName).prepare(),
}));

export function workspaceOverview(db: Db, viewer: Viewer) {
  if (viewer.role !== 'secretariat' || viewer.conferenceIds.length === 0) return [];
  const rows = queries(db).overview.all(idsOf(viewer));
  type Meeting = (typeof rows)[number] & { id: number; urlKey: string; year: number };
  const byConference = new Map<number, { id: number; slug: string; shortName: string; meetings: Meeting[] }>();
  for (const row of rows) {
    const entry = byConference.get(row.conferenceId) ?? { id: row.conferenceId, slug: row.slug, shortName: row.shortName, meetings: [] };
    if (row.id !== null) entry.meetings.push(row as Meeting);
    byConference.set(row.conferenceId, entry);
  }
  return [...byConference.values()];
}

/** The slugs of the conferences a secretariat works for. */
export function conferencesOfViewer(db: Db, viewer: Viewer): string[] {
  if (viewer.conferenceIds.length === 0) return [];
  return queries(db)
    .slugs.all(idsOf(viewer))
    .map((row) => row.slug);
}

/**
 * A meeting as the secretariat's unit of work: every TOP with its release state, number of
 * Ziffern and follow-ups, and the review hints of domain/resolution-checks.ts. Only for a
 * secretariat that may edit the meeting's conference (NotFoundError otherwise).
 */
export function meetingWorkspace(db: Db, viewer: Viewer, meetingId: number) {
  const found = editableMeeting(db, viewer, meetingId);
  if (!found) throw new NotFoundError();
  const rows = queries(db).items.all({ meetingId });
  const demandsOf = new Map<number, { number: string | null; text: string }[]>();
  for (const d of queries(db).demands.all({ meetingId })) {
    const list = demandsOf.get(d.resolutionId);
    if (list) list.push(d);
    else demandsOf.set(d.resolutionId, [d]);
  }
  return {
    ...found,
    items: rows.map((row) => {
      const itemDemands = demandsOf.get(row.id) ?? [];
      return { ...row, demandCount: itemDemands.length, hints: resolutionChecks({ ...row, demands: itemDemands }) };
    }),
  };
}

export interface ImportMeetingChoice {
  id: number;
  conference: string;
  number: number | null;
  year: number;
  startDate: string | null;
  endDate: string | null;
  place: string | null;
}

/** The meetings a secretariat may import into (those of the conferences it works for), newest first. */
export function importMeetingChoices(db: Db, viewer: Viewer): ImportMeetingChoice[] {
  return queries(db).importMeetings.all(idsOf(viewer));
}

/** Short names of the conferences a secretariat may import into. */
export function importConferenceNames(db: Db, viewer: Viewer): string[] {
  return queries(db)
    .importConferences.all(idsOf(viewer))
    .map((row) => row.shortName);
}

/** A TOP the meeting has already, as the import preview names it: importing the TOP again replaces its text. */
export interface StoredItem {
  id: number;
  release: ReleaseState;
  /** Changed in the workspace (or created there) since it was last imported: an import would undo those changes. */
  editedByHand: boolean;
}

/** The TOPs of a meeting the secretariat may edit, by agenda item (an empty map for any other meeting). */
export function storedItemsOf(db: Db, viewer: Viewer, meetingId: number): Map<string, StoredItem> {
  if (!editableMeeting(db, viewer, meetingId)) return new Map();
  const rows = db
    .select({
      id: resolutions.id,
      agendaItem: resolutions.agendaItem,
      release: resolutions.release,
      editedByHand: sql<number>`exists (
        select 1 from resolution_versions v where v.resolution_id = ${outerResolutionId} and v.action in ('edit', 'create')
          and v.number > coalesce((select max(w.number) from resolution_versions w where w.resolution_id = ${outerResolutionId} and w.action in ('import', 'reimport')), 0))`,
    })
    .from(resolutions)
    .where(eq(resolutions.meetingId, meetingId))
    .all();
  return new Map(rows.map((row) => [row.agendaItem, { id: row.id, release: row.release, editedByHand: row.editedByHand === 1 }]));
}
