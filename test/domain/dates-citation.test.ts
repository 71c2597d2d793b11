import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatDateLong, formatDateRange, formatDateShort, isIsoDate, parseGermanOrIsoDate, todayIso } from '../../src/domain/dates.js';
import { demandAnchor, demandPath, demandPathIn, meetingLabel, meetingUrlKey, resolutionPath } from '../../src/domain/citation.js';

describe('dates', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives today as the date in Berlin, a new one from Berlin midnight on, and the Berlin date of a given moment', () => {
    vi.useFakeTimers();
    // winter (MEZ, UTC+1): the Berlin day begins at 23:00 UTC
    vi.setSystemTime(new Date('2026-12-06T22:59:59.999Z'));
    expect(todayIso()).toBe('2026-12-06');
    expect(todayIso()).toBe('2026-12-06');
    vi.setSystemTime(new Date('2026-12-06T23:00:00.000Z'));
    expect(todayIso()).toBe('2026-12-07');
    vi.setSystemTime(new Date('2026-12-06T23:30:00.000Z'));
    expect(todayIso()).toBe('2026-12-07');
    vi.setSystemTime(new Date('2026-12-07T00:00:00.000Z'));
    expect(todayIso()).toBe('2026-12-07');
    // a clock set back (tests, a corrected system clock) is followed too
    vi.setSystemTime(new Date('1969-12-31T12:00:00.000Z'));
    expect(todayIso()).toBe('1969-12-31');
    vi.setSystemTime(new Date('1969-12-31T23:00:00.000Z'));
    expect(todayIso()).toBe('1970-01-01');
    // summer (MESZ, UTC+2): the Berlin day begins at 22:00 UTC
    vi.setSystemTime(new Date('2024-07-01T21:59:59.999Z'));
    expect(todayIso()).toBe('2024-07-01');
    vi.setSystemTime(new Date('2024-07-01T22:00:00.000Z'));
    expect(todayIso()).toBe('2024-07-02');
  });

  it('gives the Berlin date of a given moment, across month ends and the clock changes', () => {
    expect(todayIso(new Date('2024-02-29T22:59:59.999Z'))).toBe('2024-02-29');
    expect(todayIso(new Date('2024-02-29T23:00:00.000Z'))).toBe('2024-03-01');
    expect(todayIso(new Date('2024-03-01T00:00:00.000Z'))).toBe('2024-03-01');
    expect(todayIso(new Date('2024-07-01T21:59:59.000Z'))).toBe('2024-07-01');
    expect(todayIso(new Date('2024-07-01T22:00:00.000Z'))).toBe('2024-07-02');
    // the day the clocks go forward (Sunday 31 March 2024, 02:00 MEZ → 03:00 MESZ, i.e. 01:00 UTC):
    // it began at 23:00 UTC and the next day begins at 22:00 UTC
    expect(todayIso(new Date('2024-03-30T22:59:59.999Z'))).toBe('2024-03-30');
    expect(todayIso(new Date('2024-03-30T23:00:00.000Z'))).toBe('2024-03-31');
    expect(todayIso(new Date('2024-03-31T00:59:59.999Z'))).toBe('2024-03-31');
    expect(todayIso(new Date('2024-03-31T01:00:00.000Z'))).toBe('2024-03-31');
    expect(todayIso(new Date('2024-03-31T21:59:59.999Z'))).toBe('2024-03-31');
    expect(todayIso(new Date('2024-03-31T22:00:00.000Z'))).toBe('2024-04-01');
    // the day the clocks go back (Sunday 27 October 2024, 03:00 MESZ → 02:00 MEZ, i.e. 01:00 UTC):
    // it began at 22:00 UTC and the next day begins at 23:00 UTC
    expect(todayIso(new Date('2024-10-26T21:59:59.999Z'))).toBe('2024-10-26');
    expect(todayIso(new Date('2024-10-26T22:00:00.000Z'))).toBe('2024-10-27');
    expect(todayIso(new Date('2024-10-27T00:30:00.000Z'))).toBe('2024-10-27');
    expect(todayIso(new Date('2024-10-27T01:30:00.000Z'))).toBe('2024-10-27');
    expect(todayIso(new Date('2024-10-27T22:59:59.999Z'))).toBe('2024-10-27');
    expect(todayIso(new Date('2024-10-27T23:00:00.000Z'))).toBe('2024-10-28');
    // New Year's Eve in Berlin
    expect(todayIso(new Date('2026-12-31T22:59:59.999Z'))).toBe('2026-12-31');
    expect(todayIso(new Date('2026-12-31T23:00:00.000Z'))).toBe('2027-01-01');
    expect(() => todayIso(new Date('kein Datum'))).toThrow(RangeError);
  });

  it('formats German dates and ranges', () => {
    expect(formatDateLong('2017-03-16')).toBe('16. März 2017');
    expect(formatDateShort('2017-03-06')).toBe('06.03.2017');
    expect(formatDateRange('2017-03-16', '2017-03-17')).toBe('16.–17. März 2017');
    expect(formatDateRange('2011-06-30', '2011-07-01')).toBe('30. Juni – 1. Juli 2011');
    expect(formatDateRange('2020-12-31', '2021-01-01')).toBe('31. Dezember 2020 – 1. Januar 2021');
    expect(formatDateRange('2022-05-12', '2022-05-12')).toBe('12. Mai 2022');
    expect(formatDateRange(null, null)).toBe('');
  });

  it('formats exactly as parsing the date with its regular expression did, for any text', () => {
    // the formatting before it read the digits character by character
    const reference = (iso: string, long: boolean) => {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
      if (!match) return iso;
      const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
      const months = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];
      return long ? `${d}. ${months[m - 1]} ${y}` : `${String(d).padStart(2, '0')}.${String(m).padStart(2, '0')}.${y}`;
    };
    const digits = (n: number) => fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '5', '9'), minLength: n, maxLength: n });
    const isoLike = fc.tuple(digits(4), digits(2), digits(2)).map(([y, m, d]) => `${y}-${m}-${d}`);
    fc.assert(
      fc.property(fc.oneof(isoLike, fc.string({ maxLength: 12 }), fc.constantFrom('0999-01-02', '2017-13-00', '2017-03-16 ', '２017-03-16')), (text) => {
        expect(formatDateShort(text)).toBe(text ? reference(text, false) : '');
        expect(formatDateLong(text)).toBe(text ? reference(text, true) : '');
      }),
      { numRuns: 2000 },
    );
    expect(formatDateShort(undefined)).toBe('');
    expect(formatDateLong(null)).toBe('');
  });

  it('parses German and ISO input and rejects impossible dates', () => {
    expect(parseGermanOrIsoDate('30.06.2019')).toBe('2019-06-30');
    expect(parseGermanOrIsoDate('1.7.2019')).toBe('2019-07-01');
    expect(parseGermanOrIsoDate('2019-06-30')).toBe('2019-06-30');
    for (const bad of ['31.02.2019', '2019-13-01', 'gestern', '', '2019-6-3']) expect(parseGermanOrIsoDate(bad)).toBeNull();
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
  });
});

