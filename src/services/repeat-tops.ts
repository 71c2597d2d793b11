/**
 * Repeated TOPs: pairs of TOPs (resolutions) of different meetings whose Ziffern repeat each other,
 * from the Ziffer pairs the similarity rule proposed or the secretariat confirmed (dismissed pairs
 * do not count). A TOP pair is as strong as the number of its similar Ziffern. Read from the stored
 * pairs (grouped in one query), never compared anew per request.
 */
import { and, desc, eq, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/connection.js';
import { conferences, demandRepeats, demands, meetings, resolutions } from '../../db/schema.js';
import { mayUseWorkspace } from './access.js';
import { inScope, resolutionVisible, visibilityParams, type Viewer } from './visibility.js';

/** One TOP of a pair, with what names and links it. */
export interface RepeatTop {
  resolutionId: number;
  agendaItem: string;
  title: string;
  conferenceSlug: string;
  conferenceShortName: string;
  meetingKey: string;
  meetingNumber: number | null;
  meetingYear: number;
  meetingStart: string | null;
}

export interface TopPair {
  earlier: RepeatTop;
  later: RepeatTop;
  /** Similar Ziffern: proposed and confirmed pairs. */
  proposed: number;
  confirmed: number;
  /** The highest similarity among them. */
  similarity: number;
}

export const TOP_PAGE_SIZE = 20;

const d1 = alias(demands, 'd1');
const r1 = alias(resolutions, 'r1');
const m1 = alias(meetings, 'm1');
const c1 = alias(conferences, 'c1');
const d2 = alias(demands, 'd2');
const r2 = alias(resolutions, 'r2');
const m2 = alias(meetings, 'm2');
const c2 = alias(conferences, 'c2');

function topColumns(r: typeof r1 | typeof r2, m: typeof m1 | typeof m2, c: typeof c1 | typeof c2) {
  return {
    resolutionId: r.id,
    agendaItem: r.agendaItem,
    title: r.title,
    conferenceSlug: c.slug,
    conferenceShortName: c.shortName,
    meetingKey: m.urlKey,
    meetingNumber: m.number,
    meetingYear: m.year,
    meetingStart: m.startDate,
  };
}

function raised(top: RepeatTop): string {
  return top.meetingStart ?? `${top.meetingYear}-01-01`;
}

/**
 * The TOP pairs a secretariat reviews (one TOP of a conference it works for, both visible to it),
 * those with the most similar Ziffern first; one page of TOP_PAGE_SIZE and the number of all.
 */
export function topPairs(db: Db, viewer: Viewer, page: number): { pairs: TopPair[]; total: number } {
  if (!mayUseWorkspace(viewer)) return { pairs: [], total: 0 };
  const condition = and(
    ne(demandRepeats.state, 'dismissed'),
    resolutionVisible(r1.release, m1.conferenceId),
    resolutionVisible(r2.release, m2.conferenceId),
    or(inScope(m1.conferenceId), inScope(m2.conferenceId)),
  );
  const similar = sql<number>`count(*)`;
  const base = () =>
    db
      .select({
        first: topColumns(r1, m1, c1),
        second: topColumns(r2, m2, c2),
        proposed: sql<number>`sum(${demandRepeats.state} = 'proposed')`,
        confirmed: sql<number>`sum(${demandRepeats.state} = 'confirmed')`,
        similarity: sql<number>`max(${demandRepeats.similarity})`,
        similar,
      })
      .from(demandRepeats)
      .innerJoin(d1, eq(d1.id, demandRepeats.firstDemandId))
      .innerJoin(r1, eq(r1.id, d1.resolutionId))
      .innerJoin(m1, eq(m1.id, r1.meetingId))
      .innerJoin(c1, eq(c1.id, m1.conferenceId))
      .innerJoin(d2, eq(d2.id, demandRepeats.secondDemandId))
      .innerJoin(r2, eq(r2.id, d2.resolutionId))
      .innerJoin(m2, eq(m2.id, r2.meetingId))
      .innerJoin(c2, eq(c2.id, m2.conferenceId))
      .where(condition)
      // a TOP pair whichever of its Ziffern came first
      .groupBy(sql`min(${r1.id}, ${r2.id})`, sql`max(${r1.id}, ${r2.id})`);
  const params = visibilityParams(viewer);
  const total = db.select({ n: sql<number>`count(*)` }).from(base().as('q')).prepare().all(params)[0]?.n ?? 0;
  const rows = base()
    .orderBy(desc(similar), desc(sql`max(${demandRepeats.similarity})`), sql`min(${r1.id}, ${r2.id})`, sql`max(${r1.id}, ${r2.id})`)
    .limit(TOP_PAGE_SIZE)
    .offset((Math.max(1, page) - 1) * TOP_PAGE_SIZE)
    .prepare()
    .all(params);
  const pairs = rows.map((row) => {
    const [earlier, later] = raised(row.first) <= raised(row.second) ? [row.first, row.second] : [row.second, row.first];
    return { earlier, later, proposed: row.proposed, confirmed: row.confirmed, similarity: row.similarity };
  });
  return { pairs, total };
}
