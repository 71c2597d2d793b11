/** The conference and meeting forms: flat fields in, checked input and German messages out. */
import { parseGermanOrIsoDate } from './dates.js';
import { isLandCode } from './laender.js';
import type { FormBody } from './resolution-form.js';
import { MEETING_KINDS, type MeetingKind } from './vocabulary.js';

export interface ConferenceInput {
  shortName: string;
  name: string;
  description: string | null;
}

export interface MeetingInput {
  number: number | null;
  year: number;
  startDate: string | null;
  endDate: string | null;
  place: string | null;
  chairLand: string | null;
  kind: MeetingKind;
}

function one(body: FormBody, name: string): string {
  const value = body[name];
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
}

export function parseConferenceForm(body: FormBody) {
  const errors: Record<string, string> = {};
  const shortName = one(body, 'shortName');
  if (!/^[A-Za-zÄÖÜäöü][A-Za-zÄÖÜäöü0-9-]{1,19}$/.test(shortName)) errors.shortName = 'Bitte ein Kürzel aus 2 bis 20 Buchstaben angeben, z. B. IntMK.';
  const name = one(body, 'name').replace(/\s+/g, ' ');
  if (!name) errors.name = 'Bitte den vollständigen Namen angeben.';
  else if (name.length > 300) errors.name = 'Der Name ist zu lang (höchstens 300 Zeichen).';
  const description = one(body, 'description');
  if (description.length > 5000) errors.description = 'Die Beschreibung ist zu lang.';
  const input: ConferenceInput = { shortName, name, description: description || null };
  return { input, errors };
}

export function parseMeetingForm(body: FormBody) {
  const errors: Record<string, string> = {};
  const numberRaw = one(body, 'number');
  const number = numberRaw === '' ? null : /^\d{1,4}$/.test(numberRaw) && Number(numberRaw) > 0 ? Number(numberRaw) : NaN;
  if (Number.isNaN(number)) errors.number = 'Bitte eine Ordnungszahl wie 12 angeben oder das Feld leer lassen.';
  const date = (name: 'startDate' | 'endDate') => {
    const raw = one(body, name);
    if (!raw) return null;
    const iso = parseGermanOrIsoDate(raw);
    if (!iso) errors[name] = 'Bitte ein gültiges Datum angeben (TT.MM.JJJJ).';
    return iso;
  };
  const startDate = date('startDate');
  const endDate = date('endDate') ?? startDate;
  if (startDate && endDate && endDate < startDate) errors.endDate = 'Das Ende liegt vor dem Beginn.';
  const yearRaw = one(body, 'year');
  const year = yearRaw ? Number(yearRaw) : startDate ? Number(startDate.slice(0, 4)) : NaN;
  if (!Number.isInteger(year) || year < 1949 || year > 2100) errors.year = 'Bitte ein Jahr zwischen 1949 und 2100 angeben.';
  else if (startDate && Number(startDate.slice(0, 4)) !== year) errors.year = 'Das Jahr passt nicht zum Datum.';
  if (number === null && !startDate) errors.number = 'Eine Sitzung braucht eine Ordnungszahl oder ein Anfangsdatum.';
  const chairRaw = one(body, 'chairLand');
  if (chairRaw && !isLandCode(chairRaw)) errors.chairLand = 'Bitte ein Land auswählen.';
  const kindRaw = one(body, 'kind');
  if (!(MEETING_KINDS as readonly string[]).includes(kindRaw)) errors.kind = 'Bitte die Art der Sitzung auswählen.';
  const place = one(body, 'place').replace(/\s+/g, ' ') || null;
  const input: MeetingInput = {
    number: Number.isNaN(number) ? null : number,
    year: Number.isInteger(year) ? year : 0,
    startDate,
    endDate,
    place: kindRaw === 'written' ? null : place,
    chairLand: chairRaw || null,
    kind: (kindRaw || 'presence') as MeetingKind,
  };
  return { input, errors };
}
