/**
 * The UI's German strings (views/i18n/de.json) for templates and code alike: `translate` looks a
 * dotted key up and fills `{name}` placeholders.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readWarningMessage, type ParserWarning } from './domain/parser/warning-kinds.js';
import type { ImportWarning } from './domain/import-format.js';
import type { ParseFailure } from './domain/parser/index.js';
import type { FieldErrors, UiText } from './domain/ui-text.js';
import { VIEWS_DIR } from './paths.js';

type Catalogue = { [key: string]: string | Catalogue };

/** The catalogue flattened to dotted keys once: lookups are on every page's hot path. */
function flatten(node: Catalogue, prefix = '', into = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(node)) {
    if (typeof value === 'string') into.set(`${prefix}${key}`, value);
    else flatten(value, `${prefix}${key}.`, into);
  }
  return into;
}

const strings = flatten(JSON.parse(readFileSync(path.join(VIEWS_DIR, 'i18n', 'de.json'), 'utf8')) as Catalogue);

/** The catalogue's texts by dotted key, for the checks of the catalogue itself. */
export function catalogueTexts(): ReadonlyMap<string, string> {
  return strings;
}

/**
 * A text with placeholders, split once: literal text at even indexes, placeholder names at odd
 * ones ("Ziffer {number}" → ['Ziffer ', 'number', '']).
 */
type Pieces = readonly string[];

const PLACEHOLDER = /\{(\w+)\}/;

/** Each text of the catalogue as `translate` fills it: the text itself, or its pieces when it has placeholders. */
const filled = new Map<string, string | Pieces>();
for (const [key, text] of strings) filled.set(key, PLACEHOLDER.test(text) ? text.split(new RegExp(PLACEHOLDER.source, 'g')) : text);

/**
 * Looks up a dotted key in the German catalogue and fills `{name}` placeholders. Called a few
 * hundred times per page: the texts are split at their placeholders once, at start, instead of
 * searched with a regular expression and a callback per call.
 */
export function translate(key: string, values?: Record<string, unknown>): string {
  const text = filled.get(key);
  if (text === undefined) throw new Error(`missing UI string: ${key}`);
  if (typeof text === 'string') return text;
  let result = text[0]!;
  for (let i = 1; i < text.length; i += 2) result += String(values?.[text[i]!] ?? '') + text[i + 1]!;
  return result;
}

/**
 * The labels of one family of catalogue keys (`followUpKind.report`, `addressee.bund`, …) by the
 * key's last part: `labelsOf('followUpKind')('report')` is `translate('followUpKind.report')`.
 * For labels looked up per list item: the family's texts are collected once, and a lookup builds
 * no dotted key (on the resolution page a few dozen per page, each a new string to hash). An
 * unknown name throws, as `translate` does for an unknown key.
 */
export function labelsOf(family: string): (name: string) => string {
  const prefix = `${family}.`;
  const labels = new Map<string, string>();
  for (const key of strings.keys()) if (key.startsWith(prefix)) labels.set(key.slice(prefix.length), translate(key));
  return (name) => labels.get(name) ?? translate(`${prefix}${name}`);
}

/** A parser warning in German (see domain/parser/warning-kinds.ts). */
export function parserWarningText(warning: Pick<ParserWarning, 'kind' | 'values'>): string {
  return translate(`parserWarning.${warning.kind}`, warning.values);
}

/** Why a text gave no resolution, in German, naming the file as `file` says (parseFailure.theFile / theUpload). */
export function parseFailureText(failure: Pick<ParseFailure, 'kind'>, file: string): string {
  return translate(`parseFailure.${failure.kind}`, { file });
}

/** A warning of an interchange file in German when the parser wrote it, otherwise as the file has it. */
export function interchangeWarningText(warning: ImportWarning): string {
  const read = readWarningMessage(warning);
  return read === null ? warning.message : read.prefix + parserWarningText(read);
}

/** A UI text (domain/ui-text.ts) in German, with the UI texts among its values made German first. */
export function uiTextOf(text: UiText): string {
  if (text.values === undefined) return translate(text.key);
  const values = Object.fromEntries(Object.entries(text.values).map(([name, value]) => [name, typeof value === 'object' ? uiTextOf(value) : value]));
  return translate(text.key, values);
}

/** A form's field errors in German, keyed by field name as before. */
export function fieldErrorTexts(errors: FieldErrors): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([field, text]) => [field, uiTextOf(text)]));
}

/** A parsed form with its field errors in German (see fieldErrorTexts). */
export function withErrorTexts<T extends { errors: FieldErrors }>(parsed: T): Omit<T, 'errors'> & { errors: Record<string, string> } {
  return { ...parsed, errors: fieldErrorTexts(parsed.errors) };
}
