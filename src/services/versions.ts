/**
 * Versions (Fassungen) of resolutions. Every service that changes a resolution's text, title,
 * Ziffern or release calls `recordVersion` in its transaction after the change (and
 * `ensureBaseline` before it, so that a resolution stored before versions existed keeps its former
 * text as version 1). A version is written only when something it holds changed.
 * Reading goes through the visibility rule: the public sees the versions a resolution had while
 * it was public, logged-in users the internal ones too, the secretariat its drafts.
 * `versionFields` turns a version into readable fields for comparing; `wordingAsOf` says which
 * wording a TOP shows and which it showed on a day (for the page, its Word and PDF files and the API).
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import {
  conferences,
  demands,
  meetings,
  protocolStatements,
  resolutionSponsors,
  resolutionVersions,
  resolutions,
  users,
} from '../../db/schema.js';
import { selectResolutionWith } from './resolution-header.js';
import { preparedOrBuilt, preparedPer } from './prepared.js';
import type { VersionAction } from '../domain/vocabulary.js';
import { compareFields, versionDay, versionOnDay, versionValidity, type FieldChange, type Validity, type VersionContent, type VersionField } from '../domain/version-diff.js';
import { formatDateShort } from '../domain/dates.js';
import { isLandCode, landName, sortLandCodes } from '../domain/laender.js';
import { votingText } from '../domain/resolution-facts.js';
import { translate } from '../i18n.js';
import { resolutionPath } from '../domain/citation.js';
import type { Actor } from './audit.js';
import type { DbOrTx } from './types.js';
import { resolutionVisible, visibilityParams, visibleDemands, visibleStatements, visibleTally, type Viewer } from './visibility.js';

interface CurrentState {
  content: VersionContent;
  release: 'draft' | 'internal' | 'public';
  releasedOn: string | null;
}

/** The Land codes of a resolution's sponsors, in the order they are named (placeholder resolutionId). */
export function sponsorsQuery(tx: DbOrTx) {
  return tx
    .select({ land: resolutionSponsors.land })
    .from(resolutionSponsors)
    .where(eq(resolutionSponsors.resolutionId, sql.placeholder('resolutionId')))
    .orderBy(resolutionSponsors.position)
    .prepare();
}

/** The Land codes of a resolution's sponsors, in the order they are named. */
function sponsorsOf(tx: DbOrTx, resolutionId: number) {
  return sponsorsQuery(tx)
    .all({ resolutionId })
    .map((s) => s.land);
}

/** The stored form of a resolution (without bookkeeping columns), for comparisons, the audit log and versions. */
export function resolutionSnapshot(tx: DbOrTx, resolutionId: number) {
  const row = tx.select().from(resolutions).where(eq(resolutions.id, resolutionId)).get();
  if (!row) return null;
  const sponsors = sponsorsOf(tx, resolutionId);
  const demandRows = tx
    .select({ id: demands.id, number: demands.number, text: demands.text, addressees: demands.addressees, dueDate: demands.dueDate, internal: demands.internal })
    .from(demands)
    .where(eq(demands.resolutionId, resolutionId))
    .orderBy(demands.position)
    .all();
  const statements = tx
    .select({ laender: protocolStatements.laender, text: protocolStatements.text, internal: protocolStatements.internal })
    .from(protocolStatements)
    .where(eq(protocolStatements.resolutionId, resolutionId))
    .orderBy(protocolStatements.position)
    .all();
  const { createdAt: _c, updatedAt: _u, version: _v, ...fields } = row;
  return { ...fields, sponsors, demands: demandRows, protocolStatements: statements };
}

