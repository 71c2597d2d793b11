/**
 * Stage 2: page furniture and tables of contents. Page numbers ("- 2 -", "Seite | 2", "Seite 2
 * von 12") and form feeds mark page boundaries; lines that recur next to several boundaries
 * are running headers or footers. A table of contents runs from its heading to the next page
 * boundary or to the first TOP that it already listed.
 */
import { endsOpen, startsContinuation, startsLowerCase } from './join.js';
import type { SourceLine } from './lines.js';
import { isConferenceWord } from './conferences.js';
import {
  endsWithPageReference, hasDotLeader, isAgendaColumnHeading, isBareNumber, isFilePath, isPageNumber, isPageOf, isSiteLinkLabel, isTocHeading,
  parseNumbered, parseTopHeader,
} from './line-kinds.js';

export type IgnoredKind = 'furniture' | 'title-page' | 'toc';

/** A site's link that is a sentence ("Hier finden Sie …"), not a heading ("Links zum Thema"). */
const LINK_SENTENCE = /^(?:Hier|Dort|Unter diesem Link|Weitere Informationen)\s/;

/** Lines at the start of a text among which a web mirror's first page number "(1)" stands (under a running header or a browser's print stamp). */
const BRACKET_PAGE_LINES = 3;

/** Lines of a letterhead above a web mirror's first page marker "(1)". */
const LETTERHEAD_LINES = 12;

/** Lines a site's link sentence may be wrapped over (a narrow column breaks "Hier finden Sie den als Anlage 1 bezeichneten Bericht der gemeinsamen Arbeitsgruppe." into five). */
const MAX_LINK_LINES = 5;

/** Lines looked at on each side of a page boundary for running headers and footers. */
const ZONE = 3;
/** Furniture lines a zone may skip (page number, blank footer lines). */
const MAX_FURNITURE_SKIPPED = 4;

/**
 * Indices (into `lines`) of page furniture. `isStructural` protects lines that carry structure
 * ("Beschluss:", "TOP 5.1") from being taken for running headers even where they recur.
 */
export function findFurniture(lines: readonly SourceLine[], isStructural: (text: string) => boolean): Set<number> {
  const content = lines.flatMap((line, index) => (line.text === '' ? [] : [index]));
  const furniture = new Set<number>();
  const boundaries: number[] = [0]; // positions in `content` before which a page starts
  // A web mirror that numbers its pages "(1)", "(2)" starts the text with "(1)", under a browser's print header
  // or a page number where the mirror's page was printed.
  // Also under a running header printed above it: "(1)" among the first lines, before any TOP.
  const opening = content.filter((index) => !isPageNumber(lines[index]!.text)).slice(0, BRACKET_PAGE_LINES);
  const firstTop = opening.findIndex((index) => parseTopHeader(lines[index]!.text) !== null);
  const beforeTop = firstTop < 0 ? opening : opening.slice(0, firstTop);
  // Or under a letterhead, where the mirror's page marker follows the sender's lines ("Geschäftsstelle der Konferenz" /
  // address / "(1)" / "Beschluss" / "TOP I 1 …"): "(1)" before the first TOP and "(2)" on a line of its own later.
  const firstTopPosition = content.findIndex((index) => parseTopHeader(lines[index]!.text) !== null);
  const underLetterhead = content.slice(0, firstTopPosition < 0 ? LETTERHEAD_LINES : Math.min(firstTopPosition, LETTERHEAD_LINES))
    .some((index) => lines[index]!.text === '(1)') && content.some((index) => lines[index]!.text === '(2)');
  const bracketPages = underLetterhead || beforeTop.some((index) => lines[index]!.text === '(1)');
  let linkLines = 0; // lines of a site's link sentence so far, while it goes on
  let linkStart = ''; // its first line
  let previousIndex = -1; // the line of `previous`
  let previous = ''; // the last line that is no page number
  content.forEach((lineIndex, position) => {
    const line = lines[lineIndex]!;
    if (line.pageBreakBefore || hasPageBreakSince(lines, content[position - 1], lineIndex)) boundaries.push(position);
    if (isFilePath(line.text)) furniture.add(lineIndex); // a footer naming the file (M:\…\21BM.DOC)
    // A narrow column breaks the path after a separator: "M:\Eigene Dateien\AMK 2000\Regensburg\" / "21BM.DOC".
    else if (furniture.has(previousIndex) && isFilePath(previous) && /[\\/]$/.test(previous) && lineIndex === previousIndex + 1 && FILE_NAME.test(line.text)) {
      furniture.add(lineIndex);
    }
    if (isPageNumber(line.text) || (bracketPages && isBracketPageNumber(line.text))) {
      furniture.add(lineIndex);
      boundaries.push(position);
      return; // a page break: a link's sentence goes on on the next page ("… den als Anlage 1 bezeichneten Ber-" / "icht …")
    }
    // A copying web page's link ("Hier finden Sie den Bericht …"), also where it is wrapped ("… der gemeinsamen" / "Arbeitsgruppe.",
    // "… den Beschluss der GMK" / "2009", "… den Bericht" / "„Frühe Hilfen“").
    // A sentence ("Hier finden Sie den als Anlage" / "1 bezeichneten Bericht …") goes on up to its full stop.
    const sentenceOpen = linkLines > 0 && LINK_SENTENCE.test(linkStart) && !/[.!?:]$/.test(previous)
      && lineIndex === previousIndex + 1 && parseTopHeader(line.text) === null;
    if (isSiteLinkLabel(line.text)) linkStart = line.text;
    linkLines = isSiteLinkLabel(line.text) ? 1
      : linkLines > 0 && linkLines < MAX_LINK_LINES && (endsOpen(previous) || startsContinuation(line.text) || sentenceOpen) ? linkLines + 1 : 0;
    if (linkLines > 0) furniture.add(lineIndex);
    previous = line.text;
    previousIndex = lineIndex;
  });
  for (const position of pageNumberSequence(lines, content)) {
    furniture.add(content[position]!);
    boundaries.push(position);
  }
  boundaries.push(content.length);
  markBareNumbersAtBoundaries(lines, content, boundaries, furniture);
  const merged = mergeBoundaries(boundaries, content, furniture);
  markRunningHeaders(lines, content, merged, furniture, isStructural);
  markColumnHeaders(lines, content, merged, furniture, isStructural);
  markRecurringHeaders(lines, content, furniture, isStructural);
  return furniture;
}

