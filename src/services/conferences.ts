/** Creating and editing conferences and meetings (secretariat), with versions and audit. */
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { conferences, meetings } from '../../db/schema.js';
import { conferenceSlug, meetingUrlKey } from '../domain/citation.js';
import type { ConferenceInput, MeetingInput } from '../domain/meeting-form.js';
import { audit, type Actor } from './audit.js';
import { mayCreateConference, mayManageConference, type Viewer } from './access.js';
import { linkDueReports } from './import.js';
import { recordMeetingKeyChange } from './former-addresses.js';
import { writeTransaction } from './tx.js';
import { preparedPer } from './prepared.js';
import { NotFoundError, RefusedError, ValidationError, type DbOrTx } from './types.js';
import { addUserConference } from './users.js';
import { translate } from '../i18n.js';
import { uiText } from '../domain/ui-text.js';

/** A stale form for a conference or meeting. */
export class StaleError extends Error {
  constructor() {
    super(translate('conferenceError.changed'));
    this.name = 'StaleError';
  }
}

/** The reads of the conference and meeting forms, prepared once per connection. */
const queries = preparedPer((db: Db) => ({
  conference: db.select().from(conferences).where(eq(conferences.id, sql.placeholder('id'))).prepare(),
  meeting: db.select().from(meetings).where(eq(meetings.id, sql.placeholder('id'))).prepare(),
  all: db.select({ id: conferences.id, slug: conferences.slug, shortName: conferences.shortName, name: conferences.name }).from(conferences).orderBy(conferences.shortName).prepare(),
}));

export function getConference(db: Db, viewer: Viewer, id: number) {
  const row = queries(db).conference.get({ id });
  if (!row || !mayManageConference(viewer, row.id)) throw new NotFoundError();
  return row;
}

function assertShortNameFree(tx: DbOrTx, shortName: string, exceptId: number | null): void {
  const clash = tx
    .select({ id: conferences.id })
    .from(conferences)
    .where(and(eq(conferences.slug, conferenceSlug(shortName)), ...(exceptId === null ? [] : [ne(conferences.id, exceptId)])))
    .get();
  if (clash) throw new ValidationError(translate('conferenceError.shortNameTaken', { shortName }));
}

function insertConference(tx: DbOrTx, actor: Actor, input: ConferenceInput): number {
  const created = tx.insert(conferences).values({ ...input, slug: conferenceSlug(input.shortName) }).returning({ id: conferences.id }).get();
  audit(tx, actor, { action: 'conference.create', entityType: 'conference', entityId: created.id, after: input });
  return created.id;
}

/** Creates a conference as the operator (command line): no viewer, no scope. */
export function createConference(db: Db, actor: Actor, input: ConferenceInput): number {
  return writeTransaction(db, (tx) => {
    assertShortNameFree(tx, input.shortName, null);
    return insertConference(tx, actor, input);
  });
}

/** The conferences named by slug or short name (any case); RefusedError naming the unknown ones. */
export function conferenceIdsBySlug(db: Db, names: readonly string[]): number[] {
  const all = listAllConferences(db);
  const unknown: string[] = [];
  const ids = names.map((name) => {
    const found = all.find((c) => c.slug === conferenceSlug(name));
    if (!found) unknown.push(name);
    return found?.id ?? 0;
  });
  if (unknown.length > 0) {
    const known = all.length > 0 ? all.map((c) => c.slug).join(', ') : uiText('conferenceError.noneKnown');
    throw new RefusedError([uiText('conferenceError.unknown', { names: unknown.join(', '), known })]);
  }
  return ids;
}

/**
 * Creates (id null) or changes a conference. A secretariat creates a conference for itself: the
 * new conference joins its scope in the same transaction (its sessions see it from the next
 * request on, as the scope is read with the session).
 */
export function saveConference(db: Db, actor: Actor, viewer: Viewer, id: number | null, version: number, input: ConferenceInput): number {
  if (id === null ? !mayCreateConference(viewer) : !mayManageConference(viewer, id)) throw new NotFoundError();
  const slug = conferenceSlug(input.shortName);
  return writeTransaction(db, (tx) => {
    assertShortNameFree(tx, input.shortName, id);
    if (id === null) {
      const created = insertConference(tx, actor, input);
      addUserConference(tx, viewer.userId!, created);
      return created;
    }
    const before = tx.select().from(conferences).where(eq(conferences.id, id)).get();
    if (!before || !mayManageConference(viewer, id)) throw new NotFoundError();
    if (before.version !== version) throw new StaleError();
    tx.update(conferences).set({ ...input, slug, version: version + 1, updatedAt: new Date().toISOString() }).where(eq(conferences.id, id)).run();
    audit(tx, actor, { action: 'conference.update', entityType: 'conference', entityId: id, before, after: input });
    return id;
  });
}

export function getMeeting(db: Db, viewer: Viewer, id: number) {
  const row = queries(db).meeting.get({ id });
  if (!row || !mayManageConference(viewer, row.conferenceId)) throw new NotFoundError();
  return row;
}

/** The conference has a meeting of this number (or date) already: the form links to it. */
export class MeetingTakenError extends ValidationError {
  constructor(
    readonly meetingId: number,
    urlKey: string,
  ) {
    super(translate('conferenceError.meetingTaken', { urlKey }));
    this.name = 'MeetingTakenError';
  }
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
  if (!mayManageConference(viewer, conferenceId)) throw new NotFoundError();
  const urlKey = meetingUrlKey(input);
  return writeTransaction(db, (tx) => {
    if (!tx.select({ id: conferences.id }).from(conferences).where(eq(conferences.id, conferenceId)).get()) throw new NotFoundError();
    const clash = tx
      .select({ id: meetings.id })
      .from(meetings)
      .where(and(eq(meetings.conferenceId, conferenceId), eq(meetings.urlKey, urlKey), ...(id === null ? [] : [ne(meetings.id, id)])))
      .get();
    if (clash) throw new MeetingTakenError(clash.id, urlKey);
    if (id === null) {
      const created = tx.insert(meetings).values({ ...input, conferenceId, urlKey }).returning({ id: meetings.id }).get();
      linkDueReports(tx, conferenceId);
      audit(tx, actor, { action: 'meeting.create', entityType: 'meeting', entityId: created.id, after: input });
      return created.id;
    }
    const before = tx.select().from(meetings).where(eq(meetings.id, id)).get();
    if (!before || before.conferenceId !== conferenceId) throw new NotFoundError();
    if (before.version !== version) throw new StaleError();
    tx.update(meetings).set({ ...input, urlKey, version: version + 1, updatedAt: new Date().toISOString() }).where(eq(meetings.id, id)).run();
    // a corrected number (or first day) changes the meeting's address: the one cited before leads to it
    recordMeetingKeyChange(tx, id, before.urlKey, urlKey);
    linkDueReports(tx, conferenceId);
    audit(tx, actor, { action: 'meeting.update', entityType: 'meeting', entityId: id, before, after: input });
    return id;
  });
}

/** Whether a conference of this short name (any case) exists, for any account. */
export function conferenceExists(db: Db, shortName: string): boolean {
  const slug = conferenceSlug(shortName);
  return listAllConferences(db).some((c) => c.slug === slug);
}

/** Every conference, by short name: for the administration, which assigns them to secretariats. */
export function listAllConferences(db: Db) {
  return queries(db).all.all();
}
