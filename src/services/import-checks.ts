/**
 * The checks of a document before it is stored, beyond what the JSON schema can express, and the
 * label that names a TOP in their messages ("TOP 2.12 der 12. IntMK 2017").
 */
import { isAgendaItem } from '../domain/agenda-item.js';
import { meetingLabel } from '../domain/citation.js';
import { isIsoDate } from '../domain/dates.js';
import type { ImportMeeting, ImportResolution } from '../domain/import-format.js';
import { isLandCode } from '../domain/laender.js';
import { ADDRESSEES, OUTCOMES, VOTINGS } from '../domain/vocabulary.js';
import type { StorableDocument } from './import.js';
import { ValidationError } from './types.js';

export function resolutionLabel(r: Pick<ImportResolution, 'conference' | 'meeting' | 'agendaItem'>): string {
  const { number, startDate } = r.meeting;
  const year = meetingYear(r.meeting);
  // As the archive names the meeting ("12. IntMK 2017", "AMK 22.09.2000"), with what the text gives.
  if (year !== null && (number !== null || startDate !== null)) return `TOP ${r.agendaItem} der ${meetingLabel(r.conference, { number, year, startDate })}`;
  return `TOP ${r.agendaItem} der ${number === null ? '' : `${number}. `}${r.conference}${year === null ? '' : ` ${year}`}`;
}

/** The meeting's year: as printed, else the year of its start date; null where the text gives neither. */
export function meetingYear(meeting: Pick<ImportMeeting, 'year' | 'startDate'>): number | null {
  if (meeting.year !== null) return meeting.year;
  return meeting.startDate !== null && isIsoDate(meeting.startDate) ? Number(meeting.startDate.slice(0, 4)) : null;
}

/** Domain checks the JSON schema cannot express; returns German problems, prefixed by the TOP. */
export function checkResolution(r: ImportResolution): string[] {
  const problems: string[] = [];
  const add = (message: string) => problems.push(`${resolutionLabel(r)}: ${message}`);
  if (!r.conference.trim()) add('Die Konferenz fehlt.');
  if (!isAgendaItem(r.agendaItem)) add(`„${r.agendaItem}“ ist keine gültige TOP-Nummer.`);
  if (!r.title.trim()) add('Der Titel fehlt.');
  if (r.meeting.number === null && r.meeting.startDate === null)
    add('Die Sitzung braucht eine Nummer oder ein Anfangsdatum.');
  if (meetingYear(r.meeting) === null) add('Das Jahr der Sitzung fehlt.');
  for (const date of [r.meeting.startDate, r.meeting.endDate]) {
    if (date !== null && !isIsoDate(date)) add(`„${date}“ ist kein gültiges Datum (JJJJ-MM-TT).`);
  }
  if (r.meeting.startDate && r.meeting.endDate && r.meeting.endDate < r.meeting.startDate)
    add('Das Ende der Sitzung liegt vor ihrem Beginn.');
  for (const land of r.sponsors) if (!isLandCode(land)) add(`„${land}“ ist kein Land.`);
  if (r.reportingLand !== undefined && !isLandCode(r.reportingLand)) add(`Berichterstattung: „${r.reportingLand}“ ist kein Land.`);
  if (new Set(r.sponsors).size !== r.sponsors.length) add('Ein Land steht mehrfach unter den Antragstellern.');
  if (!(OUTCOMES as readonly string[]).includes(r.decision.outcome))
    add(`Unbekanntes Ergebnis „${r.decision.outcome}“.`);
  if (!(VOTINGS as readonly string[]).includes(r.decision.voting))
    add(`Unbekannte Abstimmungsart „${r.decision.voting}“.`);
  const numbers = new Set<string | null>();
  for (const demand of r.demands) {
    const name = demand.number === null ? 'Der Beschlusstext' : `Ziffer ${demand.number}`;
    if (numbers.has(demand.number)) add(`${name} kommt mehrfach vor.`);
    numbers.add(demand.number);
    if (!demand.text.trim()) add(`${name} hat keinen Text.`);
    for (const addressee of demand.addressees ?? [])
      if (!(ADDRESSEES as readonly string[]).includes(addressee)) add(`${name}: unbekannter Adressat „${addressee}“.`);
    if (demand.dueDate && !isIsoDate(demand.dueDate)) add(`${name}: „${demand.dueDate}“ ist kein gültiges Datum.`);
  }
  for (const statement of r.protocolStatements)
    for (const land of statement.laender) if (!isLandCode(land)) add(`Protokollerklärung: „${land}“ ist kein Land.`);
  return problems;
}

/** Checks a whole document; throws ValidationError naming the broken TOPs. */
export function checkDocument(document: Pick<StorableDocument, 'resolutions'>): void {
  const problems = document.resolutions.flatMap(checkResolution);
  const seen = new Set<string>();
  for (const r of document.resolutions) {
    const key = `${r.conference.toLowerCase()}|${r.meeting.number ?? r.meeting.startDate}|${r.agendaItem}`;
    if (seen.has(key)) problems.push(`${resolutionLabel(r)}: kommt im Dokument mehrfach vor.`);
    seen.add(key);
  }
  if (document.resolutions.length === 0) problems.push('Das Dokument enthält keinen Beschluss.');
  if (problems.length > 0) {
    throw new ValidationError(`Import abgebrochen, nichts gespeichert: ${problems[0]}`, problems);
  }
}
