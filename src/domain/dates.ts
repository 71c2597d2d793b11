/**
 * Calendar dates as ISO strings ('YYYY-MM-DD'): today's date, arithmetic in whole days, and German
 * formatting independent of the machine's locale data. "Today" is the calendar date in Berlin
 * (Europe/Berlin), where the administrations work; arithmetic on ISO dates counts plain calendar
 * days (computed in UTC, free of clock changes).
 */

import { berlinDateAndHour } from './berlin-time.js';

const MONTHS = [
  'Januar', 'Februar', 'März', 'April', 'Mai', 'Juni',
  'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember',
];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(iso: string): [number, number, number] | null {
  const match = ISO_DATE.exec(iso);
  if (!match) return null;
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** True for a real calendar date in ISO form (2017-03-16). */
export function isIsoDate(value: string): boolean {
  const p = parts(value);
  if (!p) return false;
  const [y, mo, d] = p;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const DAY_MS = 86_400_000;

const HOUR_MS = 3_600_000;

/**
 * Today's date in Berlin (Europe/Berlin), the date every "today" of the application means; with
 * `now`, the Berlin date at that instant. Asked on every page: Berlin changes its clocks only at
 * full UTC hours, so the date is worked out once per UTC hour (the clock read as a number of
 * hours, compared with the hour last worked out).
 */
export function todayIso(now?: Date): string {
  const time = now === undefined ? Date.now() : now.getTime();
  if (Number.isNaN(time)) throw new RangeError('Invalid time value');
  const hour = Math.floor(time / HOUR_MS);
  if (hour !== lastHour) {
    lastHourIso = berlinDateAndHour(new Date(hour * HOUR_MS)).date;
    lastHour = hour;
  }
  return lastHourIso;
}
let lastHour = Number.NaN;
let lastHourIso = '';

/** Whole days from 1970-01-01 to an ISO date, or null when it is not one. */
export function dayNumber(iso: string): number | null {
  const p = parts(iso);
  if (!p) return null;
  const time = Date.UTC(p[0], p[1] - 1, p[2]);
  return Number.isNaN(time) ? null : Math.round(time / DAY_MS);
}

/** The ISO date `days` whole days after 1970-01-01. */
export function dateOfDayNumber(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

/** The ISO date `days` days after `iso` (before it for negative `days`). */
export function addDays(iso: string, days: number): string {
  const [y, mo, da] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, mo - 1, da + days)).toISOString().slice(0, 10);
}

/** The ISO date `months` calendar months after `iso`, clamped to the last day of that month. */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * Whole calendar days from `from` to `to` (ISO dates; negative when `to` is earlier), or null
 * when either is not a date.
 */
export function daysBetween(from: string, to: string): number | null {
  const a = dayNumber(from);
  const b = dayNumber(to);
  return a === null || b === null ? null : b - a;
}

/** The last day of the month of an ISO date. */
export function lastDayOfMonth(iso: string): string {
  const [y, m] = iso.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** Whether character `i` of `text` is an ASCII digit (what `\d` matches). */
function isDigit(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return code >= 48 && code <= 57;
}

/**
 * Whether `iso` has the form ISO_DATE matches (four, two and two digits), read character by
 * character: the formatting below runs for every date a page shows (each follow-up's), and taking
 * the digits as they stand costs about half of matching the expression and formatting the numbers.
 */
function hasIsoForm(iso: string): boolean {
  return (
    iso.length === 10 &&
    iso.charCodeAt(4) === 45 &&
    iso.charCodeAt(7) === 45 &&
    isDigit(iso, 0) && isDigit(iso, 1) && isDigit(iso, 2) && isDigit(iso, 3) &&
    isDigit(iso, 5) && isDigit(iso, 6) && isDigit(iso, 8) && isDigit(iso, 9)
  );
}

/** The year of a date in ISO form as a number prints (no leading zeros). */
function yearOf(iso: string): string {
  return iso.charCodeAt(0) === 48 ? String(Number(iso.slice(0, 4))) : iso.slice(0, 4);
}

/** "16. März 2017" */
export function formatDateLong(iso: string | null | undefined): string {
  if (!iso) return '';
  if (!hasIsoForm(iso)) return iso;
  const day = iso.charCodeAt(8) === 48 ? iso.slice(9, 10) : iso.slice(8, 10);
  const month = (iso.charCodeAt(5) - 48) * 10 + (iso.charCodeAt(6) - 48);
  return `${day}. ${MONTHS[month - 1]} ${yearOf(iso)}`;
}

/** "16.03.2017" */
export function formatDateShort(iso: string | null | undefined): string {
  if (!iso) return '';
  if (!hasIsoForm(iso)) return iso;
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${yearOf(iso)}`;
}

/** "16.–17. März 2017", "30. Juni – 1. Juli 2011", "16. März 2017" */
export function formatDateRange(start: string | null, end: string | null): string {
  if (!start) return '';
  const a = parts(start);
  const b = end ? parts(end) : null;
  if (!a || !b || end === start) return formatDateLong(start);
  if (a[0] !== b[0]) return `${formatDateLong(start)} – ${formatDateLong(end)}`;
  if (a[1] !== b[1]) return `${a[2]}. ${MONTHS[a[1] - 1]} – ${formatDateLong(end)}`;
  return `${a[2]}.–${formatDateLong(end)}`;
}

/**
 * The longest date a form field takes ("30.06.2019" or "2019-06-30" with room for blanks): longer
 * input is not a date, and a field's maxlength keeps a browser from sending it.
 */
export const MAX_DATE_INPUT_LENGTH = 40;

/** Parses "30.06.2019" or "2019-06-30" into ISO form; null when it is not a date. */
export function parseGermanOrIsoDate(value: string): string | null {
  const trimmed = value.trim();
  if (isIsoDate(trimmed)) return trimmed;
  const match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(trimmed);
  if (!match) return null;
  const iso = `${match[3]}-${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}
