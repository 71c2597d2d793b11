/**
 * The resolution edit form: from flat form fields (as browsers send them) to a checked
 * resolution input, with a UI text (views/i18n/de.json, form.*) per field in error. Pure: no I/O.
 *
 * Field names: agendaItem, title, sponsors (repeated), outcome, voting, votesYes, votesNo,
 * votesAbstain, tallyInternal (checkbox, value 1), formula, references (one per line), version;
 * protocol statements as statement_<i>_laender, statement_<i>_text, statement_<i>_internal (checkbox); demands as demand_<i>_id,
 * demand_<i>_number, demand_<i>_text, demand_<i>_order, demand_<i>_addressees (repeated),
 * demand_<i>_due, demand_<i>_internal (checkbox), demand_<i>_delete; renumber (numbers the kept demands 1, 2, 3 … in their order);
 * protocol statements as statement_<i>_laender, statement_<i>_text.
 */
import { AGENDA_ITEM_LIMITS, agendaItemProblem, normalizeAgendaItem } from './agenda-item.js';
import { isIsoDate, parseGermanOrIsoDate } from './dates.js';
import { findLaender, isLandCode, sortLandCodes, type LandCode } from './laender.js';
import type { DecisionFacts } from './resolution-facts.js';
import { MAX_VOTES, voteCountProblem } from './vote-counts.js';
import { uiText, type FieldErrors, type UiText } from './ui-text.js';
import { ADDRESSEES, isOneOf, OUTCOMES, VOTINGS, type Addressee, type Outcome, type ReleaseState, type Voting } from './vocabulary.js';

export type FormBody = Record<string, string | string[] | undefined>;

export interface DemandInput {
  id: number | null;
  number: string | null;
  text: string;
  addressees: Addressee[];
  dueDate: string | null;
  /** Ordinal of the conference's meeting a report is due at (when no date is given). */
  dueMeetingNumber: number | null;
  order: number;
  /** Internal: the public sees only "Ziffer n (nicht öffentlich)". */
  internal: boolean;
  /** The form row it was sent in (`demand_<row>_…`): a refused form shows its problems at it again. */
  row?: number;
}

export interface StatementInput {
  laender: LandCode[];
  text: string;
  /** Internal: the public sees only that a statement was withheld. */
  internal: boolean;
}

export interface ResolutionInput extends DecisionFacts {
  /** The vote counts are internal (the public sees "(nicht öffentlich)"). */
  tallyInternal: boolean;
  agendaItem: string;
  title: string;
  sponsors: LandCode[];
  references: string[];
  demands: DemandInput[];
  /** Ids of existing demands the user asked to delete. */
  deleteDemands: number[];
  protocolStatements: StatementInput[];
}

export interface FormResult {
  input: ResolutionInput;
  errors: FieldErrors;
  /** Numbers typed that are none (the input holds numbers only), by field name: the form shows them again as typed. */
  asTyped: Record<string, string>;
}

const MAX_TEXT = 20_000;
/** The texts of a number given twice (taken back when the demands are renumbered). */
const TWICE: readonly string[] = ['form.resolution.demandNumberTwice', 'form.resolution.demandNumberEmptyTwice'];

function one(body: FormBody, name: string): string {
  const value = body[name];
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
}

function many(body: FormBody, name: string): string[] {
  const value = body[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => v.trim()).filter(Boolean);
}

function indices(body: FormBody, prefix: string): number[] {
  const found = new Set<number>();
  const pattern = new RegExp(`^${prefix}_(\\d{1,3})_`);
  for (const key of Object.keys(body)) {
    const match = pattern.exec(key);
    if (match) found.add(Number(match[1]));
  }
  return [...found].sort((a, b) => a - b);
}

function count(body: FormBody, name: string, errors: FieldErrors, asTyped: Record<string, string>): number | null {
  const raw = one(body, name);
  if (raw === '') return null;
  if (!/^\d{1,2}$/.test(raw) || Number(raw) > MAX_VOTES) {
    errors[name] = uiText('form.resolution.voteCount');
    asTyped[name] = raw;
    return null;
  }
  return Number(raw);
}