/** A document's file name: "21BM.DOC", "TOP 5.docx". */
const FILE_NAME = /^[^\s\\/][^\\/]{0,80}\.(?:docx?|dot|odt|rtf|pdf)$/i;

/** A web mirror's page number "(2)"; "(2018)" is a year. */
function isBracketPageNumber(text: string): boolean {
  const match = /^\((\d{1,4})\)$/.exec(text);
  return match !== null && isPageOf(match[1]!);
}

/** Fewest content lines between two page numbers: a page holds more than a list item. */
const MIN_PAGE_LINES = 10;

/**
 * Bare numbers counting pages where the extraction kept no page break ("2", …, "3", …): positions
 * (into `content`) of bare-number lines that continue each other's count, each at least a page's
 * lines after the one before. A lone bare number is not taken: it may be text.
 */
function pageNumberSequence(lines: readonly SourceLine[], content: readonly number[]): number[] {
  const runs: number[][] = [];
  content.forEach((lineIndex, position) => {
    const text = lines[lineIndex]!.text;
    if (!isBareNumber(text) || text.length > 3) return;
    const run = runs.find((candidate) => {
      const last = candidate.at(-1)!;
      return Number(lines[content[last]!]!.text) + 1 === Number(text) && position - last >= MIN_PAGE_LINES;
    });
    if (run) run.push(position);
    else runs.push([position]);
  });
  return runs.filter((run) => run.length >= 2).flat();
}

/** Sorted boundaries without those separated from the previous one by furniture only. */
function mergeBoundaries(boundaries: readonly number[], content: readonly number[], furniture: ReadonlySet<number>): number[] {
  const sorted = [...new Set(boundaries)].sort((a, b) => a - b);
  const merged: number[] = [];
  let checkedUpTo = 0; // content positions before this one are known to be furniture since the last kept boundary
  for (const boundary of sorted) {
    let position = Math.max(checkedUpTo, merged.at(-1) ?? 0);
    while (position < boundary && furniture.has(content[position]!)) position += 1;
    checkedUpTo = position;
    if (merged.length > 0 && position >= boundary) continue;
    merged.push(boundary);
    checkedUpTo = boundary;
  }
  return merged;
}

function hasPageBreakSince(lines: readonly SourceLine[], previous: number | undefined, current: number): boolean {
  for (let i = (previous ?? -1) + 1; i < current; i++) if (lines[i]!.pageBreakBefore) return true;
  return false;
}

