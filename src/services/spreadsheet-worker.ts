/**
 * The spreadsheet writer on a thread of its own (xlsxFileOffThread in ./spreadsheet.ts): it gets
 * the sheet's name and columns when it starts, then the rows in pieces as messages, and after
 * `{ end: true }` writes the file with the same code as every other download and sends it back.
 * Writing 50,000 rows takes seconds; here they are not seconds of the server's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { xlsxFile, type SpreadsheetColumn, type SpreadsheetValue } from './spreadsheet.js';

export interface SpreadsheetWorkerData {
  sheet: string;
  columns: SpreadsheetColumn[];
}

export type SpreadsheetWorkerMessage = { rows: SpreadsheetValue[][] } | { end: true };

const port = parentPort;
if (!port) throw new Error('spreadsheet-worker runs as a worker thread only');
const { sheet, columns } = workerData as SpreadsheetWorkerData;
const rows: SpreadsheetValue[][] = [];

port.on('message', (message: SpreadsheetWorkerMessage) => {
  if ('rows' in message) {
    for (const row of message.rows) rows.push(row);
    return;
  }
  // a failure is an unhandled rejection on this thread: the waiting request gets it as the worker's 'error'
  void xlsxFile(sheet, columns, rows).then((file) => port.postMessage(new Uint8Array(file.buffer, file.byteOffset, file.byteLength)));
});
