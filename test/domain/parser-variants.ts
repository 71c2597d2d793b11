/**
 * Extraction variants of a document for the metamorphic test (parser-variants.test.ts): fixed
 * rewrites of a text that real extractions produce and that leave its meaning alone.
 */

export interface Variant {
  readonly name: string;
  readonly apply: (text: string) => string;
  /** Every line keeps its number: the warnings must be the original's, line for line. */
  readonly keepsLines: boolean;
  /** What the variant legitimately changes in the output's strings, undone on both sides of the comparison. */
  readonly output?: (text: string) => string;
  /** Kinds of warnings the variant legitimately adds (a Roman TOP number read as its value), left out of the comparison. */
  readonly addsWarnings?: readonly string[];
}

const mapLines = (text: string, map: (line: string, index: number) => string): string => text.split('\n').map(map).join('\n');

/** Lines with text that a paragraph may end on: a sentence's end, a label's colon. */
const endsParagraph = (line: string): boolean => /[.:;!?]["“”)]*\s*$/.test(line);

// --- re-wrapping to a narrower column -----------------------------------------------------------

/** Letters a syllable of a hyphenated word keeps on each side of the break. */
const MIN_PART = 3;

/**
 * A word broken at the line end as a typesetter breaks it ("Bundes-" / "regierung"): only words of
 * letters whose second part is lower case, so that the hyphen is visibly a break.
 */
function hyphenate(word: string, room: number, hyphen: string): [string, string] | null {
  if (!/^\p{L}+[,.;:]?$/u.test(word)) return null;
  const letters = word.replace(/[,.;:]$/, '');
  for (let cut = Math.min(room - 1, letters.length - MIN_PART); cut >= MIN_PART; cut--) {
    if (/^\p{Ll}+$/u.test(letters.slice(cut))) return [`${word.slice(0, cut)}${hyphen}`, word.slice(cut)];
  }
  return null;
}

/**
 * Words a wrapped line must not start with, where the document's own layout put them mid-line: a
 * TOP, a label, a list dash would start a field of its own. A real narrower layout can do that
 * too, but then the text's structure changes with it, not only its width. (A number may start a
 * wrapped line: "… der" / "9. VSMK", "… zur Kenntnis." / "2. Sie bitten …".)
 */
const STARTS_FIELD = /^(?:TOP\b|Punkt\b|[-–—•]|\p{L}+:)/u;

/** A line of the original that starts a paragraph of its own: a field, or a number ("1.", "2)", "(3)", "IV."). */
const STARTS_PARAGRAPH = /^(?:TOP\b|Punkt\b|[-–—•]|\p{L}+:|\(?\d{1,3}[.)]|[IVX]{1,4}\.)/u;

/**
 * A web mirror's markup ("Län<strong>der</strong><br />") is put in after the text was set: it takes
 * no room in the column, and a narrower column breaks no tag.
 */
const MARKUP = /<[^<>]*>/g;
const visibleLength = (text: string): number => text.replace(MARKUP, '').length;
/** The words of a line; a space inside a tag ("<br />") separates none. */
const wordsOf = (body: string): string[] => body.split(/ (?![^<>]*>)/);

/** A line set in columns or a table row: a gap of two spaces or a tab inside. */
const inColumns = (body: string): boolean => / {2}|\t/.test(body);

/** Share of the column width from which a line counts as filled up, broken by the typesetter. */
const FULL = 0.7;

/** The column width of a document's page lines (longer lines are whole paragraphs, set without wrapping). */
function columnWidth(lines: readonly string[]): number {
  return Math.max(40, ...lines.map((line) => visibleLength(line.trim())).filter((length) => length <= 120));
}

/**
 * Whether the original layout broke a paragraph after `line` and goes on with `next`: the line
 * filled the column and ends mid-sentence, is no heading, and the next line starts no paragraph. Short
 * lines are headings, entries or a paragraph's last line; they stay lines of their own.
 */
function continuesParagraph(line: string, next: string, width: number): boolean {
  const body = line.trim();
  const nextBody = next.trim();
  if (visibleLength(body) < FULL * width || nextBody === '' || inColumns(body) || inColumns(nextBody) || STARTS_PARAGRAPH.test(nextBody)) return false;
  if (/^(?:TOP|Punkt)\b/.test(body)) return false; // a heading is a paragraph of its own
  return /^[ \t]*/.exec(line)![0] === /^[ \t]*/.exec(next)![0] && !endsParagraph(body);
}

/** Joins two lines of a paragraph as a reader does: a broken word whole again ("Bundes-" + "regierung"). */
function joinBroken(line: string, next: string): string {
  const body = next.trim();
  if (/\p{L}-$/u.test(line)) return /^\p{Ll}/u.test(body) ? `${line.slice(0, -1)}${body}` : `${line}${body}`;
  return `${line} ${body}`;
}

/** Greedy wrapping of one paragraph's words at `width`, breaking a long word with a hyphen where it fits. */
function wrapParagraph(indent: string, body: string, width: number, hyphen: string): string[] {
  const words = wordsOf(body);
  const out: string[] = [];
  let current = '';
  for (const word of words) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (indent.length + visibleLength(candidate) <= width || current === '' || STARTS_FIELD.test(word)) {
      current = candidate; // a word that would start a field stays on this line, however long it gets
      continue;
    }
    const room = width - indent.length - visibleLength(current) - 1;
    const parts = room > MIN_PART ? hyphenate(word, room, hyphen) : null;
    if (parts) {
      out.push(`${current} ${parts[0]}`);
      current = parts[1];
    } else {
      out.push(current);
      current = word;
    }
  }
  out.push(current);
  return out.map((part) => indent + part);
}

