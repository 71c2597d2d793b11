/**
 * The resolution-text parser: the text of one resolution or of a whole collection in, the
 * interchange format (docs/import-format.md) out. Pure: no I/O.
 *
 * Stages: lines (normalise) → furniture and tables of contents (ignored) → title page and TOP
 * blocks → meeting header → one resolution per block.
 *
 * Bad input never throws from `parseResolutionText` / `analyseResolutionText`: they report a
 * `failure` ("empty", "no-agenda-item", "contents-only" or "cover-only", with a German message) and an
 * empty document.
 * `parseResolutionTextOrThrow` turns a failure into a `ParseError` for callers that prefer that.
 */
import type { ImportDocument, ImportResolution } from '../import-format.js';
import type { LandCode } from '../laender.js';
import { findHeaders, splitIntoBlocks, type Block } from './blocks.js';
import { findConference, isConferenceWord } from './conferences.js';
import { findDateRange, isDateOnly } from './dates.js';
import { isFormulaSentence, mentionsDecision, opensResolutionSentence } from './decision.js';
import { findChairLand } from './chair.js';
import { enrichDemand } from './enrich.js';
import { repairInlineHyphens } from './inline-hyphens.js';
import { betweenPhraseParts, findFurniture, findTableOfContents, listsEntries, type IgnoredKind } from './furniture.js';
import { endsOpen, joinLines, joinTexts } from './join.js';
import { columnWidth, markPlainFootnotes, splitIntoLines, type SourceLine } from './lines.js';
import { interchangeWarnings, parserWarning, type ParserWarning } from './warning-kinds.js';
import {
  isBrowserPrintLine, isDecisionMarker, isMirrorPageMarker, isPageNumber, isSponsorDashStart, isTocHeading, parseLabel, parseNumbered,
  parseProtocolHeader, parseTopHeader,
} from './line-kinds.js';
import { parseMeetingHeader } from './meeting.js';
import { parseBlock, type MeetingContext } from './resolution.js';
import { closesSentence, MAX_FORMULA_LINES, mayTakeLine } from './resolution-lines.js';
import { splitRunTogetherCollection } from './run-together.js';
import { letterRepeatedItems } from './sub-items.js';

export { CONFERENCES, findConference, type Conference } from './conferences.js';
export { findAddressees, findDueDate, findDueMeeting, type DueMeeting } from './enrich.js';
export { joinLines, joinTexts } from './join.js';
export { normaliseLineText, splitIntoLines, type SourceLine } from './lines.js';
export { isMarkupWord } from './line-kinds.js';
export type { IgnoredKind } from './furniture.js';
export { parserWarning, readParserWarnings, type ParserWarning, type WarningKind } from './warning-kinds.js';

export interface ParseOptions {
  /**
   * Also read each demand's `addressees` and `dueDate` (optional fields of the format).
   * Off by default: the reference fixtures do not carry them.
   */
  readonly enrich?: boolean;
}

export type ParseFailureKind = 'empty' | 'no-agenda-item' | 'contents-only' | 'cover-only';

export interface ParseFailure {
  readonly kind: ParseFailureKind;
  /** German, for the user, always starting "Die Datei …": "Die Datei enthält keinen Tagesordnungspunkt (TOP)." */
  readonly message: string;
  readonly line?: number;
}

export interface ClassifiedLine extends SourceLine {
  /** Why the line is not part of any resolution, or null when it is read. */
  readonly ignored: IgnoredKind | null;
}

/** What the parser reads: the resolutions, and warnings as kinds with values (see warning-kinds.ts). */
export interface ParsedDocument {
  resolutions: ImportResolution[];
  warnings: ParserWarning[];
}

/** The document as the interchange format writes it (English warning messages, each prefixed with `prefix`). */
export function interchangeDocument(parsed: ParsedDocument, prefix = ''): ImportDocument {
  return { resolutions: parsed.resolutions, warnings: interchangeWarnings(parsed.warnings, prefix) };
}

export interface ParseResult {
  readonly document: ParsedDocument;
  readonly failure: ParseFailure | null;
  /** Every logical line of the input (form feeds split lines) with its classification. */
  readonly lines: readonly ClassifiedLine[];
  /**
   * The Land chairing the meeting as the title page or a running header names it ("Vorsitz: … Saarland"),
   * or null. Not part of the interchange format: the command-line import and the browser's preview pass it
   * to the import service beside the parsed document.
   */
  readonly chairLand: LandCode | null;
}

export class ParseError extends Error {
  readonly kind: ParseFailureKind;
  readonly line: number | undefined;

  constructor(failure: ParseFailure) {
    super(failure.message);
    this.name = 'ParseError';
    this.kind = failure.kind;
    this.line = failure.line;
  }
}

const FAILURE_MESSAGES: Readonly<Record<ParseFailureKind, string>> = {
  empty: 'Die Datei ist leer.',
  'no-agenda-item': 'Die Datei enthält keinen Tagesordnungspunkt (TOP). Steht die TOP-Zeile nicht im Text, bitte sie direkt über den Beschlusstext setzen (z. B. „TOP 7.1 Titel“).',
  'contents-only': 'Die Datei enthält nur ein Inhaltsverzeichnis oder eine Tagesordnung, aber keinen Beschlusstext. '
    + 'Bitte die Seiten mit den Beschlüssen einfügen.',
  'cover-only': 'Die Datei enthält nur ein Deckblatt (Konferenz, Sitzung, Datum), aber keinen Beschlusstext. '
    + 'Bitte die Seiten mit den Beschlüssen einfügen.',
};

