/**
 * Who may see what: the one place where the release rule lives. Every query that reads
 * resolutions or follow-ups takes its condition from here.
 *
 * - the public sees released (public) resolutions and public follow-ups;
 * - every logged-in user also sees internal resolutions and internal follow-ups;
 * - the secretariat also sees drafts (of its own conference, where it is bound to one).
 */
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { UserRole } from '../domain/vocabulary.js';

export interface Viewer {
  userId: number | null;
  role: UserRole | null;
  land: string | null;
  /** A secretariat bound to one conference. */
  conferenceId: number | null;
}

export const PUBLIC_VIEWER: Viewer = Object.freeze({
  userId: null,
  role: null,
  land: null,
  conferenceId: null,
});

/** 0 = public, 1 = logged in (internal), 2 = secretariat (drafts). */
export type AccessLevel = 0 | 1 | 2;

export function accessLevel(viewer: Viewer): AccessLevel {
  if (viewer.role === null) return 0;
  return viewer.role === 'secretariat' ? 2 : 1;
}

export function isPublic(viewer: Viewer): boolean {
  return accessLevel(viewer) === 0;
}

/** Bind parameters of the visibility conditions, for prepared statements. */
export type VisibilityParams = {
  level: AccessLevel;
  draftConference: number;
};

export function visibilityParams(viewer: Viewer): VisibilityParams {
  return { level: accessLevel(viewer), draftConference: viewer.conferenceId ?? 0 };
}

/**
 * Condition on a resolution (and its meeting's conference); uses the placeholders `level` and
 * `draftConference` (see visibilityParams). `draftConference` 0 means all conferences.
 */
export function resolutionVisible(release: AnyColumn, conferenceId: AnyColumn): SQL {
  const level = sql.placeholder('level');
  const draftConference = sql.placeholder('draftConference');
  return sql`(${release} = 'public'
    or (${level} >= 1 and ${release} = 'internal')
    or (${level} >= 2 and ${release} = 'draft'
        and (${draftConference} = 0 or ${conferenceId} = ${draftConference})))`;
}

/** Condition on a follow-up's visibility column; uses the placeholder `level`. */
export function followUpVisible(visibility: AnyColumn): SQL {
  return sql`(${visibility} = 'public' or ${sql.placeholder('level')} >= 1)`;
}

/** The demand status column a viewer sees: the public one for the public. */
export function statusColumn(viewer: Viewer): 'status' | 'public_status' {
  return isPublic(viewer) ? 'public_status' : 'status';
}