describe('citation', () => {
  it('keys meetings by ordinal, else by start date', () => {
    expect(meetingUrlKey({ number: 12, startDate: '2017-03-16' })).toBe('12');
    expect(meetingUrlKey({ number: null, startDate: '2022-05-12' })).toBe('2022-05-12');
    expect(() => meetingUrlKey({ number: null, startDate: null })).toThrow();
  });

  it('builds stable resolution URLs and demand anchors', () => {
    expect(resolutionPath('intmk', '12', '2.12')).toBe('/intmk/12/top/2.12');
    expect(resolutionPath('umk', '2022-05-12', '3/5/46')).toBe('/umk/2022-05-12/top/3%2F5%2F46');
    expect(demandAnchor('3')).toBe('ziffer-3');
    expect(demandAnchor(null)).toBe('beschluss');
    expect(demandPath('umk', '2022-05-12', '3/5/46', '2a')).toBe('/umk/2022-05-12/top/3%2F5%2F46/ziffer/2a');
    expect(demandPathIn(resolutionPath('umk', '2022-05-12', '3/5/46'), '2 a')).toBe('/umk/2022-05-12/top/3%2F5%2F46/ziffer/2%20a');
  });
});

describe('meetingLabel', () => {
  it('names a meeting by its ordinal, or by its date where it has none', () => {
    expect(meetingLabel('IntMK', { number: 12, year: 2017, startDate: '2017-03-16' })).toBe('12. IntMK 2017');
    expect(meetingLabel('GMK', { number: null, year: 2022, startDate: '2022-05-12' })).toBe('GMK 12.05.2022');
  });
});
