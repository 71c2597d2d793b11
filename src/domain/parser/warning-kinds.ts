/**
 * The parser's warnings, one template per kind. The interchange format keeps a warning as one
 * English message (`{ line, message }`, as the contract's fixtures print it): `warningMessage`
 * fills a template. The workspace and the import command show it in German: `warningKind` reads a
 * message back into its kind and values, for the text under `parserWarning.<kind>` in
 * views/i18n/de.json.
 */
import { escapeRegExp } from '../regexp.js';

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
} as const;

export type WarningKind = keyof typeof TEMPLATES;

const PLACEHOLDER = /\{(\w+)\}/g;

/** The English message of a warning: its kind's template with the values filled in. */
export function warningMessage(kind: WarningKind, values: Readonly<Record<string, string>> = {}): string {
  return TEMPLATES[kind].replace(PLACEHOLDER, (_, name: string) => values[name] ?? '');
}

/** Each template as a pattern that gives back its values: "TOP {top}: …" → /^TOP (?<top>.*?): …$/. */
const PATTERNS = (Object.entries(TEMPLATES) as [WarningKind, string][]).map(([kind, template]) => {
  const parts = template.split(PLACEHOLDER); // literal, name, literal, name, …, literal
  const source = parts.map((part, i) => (i % 2 === 0 ? escapeRegExp(part) : `(?<${part}>[\\s\\S]*?)`)).join('');
  return [kind, new RegExp(`^${source}$`, 'u')] as const;
});

export interface ReadWarning {
  readonly kind: WarningKind;
  readonly values: Readonly<Record<string, string>>;
}

/** The kind and values of a parser warning; null for any other message (a hand-edited file's). */
export function warningKind(message: string): ReadWarning | null {
  for (const [kind, pattern] of PATTERNS) {
    const match = pattern.exec(message);
    if (match) return { kind, values: { ...match.groups } };
  }
  return null;
}