/**
 * A long line with a heading inside ("… in Hamburg Punkt 2.1 der Tagesordnung: …", "… Tagesordnung
 * TOP 1 …"), or a numbered item whose title runs into its first Ziffer ("2 1. Jahresbericht … 1. Die
 * Innenministerkonferenz …"), is a page or a whole document whose line breaks were lost (a mirror's
 * text block). No narrower layout gives such text its line breaks back, so it is not re-wrapped.
 * A TOP that a sentence names after a preposition or an article ("… in dem Beschluss zu TOP 10.3 der
 * 83. GMK …") is no heading: the paragraph is running text and is re-wrapped.
 */
const isRunTogether = (body: string): boolean => body.length >= 300
  && (/\S(?<!(?:^|\s)(?:zu|zum|zur|unter|im|in|nach|gemäß|vgl\.|siehe|des|der|dem|den|die|das|von|aus|mit))\s+(?:TOP\s*[A-Z]?\d|Punkt \d[\d.]* der Tagesordnung)/.test(body)
    || /^(?:\d{1,3}\s+)?\d{1,2}\.\s+\p{Lu}[^.!?]{0,300}?\s1\.\s+\p{Lu}/u.test(body));

/**
 * A web mirror's own page marker ("Page 2: <the mirror's title>") is put in after extraction, and a
 * file-name footer ("M:\\Eigene Dateien\\…\\21BM.DOC") runs across the page, not in the text column:
 * no narrower text column wraps them.
 */
const isPageChrome = (body: string): boolean => /^Page \d{1,4}:/.test(body) || /^[A-Za-z]:\\/.test(body);

/**
 * The document set to a narrower column: each paragraph's lines joined (see `continuesParagraph`)
 * and wrapped again at `width`. Lines set in columns stay as they are.
 */
