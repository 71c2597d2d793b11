/** The secretariat's overview: its conferences and meetings with counts per release state. */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { conferences, meetings, resolutions } from '../../db/schema.js';
import type { Viewer } from './visibility.js';

export function workspaceOverview(db: Db, viewer: Viewer) {
  const rows = db
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
    .from(meetings)
    .innerJoin(conferences, sql`${conferences.id} = ${meetings.conferenceId}`)
    .leftJoin(resolutions, sql`${resolutions.meetingId} = ${meetings.id}`)
    .where(viewer.conferenceId === null ? sql`1 = 1` : sql`${conferences.id} = ${viewer.conferenceId}`)
    .groupBy(meetings.id)
    .orderBy(conferences.shortName, sql`${meetings.startDate} desc`)
    .all();
  const byConference = new Map<number, { id: number; slug: string; shortName: string; meetings: typeof rows }>();
  for (const row of rows) {
    const entry = byConference.get(row.conferenceId) ?? { id: row.conferenceId, slug: row.slug, shortName: row.shortName, meetings: [] };
    entry.meetings.push(row);
    byConference.set(row.conferenceId, entry);
  }
  return [...byConference.values()];
}

/** The slug of the conference a secretariat user is bound to, or null for all conferences. */
export function conferenceOfViewer(db: Db, viewer: Viewer): string | null {
  if (viewer.conferenceId === null) return null;
  const row = db.select({ slug: conferences.slug }).from(conferences).where(sql`${conferences.id} = ${viewer.conferenceId}`).get();
  return row?.slug ?? null;
}
