/**
 * Atom feeds (with the `feed` package): newly released resolutions (all conferences or one),
 * status changes of one conference (public follow-ups that set a status), and any search.
 *
 * Feeds are the public's channel: readers fetch them without a session, so they always show
 * what the public sees (PUBLIC_VIEWER through the one visibility rule), whoever asks.
 * The `feed` package puts titles and summaries as type="html" in CDATA: texts are HTML-escaped
 * here, so a "<" in a title is text, and "]]>" cannot end the CDATA section.
 */
import { createRequire } from 'node:module';
import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/connection.js';
import { actors, conferences, demands, followUps } from '../../db/schema.js';
import { c, conferenceOfMeeting, m, meetingOfResolution, r, resolutionHeader, type ResolutionHeaderRow } from './resolution-header.js';
import { conferenceExists, demandVisible, followUpVisible, resolutionVisible, visibilityParams, PUBLIC_VIEWER } from './visibility.js';
import { preparedPer } from './prepared.js';
import { escapeHtml } from '../domain/html.js';
import type { DemandStatus, FollowUpKind } from '../domain/vocabulary.js';
import { xmlSafe } from '../domain/text-safety.js';

const f = alias(followUps, 'f');

export const FEED_SIZE = 50;

function prepareQueries(db: Db) {
  const visible = resolutionVisible(r.release, m.conferenceId);
  const conferenceFilter = sql`(${sql.placeholder('conference')} is null or ${c.slug} = ${sql.placeholder('conference')})`;
  return {
    released: db
      .select({
        ...resolutionHeader,
        createdAt: r.createdAt,
        firstDemand: sql<string | null>`(select d.text from ${demands} d where d.resolution_id = ${r.id} and ${demandVisible(sql`d.internal`)} order by d.position limit 1)`,
      })
      .from(r)
      .innerJoin(m, meetingOfResolution)
      .innerJoin(c, conferenceOfMeeting)
      .where(and(visible, isNotNull(r.releasedOn), conferenceFilter))
      .orderBy(desc(r.releasedOn), desc(r.id))
      .limit(sql.placeholder('limit'))
      .prepare(),

    statusChanges: db
      .select({
        id: f.id,
        date: f.date,
        kind: f.kind,
        summary: f.summary,
        link: f.link,
        resultingStatus: f.resultingStatus,
        createdAt: f.createdAt,
        actorName: actors.name,
        actorLand: f.actorLand,
        demandNumber: sql<string | null>`(select d.number from ${demands} d where d.id = ${f.demandId})`,
        resolution: resolutionHeader,
      })
      .from(f)
      .innerJoin(r, eq(r.id, f.resolutionId))
      .innerJoin(m, meetingOfResolution)
      .innerJoin(c, conferenceOfMeeting)
      .leftJoin(actors, eq(actors.id, f.actorId))
      .where(
        and(
          visible,
          followUpVisible(f.visibility, f.demandId),
          isNotNull(f.resultingStatus),
          eq(c.slug, sql.placeholder('conference')),
          // optionally one resolution only
          sql`(${sql.placeholder('meetingKey')} is null or ${m.urlKey} = ${sql.placeholder('meetingKey')})`,
          sql`(${sql.placeholder('agendaItem')} is null or ${r.agendaItem} = ${sql.placeholder('agendaItem')})`,
        ),
      )
      .orderBy(desc(f.date), desc(f.id))
      .limit(sql.placeholder('limit'))
      .prepare(),

    // the latest publication of a public resolution (all conferences or one)
    lastReleased: db
      .select({ releasedOn: sql<string | null>`max(${r.releasedOn})` })
      .from(r)
      .innerJoin(m, meetingOfResolution)
      .innerJoin(c, conferenceOfMeeting)
      .where(and(visible, conferenceFilter))
      .prepare(),

    // when resolutions were created, for the ids of their entries (resolutionEntryId)
    createdAt: db
      .select({ id: r.id, createdAt: r.createdAt })
      .from(r)
      .where(sql`${r.id} in (select value from json_each(${sql.placeholder('ids')}))`)
      .prepare(),

    // a conference exists for the public once it holds a released resolution
    conference: db
      .select()
      .from(conferences)
      .where(and(eq(conferences.slug, sql.placeholder('slug')), conferenceExists(conferences.id)))
      .prepare(),
  };
}

const queries = preparedPer(prepareQueries);

export function releasedResolutions(db: Db, conference: string | null, limit = FEED_SIZE) {
  return queries(db).released.all({ ...visibilityParams(PUBLIC_VIEWER), conference, limit });
}

/**
 * The day the public last saw a resolution published (of all conferences or of one), as a
 * YYYY-MM-DD date; null while nothing is public.
 */
export function lastPublished(db: Db, conference: string | null): string | null {
  return queries(db).lastReleased.get({ ...visibilityParams(PUBLIC_VIEWER), conference })?.releasedOn ?? null;
}

export interface StatusChange {
  id: number;
  date: string;
  kind: FollowUpKind;
  summary: string;
  link: string | null;
  resultingStatus: DemandStatus | null;
  createdAt: string;
  actorName: string | null;
  actorLand: string | null;
  demandNumber: string | null;
  /** The resolution whose demand (or whole self) the follow-up concerns. */
  resolution: ResolutionHeaderRow;
}

