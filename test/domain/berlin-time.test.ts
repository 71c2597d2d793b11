import { describe, expect, it } from 'vitest';
import { berlinDayStartUtc, formatBerlinDateTime } from '../../src/domain/berlin-time.js';
import { addDays } from '../../src/domain/dates.js';

describe('Berlin local time', () => {
  it('names the zone: MEZ in winter, MESZ in summer', () => {
    expect(formatBerlinDateTime('2026-01-01T12:00:00.000Z')).toBe('01.01.2026, 13:00:00 MEZ');
    expect(formatBerlinDateTime('2026-07-01T22:00:00.000Z')).toBe('02.07.2026, 00:00:00 MESZ');
    expect(formatBerlinDateTime(null)).toBe('');
    expect(formatBerlinDateTime('kein Datum')).toBe('kein Datum');
  });

  it('finds the UTC start of a Berlin day, also on the days the clocks change', () => {
    expect(berlinDayStartUtc('2026-01-15')).toBe('2026-01-14T23:00:00.000Z');
    expect(berlinDayStartUtc('2026-07-01')).toBe('2026-06-30T22:00:00.000Z');
    // 29 March 2026: clocks go forward at 02:00 — the day starts in MEZ, the next one in MESZ
    expect(berlinDayStartUtc('2026-03-29')).toBe('2026-03-28T23:00:00.000Z');
    expect(berlinDayStartUtc('2026-03-30')).toBe('2026-03-29T22:00:00.000Z');
    // 25 October 2026: clocks go back at 03:00
    expect(berlinDayStartUtc('2026-10-25')).toBe('2026-10-24T22:00:00.000Z');
    expect(berlinDayStartUtc('2026-10-26')).toBe('2026-10-25T23:00:00.000Z');
  });

  it('counts days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});
