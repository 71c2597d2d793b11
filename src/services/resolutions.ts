/**
 * Editing resolutions (secretariat): load for the form, save with optimistic concurrency, and the
 * release workflow draft → internal → public (and back). Each write is one transaction with its
 * audit entry.
 */
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import {
  conferences,
  demands,
  followUps,
  meetings,
  protocolStatements,
  resolutionSponsors,
  resolutions,
} from '../../db/schema.js';
import { selectResolutionWith } from './resolution-header.js';
import { agendaItemSortKey } from '../domain/agenda-item.js';
import type { ResolutionInput } from '../domain/resolution-form.js';
import { isDeclaratory } from '../domain/tracking.js';
import { refreshRepeats } from './repeats.js';
import { audit, type Actor } from './audit.js';
import { mayEditResolution, mayRelease, type Viewer } from './access.js';
import { linkDueReports } from './import.js';
import { refreshDemandStatuses } from './followups.js';
import { ensureBaseline, recordVersion, sponsorsQuery, wordingChanged, wordingReleased } from './versions.js';
import { preparedOrBuilt, preparedPer } from './prepared.js';
import { writeTransaction } from './tx.js';
import { NotFoundError, ValidationError, type DbOrTx } from './types.js';
import type { ReleaseState } from '../domain/vocabulary.js';
import { translate } from '../i18n.js';

/** The meeting has a TOP of this number already: the form links to it. */
export class AgendaItemTakenError extends ValidationError {
  constructor(
    readonly resolutionId: number,
    agendaItem: string,
  ) {
    super(translate('resolutionError.agendaItemTaken', { top: agendaItem }));
    this.name = 'AgendaItemTakenError';
  }
}

/** A stale form: someone saved in between. Carries the stored state to show beside the user's. */
export class ConflictError extends Error {
  constructor(readonly current: ResolutionForEdit) {
    super(translate('resolutionError.changed'));
    this.name = 'ConflictError';
  }
}

export type ResolutionForEdit = NonNullable<ReturnType<typeof loadResolution>>;

/** The reads of a resolution for its form (prepared once per connection) and for a write's before/after. */
const loadQueries = preparedOrBuilt((tx: DbOrTx) => ({
  row: selectResolutionWith(tx, { resolution: resolutions, meeting: meetings, conference: conferences })
    .where(eq(resolutions.id, sql.placeholder('id')))
    .prepare(),
  sponsors: sponsorsQuery(tx),
  demands: tx.select().from(demands).where(eq(demands.resolutionId, sql.placeholder('id'))).orderBy(demands.position).prepare(),
  followUps: tx.select({ demandId: followUps.demandId }).from(followUps).where(eq(followUps.resolutionId, sql.placeholder('id'))).prepare(),
  statements: tx
    .select()
    .from(protocolStatements)
    .where(eq(protocolStatements.resolutionId, sql.placeholder('id')))
    .orderBy(protocolStatements.position)
    .prepare(),
}));

export function loadResolution(tx: DbOrTx, id: number) {
  const q = loadQueries(tx);
  const row = q.row.get({ id });
  if (!row) return null;
  const sponsors = q.sponsors.all({ resolutionId: id }).map((s) => s.land);
  const demandRows = q.demands.all({ id });
  const followUpCounts = new Map<number, number>();
  for (const f of q.followUps.all({ id })) {
    if (f.demandId !== null) followUpCounts.set(f.demandId, (followUpCounts.get(f.demandId) ?? 0) + 1);
  }
  const statements = q.statements.all({ id });
  return {
    ...row,
    sponsors,
    demands: demandRows.map((d) => ({ ...d, followUps: followUpCounts.get(d.id) ?? 0 })),
    protocolStatements: statements,
  };
}

export function loadForEdit(db: Db, viewer: Viewer, id: number): ResolutionForEdit {
  const loaded = loadResolution(db, id);
  if (!loaded || !mayEditResolution(viewer, loaded.conference.id)) throw new NotFoundError();
  return loaded;
}

/** The meeting (with its conference) if the viewer may edit it (and add resolutions to it), or null. */
const meetingQueries = preparedPer((db: Db) => ({
  meeting: db
    .select({ meeting: meetings, conference: conferences })
    .from(meetings)
    .innerJoin(conferences, eq(conferences.id, meetings.conferenceId))
    .where(eq(meetings.id, sql.placeholder('meetingId')))
    .prepare(),
}));

export function editableMeeting(db: Db, viewer: Viewer, meetingId: number) {
  const row = meetingQueries(db).meeting.get({ meetingId });
  return row && mayEditResolution(viewer, row.conference.id) ? row : null;
}

export type EditableMeeting = NonNullable<ReturnType<typeof editableMeeting>>;

