/**
 * The parser's warnings by kind. The interchange format keeps a warning as one English message
 * (`{ line, message }`, as the contract's fixtures print it); the workspace and the import command
 * show it in German. `warningKind` reads a message back into its kind and values, so that the UI
 * can look the German text up under `parserWarning.<kind>` in views/i18n/de.json.
 */

export type WarningKind =
  | 'fieldNotImported' | 'secondTitle' | 'sponsorNotLand' | 'protocolNotLand' | 'furtherDecision' | 'voteFromFurther'
  | 'noTitle' | 'demandWithoutText' | 'noFormula' | 'notReleased' | 'beforeFirstTop' | 'conferenceUnknown' | 'yearUnknown';

const KINDS: readonly (readonly [WarningKind, RegExp])[] = [
  ['fieldNotImported', /^field '(?<name>[^']*)' not imported: (?<value>.*)$/su],
  ['secondTitle', /^second title not imported: (?<value>.*)$/su],
  ['sponsorNotLand', /^sponsor '(?<value>.*)' is not a Land$/su],
  ['protocolNotLand', /^protocol statement: '(?<value>.*)' is not a Land$/su],
  ['furtherDecision', /^further decision statement not imported: (?<value>.*)$/su],
  ['voteFromFurther', /^vote taken from a further decision statement: (?<value>.*)$/su],
  ['noTitle', /^TOP (?<top>\S+): no title found$/u],
  ['demandWithoutText', /^TOP (?<top>\S+): demand (?<number>\S*) has no text$/u],
  ['noFormula', /^TOP (?<top>\S+): no decision formula found$/u],
  ['notReleased', /^TOP (?<top>\S+) not released, not imported \(nicht freigegeben\): (?<value>.*)$/su],
  ['beforeFirstTop', /^text before the first TOP not imported \(Text vor dem ersten TOP nicht übernommen\): (?<value>.*)$/su],
  ['conferenceUnknown', /^conference not recognised \(Konferenz nicht erkannt\)$/u],
  ['yearUnknown', /^meeting year not found \(Sitzungsjahr nicht erkannt\)$/u],
];

export interface ReadWarning {
  readonly kind: WarningKind;
  readonly values: Readonly<Record<string, string>>;
}

/** The kind and values of a parser warning; null for any other message (a hand-edited file's). */
export function warningKind(message: string): ReadWarning | null {
  for (const [kind, pattern] of KINDS) {
    const match = pattern.exec(message);
    if (match) return { kind, values: { ...match.groups } };
  }
  return null;
}
