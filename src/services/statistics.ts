/**
 * Implementation statistics: demands of adopted resolutions by status, per meeting of a
 * conference. Public viewers count public statuses only, so internal data never changes a public
 * figure; the release rule comes from ./visibility.ts.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/connection.js';
import { conferences, demands, meetings, resolutions, type DemandStatus } from '../../db/schema.js';
import { countStatuses } from '../domain/status.js';
import { preparedPer } from './prepared.js';
import { resolutionVisible, visibilityParams, type Viewer } from './visibility.js';
import { meetingPage, resolutionPage } from './archive.js';

const r = alias(resolutions, 'r');
const m = alias(meetings, 'm');
const d = alias(demands, 'd');

const queries = preparedPer((db: Db) => ({
  conference: db.select().from(conferences).where(eq(conferences.slug, sql.placeholder('slug'))).prepare(),
  byMeeting: db
    .select({
      meetingId: m.id,
      urlKey: m.urlKey,
      number: m.number,
      year: m.year,
      startDate: m.startDate,
      status: sql<DemandStatus>`case when ${sql.placeholder('level')} >= 1 then ${d.status} else ${d.publicStatus} end`,
      count: sql<number>`count(*)`,
    })
    .from(d)
    .innerJoin(r, eq(r.id, d.resolutionId))
    .innerJoin(m, eq(m.id, r.meetingId))
    .where(and(eq(m.conferenceId, sql.placeholder('conferenceId')), eq(r.outcome, 'adopted'), resolutionVisible(r.release, m.conferenceId)))
    .groupBy(m.id, sql`6`)
    .orderBy(asc(m.startDate), asc(m.number))
    .prepare(),
}));

export interface MeetingStatistics {
  urlKey: string;
  number: number | null;
  year: number;
  startDate: string | null;
  counts: Record<DemandStatus, number>;
  total: number;
  implementedShare: number;
}

export function conferenceStatistics(db: Db, viewer: Viewer, slug: string) {
  const q = queries(db);
  const conference = q.conference.get({ slug });
  if (!conference) return null;
  const rows = q.byMeeting.all({ ...visibilityParams(viewer), conferenceId: conference.id });
  const perMeeting = new Map<number, MeetingStatistics>();
  for (const row of rows) {
    const entry = perMeeting.get(row.meetingId) ?? {
      urlKey: row.urlKey,
      number: row.number,
      year: row.year,
      startDate: row.startDate,
      counts: countStatuses([]),
      total: 0,
      implementedShare: 0,
    };
    entry.counts[row.status] += row.count;
    entry.total += row.count;
    perMeeting.set(row.meetingId, entry);
  }
  const meetingsList = [...perMeeting.values()].map((e) => ({ ...e, implementedShare: e.total === 0 ? 0 : e.counts.implemented / e.total }));
  const totals = countStatuses([]);
  for (const e of meetingsList) for (const [status, n] of Object.entries(e.counts)) totals[status as DemandStatus] += n;
  const total = meetingsList.reduce((n, e) => n + e.total, 0);
  return { conference, meetings: meetingsList, totals, total, implementedShare: total === 0 ? 0 : totals.implemented / total };
}

/**
 * The implementation report of a meeting (Umsetzungsbericht): every visible resolution with its
 * demands, their current status and the latest follow-up the viewer may see (marked internal
 * where it is). Null when the meeting is unknown or shows nothing to this viewer.
 */
export function implementationReport(db: Db, viewer: Viewer, slug: string, urlKey: string) {
  const page = meetingPage(db, viewer, slug, urlKey, null);
  if (!page) return null;
  const level = visibilityParams(viewer).level;
  const items = page.resolutions.map((resolution) => {
    const detail = resolutionPage(db, viewer, slug, urlKey, resolution.agendaItem, null)!;
    return {
      agendaItem: resolution.agendaItem,
      title: resolution.title,
      outcome: resolution.outcome,
      release: resolution.release,
      demands: detail.demands.map((demand) => {
        const events = [...demand.followUps, ...detail.resolutionFollowUps];
        const latest = events.reduce<(typeof events)[number] | null>(
          (best, e) => (best === null || e.date > best.date || (e.date === best.date && e.id > best.id) ? e : best),
          null,
        );
        return { id: demand.id, number: demand.number, text: demand.text, status: demand.status, latest };
      }),
    };
  });
  return { conference: page.conference, meeting: page.meeting, items, showsInternal: level >= 1 };
}
