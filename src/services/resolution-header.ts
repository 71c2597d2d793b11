/**
 * A resolution with its meeting and conference, as every list of the archive reads it: the table
 * aliases the read queries share (r, m, c), the joins between them, and the header columns that
 * name and address a resolution (TOP, title, outcome, release, meeting key and date, conference).
 * Archive, export, feeds, watches, statistics and search select from here, so a resolution is
 * named the same way in every list.
 */
import { eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { conferences, meetings, resolutions } from '../../db/schema.js';
import type { Outcome, ReleaseState } from '../domain/vocabulary.js';

export const r = alias(resolutions, 'r');
export const m = alias(meetings, 'm');
export const c = alias(conferences, 'c');

/** Join condition: the meeting of resolution r. */
export const meetingOfResolution = eq(m.id, r.meetingId);
/** Join condition: the conference of meeting m. */
export const conferenceOfMeeting = eq(c.id, m.conferenceId);

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
