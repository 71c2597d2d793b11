/**
 * Watch lists: a logged-in user watches resolutions (or single demands) and sees what changed
 * since their last visit; a secret, revocable token gives the same as a personal Atom feed.
 *
 * What is new is told by follow-up id, not by timestamp: each watch remembers the highest
 * follow-up id when the list was last shown (`seen_follow_up_id`), and a list read stops at the
 * highest id stored when it was read, so every follow-up is new exactly once, also one stored in
 * the millisecond of the visit (the digest, ./digests.ts, keeps its cursor the same way).
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import type { DemandStatus, Visibility } from '../domain/vocabulary.js';
import { actors, demands, feedTokens, followUps, users, watches } from '../../db/schema.js';
import { parseConferenceList, userConferenceList } from './sessions.js';
import { resolutionPath, demandAnchor } from '../domain/citation.js';
import { audit, type Actor } from './audit.js';
import { preparedOrBuilt, preparedPer } from './prepared.js';
import { writeTransaction } from './tx.js';
import { c, conferenceOfMeeting, m, meetingOfResolution, r, resolutionHeader } from './resolution-header.js';
import { bestEffort } from './db-health.js';
import { NotFoundError, type DbOrTx } from './types.js';
import { isPublic, resolutionVisible, visibilityParams, type Viewer } from './visibility.js';
import { landNameOf } from '../domain/laender.js';

function now(): string {
  return new Date().toISOString();
}

/** A watched demand: its own follow-ups and those on the whole resolution. */
const ofWatchedDemand = or(eq(followUps.demandId, sql.placeholder('demandId')), isNull(followUps.demandId));
/** After a follow-up id (the last visit, the digest's cursor), or recorded after an instant (the feed's window). */
const afterId = gt(followUps.id, sql.placeholder('after'));
const recordedAfter = gt(followUps.createdAt, sql.placeholder('since'));
/**
 * Not the reader's own: what the account itself recorded, or what was recorded in the name of its
 * Land (an assessment or note by the Land, whoever typed it), is no news to it — not on its watch
 * list, in its counts of what is new, its downloads, its digest or its personal feed. The status
 * it brought shows all the same where the list says where things stand.
 */
const notOwn = sql`(${followUps.authorId} is null or ${followUps.authorId} <> ${sql.placeholder('userId')})
  and (${followUps.actorLand} is null or ${sql.placeholder('land')} is null or ${followUps.actorLand} <> ${sql.placeholder('land')})`;

/**
 * The read queries, prepared once per connection: the watch state is read on every resolution
 * page a logged-in user opens, the list and the personal feed (polled by feed readers) run one
 * query per watched entry.
 */
const queries = preparedPer((db: Db) => {
  const changes = (after: SQL, demand: SQL | undefined) =>
    db
      .select({
        followUpId: followUps.id,
        date: followUps.date,
        recordedAt: followUps.createdAt,
        summary: followUps.summary,
        kind: followUps.kind,
        resultingStatus: followUps.resultingStatus,
        visibility: followUps.visibility,
        actorCode: actors.code,
        actorName: actors.name,
        actorLand: followUps.actorLand,
        demandNumber: demands.number,
        demandInternal: demands.internal,
        demandId: followUps.demandId,
      })
      .from(followUps)
      .leftJoin(demands, eq(demands.id, followUps.demandId))
      .leftJoin(actors, eq(actors.id, followUps.actorId))
      .where(and(eq(followUps.resolutionId, sql.placeholder('resolutionId')), after, lte(followUps.id, sql.placeholder('upTo')), demand, notOwn))
      // newest first by their date (a letter of September recorded in December stands below one of
      // November); those of one day by the order they were stored, the last first
      .orderBy(desc(followUps.date), desc(followUps.id))
      .prepare();
  return {
    visible: db
      .select({ id: r.id })
      .from(r)
      .innerJoin(m, meetingOfResolution)
      .where(and(eq(r.id, sql.placeholder('resolutionId')), resolutionVisible(r.release, m.conferenceId)))
      .prepare(),
    state: db
      .select({ demandId: watches.demandId })
      .from(watches)
      .where(and(eq(watches.userId, sql.placeholder('userId')), eq(watches.resolutionId, sql.placeholder('resolutionId'))))
      .prepare(),
    list: db
      .select({
        watchId: watches.id,
        seenFollowUpId: watches.seenFollowUpId,
        watchedDemandId: watches.demandId,
        watchedDemandNumber: demands.number,
        watchedDemandInternal: demands.internal,
        watchedDemandStatus: demands.status,
        watchedAt: watches.createdAt,
        resolution: resolutionHeader,
      })
      .from(watches)
      .leftJoin(demands, eq(demands.id, watches.demandId))
      .innerJoin(r, eq(r.id, watches.resolutionId))
      .innerJoin(m, meetingOfResolution)
      .innerJoin(c, conferenceOfMeeting)
      // what the user can see now: a resolution withdrawn from the user's view drops off the list
      .where(and(eq(watches.userId, sql.placeholder('userId')), resolutionVisible(r.release, m.conferenceId)))
      .orderBy(desc(watches.createdAt), desc(watches.id))
      .prepare(),
    // the Ziffern of a watched TOP with their status as logged-in users see it (watchers are)
    demandStatuses: db
      .select({ number: demands.number, status: demands.status })
      .from(demands)
      .where(eq(demands.resolutionId, sql.placeholder('resolutionId')))
      .orderBy(demands.position)
      .prepare(),
    resolutionChanges: changes(afterId, undefined),
    resolutionChangesSince: changes(recordedAfter, undefined),
    demandChanges: changes(afterId, ofWatchedDemand),
    demandChangesSince: changes(recordedAfter, ofWatchedDemand),
    hasFeedToken: db
      .select({ id: feedTokens.id })
      .from(feedTokens)
      .where(and(eq(feedTokens.userId, sql.placeholder('userId')), isNull(feedTokens.revokedAt)))
      .prepare(),
    feedViewer: db
      .select({ userId: users.id, role: users.role, land: users.land, conferences: userConferenceList, active: users.active, mustChangePassword: users.mustChangePassword })
      .from(feedTokens)
      .innerJoin(users, eq(users.id, feedTokens.userId))
      .where(and(eq(feedTokens.tokenHash, sql.placeholder('tokenHash')), isNull(feedTokens.revokedAt)))
      .prepare(),
  };
});