/** Lines that carry structure and so are never running headers, however often they recur. */
function isStructuralLine(text: string): boolean {
  return parseTopHeader(text) !== null || parseLabel(text) !== null || parseProtocolHeader(text) !== null
    || isSponsorDashStart(text) || isDecisionMarker(text) || isTocHeading(text) || mentionsDecision(text);
}

/** The chair block ("Vorsitz: Ministerin für … des Landes Sachsen-Anhalt") names no meeting data. */
function withoutChairBlock(lines: readonly SourceLine[]): SourceLine[] {
  const kept: SourceLine[] = [];
  let inChair = false;
  for (const line of lines) {
    if (/^Vorsitz\b/i.test(line.text)) inChair = true;
    else if (inChair && !/^(?:\p{Ll}|des |der )/u.test(line.text)) inChair = false;
    if (!inChair) kept.push(line);
  }
  return kept;
}

/** "Ergebnisprotokoll 98. UMK – Seite 1 von 3" → "Ergebnisprotokoll 98. UMK". */
function withoutPageNumber(text: string): string {
  return text.replace(/[\s–—|-]*\bSeite\s*\d{1,4}\s*(?:von|\/)\s*\d{1,4}$/i, '').trim();
}

/**
 * The header's lines as one text, separated by " \n " so that a name never runs into the next
 * line; a word broken at a line end ("in Bre-" / "men", "Ministerko-" / "nferenz") is made whole.
 */
function headerText(lines: readonly SourceLine[]): string {
  return lines.map((line, index) => {
    const next = lines[index + 1]?.text ?? '';
    if (index === lines.length - 1) return line.text;
    if (line.softHyphenEnd) return line.text;
    return /\p{L}-$/u.test(line.text) && /^\p{Ll}/u.test(next) ? line.text.slice(0, -1) : `${line.text} \n `;
  }).join('');
}

/** Shortest run of title-page lines that, printed again together, is a running header. */
const TITLE_RUN = 2;
/** Lines of a running header read together for the meeting it names: a header is a few lines, also in a narrow column. */
const MAX_HEADER_LINES = 8;

/** A page number the extraction ran into the first line of a page ("3 24. Konferenz der …"). */
const LEADING_PAGE_NUMBER = /^\d{1,3}\s+(?=\S.{11})/u;

/**
 * Lines of the title block ("12. Integrationsministerkonferenz 2017") printed again later: the
 * header of every TOP's page, also where no page break or page number survived extraction. A
 * single line counts where it names the meeting; a run of title lines ("Sammlung" / "der zur
 * Veröffentlichung freigegebenen Beschlüsse" / "der 203. Sitzung …") counts where one of them does.
 * The page number may stand in front of a header line, on the first page as on the others
 * ("1 24. Konferenz der …, " … "3 24. Konferenz der …,"): the line is the same without it.
 *
 * `lines` are the lines with text, furniture included: where a page boundary shows, the running
 * header's first lines may be furniture already (they recur next to boundaries, on the title page
 * too), and the run of title lines goes on through them to its last line ("in Worms" under
 * "Beschluss" / "der Verkehrsministerkonferenz" / "am 8./9. Oktober 2015"). Other furniture is
 * passed over.
 */
