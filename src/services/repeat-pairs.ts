/**
 * The stored pairs of repeated Ziffern a secretariat reviews, as the queue and its view by TOP read
 * them: each with both sides' resolution, meeting and conference (aliases …1 and …2), both visible
 * to the viewer, one of them in a conference it works for (mayReviewRepeat, as SQL). Uses the
 * placeholders of visibilityParams.
 */
import { and, eq, or, type SQL } from 'drizzle-orm';
import { alias, type SQLiteSelect } from 'drizzle-orm/sqlite-core';
import { conferences, demandRepeats, demands, meetings, resolutions } from '../../db/schema.js';
import { inScope, resolutionVisible } from './visibility.js';
import { withResolution } from './resolution-header.js';

export const d1 = alias(demands, 'd1');
export const r1 = alias(resolutions, 'r1');
export const m1 = alias(meetings, 'm1');
export const c1 = alias(conferences, 'c1');
export const d2 = alias(demands, 'd2');
export const r2 = alias(resolutions, 'r2');
export const m2 = alias(meetings, 'm2');
export const c2 = alias(conferences, 'c2');

/**
 * Joins both sides to a dynamic query over demandRepeats (`db.select(…).from(demandRepeats).$dynamic()`)
 * and keeps the reviewable pairs meeting `condition`.
 */
export function reviewable<T extends SQLiteSelect>(query: T, condition: SQL | undefined): T {
  // the rows keep the query's explicit selection: the joins only add tables to filter by
  const first = withResolution(query.innerJoin(d1, eq(d1.id, demandRepeats.firstDemandId)), d1.resolutionId, { r: r1, m: m1, c: c1 });
  const joined = withResolution(first.innerJoin(d2, eq(d2.id, demandRepeats.secondDemandId)), d2.resolutionId, { r: r2, m: m2, c: c2 })
    .where(
      and(
        condition,
        resolutionVisible(r1.release, m1.conferenceId),
        resolutionVisible(r2.release, m2.conferenceId),
        or(inScope(m1.conferenceId), inScope(m2.conferenceId)),
      ),
    );
  return joined as unknown as T;
}
