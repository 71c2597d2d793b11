/**
 * Lists as spreadsheet files (.xlsx, Office Open XML), written with write-excel-file (one
 * dependency, fflate, which the application already has). A CSV file opened by double-click is
 * read as the program guesses: LibreOffice Calc takes commas and Latin-1 unless its import dialog
 * says otherwise, Excel reads "2.12" as a date. A spreadsheet file carries its types: dates are
 * dates (shown as 07.12.2026, sortable and filterable as dates), numbers are numbers, a TOP or a
 * Ziffer is text and stays what it is, and a text that starts with "=" is text, never a formula.
 *
 * One sheet: a bold header row that stays in view while scrolling, then one row per list row;
 * column widths after their content.
 *
 * Writing is synchronous and costs about ten times the CSV (50,000 rows of nine columns: 2–4 s on
 * the 2-core machine against 0.3 s): fine for the lists of the pages (hundreds of rows, the search
 * at most 5,000), not offered for the audit log (routes/admin/audit.ts).
 */
import writeXlsxFile, { type Cell as SheetCell, type SheetData } from 'write-excel-file/node';
import { xmlSafe } from '../domain/text-safety.js';

/**
 * How a column's cells are typed in the file: text (the default for strings), a number, a date
 * (an ISO date "2026-12-07") or a share (0.425 shown as "42,5 %"). A value that does not fit its
 * type is written as text.
 */
export type SpreadsheetType = 'text' | 'number' | 'date' | 'percent';

export interface SpreadsheetColumn {
  header: string;
  type?: SpreadsheetType;
}

export type SpreadsheetValue = string | number | null;

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The most characters a cell holds in Excel (a longer text makes it report a damaged file). */
const CELL_LIMIT = 32_767;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const FORMATS: Partial<Record<SpreadsheetType, string>> = {
  date: 'dd.mm.yyyy',
  percent: '0.0 %',
};
const MIN_WIDTH = 6;
const MAX_WIDTH = 60;

/**
 * A text cell: stored as a string, so that a spreadsheet keeps "2.12" or "=1+1" as the text it is
 * (no number format needed, which would cost a style lookup per cell). Characters XML cannot carry
 * are dropped by the library.
 */
function textCell(value: string): SheetCell {
  if (value.length <= CELL_LIMIT) return value;
  // cut what the cell will hold: after the characters the library would drop
  const text = xmlSafe(value);
  return text.length > CELL_LIMIT ? `${text.slice(0, CELL_LIMIT - 1)}…` : text;
}

function dateOf(type: SpreadsheetType | undefined, value: string): Date | null {
  const match = type === 'date' ? ISO_DATE.exec(value) : null;
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  // not 2026-02-30 turned into 2026-03-02
  return date.toISOString().startsWith(value) ? date : null;
}

/** One cell of the file: typed after its column, empty for null and "". */
export function spreadsheetCell(column: SpreadsheetColumn, value: SpreadsheetValue): SheetCell {
  if (value === null || value === '') return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return textCell(String(value));
    const format = FORMATS[column.type ?? 'number'];
    return format && column.type === 'percent' ? { value, type: Number, format } : { value, type: Number };
  }
  const date = dateOf(column.type, value);
  if (date) return { value: date, type: Date, format: FORMATS[column.type!]! };
  return textCell(value);
}

/** The width of a column in characters: after its header and its longest cell, within bounds. */
function widthOf(column: SpreadsheetColumn, rows: readonly (readonly SpreadsheetValue[])[], index: number): number {
  let longest = column.header.length;
  if (column.type === 'date') longest = Math.max(longest, 10);
  for (const row of rows) {
    const value = row[index];
    if (typeof value === 'string' && column.type !== 'date') {
      // the longest line of a cell with line breaks
      for (const line of value.split('\n')) longest = Math.max(longest, line.length);
    } else if (typeof value === 'number') longest = Math.max(longest, String(value).length);
    if (longest >= MAX_WIDTH) break;
  }
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, longest + 2));
}

/** A sheet's name as spreadsheets allow it: at most 31 characters, none of []:*?/\. */
export function sheetName(name: string): string {
  const cleaned = xmlSafe(name).replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 31).trim();
  return cleaned === '' ? 'Tabelle' : cleaned;
}

/** The rows as an .xlsx file: a header row, then the rows, each cell typed after its column. */
export async function xlsxFile(sheet: string, columns: readonly SpreadsheetColumn[], rows: readonly (readonly SpreadsheetValue[])[]): Promise<Buffer> {
  const data: SheetData = [
    columns.map((column) => ({ value: xmlSafe(column.header), type: String, fontWeight: 'bold' as const })),
    ...rows.map((row) => columns.map((column, index) => spreadsheetCell(column, row[index] ?? null))),
  ];
  return writeXlsxFile(data, {
    sheet: sheetName(sheet),
    stickyRowsCount: 1,
    columns: columns.map((column, index) => ({ width: widthOf(column, rows, index) })),
  }).toBuffer();
}