function repeatedTitleLines(lines: readonly SourceLine[], isFurniture: (line: SourceLine) => boolean, firstTopLine: SourceLine | undefined): SourceLine[] {
  const firstTop = firstTopLine === undefined ? -1 : lines.indexOf(firstTopLine);
  if (firstTop <= 0) return [];
  const namesMeeting = (text: string): boolean => findConference(text) !== null || findDateRange(text) !== null;
  const titlePage = lines.slice(0, firstTop).map((line) => line.text);
  const titleTexts = new Set(titlePage.filter((text) => !isStructuralLine(text)));
  // A narrower column sets a word of the header on a line of its own that alone reads as a heading
  // ("der zur Veröffentlichung freigegebenen" / "Beschlüsse" / "der 203. Sitzung …"): inside a run it is the header's.
  const structuralTitleTexts = new Set(titlePage.filter(isStructuralLine));
  const withoutPageNumbers = new Set([...titleTexts].map((text) => text.replace(LEADING_PAGE_NUMBER, '')));
  const repeatsTitle = (text: string): boolean => titleTexts.has(text)
    || (LEADING_PAGE_NUMBER.test(text) && withoutPageNumbers.has(text.replace(LEADING_PAGE_NUMBER, '')));
  const repeated: SourceLine[] = [];
  let run: SourceLine[] = [];
  const closeRun = (): void => {
    while (run.length > 0 && structuralTitleTexts.has(run.at(-1)!.text)) run.pop(); // a heading after the header is the text's
    // A narrower column wraps the header's lines inside the name ("… der Ständigen Konferenz der Inne-" /
    // "nminister und -senatoren …"): the run names the meeting in its lines joined.
    const named = run.some((line) => line.text.length >= 12 && namesMeeting(line.text))
      || (run.length >= TITLE_RUN && namesMeeting(headerText(run.slice(0, MAX_HEADER_LINES))));
    // One line of the header's inside a sentence of a narrow column ("… Deshalb begrüßt die" / "Wirtschaftsministerkonferenz" / "die …") is text.
    const inPhrase = run.length === 1 && betweenPhraseParts(lines[lines.indexOf(run[0]!) - 1]?.text ?? '', lines[lines.indexOf(run[0]!) + 1]?.text ?? '');
    if (named && !inPhrase && (run.length >= TITLE_RUN || run[0]!.text.length >= 12)) repeated.push(...run);
    run = [];
  };
  const rest = lines.slice(firstTop);
  // The last line that is not furniture: a page's footer ("Seite 2 von 2") may follow the excerpt's end.
  let lastText = rest.length - 1;
  while (lastText > 0 && isFurniture(rest[lastText]!)) lastText -= 1;
  rest.forEach((line, index) => {
    // An excerpt may end inside a repeated header: "am 8./9. Okt" after "Beschluss" / "der VMK".
    const cutOff = index === lastText && run.length > 0 && isCutOffCopy(line.text, titleTexts);
    if (repeatsTitle(line.text) || cutOff || (run.length > 0 && structuralTitleTexts.has(line.text))) run.push(line);
    else if (isFurniture(line) || line.footnote !== undefined) return; // a footnote at the page's foot stands before the next page's header
    else if (run.length > 0) closeRun();
  });
  if (run.length > 0) closeRun();
  return repeated;
}

/** The beginning of one of the texts, cut off: the document ends there. */
function isCutOffCopy(text: string, texts: ReadonlySet<string>): boolean {
  return text.length >= 4 && [...texts].some((whole) => whole.length > text.length && whole.startsWith(text));
}

/**
 * The text before the first TOP is a title page. Where a sentence of it reads like part of a
 * resolution (a formula, a numbered paragraph, a sponsor or protocol line), the document's TOPs
 * may be headed in a way the parser does not know: say so rather than drop it unseen. A sentence
 * may be wrapped over lines ("Die JFMK hat am 06./07.06.2013" / "in Fulda … Beschlüsse gefasst:").
 */
function unreadPreamble(preamble: readonly SourceLine[]): ParserWarning[] {
  for (let index = 0; index < preamble.length; index++) {
    // The second part of a suspended compound starts no sentence: a narrow column breaks "Im Rahmen der Jugend- und" /
    // "Familienministerkonferenz (JFMK) vom …" / "… wurde folgender" / "Beschluss gefasst:", whose rest reads as a formula.
    if (index > 0 && /\p{L}- (?:und|oder|sowie|bzw\.)$/u.test(preamble[index - 1]!.text)) continue;
    const taken = [preamble[index]!];
    let length = taken[0]!.text.length;
    while (mayTakeLine(taken.length, length, MAX_FORMULA_LINES) && index + taken.length < preamble.length
      && continuesSentence(taken.at(-1)!.text, preamble[index + taken.length]!.text)) {
      taken.push(preamble[index + taken.length]!);
      length += taken.at(-1)!.text.length;
    }
    const sentence = joinLines(taken);
    if (looksLikeResolutionText(sentence)) return [parserWarning(taken[0]!.line, 'beforeFirstTop', { value: sentence.slice(0, 120) })];
  }
  return [];
}

/**
 * The next line goes on with the sentence of the line before: it is not finished, and it breaks
 * mid-phrase or the next line starts with no capital ("Die JFMK hat am" / "06./07.06.2013 …",
 * "… am 31. Mai/1. Juni" / "2012 in Hannover …", "Die Jugend- und Familienministerkonferenz" /
 * "(JFMK) hat am …"), or it ends in a number's full stop ("… hat am 31." / "Mai/1. Juni …").
 */
function continuesSentence(text: string, next: string): boolean {
  if (/(?:^|[\s/])\d{1,2}\.$/.test(text)) return true; // a date's day ("… hat am 31." / "Mai/1. Juni 2012 …", "… am 31. Mai/1." / "Juni 2012 …") ends no sentence
  return !closesSentence(text) && (endsOpen(text) || !/^\p{Lu}/u.test(next));
}

function looksLikeResolutionText(text: string): boolean {
  if (parseProtocolHeader(text) || isSponsorDashStart(text) || isFormulaSentence(text)) return true;
  const label = parseLabel(text);
  if (label && (label.kind === 'sponsor' || label.kind === 'voting')) return true;
  // "1. Die Länder bitten …", or an unnumbered sentence "Die Konferenz bittet den Bund …"
  return (/^\d{1,2}\.\s+\p{Lu}/u.test(text) || /^(?:Die|Der|Sie)\s/u.test(text))
    && /\b(?:bitte[tn]|forder[tn]|stell(?:t|en) fest|begrüß(?:t|en)|empfiehlt|empfehlen)\b/u.test(text)
    && !thirdPartySubject(text);
}

