/**
 * The statistics of a conference as the sum of its meetings' shares (./statistics.ts adds them
 * up). A meeting's share — its status counts, per sponsoring Land and addressee, the response
 * times, stale flags and open demands of its Ziffern addressed to the Bund — is kept until the
 * meeting's tag changes: triggers give a meeting a new tag in the same transaction as every write
 * to its resolutions, sponsors, Ziffern and follow-ups (migration `statistics-changes`). After a
 * write only the meetings it touched are read again, not the conference's whole archive.
 *
 * A share depends on the viewer's visibility, the date of an "as of" scope and, for the stale
 * flags, today; not on the range of years (the report picks the meetings). Shares are read for
 * all meetings of a conference in one pass when many are missing (a first visit), else meeting by
 * meeting.
 *
 * As of a date, the statuses are the maintained ones with only those of the demands that a status
 * event after the date bears on recomputed (statusChanges): the counts per status, Land and
 * addressee are the maintained ones (demand_summary) with those changes moved, so neither the
 * overview nor a conference's report reads a row per Ziffer, only the Ziffern addressed to the
 * Bund for the response times, stale flags and open demands.
 */
import type { Db } from '../../db/connection.js';
import { countStatuses } from '../domain/status.js';
import { isStale } from '../domain/tracking.js';
import { ResponseTimeTally, type ResponsePart } from '../domain/response-time.js';
import type { DemandStatus } from '../domain/vocabulary.js';
import { LAND_BITS, queries } from './statistics-queries.js';
import type { VisibilityParams } from './visibility.js';

type Counts = Record<DemandStatus, number>;

/** One meeting's share of a conference's statistics. */
export interface MeetingPart {
  counts: Counts;
  total: number;
  /** Per Land and per addressee ('' without one); empty in the overview's shares. */
  byLand: Map<string, Counts>;
  byAddressee: Map<string, Counts>;
  /** Ziffern addressed to the Bund, their first federal responses, how many are stale. */
  toBund: number;
  response: ResponsePart;
  stale: number;
  /** Open Ziffern addressed to the Bund (ids). */
  openToBund: number[];
}

/** 'report': everything a conference's page shows; 'totals': the status counts of the overview. */
export type PartKind = 'report' | 'totals';

export interface PartScope {
  conferenceId: number;
  visibility: VisibilityParams;
  /** Statuses and responses as of this date; null: the stored statuses. */
  asOf: string | null;
  /** The day the stale flags are judged on. */
  today: string;
}

export interface MeetingOfPart {
  id: number;
  /** The meeting's date (its start, or 1 January of its year). */
  date: string;
}

const END_OF_TIME = '9999-12-31';
/** More missing shares than this are read in one pass over the conference. */
const ONE_PASS_FROM = 8;
/** Shares kept per database (a meeting has one per viewer level, date and kind in use). */
const MAX_PARTS = 20_000;

const memos = new WeakMap<Db, Map<string, MeetingPart>>();

function memoOf(db: Db): Map<string, MeetingPart> {
  let memo = memos.get(db);
  if (!memo) {
    memo = new Map();
    memos.set(db, memo);
  }
  return memo;
}

/**
 * The shares of the conference's meetings (those in `meetings`) for this scope, from the memo
 * where the meeting's tag is unchanged, read again where it changed.
 */
export function meetingParts(db: Db, kind: PartKind, scope: PartScope, meetings: readonly MeetingOfPart[]): Map<number, MeetingPart> {
  const q = queries(db);
  const memo = memoOf(db);
  const tags = new Map(q.tags.all({ conferenceId: scope.conferenceId }).map((row) => [row.id, row.tag]));
  const prefix = JSON.stringify([kind, scope.visibility, scope.asOf, scope.today]);
  const keyOf = (id: number) => `${prefix}|${id}|${tags.get(id) ?? 0}`;
  const result = new Map<number, MeetingPart>();
  const missing: MeetingOfPart[] = [];
  for (const meeting of meetings) {
    const part = memo.get(keyOf(meeting.id));
    if (part) result.set(meeting.id, part);
    else missing.push(meeting);
  }
  if (missing.length === 0) return result;
  const computed =
    missing.length > ONE_PASS_FROM
      ? computeParts(q, kind, scope, missing, 0)
      : new Map(missing.flatMap((meeting) => [...computeParts(q, kind, scope, [meeting], meeting.id)]));
  for (const [id, part] of computed) {
    result.set(id, part);
    const key = keyOf(id);
    memo.delete(key);
    memo.set(key, part);
  }
  // the oldest entries go first (entries for old tags are never asked for again)
  for (const key of memo.keys()) {
    if (memo.size <= MAX_PARTS) break;
    memo.delete(key);
  }
  return result;
}

/** A demand whose status as of the date is not its maintained one. */
interface StatusChange {
  meetingId: number;
  from: DemandStatus;
  to: DemandStatus;
  /** The keys it counts under per addressee ('' without one) and per sponsoring Land, as in demand_summary. */
  addressees: string[];
  lands: string[];
}

/** The statuses as of a date as changes against the maintained ones (statistics-queries.ts `statusChanges`). */
function statusChanges(q: Queries, params: Record<string, unknown>, parts: Map<number, MeetingPart>): Map<number, StatusChange> {
  const changes = new Map<number, StatusChange>();
  for (const [id, meetingId, from, to, addresseesJson, lands] of q.statusChanges(params)) {
    if (!parts.has(meetingId)) continue;
    const addressees = [...new Set(JSON.parse(addresseesJson) as string[])];
    changes.set(id, { meetingId, from, to, addressees: addressees.length === 0 ? [''] : addressees, lands: lands === null ? [] : lands.split(',') });
  }
  return changes;
}

