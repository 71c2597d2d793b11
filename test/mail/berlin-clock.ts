/** The clock of the scheduled-mail tests: instants in Berlin time, counted from the app's today. */
import { berlinDayStartUtc } from '../../src/domain/berlin-time.js';
import { addDays, todayIso } from '../../src/domain/dates.js';

/** An instant at `hour` o'clock Berlin time on `date`. */
export function berlinAt(date: string, hour: number): Date {
  return new Date(Date.parse(berlinDayStartUtc(date)) + hour * 3_600_000);
}

/**
 * Tomorrow in Berlin, the app's today plus one (a day after every row a test writes with the real
 * clock), and eight o'clock that day, when the tests run reminders and digests. Read when a test
 * file starts (a module that kept them would keep them for every file of a worker).
 */
export function tomorrowMorning(): { TOMORROW: string; MORNING: Date } {
  const tomorrow = addDays(todayIso(), 1);
  return { TOMORROW: tomorrow, MORNING: berlinAt(tomorrow, 8) };
}
