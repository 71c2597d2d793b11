/**
 * Downloads: a result list as CSV or JSON, and a meeting in the import interchange format.
 * Only what the viewer may see: search results come from the search service, the meeting from
 * the archive's visibility rule.
 *
 * CSV: UTF-8 with byte order mark, semicolon-separated, CRLF line ends. That is what German
 * Excel opens by double-click without an import dialog (its list separator in German locales is
 * ";", and without the BOM it reads UTF-8 as Windows-1252 and breaks the umlauts); LibreOffice
 * and scripts read it as well. Fields with ";", quotes or line breaks are quoted (RFC 4180).
 */
import { stringify } from 'csv-stringify/sync';
import { spreadsheetSafe } from '../domain/text-safety.js';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/connection.js';
import { demands, followUps } from '../../db/schema.js';
import type { ImportDocument, ImportResolution } from '../domain/import-format.js';
import { isLandCode } from '../domain/laender.js';
import { translate } from '../i18n.js';
import { xlsxFile, type SpreadsheetType } from './spreadsheet.js';
import { demandVisible, followUpVisible, resolutionVisible, visibilityParams, visibleTally, type Viewer } from './visibility.js';
import { meetingByAddress, protocolStatementsOf, sponsorCodes } from './archive.js';
import { c, conferenceOfMeeting, m, meetingOfResolution, r, resolutionHeader } from './resolution-header.js';
import { preparedPer } from './prepared.js';

export interface ExportRow {
  conference: string;
  meeting: string;
  year: number;
  date: string | null;
  agendaItem: string;
  title: string;
  outcome: string;
  sponsors: string;
  statuses: string;
  addressees: string;
  releasedOn: string | null;
  url: string;
}

/**
 * A download's column: its key, its German header (views/i18n/de.json, exportColumn.*) and, for
 * the spreadsheet file, its type where it is not text or a number (services/spreadsheet.ts).
 */
export function column<K extends string>(key: K, textKey: string = key, type?: SpreadsheetType): { key: K; header: string; type?: SpreadsheetType } {
  return type === undefined ? { key, header: translate(`exportColumn.${textKey}`) } : { key, header: translate(`exportColumn.${textKey}`), type };
}

/**
 * A TOP as a CSV cell: "TOP 2.12". German Excel, opening the file by double-click, reads a bare
 * "2.12" (or "5.1", "10.3", "3-5") as a date, shows "02. Dez" and keeps the date, not the TOP;
 * with the word in front the cell stays text in every spreadsheet. The JSON downloads keep the
 * bare number.
 */
export function agendaItemCsvCell(agendaItem: string): string {
  return `TOP ${agendaItem}`;
}

/** The TOP column of a download: "TOP 2.12" in the CSV file (agendaItemCsvCell), "2.12" in the JSON file. */
export function agendaItemColumn(): { key: 'agendaItem'; header: string; csv: (value: string | number | boolean | null) => string | number | boolean | null } {
  return { ...column('agendaItem'), csv: (value) => (typeof value === 'string' ? agendaItemCsvCell(value) : value) };
}

export const CSV_COLUMNS: readonly { key: keyof ExportRow; header: string; type?: SpreadsheetType }[] = [
  column('conference'),
  column('meeting'),
  column('year'),
  column('date', 'date', 'date'),
  column('agendaItem'),
  column('title'),
  column('outcome'),
  column('sponsors'),
  column('statuses'),
  column('addressees'),
  column('releasedOn', 'releasedOn', 'date'),
  column('url'),
];

/** The search results as a spreadsheet file (services/spreadsheet.ts): the CSV's columns, typed; the TOP bare, as text. */
export function searchResultsXlsx(rows: readonly ExportRow[]): Promise<Buffer> {
  return xlsxFile(translate('export.sheetSearch'), CSV_COLUMNS, rows.map((row) => CSV_COLUMNS.map((column) => row[column.key])));
}

/**
 * CSV as German spreadsheet programs open it: UTF-8 with byte order mark (umlauts), `;` between
 * fields, CRLF line ends, a header row. A text cell that would start a formula (= + - @, tab, CR)
 * gets a leading apostrophe, so that the spreadsheet shows it as text (domain/text-safety.ts).
 */
export function csvText(headers: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return csvRecords(headers, rows, true);
}

/**
 * Rows of a CSV file as csvText writes them; `first` adds the byte order mark and the header row
 * (the start of the file), without it the text continues a file (a streamed download's next piece).
 */
export function csvRecords(headers: readonly string[], rows: readonly (readonly (string | number | null)[])[], first: boolean): string {
  return stringify(
    rows.map((row) => row.map((value) => value ?? '')),
    {
      bom: first,
      delimiter: ';',
      record_delimiter: 'windows',
      header: first,
      columns: [...headers],
      cast: { number: (value) => String(value), string: (value) => spreadsheetSafe(value) },
    },
  );
}

