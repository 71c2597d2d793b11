/**
 * Every list of the application downloads the same way: as a spreadsheet file (.xlsx, typed cells,
 * see services/spreadsheet.ts), as CSV (UTF-8 with byte order mark, semicolons, German column
 * headers; see services/export.ts) or as JSON (the same rows as objects with English keys). The
 * routes build the table from the very rows their page shows. A list that may be long (the audit
 * log) is streamed instead (sendTableStream): the same files, written a piece at a time.
 */
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FastifyReply } from 'fastify';
import { translate } from '../i18n.js';
import { csvRecords, csvText } from '../services/export.js';
import { XLSX_CONTENT_TYPE, xlsxFile, type SpreadsheetType } from '../services/spreadsheet.js';
import { todayIso } from '../domain/dates.js';

export type Cell = string | number | boolean | null;

export interface ExportColumn<R> {
  key: keyof R & string;
  /** The German column header of the CSV and spreadsheet files. */
  header: string;
  /** The cell as the CSV file holds it, where it differs from the JSON value (services/export.ts agendaItemColumn). */
  csv?: (value: Cell) => Cell;
  /** How the spreadsheet file types the column (a date, a share, …); numbers are numbers, the rest text. */
  type?: SpreadsheetType;
  /** The cell as the spreadsheet file holds it, where it differs from the JSON value (a share as a number). */
  xlsx?: (value: Cell, row: R) => Cell;
}

export interface ExportTable<R extends Record<string, Cell>> {
  /** The file name without date and extension, e.g. "berichtsauftraege". */
  name: string;
  /** The spreadsheet's sheet name (German); the file name without date when not given. */
  sheet?: string;
  columns: readonly ExportColumn<R>[];
  rows: readonly R[];
  /** Filters and other facts of the list, for the JSON file. */
  meta?: Record<string, unknown>;
}

/** The formats of every list download, in the order the pages offer them. */
export const TABLE_FORMATS = ['xlsx', 'csv', 'json'] as const;

export type ExportFormat = (typeof TABLE_FORMATS)[number];

/** The download addresses of a list: its path with each format's extension, then the query ('' or "?…"). */
export function exportLinks(path: string, query = ''): Record<ExportFormat, string> {
  return { xlsx: `${path}.xlsx${query}`, csv: `${path}.csv${query}`, json: `${path}.json${query}` };
}

/** Sends an .xlsx file as a download named `file`. */
export async function sendSpreadsheet(reply: FastifyReply, file: string, sheet: string, columns: Parameters<typeof xlsxFile>[1], rows: Parameters<typeof xlsxFile>[2]) {
  const body = await xlsxFile(sheet, columns, rows);
  return reply.header('content-disposition', `attachment; filename="${file}"`).type(XLSX_CONTENT_TYPE).send(body);
}

export function cellText(value: Cell): string | number | null {
  if (typeof value === 'boolean') return translate(value ? 'exportColumn.yes' : 'exportColumn.no');
  return value;
}

/**
 * A download asked for with a query value that makes no sense (an unknown filter, a bad date):
 * refused with 400 and the German messages — the page shows a notice and a default instead, but a
 * file cannot show a notice and must not hold something else than asked for.
 */
export function refuseDownload(reply: FastifyReply, messages: readonly string[]) {
  return reply.code(400).type('text/plain; charset=utf-8').send(messages.join('\n'));
}

/** A download's file name: the list's name, today's date and the format ("aenderungsprotokoll-2026-12-07.xlsx"). */
function fileName(name: string, format: ExportFormat): string {
  return `${name}-${todayIso()}.${format}`;
}

/** A spreadsheet file written elsewhere (on a worker thread, services/spreadsheet.ts) as the list's download. */
export function sendXlsxFile(reply: FastifyReply, name: string, body: Buffer) {
  return reply.header('content-disposition', `attachment; filename="${fileName(name, 'xlsx')}"`).type(XLSX_CONTENT_TYPE).send(body);
}