function markBareNumbersAtBoundaries(
  lines: readonly SourceLine[], content: readonly number[], boundaries: readonly number[], furniture: Set<number>,
): void {
  for (const boundary of boundaries) {
    // The line next to the boundary, past furniture there: a browser's print stamp at the top of
    // the page, the address and page count at its foot, a page number "Seite 2 von 5".
    // At most a few lines each way, so that a text of page numbers only stays linear.
    let [before, after] = [boundary - 1, boundary];
    while (before >= 0 && boundary - 1 - before < MAX_FURNITURE_SKIPPED && furniture.has(content[before]!)) before -= 1;
    while (after < content.length && after - boundary < MAX_FURNITURE_SKIPPED && furniture.has(content[after]!)) after += 1;
    for (const position of [before, after]) {
      const lineIndex = content[position];
      const inside = boundary > 0 && (boundary < content.length || boundaries.length > 2); // the last page ends too
      // A document of one page ends with that page's number "1" where its footer printed one (a bare "1"
      // under the last paragraph of a word processor's export); a page count of one has no other number.
      const onlyPage = boundary === content.length && position === before && lines[lineIndex ?? -1]?.text === '1';
      if (lineIndex !== undefined && isBareNumber(lines[lineIndex]!.text) && (inside || onlyPage)) {
        furniture.add(lineIndex);
      }
    }
  }
}

/**
 * Digits vary between pages ("Seite 3", dates do not): compare lines with digits masked. A
 * paragraph's number stays: the first lines of "1. Die Justizministerinnen und Justizminister" and
 * "2. Die Justizministerinnen und Justizminister", which a narrow column may put next to page
 * breaks, are two paragraphs, while a running header "12. Integrationsministerkonferenz" keeps its number.
 */
function headerKey(text: string): string {
  const paragraph = parseNumbered(text);
  const numbered = paragraph !== null && paragraph.rest !== '' ? paragraph : null; // a number alone ("(2)") is a page's
  const masked = (numbered === null ? text : numbered.rest).replace(/\d+/g, '#');
  return numbered === null ? masked : `${numbered.printed}. ${masked}`;
}

function markRunningHeaders(
  lines: readonly SourceLine[], content: readonly number[], boundaries: readonly number[], furniture: Set<number>,
  isStructural: (text: string) => boolean,
): void {
  if (boundaries.length <= 2) return; // one page: nothing runs
  const zoneMembers = new Map<string, { boundaries: Set<number>; lineIndices: Set<number> }>();
  boundaries.forEach((boundary, boundaryNumber) => {
    for (const position of zonePositions(content, boundary, furniture)) {
      const lineIndex = content[position]!;
      const text = lines[lineIndex]!.text;
      if (text.length < 3 || isStructural(text) || readsAsProse(text) || NUMBER_LIST.test(text)) continue;
      if (continuesLineBefore(lines, content, position, furniture) || closesEarlierQuote(text) || titlesBareTop(lines, content, position)) continue;
      const key = headerKey(text);
      const entry = zoneMembers.get(key) ?? { boundaries: new Set<number>(), lineIndices: new Set<number>() };
      entry.boundaries.add(boundaryNumber);
      entry.lineIndices.add(lineIndex);
      zoneMembers.set(key, entry);
    }
  });
  for (const entry of zoneMembers.values()) {
    // A running header recurs: on several lines, next to several page boundaries.
    if (entry.boundaries.size >= 2 && entry.lineIndices.size >= 2) for (const lineIndex of entry.lineIndices) furniture.add(lineIndex);
  }
}

/**
 * The line goes on in lower case with the line before it: the rest of a word broken at its end
 * ("Nachhaltige Finanzierung der Verkehrsinfrast-" / "ruktur"), also past the furniture of a page
 * break ("1. Die Ministerinnen und Minis-" / footer and header / "ter, Senatorinnen und Senatoren"),
 * or the rest of a sentence it started ("Die Verkehrsministerkonferenz nimmt" / "den Bericht des
 * Bundesministeriums", "… für Verkehr und" / "digitale Infrastruktur zur"). A narrow column breaks the same title or sentence alike wherever it is
 * printed again, next to page breaks too. A running header's first line stands right after the
 * furniture, and starts with a capital.
 */
