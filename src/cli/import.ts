/**
 * npm run import -- [--release] [--renumbered use|new] [--conference KÜRZEL] [--meeting N] [--year JJJJ] [--date …] PFAD [PFAD...]
 *
 * Imports resolution texts (.txt, .docx, .pdf) or interchange JSON (.json, stored as is). A PFAD may be a
 * folder: every .pdf/.docx/.txt/.json below it is imported, in name order. Each file is stored in a
 * transaction of its own: a broken file stores nothing of itself and does not stop the others. New
 * resolutions are drafts unless --release is given (then public, released today). Re-importing
 * updates the same resolutions (conference, meeting, TOP) and never touches their follow-ups.
 *
 * On a terminal a progress line shows "Datei n von N" and the TOPs so far; with several files a
 * table per file ends the run (TOPs created, updated, unchanged, warnings, failure). The exit code
 * is 1 when any file failed. The meeting options fill in what a text leaves open (meeting-options.ts).
 *
 * A text that names a meeting (or a TOP of a meeting) by the number it had before the secretariat
 * corrected it is refused, naming the number today: --renumbered use stores it there, --renumbered
 * new creates another meeting (or TOP) with the text's number.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig } from '../config.js';
import { DatabaseStartupError, openDatabase, type Connection } from '../../db/connection.js';
import type { ImportDocument, ImportWarning } from '../domain/import-format.js';
import type { ParserWarning } from '../domain/parser/warning-kinds.js';
import { interchangeWarningText, parserWarningText, translate, uiTextOf } from '../i18n.js';
import { todayIso } from '../domain/dates.js';
import { MIGRATIONS_DIR } from '../paths.js';
import { importDocument, RenumberedError, type ImportedItem, type ImportOptions, type ImportResult, type StorableDocument } from '../services/import.js';
import { RefusedError, ValidationError } from '../services/types.js';
import { readInterchangeJson } from '../services/document-text.js';
import { answerHelp } from './help.js';
import { InputError, parseFileWithChair } from './parse.js';
import type { LandCode } from '../domain/laender.js';
import { MEETING_OPTIONS, MEETING_USAGE, readMeetingOptions, withGivenMeeting, type GivenMeeting } from './meeting-options.js';

const USAGE = translate('cli.import.usage', { meetingUsage: MEETING_USAGE });
const CLI_ACTOR = { userId: null, name: 'cli' };
const IMPORTABLE = new Set(['.txt', '.docx', '.pdf', '.json']);

const HELP = translate('cli.import.help', { usage: USAGE });

/** Where the command writes; a test passes its own streams (and may pretend to be a terminal). */
export interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface ImportCommandOptions {
  env?: NodeJS.ProcessEnv;
  stdout?: Output;
  stderr?: Output;
}

/** What became of one file. */
export interface FileOutcome {
  path: string;
  created: number;
  updated: number;
  unchanged: number;
  warnings: number;
  /** German message when the file stored nothing. */
  failure: string | null;
}

interface Loaded {
  document: StorableDocument;
  /** The parser's warnings on a text or PDF. */
  warnings: readonly ParserWarning[];
  /** The warnings an interchange file carries, shown as they are written. */
  notes: readonly ImportWarning[];
  /** The chair a text or PDF names, read with its resolutions: stored with the meeting the import creates. */
  chairLand: LandCode | null;
}

async function readJson(path: string): Promise<ImportDocument> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new InputError(translate('cli.parse.unreadable', { path }));
  }
  return readInterchangeJson(path, text);
}

async function load(path: string): Promise<Loaded> {
  if (path.toLowerCase().endsWith('.json')) {
    const document = await readJson(path);
    return { document, warnings: [], notes: document.warnings, chairLand: null };
  }
  const { document, chairLand } = await parseFileWithChair(path, { enrich: true });
  return { document, warnings: document.warnings, notes: [], chairLand };
}

const CHANGE_LABEL: Record<ImportedItem['change'], string> = {
  created: translate('cli.import.change.created'),
  updated: translate('cli.import.change.updated'),
  unchanged: translate('cli.import.change.unchanged'),
};

