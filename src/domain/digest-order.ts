/**
 * The order of a watch-list digest, as a Land official reads it: the watched TOPs by conference,
 * then by meeting (the oldest first), then by TOP number (2.2 before 2.12), a whole TOP before its
 * single Ziffern; under each, the follow-ups by their date, the oldest first, so the mail tells what
 * happened in the order it happened – not in the order somebody recorded it (a letter of
 * September recorded after one of December comes first all the same). Pure.
 */
import { compareAgendaItems } from './agenda-item.js';

/** Where a watched entry stands in the archive. */
export interface DigestPlace {
  conferenceShortName: string;
  /** The meeting's first day (ISO date); null for a meeting without one. */
  meetingStart: string | null;
  meetingYear: number;
  meetingNumber: number | null;
  agendaItem: string;
  /** The Ziffer watched on its own; null: the whole TOP. */
  demandNumber: string | null;
}

const collator = new Intl.Collator('de', { numeric: true, sensitivity: 'base' });

function compareNullable<T>(a: T | null, b: T | null, compare: (x: T, y: T) => number): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return compare(a, b);
}

/** Conference, meeting (oldest first), TOP, the whole TOP before its single Ziffern. */
export function compareDigestPlaces(a: DigestPlace, b: DigestPlace): number {
  return (
    collator.compare(a.conferenceShortName, b.conferenceShortName) ||
    a.meetingYear - b.meetingYear ||
    compareNullable(a.meetingStart, b.meetingStart, (x, y) => (x < y ? -1 : x > y ? 1 : 0)) ||
    compareNullable(a.meetingNumber, b.meetingNumber, (x, y) => x - y) ||
    compareAgendaItems(a.agendaItem, b.agendaItem) ||
    compareNullable(a.demandNumber, b.demandNumber, compareAgendaItems)
  );
}

/** A follow-up as the digest orders it: its date (ISO), and the order it was stored in for a tie. */
export interface DatedChange {
  date: string;
  followUpId: number;
}

/** The follow-ups by date, the oldest first; those of one day in the order they were recorded. */
export function byDateOldestFirst<T extends DatedChange>(changes: readonly T[]): T[] {
  return [...changes].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.followUpId - b.followUpId));
}
