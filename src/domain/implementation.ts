/**
 * The implementation state of a resolution's demands as one surface shows it (resolution page,
 * OParl, reports): per demand the status, the addressee's reading and the Länder assessment, its
 * own timeline, the last federal reaction and the stale flag. Pure: the caller passes the follow-ups
 * the viewer may see.
 */
import { readingsAsOf, statusAsOf } from './status.js';
import type { DemandStatus, FollowUpKind, Outcome } from './vocabulary.js';
import { isFederalReaction, isStale } from './tracking.js';

export interface TimelineEvent {
  id: number;
  /** Null: the event covers the whole resolution. */
  demandId: number | null;
  date: string;
  kind: FollowUpKind;
  resultingStatus: DemandStatus | null;
  /** actors.kind of the follow-up's actor; null without a listed actor. */
  actorKind: string | null;
}

export interface DemandInput {
  id: number;
  addressees: string[];
  declaratory: boolean;
}

/**
 * Each demand with its state as of `asOf` (null = today, `today`): only events on or before that
 * date count. Resolution-wide events count for every demand but are listed once, apart.
 */
export function demandImplementation<D extends DemandInput, E extends TimelineEvent>(
  resolution: { outcome: Outcome; meetingDate: string },
  demands: readonly D[],
  events: readonly E[],
  asOf: string | null,
  today: string,
) {
  const soFar = asOf === null ? events : events.filter((e) => e.date <= asOf);
  // each demand's own events, in the order given (one pass, not one filter per demand)
  const byDemand = new Map<number | null, E[]>();
  for (const event of soFar) {
    const list = byDemand.get(event.demandId);
    if (list) list.push(event);
    else byDemand.set(event.demandId, [event]);
  }
  const resolutionWide = byDemand.get(null) ?? [];
  const reference = asOf ?? today;
  const list = demands.map((demand) => {
    const own = byDemand.get(demand.id) ?? [];
    const all = resolutionWide.length === 0 ? own : [...own, ...resolutionWide];
    const status = statusAsOf(all, asOf);
    let lastFederalReaction: string | null = null;
    for (const e of all) if (isFederalReaction(e) && (lastFederalReaction === null || e.date > lastFederalReaction)) lastFederalReaction = e.date;
    const stale = isStale(
      {
        outcome: resolution.outcome,
        addressees: demand.addressees,
        declaratory: demand.declaratory,
        status: status.status,
        meetingDate: resolution.meetingDate,
        lastFederalReaction,
      },
      reference,
    );
    // Object.assign, not a spread: V8 copies the Ziffer's fields into a fresh object this way several
    // times faster than it builds `{ ...demand, status, … }` (a resolution page has about ten Ziffern)
    return Object.assign({}, demand, {
      status: status.status,
      statusSince: status.since,
      readings: readingsAsOf(all, asOf),
      followUps: own,
      lastFederalReaction,
      stale,
    });
  });
  return { demands: list, resolutionFollowUps: resolutionWide, anyStale: list.some((demand) => demand.stale) };
}
