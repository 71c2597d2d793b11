/**
 * The browser import's corrections: the preview shows every field the parser filled as a form
 * field, and the confirmation applies what the secretariat changed to the parsed document. Pure:
 * the caller resolves a chosen existing meeting and checks the result (services/import.ts).
 *
 * Field names per file k and resolution i: `f{k}_r{i}_include`, `_agendaItem`, `_title`,
 * `_sponsors` (several values), `_reportingLand`, `_outcome`, `_voting`, `_yes`, `_no`, `_abstain`,
 * `_formula`, and per demand j `_d{j}_number`, `_d{j}_text` (an emptied text drops the demand).
 * The meeting: `f{k}_conference`, `_number`, `_year`, `_startDate`, `_endDate`, `_place`.
 */
import { parseGermanOrIsoDate } from './dates.js';
import type { ImportMeeting, ImportResolution } from './import-format.js';
import { isOneOf, OUTCOMES, VOTINGS } from './vocabulary.js';
import { isLandCode, LAND_CODES } from './laender.js';

export type FormFields = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface MeetingChoice {
  readonly conference: string;
  readonly meeting: ImportMeeting;
}

/** The resolutions of a document, without its warnings (those stay with the parse). */
export interface Resolutions {
  readonly resolutions: readonly ImportResolution[];
}

export interface EditResult {
  readonly document: { resolutions: ImportResolution[] };
  /** German messages about values that could not be read; the document keeps the parsed value there. */
  readonly problems: string[];
}

function one(fields: FormFields, name: string): string | undefined {
  const value = fields[name];
  return Array.isArray(value) ? value[0] : (value as string | undefined);
}