/** Files to import: the files named, and every .pdf/.txt/.json below a folder named, in name order. */
export async function collectFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    let isFolder = false;
    try {
      isFolder = (await stat(path)).isDirectory();
    } catch {
      // a missing file is reported by its own failure below
    }
    if (!isFolder) {
      files.push(path);
      continue;
    }
    const entries = await readdir(path, { recursive: true, withFileTypes: true });
    files.push(...entries
      .filter((entry) => entry.isFile() && IMPORTABLE.has(extname(entry.name).toLowerCase()) && !entry.name.startsWith('.'))
      .map((entry) => join(entry.parentPath, entry.name))
      .sort((a, b) => a.localeCompare(b, 'de')));
  }
  return files;
}

/** A table with right-aligned number columns. */
export function formatTable(outcomes: readonly FileOutcome[]): string {
  const header = [translate('cli.import.column.file'), CHANGE_LABEL.created, CHANGE_LABEL.updated, CHANGE_LABEL.unchanged,
    translate('cli.import.column.warnings'), translate('cli.import.column.failure')];
  const rows = outcomes.map((o) => [o.path, String(o.created), String(o.updated), String(o.unchanged), String(o.warnings),
    o.failure === null ? '–' : translate('cli.import.column.failed')]);
  const sum = (key: 'created' | 'updated' | 'unchanged' | 'warnings'): string => String(outcomes.reduce((n, o) => n + o[key], 0));
  rows.push([translate('cli.import.column.sum'), sum('created'), sum('updated'), sum('unchanged'), sum('warnings'), String(outcomes.filter((o) => o.failure !== null).length)]);
  const widths = header.map((title, c) => Math.max(title.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: readonly string[]): string => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(0, -1).map(line), line(rows.at(-1)!)].join('\n');
}

/** One progress line on a terminal, rewritten in place. */
class Progress {
  private shown = false;

  constructor(private readonly out: Output) {}

