/**
 * The meeting header of a document: "12. Integrationsministerkonferenz 2017 / am 16. und 17.
 * März 2017 in Friedrichshafen", "(84. Gesundheitsministerkonferenz) am 29. und 30. Juni 2011 in
 * Frankfurt am Main", "9. Konferenz der für Integration zuständigen Ministerinnen … am 19./ 20.
 * März 2014 in Halle (Saale)", "Umlaufverfahren", "Videokonferenz".
 */
import type { ImportMeeting } from '../import-format.js';
import { findConference, findDescribedConference, isConferenceWord, memberMentions, type Conference } from './conferences.js';
import { findDateRange, type DateRange } from './dates.js';

export interface MeetingHeader {
  /** Short name, or null when no conference is named. */
  conference: string | null;
  /** Fields the text does not state are null (`year` too, where no year is printed anywhere). */
  meeting: ImportMeeting;
}

const REMOTE_MEETING = /umlaufverfahren|videokonferenz|videoschalt|telefonkonferenz|schriftlichen verfahren|schriftliches verfahren|online-sitzung|webex/i;

/**
 * Nouns of a header line rather than of a place: "Sitzung", "Beschlüsse", "Ergebnisprotokoll", and
 * the agenda item a copy names after the date ("vom 01.07.2010, Tagesordnungspunkt" / "5.10 …").
 */
const HEADER_NOUN = /(?:ung|ungen|beschlüsse|beschlu(?:ss|ß)|protokoll|niederschrift|sammlung|stand|top|punkt)$/i;

/** Words that may join the words of a place name: "Frankfurt am Main", "Halle an der Saale". */
const PLACE_JOINERS: ReadonlySet<string> = new Set(['am', 'an', 'der', 'im', 'in', 'ob', 'vor', 'bei', 'auf', 'unter', 'a.', 'a.d.', 'i.']);
/** Capitalised words after "in" that do not start a place ("in Form einer Videokonferenz"). */
const NOT_PLACES: ReadonlySet<string> = new Set(['Form', 'Zeit', 'Verbindung', 'Vertretung', 'Anwesenheit', 'Abwesenheit', 'Kraft', 'Höhe']);
/**
 * The labels of an office's address block ("Briefpostanschrift:", "Telefon:"): where a cover letter
 * runs into one line, the first of them follows the place ("… in Hamburg Briefpostanschrift: c/o …").
 */
const ADDRESS_LABEL = /^(?:\p{L}*anschrift|Telefon|Telefax|Fax|E-Mail|Internet|Durchwahl):$/iu;

/**
 * "in Halle (Saale)" → "Halle (Saale)"; null when no place follows "in". Lines of the header are
 * separated by " \n " so a place name never runs into the next line; it may start on the next
 * line where "in" ends a line ("… vom 24./25.06.2009 in" / "Erfurt hat …").
 */
function placeAfter(text: string): string | null {
  const words = text.split(' ');
  for (let i = 0; i < words.length - 1; i++) {
    if (words[i] !== 'in') continue;
    const place = readPlaceName(words, words[i + 1] === '\n' ? i + 2 : i + 1);
    if (place) return place;
  }
  return null;
}

/**
 * Index of the name word that the joiners at `index` lead to: "am Main", "an der Weinstraße",
 * "in der Pfalz"; -1 when none does. After two joiners the name must end the place, so that a
 * venue ("in der Landesvertretung Bayern") does not join.
 */
function joinedName(words: readonly string[], index: number): number {
  let next = index;
  while (next < words.length && next - index < 2 && PLACE_JOINERS.has(words[next]!)) next += 1;
  const name = words[next] ?? '';
  if (next === index || !/^\p{Lu}/u.test(name) || NOT_PLACES.has(name.replace(/[,.;:]$/, ''))) return -1;
  return next - index === 2 && /^\p{Lu}/u.test(words[next + 1] ?? '') ? -1 : next;
}

function readPlaceName(words: readonly string[], start: number): string | null {
  const first = words[start] ?? '';
  if (!/^\p{Lu}\p{Ll}/u.test(first) || NOT_PLACES.has(first.replace(/[,.;:]$/, ''))) return null;
  const parts: string[] = [];
  for (let i = start; i < words.length && parts.length < 8; i++) {
    const word = words[i]!;
    if (i > start && ADDRESS_LABEL.test(word)) break;
    const isName = /^\p{Lu}/u.test(word) || /^\(\p{Lu}[\p{L}.\s-]*\)[,.;]?$/u.test(word);
    const joined = isName ? -1 : joinedName(words, i);
    if (!isName && joined < 0) break;
    if (joined > i) {
      parts.push(...words.slice(i, joined));
      i = joined - 1; // the name word itself is read next
      continue;
    }
    parts.push(word);
    if (/[,;:]$/.test(word) || /^\d/.test(words[i + 1] ?? '')) break;
  }
  const place = parts.join(' ').replace(/[,.;:]+$/, '');
  return place === '' ? null : place;
}

