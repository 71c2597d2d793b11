/**
 * The line predicates and small helpers of reading a TOP block (see resolution.ts).
 */
import type { ImportProtocolStatement } from '../import-format.js';
import { findLaender, LAENDER, LAND_CODES } from '../laender.js';
import { findCounts } from './decision.js';
import { endsOpen, joinLines, leavesQuoteOpen, startsLowerCase } from './join.js';
import type { SourceLine } from './lines.js';
import { isDecisionMarker, isSponsorDashStart, parseLabel, parseNumbered, parseProtocolHeader, parseTopHeader, plainSponsorValue } from './line-kinds.js';
import { MONTHS } from './dates.js';

export interface DraftDemand {
  readonly number: string | null;
  /** The line the demand starts on. */
  readonly start: SourceLine;
  readonly lines: SourceLine[];
}

export interface DraftStatement {
  readonly laender: string[];
  readonly lines: SourceLine[];
}

/** Lines a title may span; longer runs of text are a demand. */
export const MAX_TITLE_LINES = 5;
/** Lines a formula sentence may span. */
export const MAX_FORMULA_LINES = 4;
/** Lines a label's value may continue over. */
export const MAX_VALUE_LINES = 6;

/** Characters of a full line of a page: a limit in lines holds this many characters a line. */
const FULL_LINE = 80;

/** A narrow column is at least this share of a full line wide (a third of a page's 80 characters: 24 and more). */
const NARROWEST_COLUMN = 0.3;

/**
 * Whether a run of `count` lines holding `length` characters may take one more line under a limit
 * of `limit` lines. The limit is one of full page lines: set in a narrower column, the same text
 * takes more lines, down to a column of a third of a line (a phone's width, a sidebar, three
 * columns on a page), while it holds fewer characters than `limit` full lines.
 */
export function mayTakeLine(count: number, length: number, limit: number): boolean {
  return count < limit || (count < Math.ceil(limit / NARROWEST_COLUMN) && length < limit * FULL_LINE);
}

/** A line that starts a field of its own (never the continuation of a title or value). */
export function isFieldLine(text: string): boolean {
  return parseLabel(text) !== null || parseProtocolHeader(text) !== null || isSponsorDashStart(text)
    || isDecisionMarker(text) || isPlainSponsorLine(text);
}

/**
 * A label's word alone on a line without its colon ("Beschlussfassung", "Beschluss") in the middle
 * of a phrase: the line before ends open ("Zur gemeinsamen") and the line after goes on in lower
 * case ("zusammengefasste Beschlussvorschläge"). A narrow column pushed the title's word onto a
 * line of its own; a heading "Beschluss" is followed by the resolution's text, never by a lower-case
 * word.
 */
export function isLabelWordInPhrase(previous: string | undefined, text: string, next: string | undefined): boolean {
  const label = parseLabel(text);
  if (!label || label.value !== '' || text.includes(':') || previous === undefined || next === undefined) return false;
  return endsOpen(previous) && startsLowerCase(next);
}

/** "Antrag der Länder Berlin, Hamburg und Bremen": Länder only after the introduction. */
export function isPlainSponsorLine(text: string): boolean {
  const value = plainSponsorValue(text);
  return value !== null && isLandList(value);
}

/** A line consisting of Land names only ("Sachsen-Anhalt, Schleswig-Holstein, Thüringen"). */
export function isLandList(text: string): boolean {
  const found = findLaender(text);
  return found.codes.length > 0 && found.unknown.length === 0;
}

