/**
 * A resolution with its meeting and conference, as every list of the archive reads it: the table
 * aliases the read queries share (r, m, c, f), the joins between them, the header columns that
 * name and address a resolution (TOP, title, outcome, release, meeting key and date, conference),
 * a meeting's columns, and the columns of a follow-up as a status event.
 * Archive, export, feeds, watches, statistics and search select from here, so a resolution is
 * named the same way in every list; the write side joins the same tables without aliases
 * (selectResolutionWith).
 */
import { eq } from 'drizzle-orm';
import { alias, type BuildAliasTable, type SelectedFields, type SQLiteColumn, type SQLiteSelect, type SQLiteSelectBase } from 'drizzle-orm/sqlite-core';
import type { RunResult } from 'better-sqlite3';
import { conferences, followUps, meetings, resolutions } from '../../db/schema.js';
import type { Outcome, ReleaseState } from '../domain/vocabulary.js';
import type { DbOrTx } from './types.js';

export const r = alias(resolutions, 'r');
export const m = alias(meetings, 'm');
export const c = alias(conferences, 'c');
export const f = alias(followUps, 'f');

/** Join condition: the meeting of resolution r. */
export const meetingOfResolution = eq(m.id, r.meetingId);
/** Join condition: the conference of meeting m. */
export const conferenceOfMeeting = eq(c.id, m.conferenceId);

/** The tables of one resolution's header under their aliases: r, m, c, or a side's own (r1, m1, c1). */
export interface HeaderTables {
  r: BuildAliasTable<typeof resolutions, string>;
  m: BuildAliasTable<typeof meetings, string>;
  c: BuildAliasTable<typeof conferences, string>;
}

/**
 * Joins the resolution `resolutionId` refers to, its meeting and its conference to a dynamic query
 * (`db.select(…).from(x).$dynamic()`); the rows keep the query's explicit selection, the joins add
 * the tables to select from and filter by (the visibility: resolutionVisible(r.release, m.conferenceId)).
 */
export function withResolution<T extends SQLiteSelect>(query: T, resolutionId: SQLiteColumn, tables: HeaderTables = { r, m, c }): T {
  const joined = query
    .innerJoin(tables.r, eq(tables.r.id, resolutionId))
    .innerJoin(tables.m, eq(tables.m.id, tables.r.meetingId))
    .innerJoin(tables.c, eq(tables.c.id, tables.m.conferenceId));
  return joined as unknown as T;
}

/** A select of `fields` from resolutions joined with their meetings and conferences (none of them null). */
export type ResolutionSelect<T extends SelectedFields> = SQLiteSelectBase<
  'resolutions', 'sync', RunResult, T, 'partial', { resolutions: 'not-null'; meetings: 'not-null'; conferences: 'not-null' }
>;

/**
 * The write side's form of the same joins, on the tables themselves (no aliases): `fields` of a
 * resolution, its meeting and its conference; the caller adds its own conditions and joins.
 */
export function selectResolutionWith<T extends SelectedFields>(db: DbOrTx, fields: T): ResolutionSelect<T> {
  const query = (db.select(fields).from(resolutions) as unknown as SQLiteSelect)
    .innerJoin(meetings, eq(meetings.id, resolutions.meetingId))
    .innerJoin(conferences, eq(conferences.id, meetings.conferenceId));
  return query as unknown as ResolutionSelect<T>;
}

/** The columns that name and address a resolution (select them with `from(r)` and both joins). */
export const resolutionHeader = {
  id: r.id,
  agendaItem: r.agendaItem,
  title: r.title,
  outcome: r.outcome,
  release: r.release,
  releasedOn: r.releasedOn,
  updatedAt: r.updatedAt,
  meetingKey: m.urlKey,
  meetingNumber: m.number,
  meetingYear: m.year,
  meetingStart: m.startDate,
  conference: c.slug,
  conferenceShortName: c.shortName,
  conferenceName: c.name,
};

/** A meeting's own columns: its key, ordinal, year, days, place and kind. */
export const meetingColumns = {
  urlKey: m.urlKey,
  number: m.number,
  year: m.year,
  startDate: m.startDate,
  endDate: m.endDate,
  place: m.place,
  kind: m.kind,
};

/** A follow-up as an event of the status history (domain/status.ts): which demand, when, what, with which result. */
export const statusEventColumns = {
  id: f.id,
  resolutionId: f.resolutionId,
  demandId: f.demandId,
  date: f.date,
  kind: f.kind,
  resultingStatus: f.resultingStatus,
};

/** A row of `resolutionHeader`. */
export interface ResolutionHeaderRow {
  id: number;
  agendaItem: string;
  title: string;
  outcome: Outcome;
  release: ReleaseState;
  releasedOn: string | null;
  updatedAt: string;
  meetingKey: string;
  meetingNumber: number | null;
  meetingYear: number;
  meetingStart: string | null;
  conference: string;
  conferenceShortName: string;
  conferenceName: string;
}
