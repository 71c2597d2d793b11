/**
 * The import interchange format (docs/import-format.md): what the resolution-text
 * parser produces and what the importer stores. Pure types, no I/O.
 */
import { isAgendaItem } from './agenda-item.js';
import type { LandCode } from './laender.js';
import { uiText, type UiText } from './ui-text.js';
import { ADDRESSEES, OUTCOMES, VOTINGS, type Addressee, type Outcome, type Voting } from './vocabulary.js';

export interface ImportMeeting {
  number: number | null;
  year: number | null;
  startDate: string | null;
  endDate: string | null;
  place: string | null;
}

export interface ImportDecision {
  outcome: Outcome;
  voting: Voting;
  yes?: number;
  no?: number;
  abstain?: number;
  formula: string;
}

export interface ImportDemand {
  number: string | null;
  text: string;
  addressees?: Addressee[];
  dueDate?: string | null;
}

export interface ImportProtocolStatement {
  laender: string[];
  text: string;
}

export interface ImportResolution {
  conference: string;
  meeting: ImportMeeting;
  agendaItem: string;
  title: string;
  sponsors: LandCode[];
  decision: ImportDecision;
  demands: ImportDemand[];
  protocolStatements: ImportProtocolStatement[];
  references?: string[];
  /** The Land that reports on the TOP ("Berichterstattung: Bremen"), where the text names one. */
  reportingLand?: LandCode;
}

export interface ImportWarning {
  line: number;
  message: string;
}

export interface ImportDocument {
  resolutions: ImportResolution[];
  warnings: ImportWarning[];
}

// ---------------------------------------------------------------------------------------------
// Validation of interchange JSON (docs/resolution-import.schema.json), hand-written so that every
// problem names the JSON pointer of the offending value; each is a UI text (importError.format.*),
// made German where it is shown.
// ---------------------------------------------------------------------------------------------

export type ValidationResult = { ok: true; value: ImportDocument } | { ok: false; errors: UiText[] };

const LAND_CODE_VALUES: ReadonlySet<string> = new Set([
  'BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH',
]);
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

const FORMAT = 'importError.format';
type Problem = 'notObject' | 'missing' | 'notAllowed' | 'notList' | 'notText' | 'empty' | 'date' | 'oneOf' | 'agendaItem'
  | 'invalidValue' | 'duplicate' | `integer${'From' | 'Between'}${'' | 'OrNull'}`;

/** Collects errors as "<pointer>: <problem>". */
class Checker {
  readonly errors: UiText[] = [];

  fail(path: string, problem: Problem, values?: Record<string, string | number>): void {
    this.errors.push(uiText(`${FORMAT}.at`, { path: path || '/', problem: uiText(`${FORMAT}.${problem}`, values) }));
  }

  object(value: unknown, path: string, required: readonly string[], allowed: readonly string[]): value is Json {
    if (value === undefined && path !== '') return false;
    if (!isObject(value)) {
      this.fail(path, 'notObject');
      return false;
    }
    for (const key of required) if (!(key in value)) this.fail(`${path}/${key}`, 'missing');
    for (const key of Object.keys(value)) if (!allowed.includes(key)) this.fail(`${path}/${key}`, 'notAllowed');
    return true;
  }

  // Each check below leaves an absent value (undefined) to `object`, which reports it as missing.

  array(value: unknown, path: string): value is unknown[] {
    if (Array.isArray(value)) return true;
    if (value === undefined) return false;
    this.fail(path, 'notList');
    return false;
  }

  string(value: unknown, path: string, minLength = 0): void {
    if (value === undefined) return;
    if (typeof value !== 'string') this.fail(path, 'notText');
    else if (value.length < minLength) this.fail(path, 'empty');
  }

  integer(value: unknown, path: string, min: number, max = Number.MAX_SAFE_INTEGER, nullable = false): void {
    if ((nullable && value === null) || value === undefined) return;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? 'integerFrom' : 'integerBetween';
      this.fail(path, `${range}${nullable ? 'OrNull' : ''}`, { min, max });
    }
  }

  date(value: unknown, path: string): void {
    if (value === null || value === undefined) return;
    if (typeof value !== 'string' || !isIsoDate(value)) this.fail(path, 'date');
  }

  oneOf(value: unknown, path: string, allowed: readonly string[]): void {
    if (value === undefined) return;
    if (typeof value !== 'string' || !allowed.includes(value)) this.fail(path, 'oneOf', { values: allowed.join(', ') });
  }

  uniqueCodes(value: unknown, path: string, allowed: ReadonlySet<string> | null): void {
    if (!this.array(value, path)) return;
    const seen = new Set<unknown>();
    value.forEach((item, index) => {
      if (typeof item !== 'string') this.fail(`${path}/${index}`, 'notText');
      else if (allowed && !allowed.has(item)) this.fail(`${path}/${index}`, 'invalidValue', { value: item });
      if (seen.has(item)) this.fail(`${path}/${index}`, 'duplicate', { value: String(item) });
      seen.add(item);
    });
  }
}

