/**
 * Implementation status of a demand (Umsetzungsstand) and follow-up kinds. The history of a
 * demand's status is the ordered list of its follow-ups; the current status is derived from it.
 */
import type { DemandStatus, FollowUpKind } from './vocabulary.js';

/** Kinds in which the addressee (usually the Bund) reports on itself. */
export const ADDRESSEE_KIND_LIST = ['response', 'report', 'legislation', 'budget'] as const satisfies readonly FollowUpKind[];
const ADDRESSEE_KINDS: ReadonlySet<FollowUpKind> = new Set(ADDRESSEE_KIND_LIST);

export type Reading = 'addressee' | 'laender' | 'other';

export function readingOf(kind: FollowUpKind): Reading {
  if (ADDRESSEE_KINDS.has(kind)) return 'addressee';
  return kind === 'assessment' ? 'laender' : 'other';
}

export interface StatusEvent {
  date: string;
  kind: FollowUpKind;
  resultingStatus: DemandStatus | null;
  /** Tie-breaker for events on the same date: insertion order. */
  id: number;
}

export function compareEvents(a: StatusEvent, b: StatusEvent): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return a.id - b.id;
}

export interface StatusReading {
  status: DemandStatus;
  since: string | null;
}

/**
 * The status as of a date (inclusive; null = today): the last status-bearing event on or before
 * it, or 'open' where there is none.
 */
export function statusAsOf(events: readonly StatusEvent[], asOf: string | null = null): StatusReading {
  let status: DemandStatus = 'open';
  let since: string | null = null;
  for (const event of inDateOrder(events)) {
    if (asOf !== null && event.date > asOf) break;
    if (event.resultingStatus) {
      status = event.resultingStatus;
      since = event.date;
    }
  }
  return { status, since };
}

/**
 * The events in the order of compareEvents: the list itself when it already is (the queries read
 * follow-ups by date and id, and a page asks for a status several times per Ziffer), otherwise a
 * sorted copy.
 */
function inDateOrder<E extends StatusEvent>(events: readonly E[]): readonly E[] {
  for (let i = 1; i < events.length; i++) {
    if (compareEvents(events[i - 1]!, events[i]!) > 0) return [...events].sort(compareEvents);
  }
  return events;
}

/** A status event of a demand (`demandId`) or of its whole resolution (`demandId` null). */
export interface DemandEvent extends StatusEvent {
  resolutionId: number;
  demandId: number | null;
}

/**
 * The status of each demand as of a date (null = today): statusAsOf over the demand's own events
 * and those on its whole resolution. Which events count (visibility, date) is the caller's business.
 */
export function demandStatusesAsOf(
  demandRows: Iterable<{ id: number; resolutionId: number }>,
  events: readonly DemandEvent[],
  asOf: string | null,
): Map<number, DemandStatus> {
  const byResolution = new Map<number, DemandEvent[]>();
  for (const event of events) {
    const list = byResolution.get(event.resolutionId);
    if (list) list.push(event);
    else byResolution.set(event.resolutionId, [event]);
  }
  const result = new Map<number, DemandStatus>();
  for (const demand of demandRows) {
    const own = (byResolution.get(demand.resolutionId) ?? []).filter((e) => e.demandId === demand.id || e.demandId === null);
    result.set(demand.id, statusAsOf(own, asOf).status);
  }
  return result;
}

/**
 * The two readings of a demand: the addressee's own and the Länder's assessment. They disagree
 * when both exist and name different statuses.
 */
export function readingsAsOf(events: readonly StatusEvent[], asOf: string | null = null) {
  // statusAsOf of each reading's events, in one pass: the last status-bearing event of each kind
  let addressee: StatusReading | null = null;
  let laender: StatusReading | null = null;
  for (const event of inDateOrder(events)) {
    if (asOf !== null && event.date > asOf) break;
    if (!event.resultingStatus) continue;
    const reading = readingOf(event.kind);
    if (reading === 'addressee') addressee = { status: event.resultingStatus, since: event.date };
    else if (reading === 'laender') laender = { status: event.resultingStatus, since: event.date };
  }
  return {
    addressee,
    laender,
    disagree: addressee !== null && laender !== null && addressee.status !== laender.status,
  };
}

/** Status summary of a set of demands, in the canonical status order. */
export function countStatuses(statuses: Iterable<DemandStatus>): Record<DemandStatus, number> {
  const counts: Record<DemandStatus, number> = {
    open: 0,
    in_progress: 0,
    partial: 0,
    implemented: 0,
    rejected: 0,
    obsolete: 0,
  };
  for (const status of statuses) counts[status] += 1;
  return counts;
}
