/**
 * Stage 1: the input text as logical lines. Each line keeps its 1-based number in the original
 * input; a form feed splits a line into two logical lines with the same number and marks a page
 * break. Text is normalised per line: NFKC (ligatures), soft hyphens and zero-width characters
 * dropped, Unicode hyphens written "-", control characters and white-space runs collapsed to
 * single spaces.
 */

export interface SourceLine {
  /** 1-based line number in the original input. */
  readonly line: number;
  /** Normalised text, trimmed; may be empty. */
  readonly text: string;
  /** A form feed (page break) precedes this line. */
  readonly pageBreakBefore: boolean;
  /** The line ended in a soft hyphen: it joins the next line without a space. */
  readonly softHyphenEnd: boolean;
  /**
   * The raw line had a wide gap inside (a tab or five spaces and more): text set in columns, as a
   * layout-preserving extraction gives a running header ("Frühjahrskonferenz 2024      TOP 3").
   */
  readonly columnGap: boolean;
  /**
   * The line is a footnote opened by its mark as a superscript digit ("¹ Die Angaben beruhen …", as
   * the PDF import writes a footnote at a page's foot): the mark's digits ("1"); the text is without it.
   */
  readonly footnote?: string;
  /** A further line of the footnote on the line before (a text extraction keeps a footnote's lines apart). */
  readonly footnoteContinued?: true;
}

const SOFT_HYPHEN = '\u00AD';
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;
// eslint-disable-next-line no-control-regex -- control characters from PDF extraction are exactly what is removed
const SPACE_OR_CONTROL = /[\s\u0000-\u001F\u007F-\u009F]+/g;

/**
 * Markup that text copied from a web mirror of a PDF keeps ("Län<strong>der</strong><br />"):
 * inline HTML tags are dropped.
 */
const HTML_TAG = /<\/?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]{0,200})?\/?>/g;
/**
 * A tag the mirror's excerpt cut off at the line's end ("Nie<strong", "Län<str", "<br /"): the
 * name, or the start of it, of an inline tag such mirrors set, with no ">" after it.
 */
const CUT_TAG = /<\/?([a-zA-Z]{1,6})(?:\s[^<>]{0,200})?\/?\s*$/;
const MIRROR_TAGS = ['strong', 'br', 'em', 'b', 'i', 'u', 'p', 'span', 'sup', 'sub', 'div', 'font'];

/** Drops a tag cut off at the line's end (see CUT_TAG); "a < b" and "x <5" stay. */
function dropCutTag(text: string): string {
  const match = CUT_TAG.exec(text);
  if (!match) return text;
  const name = match[1]!.toLowerCase();
  return MIRROR_TAGS.some((tag) => tag.startsWith(name)) ? text.slice(0, match.index) : text;
}
/** The Unicode hyphens (U+2010, and U+2011, which NFKC makes U+2010): a hyphen like "-". */
const UNICODE_HYPHEN = /\u2010/g;
/** "Jugend¬" at a line end: older PDF extractions mark a line-break hyphen with a negation sign. */
const NEGATION_HYPHEN = /(?<=\p{L})¬$/u;

/**
 * A list bullet opening a line ("• Die Länder …", "▪ …"): layout, not text. Word documents set
 * bullets in the Symbol and Wingdings fonts, whose glyphs a PDF extraction gives as code points of
 * the private use area: U+F0B7 (•), U+F0A7 (▪), U+F0D8 (➢), U+F076 (❖), U+F0FC (✓), U+F0E0 (➔).
 */
const BULLET = /^[•▪●◦‣∙\uF0B7\uF0A7\uF0D8\uF076\uF0FC\uF0E0]\s*/;
/**
 * A footnote mark set as a superscript digit after a word or a sentence's end ("Länder¹,", "Bund.²"):
 * NFKC would make it a digit glued to the word ("Länder1"). Not after one or two letters ("m²", "km²").
 */
