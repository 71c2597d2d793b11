/**
 * The meeting given on the command line (`npm run import -- --meeting 91 --year 2020 DATEI`): a
 * single published resolution often names neither its conference's meeting number nor its date,
 * and the browser's preview asks for them; on the command line these options answer the same
 * question. They fill only what the text leaves open: a value that contradicts the text refuses
 * the file (nothing stored), since which of the two is right only a person can tell.
 */
import { conferenceSlug } from '../domain/citation.js';
import { parseGermanOrIsoDate } from '../domain/dates.js';
import type { ImportMeeting, ImportResolution } from '../domain/import-format.js';
import { meetingIncomplete } from '../domain/import-edit.js';
import { translate } from '../i18n.js';

/** The parser's name for a conference the text does not name. */
const UNKNOWN_CONFERENCE = 'unbekannt';

export interface GivenMeeting {
  conference?: string;
  number?: number;
  year?: number;
  startDate?: string;
  endDate?: string;
  place?: string;
}

/** The raw option values as `parseArgs` returns them. */
export interface MeetingOptionValues {
  conference?: string | undefined;
  meeting?: string | undefined;
  year?: string | undefined;
  date?: string | undefined;
  'end-date'?: string | undefined;
  place?: string | undefined;
}

/** The `parseArgs` declaration of the options. */
export const MEETING_OPTIONS = {
  conference: { type: 'string' },
  meeting: { type: 'string' },
  year: { type: 'string' },
  date: { type: 'string' },
  'end-date': { type: 'string' },
  place: { type: 'string' },
} as const;

export const MEETING_USAGE = translate('cli.meeting.usage');

function wholeNumber(option: string, value: string, min: number, max: number): number {
  const text = value.trim();
  if (!/^\d{1,4}$/.test(text) || Number(text) < min || Number(text) > max)
    throw new Error(translate('cli.meeting.notWholeNumber', { option, value: text.slice(0, 20), min, max }));
  return Number(text);
}

function date(option: string, value: string): string {
  const iso = parseGermanOrIsoDate(value);
  if (iso === null) throw new Error(translate('cli.meeting.notDate', { option, value: value.trim().slice(0, 20) }));
  return iso;
}

/** Reads the options; throws an Error with a German message for a value that cannot be one. */
export function readMeetingOptions(values: MeetingOptionValues): GivenMeeting {
  const given: GivenMeeting = {};
  const text = (option: keyof MeetingOptionValues): string | undefined => {
    const value = values[option]?.trim();
    if (value === '') throw new Error(translate('cli.meeting.valueMissing', { option }));
    return value;
  };
  const conference = text('conference');
  if (conference !== undefined) {
    if (conference.length > 40 || /\s/.test(conference) || conferenceSlug(conference) === UNKNOWN_CONFERENCE)
      throw new Error(translate('cli.meeting.notConference', { value: conference.slice(0, 40) }));
    given.conference = conference;
  }
  const number = text('meeting');
  if (number !== undefined) given.number = wholeNumber('meeting', number.replace(/\.$/, ''), 1, 9999);
  const year = text('year');
  if (year !== undefined) given.year = wholeNumber('year', year, 1949, 2100);
  const start = text('date');
  if (start !== undefined) given.startDate = date('date', start);
  const end = text('end-date');
  if (end !== undefined) given.endDate = date('end-date', end);
  const place = text('place');
  if (place !== undefined) given.place = place.slice(0, 200);
  if (given.startDate !== undefined && given.year !== undefined && Number(given.startDate.slice(0, 4)) !== given.year)
    throw new Error(translate('cli.meeting.dateOutsideYear', { date: given.startDate.split('-').reverse().join('.'), year: given.year }));
  if (given.endDate !== undefined && given.startDate === undefined)
    throw new Error(translate('cli.meeting.endNeedsStart'));
  if (given.endDate !== undefined && given.startDate !== undefined && given.endDate < given.startDate)
    throw new Error(translate('cli.meeting.endBeforeStart'));
  return given;
}

const GERMAN_DATE = (iso: string | number): string => String(iso).split('-').reverse().join('.');

/** How a contradiction names the meeting's part ("Der Text nennt das Jahr 2019, …"). */
const FIELD: Record<keyof ImportMeeting, string> = {
  number: translate('cli.meeting.field.number'),
  year: translate('cli.meeting.field.year'),
  startDate: translate('cli.meeting.field.startDate'),
  endDate: translate('cli.meeting.field.endDate'),
  place: translate('cli.meeting.field.place'),
};

/** What the options fill in, with the text's values kept; German problems for contradictions. */
function supplied(r: ImportResolution, given: GivenMeeting, problems: Set<string>): ImportResolution {
  const meeting: ImportMeeting = { ...r.meeting };
  let conference = r.conference;
  if (given.conference !== undefined) {
    if (conferenceSlug(conference) === UNKNOWN_CONFERENCE) conference = given.conference;
    else if (conferenceSlug(conference) !== conferenceSlug(given.conference))
      problems.add(translate('cli.meeting.conferenceClash', { text: conference, given: given.conference }));
  }
  const fill = <K extends keyof ImportMeeting>(key: K, value: NonNullable<ImportMeeting[K]> | undefined, option: string, show: (v: string | number) => string) => {
    if (value === undefined) return;
    const own = meeting[key];
    if (own === null) meeting[key] = value;
    else if (own !== value) problems.add(translate('cli.meeting.fieldClash', { field: FIELD[key], text: show(own as string | number), option, given: show(value) }));
  };
  fill('number', given.number, 'meeting', String);
  fill('year', given.year, 'year', String);
  fill('startDate', given.startDate, 'date', GERMAN_DATE);
  // one day unless told otherwise, as in the browser's form
  fill('endDate', given.endDate ?? (r.meeting.startDate === null ? given.startDate : undefined), 'end-date', GERMAN_DATE);
  fill('place', given.place, 'place', String);
  return { ...r, conference, meeting };
}

/** What the meeting of a resolution still lacks, each with the option that gives it. */
function missing(r: ImportResolution): string[] {
  const { meeting } = r;
  const parts: string[] = [];
  if (conferenceSlug(r.conference) === UNKNOWN_CONFERENCE) parts.push(translate('cli.meeting.missing.conference'));
  if (meeting.number === null && meeting.startDate === null) parts.push(translate('cli.meeting.missing.numberOrDate'));
  if (meeting.year === null && meeting.startDate === null) parts.push(translate('cli.meeting.missing.year'));
  return parts;
}

/**
 * The resolutions with the given meeting filled in where their text names none. Throws an Error
 * with one German message when an option contradicts the text, or when the meeting is still
 * incomplete (naming the options that would complete it).
 */
export function withGivenMeeting(resolutions: readonly ImportResolution[], given: GivenMeeting): ImportResolution[] {
  const problems = new Set<string>();
  const result = resolutions.map((r) => supplied(r, given, problems));
  if (problems.size > 0) throw new Error(translate('cli.meeting.contradiction', { problems: [...problems].join(' ') }));
  const lacking = result.find((r) => meetingIncomplete({ conference: r.conference, meeting: r.meeting }));
  if (lacking !== undefined) {
    const parts = missing(lacking);
    throw new Error(translate('cli.meeting.incomplete', { parts: parts.join(', ') }));
  }
  return result;
}