function currentState(tx: DbOrTx, resolutionId: number): CurrentState | null {
  const s = resolutionSnapshot(tx, resolutionId);
  if (!s) return null;
  return {
    content: {
      agendaItem: s.agendaItem,
      title: s.title,
      outcome: s.outcome,
      voting: s.voting,
      votesYes: s.votesYes,
      votesNo: s.votesNo,
      votesAbstain: s.votesAbstain,
      formula: s.formula,
      sponsors: s.sponsors,
      // the mark only where it is set: versions stored before Ziffern could be internal stay equal
      demands: s.demands.map(({ number, text, addressees, dueDate, internal }) => ({ number, text, addressees, dueDate, ...(internal ? { internal } : {}) })),
      protocolStatements: s.protocolStatements,
    },
    release: s.release,
    releasedOn: s.releasedOn,
  };
}

function latest(tx: DbOrTx, resolutionId: number) {
  return tx
    .select()
    .from(resolutionVersions)
    .where(eq(resolutionVersions.resolutionId, resolutionId))
    .orderBy(desc(resolutionVersions.number))
    .limit(1)
    .get();
}

function insert(tx: DbOrTx, resolutionId: number, number: number, state: CurrentState, actor: Actor, action: VersionAction, at: string, validFrom: string | null, correction = false) {
  tx.insert(resolutionVersions)
    .values({
      resolutionId,
      number,
      at,
      validFrom,
      correction,
      userId: actor.userId,
      actor: actor.name,
      action,
      release: state.release,
      releasedOn: state.releasedOn,
      content: state.content,
    })
    .run();
}

/**
 * Before changing a resolution that has no version yet (stored before versions were kept): its
 * present state becomes version 1, dated by its last change.
 */
export function ensureBaseline(tx: DbOrTx, resolutionId: number): void {
  if (latest(tx, resolutionId)) return;
  const state = currentState(tx, resolutionId);
  const changed = tx.select({ at: resolutions.updatedAt }).from(resolutions).where(eq(resolutions.id, resolutionId)).get();
  // the wording it had before versions were kept: as adopted, valid from the day of its meeting
  if (state && changed) insert(tx, resolutionId, 1, state, { userId: null, name: 'system' }, 'baseline', changed.at, null);
}

/** The reads of wordingReleased: prepared once per connection (the resolution form asks on every visit). */
const releaseQueries = preparedOrBuilt((tx: DbOrTx) => ({
  release: tx.select({ release: resolutions.release }).from(resolutions).where(eq(resolutions.id, sql.placeholder('id'))).prepare(),
  everReleased: tx
    .select({ one: sql<number>`1` })
    .from(resolutionVersions)
    .where(and(eq(resolutionVersions.resolutionId, sql.placeholder('id')), sql`${resolutionVersions.release} <> 'draft'`))
    .limit(1)
    .prepare(),
}));

/** Whether a version of the resolution was ever released (internal or public). */
function everReleased(tx: DbOrTx, resolutionId: number): boolean {
  return releaseQueries(tx).everReleased.get({ id: resolutionId }) !== undefined;
}

/**
 * Whether the resolution's wording was ever released (it is internal or public now, or a version
 * of it was): only then is a change of it valid from a day of its own, and only then can a change
 * be a correction (Berichtigung) that keeps the day of the wording it corrects.
 */
export function wordingReleased(tx: DbOrTx, resolutionId: number): boolean {
  const row = releaseQueries(tx).release.get({ id: resolutionId });
  return row !== undefined && (row.release !== 'draft' || everReleased(tx, resolutionId));
}

/**
 * Whether the resolution's present wording (all a version holds but its release) differs from its
 * latest version's: whether a change, saved but not yet recorded, changed the wording at all.
 */
export function wordingChanged(tx: DbOrTx, resolutionId: number): boolean {
  const state = currentState(tx, resolutionId);
  const previous = latest(tx, resolutionId);
  return state !== null && (previous === undefined || JSON.stringify(previous.content) !== JSON.stringify(state.content));
}

/**
 * The day from which a new version's wording is valid (null: the wording as adopted, valid from
 * the day of its meeting). The first version, and every version made before the resolution was
 * first released, is the wording as adopted being recorded; a version with the content of the one
 * before only changes its release and keeps its day; so does a correction (Berichtigung): it puts
 * right an error in the wording before it, whose day it keeps. Any other version changes a wording
 * already released and is valid from the day it was made (in Berlin). Migration 0036 applied the
 * same rule to the versions made before the column existed.
 */