  show(n: number, total: number, path: string, tops: number): void {
    if (!this.out.isTTY) return;
    const word = translate(tops === 1 ? 'cli.import.topOne' : 'cli.import.topMany');
    const text = translate('cli.import.progress', { n, total, count: tops, tops: word, name: basename(path) });
    const width = Math.max(20, (this.out.columns ?? 80) - 1);
    this.out.write(`\r\x1b[2K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
    this.shown = true;
  }

  /** Clears the line so that other output starts at the line's beginning. */
  clear(): void {
    if (this.shown) this.out.write('\r\x1b[2K');
    this.shown = false;
  }
}

/** What the options say for every file of the call. */
interface Settings {
  release: boolean;
  meeting: GivenMeeting;
  /** A meeting a text names by the number it had before it was corrected: into it, or a new one (--renumbered); refused without. */
  renumbered: ImportOptions['renumbered'];
}

/** The value of --renumbered; throws an Error with a German message for any other. */
function readRenumbered(value: string | undefined): ImportOptions['renumbered'] {
  if (value === undefined) return undefined;
  const choice = value.trim();
  if (choice === 'use' || choice === 'new') return choice;
  throw new Error(translate('cli.import.renumberedValue', { value: choice.slice(0, 20) }));
}

/** Loads, checks and stores one file; throws an InputError for a failure. */
async function importOne(
  connection: Connection, path: string, settings: Settings, stderr: Output, progress: Progress, outcome: FileOutcome,
): Promise<ImportResult> {
  const { document: loaded, warnings, notes, chairLand } = await load(path);
  outcome.warnings = warnings.length + notes.length; // counted also when the file is refused below
  progress.clear();
  for (const warning of warnings) stderr.write(`${translate('cli.import.warning', { path, line: warning.line, text: parserWarningText(warning) })}\n`);
  for (const note of notes) stderr.write(`${translate('cli.import.warning', { path, line: note.line, text: interchangeWarningText(note) })}\n`);
  let document: StorableDocument;
  try {
    document = { resolutions: withGivenMeeting(loaded.resolutions, settings.meeting) };
  } catch (error) {
    throw new InputError(translate('cli.import.located', { path, message: translate('importError.refused', { problem: (error as Error).message }) }));
  }
  const today = todayIso();
  try {
    const result = importDocument(connection.db, CLI_ACTOR, document, {
      source: basename(path),
      chairLand,
      ...(settings.release ? { release: 'public' as const, releasedOn: today } : {}),
      ...(settings.renumbered ? { renumbered: settings.renumbered } : {}),
    });
    return result;
  } catch (error) {
    if (error instanceof RenumberedError) {
      // which meeting the text means only a person can tell: said with the option for either answer
      const first = error.namings[0]!;
      const hint = first.kind === 'meeting'
        ? translate('cli.import.renumberedHint', { now: first.now, named: first.named })
        : translate('cli.import.renumberedTopHint', { now: first.now, named: first.named });
      const problem = `${error.problems.map(uiTextOf).join(' ')} ${hint}`;
      throw new InputError(translate('cli.import.located', { path, message: translate('importError.refused', { problem }) }));
    }
    if (error instanceof RefusedError) throw new InputError(translate('cli.import.located', { path, message: translate('importError.refused', { problem: uiTextOf(error.problems[0]!) }) }));
    if (error instanceof ValidationError) throw new InputError(translate('cli.import.located', { path, message: error.message }));
    throw error;
  }
}

export async function main(args: readonly string[], options: ImportCommandOptions = {}): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  answerHelp(args, HELP);
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: { release: { type: 'boolean', default: false }, renumbered: { type: 'string' }, ...MEETING_OPTIONS }, allowPositionals: true });
  } catch {
    stderr.write(`${USAGE}\n`);
    return 1;
  }
  let settings: Settings;
  try {
    settings = { release: parsed.values.release, meeting: readMeetingOptions(parsed.values), renumbered: readRenumbered(parsed.values.renumbered) };
  } catch (error) {
    stderr.write(`${translate('cli.error', { message: (error as Error).message })}\n`);
    return 1;
  }
  if (parsed.positionals.length === 0) {
    stderr.write(`${USAGE}\n`);
    return 1;
  }
  const files = await collectFiles(parsed.positionals);
  if (files.length === 0) {
    const paths = parsed.positionals.map((p) => translate('cli.quoted', { text: p })).join(', ');
    stderr.write(`${translate('cli.error', { message: translate('cli.import.noFiles', { paths }) })}\n`);
    return 1;
  }
  let connection: Connection;
  try {
    connection = openDatabase(loadConfig(options.env ?? process.env).databasePath, MIGRATIONS_DIR);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DatabaseStartupError) {
      stderr.write(`${translate('cli.error', { message: error.message })}\n`);
      return 1;
    }
    throw error;
  }
  const progress = new Progress(stderr);
  const outcomes: FileOutcome[] = [];
  let tops = 0;
  try {
    for (const [index, path] of files.entries()) {
      progress.show(index + 1, files.length, path, tops);
      const outcome: FileOutcome = { path, created: 0, updated: 0, unchanged: 0, warnings: 0, failure: null };
      try {
        const result = await importOne(connection, path, settings, stderr, progress, outcome);
        for (const item of result.items) outcome[item.change] += 1;
        tops += result.items.length;
        progress.clear();
        for (const item of result.items) stdout.write(`${CHANGE_LABEL[item.change]}: ${item.label}\n`);
        for (const note of result.notes) stdout.write(`${translate('cli.import.note', { note })}\n`);
      } catch (error) {
        if (!(error instanceof InputError)) {
          progress.clear();
          stderr.write(`${translate('cli.import.unexpectedIn', { path, message: (error as Error).message })}\n`);
          outcome.failure = (error as Error).message;
          outcomes.push(outcome);
          continue;
        }
        outcome.failure = error.message;
        progress.clear();
        stderr.write(`${translate('cli.error', { message: error.message })}\n`);
      }
      outcomes.push(outcome);
    }
  } finally {
    progress.clear();
    connection.close();
  }
  const failed = outcomes.filter((o) => o.failure !== null).length;
  if (files.length > 1) stdout.write(`\n${formatTable(outcomes)}\n`);
  if (failed < outcomes.length) {
    const state = translate(settings.release ? 'cli.import.released' : 'cli.import.drafts');
    const more = failed > 0 ? translate('cli.import.notImported', { failed, total: outcomes.length }) : '';
    const resolutions = translate(tops === 1 ? 'cli.import.resolutionOne' : 'cli.import.resolutionMany');
    stdout.write(`${translate('cli.import.processed', { count: tops, resolutions, state, more })}\n`);
  }
  return failed > 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
