/**
 * Text of a PDF for the resolution parser, through pdfjs-dist (legacy build for Node). Lines are
 * rebuilt from the positioned text items (same baseline → same line, left to right); pages are
 * separated by a form feed ("\f"). Nothing is loaded over the network and pdfjs stays quiet.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { translate } from '../i18n.js';
import { decodedWithin } from './pdf-streams.js';

export type PdfTextErrorKind = 'unreadable' | 'encrypted' | 'no-text' | 'too-large';

/** A PDF that yields no text, with a German message naming the file. */
export class PdfTextError extends Error {
  readonly kind: PdfTextErrorKind;

  constructor(kind: PdfTextErrorKind, name: string) {
    super(translate(`pdfTextError.${kind}`, { name }));
    this.name = 'PdfTextError';
    this.kind = kind;
  }
}


export interface PdfTextOptions {
  /** How error messages name the file; defaults to "Die PDF-Datei". */
  readonly name?: string;
  /** Refuse (kind 'too-large') a PDF with more pages than this or more characters of text than `maxChars`. */
  readonly maxPages?: number;
  readonly maxChars?: number;
  /** Refuse (kind 'too-large') a PDF whose streams decompress to more bytes than this (default MAX_PDF_DECODED_BYTES). */
  readonly maxDecodedBytes?: number;
}

/**
 * What the streams of a PDF may decompress to together before it is refused unread: pdfjs holds
 * each decoded stream in memory, so this bounds the memory a PDF can take (a "PDF bomb").
 */
export const MAX_PDF_DECODED_BYTES = 256 * 1024 * 1024;

