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
 * at most 5,000) with xlsxFile; the audit log (up to 50,000 rows, routes/admin/audit.ts) is written
 * by xlsxFileOffThread on a worker thread, while the server goes on answering.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { setImmediate as nextTurn } from 'node:timers/promises';
import pLimit from 'p-limit';
import writeXlsxFile, { type Cell as SheetCell, type SheetData } from 'write-excel-file/node';
import { xmlSafe } from '../domain/text-safety.js';
import type { SpreadsheetWorkerData, SpreadsheetWorkerMessage } from './spreadsheet-worker.js';

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

/**
 * The worker's file: beside this module, compiled (tsc's output, or dist/spreadsheet-worker.js
 * beside the server bundle, built by test/tools/build-server.ts); run from the TypeScript sources
 * (tsx, the tests), the worker's TypeScript is loaded through tsx as well.
 */
function workerEntry(): { file: URL | string; eval: boolean } {
  if (!import.meta.url.endsWith('.ts')) return { file: new URL('./spreadsheet-worker.js', import.meta.url), eval: false };
  // Node 20 applies a loader given with --import to a worker's imports, not to its entry file: the
  // worker registers tsx (its ES module API, as the package exports it to `import`), then imports
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const api = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api']!.import.default;
  const tsx = pathToFileURL(path.join(path.dirname(manifest), api)).href;
  const file = new URL('./spreadsheet-worker.ts', import.meta.url).href;
  return { file: `import(${JSON.stringify(tsx)}).then((tsx) => tsx.register()).then(() => import(${JSON.stringify(file)}));`, eval: true };
}

/** One large spreadsheet at a time: each takes a core for seconds, and the machine has few. */
const offThread = pLimit(1);

/**
 * The rows as an .xlsx file (as xlsxFile), written on a worker thread. The rows come in pieces
 * (an async iterable, e.g. read from the database a thousand at a time): each piece goes to the
 * worker as it comes, and between two pieces the event loop answers other requests. Files wait
 * for each other (one worker at a time).
 */
export function xlsxFileOffThread(
  sheet: string,
  columns: readonly SpreadsheetColumn[],
  pieces: AsyncIterable<SpreadsheetValue[][]> | Iterable<SpreadsheetValue[][]>,
): Promise<Buffer> {
  return offThread(async () => {
    const entry = workerEntry();
    const data: SpreadsheetWorkerData = { sheet, columns: columns.map((column) => ({ ...column })) };
    const worker = new Worker(entry.file, { workerData: data, eval: entry.eval });
    const file = new Promise<Buffer>((resolve, reject) => {
      worker.once('message', (bytes: Uint8Array) => resolve(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the spreadsheet worker ended (exit code ${code}) without a file`)));
    });
    // a worker that fails while the rows are still being read: its error is the answer, once asked for
    file.catch(() => {});
    try {
      for await (const rows of pieces) {
        worker.postMessage({ rows } satisfies SpreadsheetWorkerMessage);
        await nextTurn();
      }
      worker.postMessage({ end: true } satisfies SpreadsheetWorkerMessage);
      return await file;
    } finally {
      await worker.terminate();
    }
  });
}
