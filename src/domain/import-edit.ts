/**
 * The browser import's corrections: the preview shows every field the parser filled as a form
 * field, and the confirmation applies what the secretariat changed to the parsed document. Pure:
 * the caller resolves a chosen existing meeting and checks the result (services/import.ts).
 *
 * Field names per file k and resolution i: `f{k}_r{i}_include`, `_agendaItem`, `_title`,
 * `_sponsors` (several values), `_reportingLand`, `_outcome`, `_voting`, `_yes`, `_no`, `_abstain`,
 * `_formula`, and per demand j `_d{j}_number`, `_d{j}_text` (an emptied text drops the demand).
 * Rows after the parsed demands (j ≥ their count, up to NEW_DEMAND_ROWS more) are new Ziffern: a
 * Ziffer split in two keeps the first part in its row and the rest goes into a new one.
 * The meeting: `f{k}_conference`, `_number`, `_year`, `_startDate`, `_endDate`, `_place`.
 *
 * Each problem names the id of the field it is about (`field`), for the preview's error summary.
 */
import { normalizeAgendaItem } from './agenda-item.js';
import { parseGermanOrIsoDate } from './dates.js';
import type { ImportDemand, ImportMeeting, ImportResolution } from './import-format.js';
import { isOneOf, OUTCOMES, VOTINGS } from './vocabulary.js';
import { isLandCode, LAND_CODES } from './laender.js';
import { uiText, type UiText } from './ui-text.js';
import { enrichDemand } from './parser/enrich.js';

/** How many new Ziffern one confirmation of the preview may add to a resolution. */
export const NEW_DEMAND_ROWS = 20;

/** A problem of the preview's form, with the id of the field it is about. */
export interface PreviewProblem extends UiText {
  readonly field?: string;
}

/** A UI text about one field of the form. */
export function atField(field: string, text: UiText): PreviewProblem {
  return { ...text, field };
}

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
  /** The values that could not be read (UI texts, importError.*); the document keeps the parsed value there. */
  readonly problems: PreviewProblem[];
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

/** The name of a field in the problems ("Sitzungsnummer", "Ja-Stimmen"). */
const fieldName = (name: string): UiText => uiText(`importError.edit.field.${name}`);

/** A problem of one TOP: "TOP 7: …". */
const atTop = (parsed: ImportResolution, text: UiText): UiText => uiText('importError.edit.atTop', { top: parsed.agendaItem, text });

/** A whole number ≥ min from the form field `id`; '' gives null; anything else a problem. */
function wholeNumber(value: string, field: UiText, min: number, problems: PreviewProblem[], id: string, wrap = (text: UiText) => text): number | null | undefined {
  const text = value.trim();
  if (text === '') return null;
  if (!/^\d{1,6}$/.test(text) || Number(text) < min) {
    problems.push(atField(id, wrap(uiText('importError.edit.notWholeNumber', { field, value: text.slice(0, 20), min }))));
    return undefined;
  }
  return Number(text);
}

function dateOrNull(value: string, field: UiText, problems: PreviewProblem[], id: string): string | null | undefined {
  const text = value.trim();
  if (text === '') return null;
  const date = parseGermanOrIsoDate(text);
  if (date === null) problems.push(atField(id, uiText('importError.edit.notDate', { field, value: text.slice(0, 20) })));
  return date ?? undefined;
}

/** The meeting typed into the preview's "new meeting" fields; the parsed meeting where a field is unreadable. */
export function meetingFromFields(fields: FormFields, prefix: string, parsed: MeetingChoice, problems: PreviewProblem[]): MeetingChoice {
  const conference = (one(fields, `${prefix}conference`) ?? parsed.conference).trim() || parsed.conference;
  const read = <T>(name: string, convert: (value: string) => T | undefined, fallback: T): T => {
    const value = one(fields, `${prefix}${name}`);
    if (value === undefined) return fallback;
    const converted = convert(value);
    return converted === undefined ? fallback : converted;
  };
  const meeting: ImportMeeting = {
    number: read('number', (v) => wholeNumber(v, fieldName('number'), 1, problems, `${prefix}number`), parsed.meeting.number),
    year: read('year', (v) => wholeNumber(v, fieldName('year'), 1949, problems, `${prefix}year`), parsed.meeting.year),
    startDate: read('startDate', (v) => dateOrNull(v, fieldName('startDate'), problems, `${prefix}startDate`), parsed.meeting.startDate),
    endDate: read('endDate', (v) => dateOrNull(v, fieldName('endDate'), problems, `${prefix}endDate`), parsed.meeting.endDate),
    place: read('place', (v) => v.trim() || null, parsed.meeting.place),
  };
  if (meeting.endDate === null && meeting.startDate !== null) meeting.endDate = meeting.startDate;
  return { conference, meeting };
}

