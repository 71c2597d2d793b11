/**
 * German dates as resolutions print them: "16. März 2017", "am 16. und 17. März 2017",
 * "19./ 20. März 2014", "30. Juni bis 1. Juli 2022", "16.–17.03.2017", "12.05.2022".
 */

export const MONTHS: readonly string[] = [
  'januar', 'februar', 'märz', 'april', 'mai', 'juni',
  'juli', 'august', 'september', 'oktober', 'november', 'dezember',
];

const MONTH_ALTERNATIVES = 'Januar|Jänner|Februar|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember';
const RANGE_SEPARATOR = String.raw`\s*(?:und|bis|/|-|–|—)\s*`;

/**
 * A year after a month's name; a scan's text recognition may set its digits apart ("6. November
 * 20 1 4"), single spaces between four digits and nothing after but a non-digit.
 */
const WRITTEN_YEAR = String.raw`(\d{4}|\d(?: ?\d){3}(?![ ]?\d))`;
/** "16. und 17. März 2017", "30. Juni bis 1. Juli 2022", "16. März 2017", "6. November 20 1 4". */
const WRITTEN_DATE = new RegExp(
  String.raw`(\d{1,2})\.\s*(?:(${MONTH_ALTERNATIVES})\s*)?(?:${RANGE_SEPARATOR}(\d{1,2})\.\s*)?(${MONTH_ALTERNATIVES})\s+${WRITTEN_YEAR}`,
  'iu',
);
/** "16.–17.03.2017", "16./17.03.2017", "30.06.–01.07.2022", "12.05.2022". */
const NUMERIC_DATE = new RegExp(
  String.raw`(\d{1,2})\.(?:(\d{1,2})\.)?(?:${RANGE_SEPARATOR}(\d{1,2})\.)?(\d{1,2})\.(\d{4})`,
  'u',
);

/** "11.06.2025 - 12.06.2025", "30.06.2022 bis 01.07.2022": both dates written out in full. */
const FULL_NUMERIC_RANGE = new RegExp(
  String.raw`(\d{1,2})\.(\d{1,2})\.(\d{4})${RANGE_SEPARATOR}(\d{1,2})\.(\d{1,2})\.(\d{4})`,
  'u',
);

export interface DateRange {
  readonly start: string;
  readonly end: string;
  /** Index of the match in the searched text and its length. */
  readonly index: number;
  readonly length: number;
}

export function monthNumber(name: string): number | null {
  const lower = name.toLowerCase();
  if (lower === 'jänner') return 1;
  if (lower === 'maerz') return 3;
  const index = MONTHS.indexOf(lower);
  return index < 0 ? null : index + 1;
}

/** An ISO date if day/month/year form a real calendar date. */
export function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  if (year < 1900 || year > 2100) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function range(startDay: number, startMonth: number, endDay: number, endMonth: number, year: number): { start: string; end: string } | null {
  const end = isoDate(year, endMonth, endDay);
  // "30. Dezember bis 2. Januar 2020": the start lies in the previous year.
  const startYear = startMonth > endMonth ? year - 1 : year;
  const start = isoDate(startYear, startMonth, startDay);
  return start && end && start <= end ? { start, end } : null;
}

function fromWritten(match: RegExpExecArray): { start: string; end: string } | null {
  const [, firstDay = '', firstMonth, secondDay, lastMonth = '', yearText = ''] = match;
  const endMonth = monthNumber(lastMonth);
  if (endMonth === null) return null;
  const startMonth = firstMonth ? monthNumber(firstMonth) : endMonth;
  if (startMonth === null) return null;
  const endDay = Number(secondDay ?? firstDay);
  return range(Number(firstDay), startMonth, endDay, endMonth, Number(yearText.replace(/ /g, '')));
}

function fromNumeric(match: RegExpExecArray): { start: string; end: string } | null {
  const [, firstDay = '', firstMonth, secondDay, lastMonth = '', yearText = ''] = match;
  const endMonth = Number(lastMonth);
  const startMonth = firstMonth ? Number(firstMonth) : endMonth;
  const endDay = Number(secondDay ?? firstDay);
  return range(Number(firstDay), startMonth, endDay, endMonth, Number(yearText));
}

function fromFullNumeric(match: RegExpExecArray): { start: string; end: string } | null {
  const [, firstDay = '', firstMonth = '', firstYear = '', lastDay = '', lastMonth = '', lastYear = ''] = match;
  const start = isoDate(Number(firstYear), Number(firstMonth), Number(firstDay));
  const end = isoDate(Number(lastYear), Number(lastMonth), Number(lastDay));
  return start && end && start <= end ? { start, end } : null;
}

/** Longest text searched for a date: dates are looked for in headers and short phrases. */
const SEARCH_LIMIT = 2000;

/** The first date or date range in the text, written or numeric. */
export function findDateRange(text: string): DateRange | null {
  const searched = text.slice(0, SEARCH_LIMIT);
  const candidates: DateRange[] = [];
  for (const [pattern, convert] of [[WRITTEN_DATE, fromWritten], [FULL_NUMERIC_RANGE, fromFullNumeric], [NUMERIC_DATE, fromNumeric]] as const) {
    const match = pattern.exec(searched);
    const dates = match ? convert(match) : null;
    if (match && dates) candidates.push({ ...dates, index: match.index, length: match[0].length });
  }
  // Where two forms match at the same place, the longer one reads more of it (a range over a single date).
  candidates.sort((a, b) => a.index - b.index || b.length - a.length);
  return candidates[0] ?? null;
}

/** A line that holds a date and nothing else ("10.12.2019", "10. Dezember 2019"): it names no meeting. */
export function isDateOnly(text: string): boolean {
  const trimmed = text.trim();
  const date = findDateRange(trimmed);
  return date !== null && date.index === 0 && date.length === trimmed.length;
}
