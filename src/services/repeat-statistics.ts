/**
 * The statistic of repeated demands: the demands raised at least twice (chains of confirmed
 * repeats, ./repeat-review.ts) and how far each has been implemented. A chain is one demand; its
 * state is that of its latest Ziffer (the demand as it was last raised). The viewer sees only the
 * Ziffern it may see: a chain runs through visible Ziffern only, as on the resolution page. Within
 * a range of years, a chain counts the Ziffern raised in those years.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/connection.js';
import { demandRepeats, demands, followUps } from '../../db/schema.js';
import { repeatGroups, repeatSummary } from '../domain/repeats.js';
import { countStatuses, demandStatusesAsOf } from '../domain/status.js';
import type { DemandStatus } from '../domain/vocabulary.js';
import { raisedOn, visibleSides, type RepeatSide } from './repeat-review.js';
import type { ReportScope } from './statistics.js';
import { preparedPer } from './prepared.js';
import { followUpVisible, statusColumn, visibilityParams, type Viewer } from './visibility.js';

export interface RepeatedDemand {
  /** The Ziffern of the chain, earliest first. */
  raised: RepeatSide[];
  since: number;
  times: number;
  /** The state of the latest Ziffer (as of the scope's date). */
  status: DemandStatus;
}

export interface RepeatStatistics {
  demands: RepeatedDemand[];
  counts: Record<DemandStatus, number>;
}

function inYears(side: RepeatSide, scope: ReportScope): boolean {
  return (scope.fromYear === null || side.meetingYear >= scope.fromYear) && (scope.toYear === null || side.meetingYear <= scope.toYear);
}

const inIds = (column: SQLiteColumn) => sql`${column} in (select value from json_each(${sql.placeholder('ids')}))`;

/** The reads of the statistic (placeholder `ids`: a JSON array), prepared once per connection. */
const queries = preparedPer((db: Db) => ({
  pairs: db
    .select({ first: demandRepeats.firstDemandId, second: demandRepeats.secondDemandId })
    .from(demandRepeats)
    .where(eq(demandRepeats.state, 'confirmed'))
    .prepare(),
  status: db.select({ id: demands.id, status: demands.status }).from(demands).where(inIds(demands.id)).prepare(),
  publicStatus: db.select({ id: demands.id, status: demands.publicStatus }).from(demands).where(inIds(demands.id)).prepare(),
  events: db
    .select({ id: followUps.id, resolutionId: followUps.resolutionId, demandId: followUps.demandId, date: followUps.date, kind: followUps.kind, resultingStatus: followUps.resultingStatus })
    .from(followUps)
    .where(and(inIds(followUps.resolutionId), followUpVisible(followUps.visibility, followUps.demandId)))
    .prepare(),
}));

/** The state of each of these Ziffern for the viewer: stored, or recomputed as of a date. */
function statusesOf(db: Db, viewer: Viewer, sides: readonly RepeatSide[], asOf: string | null): Map<number, DemandStatus> {
  const q = queries(db);
  if (asOf === null) {
    const statement = statusColumn(viewer) === 'status' ? q.status : q.publicStatus;
    return new Map(statement.all({ ids: JSON.stringify(sides.map((s) => s.demandId)) }).map((row) => [row.id, row.status]));
  }
  const events = q.events.all({ ...visibilityParams(viewer), ids: JSON.stringify([...new Set(sides.map((s) => s.resolutionId))]) });
  return demandStatusesAsOf(sides.map((s) => ({ id: s.demandId, resolutionId: s.resolutionId })), events, asOf);
}

/**
 * The demands raised at least twice within the scope (its years; as of its date only the Ziffern
 * raised by then), the most often raised first, with their states and the count per state.
 */
export function repeatedDemandStatistics(db: Db, viewer: Viewer, scope: ReportScope): RepeatStatistics {
  const pairs = queries(db).pairs.all();
  const sides = visibleSides(db, viewer, [...new Set(pairs.flatMap((p) => [p.first, p.second]))]);
  if (scope.asOf !== null) for (const [id, side] of sides) if (raisedOn(side) > scope.asOf) sides.delete(id);
  const groups = repeatGroups(pairs.filter((p) => sides.has(p.first) && sides.has(p.second)).map((p) => [p.first, p.second] as const));
  const chains: RepeatSide[][] = [];
  const seen = new Set<number>();
  for (const [id, members] of groups) {
    if (seen.has(id)) continue;
    for (const member of members) seen.add(member);
    // one demand (the chain over every Ziffer raised by then); the years limit which raisings count
    chains.push(members.map((member) => sides.get(member)!).filter((side) => inYears(side, scope)).sort((a, b) => raisedOn(a).localeCompare(raisedOn(b)) || a.demandId - b.demandId));
  }
  const latest = chains.map((chain) => chain.at(-1)!);
  const statuses = latest.length === 0 ? new Map<number, DemandStatus>() : statusesOf(db, viewer, latest, scope.asOf);
  const result = chains.flatMap((chain) => {
    const summary = repeatSummary(chain.map((side) => ({ demandId: side.demandId, date: raisedOn(side) })));
    return summary ? [{ raised: chain, ...summary, status: statuses.get(chain.at(-1)!.demandId) ?? 'open' }] : [];
  });
  result.sort((a, b) => b.times - a.times || a.since - b.since || a.raised[0]!.demandId - b.raised[0]!.demandId);
  return { demands: result, counts: countStatuses(result.map((d) => d.status)) };
}