function validFromOf(
  tx: DbOrTx,
  resolutionId: number,
  previous: { content: VersionContent; validFrom: string | null } | undefined,
  content: VersionContent,
  at: string,
  correction: boolean,
): string | null {
  if (!previous) return null;
  if (correction || JSON.stringify(previous.content) === JSON.stringify(content)) return previous.validFrom;
  return everReleased(tx, resolutionId) ? versionDay(at) : null;
}

/**
 * Records the resolution's present state as a new version, unless it equals the latest one. With
 * `correction`, a change of the released wording is recorded as a correction (Berichtigung, see
 * validFromOf); the mark is kept only where the wording was released and changed (the service
 * refuses the others: services/resolutions.ts updateResolution).
 */
export function recordVersion(tx: DbOrTx, actor: Actor, resolutionId: number, action: VersionAction, correction = false): void {
  const state = currentState(tx, resolutionId);
  if (!state) return;
  const previous = latest(tx, resolutionId);
  const sameWording = previous !== undefined && JSON.stringify(previous.content) === JSON.stringify(state.content);
  if (previous && sameWording && previous.release === state.release && previous.releasedOn === state.releasedOn) return;
  const corrects = correction && previous !== undefined && !sameWording && everReleased(tx, resolutionId);
  const at = new Date().toISOString();
  insert(tx, resolutionId, (previous?.number ?? 0) + 1, state, actor, action, at, validFromOf(tx, resolutionId, previous, state.content, at, corrects), corrects);
}

export interface VersionView {
  number: number;
  /** When the archive recorded it (ISO UTC). */
  at: string;
  /** From when its wording was valid (domain/version-diff.ts versionValidity). */
  validFrom: Validity;
  /** A correction (Berichtigung) of the version before: valid from its day, made on the day of `at`. */
  correction: boolean;
  action: VersionAction;
  release: 'draft' | 'internal' | 'public';
  releasedOn: string | null;
  /** Who made the change; null for the public (names of staff are not published). */
  who: string | null;
  /** The stored content; vote counts marked internal withheld from the public (`tallyWithheld`). */
  content: VersionContent & { tallyWithheld: boolean };
  /** The numbers of the Ziffern of this version withheld from the viewer (left out of `content`). */
  withheldDemands: (string | null)[];
  /** How many protocol statements of this version are withheld from the viewer (left out of `content`). */
  withheldStatements: number;
  /** Where the withheld Ziffern and statements stood in this version (places from 0, in order). */
  withheldAt: { demands: number[]; statements: number[] };
}

/**
 * A version's protocol statements with what is internal now: while a statement of the resolution is
 * marked internal, an earlier version's statement counts as internal unless its text is one of the
 * statements public now (an older version may hold the internal one as it was before it was marked,
 * or before it was edited).
 */
function versionStatements(statements: VersionContent['protocolStatements'], anyInternal: boolean, publicNow: string) {
  const publicTexts = new Set(JSON.parse(publicNow) as string[]);
  return statements.map((s) => ({ ...s, internal: s.internal === true || (anyInternal && !publicTexts.has(s.text)) }));
}

/**
 * A version's Ziffern split for the viewer: `shown`, those the viewer may see (as stored), and
 * `withheld`, the numbers of the others. By the rule of versionStatements: while a Ziffer of the
 * resolution is marked internal, an earlier version's Ziffer counts as internal unless its text is
 * that of a Ziffer public now; those are withheld from the public. `publicNow`: the texts of the
 * Ziffern public now, as a JSON array.
 */