const FOOTNOTE_MARK = /(?<=\p{L}{3}|[.,;:)"“”])[¹²³\u2070\u2074-\u2079]+(?![\p{L}\p{N}])/gu;

/** Normalises one line of text (no line breaks inside). */
export function normaliseLineText(raw: string): string {
  const text = raw.includes('<') ? dropCutTag(raw.replace(HTML_TAG, '')) : raw;
  if (PLAIN_TEXT.test(text)) return text.includes('  ') ? text.replace(/ {2,}/g, ' ').trim() : text.trim();
  return text.replace(FOOTNOTE_MARK, '').normalize('NFKC').replace(INVISIBLE, '').replace(UNICODE_HYPHEN, '-').replace(SPACE_OR_CONTROL, ' ').trim()
    .replace(BULLET, '').replace(NEGATION_HYPHEN, '-');
}

/** Printable ASCII and Latin-1 letters: already normal, nothing to drop (the common case, fast). */
const PLAIN_TEXT = /^[\u0020-\u007E\u00C0-\u00FF]*$/;

function endsWithSoftHyphen(raw: string): boolean {
  if (!raw.includes(SOFT_HYPHEN)) return false;
  // eslint-disable-next-line no-control-regex -- trailing control characters end a line like spaces
  const trimmed = raw.replace(/[\s\u0000-\u001F]+$/, '');
  return trimmed.endsWith(SOFT_HYPHEN);
}

/** "3.<tab>Die Länder …": the gap after a paragraph's number does not set the line in columns. */
const LEADING_NUMBER = /^\s*(?:\(\d{1,3}\)|\d{1,3}[.)]|[a-z]\))\s+/;
const WIDE_GAP = /[ \t]*(?:\t| {5,})[ \t]*/;

/**
 * One or two wide gaps (a tab, five spaces or more) between parts whose words are set with single
 * spaces: "95. JuMiKo 2024          TOP 3". A justified line ("der     Länder     im     Jahr")
 * widens every gap, and is not set in columns.
 */
function hasColumnGap(raw: string): boolean {
  if (!raw.includes('\t') && !raw.includes('     ')) return false; // most lines: no regular expression
  const parts = raw.replace(LEADING_NUMBER, '').trim().split(WIDE_GAP);
  const wideGaps = parts.length - 1;
  const singleGaps = parts.reduce((count, part) => count + (part.match(/ /g)?.length ?? 0), 0);
  return wideGaps >= 1 && wideGaps <= 2 && singleGaps >= wideGaps;
}

/**
 * Adobe Reader and Acrobat copy a hyphen that the typesetter put in at a line break as U+0002 (STX)
 * ("Migrations\u0002" / "beratung"): a break inside the word, like a soft hyphen.
 */
// eslint-disable-next-line no-control-regex -- U+0002 is the character Acrobat copies for the hyphen
const ACROBAT_HYPHEN = /\u0002/g;

const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
/** A footnote's mark opening its line, a space after it: "¹ Die Angaben …" (never "m²", which follows its letter). */
const FOOTNOTE_OPENING = /^[ \t]*([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})[ \t\u00A0]+(?=\S)/u;

/** Splits the input into logical lines (CRLF, CR and LF end a line; form feeds break pages). */
export function splitIntoLines(input: string): SourceLine[] {
  const unmarked = input.includes('\u0002') ? input.replace(ACROBAT_HYPHEN, SOFT_HYPHEN) : input;
  const text = unmarked.startsWith('\uFEFF') ? unmarked.slice(1) : unmarked;
  const rawLines = text.split(/\r\n|\r|\n/);
  const lines: SourceLine[] = [];
  rawLines.forEach((rawLine, index) => {
    const segments = rawLine.split('\f');
    segments.forEach((segment, segmentIndex) => {
      const footnote = FOOTNOTE_OPENING.exec(segment);
      lines.push({
        line: index + 1,
        text: normaliseLineText(footnote ? segment.slice(footnote[0].length) : segment),
        pageBreakBefore: segmentIndex > 0,
        softHyphenEnd: endsWithSoftHyphen(segment),
        columnGap: hasColumnGap(segment),
        ...(footnote ? { footnote: [...footnote[1]!].map((mark) => String(SUPERSCRIPTS.indexOf(mark))).join('') } : {}),
      });
    });
  });
  return lines;
}

/** Lines a footnote of a text extraction may run over at a page's foot. */
const MAX_PLAIN_FOOTNOTE_LINES = 6;
/** A page's last lines that are no footnote: a page number, a footer "Seite 2 von 3". */
const PAGE_FOOT = /^(?:-\s*\d{1,3}\s*-|[Ss]eite\s+\d{1,3}(?:\s+von\s+\d{1,3})?|\d{1,3})$/;
/** A footnote opened by its mark as a plain number: "1 Die Angaben beruhen …". */
const PLAIN_FOOTNOTE = /^(\d{1,2})\s+(?=\p{Lu})/u;

