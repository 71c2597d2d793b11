/**
 * Who may do what: the one module with the application's access rules. Every service and route
 * asks here; none keeps a rule of its own. What a viewer may *see* is decided in the query layer
 * (./visibility.ts, the same rule as SQL conditions); the rules below decide what a viewer may
 * *change*, given a thing the viewer can see.
 *
 * The roles (the README's role table says the same):
 * - public (no login): reads released resolutions and public follow-ups; changes nothing.
 * - `land` (Länder official): also reads internal resolutions and follow-ups; records follow-ups
 *   only in the name of its own Land (the actor is always that Land, whatever a form sends), of
 *   the kinds a Land authors (assessment, note); changes only the entries it wrote itself.
 * - `secretariat`: works for one or more conferences (its scope). There, and only there, it sees
 *   drafts, edits, imports and releases resolutions, manages meetings, and records and corrects
 *   follow-ups of every kind and actor; elsewhere it reads what every logged-in user reads.
 * - `admin`: manages accounts and reads the audit log; reads what every logged-in user reads;
 *   edits no resolution and records no follow-up (separation of duties: whoever administers
 *   accounts cannot also change the record; an administrator who works for a secretariat has a
 *   second, secretariat account).
 */
import { FOLLOW_UP_KINDS, type FollowUpKind, type UserRole } from '../domain/vocabulary.js';

export interface Viewer {
  userId: number | null;
  role: UserRole | null;
  /** The Land of a Länder official. */
  land: string | null;
  /** The conferences a secretariat works for (empty for every other role). */
  conferenceIds: readonly number[];
}

export const PUBLIC_VIEWER: Viewer = Object.freeze({
  userId: null,
  role: null,
  land: null,
  conferenceIds: Object.freeze([]) as readonly number[],
});

/** 0 = public, 1 = logged in (internal), 2 = secretariat (drafts of its conferences). */
export type AccessLevel = 0 | 1 | 2;

export function accessLevel(viewer: Viewer): AccessLevel {
  if (viewer.role === null) return 0;
  return viewer.role === 'secretariat' ? 2 : 1;
}

export function isPublic(viewer: Viewer): boolean {
  return viewer.role === null;
}

/** Whether the viewer is a secretariat working for this conference. */
export function worksFor(viewer: Viewer, conferenceId: number): boolean {
  return viewer.role === 'secretariat' && viewer.conferenceIds.includes(conferenceId);
}

// ---------------------------------------------------------------------------------------------
// Resolutions, meetings, conferences
// ---------------------------------------------------------------------------------------------

/** Edit a resolution of the conference, create one in its meetings. */
export function mayEditResolution(viewer: Viewer, conferenceId: number): boolean {
  return worksFor(viewer, conferenceId);
}

/** Move a resolution of the conference between draft, internal and public. */
export function mayRelease(viewer: Viewer, conferenceId: number): boolean {
  return worksFor(viewer, conferenceId);
}

/** Store imported resolutions of the conference (browser import). */
export function mayImportInto(viewer: Viewer, conferenceId: number): boolean {
  return worksFor(viewer, conferenceId);
}

/** Change the conference's name and description, create and change its meetings. */
export function mayManageConference(viewer: Viewer, conferenceId: number): boolean {
  return worksFor(viewer, conferenceId);
}

/** Create a new conference (it joins the creating secretariat's scope). */
export function mayCreateConference(viewer: Viewer): boolean {
  return viewer.role === 'secretariat';
}

/** Use the secretariat's workspace at all. */
export function mayUseWorkspace(viewer: Viewer): boolean {
  return viewer.role === 'secretariat' && viewer.conferenceIds.length > 0;
}

/**
 * Review a pair of possibly repeated Ziffern (confirm, dismiss), both of which the viewer can
 * see: a secretariat that works for the conference of either Ziffer.
 */
export function mayReviewRepeat(viewer: Viewer, conferenceIds: readonly number[]): boolean {
  return conferenceIds.some((id) => worksFor(viewer, id));
}

// ---------------------------------------------------------------------------------------------
// Follow-ups
// ---------------------------------------------------------------------------------------------

/** The kinds of follow-up a Länder official records: what a Land itself says. */
export const LAND_FOLLOW_UP_KINDS: readonly FollowUpKind[] = ['assessment', 'note'];

/** The kinds of follow-up the viewer may record (empty: none). */
export function followUpKindsFor(viewer: Viewer): readonly FollowUpKind[] {
  if (viewer.role === 'land') return LAND_FOLLOW_UP_KINDS;
  if (viewer.role === 'secretariat') return FOLLOW_UP_KINDS;
  return [];
}

/**
 * Record a follow-up on a resolution of the conference, which the viewer can see: a Länder
 * official on every resolution it can see, a secretariat on those of its conferences.
 */
export function mayRecordFollowUp(viewer: Viewer, conferenceId: number): boolean {
  if (viewer.role === 'land') return viewer.userId !== null && viewer.land !== null;
  return worksFor(viewer, conferenceId);
}

/** Whether the viewer may change any follow-up at all (to show edit links). */
export function mayChangeSomeFollowUps(viewer: Viewer): boolean {
  return (viewer.role === 'land' && viewer.userId !== null) || (viewer.role === 'secretariat' && viewer.conferenceIds.length > 0);
}

/**
 * Change a follow-up (which the viewer can see): a Länder official only the entries it wrote
 * itself, a secretariat every entry on its conferences' resolutions.
 */
export function mayChangeFollowUp(viewer: Viewer, followUp: { authorId: number | null; conferenceId: number }): boolean {
  if (viewer.role === 'land') return viewer.userId !== null && followUp.authorId === viewer.userId;
  return worksFor(viewer, followUp.conferenceId);
}

/**
 * The actor a follow-up recorded by this viewer carries: a Länder official's entries always
 * carry its own Land, whatever the form sends; the secretariat names the actor.
 */
export function followUpActorFor(viewer: Viewer, requested: string | null): string | null {
  if (viewer.role === 'land') return viewer.land;
  return requested;
}

// ---------------------------------------------------------------------------------------------
// The audit log
// ---------------------------------------------------------------------------------------------

/** What part of the log a reader sees: all of it, or the entries of conferences. */
export type AuditScope = { all: true } | { all: false; conferenceIds: readonly number[] };

/**
 * Who reads which entries: administrators every entry, a secretariat those about the conferences
 * it works for (never about accounts), nobody else.
 */
export function auditScopeOf(viewer: Viewer): AuditScope | null {
  if (viewer.role === 'admin') return { all: true };
  if (viewer.role === 'secretariat') return { all: false, conferenceIds: viewer.conferenceIds };
  return null;
}