export function shownAndWithheldDemands(
  viewer: Viewer,
  list: VersionContent['demands'],
  anyInternal: boolean,
  publicNow: string,
): { shown: VersionContent['demands']; withheld: (string | null)[]; withheldAt: number[] } {
  const publicTexts = new Set(JSON.parse(publicNow) as string[]);
  const seen = visibleDemands(viewer, list.map((d) => ({ ...d, internal: d.internal === true || (anyInternal && !publicTexts.has(d.text)) })));
  return {
    shown: list.filter((_, index) => !seen[index]!.withheld),
    withheld: list.filter((_, index) => seen[index]!.withheld).map((d) => d.number),
    // their places among the version's Ziffern (from 0), for a page that marks them where they stood
    withheldAt: seen.flatMap((d, index) => (d.withheld ? [index] : [])),
  };
}

/** The reads of the versions page, prepared once per connection. */
const queries = preparedPer((db: Db) => ({
  versions: selectResolutionWith(db, {
    version: resolutionVersions,
    meetingStartDate: meetings.startDate,
    meetingYear: meetings.year,
    userName: users.name,
    tallyInternal: resolutions.tallyInternal,
    anyInternalStatement: sql<number>`exists (select 1 from ${protocolStatements} where ${protocolStatements.resolutionId} = ${resolutions.id} and ${protocolStatements.internal})`,
    publicStatements: sql<string>`(select json_group_array(${protocolStatements.text}) from ${protocolStatements} where ${protocolStatements.resolutionId} = ${resolutions.id} and not ${protocolStatements.internal})`,
    anyInternalDemand: sql<number>`exists (select 1 from ${demands} where ${demands.resolutionId} = ${resolutions.id} and ${demands.internal})`,
    publicDemands: sql<string>`(select json_group_array(${demands.text}) from ${demands} where ${demands.resolutionId} = ${resolutions.id} and not ${demands.internal})`,
  })
    .innerJoin(resolutionVersions, eq(resolutionVersions.resolutionId, resolutions.id))
    .leftJoin(users, eq(users.id, resolutionVersions.userId))
    .where(and(eq(resolutionVersions.resolutionId, sql.placeholder('resolutionId')), resolutionVisible(resolutionVersions.release, meetings.conferenceId)))
    .orderBy(asc(resolutionVersions.number))
    .prepare(),
  visibleResolution: selectResolutionWith(db, { id: resolutions.id, agendaItem: resolutions.agendaItem, title: resolutions.title, meeting: meetings, conference: conferences })
    .where(
      and(
        eq(conferences.slug, sql.placeholder('slug')),
        eq(meetings.urlKey, sql.placeholder('urlKey')),
        eq(resolutions.agendaItem, sql.placeholder('agendaItem')),
        resolutionVisible(resolutions.release, meetings.conferenceId),
      ),
    )
    .prepare(),
  // the TOP number today of the resolution of a meeting whose versions the viewer sees had this one
  // before (the latest version that had it); SQLite reads the meeting's versions, on a 404 only
  formerAgendaItem: db
    .select({ agendaItem: resolutions.agendaItem })
    .from(resolutionVersions)
    .innerJoin(resolutions, eq(resolutions.id, resolutionVersions.resolutionId))
    .innerJoin(meetings, eq(meetings.id, resolutions.meetingId))
    .innerJoin(conferences, eq(conferences.id, meetings.conferenceId))
    .where(
      and(
        eq(conferences.slug, sql.placeholder('slug')),
        eq(meetings.urlKey, sql.placeholder('urlKey')),
        sql`json_extract(${resolutionVersions.content}, '$.agendaItem') = ${sql.placeholder('agendaItem')}`,
        // no TOP of the meeting has the number now (whatever its release): its address is that TOP's
        sql`not exists (select 1 from ${resolutions} "now" where "now"."meeting_id" = ${meetings.id} and "now"."agenda_item" = ${sql.placeholder('agendaItem')})`,
        resolutionVisible(resolutions.release, meetings.conferenceId),
        resolutionVisible(resolutionVersions.release, meetings.conferenceId),
      ),
    )
    .orderBy(desc(resolutionVersions.at), desc(resolutionVersions.id))
    .limit(1)
    .prepare(),
  // the headers of the versions the viewer sees of several resolutions (ids: a JSON array), oldest first
  versionHeaders: db
    .select({
      resolutionId: resolutionVersions.resolutionId,
      number: resolutionVersions.number,
      at: resolutionVersions.at,
      validFrom: resolutionVersions.validFrom,
      correction: resolutionVersions.correction,
      startDate: meetings.startDate,
      year: meetings.year,
    })
    .from(resolutionVersions)
    .innerJoin(resolutions, eq(resolutions.id, resolutionVersions.resolutionId))
    .innerJoin(meetings, eq(meetings.id, resolutions.meetingId))
    .where(
      and(
        sql`${resolutionVersions.resolutionId} in (select value from json_each(${sql.placeholder('ids')}))`,
        resolutionVisible(resolutions.release, meetings.conferenceId),
        resolutionVisible(resolutionVersions.release, meetings.conferenceId),
      ),
    )
    .orderBy(asc(resolutionVersions.resolutionId), asc(resolutionVersions.number))
    .prepare(),
  // the pages of the versions the viewer sees, of a conference's resolutions it sees, in the order of
  // the resolutions' ids; `changedAt`: the latest change that alters what these pages show — a later
  // version (the notice "heute gilt …", which Ziffern are withheld) or the resolution itself (the
  // vote counts marked internal are no part of a version)
  versionPages: db
    .select({
      slug: conferences.slug,
      urlKey: meetings.urlKey,
      agendaItem: resolutions.agendaItem,
      number: resolutionVersions.number,
      changedAt: sql<string>`max(${resolutions.updatedAt}, (select max("lv"."at") from ${resolutionVersions} "lv"
        where "lv"."resolution_id" = ${resolutions.id} and ${resolutionVisible(sql`"lv"."release"`, meetings.conferenceId)}))`,
    })
    .from(resolutionVersions)
    .innerJoin(resolutions, eq(resolutions.id, resolutionVersions.resolutionId))
    .innerJoin(meetings, eq(meetings.id, resolutions.meetingId))
    .innerJoin(conferences, eq(conferences.id, meetings.conferenceId))
    .where(
      and(
        eq(conferences.slug, sql.placeholder('slug')),
        resolutionVisible(resolutions.release, meetings.conferenceId),
        resolutionVisible(resolutionVersions.release, meetings.conferenceId),
      ),
    )
    .orderBy(asc(resolutions.id), asc(resolutionVersions.number))
    .limit(sql.placeholder('limit'))
    .prepare(),
}));

