/**
 * Read side of the archive: the data of the public pages (home, conference, meeting,
 * resolution), always filtered through the visibility rule of ./visibility.ts; the prepared
 * queries are in ./archive-queries.ts.
 */
import type { Db } from '../../db/connection.js';
import { todayIso } from '../domain/dates.js';
import { countStatuses, demandStatusesAsOf, type StatusEvent } from '../domain/status.js';
import { meetingReferenceDate, tracksDemands } from '../domain/tracking.js';
import { demandImplementation } from '../domain/implementation.js';
import { versionValidity, type Validity } from '../domain/version-diff.js';
import { confirmedRepeats, type DemandRepeats } from './repeat-review.js';
import type { ListedDocument } from './follow-up-documents.js';
import { isLandCode, landName, type LandCode } from '../domain/laender.js';
import { parseReference } from '../domain/references.js';
import { visibilityParams, visibleStatements, visibleTally, type Viewer } from './visibility.js';
import type { FollowUpFacts } from '../domain/resolution-facts.js';
import type { DemandStatus, ReleaseState, VersionAction, Visibility } from '../domain/vocabulary.js';
import { queries, type DemandTuple, type FollowUpTuple } from './archive-queries.js';

export interface LandRef {
  code: LandCode;
  name: string;
}

function landRefs(codes: readonly string[]): LandRef[] {
  return codes.filter(isLandCode).map((code) => ({ code, name: landName(code) }));
}

/** Status of each demand: from the cached columns today, recomputed from follow-ups "as of". */
function statusesOf(
  demandRows: readonly { id: number; resolutionId: number; status: DemandStatus; publicStatus: DemandStatus }[],
  events: readonly (StatusEvent & { demandId: number | null; resolutionId: number })[],
  viewer: Viewer,
  asOf: string | null,
): Map<number, DemandStatus> {
  if (asOf !== null) return demandStatusesAsOf(demandRows, events, asOf);
  const level = visibilityParams(viewer).level;
  return new Map(demandRows.map((demand) => [demand.id, level === 0 ? demand.publicStatus : demand.status]));
}

/** The Land codes of a resolution's sponsors, in their printed order. */
export function sponsorCodes(db: Db, resolutionId: number): string[] {
  return queries(db).sponsors.all(resolutionId);
}

/** The protocol statements of a resolution the viewer may see (those withheld from it left out). */
export function protocolStatementsOf(db: Db, viewer: Viewer, resolutionId: number): { laender: string[]; text: string }[] {
  return visibleStatements(viewer, queries(db).protocolStatements.all({ resolutionId })).filter((s) => !s.withheld);
}

/** A meeting (with its conference) by its address, when it exists for the viewer (it has a resolution the viewer sees). */
export function meetingByAddress(db: Db, viewer: Viewer, slug: string, urlKey: string) {
  return queries(db).meeting.get({ ...visibilityParams(viewer), slug, urlKey }) ?? null;
}

export function homePage(db: Db, viewer: Viewer, asOf: string | null = null) {
  const params = { ...visibilityParams(viewer), asOf };
  const q = queries(db);
  return {
    conferences: q.conferences.all(params),
    latestMeetings: q.latestMeetings.all({ ...params, limit: 8 }),
  };
}

export function conferencePage(db: Db, viewer: Viewer, slug: string, asOf: string | null = null) {
  const params = { ...visibilityParams(viewer), asOf };
  const q = queries(db);
  const conference = q.conference.get({ ...params, slug });
  if (!conference) return null;
  const meetingRows = q.conferenceMeetings.all({ ...params, conferenceId: conference.id });
  const years = new Map<number, typeof meetingRows>();
  for (const row of meetingRows) {
    const list = years.get(row.year) ?? [];
    list.push(row);
    years.set(row.year, list);
  }
  return {
    conference,
    years: [...years.entries()].map(([year, list]) => ({ year, meetings: list })),
  };
}

