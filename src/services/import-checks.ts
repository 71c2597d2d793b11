/**
 * The checks of a document before it is stored, beyond what the JSON schema can express, and the
 * label that names a TOP in their messages ("TOP 2.12 der 12. IntMK 2017"). The problems are UI
 * texts (importError.* in views/i18n/de.json), made German where they are shown: the browser
 * import's preview and the command-line import.
 */
import { AGENDA_ITEM_LIMITS, agendaItemProblem } from '../domain/agenda-item.js';
import { meetingLabel } from '../domain/citation.js';
import { isIsoDate } from '../domain/dates.js';
import type { ImportMeeting, ImportResolution } from '../domain/import-format.js';
import { isLandCode } from '../domain/laender.js';
import { uiText, type UiText, type UiTextValue } from '../domain/ui-text.js';
import { ADDRESSEES, OUTCOMES, VOTINGS } from '../domain/vocabulary.js';
import { voteCountProblem } from '../domain/vote-counts.js';
import { uiTextOf } from '../i18n.js';
import type { StorableDocument } from './import.js';
import { RefusedError } from './types.js';

/** "TOP 2.12 der 12. IntMK 2017", as a UI text. */
export function resolutionLabelText(r: Pick<ImportResolution, 'conference' | 'meeting' | 'agendaItem'>): UiText {
  const { number, startDate } = r.meeting;
  const year = meetingYear(r.meeting);
  // As the archive names the meeting ("12. IntMK 2017", "AMK 22.09.2000"), with what the text gives.
  const meeting = year !== null && (number !== null || startDate !== null)
    ? meetingLabel(r.conference, { number, year, startDate })
    : `${number === null ? '' : `${number}. `}${r.conference}${year === null ? '' : ` ${year}`}`;
  // a TOP whose number was emptied is named by its meeting alone ("TOP der 76. GMK 2003" reads as a slip)
  return r.agendaItem.trim() === '' ? uiText('importError.topWithoutNumber', { meeting }) : uiText('importError.top', { top: r.agendaItem, meeting });
}

/** The label in German, for the import's list of stored TOPs. */
export function resolutionLabel(r: Pick<ImportResolution, 'conference' | 'meeting' | 'agendaItem'>): string {
  return uiTextOf(resolutionLabelText(r));
}

/** The meeting's year: as printed, else the year of its start date; null where the text gives neither. */
export function meetingYear(meeting: Pick<ImportMeeting, 'year' | 'startDate'>): number | null {
  if (meeting.year !== null) return meeting.year;
  return meeting.startDate !== null && isIsoDate(meeting.startDate) ? Number(meeting.startDate.slice(0, 4)) : null;
}

/** Domain checks the JSON schema cannot express; returns the problems, each prefixed by the TOP. */
export function checkResolution(r: ImportResolution): UiText[] {
  const problems: UiText[] = [];
  const top = resolutionLabelText(r);
  const add = (key: string, values?: Record<string, UiTextValue>) =>
    problems.push(uiText('importError.atTop', { top, problem: uiText(`importError.${key}`, values) }));
  if (!r.conference.trim()) add('conferenceMissing');
  const agendaItemError = agendaItemProblem(r.agendaItem);
  const shownItem = r.agendaItem.length > 20 ? `${r.agendaItem.slice(0, 20)}…` : r.agendaItem;
  // an emptied TOP number: said as missing, not as the invalid number „“
  if (agendaItemError === 'shape') add(r.agendaItem.trim() === '' ? 'agendaItemMissing' : 'agendaItemInvalid', { value: shownItem });
  if (agendaItemError === 'tooLong') add('agendaItemTooLong', { value: shownItem, ...AGENDA_ITEM_LIMITS });
  if (!r.title.trim()) add('titleMissing');
  if (r.meeting.number === null && r.meeting.startDate === null) add('meetingUnnamed');
  if (meetingYear(r.meeting) === null) add('yearMissing');
  for (const date of [r.meeting.startDate, r.meeting.endDate]) {
    if (date !== null && !isIsoDate(date)) add('dateInvalid', { value: date });
  }
  if (r.meeting.startDate && r.meeting.endDate && r.meeting.endDate < r.meeting.startDate) add('endBeforeStart');
  for (const land of r.sponsors) if (!isLandCode(land)) add('notLand', { value: land });
  if (r.reportingLand !== undefined && !isLandCode(r.reportingLand)) add('reportingNotLand', { value: r.reportingLand });
  if (new Set(r.sponsors).size !== r.sponsors.length) add('sponsorTwice');
  if (!(OUTCOMES as readonly string[]).includes(r.decision.outcome)) add('outcomeUnknown', { value: r.decision.outcome });
  if (!(VOTINGS as readonly string[]).includes(r.decision.voting)) add('votingUnknown', { value: r.decision.voting });
  const votes = voteCountProblem(r.decision.voting, { yes: r.decision.yes ?? null, no: r.decision.no ?? null, abstain: r.decision.abstain ?? null });
  if (votes) problems.push(uiText('importError.atTop', { top, problem: votes }));
  const numbers = new Set<string | null>();
  for (const d of r.demands) {
    const demand = d.number === null ? uiText('importError.wholeText') : uiText('importError.demand', { number: d.number });
    if (numbers.has(d.number)) add('demandTwice', { demand });
    numbers.add(d.number);
    if (!d.text.trim()) add('demandEmpty', { demand });
    for (const addressee of d.addressees ?? [])
      if (!(ADDRESSEES as readonly string[]).includes(addressee)) add('addresseeUnknown', { demand, value: addressee });
    if (d.dueDate && !isIsoDate(d.dueDate)) add('dueDateInvalid', { demand, value: d.dueDate });
  }
  for (const statement of r.protocolStatements)
    for (const land of statement.laender) if (!isLandCode(land)) add('statementNotLand', { value: land });
  return problems;
}

/** A problem of a document: the index of its resolution (null for the whole document) and what is wrong there. */
export interface DocumentProblem {
  readonly index: number | null;
  /** "TOP 2.12 der 12. IntMK 2017: Der Titel fehlt." */
  readonly text: UiText;
  /** What is wrong, without the TOP ("Der Titel fehlt."): its key says which field (importError.titleMissing). */
  readonly problem: UiText;
}

/** All problems of a document, by resolution, in the order of its resolutions. */
export function documentProblems(document: Pick<StorableDocument, 'resolutions'>): DocumentProblem[] {
  const problems: DocumentProblem[] = document.resolutions.flatMap((r, index) =>
    checkResolution(r).map((text) => ({ index, text, problem: text.values!.problem as UiText })));
  const seen = new Set<string>();
  document.resolutions.forEach((r, index) => {
    const key = `${r.conference.toLowerCase()}|${r.meeting.number ?? r.meeting.startDate}|${r.agendaItem}`;
    const problem = uiText('importError.twiceInDocument');
    if (seen.has(key)) problems.push({ index, text: uiText('importError.atTop', { top: resolutionLabelText(r), problem }), problem });
    seen.add(key);
  });
  if (document.resolutions.length === 0) {
    const problem = uiText('importError.noResolution');
    problems.push({ index: null, text: problem, problem });
  }
  return problems;
}

/** Checks a whole document; throws RefusedError naming the broken TOPs (nothing is stored then). */
export function checkDocument(document: Pick<StorableDocument, 'resolutions'>): void {
  const problems = documentProblems(document);
  if (problems.length > 0) throw new RefusedError(problems.map((p) => p.text));
}
