/**
 * Follow-ups (Folgemaßnahmen): recording them and keeping each demand's derived status in step.
 * The status history is the ordered list of follow-ups; `demands.status` and
 * `demands.public_status` are caches of `statusAsOf(...)` for today.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import {
  actors,
  demands,
  followUps,
  meetings,
  resolutions,
} from '../../db/schema.js';
import { selectResolutionWith } from './resolution-header.js';
import type { Db } from '../../db/connection.js';
import { isLandCode } from '../domain/laender.js';
import { statusAsOf, type StatusEvent } from '../domain/status.js';
import { withoutControlCharacters } from '../domain/text-safety.js';
import { completeWebAddress } from '../domain/web-address.js';
import { audit, type Actor } from './audit.js';
import { followUpActorFor, followUpKindsFor, mayChangeFollowUp, mayRecordFollowUp, type Viewer } from './access.js';
import { loadResolution, type ResolutionForEdit } from './resolutions.js';
import { writeTransaction } from './tx.js';
import { applyDocumentEditsIn, insertDocumentIn, removeUnreferencedFiles, storeDocumentFile, type CheckedDocument, type DocumentEdits } from './follow-up-documents.js';
import { preparedOrBuilt, preparedPer } from './prepared.js';
import { ForbiddenError, NotFoundError, ValidationError, type DbOrTx } from './types.js';
import { resolutionVisible, visibilityParams } from './visibility.js';
import type { FollowUpFormInput } from '../domain/follow-up-form.js';
import { DEMAND_STATUSES, FOLLOW_UP_KINDS } from '../domain/vocabulary.js';
import { todayIso } from '../domain/dates.js';
import { translate } from '../i18n.js';

/** A follow-up as the form reads it (domain/follow-up-form.ts), for one resolution. */
export interface FollowUpInput extends FollowUpFormInput {
  resolutionId: number;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Resolves an actor code to the actor row valid on the date (renamed ministries have several). */
export function findActor(tx: DbOrTx, code: string, date: string) {
  const candidates = tx.select().from(actors).where(eq(actors.code, code)).all();
  return (
    candidates.find(
      (a) => (a.validFrom === null || a.validFrom <= date) && (a.validTo === null || date <= a.validTo),
    ) ?? null
  );
}

function validate(tx: DbOrTx, input: FollowUpInput, today: string) {
  const problems: string[] = [];
  const target = selectResolutionWith(tx, { id: resolutions.id, startDate: meetings.startDate, year: meetings.year })
    .where(eq(resolutions.id, input.resolutionId))
    .get();
  if (!target) throw new ValidationError(translate('followUpError.resolutionMissing'));
  if (input.demandId !== null) {
    const demand = tx
      .select({ id: demands.id })
      .from(demands)
      .where(and(eq(demands.id, input.demandId), eq(demands.resolutionId, input.resolutionId)))
      .get();
    if (!demand) problems.push(translate('followUpError.demandNotOfResolution'));
  }
  if (!ISO_DATE.test(input.date) || Number.isNaN(Date.parse(`${input.date}T00:00:00Z`))) {
    problems.push(translate('form.date'));
  } else {
    const meetingStart = target.startDate ?? `${target.year}-01-01`;
    if (input.date < meetingStart) problems.push(translate('followUpError.beforeMeeting'));
    if (input.date > today) problems.push(translate('followUpError.inFuture'));
  }
  if (!(FOLLOW_UP_KINDS as readonly string[]).includes(input.kind)) problems.push(translate('followUpError.kindUnknown'));
  if (input.resultingStatus !== null && !(DEMAND_STATUSES as readonly string[]).includes(input.resultingStatus))
    problems.push(translate('form.followUp.status'));
  if (input.visibility !== 'public' && input.visibility !== 'internal') problems.push(translate('followUpError.visibilityUnknown'));
  const summary = withoutControlCharacters(input.summary).trim();
  if (!summary) problems.push(translate('form.followUp.summary'));
  if (summary.length > 5000) problems.push(translate('followUpError.summaryTooLong'));
  // a complete web address: the form completes "www.…" before, anything else is refused here too
  if (input.link !== null && completeWebAddress(input.link) !== input.link)
    problems.push(translate('form.followUp.link'));
  let actorId: number | null = null;
  let actorLand: string | null = null;
  if (input.actor !== null) {
    if (isLandCode(input.actor)) {
      actorLand = input.actor;
    } else {
      const actor = ISO_DATE.test(input.date) ? findActor(tx, input.actor, input.date) : null;
      if (!actor) problems.push(translate('followUpError.actorUnknown', { actor: input.actor }));
      else actorId = actor.id;
    }
  }
  if (problems.length > 0) throw new ValidationError(problems[0]!, problems);
  return { actorId, actorLand, summary };
}

/**
 * Recomputes the cached current statuses of the resolution's demands from their follow-ups (a
 * follow-up on the whole resolution counts for each demand, also for one added later); rows whose
 * statuses stay as they are are not written.
 */
export function refreshDemandStatuses(tx: DbOrTx, resolutionId: number): void {
  const events = tx
    .select({
      id: followUps.id,
      demandId: followUps.demandId,
      date: followUps.date,
      kind: followUps.kind,
      resultingStatus: followUps.resultingStatus,
      visibility: followUps.visibility,
    })
    .from(followUps)
    .where(eq(followUps.resolutionId, resolutionId))
    .all();
  const demandRows = tx
    .select({ id: demands.id, status: demands.status, statusSince: demands.statusSince, publicStatus: demands.publicStatus, publicStatusSince: demands.publicStatusSince })
    .from(demands)
    .where(eq(demands.resolutionId, resolutionId))
    .all();
  for (const demand of demandRows) {
    const own: (StatusEvent & { visibility: string })[] = events.filter(
      (e) => e.demandId === demand.id || e.demandId === null,
    );
    const all = statusAsOf(own);
    const pub = statusAsOf(own.filter((e) => e.visibility === 'public'));
    const unchanged =
      demand.status === all.status && demand.statusSince === all.since && demand.publicStatus === pub.status && demand.publicStatusSince === pub.since;
    if (unchanged) continue;
    tx.update(demands)
      .set({ status: all.status, statusSince: all.since, publicStatus: pub.status, publicStatusSince: pub.since })
      .where(eq(demands.id, demand.id))
      .run();
  }
}

/** The columns of a follow-up from checked input (throws ValidationError otherwise). */
function checkedValues(tx: DbOrTx, input: FollowUpInput, today: string) {
  const { actorId, actorLand, summary } = validate(tx, input, today);
  return {
    demandId: input.demandId,
    date: input.date,
    actorId,
    actorLand,
    kind: input.kind,
    summary,
    link: input.link,
    resultingStatus: input.resultingStatus,
    visibility: input.visibility,
  };
}

export function recordFollowUpIn(
  tx: DbOrTx,
  actor: Actor,
  input: FollowUpInput,
  today = todayIso(),
): number {
  const values = { ...checkedValues(tx, input, today), resolutionId: input.resolutionId, authorId: actor.userId };
  const id = tx.insert(followUps).values(values).returning({ id: followUps.id }).get().id;
  refreshDemandStatuses(tx, input.resolutionId);
  audit(tx, actor, { action: 'followup.create', entityType: 'follow_up', entityId: id, after: values });
  return id;
}

/** Records a follow-up as the operator (command line, demo data, tests): no viewer, no access rule. */
export function recordFollowUp(db: Db, actor: Actor, input: FollowUpInput): number {
  return writeTransaction(db, (tx) => recordFollowUpIn(tx, actor, input));
}

/** The reads of the follow-up forms, prepared once per connection (built per call in a write). */
const formQueries = preparedOrBuilt((tx: DbOrTx) => ({
  visible: selectResolutionWith(tx, { id: resolutions.id })
    .where(and(eq(resolutions.id, sql.placeholder('resolutionId')), resolutionVisible(resolutions.release, meetings.conferenceId)))
    .prepare(),
  followUp: tx.select().from(followUps).where(eq(followUps.id, sql.placeholder('id'))).prepare(),
}));

/** Whether the viewer sees the resolution (the one visibility rule, ./visibility.ts). */
function visibleResolution(tx: DbOrTx, viewer: Viewer, resolutionId: number): ResolutionForEdit {
  const visible = formQueries(tx).visible.get({ ...visibilityParams(viewer), resolutionId });
  const loaded = visible ? loadResolution(tx, resolutionId) : null;
  if (!loaded) throw new NotFoundError();
  return loaded;
}

/**
 * The resolution a viewer wants to record a follow-up on: NotFoundError when the viewer cannot
 * see it, ForbiddenError when it sees it but may not record there (./access.ts).
 */
export function followUpTarget(db: DbOrTx, viewer: Viewer, resolutionId: number): ResolutionForEdit {
  const resolution = visibleResolution(db, viewer, resolutionId);
  if (!mayRecordFollowUp(viewer, resolution.conference.id)) throw new ForbiddenError();
  return resolution;
}

/** A follow-up the viewer may change, with its resolution; NotFoundError / ForbiddenError otherwise. */
export function followUpForChange(db: DbOrTx, viewer: Viewer, id: number) {
  const followUp = formQueries(db).followUp.get({ id });
  if (!followUp) throw new NotFoundError();
  const resolution = visibleResolution(db, viewer, followUp.resolutionId);
  if (!mayChangeFollowUp(viewer, { authorId: followUp.authorId, conferenceId: resolution.conference.id })) throw new ForbiddenError();
  return { followUp, resolution };
}

/**
 * What the viewer submits, bound by its role: a Länder official's entry carries its own Land as
 * the actor, whatever the form sent, and is of a kind a Land records.
 */
function asViewer<T extends Omit<FollowUpInput, 'resolutionId'>>(viewer: Viewer, input: T): T {
  const kinds = followUpKindsFor(viewer);
  if (!kinds.includes(input.kind)) {
    throw new ValidationError(translate('followUpError.landKinds'));
  }
  return { ...input, actor: followUpActorFor(viewer, input.actor) };
}

/** Records a follow-up for a logged-in viewer, under the access rules (./access.ts). */
export function recordFollowUpAs(db: Db, actor: Actor, viewer: Viewer, input: FollowUpInput): number {
  return writeTransaction(db, (tx) => recordFollowUpAsIn(tx, actor, viewer, input));
}

function recordFollowUpAsIn(tx: DbOrTx, actor: Actor, viewer: Viewer, input: FollowUpInput): number {
  followUpTarget(tx, viewer, input.resolutionId);
  return recordFollowUpIn(tx, actor, asViewer(viewer, input));
}

/** What the follow-up form sends of its documents: a checked new one (or none) and the marks on the listed ones. */
export interface FollowUpDocumentsInput {
  add: { document: CheckedDocument; internal: boolean } | null;
  edits: DocumentEdits;
}

/**
 * The follow-up form saved as one: the follow-up (recorded, or changed when `existing` names it
 * with the version the form was loaded with) and its documents (a new one added, the listed ones
 * marked internal or removed) in one transaction — bad input or a stale form changes nothing.
 * The new document's file is written before (an unreferenced file is pruned later), a removed
 * one's after, once nothing refers to it. Returns the follow-up's id. Throws as recordFollowUpAs
 * and updateFollowUp do.
 */
export function saveFollowUpAs(
  db: Db,
  dataDir: string,
  actor: Actor,
  viewer: Viewer,
  existing: { id: number; version: number } | null,
  input: FollowUpInput,
  documents: FollowUpDocumentsInput,
): number {
  if (documents.add) storeDocumentFile(dataDir, documents.add.document);
  let removed: string[] = [];
  const id = existing === null ? null : existing.id;
  const saved = writeTransaction(db, (tx) => {
    const followUpId = id === null ? recordFollowUpAsIn(tx, actor, viewer, input) : updateFollowUpIn(tx, actor, viewer, id, existing!.version, input);
    if (followUpId === null) return null;
    removed = applyDocumentEditsIn(tx, actor, followUpId, documents.edits);
    if (documents.add) insertDocumentIn(tx, actor, followUpId, documents.add.document, documents.add.internal);
    return followUpId;
  });
  if (saved === null) throw new ForbiddenError();
  removeUnreferencedFiles(db, dataDir, removed);
  return saved;
}

/** What the resolution page knows of a follow-up. */
export interface FollowUpViewLike {
  id: number;
  authorId: number | null;
}

/** Someone else saved the follow-up in between. */
export class FollowUpConflictError extends Error {
  constructor() {
    super(translate('followUpError.changed'));
    this.name = 'FollowUpConflictError';
  }
}

export function getFollowUp(db: Db, id: number) {
  return formQueries(db).followUp.get({ id }) ?? null;
}

/**
 * Changes a follow-up (its author, or a secretariat of the resolution's conference). Throws
 * NotFoundError when the viewer cannot see it, ForbiddenError when it may not change it (the
 * attempt is audited), FollowUpConflictError for a stale form.
 */
export function updateFollowUp(
  db: Db,
  actor: Actor,
  viewer: Viewer,
  id: number,
  expectedVersion: number,
  input: Omit<FollowUpInput, 'resolutionId'>,
  today = todayIso(),
): void {
  const denied = writeTransaction(db, (tx) => updateFollowUpIn(tx, actor, viewer, id, expectedVersion, input, today) === null);
  if (denied) throw new ForbiddenError();
}

/**
 * updateFollowUp in the caller's transaction: the follow-up's id, or null when the viewer may not
 * change it (the attempt audited; the caller throws ForbiddenError after the transaction, so the
 * audit entry stays). A form that changes none of the follow-up's values changes nothing.
 */
function updateFollowUpIn(
  tx: DbOrTx,
  actor: Actor,
  viewer: Viewer,
  id: number,
  expectedVersion: number,
  input: Omit<FollowUpInput, 'resolutionId'>,
  today = todayIso(),
): number | null {
  let before;
  try {
    before = followUpForChange(tx, viewer, id).followUp;
  } catch (error) {
    if (!(error instanceof ForbiddenError)) throw error;
    audit(tx, actor, { action: 'followup.update.denied', entityType: 'follow_up', entityId: id });
    return null;
  }
  if (before.version !== expectedVersion) throw new FollowUpConflictError();
  const checked = checkedValues(tx, { ...asViewer(viewer, input), resolutionId: before.resolutionId }, today);
  const unchanged = (Object.keys(checked) as (keyof typeof checked)[]).every((key) => checked[key] === before[key]);
  if (unchanged) return id;
  const values = { ...checked, version: before.version + 1, updatedAt: new Date().toISOString() };
  tx.update(followUps).set(values).where(eq(followUps.id, id)).run();
  refreshDemandStatuses(tx, before.resolutionId);
  audit(tx, actor, { action: 'followup.update', entityType: 'follow_up', entityId: id, before, after: values });
  return id;
}

const actorQueries = preparedPer((db: Db) => ({
  all: db
    .select({ code: actors.code, name: actors.name, kind: actors.kind, validFrom: actors.validFrom, validTo: actors.validTo })
    .from(actors)
    .orderBy(asc(actors.kind), asc(actors.code))
    .prepare(),
  code: db.select({ code: actors.code }).from(actors).where(eq(actors.id, sql.placeholder('actorId'))).prepare(),
}));

/** Actors that can be chosen on a date: the names valid then, federal ones first. */
export function actorsValidOn(db: Db, date: string) {
  return actorQueries(db)
    .all.all()
    .filter((a) => (a.validFrom === null || a.validFrom <= date) && (a.validTo === null || date <= a.validTo));
}

export function actorCodeOf(db: Db, actorId: number): string | null {
  return actorQueries(db).code.get({ actorId })?.code ?? null;
}
