/**
 * What the audit log's entries name by number, as people know it: an account by its name and
 * e-mail address, a meeting, TOP, Ziffer or follow-up by its conference, meeting and TOP, a mail by
 * its recipient, a page by its title. Read for the entries at hand (a page of the log, a piece of a
 * download): one query per kind of object, whatever the number of entries. `visible` says whether
 * the reader may open the object's page (./visibility.ts decides, as everywhere); the log's own
 * labels module (routes/admin/audit-view.ts) makes names and links of these facts.
 *
 * An object removed since keeps its number: nothing is found for it here.
 */
import { eq, sql, type AnyColumn } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/connection.js';
import { actors, demandRepeats, demands, mailOutbox, pages, users } from '../../db/schema.js';
import type { AuditRow } from './audit-query.js';
import { preparedPer } from './prepared.js';
import { c, conferenceOfMeeting, f, m, meetingOfResolution, r } from './resolution-header.js';
import { conferenceExists, demandVisible, followUpVisible, meetingExists, resolutionVisible, visibilityParams, type Viewer } from './visibility.js';

/** The kinds of object the log names (entity types and the fields of before and after that hold ids). */
export type AuditObjectKind = 'user' | 'conference' | 'meeting' | 'resolution' | 'demand' | 'followUp' | 'mail' | 'page' | 'repeat' | 'actor';

/** Where a TOP is: conference, meeting, TOP (with what its address needs). */
export interface TopFacts {
  conferenceSlug: string;
  conferenceShortName: string;
  meetingKey: string;
  meetingNumber: number | null;
  meetingYear: number;
  meetingStart: string | null;
  agendaItem: string;
}

export type AuditObject =
  | { kind: 'user'; name: string; email: string }
  | { kind: 'conference'; slug: string; shortName: string; visible: boolean }
  | { kind: 'meeting'; conferenceSlug: string; conferenceShortName: string; meetingKey: string; meetingNumber: number | null; meetingYear: number; meetingStart: string | null; visible: boolean }
  | ({ kind: 'resolution'; visible: boolean } & TopFacts)
  | ({ kind: 'demand'; number: string | null; visible: boolean } & TopFacts)
  | ({ kind: 'followUp'; date: string; followUpKind: string; demandNumber: string | null; visible: boolean } & TopFacts)
  | { kind: 'mail'; recipient: string }
  | { kind: 'page'; slug: string; title: string }
  | { kind: 'repeat'; earlier: number; later: number }
  | { kind: 'actor'; code: string; name: string };

/** The named objects of some entries: `get(kind, id)`, undefined for what was not found. */
export interface AuditObjects {
  get(kind: AuditObjectKind, id: string | number): AuditObject | undefined;
}

/** The kind of object an entry's entity type names (several spellings of a follow-up are in the log). */
const ENTITY_KINDS: Readonly<Record<string, AuditObjectKind>> = {
  user: 'user',
  conference: 'conference',
  meeting: 'meeting',
  resolution: 'resolution',
  demand: 'demand',
  follow_up: 'followUp',
  followUp: 'followUp',
  followup: 'followUp',
  mail: 'mail',
  page: 'page',
  demand_repeat: 'repeat',
};

/** The fields of before and after that hold the number of an object, and its kind. */
export const ID_FIELDS: Readonly<Record<string, AuditObjectKind>> = {
  resolutionId: 'resolution',
  demandId: 'demand',
  meetingId: 'meeting',
  conferenceId: 'conference',
  authorId: 'user',
  actorId: 'actor',
  mail: 'mail',
  earlier: 'demand',
  later: 'demand',
};

export function entityKindOf(entityType: string): AuditObjectKind | null {
  return ENTITY_KINDS[entityType] ?? null;
}

const ids = sql.placeholder('ids');
const inIds = (column: AnyColumn) => sql`${column} in (select value from json_each(${ids}))`;
const d = alias(demands, 'd');
const top = {
  conferenceSlug: c.slug,
  conferenceShortName: c.shortName,
  meetingKey: m.urlKey,
  meetingNumber: m.number,
  meetingYear: m.year,
  meetingStart: m.startDate,
  agendaItem: r.agendaItem,
};

