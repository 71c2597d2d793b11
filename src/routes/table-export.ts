/**
 * Every list of the application downloads the same way: as CSV (UTF-8 with byte order mark,
 * semicolons, German column headers; see services/export.ts) or as JSON (the same rows as objects
 * with English keys). The routes build the table from the very rows their page shows.
 */
import type { FastifyReply } from 'fastify';
import { translate } from '../i18n.js';
import { csvText } from '../services/export.js';
import { todayIso } from '../domain/dates.js';

export type Cell = string | number | boolean | null;

export interface ExportColumn<R> {
  key: keyof R & string;
  /** The German column header of the CSV file. */
  header: string;
  /** The cell as the CSV file holds it, where it differs from the JSON value (services/export.ts agendaItemColumn). */
  csv?: (value: Cell) => Cell;
}

export interface ExportTable<R extends Record<string, Cell>> {
  /** The file name without date and extension, e.g. "berichtsauftraege". */
  name: string;
  columns: readonly ExportColumn<R>[];
  rows: readonly R[];
  /** Filters and other facts of the list, for the JSON file. */
  meta?: Record<string, unknown>;
}

export type ExportFormat = 'csv' | 'json';

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

/** The table as a download in the requested format. */
export function sendTable<R extends Record<string, Cell>>(reply: FastifyReply, format: ExportFormat, table: ExportTable<R>) {
  const file = `${table.name}-${todayIso()}.${format}`;
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