export function meetingPage(db: Db, viewer: Viewer, slug: string, urlKey: string, asOf: string | null) {
  const params = visibilityParams(viewer);
  const q = queries(db);
  const found = q.meeting.get({ ...params, slug, urlKey });
  if (!found) return null;
  const rows = q.meetingResolutions.all({ ...params, meetingId: found.meeting.id });
  const demandRows = q.meetingDemands.all({ ...params, meetingId: found.meeting.id });
  const events = asOf === null ? [] : q.meetingFollowUps.all({ ...params, meetingId: found.meeting.id });
  const statuses = statusesOf(demandRows, events, viewer, asOf);
  // only the Ziffern of resolutions whose demands are tracked count (domain/tracking.ts)
  const tracked = new Set(rows.filter((row) => tracksDemands(row.outcome)).map((row) => row.id));
  const byResolution = new Map<number, DemandStatus[]>();
  for (const demand of demandRows) {
    const list = byResolution.get(demand.resolutionId) ?? [];
    list.push(statuses.get(demand.id)!);
    byResolution.set(demand.resolutionId, list);
  }
  return {
    ...found,
    resolutions: rows.map((row) => ({
      ...row,
      sponsors: landRefs(row.sponsors ? row.sponsors.split(',') : []),
      demandCount: byResolution.get(row.id)?.length ?? 0,
      tracked: tracked.has(row.id),
      statusCounts: countStatuses(tracked.has(row.id) ? (byResolution.get(row.id) ?? []) : []),
    })),
    totals: countStatuses(demandRows.filter((demand) => tracked.has(demand.resolutionId)).map((demand) => statuses.get(demand.id)!)),
  };
}

export interface FollowUpView extends FollowUpFacts {
  id: number;
  visibility: Visibility;
  authorId: number | null;
  actorCode: string | null;
  actorName: string | null;
  actorKind: string | null;
  actorLand: string | null;
  /** The documents stored with the follow-up (their visibility is the follow-up's; one marked internal is withheld from the public). */
  documents: ListedDocument[];
}

interface DemandRow {
  withheld: false;
  id: number;
  number: string | null;
  text: string;
  addressees: string[];
  declaratory: boolean;
  dueDate: string | null;
  /** The due date as recorded, without the one taken from the meeting a report is due at. */
  recordedDueDate: string | null;
  dueMeetingNumber: number | null;
  /** Marked internal (only viewers who may see it get it, with this mark). */
  internal: boolean;
}

/** A Ziffer withheld from the viewer (visibility.ts visibleDemands): its number, nothing else. */
export interface WithheldDemand {
  withheld: true;
  number: string | null;
}

/** A version as the resolution page lists it (without its content: see services/versions.ts). */
export interface VersionHeader {
  number: number;
  /** When the archive recorded it (ISO UTC). */
  at: string;
  /** From when its wording was valid (domain/version-diff.ts versionValidity). */
  validFrom: Validity;
  /** A correction (Berichtigung) of the version before (services/versions.ts recordVersion). */
  correction: boolean;
  action: VersionAction;
  release: ReleaseState;
  /** Who made the change; null for the public (names of staff are not published). */
  who: string | null;
}

/**
 * A resolution with all its page shows, for this viewer, as of a date (null = today): one read
 * transaction of three statements (archive-queries.ts `resolutionDetails`, `resolutionDemands`,
 * `resolutionFollowUps`), and only where the resolution has them one for the TOPs its references
 * name and the reads of its confirmed repeats.
 */
