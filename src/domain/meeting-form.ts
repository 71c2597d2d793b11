/** The conference and meeting forms: flat fields in, checked input and UI texts (form.*) out. */
import type { MeetingFacts } from './citation.js';
import { parseGermanOrIsoDate } from './dates.js';
import { isLandCode } from './laender.js';
import type { FormBody } from './resolution-form.js';
import { uiText, type FieldErrors } from './ui-text.js';
import { isOneOf, MEETING_KINDS, type MeetingKind } from './vocabulary.js';

export interface ConferenceInput {
  shortName: string;
  name: string;
  description: string | null;
}

export interface MeetingInput extends MeetingFacts {
  chairLand: string | null;
  kind: MeetingKind;
}

function one(body: FormBody, name: string): string {
  const value = body[name];
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
}

export function parseConferenceForm(body: FormBody) {
  const errors: FieldErrors = {};
  const shortName = one(body, 'shortName');
  if (!/^[A-Za-zÄÖÜäöü][A-Za-zÄÖÜäöü0-9-]{1,19}$/.test(shortName)) errors.shortName = uiText('form.conference.shortName');
  const name = one(body, 'name').replace(/\s+/g, ' ');
  if (!name) errors.name = uiText('form.conference.nameMissing');
  else if (name.length > 300) errors.name = uiText('form.conference.nameTooLong');
  const description = one(body, 'description');
  if (description.length > 5000) errors.description = uiText('form.conference.descriptionTooLong');
  const input: ConferenceInput = { shortName, name, description: description || null };
  return { input, errors };
}

export function parseMeetingForm(body: FormBody) {
  const errors: FieldErrors = {};
  const numberRaw = one(body, 'number');
  const number = numberRaw === '' ? null : /^\d{1,4}$/.test(numberRaw) && Number(numberRaw) > 0 ? Number(numberRaw) : NaN;
  /** The numbers typed that are none: shown again as typed, beside their message (the input holds numbers only). */
  const typed: Partial<Record<'number' | 'year', string>> = {};
  if (Number.isNaN(number)) {
    errors.number = uiText('form.meeting.number');
    typed.number = numberRaw;
  }
  /** The dates typed that are no dates: shown again as typed, beside their message. */
  const refused: Partial<Record<'startDate' | 'endDate', string>> = {};
  const date = (name: 'startDate' | 'endDate') => {
    const raw = one(body, name);
    if (!raw) return null;
    const iso = parseGermanOrIsoDate(raw);
    if (!iso) {
      errors[name] = uiText('form.date');
      refused[name] = raw;
    }
    return iso;
  };
  const startDate = date('startDate');
  const endDate = date('endDate') ?? (refused.endDate === undefined ? startDate : null);
  if (startDate && endDate && endDate < startDate) errors.endDate = uiText('form.meeting.endBeforeStart');
  const yearRaw = one(body, 'year');
  const year = yearRaw ? Number(yearRaw) : startDate ? Number(startDate.slice(0, 4)) : NaN;
  if (!Number.isInteger(year) || year < 1949 || year > 2100) {
    errors.year = uiText('form.meeting.year');
    if (yearRaw) typed.year = yearRaw;
  } else if (startDate && Number(startDate.slice(0, 4)) !== year) errors.year = uiText('form.meeting.yearNotDate');
  if (number === null && !startDate) errors.number = uiText('form.meeting.numberOrDate');
  const chairRaw = one(body, 'chairLand');
  if (chairRaw && !isLandCode(chairRaw)) errors.chairLand = uiText('form.meeting.chairLand');
  const kindRaw = one(body, 'kind');
  if (!isOneOf(MEETING_KINDS, kindRaw)) errors.kind = uiText('form.meeting.kind');
  const place = one(body, 'place').replace(/\s+/g, ' ') || null;
  const input: MeetingInput = {
    number: Number.isNaN(number) ? null : number,
    year: Number.isInteger(year) ? year : 0,
    // a refused date stays as typed, so that the form shows it again beside its message (nothing is saved while there is an error)
    startDate: refused.startDate ?? startDate,
    endDate: refused.endDate ?? endDate,
    place: kindRaw === 'written' ? null : place,
    chairLand: chairRaw || null,
    kind: (kindRaw || 'presence') as MeetingKind,
  };
  return { input, errors, typed };
}