/**
 * The TOP number a resolution has today that the viewer saw under `agendaItem` in a version of its
 * (the secretariat corrected the number): the address cited before still leads to it (plugins/errors.ts
 * renderNotFound). Null when no resolution of the meeting the viewer sees had that number.
 */
export function formerAgendaItem(db: Db, viewer: Viewer, slug: string, urlKey: string, agendaItem: string): string | null {
  return queries(db).formerAgendaItem.get({ ...visibilityParams(viewer), slug, urlKey, agendaItem })?.agendaItem ?? null;
}

/**
 * Of the resolutions `ids`, those whose wording the viewer sees today is another than the one valid
 * on `asOf` (wordingAsOf): a search as of a day searches today's wording, and its page marks such
 * hits (routes/search). One read of the versions' headers; only a resolution with a version valid
 * after that day has its versions compared.
 */
export function wordingChangedAfter(db: Db, viewer: Viewer, ids: readonly number[], asOf: string): Set<number> {
  const changed = new Set<number>();
  if (ids.length === 0) return changed;
  const byResolution = new Map<number, WordingVersion[]>();
  for (const row of queries(db).versionHeaders.all({ ...visibilityParams(viewer), ids: JSON.stringify(ids) })) {
    const list = byResolution.get(row.resolutionId) ?? [];
    list.push({ number: row.number, at: row.at, validFrom: versionValidity(row.validFrom, { startDate: row.startDate, year: row.year }), correction: row.correction });
    byResolution.set(row.resolutionId, list);
  }
  for (const [id, versions] of byResolution) {
    if (versions.at(-1)!.validFrom.day <= asOf) continue;
    if (wordingAsOf(db, viewer, id, versions, asOf).then !== null) changed.add(id);
  }
  return changed;
}