/**
 * Opening the list marks it seen (a write on every visit of /merkliste), prepared once per
 * connection; never backwards (a watch added meanwhile has seen up to its start).
 */
const seenQuery = preparedPer((db: Db) =>
  db
    .update(watches)
    .set({ seenFollowUpId: sql`max(${watches.seenFollowUpId}, ${sql.placeholder('upTo')})` })
    .where(eq(watches.userId, sql.placeholder('userId')))
    .prepare(),
);

const latestQuery = preparedOrBuilt((db: DbOrTx) => db.select({ id: sql<number>`coalesce(max(${followUps.id}), 0)` }).from(followUps).prepare());

/** The highest follow-up id stored so far (0 without any): what a list read now covers. */
export function latestFollowUpId(db: DbOrTx): number {
  return latestQuery(db).get()!.id;
}

/** What the user watches of a resolution: the whole of it, and single demands. */
export function watchState(db: Db, userId: number, resolutionId: number): { resolution: boolean; demands: Set<number> } {
  const rows = queries(db).state.all({ userId, resolutionId });
  return {
    resolution: rows.some((row) => row.demandId === null),
    demands: new Set(rows.flatMap((row) => (row.demandId === null ? [] : [row.demandId]))),
  };
}

/** Watches or unwatches a resolution, or one of its demands (`demandId`). */
export function setWatch(db: Db, actor: Actor, viewer: Viewer, resolutionId: number, on: boolean, demandId: number | null = null): void {
  const userId = viewer.userId;
  if (userId === null || isPublic(viewer) || !queries(db).visible.get({ ...visibilityParams(viewer), resolutionId })) throw new NotFoundError();
  if (demandId !== null) {
    const demand = db.select({ id: demands.id }).from(demands).where(and(eq(demands.id, demandId), eq(demands.resolutionId, resolutionId))).get();
    if (!demand) throw new NotFoundError();
  }
  const target = demandId === null ? isNull(watches.demandId) : eq(watches.demandId, demandId);
  writeTransaction(db, (tx) => {
    const existing = tx
      .select({ id: watches.id })
      .from(watches)
      .where(and(eq(watches.userId, userId), eq(watches.resolutionId, resolutionId), target))
      .get();
    if (on && !existing) {
      // what was recorded before the watch is not new to it
      const id = tx
        .insert(watches)
        .values({ userId, resolutionId, demandId, createdAt: now(), seenFollowUpId: latestFollowUpId(tx) })
        .returning({ id: watches.id })
        .get().id;
      audit(tx, actor, { action: 'watch.add', entityType: demandId === null ? 'resolution' : 'demand', entityId: demandId ?? resolutionId, after: { watch: id } });
    } else if (!on && existing) {
      tx.delete(watches).where(eq(watches.id, existing.id)).run();
      audit(tx, actor, { action: 'watch.remove', entityType: demandId === null ? 'resolution' : 'demand', entityId: demandId ?? resolutionId });
    }
  });
}