/** Words of a subject that takes or is asked for a resolution: the conference, its members, the Länder, the Bund. */
const DECIDING_SUBJECT = /konferenz|minister|senator|regierungschef|kanzler|amtschef|staatssekretär|staatsr[aä]t|ressort|mitglied|vorsitz|teilnehm|länder|\bland\b|\bbund\b|bundes/iu;

/**
 * "Die Allianz pro Schiene begrüßt das Mehrheitsvotum der Länderverkehrsminister …", "Der Städtetag
 * fordert …": a sentence whose short subject, up to its verb, names none who resolves (no conference,
 * member, Land or Bund) is a third party's, as a press release about a meeting writes it; it is not
 * the resolution's own text, wherever a line break puts its article. A subject with an auxiliary
 * ("Die Einrichtung … wird begrüßt") or of more than five words is left as it is.
 */
function thirdPartySubject(text: string): boolean {
  const verb = RESOLUTION_VERB.exec(text);
  if (!verb) return false;
  const subject = /^(?:Die|Der|Das)\s+(\p{Lu}.*)$/su.exec(text.slice(0, verb.index).trim())?.[1];
  if (subject === undefined) return false;
  const words = subject.split(/\s+/u);
  if (words.length > 5 || /\b(?:wird|werden|wurde|wurden|ist|sind|hat|haben|hatte|hatten)\b/u.test(subject)) return false;
  return !DECIDING_SUBJECT.test(subject) && findConference(subject) === null && !words.some((word) => isConferenceWord(word.replace(/[^\p{L}-]/gu, '')));
}

const NOT_RELEASED = /^\(?\s*(?:der\s+)?(?:beschlu(?:ss|ß)\s+)?(?:ist\s+|wird\s+|wurde\s+)?nicht\s+(?:zur\s+veröffentlichung\s+)?freigegeben\s*\)?\.?$/i;

/**
 * A collection of released resolutions may list a TOP only to say it is not released ("TOP 7:
 * Cybersicherheit (nicht freigegeben)"): there is no resolution to import. Returns the marker.
 */
function notReleased(resolution: ImportResolution): string | null {
  const texts = [...resolution.demands.map((demand) => demand.text), resolution.decision.formula].filter((text) => text !== '');
  const marker = texts.length === 1 && resolution.protocolStatements.length === 0 ? texts[0]! : null;
  return marker !== null && NOT_RELEASED.test(marker) ? marker : null;
}

/** A block with no body whose TOP comes again later is a table-of-contents entry. */
function dropListedOnly(blocks: readonly Block[]): { kept: Block[]; listed: Block[] } {
  const lastIndex = new Map<string, number>();
  blocks.forEach((block, index) => lastIndex.set(block.header.agendaItem, index));
  const kept: Block[] = [];
  const listed: Block[] = [];
  blocks.forEach((block, index) => {
    const repeated = (lastIndex.get(block.header.agendaItem) ?? index) > index;
    (repeated && block.body.length === 0 ? listed : kept).push(block);
  });
  return { kept, listed };
}

function emptyResult(lines: readonly ClassifiedLine[], kind: ParseFailureKind): ParseResult {
  return { document: { resolutions: [], warnings: [] }, failure: { kind, message: FAILURE_MESSAGES[kind] }, lines, chairLand: null };
}

/** Parses and reports, besides the document, how each input line was classified. */
export function analyseResolutionText(text: string, options: ParseOptions = {}): ParseResult {
  const sourceLines = splitRunTogetherCollection(markPlainFootnotes(repairInlineHyphens(splitIntoLines(text))));
  const ignored = new Map<SourceLine, IgnoredKind>();
  const classified = (): ClassifiedLine[] => sourceLines.map((line) => ({
    line: line.line, text: line.text, pageBreakBefore: line.pageBreakBefore, softHyphenEnd: line.softHyphenEnd,
    columnGap: line.columnGap, ...(line.footnote === undefined ? {} : { footnote: line.footnote }), ignored: ignored.get(line) ?? null,
  }));
  if (sourceLines.every((line) => line.text === '')) return emptyResult(classified(), 'empty');

  const furniture = findFurniture(sourceLines, isStructuralLine);
  const toc = findTableOfContents(sourceLines, furniture);
  furniture.forEach((index) => ignored.set(sourceLines[index]!, 'furniture'));
  toc.forEach((index) => ignored.set(sourceLines[index]!, 'toc'));
  const candidates = sourceLines.filter((line) => line.text !== '' && !ignored.has(line));
  const headers = findHeaders(candidates);
  const isFurniture = (line: SourceLine): boolean => ignored.get(line) === 'furniture';
  const withFurniture = sourceLines.filter((line) => line.text !== '' && (!ignored.has(line) || isFurniture(line)));
  for (const line of repeatedTitleLines(withFurniture, isFurniture, candidates.find((line) => headers.has(line)))) ignored.set(line, 'furniture');
  const content = candidates.filter((line) => !ignored.has(line));

  const { preamble, blocks: allBlocks } = splitIntoBlocks(content, headers);
  const { kept: blocks, listed } = dropListedOnly(allBlocks);
  for (const line of listed.flatMap((block) => [...block.leading, block.headerLine])) ignored.set(line, 'toc');
  for (const line of preamble) ignored.set(line, 'title-page');
  if (blocks.length === 0) return emptyResult(classified(), withoutAgendaItem(sourceLines.filter((line) => !(isFurniture(line) && isPageNumber(line.text))), (toc.size > 0 && listsEntries(sourceLines)) || listed.length > 0 || listsAgendaItems(text)));

  const warnings: ParserWarning[] = [...unreadPreamble(preamble)];
  const context = meetingContext(preamble, sourceLines, furniture, content, blocks[0]!.headerLine, warnings);
  const column = columnWidth(content);
  let lastParsed: ImportResolution | null = null; // the last block's resolution, where it is released
  const resolutions: ImportResolution[] = blocks.flatMap((block, index) => {
    const parsed = parseBlock(block, context, column);
    const unreleased = notReleased(parsed.resolution);
    if (unreleased !== null) {
      const { agendaItem, title } = parsed.resolution;
      warnings.push(parserWarning(block.headerLine.line, 'notReleased', { top: agendaItem, value: `${title} ${unreleased}` }));
      return [];
    }
    warnings.push(...parsed.warnings);
    if (index === blocks.length - 1) lastParsed = parsed.resolution;
    return options.enrich ? { ...parsed.resolution, demands: parsed.resolution.demands.map(enrichDemand) } : parsed.resolution;
  });
  const cut = lastParsed === null ? null : cutOffEnd(blocks.at(-1)!, lastParsed);
  if (cut) warnings.push(cut);
  warnings.sort((a, b) => a.line - b.line);
  return { document: { resolutions: letterRepeatedItems(resolutions), warnings }, failure: null, lines: classified(), chairLand: context.chairLand };
}

