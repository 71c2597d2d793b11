/**
 * Timestamps are stored in UTC; people in the administration read and filter them in German local
 * time (Europe/Berlin, MEZ/MESZ). Pure functions over Intl (Node ships full ICU).
 */

export const BERLIN = 'Europe/Berlin';

/**
 * The formats are built on first use, not at import: building one loads ICU's time-zone data
 * (about 10–20 ms), which a command-line tool that never asks for a date or time need not pay; a
 * server pays it once, with the first page that asks for today's date (dates.ts: todayIso).
 */
function lazy<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= create());
}

const displayFormat = lazy(() => new Intl.DateTimeFormat('de-DE', {
  timeZone: BERLIN,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
}));

const partsFormat = lazy(() => new Intl.DateTimeFormat('en-US', {
  timeZone: BERLIN,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
}));

/** "25.11.2026, 10:29:39 MEZ" for an ISO UTC timestamp; '' for none, the input for garbage. */
export function formatBerlinDateTime(isoUtc: string | null | undefined): string {
  if (!isoUtc) return '';
  const date = new Date(isoUtc);
  if (Number.isNaN(date.getTime())) return isoUtc;
  return displayFormat().format(date);
}

/** Milliseconds Berlin local time is ahead of UTC at the given instant (3,600,000 or 7,200,000). */
function berlinOffsetMs(instant: number): number {
  const p: Record<string, number> = {};
  for (const part of partsFormat().formatToParts(new Date(instant))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The UTC instant (ISO) at which the Berlin calendar day `isoDate` (YYYY-MM-DD) begins.
 * Berlin changes its clocks at 02:00/03:00, so local midnight always exists exactly once.
 */
export function berlinDayStartUtc(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  let instant = guess - berlinOffsetMs(guess);
  instant = guess - berlinOffsetMs(instant);
  return new Date(instant).toISOString();
}

/** The Berlin calendar date (YYYY-MM-DD) and hour (0–23) at an instant. */
export function berlinDateAndHour(instant: Date): { date: string; hour: number } {
  const local = new Date(instant.getTime() + berlinOffsetMs(instant.getTime()));
  return { date: local.toISOString().slice(0, 10), hour: local.getUTCHours() };
}
