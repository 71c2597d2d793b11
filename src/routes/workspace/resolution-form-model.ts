/**
 * View model of the resolution edit form, from the stored resolution or from the user's
 * submitted (possibly invalid) input, so a failed save shows exactly what was typed.
 */
import { formatDateShort } from '../../domain/dates.js';
import { LAENDER, isLandCode, landName } from '../../domain/laender.js';
import type { ResolutionInput } from '../../domain/resolution-form.js';
import type { ResolutionForEdit } from '../../services/resolutions.js';
import { translate } from '../../i18n.js';
import { errorSummary } from '../error-summary.js';
import { ADDRESSEES, OUTCOMES, VOTINGS } from '../../domain/vocabulary.js';

interface DemandRow {
  id: number | null;
  number: string | null;
  text: string;
  addressees: readonly string[];
  dueDate: string | null;
  dueMeetingNumber: number | null;
  followUps: number;
  internal: boolean;
  /** A stored Ziffer the user ticked to delete (the form is back for another problem): still ticked. */
  deleting?: boolean;
}

function options(values: readonly string[], prefix: string, selected: string) {
  return values.map((value) => ({ value, label: translate(`${prefix}.${value}`), selected: value === selected }));
}

function demandRows(rows: readonly DemandRow[], errors: Record<string, string>, blank: number, asTyped: Record<string, string>) {
  const filled = rows.map((row, index) => ({ ...row, index }));
  const blanks = Array.from({ length: blank }, (_, i) => ({ id: null, number: null, text: '', addressees: [] as string[], dueDate: null, dueMeetingNumber: null, followUps: 0, internal: false, deleting: false, index: filled.length + i }));
  const all = [...filled, ...blanks];
  return all.map((row) => {
    const field = (name: string) => `demand_${row.index}_${name}`;
    return {
      index: row.index,
      id: row.id,
      isNew: row.id === null,
      number: row.number ?? '',
      text: row.text,
      order: asTyped[field('order')] ?? row.index + 1,
      due: formatDateShort(row.dueDate),
      dueMeeting: asTyped[field('dueMeeting')] ?? row.dueMeetingNumber ?? '',
      followUps: row.followUps,
      internal: row.internal,
      deleting: row.deleting === true,
      addressees: ADDRESSEES.map((value) => ({ value, label: translate(`addressee.${value}`), checked: row.addressees.includes(value) })),
      errors: {
        number: errors[field('number')],
        text: errors[field('text')],
        order: errors[field('order')],
        due: errors[field('due')],
        dueMeeting: errors[field('dueMeeting')],
      },
    };
  });
}

function statementRows(rows: readonly { laender: readonly string[]; text: string; internal: boolean }[], errors: Record<string, string>, blank: number) {
  const all = [...rows, ...Array.from({ length: blank }, () => ({ laender: [] as string[], text: '', internal: false }))];
  return all.map((row, index) => ({
    index,
    laender: row.laender.filter(isLandCode).map((code) => landName(code)).join(', '),
    text: row.text,
    internal: row.internal,
    errors: { laender: errors[`statement_${index}_laender`], text: errors[`statement_${index}_text`] },
  }));
}

export function formFromStored(stored: ResolutionForEdit) {
  return build(
    { ...stored.resolution, sponsors: stored.sponsors },
    stored.demands,
    stored.protocolStatements,
    {},
    1,
    {},
  );
}

/**
 * `blank`: how many empty rows for new Ziffern and Protokollerklärungen the form offers; `asTyped`:
 * numbers typed that are none, by the field name they were sent in. The Ziffern come back in their
 * new order (their positions) followed by those ticked to delete, and the problems and typed values
 * sent for a row go with it: to the row's new field names, which the error summary links.
 */
export function formFromInput(input: ResolutionInput, stored: ResolutionForEdit | null, errors: Record<string, string>, blank = 1, asTyped: Record<string, string> = {}) {
  const followUps = new Map(stored?.demands.map((d) => [d.id, d.followUps]) ?? []);
  const deleting = (stored?.demands ?? []).filter((d) => input.deleteDemands.includes(d.id)).map((d) => ({ ...d, deleting: true }));
  const rowOf = new Map(input.demands.map((d, position) => [d.row ?? position, position]));
  const moved = (values: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(values).map(([key, value]) => {
        const match = /^demand_(\d+)_(.+)$/.exec(key);
        const position = match ? rowOf.get(Number(match[1])) : undefined;
        return [position === undefined ? key : `demand_${position}_${match![2]}`, value];
      }),
    );
  return build(
    input,
    [...input.demands.map((d) => ({ ...d, followUps: d.id === null ? 0 : (followUps.get(d.id) ?? 0) })), ...deleting],
    input.protocolStatements,
    moved(errors),
    blank,
    moved(asTyped),
  );
}

function build(
  fields: Pick<ResolutionInput, 'agendaItem' | 'title' | 'outcome' | 'voting' | 'votesYes' | 'votesNo' | 'votesAbstain' | 'tallyInternal' | 'formula' | 'references'> & { sponsors: readonly string[] },
  demands: readonly DemandRow[],
  statements: readonly { laender: readonly string[]; text: string; internal: boolean }[],
  errors: Record<string, string>,
  blank: number,
  asTyped: Record<string, string>,
) {
  return {
    blankRows: blank,
    agendaItem: fields.agendaItem,
    title: fields.title,
    titleRows: titleRows(fields.title),
    sponsors: LAENDER.map((land) => ({ code: land.code, name: land.name, checked: fields.sponsors.includes(land.code) })),
    outcomes: options(OUTCOMES, 'outcome', fields.outcome),
    votings: options(VOTINGS, 'votingOption', fields.voting),
    votesYes: asTyped.votesYes ?? fields.votesYes ?? '',
    votesNo: asTyped.votesNo ?? fields.votesNo ?? '',
    votesAbstain: asTyped.votesAbstain ?? fields.votesAbstain ?? '',
    tallyInternal: fields.tallyInternal,
    formula: fields.formula,
    references: fields.references.join('\n'),
    demands: demandRows(demands, errors, blank, asTyped),
    statements: statementRows(statements, errors, blank),
    errors,
    errorList: errorSummary(errors),
  };
}

/**
 * Rows of a title's field (the edit form and the import preview): as many as the title needs at
 * about 70 characters a line (the field's width on a desktop), 1 to 4; a longer one scrolls inside
 * the field, and where the browser can, the field grows with its text (site.css, field-sizing).
 */
export function titleRows(title: string): number {
  return Math.min(4, Math.max(1, Math.ceil(title.length / 70)));
}