export interface PositionedText {
  readonly str: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;

function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

/** pdfjs' bundled standard font data, read from the file system (never fetched). */
function standardFontDataUrl(): string {
  const packageJson = createRequire(import.meta.url).resolve('pdfjs-dist/package.json');
  return `${pathToFileURL(join(dirname(packageJson), 'standard_fonts')).href}/`;
}

function isTextItem(item: unknown): item is { str: string; transform: number[]; width: number; height: number } {
  return typeof item === 'object' && item !== null && 'str' in item && 'transform' in item;
}

function positioned(items: readonly unknown[]): PositionedText[] {
  return items.filter(isTextItem).filter((item) => item.str !== '').map((item) => ({
    str: item.str,
    x: item.transform[4] ?? 0,
    y: item.transform[5] ?? 0,
    width: item.width,
    height: Math.abs(item.height) || Math.abs(item.transform[3] ?? 0) || 10,
  }));
}

/** Groups items into lines by baseline (top to bottom), each line left to right; footnotes at the foot each on one line. */
export function linesFromItems(items: readonly PositionedText[], bodyHeight?: number): string[] {
  const lines = groupByBaseline(items).map((line) => withSuperscripts(line).sort((a, b) => a.x - b.x));
  return withFootnotes(lines, lines.map(joinItems), bodyHeight);
}

// --- line numbers in the margin ------------------------------------------------------------------

/**
 * Line numbers a word processor prints in the left margin ("5", "10", "15" beside every fifth line, as
 * drafts and protocols number their lines): numbers alone, left of the page's text by at least half
 * a font height, counting up down the page in equal steps; on a page with a single one, at the place
 * of the page before's. They number the page's lines, not the document's text, and are left out, as
 * they would otherwise open the lines they stand beside ("5 Berichterstattung: Bremen"). Returns the
 * items without them and the numbers' place (for the next page).
 */
export function withoutMarginLineNumbers(items: readonly PositionedText[], previous: number | null = null): { items: PositionedText[]; place: number | null } {
  const text = items.filter((item) => item.str.trim() !== '');
  const numbers = text.filter((item) => /^\d{1,4}$/.test(item.str.trim()));
  const others = text.filter((item) => !numbers.includes(item));
  if (numbers.length === 0 || others.length === 0) return { items: [...items], place: null };
  const starts = groupByBaseline(others).map((line) => Math.min(...line.map((item) => item.x))).sort((a, b) => a - b);
  const left = starts[Math.floor(0.25 * starts.length)]!; // the text's left edge: indented and centred lines start further right
  const inMargin = numbers.filter((item) => item.x + item.width < left - 0.5 * item.height).sort((a, b) => b.y - a.y);
  const values = inMargin.map((item) => Number(item.str.trim()));
  const steps = values.slice(1).map((value, index) => value - values[index]!);
  const counted = inMargin.length >= 2 && steps.every((step) => step > 0 && step === steps[0]);
  const alike = inMargin.length === 1 && previous !== null && Math.abs(inMargin[0]!.x + inMargin[0]!.width - previous) <= 2;
  if (!counted && !alike) return { items: [...items], place: null };
  const dropped = new Set(inMargin);
  return { items: items.filter((item) => !dropped.has(item)), place: inMargin[0]!.x + inMargin[0]!.width }; // right-aligned: "5" and "50" end alike
}

// --- footnotes ----------------------------------------------------------------------------------

/** A footnote is set in a font at most this share of the text's (Word and LibreOffice: 10 pt under 11 or 12 pt). */
const FOOTNOTE_SIZE = 0.92;
/** Lines under the footnotes: a footer, a page number. */
const MAX_LINES_BELOW_FOOTNOTES = 2;
/** Line spacing of a footnote's lines, in its font's heights: more is a gap before a footer. */
const MAX_FOOTNOTE_LEADING = 1.8;

const normalDigits = (marks: string): string => [...marks].map((mark) => String(SUPERSCRIPT_DIGITS.indexOf(mark))).join('');
const superscriptDigits = (digits: string): string => [...digits].map((digit) => SUPERSCRIPT_DIGITS[Number(digit)]!).join('');

/** Height of a line's text: its largest font. */
const lineHeight = (line: readonly PositionedText[]): number => Math.max(0, ...line.filter((item) => item.str.trim() !== '').map((item) => item.height));

/** The font height most of a page's characters are set in (its weighted median): the text's, not the footnotes'. */
function textHeight(lines: readonly PositionedText[][]): number {
  const items = lines.flat().filter((item) => item.str.trim() !== '').sort((a, b) => a.height - b.height);
  const total = items.reduce((sum, item) => sum + item.str.length, 0);
  let seen = 0;
  for (const item of items) if ((seen += item.str.length) * 2 >= total) return item.height;
  return 0;
}

/** A footnote's mark at its line's start: superscript digits, or digits followed by a space or glued to a capital ("1Die", as LibreOffice's footnote style may set it). */
const FOOTNOTE_OPENING = /^(?:([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})\s*|(\d{1,3})(?:\s+|(?=\p{Lu})))(?=\S)/u;

/** A footnote's own mark opening its line: raised ("¹Die …", as Word sets it) or on the line ("1 Die …", "1Die …", as LibreOffice sets it). */
function openingMark(text: string): string | null {
  const mark = FOOTNOTE_OPENING.exec(text);
  if (!mark) return null;
  return mark[1] ? normalDigits(mark[1]) : mark[2]!;
}

/**
 * Footnotes at the foot of a page, each as one line opened by its mark as a superscript digit ("¹ Die
 * Angaben beruhen …"), so that the parser keeps their words out of the Ziffer above them. A footnote
 * is told apart only where all of this holds: its lines are set in a smaller font than the page's
 * text, they stand at the page's foot (at most a footer under them), its first line opens with a mark
 * that the page's text carries as a superscript digit ("Breitensports¹"), and its further lines
 * follow closely in the same font. Anything else stays a line as it was.
 */
function withFootnotes(lines: readonly PositionedText[][], texts: readonly string[], bodyHeight?: number): string[] {
  const zone = footnoteRange(lines, texts, bodyHeight);
  if (zone === null) return [...texts];
  return [...texts.slice(0, zone.start), ...footnoteLines(texts.slice(zone.start, zone.end), zone.used), ...texts.slice(zone.end)];
}

/** Where a page's footnotes stand among its lines (top to bottom), and the marks its text carries: see `withFootnotes`. */
function footnoteRange(lines: readonly PositionedText[][], texts: readonly string[], bodyHeight?: number): { start: number; end: number; used: Set<string> } | null {
  if (lines.length < 2) return null;
  const heights = lines.map(lineHeight);
  // A column's lines are measured against the page's text: the last column may hold more footnote than text.
  const body = bodyHeight ?? textHeight(lines);
  const used = new Set<string>();
  texts.forEach((text) => {
    for (const mark of text.matchAll(/(?<=\S)[⁰¹²³⁴⁵⁶⁷⁸⁹]+/gu)) used.add(normalDigits(mark[0]));
  });
  if (used.size === 0) return null;
  const small = (index: number): boolean => heights[index]! > 0 && heights[index]! <= FOOTNOTE_SIZE * body;
  const start = texts.findIndex((text, index) => small(index) && used.has(openingMark(text) ?? ''));
  if (start < 1) return null;
  // The footnotes' lines: close under each other, in the first one's font.
  let end = start + 1;
  while (end < lines.length && small(end) && Math.abs(heights[end]! - heights[start]!) <= 0.5
    && lines[end - 1]![0]!.y - lines[end]![0]!.y <= MAX_FOOTNOTE_LEADING * heights[start]!) end += 1;
  if (lines.length - end > MAX_LINES_BELOW_FOOTNOTES) return null;
  return { start, end, used };
}

/** The lines of a page's footnotes, each footnote one line opened by its mark as a superscript digit ("¹ Die …"). */
function footnoteLines(texts: readonly string[], used: ReadonlySet<string>): string[] {
  const notes: string[] = [];
  for (const text of texts) {
    const mark = openingMark(text);
    if (mark !== null && used.has(mark)) notes.push(`${superscriptDigits(mark)} ${text.replace(FOOTNOTE_OPENING, '')}`);
    else if (notes.length > 0) notes[notes.length - 1] = joinFootnoteLine(notes.at(-1)!, text);
    else notes.push(text);
  }
  return notes;
}

/** A footnote's next line joined to it, a word broken at the line's end made whole ("Statis-" + "tik"). */
function joinFootnoteLine(note: string, next: string): string {
  return /\p{L}-$/u.test(note) && /^\p{Ll}/u.test(next) ? `${note.slice(0, -1)}${next}` : `${note} ${next}`;
}

// --- text set in columns ------------------------------------------------------------------------

/** A gutter between text columns is at least this many font heights wide (word spaces are a fraction of one). */
const MIN_GUTTER_HEIGHTS = 0.8;
/** Share of a page's lines that may cross a gutter: a title, a running header or a centred page number set across the columns. */
const MAX_CROSSING_SHARE = 0.1;
/** Fewest lines a page needs before its text is looked at for columns. */
const MIN_COLUMN_PAGE_LINES = 12;
/** Lines a text column holds at least (the last page's second column may hold only the end of a paragraph). */
const MIN_COLUMN_LINES = 2;
/** Width of the narrowest column against the widest: text columns are set alike, a table's columns are not. */
const MIN_COLUMN_WIDTH_SHARE = 0.6;

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/**
 * Gutters of a page set in two or three text columns, as x ranges: where no line but those across
 * the columns has text over a width of a few letters, away from the page's edges, between columns
 * of about the same width that hold at least two lines each (a one-page text's last column may hold
 * its last line only, see `isLoneLastLine`). A single column, a table with a narrow column, a header
 * set in columns ("95. JuMiKo 2024 … TOP 3") give none.
 */
export function findGutters(allItems: readonly PositionedText[]): [number, number][] {
  // pdfjs fills a wide gap with a space item of the gap's width: it covers the gutter, but holds no text.
  const items = allItems.filter((item) => item.str.trim() !== '');
  const lines = groupByBaseline(items);
  if (lines.length < MIN_COLUMN_PAGE_LINES) return [];
  const left = Math.floor(Math.min(...items.map((item) => item.x)));
  const right = Math.ceil(Math.max(...items.map((item) => item.x + item.width)));
  const width = right - left;
  if (width <= 0 || width > 5000) return [];
  // How many lines have text over each point (1 pt steps) of the page's width.
  const change = new Array<number>(width + 2).fill(0);
  for (const line of lines) {
    for (const [from, to] of mergedSpans(line)) {
      change[Math.max(0, Math.floor(from - left))]! += 1;
      change[Math.min(width + 1, Math.ceil(to - left))]! -= 1;
    }
  }
  const coverage: number[] = [];
  for (let offset = 0, covered = 0; offset <= width; offset++) coverage.push((covered += change[offset]!));
  // Lines across the columns cover the gutter too; a column, however short, covers its own left edge with all its lines.
  const fewest = Math.min(...coverage.slice(Math.ceil(0.2 * width), Math.floor(0.8 * width) + 1));
  if (fewest > MAX_CROSSING_SHARE * lines.length) return [];
  const minGap = MIN_GUTTER_HEIGHTS * median(items.map((item) => item.height));
  // Where a column holds a single line, only the lines across the columns may cover its gutter: tried where no columns of two lines show.
  const gutters = columnsOf(lines, items, coverage, left, right, fewest + MIN_COLUMN_LINES - 1, minGap);
  return gutters.length > 0 ? gutters : columnsOf(lines, items, coverage, left, right, fewest, minGap, true);
}

/**
 * The gutters where at most `limit` lines cover the page's width (`coverage`, from `left`), if the
 * columns between them are text columns; `lone`: the last column may hold a single line (see `isLoneLastLine`).
 */
function columnsOf(
  lines: readonly PositionedText[][], items: readonly PositionedText[], coverage: readonly number[], left: number, right: number,
  limit: number, minGap: number, lone = false,
): [number, number][] {
  const width = right - left;
  const gutters: [number, number][] = [];
  let start = -1;
  for (let offset = 0; offset <= width; offset++) {
    const open = coverage[offset]! <= limit;
    if (open && start < 0) start = offset;
    if ((!open || offset === width) && start >= 0) {
      const [from, to] = [left + start, left + offset];
      // Away from the page's edges; the right edge of a page whose last column holds one line is that line's end, however short.
      if (to - from >= minGap && from - left > 0.2 * width && right - to > (lone ? minGap : 0.2 * width)) gutters.push([from, to]);
      start = -1;
    }
  }
  if (gutters.length === 0) return [];
  // Text columns are about as wide as each other; a table's column of TOP numbers, Länder or page numbers is narrow.
  const edges = [left, ...gutters.flat(), right];
  const widths = edges.filter((_, index) => index % 2 === 0).map((from, index) => edges[2 * index + 1]! - from);
  // The last column of a one-page text may hold only the text's last line: it is as narrow as that line.
  if (lone && !isLoneLastLine(items, edges, minGap / MIN_GUTTER_HEIGHTS)) return [];
  const full = lone ? widths.slice(0, -1) : widths;
  if (full.some((columnWidth) => columnWidth < MIN_COLUMN_WIDTH_SHARE * Math.max(...full))) return [];
  const holds = (from: number, to: number): number => lines.filter((line) => line.some((item) => item.x >= from - 1 && item.x < to)).length;
  if (!full.every((_, index) => holds(edges[2 * index]!, edges[2 * index + 1]!) >= MIN_COLUMN_LINES)) return [];
  if (lone) return gutters;
  // Columns stand side by side: each runs beside the next over a line at least. A letterhead set to the right above
  // the title page's short lines ("Geschäftsstelle der …" / address) leaves a gap, but stands above them, not beside.
  const spans = widths.map((_, index) => {
    const ys = items.filter((item) => item.x >= edges[2 * index]! - 1 && item.x < edges[2 * index + 1]!).map((item) => item.y);
    return [Math.min(...ys), Math.max(...ys)] as const;
  });
  const side = spans.slice(1).every(([low, high], index) => Math.min(high, spans[index]![1]) - Math.max(low, spans[index]![0]) >= minGap / MIN_GUTTER_HEIGHTS);
  return side ? gutters : [];
}

/** Share of a column's width within which a line of running text ends at its right edge (ragged text too). */
const FILLED_LINE_SHARE = 0.15;

/**
 * The last column (from the last of `edges`' gutters to the right edge) holds a single line, at the
 * top of the column before it, and the column before it is filled as running text is: most of its
 * lines end at its right edge. That is the end of a one-page text set in columns, its last line at
 * the top of the next column ("… um Lösungen für gesellschaftliche" / "Probleme zu finden."). A
 * header set to the right of a page's first line ("95. JuMiKo 2024 … TOP 3") stands over text that
 * runs across the page, or over short lines that fill no column; a letterhead has several lines.
 */
function isLoneLastLine(items: readonly PositionedText[], edges: readonly number[], height: number): boolean {
  const [start, gutterFrom, gutterTo] = [edges.at(-4)!, edges.at(-3)!, edges.at(-2)!];
  const lastLines = groupByBaseline(items.filter((item) => item.x >= gutterTo - 1));
  if (lastLines.length !== 1) return false;
  // The column before: its lines, without those across it (a title, a running header).
  const before = groupByBaseline(items.filter((item) => item.x >= start - 1 && item.x < gutterFrom))
    .filter((line) => line.every((item) => item.x + item.width <= gutterFrom + 1));
  if (before.length < MIN_COLUMN_PAGE_LINES) return false;
  const top = Math.max(...before.map((line) => line[0]!.y));
  if (Math.abs(lastLines[0]![0]!.y - top) > height) return false;
  const ends = before.map((line) => Math.max(...line.map((item) => item.x + item.width)));
  const edge = Math.max(...ends);
  const filled = ends.filter((end) => end >= edge - FILLED_LINE_SHARE * (edge - start)).length;
  return 2 * filled > ends.length;
}

/** The x ranges a line's items cover, overlapping ones merged. */
function mergedSpans(line: readonly PositionedText[]): [number, number][] {
  const spans: [number, number][] = [];
  for (const item of [...line].sort((a, b) => a.x - b.x)) {
    const last = spans.at(-1);
    if (last && item.x <= last[1]) last[1] = Math.max(last[1], item.x + item.width);
    else spans.push([item.x, item.x + item.width]);
  }
  return spans;
}

/**
 * The lines of a page in reading order. Where the page is set in columns, each column is read top
 * to bottom before the next; a line across the columns (a title, a running header, a centred page
 * number) ends the columns above it, which are read before it, and those below start afresh.
 */
export function pageLines(items: readonly PositionedText[], previous: readonly [number, number][] = []): { lines: string[]; gutters: [number, number][] } {
  // Footnotes at the page's foot run across the columns or stand under each: the columns are those of the text above them.
  const zone = footnoteZone(items);
  const text = zone?.body ?? items;
  const found = findGutters(text);
  const gutters = found.length > 0 ? found : previous.filter((gutter) => gutterHolds(text, gutter));
  if (gutters.length === 0) return { lines: linesFromItems(items), gutters };
  // A gutter's left end is the ragged end of the column before it; the next column starts at its right end.
  const column = (item: PositionedText): number => gutters.filter(([, to]) => item.x >= to - 1).length;
  const crosses = (item: PositionedText): boolean => gutters.some(([from, to]) => item.x < from && item.x + item.width > to);
  const height = textHeight(groupByBaseline(text));
  const out: string[] = [];
  let band: PositionedText[] = [];
  const flush = (): void => {
    for (let index = 0; index <= gutters.length; index++) out.push(...linesFromItems(band.filter((item) => column(item) === index), height));
    band = [];
  };
  for (const line of groupByBaseline(text)) {
    if (line.some(crosses)) {
      flush();
      out.push(...linesFromItems(line, height));
    } else {
      band.push(...line);
    }
  }
  flush();
  if (zone) out.push(...footnotesInColumns(zone.notes, zone.used, gutters, column), ...linesFromItems(zone.below));
  return { lines: out, gutters };
}

interface FootnoteZone {
  /** The items above the footnotes: the page's text. */
  readonly body: PositionedText[];
  /** The footnotes' lines (items by baseline, top to bottom, as printed: across the page or beside each other). */
  readonly notes: PositionedText[][];
  /** The marks the page's text carries as superscript digits. */
  readonly used: ReadonlySet<string>;
  /** The lines under the footnotes: a footer, a page number. */
  readonly below: PositionedText[];
}

/** The footnotes at a page's foot and the items around them, by the rules of `withFootnotes`; null where the page has none. */
function footnoteZone(items: readonly PositionedText[]): FootnoteZone | null {
  const rows = groupByBaseline(items);
  const read = rows.map((row) => withSuperscripts(row).sort((a, b) => a.x - b.x));
  const range = footnoteRange(read, read.map(joinItems));
  if (range === null) return null;
  return { body: rows.slice(0, range.start).flat(), notes: rows.slice(range.start, range.end), used: range.used, below: rows.slice(range.end).flat() };
}

/**
 * A page's footnotes as lines opened by their marks: read across the page where a footnote's line
 * runs over a gutter (as LibreOffice sets them), else column by column (as Word sets a footnote
 * under the column that refers to it).
 */
function footnotesInColumns(
  rows: readonly PositionedText[][], used: ReadonlySet<string>, gutters: readonly [number, number][], column: (item: PositionedText) => number,
): string[] {
  const across = rows.some((row) => row.some((item) => item.str.trim() !== '' && gutters.some(([from, to]) => item.x < to && item.x + item.width > from)));
  const columns = across ? [rows] : Array.from({ length: gutters.length + 1 }, (_, index) => groupByBaseline(rows.flat().filter((item) => column(item) === index)));
  const texts = columns.flatMap((lines) => lines.map((row) => joinItems(withSuperscripts(row).sort((a, b) => a.x - b.x))));
  return footnoteLines(texts, used);
}

/**
 * Whether the previous page's gutter runs through this page too: no text ends in it or starts in it,
 * and there is text after it. The last page of a document set in columns may end a line or two into
 * its last column, too little to find the gutter on that page alone.
 */
function gutterHolds(items: readonly PositionedText[], [from, to]: [number, number]): boolean {
  const text = items.filter((item) => item.str.trim() !== '');
  const margin = Math.min(to - from, MIN_GUTTER_HEIGHTS * median(text.map((item) => item.height)));
  const inside = text.some((item) => item.x < to - 1 && item.x + item.width > to - margin && !(item.x < from && item.x + item.width > to));
  return !inside && text.some((item) => item.x >= to - 1) && text.some((item) => item.x + item.width <= to - margin);
}

/** Items grouped into lines by baseline, top to bottom. */
function groupByBaseline(items: readonly PositionedText[]): PositionedText[][] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: PositionedText[][] = [];
  for (const item of sorted) {
    const line = lines.at(-1);
    const first = line?.[0];
    if (line && first && Math.abs(first.y - item.y) <= baselineTolerance(first, item)) line.push(item);
    else lines.push([item]);
  }
  return lines;
}