/** The rows as CSV text, starting with the UTF-8 byte order mark. */
export function toCsv(rows: readonly ExportRow[]): string {
  return csvText(
    CSV_COLUMNS.map((column) => column.header),
    rows.map((row) => CSV_COLUMNS.map((column) => (column.key === 'agendaItem' ? agendaItemCsvCell(row.agendaItem) : row[column.key]) ?? '')),
  );
}

// ---------------------------------------------------------------------------------------------
// A meeting as the import interchange JSON
// ---------------------------------------------------------------------------------------------

const fu = alias(followUps, 'fu');

function prepareQueries(db: Db) {
  return {
    resolutions: db
      .select()
      .from(r)
      .innerJoin(m, meetingOfResolution)
      .where(and(eq(r.meetingId, sql.placeholder('meetingId')), resolutionVisible(r.release, m.conferenceId)))
      .orderBy(asc(r.sortKey))
      .prepare(),
    demands: db
      .select({ number: demands.number, text: demands.text, addressees: demands.addressees, dueDate: demands.dueDate })
      .from(demands)
      .where(and(eq(demands.resolutionId, sql.placeholder('resolutionId')), demandVisible(demands.internal)))
      .orderBy(asc(demands.position))
      .prepare(),
    list: db
      .select({
        ...resolutionHeader,
        modifiedAt: sql<string>`max(${r.updatedAt}, coalesce((select max(${fu.updatedAt}) from ${followUps} "fu"
          where ${fu.resolutionId} = ${r.id} and ${followUpVisible(fu.visibility, fu.demandId)}), ''))`,
      })
      .from(r)
      .innerJoin(m, meetingOfResolution)
      .innerJoin(c, conferenceOfMeeting)
      .where(
        and(
          resolutionVisible(r.release, m.conferenceId),
          gt(r.id, sql.placeholder('afterId')),
          sql`(${sql.placeholder('conference')} is null or ${c.slug} = ${sql.placeholder('conference')})`,
          sql`(${sql.placeholder('since')} is null or ${r.updatedAt} >= ${sql.placeholder('since')}
            or exists (select 1 from ${followUps} "fu" where ${fu.resolutionId} = ${r.id}
              and ${followUpVisible(fu.visibility, fu.demandId)} and ${fu.updatedAt} >= ${sql.placeholder('since')}))`,
        ),
      )
      .orderBy(asc(r.id))
      .limit(sql.placeholder('limit'))
      .prepare(),
  };
}

const queries = preparedPer(prepareQueries);

/**
 * The visible resolutions of a meeting in the import interchange format
 * (domain/import-format.ts), so that they can be imported elsewhere; null when the meeting is
 * unknown or has no visible resolution (the same 404 as the meeting page).
 */
export function meetingInterchange(db: Db, viewer: Viewer, slug: string, urlKey: string): ImportDocument | null {
  const q = queries(db);
  const found = meetingByAddress(db, viewer, slug, urlKey);
  if (!found) return null;
  const { meeting, conference } = found;
  const rows = q.resolutions.all({ ...visibilityParams(viewer), meetingId: meeting.id });
  if (rows.length === 0) return null;
  const list: ImportResolution[] = rows.map(({ r: stored }) => {
    // vote counts marked internal: left out for the public
    const row = visibleTally(viewer, stored);
    const resolutionId = row.id;
    const decision: ImportResolution['decision'] = {
      outcome: row.outcome,
      voting: row.voting,
      formula: row.formula,
      ...(row.votesYes !== null ? { yes: row.votesYes } : {}),
      ...(row.votesNo !== null ? { no: row.votesNo } : {}),
      ...(row.votesAbstain !== null ? { abstain: row.votesAbstain } : {}),
    };
    return {
      conference: conference.shortName,
      meeting: {
        number: meeting.number,
        year: meeting.year,
        startDate: meeting.startDate,
        endDate: meeting.endDate,
        place: meeting.place,
      },
      agendaItem: row.agendaItem,
      title: row.title,
      sponsors: sponsorCodes(db, resolutionId).filter(isLandCode),
      decision,
      demands: q.demands.all({ ...visibilityParams(viewer), resolutionId }).map((d) => ({
        number: d.number,
        text: d.text,
        addressees: d.addressees as ImportResolution['demands'][number]['addressees'],
        dueDate: d.dueDate,
      })),
      protocolStatements: protocolStatementsOf(db, viewer, resolutionId).map((s) => ({ laender: s.laender, text: s.text })),
      references: row.references,
    };
  });
  return { resolutions: list, warnings: [] };
}

export interface ListOptions {
  conference: string | null;
  /** ISO timestamp: only resolutions changed (or with visible follow-ups changed) since. */
  since: string | null;
  /** Cursor: the last id of the previous page (0 for the first). */
  afterId: number;
  limit: number;
}

/**
 * Visible resolutions in id order, for incremental sync: keyset pagination on the id, optionally
 * only those modified since a timestamp. `modifiedAt` is the latest change of the resolution or
 * of one of its visible follow-ups.
 */
export function listResolutions(db: Db, viewer: Viewer, options: ListOptions) {
  return queries(db).list.all({ ...visibilityParams(viewer), ...options });
}