export interface WatchChange {
  followUpId: number;
  date: string;
  recordedAt: string;
  summary: string;
  kind: string;
  resultingStatus: string | null;
  /** Internal follow-ups are on the list (watchers are logged in) and are marked as such. */
  visibility: Visibility;
  /** Who acted: the actor's code (BMI, GS, …) or, for an assessment by a Land, the Land's code. */
  actorCode: string | null;
  actorName: string | null;
  actorLand: string | null;
  demandNumber: string | null;
  /** The Ziffer it is recorded on is marked internal (null: on the whole resolution). */
  demandInternal: boolean | null;
  url: string;
}

/**
 * Who acted, as a text leaving the page (downloads, the personal feed, the digest mail): the
 * actor's code ("BMI"), or the Land's name ("Bayern") for an assessment or note of a Land; null
 * where nobody is named.
 */
export function actorText(change: Pick<WatchChange, 'actorCode' | 'actorLand'>): string | null {
  if (change.actorCode !== null) return change.actorCode;
  return change.actorLand === null ? null : landNameOf(change.actorLand);
}

/** The current status of what is watched: the watched Ziffer's, or each Ziffer's of a watched TOP. */
export interface WatchedStatus {
  demandNumber: string | null;
  status: DemandStatus;
}

/**
 * Which follow-ups a watch list shows as changes: those after the watch's last visit, those with
 * an id above `afterFollowUp` (the digest's cursor), or those recorded after an instant (the
 * personal feed's window of days). The last two reach back before a watch began: their callers
 * pass `fromWatchStart` (the digest, the downloads from the page, the personal feed).
 */
export type WatchChangesSince = 'last-visit' | { afterFollowUp: number } | { recordedAfter: string };

/**
 * The user's watched resolutions, each with the follow-ups since `since` (default: the watch's
 * last visit), up to the follow-up id `upTo` (default: the latest stored; a caller that moves a
 * mark reads it first and moves the mark to it, so that nothing stored meanwhile is skipped).
 * Internal follow-ups are included: watchers are logged-in users. The viewer's own follow-ups and
 * those of its Land are not (`notOwn`): they are no news to it. `fromWatchStart`: only follow-ups
 * recorded since the watch began (the digest: what was recorded before is not new to the watch, as
 * on the list, which starts a watch seen up to the latest follow-up; one recorded in the
 * millisecond the watch began counts as after it, so that none is lost).
 */
export function watchList(db: Db, viewer: Viewer, since: WatchChangesSince = 'last-visit', upTo = latestFollowUpId(db), options: { fromWatchStart?: boolean } = {}) {
  const q = queries(db);
  const rows = q.list.all({ ...visibilityParams(viewer), userId: viewer.userId! });
  return rows.map(({ seenFollowUpId, watchedDemandStatus, watchedAt, ...row }) => {
    const { resolution } = row;
    const base = resolutionPath(resolution.conference, resolution.meetingKey, resolution.agendaItem);
    const watched = { resolutionId: resolution.id, upTo, demandId: row.watchedDemandId, userId: viewer.userId!, land: viewer.land };
    const found =
      typeof since === 'object' && 'recordedAfter' in since
        ? (row.watchedDemandId === null ? q.resolutionChangesSince : q.demandChangesSince).all({ ...watched, since: since.recordedAfter })
        : (row.watchedDemandId === null ? q.resolutionChanges : q.demandChanges).all({ ...watched, after: since === 'last-visit' ? seenFollowUpId : since.afterFollowUp });
    const changes: WatchChange[] = (options.fromWatchStart ? found.filter((change) => change.recordedAt >= watchedAt) : found).map(({ demandId, ...change }) => ({
      ...change,
      url: `${base}#${demandId === null ? 'gesamt' : demandAnchor(change.demandNumber)}`,
    }));
    const resolutionLabel = `${resolution.meetingNumber !== null ? `${resolution.meetingNumber}. ` : ''}${resolution.conferenceShortName} ${resolution.meetingYear}, TOP ${resolution.agendaItem}`;
    return {
      ...row,
      resolutionId: resolution.id,
      /** When the watch began (ISO, UTC): the digest tells a watch begun within its period from then on. */
      watchedAt,
      title: resolution.title,
      // a watched Ziffer leads to that Ziffer on the resolution page
      url: row.watchedDemandId === null ? base : `${base}#${demandAnchor(row.watchedDemandNumber)}`,
      /** "12. IntMK 2017, TOP 2.12" */
      resolutionLabel,
      /** What is watched: the TOP, or one Ziffer of it ("…, TOP 2.12, Ziffer 2"). */
      label: `${resolutionLabel}${row.watchedDemandId === null ? '' : `, Ziffer ${row.watchedDemandNumber ?? '–'}`}`,
      /** The status now (no change needed to show it): a Land official reads where things stand. */
      statuses: (row.watchedDemandId === null || watchedDemandStatus === null
        ? q.demandStatuses.all({ resolutionId: resolution.id }).map((d) => ({ demandNumber: d.number, status: d.status }))
        : [{ demandNumber: row.watchedDemandNumber, status: watchedDemandStatus }]) satisfies WatchedStatus[],
      changes,
    };
  });
}