/** Share of the larger font by which a smaller one is raised or lowered on its line: a footnote mark set superscript, an index. */
const SCRIPT_SHIFT = 0.5;
/** A font this much smaller than the other is set super- or subscript. */
const SCRIPT_SIZE = 0.8;

/** How far two items' baselines may lie apart on one line: a little, or half a line for a super- or subscript beside the text. */
function baselineTolerance(a: PositionedText, b: PositionedText): number {
  const [small, large] = a.height < b.height ? [a.height, b.height] : [b.height, a.height];
  return Math.max(2, 0.4 * small, small < SCRIPT_SIZE * large ? SCRIPT_SHIFT * large : 0);
}

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/**
 * A footnote mark set superscript ("Breitensports¹"): digits in a smaller font, raised above the
 * line's baseline, written as superscript digits, as a word processor's text export gives them.
 */
function withSuperscripts(line: readonly PositionedText[]): PositionedText[] {
  const base = line.reduce((largest, item) => (item.height > largest.height ? item : largest));
  return line.map((item) => (/^\d{1,3}$/.test(item.str) && item.height < SCRIPT_SIZE * base.height && item.y > base.y + 0.15 * base.height
    ? { ...item, str: [...item.str].map((digit) => SUPERSCRIPT_DIGITS[Number(digit)]!).join('') } : item));
}