export function resolutionPage(
  db: Db,
  viewer: Viewer,
  slug: string,
  urlKey: string,
  agendaItem: string,
  asOf: string | null,
) {
  const params = visibilityParams(viewer);
  const q = queries(db);
  // the resolution, then its Ziffern and follow-ups as rows of values (see resolutionDemands)
  const read = q.inOneSnapshot(() => {
    const found = q.resolutionDetails.get({ ...params, slug, urlKey, agendaItem });
    if (!found) return null;
    const lists = { resolutionId: found[0] /* id */, level: params.level };
    return { row: found, demands: q.resolutionDemands.all(lists), followUps: q.resolutionFollowUps.all({ ...lists, documents: found[31] /* documents */ }) };
  });
  if (!read) return null;
  const [
    id, agendaItemRead, title, outcome, voting, votesYes, votesNo, votesAbstain, tallyInternal, formula, referencesJson, reportingLand,
    release, releasedOn, source, synthetic, urlKeyRead, number, year, startDate, endDate, place, conferenceId, slugRead, shortName, name,
    sponsorsJson, statementsJson, versionsJson, referencedByJson, repeated,
  ] = read.row;
  const resolution = {
    id,
    agendaItem: agendaItemRead,
    title,
    outcome,
    voting,
    votesYes,
    votesNo,
    votesAbstain,
    tallyInternal: tallyInternal === 1,
    formula,
    references: JSON.parse(referencesJson) as string[],
    reportingLand,
    release,
    releasedOn,
    source,
    synthetic: synthetic === 1,
  };
  const meeting = { urlKey: urlKeyRead, number, year, startDate, endDate, place };
  const conference = { id: conferenceId, slug: slugRead, shortName, name };
  const sponsors = JSON.parse(sponsorsJson) as string[];
  const demandRows = read.demands.map(demandOf);
  const implementation = demandImplementation(
    { outcome: resolution.outcome, meetingDate: meetingReferenceDate(meeting) },
    demandRows.filter((demand): demand is DemandRow => !demand.withheld),
    // only those on a Ziffer shown (or on the whole resolution) are listed: see resolutionFollowUps
    read.followUps.map(followUpOf),
    asOf,
    todayIso(),
  );
  const showNames = viewer.role !== null;
  const versions = (JSON.parse(versionsJson) as (Omit<VersionHeader, 'who' | 'validFrom'> & { validFrom: string | null; userName: string | null; actor: string })[]).map(
    ({ number, at, validFrom, correction, action, release, userName, actor }) => ({ number, at, validFrom: versionValidity(validFrom, meeting), correction, action, release, who: showNames ? (userName ?? actor) : null }),
  );
  const statements = JSON.parse(statementsJson) as { laender: string[]; text: string; internal: boolean }[];
  return {
    resolution: visibleTally(viewer, resolution),
    meeting,
    conference,
    references: referencesOf(db, viewer, resolution.references),
    referencedBy: JSON.parse(referencedByJson) as { agendaItem: string; urlKey: string; number: number | null; year: number; startDate: string | null; slug: string; shortName: string }[],
    repeats: repeated === 1 ? confirmedRepeats(db, viewer, implementation.demands.map((demand) => demand.id), asOf) : new Map<number, DemandRepeats>(),
    sponsors: landRefs(sponsors),
    allLaender: sponsors.length === 16,
    reportingLand: landRefs(resolution.reportingLand === null ? [] : [resolution.reportingLand])[0] ?? null,
    tracked: tracksDemands(resolution.outcome),
    // `demands` are those the viewer sees; `demandList` all in order, withheld ones as their number
    ...implementation,
    demandList: listInOrder(demandRows, implementation.demands),
    protocolStatements: visibleStatements(viewer, statements).map((s) => ({
      laender: landRefs(s.laender),
      laenderCodes: s.laender,
      text: s.text,
      withheld: s.withheld,
    })),
    versions,
  };
}

/** A Ziffer of `resolutionDemands` (withheld from the viewer: its number, nothing else). */
function demandOf(t: DemandTuple): DemandRow | WithheldDemand {
  if (t[0] !== 1) return { withheld: true, number: t[2] };
  return {
    withheld: false, id: t[1], number: t[2], text: t[3]!, addressees: JSON.parse(t[4]!) as string[], declaratory: t[5] === 1,
    dueDate: t[6], recordedDueDate: t[7], dueMeetingNumber: t[8], internal: t[9] === 1,
  };
}

/** A follow-up of `resolutionFollowUps`. */
function followUpOf(t: FollowUpTuple): FollowUpView {
  return {
    id: t[0], demandId: t[1], date: t[2], kind: t[3], summary: t[4], link: t[5], resultingStatus: t[6], visibility: t[7], authorId: t[8],
    actorCode: t[9], actorName: t[10], actorKind: t[11], actorLand: t[12], documents: t[13] === null ? [] : (JSON.parse(t[13]) as ListedDocument[]),
  };
}

/** The Ziffern in their order: those the viewer sees with their state, the withheld ones as they are. */
function listInOrder<T>(rows: readonly (DemandRow | WithheldDemand)[], shown: readonly T[]): (T | WithheldDemand)[] {
  let next = 0;
  return rows.map((row) => (row.withheld ? row : shown[next++]!));
}

/**
 * A resolution's references, each a link when it names a TOP this viewer may see (resolved at
 * every read: a TOP imported later is linked from then on; an unreleased one stays plain text).
 */
function referencesOf(db: Db, viewer: Viewer, references: readonly string[]) {
  const tops = references.map((text) => parseReference(text));
  const named = tops.flatMap((top, index) => (top ? [{ ...top, index }] : []));
  const found = new Map<number, { slug: string; urlKey: string; agendaItem: string }>();
  if (named.length > 0) {
    for (const { idx, slug, urlKey, agendaItem } of queries(db).referenceTargets.all({ ...visibilityParams(viewer), targets: JSON.stringify(named) })) {
      found.set(named[idx]!.index, { slug, urlKey, agendaItem });
    }
  }
  return references.map((text, index) => ({ text, target: found.get(index) ?? null }));
}