/**
 * Footnotes whose marks a text extraction (pdftotext, a copy from a viewer) writes as plain digits:
 * "… des Breitensports1 und um …" in the text, "1 Die Angaben beruhen …" at the page's foot. A line
 * at a page's end (before its page number or footer, before a form feed or the text's end) that opens
 * with a number and a capital is the footnote of that number where the page's text above carries the
 * same number glued to a word of three letters or more, or to a sentence's end ("Breitensports1",
 * "Bund.1"); the footnote runs to the page's foot (at most six lines), another such line opening the
 * next. The mark in the text is dropped, as a superscript one is; the footnote's lines are marked
 * (`SourceLine.footnote`), its further lines as going on with it.
 */
export function markPlainFootnotes(lines: readonly SourceLine[]): SourceLine[] {
  const out = [...lines];
  let pageStart = 0;
  for (let index = 1; index <= lines.length; index++) {
    if (index < lines.length && !lines[index]!.pageBreakBefore) continue;
    markPage(out, pageStart, index);
    pageStart = index;
  }
  return out;
}

/**
 * A footnote's number glued to the word before it ("Breitensports1", "Länder,1", "Ländern.1"); not a
 * number after an abbreviation's dot ("Abs.1", "Nr.1", "Ziff.1").
 */
function gluedMark(number: string, flags: string): RegExp {
  return new RegExp(`(?<=\\p{L}{3}|\\p{Ll}{4}\\.|[,;:)"“”])${number}(?![\\p{L}\\p{N}])`, flags);
}

function markPage(lines: SourceLine[], start: number, end: number): void {
  let foot = end;
  while (foot > start && (lines[foot - 1]!.text === '' || PAGE_FOOT.test(lines[foot - 1]!.text))) foot -= 1;
  const glued = (number: string): RegExp => gluedMark(number, 'u');
  // The first line of the foot's footnotes: the highest that opens with a mark the text above carries.
  let first = -1;
  for (let index = foot - 1; index > start && foot - index <= MAX_PLAIN_FOOTNOTE_LINES; index--) {
    const mark = PLAIN_FOOTNOTE.exec(lines[index]!.text)?.[1];
    if (mark !== undefined && lines.slice(start, index).some((line) => glued(mark).test(line.text))) first = index;
  }
  if (first < 0) return;
  const marks = new Set<string>();
  let number = '';
  for (let index = first; index < foot; index++) {
    const line = lines[index]!;
    const mark = PLAIN_FOOTNOTE.exec(line.text)?.[1];
    if (mark !== undefined && lines.slice(start, first).some((above) => glued(mark).test(above.text))) {
      number = mark;
      marks.add(mark);
      lines[index] = { ...line, text: line.text.replace(PLAIN_FOOTNOTE, ''), footnote: mark };
    } else if (line.text !== '') {
      lines[index] = { ...line, footnote: number, footnoteContinued: true };
    }
  }
  for (let index = start; index < first; index++) {
    const line = lines[index]!;
    let text = line.text;
    for (const mark of marks) text = text.replace(gluedMark(mark, 'gu'), '');
    if (text !== line.text) lines[index] = { ...line, text };
  }
}

/** Longest line length counted for the column width: longer lines are paragraphs set without line breaks. */
const MAX_COLUMN = 200;
/** Share of the lines with text that reach the column: a paragraph's lines fill it, its last line and headings do not. */
const FULL_SHARE = 0.1;

/**
 * The width of the text column the document was set in: the length that a tenth of its lines with
 * text reach (a page re-wrapped at 40 columns: 40; a mirror's unbroken paragraphs: none, 0). Counted
 * in one pass over the lines, by length.
 */
export function columnWidth(lines: readonly SourceLine[]): number {
  const counts = new Array<number>(MAX_COLUMN + 2).fill(0);
  let total = 0;
  for (const { text } of lines) {
    if (text === '') continue;
    counts[Math.min(text.length, MAX_COLUMN + 1)]! += 1;
    total += 1;
  }
  let reached = 0;
  for (let length = MAX_COLUMN + 1; length > 0; length--) {
    reached += counts[length]!;
    if (reached >= total * FULL_SHARE) return length > MAX_COLUMN ? 0 : length;
  }
  return 0;
}