/** Public status changes of a conference, or of one of its resolutions. */
export function statusChanges(
  db: Db,
  conference: string,
  resolution: { meetingKey: string; agendaItem: string } | null = null,
  limit = FEED_SIZE,
): StatusChange[] {
  return queries(db).statusChanges.all({
    ...visibilityParams(PUBLIC_VIEWER),
    conference,
    meetingKey: resolution?.meetingKey ?? null,
    agendaItem: resolution?.agendaItem ?? null,
    limit,
  });
}

/** The conference, if it exists for the public (feeds are the public's channel). */
export function findConference(db: Db, slug: string) {
  return queries(db).conference.get({ ...visibilityParams(PUBLIC_VIEWER), slug }) ?? null;
}

// ---------------------------------------------------------------------------------------------
// Atom
// ---------------------------------------------------------------------------------------------

/** The start of every Atom id the application gives: a tag URI (RFC 4151) that no host name is part of. */
const TAG = 'tag:beschlussmonitor,2026:';

/**
 * The Atom id of a resolution's entry (the feeds of new resolutions and of a search): its id and the
 * moment it was created, which stay for the life of the resolution — a corrected meeting number or
 * TOP number changes its address, not its entry, and a database built anew (whose ids start at 1
 * again) gives its resolutions other ids. Until 07.12.2026 the id was the resolution's address, so
 * that a reader showed a renumbered resolution again as new.
 */
export function resolutionEntryId(resolution: { readonly id: number; readonly createdAt: string }): string {
  return `${TAG}beschluss-${resolution.id}@${resolution.createdAt}`;
}

/** The Atom ids of the resolutions `ids`, by id (for lists that do not read when they were created). */
export function resolutionEntryIds(db: Db, ids: readonly number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  return new Map(queries(db).createdAt.all({ ids: JSON.stringify(ids) }).map((row) => [row.id, resolutionEntryId(row)]));
}

/** The Atom id of a follow-up in the feeds of status changes: the follow-up's id, as it has been since those feeds began. */
export function followUpEntryId(followUpId: number): string {
  return `${TAG}folgemassnahme-${followUpId}`;
}

/**
 * The Atom id of a follow-up in a personal feed of the watch list: the follow-up and when it was
 * recorded, neither of which a correction changes. Until 07.12.2026 it was the address of the
 * Ziffer and the moment (`<url>@<recorded>`), which a renumbered meeting, TOP or Ziffer changed.
 */
export function watchEntryId(change: { readonly followUpId: number; readonly recordedAt: string }): string {
  return `${TAG}merkliste-folgemassnahme-${change.followUpId}@${change.recordedAt}`;
}

export interface FeedEntry {
  /** Stable, unique: a tag URI or the entry's URL. */
  id: string;
  title: string;
  /** Absolute URL of the entry's page. */
  link: string;
  updated: Date;
  published?: Date;
  summary?: string;
  category?: string;
}

export interface FeedMeta {
  /** Absolute URL of the feed itself. */
  self: string;
  /** Absolute URL of the page the feed belongs to. */
  alternate: string;
  title: string;
  subtitle: string;
  siteName: string;
  /**
   * The feed's <updated> while it has no entries: when its subject last changed as far as the feed
   * tells (a conference's or resolution's publication). Without it, an empty feed is as of the
   * moment it is written (private feeds, which nobody caches; an archive that published nothing).
   */
  updated?: Date;
}

/**
 * The `feed` package (with its XML writer), loaded when the first feed is asked for: at start it
 * cost a cold start about 20 ms.
 */
let feedModule: typeof import('feed') | undefined;
const loadFeed = () => (feedModule ??= createRequire(import.meta.url)('feed') as typeof import('feed'));

/** Atom 1.0 XML of the entries (newest first); plain-text titles and summaries. */
export function atom(meta: FeedMeta, entries: readonly FeedEntry[]): string {
  const latest = entries.reduce<Date | null>((found, entry) => (found === null || entry.updated > found ? entry.updated : found), null);
  const updated = latest ?? meta.updated ?? new Date();
  const { Feed } = loadFeed();
  const feed = new Feed({
    id: meta.self,
    title: xmlSafe(meta.title),
    description: xmlSafe(meta.subtitle),
    link: meta.alternate,
    language: 'de',
    updated,
    generator: meta.siteName,
    feedLinks: { atom: meta.self },
    copyright: meta.siteName,
  });
  for (const entry of entries) {
    feed.addItem({
      id: entry.id,
      title: escapeHtml(entry.title),
      link: entry.link,
      date: entry.updated,
      ...(entry.published ? { published: entry.published } : {}),
      ...(entry.summary ? { description: escapeHtml(xmlSafe(entry.summary)) } : {}),
      ...(entry.category ? { category: [{ name: xmlSafe(entry.category), term: xmlSafe(entry.category) }] } : {}),
      author: [{ name: meta.siteName }],
    });
  }
  return feed.atom1();
}

/** A date (YYYY-MM-DD) or timestamp as a Date; dates at noon UTC, so no time zone shifts the day. */
export function feedDate(value: string): Date {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value);
}