export function rewrap(text: string, width: number, hyphen = '-'): string {
  const lines = text.split('\n');
  const column = columnWidth(lines);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let paragraph = lines[i]!.trimEnd();
    while (i + 1 < lines.length && continuesParagraph(lines[i]!, lines[i + 1]!, column)) paragraph = joinBroken(paragraph, lines[++i]!.trimEnd());
    const indent = /^[ \t]*/.exec(paragraph)![0];
    const body = paragraph.slice(indent.length);
    out.push(...(indent.length + visibleLength(body) <= width || inColumns(body) || isRunTogether(body) || isPageChrome(body) ? [paragraph] : wrapParagraph(indent, body, width, hyphen)));
  }
  return out.join('\n');
}

// --- footnotes as a text extraction writes them ------------------------------------------------

const PLAIN_FOOTNOTE = '1 Die Angaben beruhen auf dem Bericht der Arbeitsgruppe, Seite';

/**
 * Glues the mark "1" to the first word of six lower-case letters or more on each page that ends in
 * `PLAIN_FOOTNOTE` ("Förderung" → "Förderung1"); a page without such a word loses its footnote.
 */
function plainFootnoteMarks(text: string): string {
  return text.split('\f').map((page) => {
    if (!page.includes(PLAIN_FOOTNOTE)) return page;
    const marked = page.replace(/(?<![\p{L}\p{N}<>\\/:.])(\p{L}\p{Ll}{5,})(?=[\s,;:]|\.(?:\s|$))/u, '$11');
    return marked === page ? page.replace(new RegExp(`\\n${PLAIN_FOOTNOTE} \\d+\\.`), '') : marked;
  }).join('\f');
}

// --- page furniture ---------------------------------------------------------------------------

/** Lines of a page in the variants that insert page breaks: short, as the excerpts are a few pages long. */
const PAGE_LINES = 12;

/**
 * Where a page may end: after a sentence, or between two entries of an agenda. Not after a heading
 * or a label ("Tagesordnung", "Beschluss:", "Vorsitz:"): a typesetter keeps those with what follows.
 */
