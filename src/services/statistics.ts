/**
 * Implementation statistics: the demands of adopted resolutions by status — per
 * meeting, year of the meeting, sponsoring Land and addressee — and the time from the meeting to
 * the first federal response.
 *
 * Rules (also on the page, i18n `statistics.rules`):
 * - Demands: those of adopted resolutions the viewer may see (./visibility.ts); the public sees the
 *   public statuses only, so internal data never changes a public figure.
 * - Year range (`von`/`bis`): the year of the meeting. "As of" a date (`stand`): meetings up to
 *   that date, statuses recomputed from the follow-ups the viewer may see up to that date
 *   (the rule of domain/status.ts `demandStatusesAsOf`, which the archive applies; the search
 *   applies the same rule in SQL, search/hits.ts).
 * - Per Land: a demand counts for every Land that sponsored its resolution. Per addressee: a demand
 *   counts for each of its addressees; demands without one have their own row.
 * - Federal response: the first follow-up by a federal actor (actors.kind 'bund') in which the
 *   addressee reports (domain/status.ts ADDRESSEE_KIND_LIST) on the demand or on its whole
 *   resolution, that the viewer may see and — as of a date — up to that date. Counted over the
 *   demands addressed to the Bund, from the meeting's start (1 January of its year without one).
 * - Oldest open demands: demands to the Bund whose status is "open", oldest meeting first.
 * - Stale demands (seit über 12 Monaten ohne Reaktion des Bundes): domain/tracking.ts `isStale`
 *   over the follow-ups the viewer may see, as of the scope's date (today without one).
 *
 * Performance: the overview's totals come from `demand_summary`, which triggers keep current in the
 * same transaction as every write (db/schema.ts). A conference's report is the sum of its meetings'
 * shares (./statistics-parts.ts): counts per status, Land and addressee (from the summary), response
 * times, stale flags and open demands to the Bund (from narrow queries over the meeting's Ziffern
 * and federal follow-ups). Each share is kept until a write touches its meeting (a tag the triggers
 * of migration `statistics-changes` change), so after a write only that meeting is read again.
 * "As of" a date the overview's totals over all years are the sums of dated changes (migration
 * `status-deltas`: per conference and day, month and year, how many Ziffern entered or left a
 * status, kept by triggers as well), so a first visit of a date reads a few thousand rows, not the
 * archive. A conference's report as of a date (and the overview for a range of years) recomputes
 * the statuses from the follow-ups only where they can differ from the maintained ones
 * (./statistics-parts.ts), per meeting and kept the same way. Whole results are memoised per data
 * generation (./generation.ts).
 */
import type { Db } from '../../db/connection.js';
import type { conferences } from '../../db/schema.js';
import { countStatuses } from '../domain/status.js';
import { LAND_CODES } from '../domain/laender.js';
import { ResponseTimeTally, type ResponseTimes } from '../domain/response-time.js';
import { visibilityParams, type Viewer } from './visibility.js';
import { generationMemo } from './generation.js';
import { meetingPage, resolutionPage } from './archive.js';
import { todayIso } from '../domain/dates.js';
import { ADDRESSEES, DEMAND_STATUSES, type DemandStatus } from '../domain/vocabulary.js';
import { queries } from './statistics-queries.js';
import { meetingParts } from './statistics-parts.js';

export interface ReportScope {
  /** First and last year of the meetings; null = no limit. */
  fromYear: number | null;
  toYear: number | null;
  /** Statuses and responses as of this date (inclusive); null = today. */
  asOf: string | null;
}

export const CURRENT_SCOPE: ReportScope = Object.freeze({ fromYear: null, toYear: null, asOf: null });

export interface StatusCounts {
  counts: Record<DemandStatus, number>;
  total: number;
  implementedShare: number;
}

export interface MeetingStatistics extends StatusCounts {
  urlKey: string;
  number: number | null;
  year: number;
  startDate: string | null;
}

export interface OldestOpenDemand {
  number: string | null;
  agendaItem: string;
  title: string;
  meetingUrlKey: string;
  meetingNumber: number | null;
  meetingYear: number;
  meetingStartDate: string | null;
  meetingDate: string;
}