/**
 * The pages of the versions (…/fassungen/{number}) the viewer may see of the resolutions of a
 * conference it sees, at most `limit`, each with the day (YYYY-MM-DD, UTC, as the sitemap's other
 * entries) its page last changed: for the sitemaps (services/sitemap.ts).
 */
export function versionPages(db: Db, viewer: Viewer, slug: string, limit: number) {
  return queries(db)
    .versionPages.all({ ...visibilityParams(viewer), slug, limit })
    .map((row) => ({ path: `${resolutionPath(row.slug, row.urlKey, row.agendaItem)}/fassungen/${row.number}`, lastmod: row.changedAt.slice(0, 10) }));
}

/** The versions of a resolution the viewer may see, oldest first. */
export function listVersions(db: Db, viewer: Viewer, resolutionId: number): VersionView[] {
  const rows = queries(db).versions.all({ ...visibilityParams(viewer), resolutionId });
  const showNames = viewer.role !== null;
  return rows.map(({ version, meetingStartDate, meetingYear, userName, tallyInternal, anyInternalStatement, publicStatements, anyInternalDemand, publicDemands }) => {
    const demandsSeen = shownAndWithheldDemands(viewer, version.content.demands, anyInternalDemand === 1, publicDemands);
    const statementsSeen = visibleStatements(viewer, versionStatements(version.content.protocolStatements, anyInternalStatement === 1, publicStatements));
    return {
      number: version.number,
      at: version.at,
      validFrom: versionValidity(version.validFrom, { startDate: meetingStartDate, year: meetingYear }),
      correction: version.correction,
      action: version.action,
      release: version.release,
      releasedOn: version.releasedOn,
      who: showNames ? (userName ?? version.actor) : null,
      // vote counts marked internal are withheld from the public in every version, too
      content: {
        ...visibleTally(viewer, { ...version.content, tallyInternal }),
        protocolStatements: statementsSeen.filter((s) => !s.withheld),
        // as stored (the mark where it was set in this version), without those withheld from the viewer
        demands: demandsSeen.shown,
      },
      withheldDemands: demandsSeen.withheld,
      withheldStatements: statementsSeen.filter((s) => s.withheld).length,
      withheldAt: { demands: demandsSeen.withheldAt, statements: statementsSeen.flatMap((st, index) => (st.withheld ? [index] : [])) },
    };
  });
}

/** A resolution the viewer may see, by its citation address; null otherwise. */
export function visibleResolution(db: Db, viewer: Viewer, slug: string, urlKey: string, agendaItem: string) {
  return queries(db).visibleResolution.get({ ...visibilityParams(viewer), slug, urlKey, agendaItem }) ?? null;
}

function names(codes: readonly string[]): string {
  return codes.map((code) => (isLandCode(code) ? landName(code) : code)).join(', ');
}

/**
 * A version as readable fields with German labels, for the comparison; with `withheld` (a version's
 * page), each Ziffer and protocol statement withheld from the viewer is marked where it stood
 * ("nicht öffentlich"), and the statements are numbered by their place in the version.
 */