/** A gap this many font heights wide separates columns (a right-aligned "TOP 3"), not words. */
const COLUMN_GAP_HEIGHTS = 2.5;

/**
 * The items of one line as text: a space between words, a tab between columns, so that the
 * parser can tell a page header set in columns from running text (as in a layout text extraction).
 */
function joinItems(items: readonly PositionedText[]): string {
  let text = '';
  let end: number | null = null;
  for (const item of items) {
    // pdfjs fills a wide gap with a space item of the gap's width: the gap itself tells what it separates.
    if (item.str.trim() === '') continue;
    const gap = end === null ? 0 : item.x - end;
    const needsSpace = end !== null && gap > 0.15 * item.height && !text.endsWith(' ') && !item.str.startsWith(' ');
    const separator = gap > COLUMN_GAP_HEIGHTS * item.height ? '\t' : ' ';
    text = (needsSpace ? text.trimEnd() + separator : text) + item.str;
    end = item.x + item.width;
  }
  return text.trimEnd();
}

async function openDocument(bytes: Uint8Array, name: string) {
  const { getDocument, VerbosityLevel } = await loadPdfJs();
  const task = getDocument({
    data: new Uint8Array(bytes), // pdfjs takes ownership of (detaches) the buffer it gets
    verbosity: VerbosityLevel.ERRORS,
    standardFontDataUrl: standardFontDataUrl(),
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    useWorkerFetch: false,
    stopAtErrors: true,
  });
  try {
    return await task.promise;
  } catch (error) {
    const encrypted = error instanceof Error && error.name === 'PasswordException';
    throw new PdfTextError(encrypted ? 'encrypted' : 'unreadable', name);
  }
}

