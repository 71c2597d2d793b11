/**
 * Who may see what: the one place where the release rule lives, as SQL conditions. Every query
 * that reads resolutions, follow-ups, meetings or conferences takes its condition from here.
 *
 * - the public sees released (public) resolutions and public follow-ups;
 * - every logged-in user also sees internal resolutions and internal follow-ups;
 * - a secretariat also sees the drafts of the conferences it works for.
 * A meeting or a conference exists for a viewer only when it holds a resolution the viewer sees
 * (or, for a secretariat, when it is one of its conferences, so that it can fill it): for the
 * public, a conference without a released resolution does not exist — not on its pages, not in
 * a list, not in a count.
 *
 * Fields of a visible resolution: the vote counts the secretariat marked internal are withheld
 * from the public (`visibleTally`), and so are the protocol statements marked internal
 * (`visibleStatements`) and the documents of follow-ups marked internal (`visibleDocuments`,
 * `fieldVisible` in SQL), and the Ziffern marked internal (`demandVisible` in SQL, `visibleDemands`)
 * together with their follow-ups (`followUpVisible` takes the follow-up's Ziffer): the public sees
 * "Ziffer n (nicht öffentlich)" on the page and nothing else of such a Ziffer — no text, status,
 * timeline, repeat, search hit, count or row of a download. Every surface that shows, exports or
 * indexes them asks here.
 *
 * What a viewer may change is decided in ./access.ts.
 */
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { accessLevel, isPublic, type AccessLevel, type Viewer } from './access.js';
import type { ReleaseState, Visibility } from '../domain/vocabulary.js';

export { PUBLIC_VIEWER, accessLevel, isPublic, type AccessLevel, type Viewer } from './access.js';

/** Bind parameters of the visibility conditions, for prepared statements. */
export type VisibilityParams = {
  level: AccessLevel;
  /** The secretariat's conferences as a JSON array ('[]' for everybody else). */
  scope: string;
};

export function visibilityParams(viewer: Viewer): VisibilityParams {
  return { level: accessLevel(viewer), scope: JSON.stringify(accessLevel(viewer) === 2 ? viewer.conferenceIds : []) };
}

const level = sql.placeholder('level');
const scope = sql.placeholder('scope');

/** The conference is one the viewer (a secretariat) works for; uses `level` and `scope`. */
export function inScope(conferenceId: AnyColumn | SQL): SQL {
  return sql`(${level} >= 2 and ${conferenceId} in (select value from json_each(${scope})))`;
}

/**
 * Condition on a resolution (and its meeting's conference); uses the placeholders `level` and
 * `scope` (see visibilityParams).
 */
export function resolutionVisible(release: AnyColumn | SQL, conferenceId: AnyColumn | SQL): SQL {
  return sql`(${release} = 'public'
    or (${level} >= 1 and ${release} = 'internal')
    or (${release} = 'draft' and ${inScope(conferenceId)}))`;
}

/**
 * Condition on a follow-up: its visibility column, and the Ziffer it is recorded on (`demandId`,
 * null for one on the whole resolution) — a follow-up on a Ziffer marked internal is hidden from
 * the public with its Ziffer, whatever its own visibility. Uses the placeholder `level`.
 */
export function followUpVisible(visibility: AnyColumn | SQL, demandId: AnyColumn | SQL): SQL {
  return sql`(${level} >= 1 or (${visibility} = 'public'
    and (${demandId} is null or not exists (select 1 from demands "fv_d" where "fv_d"."id" = ${demandId} and "fv_d"."internal"))))`;
}

/**
 * followUpVisible without its Ziffer's part, for a query that matches each follow-up to the Ziffern
 * it read through demandVisible itself: a follow-up on a Ziffer hidden from the viewer then finds no
 * Ziffer and counts for none (and one on the whole resolution is not on a Ziffer). Saves reading
 * the Ziffer's row per follow-up. Uses the placeholder `level`.
 */
export function followUpVisibleOnShownDemands(visibility: AnyColumn | SQL): SQL {
  return sql`(${level} >= 1 or ${visibility} = 'public')`;
}

/**
 * The meeting exists for the viewer: it holds a resolution the viewer sees, or belongs to a
 * conference the viewer works for. Uses `level` and `scope`.
 */
export function meetingExists(meetingId: AnyColumn, conferenceId: AnyColumn): SQL {
  return sql`(exists (select 1 from resolutions "mx_r" where "mx_r"."meeting_id" = ${meetingId}
      and ${resolutionVisible(sql`"mx_r"."release"`, conferenceId)})
    or ${inScope(conferenceId)})`;
}

/**
 * The conference exists for the viewer: one of its meetings holds a resolution the viewer sees,
 * or the viewer works for it. Uses `level` and `scope`.
 */
export function conferenceExists(conferenceId: AnyColumn): SQL {
  return sql`(exists (select 1 from meetings "cx_m" join resolutions "cx_r" on "cx_r"."meeting_id" = "cx_m"."id"
      where "cx_m"."conference_id" = ${conferenceId}
        and ${resolutionVisible(sql`"cx_r"."release"`, conferenceId)})
    or ${inScope(conferenceId)})`;
}

