import { describe, expect, it } from 'vitest';
import { berlinDateAndHour } from '../../src/domain/berlin-time.js';
import { digestPeriod, isoWeek, OVERDUE_REMINDER_DAYS, reminderKind } from '../../src/domain/mail-schedule.js';

describe('when scheduled mail is due', () => {
  it('numbers ISO weeks, also across the turn of the year', () => {
    expect(isoWeek('2026-01-01')).toBe('2026-W01'); // a Thursday
    expect(isoWeek('2027-01-01')).toBe('2026-W53'); // a Friday: still the last week of 2026
    expect(isoWeek('2024-12-30')).toBe('2025-W01'); // a Monday: the first week of 2025
    expect(isoWeek('2026-03-01')).toBe('2026-W09'); // a Sunday ends its week
    expect(isoWeek('2026-03-02')).toBe('2026-W10');
  });

  it('gives a digest one period a day or a week, from seven in the morning', () => {
    expect(digestPeriod('daily', { date: '2026-03-02', hour: 6 })).toBeNull();
    expect(digestPeriod('daily', { date: '2026-03-02', hour: 7 })).toBe('2026-03-02');
    expect(digestPeriod('weekly', { date: '2026-03-04', hour: 9 })).toBe('2026-W10');
    expect(digestPeriod('off', { date: '2026-03-04', hour: 9 })).toBeNull();
  });

  it('reminds before the due date within the window and once overdue for a limited time', () => {
    expect(reminderKind('2026-03-20', '2026-03-01', 14)).toBeNull();
    expect(reminderKind('2026-03-15', '2026-03-01', 14)).toBe('due_soon');
    expect(reminderKind('2026-03-01', '2026-03-01', 14)).toBe('due_soon');
    expect(reminderKind('2026-02-28', '2026-03-01', 14)).toBe('overdue');
    expect(reminderKind('2026-03-01', '2026-03-31', 14)).toBe('overdue');
    expect(OVERDUE_REMINDER_DAYS).toBe(30);
    expect(reminderKind('2026-03-01', '2026-04-01', 14)).toBeNull(); // 31 days overdue: no more reminders
  });

  it('reads the Berlin date and hour of an instant, in winter and summer time', () => {
    expect(berlinDateAndHour(new Date('2026-01-15T06:30:00Z'))).toEqual({ date: '2026-01-15', hour: 7 });
    expect(berlinDateAndHour(new Date('2026-07-15T22:30:00Z'))).toEqual({ date: '2026-07-16', hour: 0 });
  });
});