function snapshot(r: ResolutionForEdit) {
  const { createdAt: _c, updatedAt: _u, ...resolution } = r.resolution;
  return {
    ...resolution,
    sponsors: r.sponsors,
    demands: r.demands.map((d) => ({ id: d.id, number: d.number, text: d.text, addressees: d.addressees, dueDate: d.dueDate, internal: d.internal })),
    protocolStatements: r.protocolStatements.map((s) => ({ laender: s.laender, text: s.text })),
  };
}

/**
 * Writes the Ziffern of the form. A Ziffer marked internal or public again gets an audit entry of
 * its own ('demand.internal', as the other visibility marks), besides the resolution's.
 */
function writeDemands(tx: DbOrTx, actor: Actor, conferenceId: number, resolutionId: number, input: ResolutionInput, existing: ResolutionForEdit['demands']) {
  const byId = new Map(existing.map((d) => [d.id, d]));
  const now = new Date().toISOString();
  for (const id of input.deleteDemands) {
    const demand = byId.get(id);
    if (!demand) continue;
    if (demand.followUps > 0) {
      throw new ValidationError(
        demand.number === null ? translate('resolutionError.unnumberedDemandHasFollowUps') : translate('resolutionError.demandHasFollowUps', { number: demand.number }),
      );
    }
    tx.delete(demands).where(eq(demands.id, id)).run();
    byId.delete(id);
  }
  // park positions out of the way, then write the new order
  tx.update(demands).set({ position: -1 }).where(eq(demands.resolutionId, resolutionId)).run();
  input.demands.forEach((demand, index) => {
    const values = {
      number: demand.number,
      text: demand.text,
      declaratory: isDeclaratory(demand.text),
      addressees: demand.addressees,
      dueDate: demand.dueDate,
      dueMeetingNumber: demand.dueDate ? null : demand.dueMeetingNumber,
      internal: demand.internal,
      position: index,
    };
    const stored = demand.id === null ? undefined : byId.get(demand.id);
    if (demand.id !== null && !stored) throw new ValidationError(translate('resolutionError.demandNotOfResolution'));
    if (stored) {
      const changed =
        stored.number !== demand.number ||
        stored.text !== demand.text ||
        stored.dueDate !== demand.dueDate ||
        stored.dueMeetingNumber !== values.dueMeetingNumber ||
        stored.internal !== demand.internal ||
        JSON.stringify(stored.addressees) !== JSON.stringify(demand.addressees);
      if (stored.internal !== demand.internal) {
        audit(tx, actor, {
          action: 'demand.internal',
          entityType: 'demand',
          entityId: stored.id,
          conferenceId,
          before: { resolutionId, number: stored.number, internal: stored.internal },
          after: { resolutionId, number: demand.number, internal: demand.internal },
        });
      }
      tx.update(demands)
        .set(changed ? { ...values, version: stored.version + 1, updatedAt: now } : { position: index })
        .where(eq(demands.id, stored.id))
        .run();
      byId.delete(stored.id);
    } else {
      tx.insert(demands).values({ ...values, resolutionId }).run();
    }
  });
  // demands that were neither kept nor deleted explicitly stay, after the others
  let position = input.demands.length;
  for (const rest of byId.values()) tx.update(demands).set({ position: position++ }).where(eq(demands.id, rest.id)).run();
}

function writeChildren(tx: DbOrTx, resolutionId: number, input: ResolutionInput) {
  tx.delete(resolutionSponsors).where(eq(resolutionSponsors.resolutionId, resolutionId)).run();
  if (input.sponsors.length > 0) {
    tx.insert(resolutionSponsors).values(input.sponsors.map((land, position) => ({ resolutionId, land, position }))).run();
  }
  tx.delete(protocolStatements).where(eq(protocolStatements.resolutionId, resolutionId)).run();
  if (input.protocolStatements.length > 0) {
    tx.insert(protocolStatements)
      .values(input.protocolStatements.map((s, position) => ({ resolutionId, position, laender: s.laender, text: s.text, internal: s.internal })))
      .run();
  }
}

function assertAgendaItemFree(tx: DbOrTx, meetingId: number, agendaItem: string, exceptId: number | null) {
  const clash = tx
    .select({ id: resolutions.id })
    .from(resolutions)
    .where(
      and(
        eq(resolutions.meetingId, meetingId),
        eq(resolutions.agendaItem, agendaItem),
        ...(exceptId === null ? [] : [ne(resolutions.id, exceptId)]),
      ),
    )
    .get();
  if (clash) throw new AgendaItemTakenError(clash.id, agendaItem);
}

