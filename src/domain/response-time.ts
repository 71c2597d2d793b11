/**
 * Time from a meeting to the first federal response to a demand (pure): the histogram buckets
 * of the statistics pages and their median. Buckets follow the calendar: "up to 3 months" ends on
 * the same day three months after the meeting (31 January + 1 month = 28/29 February).
 */
import { addMonths, daysBetween } from './dates.js';

/** Upper limits in months of the buckets, then "over 2 years" and "no response yet". */
export const RESPONSE_BUCKETS = ['months3', 'months6', 'months12', 'years2', 'over2Years', 'none'] as const;
export type ResponseBucket = (typeof RESPONSE_BUCKETS)[number];

const LIMITS: readonly [ResponseBucket, number][] = [
  ['months3', 3],
  ['months6', 6],
  ['months12', 12],
  ['years2', 24],
];

/** The last day of each bounded bucket for a meeting on `meetingDate`. */
function limitsOf(meetingDate: string): [ResponseBucket, string][] {
  return LIMITS.map(([bucket, months]) => [bucket, addMonths(meetingDate, months)]);
}

function bucketWithin(limits: readonly [ResponseBucket, string][], firstResponse: string | null): ResponseBucket {
  if (firstResponse === null) return 'none';
  for (const [bucket, last] of limits) if (firstResponse <= last) return bucket;
  return 'over2Years';
}

/** The bucket of a first response (null = none yet) to a demand of a meeting on `meetingDate`. */
export function responseBucket(meetingDate: string, firstResponse: string | null): ResponseBucket {
  return bucketWithin(limitsOf(meetingDate), firstResponse);
}

/** The median of the values (the mean of the two middle ones for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface ResponseTimes {
  histogram: Record<ResponseBucket, number>;
  /** Median days from the meeting to the first response, over the demands that have one. */
  medianDays: number | null;
  responded: number;
  withoutResponse: number;
}

/** What a tally has counted so far, to be added to another (a meeting's share of a conference). */
export interface ResponsePart {
  histogram: Readonly<Record<ResponseBucket, number>>;
  days: readonly number[];
  responded: number;
}

/**
 * Histogram and median, one demand at a time: only the number of days per answered demand is
 * kept, so a conference with tens of thousands of demands needs no list of them. Tallies of
 * parts (e.g. the meetings of a conference) add up with `part` and `addPart`.
 */
export class ResponseTimeTally {
  private readonly histogram = Object.fromEntries(RESPONSE_BUCKETS.map((b) => [b, 0])) as Record<ResponseBucket, number>;
  private readonly days: number[] = [];
  private responded = 0;
  // many demands share a meeting: its bucket limits are computed once
  private readonly limits = new Map<string, [ResponseBucket, string][]>();

  add(meetingDate: string, firstResponse: string | null): void {
    let own = this.limits.get(meetingDate);
    if (!own) {
      own = limitsOf(meetingDate);
      this.limits.set(meetingDate, own);
    }
    this.histogram[bucketWithin(own, firstResponse)] += 1;
    if (firstResponse === null) return;
    this.responded += 1;
    const span = daysBetween(meetingDate, firstResponse);
    // a response dated before its meeting (not accepted by the follow-up service) counts as day 0
    if (span !== null) this.days.push(Math.max(0, span));
  }

  /** A copy of what was counted. */
  part(): ResponsePart {
    return { histogram: { ...this.histogram }, days: [...this.days], responded: this.responded };
  }

  /** Counts what another tally counted, as if its demands had been added here. */
  addPart(part: ResponsePart): void {
    for (const bucket of RESPONSE_BUCKETS) this.histogram[bucket] += part.histogram[bucket];
    for (const days of part.days) this.days.push(days);
    this.responded += part.responded;
  }

  result(): ResponseTimes {
    const histogram = { ...this.histogram };
    return { histogram, medianDays: median(this.days), responded: this.responded, withoutResponse: histogram.none };
  }
}

/** Histogram and median over demands, each with its meeting date and first response (or null). */
export function responseTimes(items: Iterable<{ meetingDate: string; firstResponse: string | null }>): ResponseTimes {
  const tally = new ResponseTimeTally();
  for (const item of items) tally.add(item.meetingDate, item.firstResponse);
  return tally.result();
}