export function versionFields(
  version: Pick<VersionView, 'content' | 'release' | 'releasedOn'>,
  withheld?: Pick<VersionView, 'withheldDemands' | 'withheldAt'>,
): VersionField[] {
  const c: VersionContent = version.content;
  const fields: VersionField[] = [
    { key: 'agendaItem', label: translate('versions.fields.agendaItem'), text: c.agendaItem },
    { key: 'title', label: translate('versions.fields.title'), text: c.title },
    // the order of the sponsors carries no meaning (the edit form sorts them): compared sorted
    { key: 'sponsors', label: translate('versions.fields.sponsors'), text: names(sortLandCodes(c.sponsors.filter(isLandCode))) },
    { key: 'outcome', label: translate('versions.fields.outcome'), text: translate(`outcome.${c.outcome}`) },
    {
      key: 'voting',
      label: translate('versions.fields.voting'),
      text: votingText(c, translate),
    },
    { key: 'formula', label: translate('versions.fields.formula'), text: c.formula },
  ];
  const demandFields: VersionField[] = [];
  c.demands.forEach((d, index) => {
    const extras = [
      d.addressees.length > 0 ? translate('versions.addressees', { list: d.addressees.map((a) => translate(`addressee.${a}`)).join(', ') }) : null,
      d.dueDate ? translate('versions.due', { date: formatDateShort(d.dueDate) }) : null,
      // marked internal in this version (only logged-in viewers get such a Ziffer)
      d.internal === true ? translate('versions.demandInternal') : null,
    ].filter((x) => x !== null);
    demandFields.push({
      key: `demand:${d.number ?? `#${index}`}`,
      label: d.number === null ? translate('resolution.demandUnnumbered') : translate('resolution.demand', { number: d.number }),
      text: [d.text, ...extras].join(' '),
    });
  });
  const statementFields = c.protocolStatements.map((st) => ({ text: `${names(st.laender)}: ${st.text}` }));
  if (!withheld) {
    fields.push(...demandFields);
    statementFields.forEach((st, index) => fields.push({ key: `statement:${index}`, label: translate('versions.fields.statement', { number: index + 1 }), text: st.text }));
  } else {
    const notShown = translate('versions.notShown');
    fields.push(
      ...inPlace(demandFields, withheld.withheldAt.demands, (position, nth) => {
        const number = withheld.withheldDemands[nth] ?? null;
        return { key: `withheld-demand:${position}`, label: number === null ? translate('resolution.demandUnnumbered') : translate('resolution.demand', { number }), text: notShown, withheld: true };
      }),
    );
    const statements = inPlace(
      statementFields.map((st) => ({ key: '', label: '', text: st.text })),
      withheld.withheldAt.statements,
      () => ({ key: '', label: '', text: notShown, withheld: true }),
    );
    statements.forEach((st, index) => fields.push({ ...st, key: `statement:${index}`, label: translate('versions.fields.statement', { number: index + 1 }) }));
  }
  fields.push({
    key: 'release',
    label: translate('versions.fields.release'),
    text: version.release === 'public' && version.releasedOn ? translate('versions.releasedOn', { date: formatDateShort(version.releasedOn) }) : translate(`release.${version.release}`),
  });
  return fields;
}

/** A Ziffer the comparison leaves out because the viewer may not see it in one or both versions. */
export interface WithheldFromComparison {
  /** "Ziffer 3", or the label of a Ziffer without a number. */
  label: string;
  /** The version it is withheld in: the older (`from`), the newer (`to`) or both. */
  where: 'from' | 'to' | 'both';
}

/** The shown fields with a placeholder at each withheld place (places from 0 among all, ascending). */
function inPlace(shown: readonly VersionField[], places: readonly number[], placeholder: (place: number, nth: number) => VersionField): VersionField[] {
  const out: VersionField[] = [];
  let next = 0;
  for (let place = 0; place < shown.length + places.length; place++) {
    const nth = places.indexOf(place);
    out.push(nth >= 0 ? placeholder(place, nth) : shown[next++]!);
  }
  return out;
}

type Compared = Pick<VersionView, 'content' | 'release' | 'releasedOn' | 'withheldDemands' | 'withheldStatements'>;

/**
 * Two versions compared as the viewer may see them: the fields that differ, without the Ziffern
 * withheld from the viewer in either version, which are named instead (`withheld`). Compared, such
 * a Ziffer would read as new (withheld in the older version) or removed (in the newer) although
 * it may only have been corrected — the comparison must not misstate what changed. While Ziffern
 * without a number are withheld, those are matched by position and so left out alike, and so are
 * the protocol statements while one is withheld (`statementsWithheld`: in which version).
 */