function continuesLineBefore(lines: readonly SourceLine[], content: readonly number[], position: number, furniture: ReadonlySet<number>): boolean {
  const text = lines[content[position]!]!.text;
  let before = position - 1;
  while (before >= 0 && position - before <= MAX_FURNITURE_SKIPPED && furniture.has(content[before]!)) before -= 1;
  if (before < 0 || furniture.has(content[before]!)) return false;
  const previous = lines[content[before]!]!.text;
  if (!startsLowerCase(text)) {
    if (LIST_GOES_ON.test(previous) && inSentence(previous, text)) return true;
    // "Nachhaltige Finanzierung der" / "Verkehrsinfrastruktur" on the same page: the phrase's noun. A running
    // header follows a page break; one broken after an article names its meeting, date or year.
    const samePage = before === position - 1 && !lines[content[position]!]!.pageBreakBefore && !hasPageBreakSince(lines, content[before], content[position]!);
    return samePage && (PHRASE_GOES_ON.test(previous) || endsOpen(previous)) && !/\d/.test(text) && !text.split(' ').some(isConferenceWord);
  }
  return /\p{L}-$/u.test(previous) || SENTENCE_START.test(previous) || inSentence(previous, text);
}

/**
 * The line right under a TOP line without a title ("Punkt 2.2 der Tagesordnung:" / "EU-Dienstleistungsrichtlinie")
 * is the TOP's title, though the text may repeat it alike on a line of its own next to another page break.
 */
function titlesBareTop(lines: readonly SourceLine[], content: readonly number[], position: number): boolean {
  const previous = position > 0 ? lines[content[position - 1]!]!.text : '';
  return parseTopHeader(previous)?.rest === '';
}

/** A line that ends in an article, a preposition or a conjunction: its phrase goes on on the next line. */
const PHRASE_GOES_ON = /(?:,|\s(?:und|oder|sowie|der|die|das|des|dem|den|für|von|zur|zum|mit|im|auf|bei|über|nach|aus))$/u;

/** A line that leaves a list open ("Minister, Senatorinnen und"): the next goes on with it, a noun too ("Senatoren für Gesundheit der"). */
const LIST_GOES_ON = /(?:,|\s(?:und|oder|sowie))$/u;

/**
 * A line in the middle of a sentence: it goes on from a line left open ("… für Verkehr und" /
 * "digitale Infrastruktur zur" / "Kenntnis."; in upper case after a list left open: "Minister,
 * Senatorinnen und" / "Senatoren für Gesundheit der" / "Länder …"), is left open itself and names no
 * number. A narrow column breaks a sentence that resolutions of one collection repeat alike, next to
 * page breaks too; a header names its meeting, date or page.
 */
function inSentence(previous: string, text: string): boolean {
  return endsOpen(previous) && endsOpen(text) && !/\d/.test(text);
}

/**
 * The line ends a quotation opened on a line before ("… im „Strategischen Ausschuss für" /
 * "Einwanderungs-, Grenz- und Asylfragen“"): the rest of a sentence or title, never a header.
 */
function closesEarlierQuote(text: string): boolean {
  return text.endsWith('“') && !text.includes('„');
}

/**
 * Numbers listed with commas ("2, 3, 28, 37, 41, 43", "42 und 43"): the TOPs a protocol lists, wrapped
 * over lines that look alike with their digits masked. A running header names something in words
 * or is a date ("10.12.2019").
 */
const NUMBER_LIST = /^\d{1,3}[a-z]?(?:\.\d{1,3}[a-z]?)*(?:\s*(?:,|und|sowie)\s*\d{1,3}[a-z]?(?:\.\d{1,3}[a-z]?)*)+$/;

/**
 * A line of running text: a sentence's end, a phrase left open at its end ("… zu sichern und"),
 * a line ending in a conjunction ("Bundesministeriums für Verkehr und"),
 * or a word broken at its end ("… den Bericht des Bundesm-"). Masked digits make such lines alike
 * ("3. Die GMK bittet …" and "4. Die GMK bittet …"), and resolutions of one collection repeat
 * whole lines ("inisteriums für Verkehr … zur Kenn-"), but headers and footers are no sentences.
 * A short line is a sentence's open start where it opens with an article or pronoun and ends in a
 * lower-case word: a formula's first line in a narrow column ("Die Gesundheitsministerkonferenz hat").
 */
function readsAsProse(text: string): boolean {
  return /[.,;!?]$/.test(text) || /\p{L}-$/u.test(text) || (text.split(' ').length > 4 && /\s\p{Ll}+$/u.test(text)) || /\s(?:und|oder|sowie)$/u.test(text)
    || SENTENCE_START.test(text);
}

