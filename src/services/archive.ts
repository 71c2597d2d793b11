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
import { confirmedRepeats } from './repeat-review.js';
import { isLandCode, landName, type LandCode } from '../domain/laender.js';
import { parseReference, referenceText } from '../domain/references.js';
import { visibilityParams, visibleStatements, visibleTally, type Viewer } from './visibility.js';
import type { FollowUpFacts } from '../domain/resolution-facts.js';
import type { DemandStatus, Visibility } from '../domain/vocabulary.js';
import { queries } from './archive-queries.js';

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
}

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
  const found = q.resolution.get({ ...params, slug, urlKey, agendaItem });
  if (!found) return null;
  const resolutionId = found.resolution.id;
  const sponsors = sponsorCodes(db, resolutionId);
  const allFollowUps = q.followUps.all({ ...params, resolutionId }) as FollowUpView[];
  const today = todayIso();
  const meetingDate = meetingReferenceDate(found.meeting);
  const implementation = demandImplementation(
    { outcome: found.resolution.outcome, meetingDate },
    q.demands.all({ resolutionId }),
    allFollowUps,
    asOf,
    today,
  );
  // A reference becomes a link when it names a TOP this viewer may see (resolved at every read:
  // a TOP imported later is linked from then on; an unreleased one stays plain text).
  const references = found.resolution.references.map((text) => {
    const top = parseReference(text);
    const target = top && q.resolution.get({ ...params, slug: top.conference, urlKey: top.meeting, agendaItem: top.agendaItem });
    return { text, target: target ? { slug: target.conference.slug, urlKey: target.meeting.urlKey, agendaItem: target.resolution.agendaItem } : null };
  });
  const repeats = confirmedRepeats(db, viewer, implementation.demands.map((demand) => demand.id), asOf);
  const ownReference = referenceText(found.conference.shortName, found.meeting.number, found.resolution.agendaItem);
  const referencedBy = ownReference === null ? [] : q.referencedBy.all({ ...params, reference: ownReference });
  return {
    ...found,
    resolution: visibleTally(viewer, found.resolution),
    references,
    referencedBy,
    repeats,
    sponsors: landRefs(sponsors),
    allLaender: sponsors.length === 16,
    reportingLand: landRefs(found.resolution.reportingLand === null ? [] : [found.resolution.reportingLand])[0] ?? null,
    tracked: tracksDemands(found.resolution.outcome),
    ...implementation,
    protocolStatements: visibleStatements(viewer, q.protocolStatements.all({ resolutionId })).map((s) => ({
      laender: landRefs(s.laender),
      laenderCodes: s.laender,
      text: s.text,
      withheld: s.withheld,
    })),
  };
}