export function compareVersions(
  from: Compared,
  to: Compared,
): { changes: FieldChange[]; withheld: WithheldFromComparison[]; statementsWithheld: WithheldFromComparison['where'] | null } {
  const keyOf = (number: string) => `demand:${number}`;
  const numbered = (list: readonly (string | null)[]) => new Set(list.filter((n) => n !== null).map(keyOf));
  const inFrom = numbered(from.withheldDemands);
  const inTo = numbered(to.withheldDemands);
  const unnumberedFrom = from.withheldDemands.includes(null);
  const unnumberedTo = to.withheldDemands.includes(null);
  // protocol statements are matched by position: while one is withheld in either version, none is compared
  const statementsFrom = from.withheldStatements > 0;
  const statementsTo = to.withheldStatements > 0;
  const left = (key: string) =>
    inFrom.has(key) || inTo.has(key) || ((unnumberedFrom || unnumberedTo) && key.startsWith('demand:#')) || ((statementsFrom || statementsTo) && key.startsWith('statement:'));
  const changes = compareFields(versionFields(from).filter((f) => !left(f.key)), versionFields(to).filter((f) => !left(f.key)));
  const where = (a: boolean, b: boolean): WithheldFromComparison['where'] => (a && b ? 'both' : a ? 'from' : 'to');
  const numbers = [...new Set([...from.withheldDemands, ...to.withheldDemands].filter((n) => n !== null))];
  const withheld: WithheldFromComparison[] = numbers.map((n) => ({
    label: translate('resolution.demand', { number: n }),
    where: where(inFrom.has(keyOf(n)), inTo.has(keyOf(n))),
  }));
  if (unnumberedFrom || unnumberedTo) withheld.push({ label: translate('resolution.demandUnnumbered'), where: where(unnumberedFrom, unnumberedTo) });
  return { changes, withheld, statementsWithheld: statementsFrom || statementsTo ? where(statementsFrom, statementsTo) : null };
}

/**
 * A version as the wording of a TOP names it: its number, when it was recorded (ISO UTC), from when
 * it was valid and whether it is a correction (Berichtigung: then `at` is the day it was corrected).
 */
export interface WordingVersion {
  number: number;
  at: string;
  validFrom: Validity;
  correction: boolean;
}

/**
 * The wording a TOP shows and cites, for a viewer and as of a day: `shown` is the latest version the
 * viewer may see (null for a resolution stored before versions were kept and never changed since);
 * `then`, only when it holds another wording for this viewer, the version valid on that day (the
 * latest valid from it or before, domain/version-diff.ts versionOnDay — by when its wording was
 * valid, not when the archive recorded it; `beforeArchive`: none valid yet, so the first). A version
 * that differs only in its release, or in what is withheld from this viewer, holds the same
 * wording. The versions are the viewer's (services/archive.ts resolutionPage), oldest first. The page,
 * its Word and PDF files and the API read the wording through this one function.
 */
export function wordingAsOf(
  db: Db,
  viewer: Viewer,
  resolutionId: number,
  versions: readonly WordingVersion[],
  asOf: string | null,
): { shown: WordingVersion | null; then: WordingVersion | null; beforeArchive: boolean } {
  const shownVersion = versions.at(-1) ?? null;
  if (shownVersion === null || asOf === null) return { shown: shownVersion, then: null, beforeArchive: false };
  const held = versionOnDay(versions, asOf);
  // before any version the viewer sees was valid: the first of them
  const then = held ?? versions[0]!;
  if (then.number === shownVersion.number) return { shown: shownVersion, then: null, beforeArchive: false };
  const contents = listVersions(db, viewer, resolutionId);
  const a = contents.find((v) => v.number === then.number);
  const b = contents.find((v) => v.number === shownVersion.number);
  const same = !a || !b || compareFields(versionFields(a), versionFields(b)).every((change) => change.key === 'release');
  return { shown: shownVersion, then: same ? null : { number: then.number, at: then.at, validFrom: then.validFrom, correction: then.correction }, beforeArchive: held === null };
}