function editedResolution(parsed: ImportResolution, fields: FormFields, prefix: string, problems: PreviewProblem[]): ImportResolution {
  const problem = (field: string, key: string, value?: string) =>
    problems.push(atField(`${prefix}${field}`, atTop(parsed, uiText(key, value === undefined ? undefined : { value: value.slice(0, 20) }))));
  const text = (name: string, fallback: string): string => one(fields, `${prefix}${name}`) ?? fallback;
  const edited: ImportResolution = {
    ...parsed,
    agendaItem: normalizeAgendaItem(text('agendaItem', parsed.agendaItem)),
    // one line, however the field wrapped or the user broke it
    title: text('title', parsed.title).replace(/\s+/g, ' ').trim(),
  };
  if (fields[`${prefix}title`] !== undefined) {
    // The form shows every field: unchecked boxes send nothing, so the sponsors are exactly those sent.
    const sponsors = all(fields, `${prefix}sponsors`);
    edited.sponsors = LAND_CODES.filter((code) => sponsors.includes(code));
    for (const code of sponsors) if (!isLandCode(code)) problem('sponsors', 'importError.notLand', code);
  }
  const reporting = one(fields, `${prefix}reportingLand`);
  if (reporting !== undefined) {
    if (reporting === '') delete edited.reportingLand;
    else if (isLandCode(reporting)) edited.reportingLand = reporting;
    else problem('reportingLand', 'importError.edit.reportingNotLand', reporting);
  }
  const outcome = text('outcome', parsed.decision.outcome);
  const voting = text('voting', parsed.decision.voting);
  if (!isOneOf(OUTCOMES, outcome)) problem('outcome', 'importError.outcomeUnknown', outcome);
  if (!isOneOf(VOTINGS, voting)) problem('voting', 'importError.votingUnknown', voting);
  const decision: ImportResolution['decision'] = {
    outcome: isOneOf(OUTCOMES, outcome) ? outcome : parsed.decision.outcome,
    voting: isOneOf(VOTINGS, voting) ? voting : parsed.decision.voting,
    formula: text('formula', parsed.decision.formula).trim(),
  };
  // The counts as typed (an unreadable one is said at its field and keeps the parsed count), kept
  // for a counted vote; whether they are enough is the import's check (import-checks.ts), the same
  // rule as the resolution form's (vote-counts.ts).
  for (const key of ['yes', 'no', 'abstain'] as const) {
    const value = one(fields, `${prefix}${key}`);
    const typed = value === undefined ? undefined : wholeNumber(value, fieldName(key), 0, problems, `${prefix}${key}`, (text) => atTop(parsed, text));
    const count = typed === undefined ? parsed.decision[key] ?? null : typed;
    if (decision.voting === 'counted' && count !== null) decision[key] = count;
  }
  edited.decision = decision;
  const demandNumber = (number: string) => number.trim().replace(/[.)]$/, '') || null;
  edited.demands = parsed.demands.flatMap((demand, j) => {
    const number = one(fields, `${prefix}d${j}_number`);
    const demandText = one(fields, `${prefix}d${j}_text`);
    if (demandText !== undefined && demandText.trim() === '') return [];
    const text = demandText === undefined ? demand.text : demandText.replace(/\s+/g, ' ').trim();
    return [{ ...readAgain(demand, text), number: number === undefined ? demand.number : demandNumber(number) }];
  });
  // new Ziffern in the rows after the parsed ones (a blank row is left out); read as the parser reads a Ziffer
  for (let j = parsed.demands.length; j < parsed.demands.length + NEW_DEMAND_ROWS; j++) {
    const text = (one(fields, `${prefix}d${j}_text`) ?? '').replace(/\s+/g, ' ').trim();
    if (text !== '') edited.demands.push(enrichDemand({ number: demandNumber(one(fields, `${prefix}d${j}_number`) ?? ''), text }));
  }
  return edited;
}

/**
 * A demand with a corrected text: addressees and due date that were read from the old text (the
 * parser's, not an interchange file's own) are read from the new one, so that the first part of a
 * split Ziffer does not keep what only its cut-off part said.
 */
function readAgain(demand: ImportDemand, text: string): ImportDemand {
  if (text === demand.text) return demand;
  const fromText = enrichDemand({ number: demand.number, text: demand.text });
  const same = (a: readonly string[] | undefined, b: readonly string[] | undefined) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
  if (!same(fromText.addressees, demand.addressees) || (fromText.dueDate ?? null) !== (demand.dueDate ?? null)) return { ...demand, text };
  const { addressees: _addressees, dueDate: _dueDate, ...rest } = demand;
  return { ...rest, ...enrichDemand({ number: demand.number, text }), number: demand.number };
}

/**
 * Applies the preview's fields of file k to its parsed document: only the resolutions whose
 * "include" box is checked, each with the corrected fields and the chosen meeting.
 */
export function applyPreviewEdits(parsed: Resolutions, fields: FormFields, k: number, meeting: MeetingChoice): EditResult {
  const problems: UiText[] = [];
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