export interface ConferenceReport extends StatusCounts {
  conference: typeof conferences.$inferSelect;
  /** Years of the conference's meetings (for the form); null without meetings. */
  years: { first: number; last: number } | null;
  meetings: MeetingStatistics[];
  byYear: (StatusCounts & { year: number })[];
  /** All 16 Länder in the registry's order. */
  byLand: (StatusCounts & { land: string })[];
  /** The addressees in the canonical order, then unknown codes, then '' (without addressee). */
  byAddressee: (StatusCounts & { addressee: string })[];
  /** Over the demands addressed to the Bund. */
  response: ResponseTimes & { demands: number };
  /** Demands to the Bund without a federal reaction for more than 12 months (domain/tracking.ts). */
  stale: number;
  oldestOpen: OldestOpenDemand[];
}

/** How many of the oldest open demands a report lists. */
export const OLDEST_OPEN = 10;
const END_OF_TIME = '9999-12-31';

class Tally {
  private readonly map = new Map<string | number, Record<DemandStatus, number>>();
  add(key: string | number, status: DemandStatus, n = 1): void {
    let counts = this.map.get(key);
    if (!counts) {
      counts = countStatuses([]);
      this.map.set(key, counts);
    }
    counts[status] += n;
  }
  get(key: string | number): StatusCounts {
    return withShare(this.map.get(key) ?? countStatuses([]));
  }
  keys(): (string | number)[] {
    return [...this.map.keys()];
  }
}

function withShare(counts: Record<DemandStatus, number>): StatusCounts {
  const total = DEMAND_STATUSES.reduce((n, status) => n + counts[status], 0);
  return { counts, total, implementedShare: total === 0 ? 0 : counts.implemented / total };
}

/** The counts of several rows added up (e.g. all conferences of the overview). */
export function sumOf(rows: readonly StatusCounts[]): StatusCounts {
  const counts = countStatuses([]);
  for (const row of rows) for (const status of DEMAND_STATUSES) counts[status] += row.counts[status];
  return withShare(counts);
}

const reports = generationMemo<ConferenceReport>(200);
const totals = generationMemo<ConferenceTotals>(500);

type Conference = typeof conferences.$inferSelect;
type Visibility = ReturnType<typeof visibilityParams>;
type Queries = ReturnType<typeof queries>;

function memoKey(conference: Conference, visibility: Visibility, scope: ReportScope): string {
  // today matters without a date: the stale flags move with it
  return JSON.stringify([conference.id, visibility, scope.fromYear, scope.toYear, scope.asOf ?? todayIso()]);
}

function scopeParams(conference: Conference, visibility: Visibility, scope: ReportScope) {
  return {
    ...visibility,
    conferenceId: conference.id,
    meetingId: 0, // all meetings
    fromYear: scope.fromYear ?? 0,
    toYear: scope.toYear ?? 9999,
    until: scope.asOf ?? END_OF_TIME,
  };
}

/** The statistics of one conference for the viewer, or null when the conference is unknown. */
export function conferenceStatistics(db: Db, viewer: Viewer, slug: string, scope: ReportScope = CURRENT_SCOPE): ConferenceReport | null {
  const visibility = visibilityParams(viewer);
  const conference = queries(db).conference.get({ ...visibility, slug });
  if (!conference) return null;
  return reports(db, memoKey(conference, visibility, scope), () => computeReport(db, conference, visibility, scope));
}

export interface ConferenceTotals extends StatusCounts {
  conference: Conference;
  years: { first: number; last: number } | null;
}

/**
 * Every conference with its status totals (the overview), in the order of their short names.
 * The totals need only the demands' statuses, a fraction of a whole report; on a large archive
 * each conference still takes a while, so the event loop gets a turn between conferences.
 */