/**
 * A watch list with each follow-up told once: a follow-up on a Ziffer watched alone and with its
 * whole TOP stays with the first watch of the list that has it and leaves the others. `toldUnder`
 * names, for each watch, the other watches where some of its follow-ups stand instead. The page,
 * its downloads, the digest and the personal feed all tell them this way.
 */
export function tellEachChangeOnce<T extends { label: string; changes: readonly WatchChange[] }>(items: readonly T[]): (T & { toldUnder: string[] })[] {
  const toldBy = new Map<number, string>();
  return items.map((item) => {
    const toldUnder = new Set<string>();
    const changes = item.changes.filter((change) => {
      const teller = toldBy.get(change.followUpId);
      if (teller !== undefined) {
        toldUnder.add(teller);
        return false;
      }
      toldBy.set(change.followUpId, item.label);
      return true;
    });
    return { ...item, changes, toldUnder: [...toldUnder] };
  });
}

/**
 * Where the user's list stands before a visit marks it seen: the lowest follow-up id its watches
 * were seen up to (0 without watches). All watches are marked together, so it is the last visit's
 * mark; a watch begun since then starts later, and `fromWatchStart` keeps its older news out.
 */
export function watchListMark(db: Db, userId: number): number {
  return markQuery(db).get({ userId })!.mark;
}

const markQuery = preparedPer((db: Db) =>
  db
    .select({ mark: sql<number>`coalesce(min(${watches.seenFollowUpId}), 0)` })
    .from(watches)
    .where(eq(watches.userId, sql.placeholder('userId')))
    .prepare(),
);

/** Marks everything on the user's list seen up to the follow-up id `upTo` (what the shown list was read up to). */
export function markWatchListSeen(db: Db, userId: number, upTo: number): void {
  bestEffort(() => seenQuery(db).run({ userId, upTo }));
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new personal feed token (the old ones are revoked); shown once, stored only hashed. */
export function createFeedToken(db: Db, actor: Actor, userId: number): string {
  const token = randomBytes(24).toString('base64url');
  writeTransaction(db, (tx) => {
    tx.update(feedTokens).set({ revokedAt: now() }).where(and(eq(feedTokens.userId, userId), isNull(feedTokens.revokedAt))).run();
    tx.insert(feedTokens).values({ userId, tokenHash: tokenHash(token), createdAt: now() }).run();
    audit(tx, actor, { action: 'feedtoken.create', entityType: 'user', entityId: userId });
  });
  return token;
}

export function revokeFeedTokens(db: Db, actor: Actor, userId: number): void {
  writeTransaction(db, (tx) => {
    tx.update(feedTokens).set({ revokedAt: now() }).where(and(eq(feedTokens.userId, userId), isNull(feedTokens.revokedAt))).run();
    audit(tx, actor, { action: 'feedtoken.revoke', entityType: 'user', entityId: userId });
  });
}

export function hasFeedToken(db: Db, userId: number): boolean {
  return queries(db).hasFeedToken.get({ userId }) !== undefined;
}

/** The viewer a feed token stands for, or null (unknown, revoked, or the user is inactive). */
export function viewerOfFeedToken(db: Db, token: string): Viewer | null {
  if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return null;
  const row = queries(db).feedViewer.get({ tokenHash: tokenHash(token) });
  if (!row || !row.active || row.mustChangePassword) return null;
  return { userId: row.userId, role: row.role, land: row.land, conferenceIds: parseConferenceList(row.conferences) };
}

/** The start of the personal feed's window: follow-ups recorded in the last `days` days. */
export function feedWindowStart(days = 180): string {
  return new Date(Date.now() - days * 86_400_000).toISOString();
}