const queries = preparedPer((db: Db) => ({
  user: db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inIds(users.id)).prepare(),
  conference: db
    .select({ id: c.id, slug: c.slug, shortName: c.shortName, visible: sql<boolean>`${conferenceExists(c.id)}`.mapWith(Boolean) })
    .from(c)
    .where(inIds(c.id))
    .prepare(),
  meeting: db
    .select({
      id: m.id,
      conferenceSlug: c.slug,
      conferenceShortName: c.shortName,
      meetingKey: m.urlKey,
      meetingNumber: m.number,
      meetingYear: m.year,
      meetingStart: m.startDate,
      visible: sql<boolean>`${meetingExists(m.id, m.conferenceId)}`.mapWith(Boolean),
    })
    .from(m)
    .innerJoin(c, conferenceOfMeeting)
    .where(inIds(m.id))
    .prepare(),
  resolution: db
    .select({ id: r.id, ...top, visible: sql<boolean>`${resolutionVisible(r.release, m.conferenceId)}`.mapWith(Boolean) })
    .from(r)
    .innerJoin(m, meetingOfResolution)
    .innerJoin(c, conferenceOfMeeting)
    .where(inIds(r.id))
    .prepare(),
  demand: db
    .select({ id: d.id, number: d.number, ...top, visible: sql<boolean>`(${resolutionVisible(r.release, m.conferenceId)} and ${demandVisible(d.internal)})`.mapWith(Boolean) })
    .from(d)
    .innerJoin(r, eq(r.id, d.resolutionId))
    .innerJoin(m, meetingOfResolution)
    .innerJoin(c, conferenceOfMeeting)
    .where(inIds(d.id))
    .prepare(),
  followUp: db
    .select({
      id: f.id,
      date: f.date,
      followUpKind: f.kind,
      demandNumber: d.number,
      ...top,
      visible: sql<boolean>`(${resolutionVisible(r.release, m.conferenceId)} and ${followUpVisible(f.visibility, f.demandId)})`.mapWith(Boolean),
    })
    .from(f)
    .innerJoin(r, eq(r.id, f.resolutionId))
    .innerJoin(m, meetingOfResolution)
    .innerJoin(c, conferenceOfMeeting)
    .leftJoin(d, eq(d.id, f.demandId))
    .where(inIds(f.id))
    .prepare(),
  mail: db.select({ id: mailOutbox.id, recipient: mailOutbox.recipient }).from(mailOutbox).where(inIds(mailOutbox.id)).prepare(),
  page: db.select({ id: pages.slug, slug: pages.slug, title: pages.title }).from(pages).where(inIds(pages.slug)).prepare(),
  repeat: db
    .select({ id: demandRepeats.id, earlier: demandRepeats.firstDemandId, later: demandRepeats.secondDemandId })
    .from(demandRepeats)
    .where(inIds(demandRepeats.id))
    .prepare(),
  actor: db.select({ id: actors.id, code: actors.code, name: actors.name }).from(actors).where(inIds(actors.id)).prepare(),
}));

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An id as the log holds it: a positive whole number (or a page's slug), else nothing to look up. */
function idOf(kind: AuditObjectKind, value: unknown): string | number | null {
  if (kind === 'page') return typeof value === 'string' && value !== '' ? value : null;
  const id = typeof value === 'string' && /^[1-9][0-9]{0,15}$/.test(value) ? Number(value) : value;
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** The objects the entries name (their entity, and the ids among their before and after), as the viewer may know them. */
export function auditObjectsOf(db: Db, viewer: Viewer, rows: readonly AuditRow[]): AuditObjects {
  const wanted = new Map<AuditObjectKind, Set<string | number>>();
  const want = (kind: AuditObjectKind, value: unknown) => {
    const id = idOf(kind, value);
    if (id === null) return;
    let set = wanted.get(kind);
    if (!set) wanted.set(kind, (set = new Set()));
    set.add(id);
  };
  for (const row of rows) {
    const kind = entityKindOf(row.entityType);
    if (kind !== null) want(kind, row.entityId);
    for (const side of [row.before, row.after]) {
      if (!isRecord(side)) continue;
      for (const [key, value] of Object.entries(side)) if (key in ID_FIELDS) want(ID_FIELDS[key]!, value);
    }
  }
  const q = queries(db);
  const params = visibilityParams(viewer);
  const found = new Map<string, AuditObject>();
  const read = (kind: AuditObjectKind, rowsOf: (values: Record<string, unknown>) => { id: string | number }[]) => {
    const set = wanted.get(kind);
    if (!set || set.size === 0) return;
    for (const { id, ...facts } of rowsOf({ ...params, ids: JSON.stringify([...set]) })) found.set(`${kind}:${id}`, { kind, ...facts } as AuditObject);
  };
  // a pair of repeated Ziffern is named by its two Ziffern: read first, so that they are read with the others
  read('repeat', (values) => q.repeat.all(values));
  for (const object of found.values()) {
    if (object.kind !== 'repeat') continue;
    want('demand', object.earlier);
    want('demand', object.later);
  }
  read('user', (values) => q.user.all(values));
  read('conference', (values) => q.conference.all(values));
  read('meeting', (values) => q.meeting.all(values));
  read('resolution', (values) => q.resolution.all(values));
  read('demand', (values) => q.demand.all(values));
  read('followUp', (values) => q.followUp.all(values));
  read('mail', (values) => q.mail.all(values));
  read('page', (values) => q.page.all(values));
  read('actor', (values) => q.actor.all(values));
  return { get: (kind, id) => found.get(`${kind}:${id}`) };
}