/** The table as a download in the requested format. */
export function sendTable<R extends Record<string, Cell>>(reply: FastifyReply, format: ExportFormat, table: ExportTable<R>) {
  const file = fileName(table.name, format);
  if (format === 'xlsx') {
    const rows = table.rows.map((row) => table.columns.map((column) => {
      const value = row[column.key] ?? null;
      return cellText(column.xlsx ? column.xlsx(value, row) : value);
    }));
    return sendSpreadsheet(reply, file, table.sheet ?? table.name, table.columns, rows);
  }
  reply.header('content-disposition', `attachment; filename="${file}"`);
  if (format === 'csv') {
    return reply.type('text/csv; charset=utf-8').send(
      csvText(
        table.columns.map((column) => column.header),
        table.rows.map((row) => table.columns.map((column) => {
          const value = row[column.key] ?? null;
          return cellText(column.csv ? column.csv(value) : value);
        })),
      ),
    );
  }
  return reply.type('application/json; charset=utf-8').send(
    JSON.stringify({
      generatedAt: new Date().toISOString(),
      ...table.meta,
      total: table.rows.length,
      columns: table.columns.map((column) => ({ key: column.key, header: column.header })),
      rows: table.rows.map((row) => Object.fromEntries(table.columns.map((column) => [column.key, row[column.key] ?? null]))),
    }),
  );
}

/** A table whose rows come a piece at a time (read from the database when the file's reader is ready for them). */
export interface StreamedTable<R extends Record<string, Cell>> {
  /** The file name without date and extension. */
  name: string;
  columns: readonly ExportColumn<R>[];
  pieces: Iterable<readonly R[]> | AsyncIterable<readonly R[]>;
  /** Filters and other facts of the list, for the JSON file. */
  meta?: Record<string, unknown>;
}

/** A row's cells in the CSV file. */
function csvCells<R extends Record<string, Cell>>(columns: readonly ExportColumn<R>[], row: R): (string | number | null)[] {
  return columns.map((column) => {
    const value = row[column.key] ?? null;
    return cellText(column.csv ? column.csv(value) : value);
  });
}

/** A row as an object of the JSON file. */
function jsonRow<R extends Record<string, Cell>>(columns: readonly ExportColumn<R>[], row: R): Record<string, Cell> {
  return Object.fromEntries(columns.map((column) => [column.key, row[column.key] ?? null]));
}

/** The CSV file a piece at a time: the byte order mark and the header first, then each piece's records. */
async function* csvPieces<R extends Record<string, Cell>>(table: StreamedTable<R>): AsyncGenerator<Buffer> {
  const headers = table.columns.map((column) => column.header);
  let first = true;
  for await (const rows of table.pieces) {
    yield Buffer.from(csvRecords(headers, rows.map((row) => csvCells(table.columns, row)), first));
    first = false;
    // the next piece in a later turn of the event loop: other requests are answered in between
    await nextTurn();
  }
  if (first) yield Buffer.from(csvRecords(headers, [], true));
}

/**
 * The JSON file a piece at a time, as sendTable writes it, except that `total` (the rows written)
 * follows the rows: it is known when the last of them is.
 */
async function* jsonPieces<R extends Record<string, Cell>>(table: StreamedTable<R>): AsyncGenerator<Buffer> {
  const head = JSON.stringify({ generatedAt: new Date().toISOString(), ...table.meta });
  const columns = JSON.stringify(table.columns.map((column) => ({ key: column.key, header: column.header })));
  yield Buffer.from(`${head.slice(0, -1)},"columns":${columns},"rows":[`);
  let total = 0;
  for await (const rows of table.pieces) {
    if (rows.length === 0) continue;
    yield Buffer.from(`${total === 0 ? '' : ','}${rows.map((row) => JSON.stringify(jsonRow(table.columns, row))).join(',')}`);
    total += rows.length;
    await nextTurn();
  }
  yield Buffer.from(`],"total":${total}}`);
}

/**
 * A long list as a CSV or JSON download, streamed: a piece of rows is read and written only when
 * the client has taken the ones before (backpressure: the stream asks for more when its buffer has
 * room), so the list is never whole in memory, and between two pieces the server answers other
 * requests. Every row of the list is in the file, none left out unsaid. A client that goes away
 * ends the reading. An error while reading (after the first bytes were sent) breaks the
 * connection off: the client sees a download that failed, never a file that looks complete.
 */
export function sendTableStream<R extends Record<string, Cell>>(reply: FastifyReply, format: 'csv' | 'json', table: StreamedTable<R>) {
  reply.header('content-disposition', `attachment; filename="${fileName(table.name, format)}"`);
  const body = Readable.from(format === 'csv' ? csvPieces(table) : jsonPieces(table), { objectMode: false });
  return reply.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8').send(body);
}