function readDemands(body: FormBody, errors: FieldErrors, asTyped: Record<string, string>) {
  const demands: DemandInput[] = [];
  const deleteDemands: number[] = [];
  const numbers = new Set<string | null>();
  for (const i of indices(body, 'demand')) {
    const field = (name: string) => `demand_${i}_${name}`;
    const rawId = one(body, field('id'));
    const id = /^\d+$/.test(rawId) ? Number(rawId) : null;
    const text = one(body, field('text')).replace(/\s+/g, ' ');
    const number = one(body, field('number')) || null;
    if (one(body, field('delete'))) {
      if (id !== null) deleteDemands.push(id);
      continue;
    }
    if (id === null && !text && !number) continue; // the empty "new demand" row
    if (!text) errors[field('text')] = uiText('form.resolution.demandTextMissing');
    else if (text.length > MAX_TEXT) errors[field('text')] = uiText('form.resolution.demandTextTooLong');
    if (number !== null && !/^[0-9]{1,3}[a-z]?$/.test(number)) errors[field('number')] = uiText('form.resolution.demandNumber');
    if (numbers.has(number)) errors[field('number')] = number === null ? uiText('form.resolution.demandNumberEmptyTwice') : uiText('form.resolution.demandNumberTwice', { number });
    numbers.add(number);
    const addressees = many(body, field('addressees')).filter((a): a is Addressee => isOneOf(ADDRESSEES, a));
    const dueRaw = one(body, field('due'));
    const dueDate = dueRaw ? parseGermanOrIsoDate(dueRaw) : null;
    if (dueRaw && !dueDate) errors[field('due')] = uiText('form.date');
    const dueMeetingRaw = one(body, field('dueMeeting'));
    const dueMeetingNumber = /^\d{1,3}$/.test(dueMeetingRaw) && Number(dueMeetingRaw) > 0 ? Number(dueMeetingRaw) : null;
    if (dueMeetingRaw && dueMeetingNumber === null) {
      errors[field('dueMeeting')] = uiText('form.resolution.dueMeeting');
      asTyped[field('dueMeeting')] = dueMeetingRaw;
    }
    const orderRaw = one(body, field('order'));
    const refusedOrder = orderRaw !== '' && !/^\d{1,4}$/.test(orderRaw);
    if (refusedOrder) {
      // a position that is none is no silent "at the end": the user meant a place; the row stays where it was sent
      errors[field('order')] = uiText('form.resolution.demandOrder');
      asTyped[field('order')] = orderRaw;
    }
    const order = refusedOrder ? i + 1 : orderRaw ? Number(orderRaw) : 1000 + i;
    // a refused date stays as typed, so that the form shows it again beside its message (nothing is saved while there is an error)
    demands.push({ id, number, text, addressees, dueDate: dueDate ?? (dueRaw || null), dueMeetingNumber, order, internal: one(body, field('internal')) === '1', row: i });
  }
  demands.sort((a, b) => a.order - b.order);
  if (one(body, 'renumber') && demands.some((d) => d.number !== null)) {
    // 1, 2, 3 … in the chosen order; the duplicate check above no longer applies
    demands.forEach((demand, index) => (demand.number = String(index + 1)));
    for (const key of Object.keys(errors)) if (/^demand_\d+_number$/.test(key) && TWICE.includes(errors[key]!.key)) delete errors[key];
  }
  return { demands, deleteDemands };
}

function readStatements(body: FormBody, errors: FieldErrors): StatementInput[] {
  const statements: StatementInput[] = [];
  for (const i of indices(body, 'statement')) {
    const laenderRaw = one(body, `statement_${i}_laender`);
    const text = one(body, `statement_${i}_text`).replace(/\s+/g, ' ');
    if (!laenderRaw && !text) continue;
    const { codes, unknown } = findLaender(laenderRaw);
    if (codes.length === 0 || unknown.length > 0) {
      errors[`statement_${i}_laender`] = unknown.length > 0
        ? uiText('form.resolution.statementLandUnknown', { laender: unknown.join(', ') })
        : uiText('form.resolution.statementLandMissing');
    }
    if (!text) errors[`statement_${i}_text`] = uiText('form.resolution.statementText');
    statements.push({ laender: codes, text, internal: one(body, `statement_${i}_internal`) === '1' });
  }
  return statements;
}

