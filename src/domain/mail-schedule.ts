/**
 * When scheduled mail is due (pure): digests once a day or once an ISO week, reminders of
 * reporting requests a number of days before the due date and once overdue. Everything counts in
 * Berlin time and starts at 07:00, so nothing arrives in the night.
 */
import { daysBetween } from './dates.js';
import type { DigestFrequency, ReminderKind } from './vocabulary.js';

/** Scheduled mail goes out from this Berlin hour on. */
export const SEND_FROM_HOUR = 7;
/** An overdue reminder is sent only within this many days after the due date (no flood of old ones). */
export const OVERDUE_REMINDER_DAYS = 30;

/** The ISO 8601 week of a date, as "2026-W09". */
export function isoWeek(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday); // the Thursday of this week decides the year
  const year = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * The period a digest covers at this Berlin date and hour — the date (daily) or the ISO week
 * (weekly) — or null when none is due yet (before 07:00, or digests switched off).
 */
export function digestPeriod(frequency: DigestFrequency, local: { date: string; hour: number }): string | null {
  if (frequency === 'off' || local.hour < SEND_FROM_HOUR) return null;
  return frequency === 'daily' ? local.date : isoWeek(local.date);
}

/** Which reminder a reporting request due on `dueDate` gets on `today`, if any. */
export function reminderKind(dueDate: string, today: string, daysBefore: number): ReminderKind | null {
  const days = daysBetween(today, dueDate);
  if (days === null) return null;
  if (days >= 0 && days <= daysBefore) return 'due_soon';
  if (days < 0 && -days <= OVERDUE_REMINDER_DAYS) return 'overdue';
  return null;
}
