/** Creating and editing conferences and meetings (secretariat), with versions and audit. */
import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { conferences, meetings, resolutions } from '../../db/schema.js';
import { conferenceSlug, meetingUrlKey } from '../domain/citation.js';
import type { ConferenceInput, MeetingInput } from '../domain/meeting-form.js';
import { audit, type Actor } from './audit.js';
import { linkDueReports } from './import.js';
import { NotFoundError, ValidationError, type DbOrTx } from './types.js';
import type { Viewer } from './visibility.js';

/** A stale form for a conference or meeting. */
export class StaleError extends Error {
  constructor() {
    super('Der Datensatz wurde inzwischen von jemand anderem geändert. Bitte laden Sie die Seite neu und übertragen Sie Ihre Änderungen erneut.');
    this.name = 'StaleError';
  }
}

function mayManage(viewer: Viewer, conferenceId: number | null): boolean {
  return viewer.role === 'secretariat' && (viewer.conferenceId === null || viewer.conferenceId === conferenceId);
}

export function getConference(db: Db, viewer: Viewer, id: number) {
  const row = db.select().from(conferences).where(eq(conferences.id, id)).get();
  if (!row || !mayManage(viewer, row.id)) throw new NotFoundError();
  return row;
}

export function saveConference(db: Db, actor: Actor, viewer: Viewer, id: number | null, version: number, input: ConferenceInput): number {
  if (viewer.role !== 'secretariat' || (id === null && viewer.conferenceId !== null)) throw new NotFoundError();
  const slug = conferenceSlug(input.shortName);
  return db.transaction((tx) => {
    const clash = tx
      .select({ id: conferences.id })
      .from(conferences)
      .where(and(eq(conferences.slug, slug), ...(id === null ? [] : [ne(conferences.id, id)])))
      .get();
    if (clash) throw new ValidationError(`Das Kürzel ${input.shortName} ist bereits vergeben.`);
    if (id === null) {
      const created = tx.insert(conferences).values({ ...input, slug }).returning({ id: conferences.id }).get();
      audit(tx, actor, { action: 'conference.create', entityType: 'conference', entityId: created.id, after: input });
      return created.id;
    }
    const before = tx.select().from(conferences).where(eq(conferences.id, id)).get();
    if (!before || !mayManage(viewer, id)) throw new NotFoundError();
    if (before.version !== version) throw new StaleError();
    tx.update(conferences).set({ ...input, slug, version: version + 1, updatedAt: new Date().toISOString() }).where(eq(conferences.id, id)).run();
    audit(tx, actor, { action: 'conference.update', entityType: 'conference', entityId: id, before, after: input });
    return id;
  });
}

function hasPublicResolutions(tx: DbOrTx, meetingId: number): boolean {
  return (
    tx
      .select({ id: resolutions.id })
      .from(resolutions)
      .where(and(eq(resolutions.meetingId, meetingId), eq(resolutions.release, 'public')))
      .limit(1)
      .get() !== undefined
  );
}

export function getMeeting(db: Db, viewer: Viewer, id: number) {
  const row = db.select().from(meetings).where(eq(meetings.id, id)).get();
  if (!row || !mayManage(viewer, row.conferenceId)) throw new NotFoundError();
  return row;
}

export function saveMeeting(
  db: Db,
  actor: Actor,
  viewer: Viewer,
  conferenceId: number,
  id: number | null,
  version: number,
  input: MeetingInput,
): number {
  if (!mayManage(viewer, conferenceId)) throw new NotFoundError();
  const urlKey = meetingUrlKey(input);
  return db.transaction((tx) => {
    if (!tx.select({ id: conferences.id }).from(conferences).where(eq(conferences.id, conferenceId)).get()) throw new NotFoundError();
    const clash = tx
      .select({ id: meetings.id })
      .from(meetings)
      .where(and(eq(meetings.conferenceId, conferenceId), eq(meetings.urlKey, urlKey), ...(id === null ? [] : [ne(meetings.id, id)])))
      .get();
    if (clash) throw new ValidationError(`Diese Konferenz hat bereits eine Sitzung ${urlKey}.`);
    if (id === null) {
      const created = tx.insert(meetings).values({ ...input, conferenceId, urlKey }).returning({ id: meetings.id }).get();
      linkDueReports(tx, conferenceId);
      audit(tx, actor, { action: 'meeting.create', entityType: 'meeting', entityId: created.id, after: input });
      return created.id;
    }
    const before = tx.select().from(meetings).where(eq(meetings.id, id)).get();
    if (!before || before.conferenceId !== conferenceId) throw new NotFoundError();
    if (before.version !== version) throw new StaleError();
    if (before.urlKey !== urlKey && hasPublicResolutions(tx, id)) {
      throw new ValidationError(
        'Die Sitzung hat veröffentlichte Beschlüsse: Ordnungszahl und Datum bilden deren dauerhafte Adresse und können nicht mehr geändert werden.',
      );
    }
    tx.update(meetings).set({ ...input, urlKey, version: version + 1, updatedAt: new Date().toISOString() }).where(eq(meetings.id, id)).run();
    linkDueReports(tx, conferenceId);
    audit(tx, actor, { action: 'meeting.update', entityType: 'meeting', entityId: id, before, after: input });
    return id;
  });
}
