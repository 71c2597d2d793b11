/**
 * npm run --silent parse -- FILE [FILE...]
 *
 * Prints the interchange JSON (docs/import-format.md) of one or more resolution
 * texts (.txt, UTF-8), Word documents (.docx) or PDFs on stdout. Several files give one document: resolutions in file
 * order; warnings keep their line numbers and name their file ("datei.txt: …"). Bad input
 * prints one German message naming the file on stderr, nothing on stdout, and exits with 1.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ImportDocument } from '../domain/import-format.js';
import { analyseResolutionText, interchangeDocument, type ParsedDocument, type ParseOptions } from '../domain/parser/index.js';
import { documentText, InputError } from '../services/document-text.js';
import { parseFailureText, translate } from '../i18n.js';
import type { LandCode } from '../domain/laender.js';
import { answerHelp } from './help.js';

export { InputError };

const USAGE = translate('cli.parse.usage');

const HELP = translate('cli.parse.help', { usage: USAGE });

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(translate('cli.parse.notFound', { path }));
    if (code === 'EISDIR') throw new InputError(translate('cli.parse.isDirectory', { path }));
    if (code === 'EACCES') throw new InputError(translate('cli.parse.notPermitted', { path }));
    throw new InputError(translate('cli.parse.unreadable', { path }));
  }
}

async function textOf(path: string): Promise<string> {
  return documentText(path, await readBytes(path));
}

/** Parses one file; throws an `InputError` for bad input. */
export async function parseFile(path: string, options: ParseOptions = {}): Promise<ParsedDocument> {
  return (await parseFileWithChair(path, options)).document;
}

/**
 * Like `parseFile`, with the chair the text names ("Vorsitz: … Saarland"), read in the same pass:
 * the importer stores it with the meeting it creates (the interchange format has no chair).
 */
export async function parseFileWithChair(path: string, options: ParseOptions = {}): Promise<{ document: ParsedDocument; chairLand: LandCode | null }> {
  const text = await textOf(path);
  const result = analyseResolutionText(text, options);
  if (result.failure) throw new InputError(parseFailureText(result.failure, translate('parseFailure.theFile', { path })));
  return { document: result.document, chairLand: result.chairLand };
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

/** Where the command writes: the process's streams, or a test's own (to run the command in its process). */
export interface ParseCommandOptions {
  stdout?: { write(text: string): unknown };
  stderr?: { write(text: string): unknown };
}

export async function main(args: readonly string[], options: ParseCommandOptions = {}): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  answerHelp(args, HELP);
  const enrich = args.includes('--enrich');
  const paths = args.filter((arg) => arg !== '--enrich');
  if (paths.length === 0 || paths.some((path) => path.startsWith('--') && path !== '--')) {
    stderr.write(`${USAGE}\n`);
    return 1;
  }
  try {
    const document = await parseFiles(paths.filter((path) => path !== '--'), { enrich });
    stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    return 0;
  } catch (error) {
    const message = error instanceof InputError ? error.message : translate('cli.unexpectedError', { message: (error as Error).message });
    stderr.write(`${translate('cli.error', { message })}\n`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