function all(fields: FormFields, name: string): string[] {
  const value = fields[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? [...value] : [value as string];
}

/** A whole number ≥ min from a form field; '' gives null; anything else a problem. */
function wholeNumber(value: string, label: string, min: number, problems: string[]): number | null | undefined {
  const text = value.trim();
  if (text === '') return null;
  if (!/^\d{1,6}$/.test(text) || Number(text) < min) {
    problems.push(`${label}: „${text.slice(0, 20)}“ ist keine ganze Zahl ab ${min}.`);
    return undefined;
  }
  return Number(text);
}

function dateOrNull(value: string, label: string, problems: string[]): string | null | undefined {
  const text = value.trim();
  if (text === '') return null;
  const date = parseGermanOrIsoDate(text);
  if (date === null) problems.push(`${label}: „${text.slice(0, 20)}“ ist kein Datum (TT.MM.JJJJ).`);
  return date ?? undefined;
}

/** The meeting typed into the preview's "new meeting" fields; the parsed meeting where a field is unreadable. */
export function meetingFromFields(fields: FormFields, prefix: string, parsed: MeetingChoice, problems: string[]): MeetingChoice {
  const conference = (one(fields, `${prefix}conference`) ?? parsed.conference).trim() || parsed.conference;
  const read = <T>(name: string, convert: (value: string) => T | undefined, fallback: T): T => {
    const value = one(fields, `${prefix}${name}`);
    if (value === undefined) return fallback;
    const converted = convert(value);
    return converted === undefined ? fallback : converted;
  };
  const meeting: ImportMeeting = {
    number: read('number', (v) => wholeNumber(v, 'Sitzungsnummer', 1, problems), parsed.meeting.number),
    year: read('year', (v) => wholeNumber(v, 'Jahr', 1949, problems), parsed.meeting.year),
    startDate: read('startDate', (v) => dateOrNull(v, 'Beginn', problems), parsed.meeting.startDate),
    endDate: read('endDate', (v) => dateOrNull(v, 'Ende', problems), parsed.meeting.endDate),
    place: read('place', (v) => v.trim() || null, parsed.meeting.place),
  };
  if (meeting.endDate === null && meeting.startDate !== null) meeting.endDate = meeting.startDate;
  return { conference, meeting };
}

function editedResolution(parsed: ImportResolution, fields: FormFields, prefix: string, problems: string[]): ImportResolution {
  const label = `TOP ${parsed.agendaItem}`;
  const text = (name: string, fallback: string): string => one(fields, `${prefix}${name}`) ?? fallback;
  const edited: ImportResolution = {
    ...parsed,
    agendaItem: text('agendaItem', parsed.agendaItem).trim().replace(/^TOP\s*/i, ''),
    title: text('title', parsed.title).trim(),
  };
  if (fields[`${prefix}title`] !== undefined) {
    // The form shows every field: unchecked boxes send nothing, so the sponsors are exactly those sent.
    const sponsors = all(fields, `${prefix}sponsors`);
    edited.sponsors = LAND_CODES.filter((code) => sponsors.includes(code));
    for (const code of sponsors) if (!isLandCode(code)) problems.push(`${label}: „${code.slice(0, 20)}“ ist kein Land.`);
  }
  const reporting = one(fields, `${prefix}reportingLand`);
  if (reporting !== undefined) {
    if (reporting === '') delete edited.reportingLand;
    else if (isLandCode(reporting)) edited.reportingLand = reporting;
    else problems.push(`${label}: Berichterstattung „${reporting.slice(0, 20)}“ ist kein Land.`);
  }
  const outcome = text('outcome', parsed.decision.outcome);
  const voting = text('voting', parsed.decision.voting);
  if (!isOneOf(OUTCOMES, outcome)) problems.push(`${label}: Unbekanntes Ergebnis „${outcome.slice(0, 20)}“.`);
  if (!isOneOf(VOTINGS, voting)) problems.push(`${label}: Unbekannte Abstimmungsart „${voting.slice(0, 20)}“.`);
  const decision: ImportResolution['decision'] = {
    outcome: isOneOf(OUTCOMES, outcome) ? outcome : parsed.decision.outcome,
    voting: isOneOf(VOTINGS, voting) ? voting : parsed.decision.voting,
    formula: text('formula', parsed.decision.formula).trim(),
  };
  const counts = (['yes', 'no', 'abstain'] as const).map((key) => {
    const value = one(fields, `${prefix}${key}`);
    if (value === undefined) return parsed.decision[key] ?? null;
    const names = { yes: 'Ja-Stimmen', no: 'Nein-Stimmen', abstain: 'Enthaltungen' } as const;
    return wholeNumber(value, `${label}: ${names[key]}`, 0, problems) ?? null;
  });
  if (decision.voting === 'counted') {
    if (counts.some((count) => count === null)) problems.push(`${label}: Bei gezählter Abstimmung bitte Ja, Nein und Enthaltungen angeben.`);
    else [decision.yes, decision.no, decision.abstain] = counts as number[];
  }
  edited.decision = decision;
  edited.demands = parsed.demands.flatMap((demand, j) => {
    const number = one(fields, `${prefix}d${j}_number`);
    const demandText = one(fields, `${prefix}d${j}_text`);
    if (demandText !== undefined && demandText.trim() === '') return [];
    return [{
      ...demand,
      number: number === undefined ? demand.number : (number.trim().replace(/[.)]$/, '') || null),
      text: demandText === undefined ? demand.text : demandText.replace(/\s+/g, ' ').trim(),
    }];
  });
  return edited;
}

/**
 * Applies the preview's fields of file k to its parsed document: only the resolutions whose
 * "include" box is checked, each with the corrected fields and the chosen meeting.
 */
export function applyPreviewEdits(parsed: Resolutions, fields: FormFields, k: number, meeting: MeetingChoice): EditResult {
  const problems: string[] = [];
  const resolutions = parsed.resolutions.flatMap((resolution, i) => {
    const prefix = `f${k}_r${i}_`;
    if (one(fields, `${prefix}include`) !== '1') return [];
    const edited = editedResolution(resolution, fields, prefix, problems);
    return [{ ...edited, conference: meeting.conference, meeting: { ...meeting.meeting } }];
  });
  return { document: { resolutions }, problems };
}

/** The meeting a parsed document names (all its resolutions share it). */
export function parsedMeeting(document: Resolutions): MeetingChoice {
  const first = document.resolutions[0];
  return {
    conference: first?.conference ?? 'unbekannt',
    meeting: first?.meeting ?? { number: null, year: null, startDate: null, endDate: null, place: null },
  };
}

/** The preview must ask: no conference, or neither ordinal nor start date, or no year. */
export function meetingIncomplete({ conference, meeting }: MeetingChoice): boolean {
  return conference === 'unbekannt' || (meeting.number === null && meeting.startDate === null)
    || (meeting.year === null && meeting.startDate === null);
}