function resolutionFields(input: ResolutionInput) {
  return {
    agendaItem: input.agendaItem,
    sortKey: agendaItemSortKey(input.agendaItem),
    title: input.title,
    outcome: input.outcome,
    voting: input.voting,
    votesYes: input.votesYes,
    votesNo: input.votesNo,
    votesAbstain: input.votesAbstain,
    tallyInternal: input.tallyInternal,
    formula: input.formula,
    references: input.references,
  };
}

/** A release state to move to with a save, and its date (public only). */
export interface ReleaseChange {
  release: ReleaseState;
  releasedOn: string | null;
}

/** A save marked as a correction (Berichtigung) that is none: nothing is saved; the form says why, at its checkbox. */
export class CorrectionError extends ValidationError {
  constructor(message: string) {
    super(message);
    this.name = 'CorrectionError';
  }
}

/**
 * Saves the form; throws ConflictError when `expectedVersion` is not the stored one. With
 * `release`, a changed release state is applied in the same transaction, after the fields, with
 * the release's own checks, audit entry and version (as setRelease): all or nothing. With
 * `correction`, the change is a correction (Berichtigung) of an error in the released wording:
 * its version keeps the day the corrected wording was valid from (services/versions.ts
 * recordVersion), and the audit log says 'resolution.correct'. Refused (CorrectionError, nothing
 * saved) for a resolution never released, whose wording counts from its meeting anyway, and for a
 * save that leaves the wording as it was.
 */
export function updateResolution(
  db: Db,
  actor: Actor,
  viewer: Viewer,
  id: number,
  expectedVersion: number,
  input: ResolutionInput,
  release: ReleaseChange | null = null,
  correction = false,
): void {
  writeTransaction(db, (tx) => {
    const before = loadResolution(tx, id);
    if (!before || !mayEditResolution(viewer, before.conference.id)) throw new NotFoundError();
    if (before.resolution.version !== expectedVersion) throw new ConflictError(before);
    if (correction && !wordingReleased(tx, id)) throw new CorrectionError(translate('resolutionError.correctionNotReleased'));
    assertAgendaItemFree(tx, before.meeting.id, input.agendaItem, id);
    ensureBaseline(tx, id);
    tx.update(resolutions)
      .set({ ...resolutionFields(input), version: expectedVersion + 1, updatedAt: new Date().toISOString() })
      .where(and(eq(resolutions.id, id), eq(resolutions.version, expectedVersion)))
      .run();
    writeChildren(tx, id, input);
    writeDemands(tx, actor, before.conference.id, id, input, before.demands);
    // a Ziffer new to a resolution with follow-ups on the whole of it takes their status
    refreshDemandStatuses(tx, id);
    refreshRepeats(tx, [id]);
    linkDueReports(tx, before.conference.id);
    // thrown inside the transaction: nothing of the save stays
    if (correction && !wordingChanged(tx, id)) throw new CorrectionError(translate('resolutionError.correctionUnchanged'));
    const after = loadResolution(tx, id)!;
    audit(tx, actor, { action: correction ? 'resolution.correct' : 'resolution.update', entityType: 'resolution', entityId: id, before: snapshot(before), after: snapshot(after) });
    recordVersion(tx, actor, id, 'edit', correction);
    if (release !== null) applyRelease(tx, actor, viewer, id, expectedVersion + 1, release.release, release.releasedOn);
  });
}

export function createResolution(db: Db, actor: Actor, viewer: Viewer, meetingId: number, input: ResolutionInput): number {
  return writeTransaction(db, (tx) => {
    const meeting = tx.select().from(meetings).where(eq(meetings.id, meetingId)).get();
    if (!meeting || !mayEditResolution(viewer, meeting.conferenceId)) throw new NotFoundError();
    assertAgendaItemFree(tx, meetingId, input.agendaItem, null);
    const id = tx
      .insert(resolutions)
      .values({ ...resolutionFields(input), meetingId, release: 'draft', source: 'Manuelle Erfassung' })
      .returning({ id: resolutions.id })
      .get().id;
    writeChildren(tx, id, input);
    writeDemands(tx, actor, meeting.conferenceId, id, { ...input, deleteDemands: [] }, []);
    refreshRepeats(tx, [id]);
    linkDueReports(tx, meeting.conferenceId);
    audit(tx, actor, { action: 'resolution.create', entityType: 'resolution', entityId: id, after: snapshot(loadResolution(tx, id)!) });
    recordVersion(tx, actor, id, 'create');
    return id;
  });
}

const RELEASE_ORDER: Record<ReleaseState, number> = { draft: 0, internal: 1, public: 2 };

/**
 * Moves a resolution along draft → internal → public, or back (withdrawal: public → internal).
 * Public needs a release date; a public resolution given another date keeps its state with the new date.
 */
export function setRelease(
  db: Db,
  actor: Actor,
  viewer: Viewer,
  id: number,
  expectedVersion: number,
  release: ReleaseState,
  releasedOn: string | null,
): void {
  writeTransaction(db, (tx) => applyRelease(tx, actor, viewer, id, expectedVersion, release, releasedOn));
}