export function parseResolutionForm(body: FormBody): FormResult {
  const errors: FieldErrors = {};
  const asTyped: Record<string, string> = {};
  const agendaItem = normalizeAgendaItem(one(body, 'agendaItem'));
  const agendaItemError = agendaItemProblem(agendaItem);
  if (agendaItemError === 'shape') errors.agendaItem = uiText('form.resolution.agendaItem');
  if (agendaItemError === 'tooLong') errors.agendaItem = uiText('form.resolution.agendaItemTooLong', AGENDA_ITEM_LIMITS);
  const title = one(body, 'title').replace(/\s+/g, ' ');
  if (!title) errors.title = uiText('form.resolution.titleMissing');
  else if (title.length > 1000) errors.title = uiText('form.resolution.titleTooLong');
  const sponsorValues = many(body, 'sponsors');
  if (sponsorValues.some((code) => !isLandCode(code))) errors.sponsors = uiText('form.resolution.sponsorUnknown');
  const sponsors = sortLandCodes(sponsorValues.filter(isLandCode));
  const outcomeRaw = one(body, 'outcome');
  if (!isOneOf(OUTCOMES, outcomeRaw)) errors.outcome = uiText('form.resolution.outcome');
  const votingRaw = one(body, 'voting');
  if (!isOneOf(VOTINGS, votingRaw)) errors.voting = uiText('form.resolution.voting');
  const votesYes = count(body, 'votesYes', errors, asTyped);
  const votesNo = count(body, 'votesNo', errors, asTyped);
  const votesAbstain = count(body, 'votesAbstain', errors, asTyped);
  // a count that is no number is said at its field already
  const votesProblem = errors.votesYes || errors.votesNo || errors.votesAbstain ? null : voteCountProblem(votingRaw, { yes: votesYes, no: votesNo, abstain: votesAbstain });
  if (votesProblem) errors.votesYes = votesProblem;
  const formula = one(body, 'formula').replace(/\s+/g, ' ');
  if (formula.length > 2000) errors.formula = uiText('form.resolution.formulaTooLong');
  const references = one(body, 'references').split('\n').map((line) => line.trim()).filter(Boolean);
  const { demands, deleteDemands } = readDemands(body, errors, asTyped);
  const protocolStatements = readStatements(body, errors);
  const counted = votingRaw === 'counted';
  return {
    input: {
      agendaItem,
      title,
      sponsors,
      outcome: outcomeRaw as Outcome,
      voting: votingRaw as Voting,
      votesYes: counted ? votesYes : null,
      votesNo: counted ? votesNo : null,
      votesAbstain: counted ? votesAbstain : null,
      tallyInternal: one(body, 'tallyInternal') === '1',
      formula,
      references,
      demands,
      deleteDemands,
      protocolStatements,
    },
    errors,
    asTyped,
  };
}

/** Reads the release form: state and (for public) a release date, default today. */
export function parseReleaseForm(body: FormBody, today: string) {
  const errors: FieldErrors = {};
  const release = one(body, 'release');
  if (release !== 'draft' && release !== 'internal' && release !== 'public') errors.release = uiText('form.release.unknown');
  const dateRaw = one(body, 'releasedOn');
  let releasedOn: string | null = null;
  if (release === 'public') {
    releasedOn = dateRaw ? parseGermanOrIsoDate(dateRaw) : today;
    if (!releasedOn || !isIsoDate(releasedOn)) errors.releasedOn = uiText('form.release.date');
  }
  return { release: release as ReleaseState, releasedOn, errors };
}

/**
 * Reads the bulk release form of a meeting: the ticked TOPs (`top`, repeated) — or every TOP of
 * the list with `alle` (publish the meeting) — each with the version the user saw
 * (`version_<id>`), the new state and (for public) a date, default today. One UI text in error.
 */
export function parseBulkReleaseForm(body: FormBody, today: string) {
  const all = one(body, 'alle') === '1';
  const versionOf = (id: string) => {
    const raw = one(body, `version_${id}`);
    return /^\d{1,9}$/.test(raw) ? Number(raw) : null;
  };
  const ids = all
    ? Object.keys(body).flatMap((key) => /^version_(\d{1,12})$/.exec(key)?.slice(1, 2) ?? [])
    : many(body, 'top');
  const { release, releasedOn, errors } = parseReleaseForm(all ? { ...body, release: 'public' } : body, today);
  const items: { id: number; version: number }[] = [];
  let error: UiText | null = errors.release ?? errors.releasedOn ?? null;
  // the field the problem is about: the form shows the message there (a selection problem: at the TOPs)
  let errorField: BulkReleaseField | null = errors.release ? 'release' : errors.releasedOn ? 'releasedOn' : null;
  for (const id of new Set(ids)) {
    const version = versionOf(id);
    if (!/^\d{1,12}$/.test(id) || version === null) {
      error ??= uiText('form.release.selectionIncomplete');
      errorField ??= 'top';
    } else items.push({ id: Number(id), version });
  }
  if (items.length === 0) {
    error ??= uiText('form.release.nothingSelected');
    errorField ??= 'top';
  }
  return { all, items, release: all ? ('public' as const) : release, releasedOn, error, errorField };
}

/** The fields of the bulk release form a problem can be about: the new state, the date, the ticked TOPs. */
export type BulkReleaseField = 'release' | 'releasedOn' | 'top';