function mayBreakAfter(last: string, next: string): boolean {
  const sentenceEnd = /[.!?]["“”')]*$/.test(last) && !/(?:^|\s)\d{1,2}\.$/.test(last); // not an ordinal ("TOP 6 / 18.")
  return sentenceEnd || (/^TOP\s/.test(next) && /^TOP\s/.test(last));
}

/** Inside a paragraph too: after any line of running text (a few words, no label or heading). */
function mayBreakInside(last: string, next: string): boolean {
  return mayBreakAfter(last, next) || (last.split(/\s+/).length >= 4 && !/:$/.test(last) && !/^(?:TOP|Punkt)\b/.test(last));
}

/**
 * Puts `footer(page, pages)` at the first place a page may end at or after every PAGE_LINES-th
 * line, as page breaks with their footers fall in a re-paginated document. A form feed ending
 * the footer starts the next page's first line.
 */
export function paginate(text: string, footer: (page: number, pages: number) => string[], mayBreak = mayBreakAfter): string {
  const lines = text.split('\n');
  const breaks = new Set<number>();
  let since = 0;
  let last = ''; // the last line with text
  lines.forEach((line, index) => {
    since += 1;
    if (line.trim() !== '') last = line.trim();
    const next = lines[index + 1]?.trim() ?? '';
    if (since >= PAGE_LINES && next !== '' && mayBreak(last, next)) {
      breaks.add(index);
      since = 0;
    }
  });
  const out: string[] = [];
  let page = 1;
  lines.forEach((line, index) => {
    out.push(line);
    if (breaks.has(index)) out.push(...footer(page++, breaks.size + 1));
  });
  return out.join('\n').replace(/\f\n/g, '\f'); // a form feed starts the next page's first line, as pdftotext writes it
}

// --- the variants -----------------------------------------------------------------------------

/** „…“ and ‚…‘ as ASCII quotes, en and em dashes as hyphens: what the typographic variants change. */
export const plainTypography = (text: string): string => text.replace(/[„“”«»]/g, '"').replace(/[‚‘’]/g, "'").replace(/[–—]/g, '-');

/** A browser's print header: its time stamp (a date that is not the meeting's) and the page's title. */
const PRINT_HEADER = '06.12.26, 21:14 Beschlüsse - Gesundheitsministerkonferenz';

/** The address a browser prints at the foot of each page, before the page count. */
const PRINT_ADDRESS = 'https://www.gmkonline.de/Beschluesse.html?id=1714&jahr=2025';

/** A running header that names no meeting, so that it cannot change the meeting read from the title page. */
const RUNNING_HEADER = 'Ergebnisprotokoll – öffentlicher Teil';

/** A browser's print of a web page: time stamp and title on top of each page, address and page count at its foot, breaking pages inside paragraphs. */
const browserPrint = (text: string): string => `${PRINT_HEADER}\n${paginate(text, (page, pages) => ['', `${PRINT_ADDRESS} ${page}/${pages}`, '\f', PRINT_HEADER], mayBreakInside)}`;

const ROMAN_NUMERALS = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV', 'XVI', 'XVII', 'XVIII', 'XIX', 'XX'];

/** "TOP 12: Titel" → "TOP XII: Titel": a TOP line's whole number up to 20 (not "TOP 2.1", not a number in running text) as a Roman numeral. */
const romanTops = (text: string): string => text.replace(/^([ \t]*TOP:?[ \t]+)(\d{1,2})(?=[ \t]*:|[ \t]+\p{Lu}|[ \t]*$)/gmu,
  (match, prefix: string, number: string) => (Number(number) >= 1 && Number(number) <= ROMAN_NUMERALS.length ? `${prefix}${ROMAN_NUMERALS[Number(number) - 1]!}` : match));

const LIGATURES: readonly [RegExp, string][] = [[/ffi/g, 'ﬃ'], [/ffl/g, 'ﬄ'], [/ff/g, 'ﬀ'], [/fi/g, 'ﬁ'], [/fl/g, 'ﬂ']];

/** A long word (letters only) standing alone between spaces or punctuation, not inside an address or a compound. */
const LONG_WORD = /(?<![\p{L}\p{N}\-./@<])\p{Lu}?\p{Ll}{9,}(?![\p{L}\p{N}\-/@>]|\.\p{L})/gu;
/** Second parts that would read as a suspended compound ("Bundes- und …"): a break never leaves one. */
const CONJUNCTIONS = new Set(['und', 'oder', 'sowie', 'bzw', 'bis', 'als', 'wie', 'noch']);

/**
 * The first occurrence of each long word the document writes at least twice, broken in its middle by a
 * hyphen inside the line, every other one with a space after the hyphen, as a mirror re-flowing a PDF's lines keeps them.
 */
function breakRepeatedWords(text: string): string {
  const counts = new Map<string, number>();
  for (const word of text.match(LONG_WORD) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
  const broken = new Set<string>();
  return text.replace(LONG_WORD, (word) => {
    if ((counts.get(word) ?? 0) < 2 || broken.has(word)) return word;
    const cut = Math.ceil(word.length / 2);
    const rest = word.slice(cut);
    if (CONJUNCTIONS.has(rest) || !/^\p{Ll}{3,}$/u.test(rest)) return word;
    broken.add(word);
    return `${word.slice(0, cut)}-${broken.size % 2 === 0 ? ' ' : ''}${rest}`;
  });
}

export const VARIANTS: readonly Variant[] = [
  { name: 'CRLF line ends', keepsLines: true, apply: (text) => text.replace(/\n/g, '\r\n') },
  { name: 'a byte order mark', keepsLines: true, apply: (text) => `\uFEFF${text}` },
  { name: 'trailing spaces and tabs', keepsLines: true, apply: (text) => mapLines(text, (line, i) => (line === '' ? line : `${line}${i % 2 ? '   ' : ' \t'}`)) },
  { name: 'indentation by tabs', keepsLines: true, apply: (text) => mapLines(text, (line) => line.replace(/^ +/, (spaces) => '\t'.repeat(Math.ceil(spaces.length / 4)))) },
  { name: 'all indentation removed', keepsLines: true, apply: (text) => mapLines(text, (line) => line.replace(/^[ \t]+/, '')) },
  { name: 'extra indentation', keepsLines: true, apply: (text) => mapLines(text, (line) => (line === '' ? line : `      ${line}`)) },
  {
    name: 'non-breaking spaces after numbers and in every fifth gap', keepsLines: true,
    apply: (text) => {
      let gap = 0;
      return text.replace(/(?<=\d\.?) (?=\p{L})|(?<=\S) (?=\S)/gu, (space, offset: number) => {
        gap += 1;
        return /\d\.?$/.test(text.slice(Math.max(0, offset - 2), offset)) || gap % 5 === 0 ? '\u00A0' : space;
      });
    },
  },
  { name: 'narrow non-breaking spaces after numbers', keepsLines: true, apply: (text) => text.replace(/(?<=\d\.) (?=\p{L})/gu, '\u202F') },
  { name: 'soft hyphens inside long words', keepsLines: true, apply: (text) => text.replace(/(?<=\p{Ll}{4})(?=\p{Ll}{4})/gu, (_, offset: number) => (offset % 3 === 0 ? '\u00AD' : '')) },
  { name: 'ligatures', keepsLines: true, apply: (text) => LIGATURES.reduce((result, [pattern, ligature]) => result.replace(pattern, ligature), text) },
  {
    name: 'typographic quotes and dashes', keepsLines: true, output: plainTypography,
    apply: (text) => text.replace(/"([^"\n]*)"/g, '„$1“').replace(/(?<=\s)'([^'\n]*)'/g, '‚$1‘').replace(/ - /g, ' – '),
  },
  { name: 'ASCII quotes and dashes', keepsLines: true, output: plainTypography, apply: plainTypography },
  { name: 'blank lines doubled', keepsLines: false, apply: (text) => text.replace(/\n(?=\n)/g, '\n\n') },
  { name: 'blank lines removed', keepsLines: false, apply: (text) => text.replace(/\n(?:[ \t\u00A0]*\n)+/g, '\n') },
  { name: 'a blank line after every line', keepsLines: false, apply: (text) => text.replace(/\n/g, '\n\n') },
  { name: 'form feeds between pages', keepsLines: false, apply: (text) => paginate(text, () => ['\f']) },
  { name: 'a footer "Seite N von M" between pages', keepsLines: false, apply: (text) => paginate(text, (page, pages) => ['', `Seite ${page} von ${pages}`, '']) },
  {
    // A word processor prints the footer on the last page as well: after the text's end.
    name: 'a footer "Seite N von M" on every page, the last one too', keepsLines: false,
    apply: (text) => {
      const pages = paginate(text, (page, count) => ['', `Seite ${page} von ${count}`, '\f']);
      const count = pages.split('\f').length;
      return `${pages.replace(/\n+$/, '')}\n\nSeite ${count} von ${count}\n`;
    },
  },
  { name: 'a footer "- N -" and a form feed between pages', keepsLines: false, apply: (text) => paginate(text, (page) => [`- ${page} -`, '\f']) },
  {
    name: 'a footer "Seite N von M" and a form feed inside paragraphs', keepsLines: false,
    apply: (text) => paginate(text, (page, pages) => [`Seite ${page} von ${pages}`, '\f'], mayBreakInside),
  },
  {
    name: 'a running header without meeting data on every page', keepsLines: false,
    apply: (text) => `${RUNNING_HEADER}\n${paginate(text, (page) => [`- ${page} -`, '\f', RUNNING_HEADER])}`,
  },
  {
    // A protocol's running footer with its version's date: the date is the document's, not the meeting's.
    name: 'a footer with the version date "Stand: …" between pages', keepsLines: false,
    apply: (text) => paginate(text, (page, pages) => ['', `Endgültiges Ergebnisprotokoll – Stand: 10.12.2019 – Seite ${page} von ${pages}`, '\f']),
  },
  {
    // A word processor's date field in the page header: the day of printing, on every page (on the first line of a one-page document).
    name: 'a date alone as the running header on every page', keepsLines: false,
    apply: (text) => `10.12.2019\n${paginate(text, (page) => [`- ${page} -`, '\f', '10.12.2019'])}`,
  },
  {
    // A word processor's footnote marks, set as superscript digits after a word or a sentence's end.
    name: 'superscript footnote marks after words', keepsLines: true,
    apply: (text) => text.replace(/(\p{Ll}{4,})([.,]) /gu, (match, word: string, mark: string, offset: number) => (offset % 7 === 0 ? `${word}¹${mark} ` : match)),
  },
  {
    // A web page (a conference's database, a copying site) printed to PDF by the browser.
    name: 'a browser\'s print: time stamp and title on top of each page, address and page count at its foot', keepsLines: false,
    apply: (text) => `${PRINT_HEADER}\n${paginate(text, (page, pages) => ['', `${PRINT_ADDRESS} ${page}/${pages}`, '\f', PRINT_HEADER], mayBreakInside)}`,
  },
  { name: 'Acrobat\'s copy: line-break hyphens as U+0002, lines re-wrapped at 60 columns', keepsLines: false, apply: (text) => rewrap(text, 60, '\u0002') },
  {
    // A web page set in a narrower column and printed by the browser: its page breaks fall anywhere in the re-wrapped lines.
    name: 'lines re-wrapped at 60 columns and printed by a browser (time stamp on top, address and page count at the foot)', keepsLines: false,
    apply: (text) => `${PRINT_HEADER}\n${paginate(rewrap(text, 60), (page, pages) => ['', `${PRINT_ADDRESS} ${page}/${pages}`, '\f', PRINT_HEADER], mayBreakInside)}`,
  },
  {
    // A narrower column breaks a list's word whose first part is left out right after its hyphen ("-minister, -" / "senatorinnen").
    name: 'a list\'s "-senatorinnen" broken after its hyphen', keepsLines: false,
    // A page run together into one line by a mirror has no column to break.
    apply: (text) => mapLines(text, (line) => (line.length >= 300 ? line : line.replace(/(?<=(?:,|\s(?:und|oder|sowie))\s-)(?=\p{Ll}{3,})/gu, '\n'))),
  },
  {
    // A word processor's autocorrect or a scan's recognition sets a dash for the hyphen of a Land's name.
    name: 'en dashes in the Länder\'s names ("Baden–Württemberg")', keepsLines: true, output: plainTypography,
    apply: (text) => text.replace(/\b(Baden|Nordrhein|Rheinland|Sachsen|Schleswig|Mecklenburg)-(?=(?:Württemberg|Westfalen|Pfalz|Anhalt|Holstein|Vorpommern)\b)/g, '$1–'),
  },
  // Protocols that count their agenda in Roman numerals ("TOP XII Verschiedenes"): the format writes the value, a warning names the numeral.
  { name: 'TOP lines numbered by Roman numerals ("TOP 12:" → "TOP XII:")', keepsLines: true, addsWarnings: ['romanAgendaItem'], apply: romanTops },
  {
    // The app's PDF path writes a footnote at a page's foot as one line opened by its superscript mark, here inside a Ziffer's sentence.
    name: 'a footnote "¹ …" at the foot of each page, pages breaking inside paragraphs', keepsLines: false, addsWarnings: ['footnote'],
    apply: (text) => paginate(text, (page) => [`¹ Die Angaben beruhen auf dem Bericht der Arbeitsgruppe vom Mai (Fußnote ${page}).`, '\f'], mayBreakInside),
  },
  {
    // A text extraction (pdftotext, a viewer's copy) writes a footnote's mark as a plain digit: glued to a word of the page, and "1 …" at its foot.
    name: 'a footnote "1 …" at the foot of each page, its mark "…Wort1" glued to a word of the page', keepsLines: false, addsWarnings: ['footnote'],
    apply: (text) => plainFootnoteMarks(paginate(text, (page) => [`${PLAIN_FOOTNOTE} ${page}.`, `- ${page} -`, '\f'], mayBreakInside)),
  },
  { name: 'a tab after paragraph numbers', keepsLines: true, apply: (text) => text.replace(/^([ \t]*\d{1,2}\.) (?=\p{Lu})/gmu, '$1\t') },
  { name: 'Unicode hyphens (U+2010) in compounds', keepsLines: true, apply: (text) => text.replace(/(?<=\p{L})-(?=\p{L})/gu, '\u2010') },
  { name: 'lines re-wrapped at 72 columns, words hyphenated', keepsLines: false, apply: (text) => rewrap(text, 72) },
  { name: 'lines re-wrapped at 60 columns, words hyphenated', keepsLines: false, apply: (text) => rewrap(text, 60) },
  { name: 'lines re-wrapped at 45 columns (two columns on a page)', keepsLines: false, apply: (text) => rewrap(text, 45) },
  { name: 'lines re-wrapped at 35 columns (three columns on a page)', keepsLines: false, apply: (text) => rewrap(text, 35) },
  { name: 'lines re-wrapped at 50 columns', keepsLines: false, apply: (text) => rewrap(text, 50) },
  { name: 'lines re-wrapped at 55 columns (a word broken before the "und" inside it: "aufgr-" / "und des …")', keepsLines: false, apply: (text) => rewrap(text, 55) },
  { name: 'lines re-wrapped at 40 columns', keepsLines: false, apply: (text) => rewrap(text, 40) },
  { name: 'soft hyphens breaking words, lines re-wrapped at 40 columns', keepsLines: false, apply: (text) => rewrap(text, 40, '\u00AD') },
  // A web page in a narrow column printed by the browser: wrapped headings, TOP lines and running headers next to its page breaks.
  { name: 'lines re-wrapped at 45 columns and printed by a browser', keepsLines: false, apply: (text) => browserPrint(rewrap(text, 45)) },
  // A mirror's own page marks ("(1)", "(2)") under the browser's header.
  { name: 'lines re-wrapped at 72 columns and printed by a browser', keepsLines: false, apply: (text) => browserPrint(rewrap(text, 72)) },
  { name: 'lines re-wrapped at 50 columns and printed by a browser', keepsLines: false, apply: (text) => browserPrint(rewrap(text, 50)) },
  // A narrow column with a running header on every page: above a mirror's own page marks ("(1)") too.
  {
    name: 'lines re-wrapped at 40 columns, a running header without meeting data on every page', keepsLines: false,
    apply: (text) => `${RUNNING_HEADER}\n${paginate(rewrap(text, 40), (page) => [`- ${page} -`, '\f', RUNNING_HEADER])}`,
  },
  { name: 'lines re-wrapped at 40 columns and printed by a browser', keepsLines: false, apply: (text) => browserPrint(rewrap(text, 40)) },
  { name: 'lines re-wrapped at 35 columns and printed by a browser', keepsLines: false, apply: (text) => browserPrint(rewrap(text, 35)) },
  // A very narrow column (a phone's width, a sidebar): a label's word alone on a line inside a title, soft hyphens in TOP lines and votes.
  { name: 'lines re-wrapped at 30 columns', keepsLines: false, apply: (text) => rewrap(text, 30) },
  { name: 'lines re-wrapped at 28 columns (a long word alone on a line inside a sentence, a site\'s link over five lines)', keepsLines: false, apply: (text) => rewrap(text, 28) },
  { name: 'soft hyphens breaking words, lines re-wrapped at 30 columns', keepsLines: false, apply: (text) => rewrap(text, 30, '\u00AD') },
  // A column of a third of a page's line (a phone held upright, three columns on a landscape page): a long compound alone on a line
  // inside a sentence ("… der deutschen" / "EU-Ratspräsidentschaft"), a title's quoted name over three lines, a Landtag's "15. Wahlperiode" at a line's start.
  { name: 'lines re-wrapped at 24 columns', keepsLines: false, apply: (text) => rewrap(text, 24) },
  {
    name: 'lines re-wrapped at 22 columns (a title over six short lines, "Antragsteller: Alle" / "Länder", a TOP named inside a sentence at a line\'s start)',
    keepsLines: false, apply: (text) => rewrap(text, 22),
  },
  { name: 'soft hyphens breaking words, lines re-wrapped at 26 columns', keepsLines: false, apply: (text) => rewrap(text, 26, '\u00AD') },
  // A running header over a very narrow column: the title page's header broken inside its date ("… am 22." / "September 2000 …").
  {
    name: 'lines re-wrapped at 30 columns, a running header without meeting data on every page', keepsLines: false,
    apply: (text) => `${RUNNING_HEADER}\n${paginate(rewrap(text, 30), (page) => [`- ${page} -`, '\f', RUNNING_HEADER])}`,
  },
  {
    name: 'the PDF path\'s text of a column of 30 characters: form feeds between pages, no blank lines', keepsLines: false,
    apply: (text) => paginate(rewrap(text, 30), () => ['\f']).replace(/\n(?:[ \t\u00A0]*\n)+/g, '\n'),
  },
  // A very narrow column of a typeset page or a browser's print: repeated sentences and titles broken alike next to page breaks.
  {
    name: 'lines re-wrapped at 30 columns, a footer "Seite N von M" between pages', keepsLines: false,
    apply: (text) => paginate(rewrap(text, 30), (page, pages) => ['', `Seite ${page} von ${pages}`, '\f'], mayBreakInside),
  },
  { name: 'lines re-wrapped at 30 columns and printed by a browser', keepsLines: false, apply: (text) => browserPrint(rewrap(text, 30)) },
  { name: 'soft hyphens breaking words, lines re-wrapped at 60 columns', keepsLines: false, apply: (text) => rewrap(text, 60, '\u00AD') },
  {
    // A narrow column of a typeset page, page breaks with the footer anywhere in a paragraph's lines.
    name: 'lines re-wrapped at 35 columns, a footer "Seite N von M" between pages', keepsLines: false,
    apply: (text) => paginate(rewrap(text, 35), (page, pages) => ['', `Seite ${page} von ${pages}`, '\f'], mayBreakInside),
  },
  {
    // What the app's own PDF path reads from a page set in a narrow column: lines without the blank lines between paragraphs, a form feed between pages.
    name: 'the PDF path\'s text of a narrow column: re-wrapped at 35 columns, form feeds between pages, no blank lines', keepsLines: false,
    apply: (text) => paginate(rewrap(text, 35), () => ['\f']).replace(/\n(?:[ \t\u00A0]*\n)+/g, '\n'),
  },
  {
    // A mirror that re-flows a PDF's lines keeps the typesetter's line-break hyphen inside the line ("die Ge-setzgebung",
    // "die Bundes- regierung"): the parser makes the word whole where the document writes it unbroken elsewhere.
    name: 'a word the document repeats broken inside its line by a kept hyphen ("Bundes- regierung", "Ge-setzgebung")', keepsLines: true,
    apply: breakRepeatedWords,
  },
  {
    name: 'CRLF, re-wrapped at 60 columns and paginated with footers', keepsLines: false,
    apply: (text) => paginate(rewrap(text, 60), (page, pages) => ['', `Seite ${page} von ${pages}`, '\f']).replace(/\n/g, '\r\n'),
  },
];

