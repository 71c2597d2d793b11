/**
 * The parser's warnings. The parser reports each as a kind with its values (`ParserWarning`);
 * text is made only where a warning leaves the program: in English where it is written into the
 * interchange format (`{ line, message }`, as the contract prints it: `interchangeWarnings`), in
 * German where it is shown (`parserWarning.<kind>` in views/i18n/de.json, through `translate`).
 */
import type { ImportWarning } from '../import-format.js';

const TEMPLATES = {
  fieldNotImported: "field '{name}' not imported: {value}",
  secondTitle: 'second title not imported: {value}',
  sponsorNotLand: "sponsor '{value}' is not a Land",
  protocolNotLand: "protocol statement: '{value}' is not a Land",
  furtherDecision: 'further decision statement not imported: {value}',
  voteFromFurther: 'vote taken from a further decision statement: {value}',
  noTitle: 'TOP {top}: no title found',
  demandWithoutText: 'TOP {top}: demand {number} has no text',
  noFormula: 'TOP {top}: no decision formula found',
  notReleased: 'TOP {top} not released, not imported (nicht freigegeben): {value}',
  beforeFirstTop: 'text before the first TOP not imported (Text vor dem ersten TOP nicht übernommen): {value}',
  conferenceUnknown: 'conference not recognised (Konferenz nicht erkannt)',
  yearUnknown: 'meeting year not found (Sitzungsjahr nicht erkannt)',
  meetingNumberUnknown: 'meeting number not found (Sitzungsnummer nicht erkannt)',
  meetingDateUnknown: 'meeting date not found (Sitzungsdatum nicht erkannt)',
  strayLine: 'TOP {top}: line without text not imported: {value}',
  reportingNotLand: "reporting Land '{value}' is not a Land",
  reportingSecond: 'TOP {top}: further reporting Land not imported: {value}',
  footnote: 'TOP {top}: footnote {number} kept out of the text (Fußnote nicht in den Beschlusstext übernommen): {value}',
  romanAgendaItem: 'TOP {value} read as TOP {top} (römische TOP-Nummer als arabische übernommen)',
  cutOff: 'TOP {top}: the text ends mid-sentence, the document may be cut off (Text endet mitten im Satz): {value}',
} as const;

export type WarningKind = keyof typeof TEMPLATES;

/** Every kind of warning the parser gives. */
export const WARNING_KINDS = Object.keys(TEMPLATES) as WarningKind[];

const PLACEHOLDER = /\{(\w+)\}/g;

/** The English message of a warning (for the interchange format): its kind's template with the values filled in. */
export function warningMessage(kind: WarningKind, values: Readonly<Record<string, string>> = {}): string {
  return TEMPLATES[kind].replace(PLACEHOLDER, (_, name: string) => values[name] ?? '');
}

/** A warning as the parser reports it: the line it concerns, its kind and the values its texts name. */
export interface ParserWarning {
  readonly line: number;
  readonly kind: WarningKind;
  readonly values: Readonly<Record<string, string>>;
}

export function parserWarning(line: number, kind: WarningKind, values: Readonly<Record<string, string>> = {}): ParserWarning {
  return { line, kind, values };
}

const KINDS: ReadonlySet<string> = new Set(WARNING_KINDS);

/**
 * Warnings read back from JSON that left the program (the import preview's form): the well-formed
 * ones of known kinds, anything else dropped.
 */
export function readParserWarnings(json: unknown): ParserWarning[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { line, kind, values } = item as Record<string, unknown>;
    if (!Number.isInteger(line) || typeof kind !== 'string' || !KINDS.has(kind)) return [];
    if (typeof values !== 'object' || values === null || Object.values(values).some((v) => typeof v !== 'string')) return [];
    return [parserWarning(line as number, kind as WarningKind, values as Record<string, string>)];
  });
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Per kind, a pattern that reads its English message back: the values in named groups, the last one greedy. */
const MESSAGE_PATTERNS = WARNING_KINDS.map((kind) => {
  const parts = TEMPLATES[kind].split(PLACEHOLDER); // literal, name, literal, name, …, literal
  const source = parts.map((part, i) => (i % 2 === 0 ? escapeRegExp(part) : `(?<${part}>.${i === parts.length - 2 ? '*' : '*?'})`)).join('');
  return { kind, pattern: new RegExp(`^(?:(?<prefix>[^:\\n]*?): )??${source}$`, 's') };
});

/**
 * A warning of the interchange format (an English message, as `interchangeWarnings` writes it,
 * perhaps behind a file name and ": ") read back as its kind and values; null for a message the
 * parser did not write (an interchange file may carry any text).
 */
export function readWarningMessage(warning: ImportWarning): (ParserWarning & { prefix: string }) | null {
  for (const { kind, pattern } of MESSAGE_PATTERNS) {
    const match = pattern.exec(warning.message);
    if (!match) continue;
    const { prefix, ...values } = match.groups ?? {};
    return { ...parserWarning(warning.line, kind, values as Record<string, string>), prefix: prefix === undefined ? '' : `${prefix}: ` };
  }
  return null;
}

/**
 * The warnings as the interchange format writes them: English messages, each prefixed with
 * `prefix` (the file name when several files make one document).
 */
export function interchangeWarnings(warnings: readonly ParserWarning[], prefix = ''): ImportWarning[] {
  return warnings.map((warning) => ({ line: warning.line, message: prefix + warningMessage(warning.kind, warning.values) }));
}
