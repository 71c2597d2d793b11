/** Stable public addresses of archive items, e.g. /intmk/12/top/2.12#ziffer-3. */
import { formatDateShort } from './dates.js';

export interface MeetingKey {
  number: number | null;
  startDate: string | null;
}

/** A meeting as it is named and dated: ordinal, year, first and last day, place. */
export interface MeetingFacts extends MeetingKey {
  year: number;
  endDate: string | null;
  place: string | null;
}

/** The URL key of a meeting: its ordinal, or its start date where it has none. */
export function meetingUrlKey(meeting: MeetingKey): string {
  if (meeting.number !== null) return String(meeting.number);
  if (meeting.startDate !== null) return meeting.startDate;
  throw new Error('a meeting needs an ordinal number or a start date');
}

export function conferencePath(slug: string): string {
  return `/${encodeURIComponent(slug)}`;
}

export function meetingPath(slug: string, meetingKey: string): string {
  return `${conferencePath(slug)}/${encodeURIComponent(meetingKey)}`;
}

export function resolutionPath(slug: string, meetingKey: string, agendaItem: string): string {
  return `${meetingPath(slug, meetingKey)}/top/${encodeURIComponent(agendaItem)}`;
}

/** The citable address of a numbered demand: /intmk/12/top/2.12/ziffer/3. */
export function demandPath(slug: string, meetingKey: string, agendaItem: string, number: string): string {
  return demandPathIn(resolutionPath(slug, meetingKey, agendaItem), number);
}

/** The same for a TOP whose path (resolutionPath) is at hand: a page citing each of its Ziffern encodes its own address once. */
export function demandPathIn(resolution: string, number: string): string {
  return `${resolution}/ziffer/${encodeURIComponent(number)}`;
}

/** Anchor of a demand: "ziffer-3"; an unnumbered demand is "beschluss". */
export function demandAnchor(number: string | null): string {
  return number === null ? 'beschluss' : `ziffer-${number}`;
}

export function conferenceSlug(shortName: string): string {
  return shortName.toLowerCase();
}

/** How a meeting is named on pages and in citations: "12. IntMK 2017", or "IntMK 12.05.2022" without an ordinal. */
export function meetingLabel(shortName: string, meeting: { number: number | null; year: number; startDate: string | null }): string {
  return meeting.number !== null ? `${meeting.number}. ${shortName} ${meeting.year}` : `${shortName} ${formatDateShort(meeting.startDate)}`;
}

/** The meeting label of a row with the resolution header's columns (services/resolution-header.ts). */
export function headerMeetingLabel(row: { conferenceShortName: string; meetingNumber: number | null; meetingYear: number; meetingStart: string | null }): string {
  return meetingLabel(row.conferenceShortName, { number: row.meetingNumber, year: row.meetingYear, startDate: row.meetingStart });
}
