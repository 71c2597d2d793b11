/**
 * npm run --silent parse -- FILE [FILE...]
 *
 * Prints the interchange JSON (docs/import-format.md) of one or more resolution
 * texts (.txt, UTF-8) or PDFs on stdout. Several files give one document: resolutions in file
 * order; warnings keep their line numbers and name their file ("datei.txt: …"). Bad input
 * prints one German message naming the file on stderr, nothing on stdout, and exits with 1.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ImportDocument } from '../domain/import-format.js';
import { analyseResolutionText, interchangeDocument, type ParsedDocument, type ParseOptions } from '../domain/parser/index.js';
import { documentText, InputError } from '../services/document-text.js';
import { answerHelp } from './help.js';

export { InputError };

const USAGE = 'Aufruf: npm run --silent parse -- [--enrich] DATEI [DATEI ...]  (DATEI: .txt oder .pdf)';

const HELP = `${USAGE}

Übersetzt Beschlusstexte (Text oder PDF) in das Austauschformat (JSON, siehe docs/import-format.md)
und gibt es auf der Standardausgabe aus. Mehrere Dateien ergeben ein Dokument; Hinweise nennen dann
ihre Datei. --enrich liest zusätzlich Adressaten und Berichtstermine der Ziffern.
Nichts wird gespeichert (dafür: npm run import).`;

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`Die Datei „${path}“ wurde nicht gefunden.`);
    if (code === 'EISDIR') throw new InputError(`„${path}“ ist ein Verzeichnis, keine Datei.`);
    if (code === 'EACCES') throw new InputError(`Die Datei „${path}“ darf nicht gelesen werden.`);
    throw new InputError(`Die Datei „${path}“ kann nicht gelesen werden.`);
  }
}

async function textOf(path: string): Promise<string> {
  return documentText(path, await readBytes(path));
}

/** Parses one file; throws an `InputError` for bad input. */
export async function parseFile(path: string, options: ParseOptions = {}): Promise<ParsedDocument> {
  const result = analyseResolutionText(await textOf(path), options);
  if (result.failure) throw new InputError(result.failure.message.replace('Die Datei', `Die Datei „${path}“`));
  return result.document;
}

/** Parses the files into one document (see the module comment for how warnings are named). */
export async function parseFiles(paths: readonly string[], options: ParseOptions = {}): Promise<ImportDocument> {
  const merged: ImportDocument = { resolutions: [], warnings: [] };
  for (const path of paths) {
    const document = await parseFile(path, options);
    merged.resolutions.push(...document.resolutions);
    const prefix = paths.length > 1 ? `${basename(path)}: ` : '';
    merged.warnings.push(...interchangeDocument(document, prefix).warnings);
  }
  return merged;
}

export async function main(args: readonly string[]): Promise<number> {
  answerHelp(args, HELP);
  const enrich = args.includes('--enrich');
  const paths = args.filter((arg) => arg !== '--enrich');
  if (paths.length === 0 || paths.some((path) => path.startsWith('--') && path !== '--')) {
    process.stderr.write(`${USAGE}\n`);
    return 1;
  }
  try {
    const document = await parseFiles(paths.filter((path) => path !== '--'), { enrich });
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    return 0;
  } catch (error) {
    const message = error instanceof InputError ? error.message : `Unerwarteter Fehler: ${(error as Error).message}`;
    process.stderr.write(`Fehler: ${message}\n`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