/** The demand status column a viewer sees: the public one for the public. */
export function statusColumn(viewer: Viewer): 'status' | 'public_status' {
  return isPublic(viewer) ? 'public_status' : 'status';
}

/**
 * Condition on the `internal` mark of a field of a visible resolution — a protocol statement
 * (visibleStatements as SQL), a follow-up's document (visibleDocuments; its follow-up must be
 * visible too): only logged-in viewers see what is marked. Uses `level`.
 */
export function fieldVisible(internal: AnyColumn | SQL): SQL {
  return sql`(${internal} = 0 or ${level} >= 1)`;
}

/**
 * Whether the viewer may see the text marked internal of the resolutions it sees (internal
 * follow-ups, and the Ziffern, protocol statements and documents marked internal): fieldVisible
 * and followUpVisible for a viewer rather than a row. The search matches and ranks by this text
 * (search_internal) only for such viewers.
 */
export function seesInternalText(viewer: Viewer): boolean {
  return accessLevel(viewer) >= 1;
}

/**
 * Condition on a Ziffer (its `internal` column): one marked internal does not exist for the public —
 * not in a list, a count, a search, a feed or a download; only its resolution's page says
 * "Ziffer n (nicht öffentlich)" (visibleDemands). Uses `level`.
 */
export function demandVisible(internal: AnyColumn | SQL): SQL {
  return fieldVisible(internal);
}

/**
 * The Ziffern of a visible resolution as the viewer sees them: one marked internal is withheld
 * from the public (`withheld`: only its number is kept, for "Ziffer n (nicht öffentlich)").
 */
export function visibleDemands<T extends { number: string | null; internal: boolean }>(viewer: Viewer, demands: readonly T[]): (T & { withheld: boolean })[] {
  return demands.map((d) => ({ ...d, withheld: d.internal && isPublic(viewer) }));
}

/** Whether the viewer may see the Ziffer (demandVisible, for rows already read). */
export function demandShown(viewer: Viewer, demand: { internal: boolean }): boolean {
  return !demand.internal || !isPublic(viewer);
}

/**
 * The protocol statements as the viewer sees them: one marked internal is withheld from the public
 * (`withheld`, without Länder and text) — pages say so, data downloads leave it out.
 */
export function visibleStatements<T extends { laender: string[]; text: string; internal: boolean }>(viewer: Viewer, statements: readonly T[]): (T & { withheld: boolean })[] {
  return statements.map((s) => (s.internal && isPublic(viewer) ? { ...s, laender: [], text: '', withheld: true } : { ...s, withheld: false }));
}

/** Whether the search may index a document's text with the public texts (else with the internal ones). */
export function documentPublic(document: { internal: boolean }, followUpVisibility: string): boolean {
  return followUpVisibility === 'public' && !document.internal;
}

/**
 * The documents of a visible follow-up as the viewer sees them: one marked internal is withheld
 * from the public (`withheld`: the page says "Dokument (nicht öffentlich)", without name or link).
 */
export function visibleDocuments<T extends { id: number; fileName: string; internal: boolean }>(viewer: Viewer, documents: readonly T[]): (T & { withheld: boolean })[] {
  return documents.map((d) => (d.internal && isPublic(viewer) ? { ...d, id: 0, fileName: '', withheld: true } : { ...d, withheld: false }));
}

/** The vote counts of a resolution. */
export interface VoteCounts {
  votesYes: number | null;
  votesNo: number | null;
  votesAbstain: number | null;
}

/**
 * The vote counts as the viewer sees them: withheld from the public (null, `tallyWithheld`) when
 * the secretariat marked them internal; every logged-in user sees them.
 */
export function visibleTally<T extends VoteCounts & { tallyInternal: boolean }>(viewer: Viewer, row: T): T & { tallyWithheld: boolean } {
  if (!row.tallyInternal || !isPublic(viewer)) return { ...row, tallyWithheld: false };
  return { ...row, votesYes: null, votesNo: null, votesAbstain: null, tallyWithheld: true };
}

/**
 * Whether a logged-out reader sees what a link of a mail or of the personal feed is about: the
 * resolution is public, and so are the Ziffer (where the link is about one) and the follow-ups it
 * tells of. Such links leave the application and may be opened without a session; where this is
 * false they lead through the login (domain/login-address.ts), so that a logged-out official lands
 * on the login and then on the page, not on a 404.
 */
export function publicSees(about: { release: ReleaseState; demandInternal?: boolean | null; followUps?: readonly { visibility: Visibility; demandInternal?: boolean | null }[] }): boolean {
  return (
    about.release === 'public' &&
    about.demandInternal !== true &&
    (about.followUps ?? []).every((followUp) => followUp.visibility === 'public' && followUp.demandInternal !== true)
  );
}