/**
 * A place set off from the dates by a comma on the same line: "Berlin, 14. und 15. März 2024" or
 * "29. November bis 1. Dezember 2023, Berlin". Null when the line holds more than the place.
 */
function placeBesideDate(beforeDates: string, afterDates: string): string | null {
  const lineBefore = beforeDates.slice(beforeDates.lastIndexOf(' \n ') + 1).trim();
  const before = /^(\p{Lu}[\p{L}() .-]{1,40}),(?:\s*(?:am|vom|den))?$/u.exec(lineBefore);
  if (before) return wholePlaceName(before[1]!);
  const lineAfter = afterDates.split(' \n ')[0]!.trim();
  const after = /^,\s*(\p{Lu}[\p{L}() .-]{1,40}?)\.?$/u.exec(lineAfter);
  return after ? wholePlaceName(after[1]!) : null;
}

/** The text as a place name if all of it reads as one ("Frankfurt am Main", not "Sitzung der Konferenz"). */
function wholePlaceName(text: string): string | null {
  const words = text.trim().split(' ');
  if (words.some((word) => isConferenceWord(word) || HEADER_NOUN.test(word))) return null;
  const place = readPlaceName(words, 0);
  return place !== null && place.split(' ').length === words.length ? place : null;
}

/** The ordinal printed right before a conference mention: "(84. Gesundheitsministerkonferenz)". */
function ordinalBefore(text: string, index: number): number | null {
  // "der 203. Sitzung" / "der Ständigen Konferenz …" may stand on two lines of the header.
  const before = text.slice(Math.max(0, index - 40), index).replace(/ \n /g, ' ').slice(-30);
  // "95. Konferenz der Justizministerinnen …": the ordinal comes before "Konferenz der" and the members.
  const match = /(\d{1,3})\.\s*(?:\(\s*|(?:ordentliche[nr]? |Sonder)?(?:Sitzung|Tagung|Konferenz) de[rs] |ordentliche[nr]? )?$/.exec(before);
  return match ? Number(match[1]) : null;
}

/**
 * "Umweltministerkonferenz … der 98. Umweltministerkonferenz": the first mention with an ordinal; also one by the
 * members under a title that names the conference ("Verbraucherschutzministerkonferenz setzt … Impulse" / "… die 18.
 * Konferenz der Verbraucherschutzministerinnen und -minister …").
 */
function ordinalOfAnyMention(text: string, conference: Conference): number | null {
  const searched = text.slice(0, 4000);
  const lower = searched.toLowerCase();
  for (const [haystack, form] of [...conference.names.map((name) => [lower, name] as const), [searched, conference.short] as const]) {
    for (let index = haystack.indexOf(form); index >= 0; index = haystack.indexOf(form, index + 1)) {
      const ordinal = ordinalBefore(searched, index);
      if (ordinal !== null) return ordinal;
    }
  }
  for (const index of memberMentions(searched, conference)) {
    const ordinal = ordinalBefore(searched, index);
    if (ordinal !== null) return ordinal;
  }
  return null;
}

/**
 * "98. Konferenz der Ministerinnen und Minister … für Arbeit und Soziales der Länder (ASMK)": the
 * short name comes first among the mentions, the ordinal stands before the description.
 */
function ordinalOfDescription(text: string, conference: Conference): number | null {
  // A letterhead may describe first, without an ordinal ("Geschäftsstelle der Konferenz" / "Ministerium für
  // Soziales, Gesundheit und Integration"): the next description is looked at, a few at most.
  const searched = text.slice(0, 4000);
  for (let offset = 0, steps = 0; steps < MAX_DESCRIPTIONS; steps++) {
    const described = findDescribedConference(searched.slice(offset));
    if (!described) return null;
    const at = offset + described.index;
    const ordinal = described.conference === conference ? ordinalBefore(searched, at) : null;
    if (ordinal !== null) return ordinal;
    offset = at + 1;
  }
  return null;
}

/** Descriptions of a conference looked at for its ordinal. */
const MAX_DESCRIPTIONS = 6;

function firstYear(text: string): number | null {
  for (const match of text.slice(0, 4000).matchAll(/\b(19[4-9]\d|20\d\d)\b/g)) return Number(match[1]);
  return null;
}

/**
 * A year in the running text counts only beside a mention of the conference, on its line ("Beschluss
 * der JFMK 2009"); elsewhere it is the year of something else ("Masterplan Medizinstudium 2020").
 */
function yearNearMention(text: string, conference: Conference): number | null {
  let offset = 0;
  for (let steps = 0; steps < 20; steps++) {
    const mention = findConference(text.slice(offset, offset + 4000));
    if (!mention) return null;
    const at = offset + mention.index;
    // On the mention's own line, close to it.
    const year = mention.conference === conference ? firstYear(text.slice(at, at + 60).split('\n')[0]!) : null;
    if (year !== null) return year;
    offset = at + 1;
  }
  return null;
}

/**
 * "Sammlung der … Beschlüsse der 218. Sitzung" under the conference's name: the ordinal of a
 * session where the header names the conference on a line of its own.
 */
function ordinalOfSession(text: string): number | null {
  const match = /(?:^|\s)(\d{1,3})\.\s*(?:ordentlichen?\s+)?(?:Sitzung|Tagung|Plenarsitzung|Hauptkonferenz)\b/.exec(text.slice(0, 2000));
  return match ? Number(match[1]) : null;
}

/**
 * The meeting's dates: the first date the header introduces as the meeting's ("am 4./5. Juni
 * 2007", "vom 03. bis 04. Dezember 2015"), else its first date. A cover letter's own date
 * ("Berlin, 21. Juni 2007") comes before the meeting's in a collection sent by a secretariat.
 */
function meetingDates(headerText: string): DateRange | null {
  const first = findDateRange(headerText);
  if (!first) return null;
  let offset = 0;
  for (let date: DateRange | null = first, steps = 0; date && steps < 8; steps++) {
    const start = offset + date.index;
    if (/\b(?:am|vom|von)\s*$/i.test(headerText.slice(Math.max(0, start - 6), start))) return { ...date, index: start };
    offset = start + date.length;
    date = findDateRange(headerText.slice(offset));
  }
  return first;
}

/**
 * "Stand: 10.12.2019", "Stand vom 9. April 2019": the date of the document's version (an agenda's,
 * a protocol's running footer), never the meeting's. Blanked out with spaces (the text keeps its
 * length), so that neither the meeting's dates nor its year are read from it.
 */
function withoutVersionDates(text: string): string {
  let result = text;
  let offset = 0;
  for (let steps = 0; steps < 20; steps++) {
    const date = findDateRange(result.slice(offset));
    if (!date) break;
    const start = offset + date.index;
    offset = start + date.length;
    if (VERSION_DATE.test(result.slice(Math.max(0, start - 12), start))) {
      result = `${result.slice(0, start)}${' '.repeat(date.length)}${result.slice(offset)}`;
    }
  }
  return result;
}

const VERSION_DATE = /\bStand(?::|\s+vom)?\s*$/i;

/**
 * Reads the meeting from header text (title page or running header). `fallbackText` (the rest
 * of the document) is searched for the conference and year only when the header lacks them.
 */
export function parseMeetingHeader(header: string, fallbackText: string): MeetingHeader {
  const headerText = header.includes('Stand') || header.includes('stand') ? withoutVersionDates(header) : header;
  const mention = findConference(headerText) ?? findConference(fallbackText);
  const inHeader = mention !== null && findConference(headerText) !== null;
  const number = mention && inHeader
    ? (ordinalBefore(headerText, mention.index) ?? ordinalOfAnyMention(headerText, mention.conference)
      ?? ordinalOfDescription(headerText, mention.conference) ?? ordinalOfSession(headerText))
    : null;
  const dates = meetingDates(headerText);
  const afterDates = dates ? headerText.slice(dates.index + dates.length) : '';
  const remote = REMOTE_MEETING.test(headerText.slice(0, 4000));
  const place = remote ? null : (placeAfter(afterDates.slice(0, 200)) ?? placeAfter(headerText.slice(0, 2000))
    ?? (dates ? placeBesideDate(headerText.slice(0, dates.index), afterDates) : null));
  const yearAfterName = mention && inHeader ? firstYear(headerText.slice(mention.index, mention.index + 200)) : null;
  const year = dates ? Number(dates.end.slice(0, 4)) : (yearAfterName ?? firstYear(headerText)
    ?? (mention ? yearNearMention(fallbackText, mention.conference) : null));
  return {
    conference: mention?.conference.short ?? null,
    meeting: {
      number: number !== null && number > 0 ? number : null,
      year,
      startDate: dates?.start ?? null,
      endDate: dates?.end ?? null,
      place,
    },
  };
}