/** Characters of the cut-off text a warning quotes. */
const CUT_OFF_QUOTE = 80;

/**
 * The document ends mid-sentence: the last resolution's last Ziffer or protocol statement breaks
 * off without a sentence's end ("… Erfolgsfaktoren bestehender", "… zur Kenntni"), as an excerpt or
 * an upload missing its last pages does. Nothing can be read that is not there; the warning says
 * so, so that the missing end is not taken for the whole resolution (a last list item printed
 * without a full stop is warned about too: the secretariat looks once).
 */
function cutOffEnd(block: Block, resolution: ImportResolution): ParserWarning | null {
  const tail = resolution.protocolStatements.at(-1)?.text ?? resolution.demands.at(-1)?.text ?? '';
  const last = block.body.filter((line) => line.footnote === undefined && line.text !== '').at(-1);
  // A name in quotation marks or brackets may end a last list item printed without a full stop ("… „Neustart“", "… (Anlage)").
  if (tail === '' || last === undefined || closesSentence(tail) || /[)\]“”"»’]$/u.test(tail)) return null;
  const quoted = tail.length <= CUT_OFF_QUOTE ? tail : `… ${tail.slice(-CUT_OFF_QUOTE).replace(/^\S*\s/, '')}`;
  return parserWarning(last.line, 'cutOff', { top: resolution.agendaItem, value: quoted });
}

/**
 * Why a text without a TOP holds no resolution: it lists agenda items (a table of contents or an
 * agenda), or it is a cover page only, or it is text whose TOP line is missing.
 */
function withoutAgendaItem(lines: readonly SourceLine[], listsItems: boolean): ParseFailureKind {
  if (listsItems) return 'contents-only';
  return isCoverOnly(lines.filter((line) => line.text !== '')) ? 'cover-only' : 'no-agenda-item';
}

/** Lines at the top of a text in which a cover page names the meeting. */
const COVER_LINES = 60;

/**
 * A cover page: it names the meeting (conference, and its number or date) but no line of it reads
 * as a resolution. A resolution page without its TOP line names the meeting as well, in its
 * formula or running header, but has sentences, labels or numbered paragraphs of a resolution.
 */
function isCoverOnly(lines: readonly SourceLine[]): boolean {
  const { conference, meeting } = parseMeetingHeader(headerText(withoutChairBlock(lines.slice(0, COVER_LINES))), '');
  if (conference === null || (meeting.number === null && meeting.startDate === null)) return false;
  // A word broken by a soft hyphen at the line's end reads as one broken by a visible hyphen ("20. Europaministerkonfer\u00AD" / "enz").
  return !lines.some((line, index) => readsAsResolution(line.softHyphenEnd ? `${line.text}-` : line.text, lines[index + 1]?.text ?? '', sentenceLines(lines, index), lines[index - 1]?.text ?? ''));
}

/** Full lines a cover's sentence is read over (`readsAsResolution`'s `following`). */
const SENTENCE_LINES = 4;

/**
 * The line at `index` and the next ones, joined: four full lines, or more, shorter ones of a narrow
 * column holding no more text (see `mayTakeLine`; "Die Minister und Sena-" / … / "gsaustausch keine Bes-" / "chlüsse.").
 */
function sentenceLines(lines: readonly SourceLine[], index: number): string {
  let end = index;
  let length = 0;
  while (end < lines.length && mayTakeLine(end - index, length, SENTENCE_LINES)) length += lines[end++]!.text.length;
  return joinLines(lines.slice(index, end));
}