export function closesSentence(text: string): boolean {
  return /[.:;!?]["'“”‘’)]*$/u.test(text.slice(-5));
}

/** A short statement of a decision: "einstimmig", "Annahme", "13:2:1". */
export function statesDecision(text: string): boolean {
  return text !== '' && (isDecisionMarker(text) || findCounts(text) !== null);
}

export function startsWithMonth(text: string): boolean {
  const word = /^\p{L}+/u.exec(text)?.[0]?.toLowerCase();
  return word !== undefined && MONTHS.includes(word);
}

/**
 * A date broken between its month and its year ("… vom 19. Dezember" / "2007 zur Kenntnis."): the
 * line ends in a day and a month's name, the next starts with a year.
 */
export function breaksDate(text: string, next: string): boolean {
  const month = /\d{1,2}\.\s?(\p{L}+)$/u.exec(text.slice(-20))?.[1];
  return month !== undefined && MONTHS.includes(month.toLowerCase()) && /^(?:19|20)\d\d(?!\d)/.test(next);
}

/** The line ends on a conjunction or a comma: the middle of a sentence ("2020 zur Kenntnis und"), never a whole marker or field. */
export function endsWithConjunction(text: string): boolean {
  return /(?:\s(?:und|oder|sowie|bzw\.)|,)$/u.test(text);
}

const NEXT_NUMBER_PATTERNS = new Map<number, RegExp>();

/**
 * "… zur Kenntnis. 2. Sie …": the next Ziffer's number after a finished sentence, followed by a
 * sentence or ending the line (where the caller looks at the next line).
 */
export function nextNumberPattern(number: number): RegExp {
  let pattern = NEXT_NUMBER_PATTERNS.get(number);
  if (!pattern) {
    pattern = new RegExp(`[.!?;:]["“”')]? (${number})\\.(?: (?=\\p{Lu})|$)`, 'u');
    NEXT_NUMBER_PATTERNS.set(number, pattern);
  }
  return pattern;
}

export function finishStatement(statement: DraftStatement): ImportProtocolStatement {
  const text = joinLines(statement.lines);
  const laender = statement.laender.length > 0 ? statement.laender : laenderOpening(text);
  return { laender: [...new Set(laender)], text };
}

/** Länder named at the start of a statement's text ("Bayern und Hessen erklären …"). */
export function laenderOpening(text: string): string[] {
  return findLaender(text.split(' ').slice(0, 12).join(' ')).codes;
}

/** The line among `lines` that mentions `item`, else the first. */
export function lineMentioning(lines: readonly SourceLine[], item: string): SourceLine {
  const firstWord = item.split(' ')[0] ?? item;
  return lines.find((line) => line.text.includes(firstWord)) ?? lines[0]!;
}

/** Words of a title's last line wrapped on its own: "Liste" under "… für die 76. GMK – Grüne". */
const MAX_TAIL_WORDS = 3;
/** Characters of the line before it: a wrapped line is full, the tail is short. */
const MIN_WRAPPED_LINE = 20;
/** Openers of a resolution's text or of a field, never a title's last words. */
const TEXT_OPENER = /^(?:Die|Der|Das|Sie|Es|Er|Wir|Ihr|Beschlu(?:ss|ß)|Beschlüsse|Antrag|Anlage|TOP|Punkt)\b/u;

/** Share of the column a line fills at least where the column broke it. */
const FILLED = 0.85;
/**
 * Room a broken line may leave in any column: a short word's length. In a narrow column a long next
 * word leaves more than 15 % empty ("TOP 6.1: Masterplan" / "Medizinstudium 2020" at 23 characters).
 */
const SHORT_WORD = 6;

/**
 * The printed line `last` was broken by the column (`column` characters, see `columnWidth`): it
 * nearly fills the column (leaving at most 15 % or a short word's room), and the next line's first
 * word would not have fitted after it. In a
 * narrow column ("Punkt 4.2 der Tagesordnung: Aktionsplan" / "Güterverkehr und Logistik" at 40
 * characters) a title's last words fill most of a line.
 */
export function brokenByColumn(last: string, next: string, column: number): boolean {
  const firstWord = next.split(' ', 1)[0]!;
  return column > 0 && last.length >= Math.min(FILLED * column, column - SHORT_WORD) && last.length + 1 + firstWord.length > column;
}

/**
 * A title wrapped between two capitalised words ("… für die 76. GMK – Grüne" / "Liste",
 * "Aktionsplan" / "Güterverkehr und Logistik" under a long line): the next line is a short tail of
 * a few capitalised words, with no punctuation at its end and nothing left open, under a full line
 * that ends in a capitalised word (or under a line the column broke, `brokenByColumn`, however long
 * the tail). A text's first line is no such tail: it opens with an article or
 * pronoun ("Die Konferenz …"), a label or a number, or it goes on on the line after (`after`).
 */
export function isWrappedTitleTail(last: string, next: string, after = '', columnBroke = false, underTopLine = false, nextSoftHyphen = false): boolean {
  // The line goes on: a sentence's first words ("Bund und Länder" / "sollen prüfen."); not where the
  // column broke a TOP line and then a word of the title ("TOP: 13.1 Länderübergreifender" /
  // "Arbeitsprozess „Zivile Vertei-" / "digung und …"): the title's words go on.
  // A soft hyphen at the line's end breaks the word as a visible one does ("… „Zivile Vertei\u00AD").
  const brokenWord = columnBroke && underTopLine && (/\p{L}-$/u.test(next) || nextSoftHyphen);
  // Nor where the tail opens a quoted name that the line after closes ("TOP 10.3 - Nationales" /
  // "Gesundheitsziel "Gesund" / "aufwachsen"").
  if (/^\p{Ll}/u.test(after) && !brokenWord && !(columnBroke && leavesQuoteOpen(next))) return false;
  if (!columnBroke && (last.length < MIN_WRAPPED_LINE || next.length * 2 > last.length)) return false;
  if (!/\s\p{Lu}[\p{L}-]*$/u.test(last)) return false;
  if (next.split(' ').length > MAX_TAIL_WORDS || !/^\p{Lu}/u.test(next) || /[.,;:!?)]$/.test(next) || (endsOpen(next) && !brokenWord)) return false;
  return !TEXT_OPENER.test(next) && !isFieldLine(next) && parseNumbered(next) === null && parseTopHeader(next) === null;
}

/** The head of a table of the Länder's votes: "Land Ja Nein Enthaltung", "Länder Zustimmung Ablehnung". */
const VOTE_TABLE_HEAD = /^(?:Land|Länder)\s+(?:Ja|Zustimmung|Dafür)\s+(?:Nein|Ablehnung|Dagegen)(?:\s+(?:Enthaltung|Enth\.))?$/iu;
/** A vote in a Land's row of such a table: a cross or tick in its column, or the vote in words. */
const VOTE_MARKS = /^(?:(?:x|×|✓|✔|\+|-|–|ja|nein|enthaltung|enthalten|zustimmung|ablehnung)(?:\s+|$))+$/iu;
const LAND_FIRST = new RegExp(`^(?:${[...LAENDER.map((land) => land.name), ...LAND_CODES].sort((a, b) => b.length - a.length).join('|')})\\s+`, 'u');

/**
 * A line of a table of the Länder's votes, as protocols print one under a resolution: its head
 * ("Land Ja Nein Enthaltung"), or a Land (name or code) followed only by its vote ("BY x", "Bayern
 * nein", "Hessen Enthaltung").
 */
export function voteTableLine(text: string): 'head' | 'row' | null {
  if (VOTE_TABLE_HEAD.test(text)) return 'head';
  const land = LAND_FIRST.exec(text);
  return land && VOTE_MARKS.test(text.slice(land[0].length)) ? 'row' : null;
}

