/**
 * Repeated TOPs: pairs of TOPs (resolutions) of different meetings whose Ziffern repeat each other,
 * from the Ziffer pairs the similarity rule proposed or the secretariat confirmed (dismissed pairs
 * do not count). A TOP pair is as strong as the number of its similar Ziffern. Read from the stored
 * pairs (grouped in one query), never compared anew per request.
 */
import { desc, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { demandRepeats } from '../../db/schema.js';
import { mayUseWorkspace } from './access.js';
import { preparedPer } from './prepared.js';
import { c1, c2, m1, m2, r1, r2, reviewable } from './repeat-pairs.js';
import { visibilityParams, type Viewer } from './visibility.js';

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

/** The reads of the TOP pairs page (placeholders limit, offset and those of visibilityParams), prepared once per connection. */
const queries = preparedPer((db: Db) => {
  const similar = sql<number>`count(*)`;
  const base = () =>
    reviewable(
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
        .$dynamic(),
      ne(demandRepeats.state, 'dismissed'),
    )
      // a TOP pair whichever of its Ziffern came first
      .groupBy(sql`min(${r1.id}, ${r2.id})`, sql`max(${r1.id}, ${r2.id})`);
  return {
    total: db.select({ n: sql<number>`count(*)` }).from(base().as('q')).prepare(),
    page: base()
      .orderBy(desc(similar), desc(sql`max(${demandRepeats.similarity})`), sql`min(${r1.id}, ${r2.id})`, sql`max(${r1.id}, ${r2.id})`)
      .limit(sql.placeholder('limit'))
      .offset(sql.placeholder('offset'))
      .prepare(),
  };
});

/**
 * The TOP pairs a secretariat reviews (one TOP of a conference it works for, both visible to it),
 * those with the most similar Ziffern first; one page of TOP_PAGE_SIZE and the number of all.
 */
export function topPairs(db: Db, viewer: Viewer, page: number): { pairs: TopPair[]; total: number } {
  if (!mayUseWorkspace(viewer)) return { pairs: [], total: 0 };
  const q = queries(db);
  const params = visibilityParams(viewer);
  const total = q.total.all(params)[0]?.n ?? 0;
  const rows = q.page.all({ ...params, limit: TOP_PAGE_SIZE, offset: (Math.max(1, page) - 1) * TOP_PAGE_SIZE });
  const pairs = rows.map((row) => {
    const [earlier, later] = raised(row.first) <= raised(row.second) ? [row.first, row.second] : [row.second, row.first];
    return { earlier, later, proposed: row.proposed, confirmed: row.confirmed, similarity: row.similarity };
  });
  return { pairs, total };
}