/** "… fassen … keine Beschlüsse", "kein Beschluss": a sentence saying that nothing was resolved. */
const NO_RESOLUTION = /\b(?:keine|keinen|kein)\s+(?:förmlichen\s+)?Beschl(?:uss|üsse|uß)\b/u;

/**
 * The text up to its first full stop before a space (a sentence of a line and the next); the full stop of a day or an
 * ordinal ("am 24. und 25. Oktober 2019", "die 18. Konferenz") ends no sentence.
 */
function firstSentence(text: string): string {
  return /^.*?(?<!(?:^|[\s(/])\d{1,3})[.!?](?=\s|$)/su.exec(text)?.[0] ?? text;
}

/** Verbs of a resolution's own sentences: "Die IMK bittet …", "Die Länder beschließen …". */
const RESOLUTION_VERB = /\b(?:bitte[tn]|forder[tn]|ersuch(?:t|en)|appellier(?:t|en)|beauftrag(?:t|en)|beschlie(?:ß|ss)(?:t|en)|beschlossen|begrüß(?:t|en)|empfiehlt|empfehlen|stell(?:t|en) fest|nimmt|nehmen|spricht|sprechen|unterstütz(?:t|en)|hält|halten)\b/u;

/**
 * A line of a resolution rather than of a cover page: a formula, a label or marker of a
 * resolution, a numbered paragraph, or a sentence opening with its subject and a resolution verb
 * (on the line or the next, where the sentence is wrapped).
 */
function readsAsResolution(text: string, next: string, following: string, previous: string): boolean {
  // A letter's sentence that no resolution was taken ("Die Minister und Senatoren der Länder fassen über ihren" /
  // "Meinungsaustausch keine Beschlüsse.") opens with the conference's members but is none; `following`: the
  // line and the next three joined, as a narrow column wraps that sentence.
  if (NO_RESOLUTION.test(firstSentence(following))) return false;
  // The conference as the subject of a sentence, read over the sentence's lines, so that the reading does not hang on
  // where a column breaks it ("Die Digitalministerkonferenz hat heute …" as "Die Digitalministerkonferenz" / "hat heute …").
  if (looksLikeResolutionText(text) || isFormulaSentence(text)) return true;
  // "… Versorgung, die" / "einstimmig beschlossen" / "wurden.": a narrow column's piece of a report's sentence, no vote.
  if (isDecisionMarker(text) && !(endsOpen(previous) && /^\p{Ll}/u.test(next))) return true;
  const sentence = firstSentence(following);
  if ((opensResolutionSentence(text) || (/^(?:Die|Der|Das)\s+\S+$/u.test(text) && opensResolutionSentence(sentence)))
    && !namesOnly(sentence) && !reportsOnly(sentence)) return true;
  // A bare heading "Beschlüsse" is a cover page's as well; a label with its colon is a resolution's.
  const label = parseLabel(text);
  if (label && label.kind !== 'meta' && label.kind !== 'title' && text.includes(':')) return true;
  // The verb on the next line, or further on in the sentence where a narrow column wraps a long subject
  // ("Die Wirtschaftsminister und" / "-senatoren der Länder" / "nehmen …").
  // A third party's sentence ("Die Allianz pro Schiene begrüßt …", a press release's) is none.
  if (/^(?:Die|Der|Das|Sie)\s/u.test(text) && !thirdPartySubject(firstSentence(following))
    && (RESOLUTION_VERB.test(`${text} ${next}`.slice(0, 200)) || RESOLUTION_VERB.test(firstSentence(following).slice(0, 200)))) return true;
  // A number after an article or preposition is an ordinal of the sentence wrapped before it ("… der Beratungen des" /
  // "1. Sitzungstages standen …"), not a paragraph's.
  return !ORDINAL_GOES_ON.test(previous) && isNumberedParagraph(text, next);
}

/** Verbs of a report on a meeting: the members met, conferred, discussed; they resolve nothing. */
const REPORT_VERB = /\b(?:beraten|berieten|getagt|tagt(?:e|en)?|getroffen|trafen|treffen sich|trifft sich|zusammen(?:gekommen|kommen|kamen|kam)|kamen\b.{0,80}\bzusammen|statt(?:gefunden)?|befass(?:t|te|ten) sich|beschäftig(?:t|te|ten) sich|diskutier(?:t|te|ten)|tausch(?:t|te|ten) sich|ausgetauscht|zu Ende gegangen|teilgenommen)\b/u;

/**
 * "Die Ministerinnen und Minister … haben dabei … über Themen … beraten.", "Die Regierungschefinnen und
 * Regierungschefs der Länder haben sich am 24. und 25. Oktober 2019 … getroffen.": a press report's sentence with
 * the members as its subject, which a column may put at a line's start; it resolves nothing unless it says so.
 */
function reportsOnly(sentence: string): boolean {
  const head = sentence.slice(0, 300);
  return (REPORT_VERB.test(head) && !RESOLUTION_VERB.test(head)) || tellsInPast(sentence);
}

/**
 * The simple past of a weak verb, as only a report uses it: a stem ending in "t" or "d" ("erwarteten",
 * "meldete"), a verb in "-ieren" ("kritisierten"), or a stem ending in "g", "m", "n" or "ß" ("bekräftigten",
 * "stimmten", "betonte", "begrüßten"). A resolution speaks in the present: "Die Länder erwarten", "halten",
 * "vertreten", "bitten", "betrachten", "gestalten", "bieten" end alike but are none of these.
 */
const WEAK_PAST = /(?:[td]e|ier|[gmnß])ten?$/u;

/**
 * "Die Länder erwarteten, eigenständig entscheiden zu können, …": the subject's verb in the simple past, as a
 * report on a meeting retells what the members resolved, wherever a column puts the subject at a line's start.
 * The verb is the first word after the subject (see `SUBJECT_WORD`).
 */
function tellsInPast(sentence: string): boolean {
  const words = sentence.split(/\s+/u);
  const at = words.findIndex((word, index) => index > 0 && !SUBJECT_WORD.test(word));
  // Right after the article, a lower-case word is an attribute of the subject ("Die beteiligten Länder fordern …").
  if (at < 2) return false;
  const verb = words[at]!.replace(/[,.;:!?]+$/u, '');
  return /^\p{Ll}+$/u.test(verb) && WEAK_PAST.test(verb);
}

/** Words of a subject that names the conference or its members: nouns, "-minister", "und", "der Länder", numbers. */
const SUBJECT_WORD = /^(?:\p{Lu}[\p{L}.-]*|-\p{L}+|und|sowie|oder|der|des|den|\d{1,3}\.?),?$/u;
/** A preposition that goes on from the conference's name or its members in a title or a photo's caption. */
const AFTER_NAME = /^(?:am|vom|von|in|im|zu|zur|zum|auf|bei|mit|während|vor|nach|aus)$/u;

/**
 * A cover's title that names the conference with the meeting's date or place ("Die Digitalministerkonferenz" / "am
 * 18. Oktober 2024 in Berlin"), or a press photo's caption naming the members ("Die Gleichstellungsministerinnen der
 * 16 Länder mit Bundesfamilienministerin … (Mitte)"): the first word after the subject is a preposition, where a
 * sentence ("Die Digitalministerkonferenz hat …") has its verb. `sentence`: the sentence over its lines.
 */
function namesOnly(sentence: string): boolean {
  const next = sentence.split(/\s+/u).slice(1).find((word) => !SUBJECT_WORD.test(word));
  return next !== undefined && AFTER_NAME.test(next);
}

/**
 * A line ending in an article or a preposition, or in a word a number belongs to ("… (TOP" / "6) Am 25. …",
 * "… Punkt" / "4.1"): a number at the next line's start goes on with its phrase.
 */
const ORDINAL_GOES_ON = /(?:\s(?:der|die|das|des|dem|den|am|vom|zum|zur|im|bis|seit|für|von|zu)|(?:^|[\s(])(?:TOP|Punkt|Nr\.|Ziffer|Anlage|§))$/u;

/**
 * "1. Die Länder …", "2) Der Bund …": a numbered paragraph; not a cover page's "12.
 * Integrationsministerkonferenz", "174. Sitzung" or "16. und 17. März 2017", nor a Landtag's
 * "15. Wahlperiode" in the head of its printed paper (a narrow column sets it at a line's start).
 */
function isNumberedParagraph(text: string, next = ''): boolean {
  const numbered = parseNumbered(text);
  // The conference's name may be broken at the line's end: "10. Integrationsministerkon-" / "ferenz statt.".
  const named = findConference(text) !== null || (/\p{L}-$/u.test(text) && findConference(joinTexts([text, next])) !== null);
  if (!numbered || numbered.rest === '' || named || findDateRange(text)?.index === 0) return false;
  return !/^(?:\p{L}+\s)?(?:Sitzung|Tagung|Konferenz|Plenarsitzung|Hauptkonferenz|Jahreskonferenz|Sonderkonferenz|Wahlperiode|Legislaturperiode)\b/u.test(numbered.rest);
}

/** Entries of a table of contents a text must list to be one. */
const MIN_LISTED_ENTRIES = 3;

/**
 * A contents entry that names a TOP by its title and points to a page ("Beschluss zu TOP Grüne Liste
 * S. 21", "Hinweisblatt zu TOP … S. 25"): the TOP's title up to the page, without another TOP between,
 * also where a narrow column wraps the entry.
 */
const TOP_ON_PAGE = /\bTOP\b(?:(?!\bTOP\b)[\s\S]){1,300}?\sS\.\s?\d{1,3}\b/gu;

/**
 * "TOP 1 Genehmigung … TOP 2a Novelle … TOP 3 …": an agenda run together into running text; or a
 * contents list whose entries name TOPs without numbers and point to their pages ("Inhaltsübersicht …
 * Beschluss zu TOP Genehmigung der Tagesordnung S. 20 Beschluss zu TOP Grüne Liste S. 21 …", the
 * GMK's minutes since 2022).
 */
function listsAgendaItems(text: string): boolean {
  const head = text.slice(0, 20_000);
  const items = new Set<string>();
  for (const match of head.matchAll(/\bTOP\s+([A-Z]?\d{1,3}[a-z]?(?:\.\d{1,3})*)\b/g)) {
    items.add(match[1]!);
    if (items.size >= MIN_LISTED_ENTRIES) return true;
  }
  let pages = 0;
  for (const _ of head.matchAll(TOP_ON_PAGE)) if (++pages >= MIN_LISTED_ENTRIES) return true;
  return false;
}

/**
 * The meeting from the title page, else from running headers, else from the text itself. A
 * third party's copy of one resolution may name it only in the TOP's line ("Beschluss vom 18./19.
 * Mai 2017, TOP 7.1").
 */
function meetingContext(
  preamble: readonly SourceLine[], sourceLines: readonly SourceLine[], furniture: ReadonlySet<number>,
  content: readonly SourceLine[], firstHeader: SourceLine, warnings: ParserWarning[],
): MeetingContext & { readonly chairLand: LandCode | null } {
  // A footer "Ergebnisprotokoll 101. UMK – Seite 1 von 2" names the meeting too, without its page number.
  const runningHeaders: SourceLine[] = [];
  let lastFurniture = -1; // the furniture line before
  for (const index of [...furniture].sort((a, b) => a - b)) {
    const line = sourceLines[index]!;
    // The furniture line right before this one (blank lines between): the line above it in the same header.
    const previous = lastFurniture >= 0 && sourceLines.slice(lastFurniture + 1, index).every((between) => between.text === '')
      ? sourceLines[lastFurniture]!.text : '';
    lastFurniture = index;
    if (isMirrorPageMarker(line.text) || isBrowserPrintLine(line.text)) continue; // the mirror's title of the document, a browser's print stamp
    // A date alone on every page ("10.12.2019") is the day of printing or of the version: a running header names the meeting in words.
    // Not where a narrow column broke the header before it: "93. Umweltministerkonferenz am" / "15. November 2019".
    if (isDateOnly(line.text) && !/\b(?:am|vom|von)$/.test(previous)) continue;
    if (!isPageNumber(line.text)) runningHeaders.push(line);
    else if (line.text.length > 30) runningHeaders.push({ ...line, text: withoutPageNumber(line.text) });
  }
  // A date alone on the document's first line is the page header's too, printed where a one-page document shows no page break.
  const firstText = sourceLines.find((line) => line.text !== '');
  const titleLines = preamble[0] === firstText && isDateOnly(preamble[0]!.text) ? preamble.slice(1) : preamble;
  // A running header set among the title page's lines is read where it stands: the title repeated on each
  // page ("7. Konferenz der für Integration" / "zuständigen …") may be the title page's own first line, or
  // its first lines, above the rest of the title page ("76. Konferenz der für das Gesundheitswesen" /
  // "zuständigen" / "Ministerinnen und Minister, …" in a narrow column).
  const position = new Map(sourceLines.map((line, index) => [line, index]));
  const at = (line: SourceLine): number => position.get(line) ?? -1;
  // Also a header line right under the title page's last line, before the first TOP: a narrow column broke the
  // header inside its date ("Agrarministerkonferenz am 22." / "September 2000 in Regensburg"), and only the
  // second line recurs on every page as it stands.
  const last = titleLines.length > 0 ? at(firstHeader) : -1;
  const amongTitle = runningHeaders.filter((line) => at(line) >= 0 && at(line) < last);
  const withHeaders = [...titleLines, ...amongTitle].sort((a, b) => at(a) - at(b));
  const titlePage = headerText([...withoutChairBlock(withHeaders), ...(/^Beschlu(?:ss|ß) vom /.test(firstHeader.text) ? [firstHeader] : [])]);
  const header = titlePage.trim() === '' ? headerText(runningHeaders) : `${titlePage} \n ${headerText(runningHeaders.slice(0, 4))}`;
  const fallback = headerText(content.slice(0, 60));
  const { conference, meeting } = parseMeetingHeader(header, fallback);
  // "Vorsitz: … Saarland" on the title page, or in a running header where the title page names no chair.
  const chairLand = findChairLand(withHeaders) ?? findChairLand(runningHeaders);
  if (conference === null) warnings.push(parserWarning(1, 'conferenceUnknown'));
  if (meeting.number === null) warnings.push(parserWarning(1, 'meetingNumberUnknown'));
  if (meeting.year === null) warnings.push(parserWarning(1, 'yearUnknown'));
  if (meeting.startDate === null) warnings.push(parserWarning(1, 'meetingDateUnknown'));
  return { conference: conference ?? 'unbekannt', meeting, chairLand };
}

/** Parses a resolution text. Never throws; bad input gives an empty document (see `analyseResolutionText`). */
export function parseResolutionText(text: string, options: ParseOptions = {}): ParsedDocument {
  return analyseResolutionText(text, options).document;
}

/** Like `parseResolutionText`, but throws a `ParseError` for an empty text or one without a TOP. */
export function parseResolutionTextOrThrow(text: string, options: ParseOptions = {}): ParsedDocument {
  const result = analyseResolutionText(text, options);
  if (result.failure) throw new ParseError(result.failure);
  return result.document;
}