export async function allConferencesTotals(db: Db, viewer: Viewer, scope: ReportScope = CURRENT_SCOPE): Promise<ConferenceTotals[]> {
  const q = queries(db);
  const visibility = visibilityParams(viewer);
  // as of a date over all years: every conference's counts from one read of the dated changes
  let asOfTotals: Map<number, Record<DemandStatus, number>> | null = null;
  const result: ConferenceTotals[] = [];
  for (const conference of q.conferences.all(visibility)) {
    let computed = false;
    result.push(
      totals(db, memoKey(conference, visibility, scope), () => {
        computed = true;
        const counts = countStatuses([]);
        if (scope.asOf === null) {
          for (const [status, n] of q.summaryTotals(scopeParams(conference, visibility, scope))) counts[status] += n;
        } else if (scope.fromYear === null && scope.toYear === null) {
          asOfTotals ??= totalsAsOf(q, visibility, scope.asOf);
          const found = asOfTotals.get(conference.id);
          if (found) for (const status of DEMAND_STATUSES) counts[status] += found[status];
        } else {
          // as of a date: the meetings' shares, each recomputed only after a write to that meeting
          const meetings = meetingsInScope(q.meetings.all({ ...visibility, conferenceId: conference.id }), scope);
          const parts = meetingParts(db, 'totals', partScope(conference, visibility, scope), meetings);
          for (const meeting of meetings) for (const status of DEMAND_STATUSES) counts[status] += parts.get(meeting.id)!.counts[status];
        }
        return { conference, years: yearsOf(q, conference, visibility), ...withShare(counts) };
      }),
    );
    if (computed) await new Promise((resolve) => setImmediate(resolve));
  }
  return result;
}

/** Every conference's status counts as of the date (statistics-queries.ts `statusTotalsAsOf`). */
function totalsAsOf(q: Queries, visibility: Visibility, asOf: string): Map<number, Record<DemandStatus, number>> {
  const result = new Map<number, Record<DemandStatus, number>>();
  for (const [conferenceId, status, n] of q.statusTotalsAsOf({ ...visibility, until: asOf })) {
    let counts = result.get(conferenceId);
    if (!counts) {
      counts = countStatuses([]);
      result.set(conferenceId, counts);
    }
    counts[status] += n;
  }
  return result;
}

function yearsOf(q: Queries, conference: Conference, visibility: Visibility): { first: number; last: number } | null {
  const range = q.yearRange.get({ ...visibility, conferenceId: conference.id });
  return range && range.first !== null && range.last !== null ? { first: range.first, last: range.last } : null;
}

/** The meetings in the scope's years (and, as of a date, held by then), with their dates. */
function meetingsInScope<T extends { year: number; date: string }>(rows: readonly T[], scope: ReportScope): T[] {
  return rows.filter(
    (row) => row.year >= (scope.fromYear ?? 0) && row.year <= (scope.toYear ?? 9999) && row.date <= (scope.asOf ?? END_OF_TIME),
  );
}

function partScope(conference: Conference, visibility: Visibility, scope: ReportScope) {
  return { conferenceId: conference.id, visibility, asOf: scope.asOf, today: scope.asOf ?? todayIso() };
}