/**
 * A sentence's open start: an article or pronoun first, a lower-case word last ("Die
 * Gesundheitsministerkonferenz hat"), or an article and the subject alone, the verb on the next
 * line ("Die Gesundheitsministerkonferenz" / "hat einstimmig beschlossen:"), also a subject of two
 * nouns sharing their end ("Die Jugend- und Familienministerkonferenz"). A Ziffer's number may stand
 * in front ("1. Die Jugend- und Familienministerkonferenz" / "begrüßt …", where a narrow column breaks
 * each Ziffer after its subject): an ordinal in a header is followed by a noun ("12. Konferenz …"),
 * never by an article or pronoun.
 */
const SENTENCE_START = /^(?:\(?\d{1,3}[.)]\s+)?(?:Die|Der|Das|Sie|Es|Er|Wir)\s(?:.*\s\p{Ll}+|\p{Lu}[\p{L}-]+(?:\s(?:und|oder|sowie)\s\p{Lu}[\p{L}-]+)?)$/u;

/** Longest line taken for a page header printed in columns. */
const COLUMN_HEADER_LIMIT = 120;

/**
 * A running header need not recur: a two-page document prints it once. Right next to a page
 * boundary, a short line set in columns that names a TOP, a year or a conference
 * ("Frühjahrskonferenz 2024      TOP 3") is a page header or footer. Running text is not set in
 * columns, so prose at the top of a page stays.
 */
function markColumnHeaders(
  lines: readonly SourceLine[], content: readonly number[], boundaries: readonly number[], furniture: Set<number>,
  isStructural: (text: string) => boolean,
): void {
  if (!lines.some((line) => line.columnGap)) return;
  for (const boundary of boundaries) {
    if (boundary === 0 || boundary === content.length) continue; // the document's own first and last lines
    for (const position of [nextContent(content, boundary - 1, -1, furniture), nextContent(content, boundary, 1, furniture)]) {
      if (position === null) continue;
      const line = lines[content[position]!]!;
      if (line.columnGap && isColumnHeader(line.text, isStructural)) {
        furniture.add(content[position]!);
      }
    }
  }
}

/** The nearest content position from `position` in direction `step` that is not furniture. */
function nextContent(content: readonly number[], position: number, step: 1 | -1, furniture: ReadonlySet<number>): number | null {
  for (let p = position, steps = 0; p >= 0 && p < content.length && steps <= MAX_FURNITURE_SKIPPED; p += step, steps++) {
    if (!furniture.has(content[p]!)) return p;
  }
  return null;
}

/** Short, no sentence end, and names what a page header names: a TOP, a year, a conference. */
function isColumnHeader(text: string, isStructural: (text: string) => boolean): boolean {
  if (text.length > COLUMN_HEADER_LIMIT || isStructural(text) || /[.,;:!?]$/.test(text)) return false;
  return /\bTOP\s*[A-Z]?\d/.test(text) || /\b(?:19|20)\d{2}\b/.test(text) || text.split(' ').some(isConferenceWord);
}

/** Times a line must recur to be taken for a running header where no page boundary shows. */
const MIN_RECURRENCES = 3;

/**
 * Where an extraction kept neither page breaks nor page numbers, a running header or footer
 * ("GMK 2021 – Beschlüsse", "Stand: 17.06.2021") still recurs word for word, and names what a
 * page header names. A sentence's stem ("Die Verkehrsministerkonferenz") recurs too, but opens
 * with an article; text lines end in punctuation or start in lower case.
 */
function markRecurringHeaders(
  lines: readonly SourceLine[], content: readonly number[], furniture: Set<number>, isStructural: (text: string) => boolean,
): void {
  const occurrences = new Map<string, number[]>();
  for (const lineIndex of content) {
    const text = lines[lineIndex]!.text;
    if (furniture.has(lineIndex) || text.length < 8 || text.length > COLUMN_HEADER_LIMIT) continue;
    const indices = occurrences.get(text);
    if (indices) indices.push(lineIndex);
    else occurrences.set(text, [lineIndex]);
  }
  for (const [text, indices] of occurrences) {
    if (indices.length < MIN_RECURRENCES || /^(?:\p{Ll}|(?:Die|Der|Das|Sie|Es|Er|Wir)\s)/u.test(text)) continue;
    if (!isColumnHeader(text, isStructural)) continue;
    for (const lineIndex of indices) if (!insidePhrase(lines, content, lineIndex)) furniture.add(lineIndex);
  }
}