/** setRelease inside the caller's transaction. */
function applyRelease(tx: DbOrTx, actor: Actor, viewer: Viewer, id: number, expectedVersion: number, release: ReleaseState, releasedOn: string | null): void {
  const before = loadResolution(tx, id);
  if (!before || !mayRelease(viewer, before.conference.id)) throw new NotFoundError();
  if (before.resolution.version !== expectedVersion) throw new ConflictError(before);
  if (release === 'public' && !releasedOn) throw new ValidationError(translate('resolutionError.releaseDateNeeded'));
  const from = before.resolution.release;
  // a public resolution's release date can be corrected (it stays public): the same audit action and version as a release
  const redated = from === 'public' && release === 'public' && releasedOn !== before.resolution.releasedOn;
  if (from === release && !redated) return;
  ensureBaseline(tx, id);
  tx.update(resolutions)
    .set({ release, releasedOn: release === 'public' ? releasedOn : null, version: expectedVersion + 1, updatedAt: new Date().toISOString() })
    .where(eq(resolutions.id, id))
    .run();
  const action = redated || RELEASE_ORDER[release] > RELEASE_ORDER[from] ? 'resolution.release' : 'resolution.withdraw';
  audit(tx, actor, {
    action,
    entityType: 'resolution',
    entityId: id,
    before: { release: from, releasedOn: before.resolution.releasedOn },
    after: { release, releasedOn: release === 'public' ? releasedOn : null },
  });
  recordVersion(tx, actor, id, action === 'resolution.release' ? 'release' : 'withdraw');
}

/** Some TOPs of a bulk release were changed since the list was loaded: nothing was released. */
export class StaleItemsError extends Error {
  constructor(readonly agendaItems: readonly string[]) {
    super(
      agendaItems.length === 1
        ? translate('resolutionError.itemChanged', { top: agendaItems[0]! })
        : translate('resolutionError.itemsChanged', { tops: agendaItems.join(', ') }),
    );
    this.name = 'StaleItemsError';
  }
}

/**
 * Moves several TOPs of one meeting to one release state in a single transaction, with one audit
 * entry per changed TOP. Each item carries the version the user saw; if any of them changed in
 * between, nothing is released (StaleItemsError). TOPs already in the state stay untouched.
 * Returns the number of TOPs changed.
 */
export function releaseItems(
  db: Db,
  actor: Actor,
  viewer: Viewer,
  meetingId: number,
  items: readonly { id: number; version: number }[],
  release: ReleaseState,
  releasedOn: string | null,
): number {
  if (items.length === 0) throw new ValidationError(translate('form.release.nothingSelected'));
  if (release === 'public' && !releasedOn) throw new ValidationError(translate('resolutionError.releaseDateNeeded'));
  return writeTransaction(db, (tx) => {
    const meeting = tx.select({ conferenceId: meetings.conferenceId }).from(meetings).where(eq(meetings.id, meetingId)).get();
    if (!meeting || !mayRelease(viewer, meeting.conferenceId)) throw new NotFoundError();
    const rows = tx
      .select({ id: resolutions.id, agendaItem: resolutions.agendaItem, version: resolutions.version, release: resolutions.release, releasedOn: resolutions.releasedOn })
      .from(resolutions)
      .where(and(eq(resolutions.meetingId, meetingId), inArray(resolutions.id, items.map((item) => item.id))))
      .all();
    if (rows.length !== new Set(items.map((item) => item.id)).size) throw new ValidationError(translate('resolutionError.itemNotOfMeeting'));
    const expected = new Map(items.map((item) => [item.id, item.version]));
    const stale = rows.filter((row) => expected.get(row.id) !== row.version).map((row) => row.agendaItem);
    if (stale.length > 0) throw new StaleItemsError(stale);
    const now = new Date().toISOString();
    let changed = 0;
    for (const row of rows) {
      if (row.release === release) continue;
      const after = { release, releasedOn: release === 'public' ? releasedOn : null };
      const raises = RELEASE_ORDER[release] > RELEASE_ORDER[row.release];
      ensureBaseline(tx, row.id);
      tx.update(resolutions)
        .set({ ...after, version: row.version + 1, updatedAt: now })
        .where(eq(resolutions.id, row.id))
        .run();
      audit(tx, actor, {
        action: raises ? 'resolution.release' : 'resolution.withdraw',
        entityType: 'resolution',
        entityId: row.id,
        before: { release: row.release, releasedOn: row.releasedOn },
        after,
      });
      recordVersion(tx, actor, row.id, raises ? 'release' : 'withdraw');
      changed++;
    }
    return changed;
  });
}
