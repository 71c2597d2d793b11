/** The follow-up form: flat fields in, checked input and a UI text (form.*) per field in error out. */
import { parseGermanOrIsoDate } from './dates.js';
import type { FormBody } from './resolution-form.js';
import { uiText, type FieldErrors } from './ui-text.js';
import { completeWebAddress } from './web-address.js';
import { DEMAND_STATUSES, FOLLOW_UP_KINDS, isOneOf, type DemandStatus, type FollowUpKind, type Visibility } from './vocabulary.js';

export interface FollowUpFormInput {
  /** Null: the follow-up covers all demands of the resolution. */
  demandId: number | null;
  date: string;
  /** An actor code from the maintained list (BMI, BMAS, …), a Land code, or null. */
  actor: string | null;
  kind: FollowUpKind;
  summary: string;
  link: string | null;
  resultingStatus: DemandStatus | null;
  visibility: Visibility;
}

function one(body: FormBody, name: string): string {
  const value = body[name];
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
}

/** `demandIds` are the demands of the resolution; "alle" means the whole resolution. */
export function parseFollowUpForm(body: FormBody, demandIds: readonly number[]) {
  const errors: FieldErrors = {};
  const demandRaw = one(body, 'demand');
  let demandId: number | null = null;
  if (demandRaw !== 'alle') {
    demandId = /^\d+$/.test(demandRaw) ? Number(demandRaw) : NaN;
    if (!demandIds.includes(demandId)) errors.demand = uiText('form.followUp.demand');
  }
  const dateRaw = one(body, 'date');
  const date = parseGermanOrIsoDate(dateRaw);
  if (!date) errors.date = uiText('form.date');
  const kind = one(body, 'kind');
  if (!isOneOf(FOLLOW_UP_KINDS, kind)) errors.kind = uiText('form.followUp.kind');
  const statusRaw = one(body, 'status');
  if (statusRaw !== '' && !isOneOf(DEMAND_STATUSES, statusRaw)) errors.status = uiText('form.followUp.status');
  const visibility = one(body, 'visibility');
  if (visibility !== 'public' && visibility !== 'internal') errors.visibility = uiText('form.followUp.visibility');
  const summary = one(body, 'summary').replace(/\s+/g, ' ');
  if (!summary) errors.summary = uiText('form.followUp.summary');
  // "www.bmi.bund.de/…" is completed to https://; the form shows the completed address, or what was typed when it is none
  const typedLink = one(body, 'link');
  const completed = typedLink === '' ? null : completeWebAddress(typedLink);
  if (typedLink !== '' && completed === null) errors.link = uiText('form.followUp.link');
  const link = completed ?? typedLink;
  const input: FollowUpFormInput = {
    demandId: Number.isNaN(demandId) ? null : demandId,
    date: date ?? dateRaw,
    actor: one(body, 'actor') || null,
    kind: kind as FollowUpKind,
    summary,
    link: link || null,
    resultingStatus: (statusRaw || null) as DemandStatus | null,
    visibility: visibility as Visibility,
  };
  return { input, errors };
}