/**
 * A narrow column sets a line of a header alone inside a sentence ("… Deshalb begrüßt die" /
 * "Wirtschaftsministerkonferenz" / "die Einbeziehung von zwei …"): the line before leaves a phrase
 * open after two words or more, the line after goes on in lower case and names no date. A header that
 * recurs stands between lines of its own ("der" / "Wirtschaftsministerkonferenz" / "am 17./18. Juni 2015").
 */
function insidePhrase(lines: readonly SourceLine[], content: readonly number[], lineIndex: number): boolean {
  const position = content.indexOf(lineIndex);
  const [before, after] = [content[position - 1], content[position + 1]];
  if (before === undefined || after === undefined || lines[lineIndex]!.pageBreakBefore || lines[after]!.pageBreakBefore) return false;
  return betweenPhraseParts(lines[before]!.text, lines[after]!.text);
}

/**
 * The lines around a line go on with one phrase: see `insidePhrase`. A year that opens the line after
 * and goes on in lower case belongs to the phrase ("… zur Frühjahrssitzung der" / "Verkehrsministerkonferenz" /
 * "2015 zu berichten, wie"); a header's line names its date ("am 17./18. Juni 2015").
 */
export function betweenPhraseParts(previous: string, next: string): boolean {
  return previous.split(' ').length >= 2 && PHRASE_GOES_ON.test(previous)
    && ((startsLowerCase(next) && !/\d/.test(next)) || YEAR_IN_SENTENCE.test(next));
}

/** A year, then the sentence going on in lower case ("2015 zu berichten, wie"). */
const YEAR_IN_SENTENCE = /^(?:19|20)\d\d\s+\p{Ll}+\s+\p{Ll}/u;

/** Up to ZONE non-furniture content positions on each side of a boundary. */
function zonePositions(content: readonly number[], boundary: number, furniture: ReadonlySet<number>): number[] {
  const positions: number[] = [];
  for (const step of [-1, 1]) {
    let position = step < 0 ? boundary - 1 : boundary;
    let taken = 0;
    let steps = 0; // bounded: a run of furniture must not make every zone walk the whole document
    while (taken < ZONE && steps < ZONE + MAX_FURNITURE_SKIPPED && position >= 0 && position < content.length) {
      steps += 1;
      if (!furniture.has(content[position]!)) {
        positions.push(position);
        taken += 1;
      }
      position += step;
    }
  }
  return positions;
}

/**
 * Indices of table-of-contents lines among the lines that are not furniture. A table of contents
 * starts at its heading ("Inhaltsverzeichnis", "Tagesordnung"); entries with dot leaders count
 * wherever they stand.
 */
export function findTableOfContents(lines: readonly SourceLine[], furniture: ReadonlySet<number>): Set<number> {
  const toc = new Set<number>();
  let listed: Set<string> | null = null; // agenda items of the open table of contents
  let pageBreakSeen = false;
  let lastEntryLine = ''; // the table's last line: an entry's title may go on after a page break
  let pagedEntries = false; // an entry of the table ended in its page number
  let unpagedLines = 0; // lines of the table since the last page number
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.pageBreakBefore) pageBreakSeen = true;
    if (furniture.has(index)) {
      if (isPageNumber(line.text)) pageBreakSeen = true;
      continue;
    }
    if (line.text === '') continue;
    const splitHead = line.text === 'TOP' ? nextText(lines, index, furniture) : null;
    if (splitHead !== null && isAgendaColumnHeading(line.text, lines[splitHead]!.text)) toc.add(splitHead);
    // A heading's word after a line whose phrase goes on ("TOP 1 Genehmigung der" / "Tagesordnung") ends that phrase.
    const endsPhrase = isTocHeading(line.text) && PHRASE_GOES_ON.test(previousText(lines, index, furniture));
    if ((isTocHeading(line.text) && !endsPhrase) || isAgendaColumnHeading(line.text) || toc.has(splitHead ?? -1)) {
      toc.add(index);
      listed = new Set();
      pageBreakSeen = false;
      lastEntryLine = '';
      pagedEntries = false;
      unpagedLines = 0;
      continue;
    }
    const awaitsPage = pagedEntries && unpagedLines > 0 && unpagedLines < MAX_ENTRY_LINES;
    const beforeLaterTop = listed !== null && pageBreakSeen && leadsToLaterTop(lines, index, furniture, listed);
    if (listed && stillInToc(line.text, listed, pageBreakSeen, lastEntryLine, entryEnd(lines, index, furniture), awaitsPage || beforeLaterTop)) {
      toc.add(index);
      pageBreakSeen = false;
      lastEntryLine = line.text;
      const paged = endsWithPageReference(line.text) || isBareNumber(line.text);
      pagedEntries ||= paged;
      unpagedLines = paged ? 0 : unpagedLines + 1;
      continue;
    }
    listed = null;
    if (hasDotLeader(line.text)) toc.add(index);
  }
  return toc;
}