/** The report: the shares of the meetings in scope (./statistics-parts.ts) added up. */
function computeReport(db: Db, conference: Conference, visibility: Visibility, scope: ReportScope): ConferenceReport {
  const q = queries(db);
  const meetingRows = new Map(q.meetings.all({ ...visibility, conferenceId: conference.id }).map((row) => [row.id, row]));
  const inScope = meetingsInScope([...meetingRows.values()], scope);
  const parts = meetingParts(db, 'report', partScope(conference, visibility, scope), inScope);

  const byMeeting = new Map<number, StatusCounts>();
  const byYear = new Tally();
  const byLand = new Tally();
  const byAddressee = new Tally();
  const counts = countStatuses([]);
  const response = new ResponseTimeTally();
  let toBund = 0;
  let stale = 0;
  const openToBund = new Map<string, number[]>(); // meeting date → open demands to the Bund
  for (const meeting of inScope) {
    const part = parts.get(meeting.id)!;
    if (part.total > 0) {
      byMeeting.set(meeting.id, withShare({ ...part.counts }));
      for (const status of DEMAND_STATUSES) {
        counts[status] += part.counts[status];
        byYear.add(meeting.year, status, part.counts[status]);
      }
    }
    for (const [land, landCounts] of part.byLand) for (const status of DEMAND_STATUSES) byLand.add(land, status, landCounts[status]);
    for (const [addressee, addresseeCounts] of part.byAddressee) {
      for (const status of DEMAND_STATUSES) byAddressee.add(addressee, status, addresseeCounts[status]);
    }
    toBund += part.toBund;
    stale += part.stale;
    response.addPart(part.response);
    if (part.openToBund.length > 0) {
      const list = openToBund.get(meeting.date);
      if (list) list.push(...part.openToBund);
      else openToBund.set(meeting.date, [...part.openToBund]);
    }
  }

  const meetingStats = [...byMeeting]
    .map(([id, stats]) => ({ meeting: meetingRows.get(id)!, stats }))
    .sort((x, y) => (x.meeting.startDate ?? '').localeCompare(y.meeting.startDate ?? '') || (x.meeting.number ?? 0) - (y.meeting.number ?? 0))
    .map(({ meeting, stats }) => ({ urlKey: meeting.urlKey, number: meeting.number, year: meeting.year, startDate: meeting.startDate, ...stats }));
  const knownAddressees: readonly string[] = ADDRESSEES;
  const otherAddressees = byAddressee
    .keys()
    .filter((k): k is string => typeof k === 'string' && k !== '' && !knownAddressees.includes(k))
    .sort();

  return {
    conference,
    years: yearsOf(q, conference, visibility),
    ...withShare(counts),
    meetings: meetingStats,
    byYear: (byYear.keys() as number[]).sort((x, y) => x - y).map((year) => ({ year, ...byYear.get(year) })),
    byLand: LAND_CODES.map((land) => ({ land, ...byLand.get(land) })),
    byAddressee: [...knownAddressees, ...otherAddressees, ''].map((addressee) => ({ addressee, ...byAddressee.get(addressee) })),
    response: { ...response.result(), demands: toBund },
    stale,
    oldestOpen: oldestOpen(q, openToBund, meetingRows),
  };
}

/**
 * The oldest open demands: the candidates of the earliest meeting dates, with their details read
 * for those only, ordered by meeting date, TOP and position.
 */
function oldestOpen(
  q: Queries,
  openByDate: Map<string, number[]>,
  meetingRows: Map<number, { urlKey: string; number: number | null; year: number; startDate: string | null; date: string }>,
): OldestOpenDemand[] {
  // the earliest meeting dates until ten demands are found, all of that last date included, so
  // that the TOP order decides ties
  const ids: number[] = [];
  for (const date of [...openByDate.keys()].sort()) {
    if (ids.length >= OLDEST_OPEN) break;
    ids.push(...openByDate.get(date)!);
  }
  if (ids.length === 0) return [];
  return q.demandDetails
    .all({ ids: JSON.stringify(ids) })
    .map((row) => ({ row, meeting: meetingRows.get(row.meetingId)! }))
    .sort(
      (x, y) =>
        x.meeting.date.localeCompare(y.meeting.date) ||
        x.row.meetingId - y.row.meetingId ||
        x.row.sortKey.localeCompare(y.row.sortKey) ||
        x.row.position - y.row.position,
    )
    .slice(0, OLDEST_OPEN)
    .map(({ row, meeting }) => ({
      number: row.number,
      agendaItem: row.agendaItem,
      title: row.title,
      meetingUrlKey: meeting.urlKey,
      meetingNumber: meeting.number,
      meetingYear: meeting.year,
      meetingStartDate: meeting.startDate,
      meetingDate: meeting.date,
    }));
}

/**
 * The implementation report of a meeting (Umsetzungsbericht): every visible resolution with its
 * demands, their status — current or as of a date — and the latest follow-up the viewer may see up
 * to then (marked internal where it is). Null when the meeting is unknown or shows nothing to
 * this viewer.
 */
export function implementationReport(db: Db, viewer: Viewer, slug: string, urlKey: string, asOf: string | null = null) {
  const page = meetingPage(db, viewer, slug, urlKey, asOf);
  if (!page) return null;
  const level = visibilityParams(viewer).level;
  const items = page.resolutions.map((resolution) => {
    const detail = resolutionPage(db, viewer, slug, urlKey, resolution.agendaItem, asOf)!;
    return {
      agendaItem: resolution.agendaItem,
      title: resolution.title,
      outcome: resolution.outcome,
      release: resolution.release,
      tracked: detail.tracked,
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