function emptyPart(): MeetingPart {
  return {
    counts: countStatuses([]),
    total: 0,
    byLand: new Map(),
    byAddressee: new Map(),
    toBund: 0,
    response: new ResponseTimeTally().part(),
    stale: 0,
    openToBund: [],
  };
}

function add(map: Map<string, Counts>, key: string, status: DemandStatus, n = 1): void {
  let counts = map.get(key);
  if (!counts) {
    counts = countStatuses([]);
    map.set(key, counts);
  }
  counts[status] += n;
}

/** Moves one demand from one status to another in `counts`. */
function move(counts: Counts, change: StatusChange): void {
  counts[change.from] -= 1;
  counts[change.to] += 1;
}

type Queries = ReturnType<typeof queries>;

/**
 * Reads the shares of `meetings`: of one meeting (`meetingId`), or with 0 of the whole conference
 * in one pass (rows of meetings not asked for are left out).
 */
function computeParts(q: Queries, kind: PartKind, scope: PartScope, meetings: readonly MeetingOfPart[], meetingId: number): Map<number, MeetingPart> {
  const params = {
    ...scope.visibility,
    conferenceId: scope.conferenceId,
    meetingId,
    fromYear: 0,
    toYear: 9999,
    until: scope.asOf ?? END_OF_TIME,
  };
  const parts = new Map<number, MeetingPart>(meetings.map((meeting) => [meeting.id, emptyPart()]));
  const dateOf = new Map(meetings.map((meeting) => [meeting.id, meeting.date]));

  // The maintained counts, then as of a date the demands whose status then was another moved
  // (statusChanges; a change's demand is counted in the summary under its maintained status).
  const changes = scope.asOf === null ? null : statusChanges(q, params, parts);
  if (kind === 'totals') {
    for (const [partMeeting, status, n] of q.summaryAll(params)) {
      const part = parts.get(partMeeting);
      if (!part) continue;
      part.counts[status] += n;
      part.total += n;
    }
    for (const change of changes?.values() ?? []) move(parts.get(change.meetingId)!.counts, change);
    return parts;
  }
  for (const [partMeeting, dimension, key, status, n] of q.summary(params)) {
    const part = parts.get(partMeeting);
    if (!part || n === 0) continue; // a count that fell to zero stays as a row
    if (dimension === 'all') {
      part.counts[status] += n;
      part.total += n;
    } else if (dimension === 'land') {
      if (LAND_BITS.has(key)) add(part.byLand, key, status, n);
    } else add(part.byAddressee, key, status, n);
  }
  for (const change of changes?.values() ?? []) {
    const part = parts.get(change.meetingId)!;
    move(part.counts, change);
    for (const land of change.lands) if (LAND_BITS.has(land)) move(part.byLand.get(land)!, change);
    for (const addressee of change.addressees) move(part.byAddressee.get(addressee)!, change);
  }

  const firstOwn = new Map<number, string>();
  const firstWide = new Map<number, string>();
  const lastOwn = new Map<number, string>();
  const lastWide = new Map<number, string>();
  for (const [resolutionId, demandId, first, last] of q.federalDates(params)) {
    if (demandId === null) {
      if (first !== null) firstWide.set(resolutionId, first);
      lastWide.set(resolutionId, last);
    } else {
      if (first !== null) firstOwn.set(demandId, first);
      lastOwn.set(demandId, last);
    }
  }

  const tallies = new Map<number, ResponseTimeTally>();
  const parsedAddressees = new Map<string, string[]>();
  for (const [id, resolutionId, storedStatus, partMeeting, addresseesJson, declaratory] of q.bundDemands(params)) {
    const part = parts.get(partMeeting);
    if (!part) continue;
    const status = changes?.get(id)?.to ?? storedStatus;
    const meetingDate = dateOf.get(partMeeting)!;
    let addressees = parsedAddressees.get(addresseesJson);
    if (!addressees) {
      addressees = [...new Set(JSON.parse(addresseesJson) as string[])];
      parsedAddressees.set(addresseesJson, addressees);
    }
    if (!addressees.includes('bund')) continue;
    const own = firstOwn.get(id) ?? null;
    const wide = firstWide.get(resolutionId) ?? null;
    part.toBund += 1;
    let tally = tallies.get(partMeeting);
    if (!tally) {
      tally = new ResponseTimeTally();
      tallies.set(partMeeting, tally);
    }
    tally.add(meetingDate, own === null ? wide : wide === null || own < wide ? own : wide);
    const lastOwnDate = lastOwn.get(id) ?? null;
    const lastWideDate = lastWide.get(resolutionId) ?? null;
    const lastFederalReaction = lastOwnDate === null ? lastWideDate : lastWideDate === null || lastOwnDate > lastWideDate ? lastOwnDate : lastWideDate;
    if (isStale({ outcome: 'adopted', addressees, declaratory: declaratory === 1, status, meetingDate, lastFederalReaction }, scope.today)) part.stale += 1;
    if (status === 'open') part.openToBund.push(id);
  }
  for (const [partMeeting, tally] of tallies) parts.get(partMeeting)!.response = tally.part();
  return parts;
}
