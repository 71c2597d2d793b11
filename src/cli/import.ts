/**
 * npm run import -- [--release] FILE [FILE...]
 *
 * Parses resolution texts (.txt, .pdf) or reads interchange JSON (.json, stored as is) and stores
 * them — all files in ONE transaction: when one TOP is broken nothing is stored. New resolutions
 * are drafts unless --release is given (then public, released today). Re-importing updates the
 * same resolutions (conference, meeting, TOP) and never touches their follow-ups.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { DatabaseStartupError, openDatabase } from '../../db/connection.js';
import { validateImportDocument, type ImportDocument, type ImportWarning } from '../domain/import-format.js';
import type { ParserWarning } from '../domain/parser/warning-kinds.js';
import { parserWarningText } from '../i18n.js';
import { todayIso } from '../domain/dates.js';
import { MIGRATIONS_DIR } from '../paths.js';
import { checkDocument, importDocument, type ImportedItem, type StorableDocument } from '../services/import.js';
import { ValidationError } from '../services/types.js';
import { answerHelp } from './help.js';
import { InputError, parseFile } from './parse.js';

const USAGE = 'Aufruf: npm run import -- [--release] DATEI [DATEI ...]  (DATEI: .txt, .pdf oder .json)';
const CLI_ACTOR = { userId: null, name: 'cli' };

const HELP = `${USAGE}

Liest Beschlusstexte (.txt, .pdf) oder Dateien im Austauschformat (.json) und speichert sie, alle
Dateien in einer Transaktion: ist ein TOP fehlerhaft, wird nichts gespeichert. Neue Beschlüsse
werden Entwürfe; mit --release werden sie veröffentlicht (freigegeben heute). Ein erneuter Import
aktualisiert dieselben Beschlüsse (Konferenz, Sitzung, TOP) und lässt ihre Folgemaßnahmen unberührt.
Datenbank aus DATABASE_PATH bzw. DATA_DIR (siehe docs/operations.md).`;

interface Loaded {
  path: string;
  document: StorableDocument;
  /** The parser's warnings on a text or PDF. */
  warnings: readonly ParserWarning[];
  /** The warnings an interchange file carries, shown as they are written. */
  notes: readonly ImportWarning[];
}

async function readJson(path: string): Promise<ImportDocument> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new InputError(`Die Datei „${path}“ kann nicht gelesen werden.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new InputError(`Die Datei „${path}“ ist kein gültiges JSON: ${(error as Error).message}`);
  }
  const result = validateImportDocument(json);
  if (!result.ok) {
    const more = result.errors.length > 1 ? ` (und ${result.errors.length - 1} weitere Fehler)` : '';
    throw new InputError(`Die Datei „${path}“ entspricht nicht dem Austauschformat: ${result.errors[0]}${more}`);
  }
  return result.value;
}

async function load(path: string): Promise<Loaded> {
  if (path.toLowerCase().endsWith('.json')) {
    const document = await readJson(path);
    return { path, document, warnings: [], notes: document.warnings };
  }
  const document = await parseFile(path, { enrich: true });
  return { path, document, warnings: document.warnings, notes: [] };
}

/** Participants that are not Länder but legitimately appear as sponsors. */
const KNOWN_NON_LAND_SPONSORS = new Set(['vorsitzland', 'vorsitz', 'bund', 'bundesregierung', 'geschäftsstelle']);

/** An unknown Land name would silently drop a sponsor: the import refuses it. */
function unknownLand(warning: ParserWarning): string | null {
  const name = warning.kind === 'sponsorNotLand' || warning.kind === 'protocolNotLand' ? warning.values.value! : null;
  return name !== null && !KNOWN_NON_LAND_SPONSORS.has(name.toLowerCase()) ? name : null;
}

const CHANGE_LABEL: Record<ImportedItem['change'], string> = {
  created: 'angelegt',
  updated: 'aktualisiert',
  unchanged: 'unverändert',
};

export async function main(args: readonly string[]): Promise<number> {
  answerHelp(args, HELP);
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: { release: { type: 'boolean', default: false } }, allowPositionals: true });
  } catch {
    process.stderr.write(`${USAGE}\n`);
    return 1;
  }
  const paths = parsed.positionals;
  if (paths.length === 0) {
    process.stderr.write(`${USAGE}\n`);
    return 1;
  }
  try {
    const loaded: Loaded[] = [];
    for (const path of paths) {
      const file = await load(path);
      try {
        checkDocument(file.document);
      } catch (error) {
        if (error instanceof ValidationError) throw new InputError(`${path}: ${error.message}`);
        throw error;
      }
      for (const warning of file.warnings) {
        const land = unknownLand(warning);
        if (land) throw new InputError(`${path}:${warning.line}: „${land}“ ist kein Land. Bitte den Namen korrigieren; nichts wurde gespeichert.`);
      }
      for (const warning of file.warnings) process.stderr.write(`Hinweis ${path}:${warning.line}: ${parserWarningText(warning)}\n`);
      for (const note of file.notes) process.stderr.write(`Hinweis ${path}:${note.line}: ${note.message}\n`);
      loaded.push(file);
    }
    const config = loadConfig();
    const connection = openDatabase(config.databasePath, MIGRATIONS_DIR);
    const today = todayIso();
    try {
      // every file is checked before anything is stored; then each is stored in batches of
      // write transactions, so that the running server's writes get their turn in between
      for (const file of loaded) checkDocument(file.document);
      const results = loaded.map((file) =>
        importDocument(connection.db, CLI_ACTOR, file.document, {
          source: basename(file.path),
          ...(parsed.values.release ? { release: 'public' as const, releasedOn: today } : {}),
        }),
      );
      for (const result of results) {
        for (const item of result.items) process.stdout.write(`${CHANGE_LABEL[item.change]}: ${item.label}\n`);
        for (const note of result.notes) process.stdout.write(`Hinweis: ${note}\n`);
      }
      const state = parsed.values.release ? 'veröffentlicht' : 'neue Beschlüsse als Entwurf';
      const total = results.reduce((n, r) => n + r.items.length, 0);
      process.stdout.write(`${total} ${total === 1 ? 'Beschluss' : 'Beschlüsse'} verarbeitet (${state}).\n`);
    } finally {
      connection.close();
    }
    return 0;
  } catch (error) {
    if (error instanceof InputError || error instanceof ValidationError || error instanceof ConfigError || error instanceof DatabaseStartupError) {
      process.stderr.write(`Fehler: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`Unerwarteter Fehler: ${(error as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