/** The text of every page, pages separated by "\f". */
export async function extractPdfText(bytes: Uint8Array, options: PdfTextOptions = {}): Promise<string> {
  const name = options.name ?? translate('pdfTextError.somePdf');
  if (!(await decodedWithin(bytes, options.maxDecodedBytes ?? MAX_PDF_DECODED_BYTES))) throw new PdfTextError('too-large', name);
  const document = await openDocument(bytes, name);
  try {
    if (options.maxPages !== undefined && document.numPages > options.maxPages) throw new PdfTextError('too-large', name);
    const pages: string[] = [];
    let chars = 0;
    let gutters: [number, number][] = []; // a page set in columns sets the next one alike
    let lineNumbers: number | null = null; // where the page before printed line numbers in its margin
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      const numbered = withoutMarginLineNumbers(positioned(content.items), lineNumbers);
      lineNumbers = numbered.place;
      const read = pageLines(numbered.items, gutters);
      gutters = read.gutters;
      const pageText = read.lines.join('\n');
      page.cleanup();
      chars += pageText.length;
      if (options.maxChars !== undefined && chars > options.maxChars) throw new PdfTextError('too-large', name);
      pages.push(pageText);
    }
    const text = pages.join('\n\f');
    if (text.replace(/\s/g, '') === '') throw new PdfTextError('no-text', name);
    return text;
  } catch (error) {
    if (error instanceof PdfTextError) throw error;
    throw new PdfTextError('unreadable', name);
  } finally {
    await document.destroy();
  }
}