/** The text of the nearest line before `index` that holds text and is no furniture; '' at the text's start. */
function previousText(lines: readonly SourceLine[], index: number, furniture: ReadonlySet<number>): string {
  for (let before = index - 1; before >= 0; before--) if (!furniture.has(before) && lines[before]!.text !== '') return lines[before]!.text;
  return '';
}

/**
 * Whether a text lists agenda entries anywhere: a TOP at a line's start, an agenda row ("6.1
 * Deutschland online"), dot leaders or a page number of up to three digits at a line's end. A
 * heading "Tagesordnung" in a text without any is no agenda: it is the last word of a wrapped
 * title ("20. Europaministerkonferenz in Bonn (Bremen)" / "Tagesordnung" in a mirror's list of
 * similar documents), and the years that end such titles ("… nach 2013") are no page numbers.
 */
export function listsEntries(lines: readonly SourceLine[]): boolean {
  return lines.some(({ text }) => text !== '' && (parseTopHeader(text) !== null || AGENDA_ROW.test(text)
    || hasDotLeader(text) || /\s(?:\d{1,3}|[IVX]{1,5})$/.test(text) || isAgendaColumnHeading(text)));
}

/** A row of an agenda set as a table: its number, then its title ("6.1 Deutschland online"). */
const AGENDA_ROW = /^\d{1,2}(?:\.\d{1,2})*[a-z]?\s+\p{Lu}/u;

/** Lines an agenda entry's title may run over. */
const MAX_ENTRY_LINES = 4;

/**
 * The last line of the entry that starts at `index`: its lines go on while each is left open ("… von
 * Ausweisungen und"), and on to its number in brackets on a line of its own, where a narrow column
 * wrapped the entry before it ("Flüchtlingsfinanzierung ab 2020" / "(1.3.2)").
 */
function entryEnd(lines: readonly SourceLine[], index: number, furniture: ReadonlySet<number>): string {
  let text = lines[index]!.text;
  for (let next: number | null = index, taken = 1; taken < MAX_ENTRY_LINES; taken++) {
    const following: number | null = nextText(lines, next, furniture);
    if (following === null || !(endsOpen(text) || ENTRY_NUMBER_ALONE.test(lines[following]!.text))) break;
    next = following;
    text = lines[next]!.text;
  }
  return text;
}

/** An entry's number in brackets alone on a line: "(1.3.2)". */
const ENTRY_NUMBER_ALONE = /^\(\d{1,2}(?:\.\d{1,2}){1,3}\)$/;

/**
 * The line at `index` and at most two more lead to the TOP of a later entry ("Partnerschaftlichkeit
 * stärken." / page break / "Auf dem Weg zu einer wirksamen" / "Gleichstellungspolitik." / "TOP 4.1"):
 * they are the rest of the entry before the page break, which a narrow column ended on a full stop.
 * Not where a line of them is a heading, a label or a numbered paragraph, or a TOP already listed
 * comes first: the resolutions start again at a listed TOP.
 */
function leadsToLaterTop(lines: readonly SourceLine[], index: number, furniture: ReadonlySet<number>, listed: ReadonlySet<string>): boolean {
  if (parseTopHeader(lines[index]!.text) !== null) return false;
  for (let at: number | null = index, taken = 0; at !== null && taken < MAX_ENTRY_LINES; at = nextText(lines, at, furniture), taken++) {
    const text = lines[at]!.text;
    const item = parseTopHeader(text)?.agendaItem;
    if (item !== undefined) return taken > 0 && !listed.has(item) && comesAfter(item, [...listed].at(-1));
    if (isTocHeading(text) || parseNumbered(text) !== null || text.includes(':') || text.length > 80) return false;
  }
  return false;
}

/** Index of the next line with text that is not furniture. */
function nextText(lines: readonly SourceLine[], index: number, furniture: ReadonlySet<number>): number | null {
  for (let next = index + 1; next < lines.length; next++) if (lines[next]!.text !== '' && !furniture.has(next)) return next;
  return null;
}

/** "Allgemeines TOP 2 …", "Tagesordnung / Niederschrift TOP 1 …": an agenda's section heading run into its entry. */
const SECTION_BEFORE_TOP = /^(?:(?:\p{Lu}[\p{L}-]*|[/&–-])\s){1,4}(?=TOP\s)/u;