function checkMeeting(check: Checker, meeting: unknown, path: string): void {
  if (!check.object(meeting, path, ['number', 'year', 'startDate', 'endDate', 'place'], ['number', 'year', 'startDate', 'endDate', 'place'])) return;
  check.integer(meeting.number, `${path}/number`, 1, Number.MAX_SAFE_INTEGER, true);
  check.integer(meeting.year, `${path}/year`, 1949, 2100, true);
  check.date(meeting.startDate, `${path}/startDate`);
  check.date(meeting.endDate, `${path}/endDate`);
  if (meeting.place !== null) check.string(meeting.place, `${path}/place`);
}

function checkDecision(check: Checker, decision: unknown, path: string): void {
  const keys = ['outcome', 'voting', 'yes', 'no', 'abstain', 'formula'];
  if (!check.object(decision, path, ['outcome', 'voting', 'formula'], keys)) return;
  check.oneOf(decision.outcome, `${path}/outcome`, OUTCOMES);
  check.oneOf(decision.voting, `${path}/voting`, VOTINGS);
  for (const key of ['yes', 'no', 'abstain']) if (key in decision) check.integer(decision[key], `${path}/${key}`, 0);
  check.string(decision.formula, `${path}/formula`);
}

function checkDemand(check: Checker, demand: unknown, path: string): void {
  if (!check.object(demand, path, ['number', 'text'], ['number', 'text', 'addressees', 'dueDate'])) return;
  if (demand.number !== null) check.string(demand.number, `${path}/number`);
  check.string(demand.text, `${path}/text`, 1);
  if ('addressees' in demand) check.uniqueCodes(demand.addressees, `${path}/addressees`, new Set(ADDRESSEES));
  if ('dueDate' in demand) check.date(demand.dueDate, `${path}/dueDate`);
}

function checkStatement(check: Checker, statement: unknown, path: string): void {
  if (!check.object(statement, path, ['laender', 'text'], ['laender', 'text'])) return;
  if (check.array(statement.laender, `${path}/laender`)) {
    statement.laender.forEach((land, index) => check.string(land, `${path}/laender/${index}`));
  }
  check.string(statement.text, `${path}/text`);
}

const RESOLUTION_REQUIRED = ['conference', 'meeting', 'agendaItem', 'title', 'sponsors', 'decision', 'demands', 'protocolStatements'];

function checkResolution(check: Checker, resolution: unknown, path: string): void {
  if (!check.object(resolution, path, RESOLUTION_REQUIRED, [...RESOLUTION_REQUIRED, 'references', 'reportingLand'])) return;
  check.string(resolution.conference, `${path}/conference`, 2);
  checkMeeting(check, resolution.meeting, `${path}/meeting`);
  if (resolution.agendaItem !== undefined && (typeof resolution.agendaItem !== 'string' || !isAgendaItem(resolution.agendaItem))) {
    check.fail(`${path}/agendaItem`, 'agendaItem');
  }
  check.string(resolution.title, `${path}/title`, 1);
  check.uniqueCodes(resolution.sponsors, `${path}/sponsors`, LAND_CODE_VALUES);
  checkDecision(check, resolution.decision, `${path}/decision`);
  if (check.array(resolution.demands, `${path}/demands`)) {
    resolution.demands.forEach((demand, index) => checkDemand(check, demand, `${path}/demands/${index}`));
  }
  if (check.array(resolution.protocolStatements, `${path}/protocolStatements`)) {
    resolution.protocolStatements.forEach((statement, index) => checkStatement(check, statement, `${path}/protocolStatements/${index}`));
  }
  if ('reportingLand' in resolution) check.oneOf(resolution.reportingLand, `${path}/reportingLand`, [...LAND_CODE_VALUES]);
  if ('references' in resolution && check.array(resolution.references, `${path}/references`)) {
    resolution.references.forEach((reference, index) => check.string(reference, `${path}/references/${index}`));
  }
}

function checkWarning(check: Checker, warning: unknown, path: string): void {
  if (!isObject(warning)) return check.fail(path, 'notObject');
  if (!('line' in warning)) check.fail(`${path}/line`, 'missing');
  else check.integer(warning.line, `${path}/line`, 1);
  if (!('message' in warning)) check.fail(`${path}/message`, 'missing');
  else check.string(warning.message, `${path}/message`);
}

/**
 * Checks JSON against the interchange schema. Errors, in German, read "/resolutions/0/meeting/year:
 * muss eine ganze Zahl zwischen 1949 und 2100 sein oder null".
 */
export function validateImportDocument(json: unknown): ValidationResult {
  const check = new Checker();
  if (check.object(json, '', ['resolutions', 'warnings'], ['resolutions', 'warnings'])) {
    if ('resolutions' in json && check.array(json.resolutions, '/resolutions')) {
      json.resolutions.forEach((resolution, index) => checkResolution(check, resolution, `/resolutions/${index}`));
    }
    if ('warnings' in json && check.array(json.warnings, '/warnings')) {
      json.warnings.forEach((warning, index) => checkWarning(check, warning, `/warnings/${index}`));
    }
  }
  return check.errors.length === 0 ? { ok: true, value: json as unknown as ImportDocument } : { ok: false, errors: check.errors };
}