/**
 * The TOP of an entry with its section heading in front, where a title follows the number; not a
 * reference left over from the previous entry's "Vorgang:" ("LAV TOP 6 / 18. LAV").
 */
function sectionEntry(text: string): string | null {
  const section = SECTION_BEFORE_TOP.exec(text);
  const header = section ? parseTopHeader(text.slice(section[0].length)) : null;
  return header && /^\p{Lu}/u.test(header.rest) ? header.agendaItem : null;
}

/**
 * Whether a line continues an open table of contents (and records the TOP it lists). After a page
 * boundary only an entry continues it: one with its page number, or one whose TOP comes after the
 * last listed one (an agenda without page numbers that runs on to the next page), or the rest of
 * an entry's title that the last line left open or that goes on in lower case ("… Pflegende
 * Arbeitnehmerinnen und" / "Arbeitnehmer durch …", "… „Bioethik und Recht“" / "zur Lebendspende …"),
 * with a quoted name or a year ("… der länderoffenen Arbeitsgruppe" / "„Bioethik und Recht“"), or
 * that has not yet reached its page number where the table's entries end in one (`awaitsPage`: "TOP 3 Zur
 * gemeinsamen Beschlussfassung …" / "… der ACK" / "(Grüne Liste)" / "9", set in a narrow column). The resolutions after a table of contents start again at a TOP it listed.
 */
function stillInToc(text: string, listed: Set<string>, pageBreakSeen: boolean, lastLine: string, entryLastLine: string, awaitsPage: boolean): boolean {
  // "1. Niederschrift … 3" of an IMK collection lists its items without the word TOP; a number that
  // goes on with an entry's open title ("… des Kamingesprächs der" / "9. VSMK (nur ACK)") is none.
  const numbered = endsOpen(lastLine) ? null : parseNumbered(text);
  // A Roman item ("XII. Verschiedenes") is listed under its own key: a section "I." is no item "1.".
  const item = parseTopHeader(text)?.agendaItem ?? sectionEntry(text) ?? (numbered ? (numbered.roman ? `R${numbered.number}` : numbered.printed) : null);
  if (item !== null && listed.has(item)) return false;
  // An entry's own number in brackets ends it ("Gefährdern (1.3.3)"); the page may break before it
  // ("Verhältnis der EU zum Vereinigten Königreich" / "(1.1.2)") or before the entry's first line.
  const bracketed = BRACKETED_ENTRY_NUMBER.exec(entryLastLine)?.[1] ?? null;
  const goesOn = item === null
    ? endsOpen(lastLine) || startsContinuation(text) || (bracketed !== null && comesAfter(bracketed, [...listed].at(-1)))
      // A reference cut before its number ("Vorgang: TOP" / "17 / 21. LAV") or before its meeting ("Vorgang: TOP 4" /
      // "2019/ACK TOP 5 2019/ACK"), a title's part before its semicolon ("… niedrigschwelliger Sprachmittlung;" /
      // "Übernahme der Kosten durch den Bund").
      || (/\bTOP(?: \d{1,3}(?:\.\d{1,3})*)?$/.test(lastLine) && /^\d/.test(text)) || /;$/.test(lastLine) || awaitsPage
    : endsWithPageReference(text) || comesAfter(item, [...listed].at(-1));
  // A heading left at the foot of a page ("Tagesordnung Stand: 9. April 2019") has its entries on the next.
  const firstAfterHeading = lastLine === '' && listed.size === 0 && !/[.;!?]$/.test(text);
  if (pageBreakSeen && !goesOn && !firstAfterHeading) return false;
  if (item !== null) listed.add(item);
  return true;
}

/** An agenda entry's number in brackets at its end, as a Ministerpräsidentenkonferenz numbers its sub-items: "… Europäischer Rat (1.1.1)". */
const BRACKETED_ENTRY_NUMBER = /\((\d{1,2}(?:\.\d{1,2}){1,3})\)$/;

/** "4.1" comes after "3.10", "12" after "9", "7b" after "7a"; numbers are compared part by part. */
function comesAfter(item: string, previous: string | undefined): boolean {
  if (previous === undefined) return false;
  const parts = (text: string): number[] => (text.match(/\d+/g) ?? []).map(Number);
  const [a, b] = [parts(item), parts(previous)];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? -1) - (b[i] ?? -1);
    if (difference !== 0) return difference > 0;
  }
  return item > previous;
}
