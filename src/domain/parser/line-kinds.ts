/**
 * Recognisers for single lines: TOP headers, page furniture, field labels, sponsor lines,
 * decision markers, numbered paragraphs and protocol statement headers. Each looks at one
 * normalised line (white space already collapsed) and at most its first few hundred characters.
 */

import { romanValue } from '../agenda-item.js';
import { LAENDER, landCodeOfWord } from '../laender.js';
import { findCounts } from './decision.js';

/** Longest line prefix the recognisers look at: keeps every check linear. */
const HEAD = 300;

// --- TOP headers ----------------------------------------------------------------------------

export interface TopHeader {
  /** As printed, without "TOP": "2.12", "2.9b", "A3", "3/5/46". */
  readonly agendaItem: string;
  /** Text after the number on the same line (often the title); may be empty. */
  readonly rest: string;
  /**
   * A TOP numbered by a bare Roman numeral ("TOP XII Verschiedenes", "XII. Verschiedenes"): the numeral
   * as printed. The interchange format has no bare Roman numbers; `agendaItem` holds its value ("12").
   */
  readonly roman?: string;
}

/** "TOP", "Tagesordnungspunkt" and the phrases that put it at the head of a resolution. */
const TOP_PREFIX = /^(?:(?:Beschlu(?:ss|ß)|Beschlüsse) zu(?:m)? |Zu |Beschlu(?:ss|ß) vom [^,]{4,40}, )?(?:TOP|Top|T O P|Tagesordnungspunkt|TAGESORDNUNGSPUNKT|TO-Punkt)\s*:?\s*(?:-?(?:Nr\.|Nummer)\s*)?/u;
/**
 * The number after the prefix: "2.12", "2.9b", "A3", "3/5/46", "7 a", or in a Roman section
 * "I 1", "I.1", "II. 5" (read "I.1", "II.5"). A sub-item's letter may follow after a space or a
 * point and close with a bracket, as in a list ("4 a)", "4.a)", "4a)": read "4a").
 */
const TOP_NUMBER = /^(?:([IVX]{1,4})(?:\.\s?|\s)(?=\d))?([A-Z]?\d{1,3}[a-z]?(?:[./]\d{1,3}[a-z]?)*)(?:[ .]([a-z])(?=$|[\s:)–—-]))?\)?\.?(?=$|[\s:–—-])\s*(?:[:|–—-]\s*)?/u;
/** "Punkt 2.1 der Tagesordnung: Titel" (the WMK's collections), "Zu Punkt 5 der Tagesordnung:". */
const AGENDA_POINT = /^(?:Zu )?Punkt (\d{1,3}[a-z]?(?:\.\d{1,3}[a-z]?)*) der Tagesordnung\s*:?\s*/u;
/** "TOP XII Verschiedenes", "TOP IV: Titel", "TOP II.": a TOP numbered by a bare Roman numeral. */
const BARE_ROMAN_NUMBER = /^([IVX]{1,4})\.?(?=$|[\s:])\s*(?:[:|–—-]\s*)?/u;
/** The numerals up to XXXIX, in their regular form ("IIII", "VX" are none). */
const REGULAR_ROMAN = /^X{0,3}(?:IX|IV|V?I{0,3})$/;

/** "XII" → 12; null for no regular numeral. */
export function romanNumeralValue(numeral: string): number | null {
  return numeral !== '' && REGULAR_ROMAN.test(numeral) ? romanValue(numeral) : null;
}

/** "II.5 Titel": a TOP of a Roman section without the word TOP. */
const ROMAN_TOP = /^([IVX]{1,4})\.(\d{1,3}[a-z]?(?:\.\d{1,3}[a-z]?)*)(?=$|\s)\s*/u;

function topHeader(agendaItem: string, rest: string): TopHeader | null {
  return /^\p{Ll}/u.test(rest) ? null : { agendaItem, rest };
}

/**
 * "TOP 2.12", "TOP 12: Titel", "TOP A3 Titel", "Beschluss zu TOP 7: Titel", "TOP I 1 Titel",
 * "Punkt 2.1 der Tagesordnung: Titel", "II.5 Titel"; not "TOP 5 der 98. ASMK" inside running text.
 */
export function parseTopHeader(text: string): TopHeader | null {
  const head = text.slice(0, HEAD);
  const prefix = TOP_PREFIX.exec(head);
  if (prefix) {
    const number = TOP_NUMBER.exec(head.slice(prefix[0].length));
    if (!number) return bareRomanTop(text.slice(prefix[0].length));
    const item = number[2]! + (number[3] ?? ''); // "TOP 7 a" is printed "7a" elsewhere
    return topHeader(number[1] ? `${number[1]}.${item}` : item, text.slice(prefix[0].length + number[0].length).trim());
  }
  const point = AGENDA_POINT.exec(head);
  if (point) return topHeader(point[1]!, text.slice(point[0].length).trim());
  const roman = ROMAN_TOP.exec(head);
  if (roman && (roman[0].length === text.length || /^\s*\p{Lu}/u.test(text.slice(roman[0].length)))) {
    return topHeader(`${roman[1]}.${roman[2]}`, text.slice(roman[0].length).trim());
  }
  return null;
}

/** "XII Verschiedenes" after the word TOP: the numeral's value as the TOP number, the numeral kept as printed. */
function bareRomanTop(afterPrefix: string): TopHeader | null {
  const roman = BARE_ROMAN_NUMBER.exec(afterPrefix.slice(0, HEAD));
  const value = roman ? romanNumeralValue(roman[1]!) : null;
  if (!roman || value === null) return null;
  const header = topHeader(String(value), afterPrefix.slice(roman[0].length).trim());
  return header && { ...header, roman: roman[1]! };
}

// --- Page furniture and tables of contents --------------------------------------------------

/**
 * Highest page number taken: a collection of resolutions runs to a few hundred pages. A larger
 * number alone on a line is a year ("- 2017 -"), a file number or a count, and stays text.
 */
const MAX_PAGE = 999;

/**
 * Page numbers as printed. The first group is the page, the second (where there is one) the page
 * count: "2 von 12" is a page only where 1 ≤ 2 ≤ 12 ≤ MAX_PAGE, so "2018/2" or "16/2415" stay text.
 */
const PAGE_NUMBER_FORMS: readonly RegExp[] = [
  /^[-–—]\s*(\d{1,4})\s*[-–—]$/, // "- 2 -", "-2-"
  /^(?:Seite|S\.)\s*\|?\s*(\d{1,4})(?:\s*(?:von|\/)\s*(\d{1,4}))?$/i, // "Seite | 2", "Seite 2 von 12", "S. 2 von 12"
  /^Seite\s*[-–—]\s*(\d{1,4})\s*[-–—]$/i, // "Seite - 2 -"
  /^[-–—]\s*(?:Seite|S\.)\s*(\d{1,4})(?:\s*(?:von|\/)\s*(\d{1,4}))?\s*[-–—]$/i, // "- Seite 2 von 12 -", "– Seite 2 –"
  /^Page\s+(\d{1,4})(?:\s+of\s+(\d{1,4}))?$/i, // "Page 2 of 12" (an English PDF viewer's print)
  /^(\d{1,4})\s*\|\s*Seite$/i, // "2 | Seite"
  /^(\d{1,4})\s*(?:von|\/|\|)\s*(\d{1,4})$/, // "2 von 12", "2/12", "2 | 12"
];

/** Footers ending in their page number, groups as in PAGE_NUMBER_FORMS. */
const FOOTER_PAGE_NUMBER_FORMS: readonly RegExp[] = [
  /\bSeite\s*(\d{1,4})\s*(?:von|\/)\s*(\d{1,4})$/i, // "… – Seite 3 von 12"
  /\S\s*[|–—]\s*Seite\s*(\d{1,4})$/i, // "… | Seite 3"
];

/** Page `page` (of `count` pages, where printed): 1 ≤ page ≤ count ≤ MAX_PAGE. */
export function isPageOf(page: string, count?: string): boolean {
  const [number, total] = [Number(page), count === undefined ? MAX_PAGE : Number(count)];
  return number >= 1 && number <= total && total <= MAX_PAGE;
}

function matchesPageForm(text: string, forms: readonly RegExp[]): boolean {
  return forms.some((form) => {
    const match = form.exec(text);
    return match !== null && isPageOf(match[1]!, match[2]);
  });
}

/** A web mirror's page marker: "Page 2: <the mirror's title of the document>". */
export function isMirrorPageMarker(text: string): boolean {
  return text.startsWith('Page ') && /^Page \d{1,4}:(?:\s|$)/.test(text);
}

/** A browser's print time stamp: "06.12.26, 21:14", "6.12.2026, 21:14" ("… 10:00 Uhr" is a meeting's time). */
const PRINT_STAMP = /^\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2}),? \d{1,2}:\d{2}(?!\d| ?Uhr\b)/;
/** A web address with the page number after it: "https://www.gmkonline.de/… 1/2", "www.fruehehilfen.de/ 1 von 2". */
const ADDRESS_PAGE = /^(?:https?:\/\/|www\.)\S+\s+(\d{1,4})\s*(?:von|\/|of)\s*(\d{1,4})$/i;

/**
 * What a browser prints around a web page saved or printed as PDF: its time stamp and the page's
 * title at the top ("06.12.26, 21:14 Beschlüsse - Gesundheitsministerkonferenz"), its address and
 * the page number at the bottom ("https://www.gmkonline.de/Beschluesse.html?id=1714 1/2"). Page
 * furniture, and neither date is the meeting's.
 */
export function isBrowserPrintLine(text: string): boolean {
  if (text.length > 200) return false;
  if (PRINT_STAMP.test(text)) return true;
  const address = ADDRESS_PAGE.exec(text);
  return address !== null && isPageOf(address[1]!, address[2]);
}

/** A line that is only a page number ("- 2 -", "Seite | 2", "Seite 2 von 12", "Page 2: …"), or a footer ending in one. */
export function isPageNumber(text: string): boolean {
  if (isMirrorPageMarker(text) || isBrowserPrintLine(text)) return true;
  if (text.length <= 30 && matchesPageForm(text, PAGE_NUMBER_FORMS)) return true;
  return isFooterWithPageNumber(text);
}

/**
 * "Beschlussniederschrift IntMK 2014 – Seite 3 von 12", "Beschlüsse GMK 2021 | Seite 3": a short
 * footer ending in its page number, set off by a dash or bar where the page count is missing.
 */
function isFooterWithPageNumber(text: string): boolean {
  if (text.length > 120) return false;
  return matchesPageForm(text.slice(-40), FOOTER_PAGE_NUMBER_FORMS);
}

/**
 * A word processor's file-name footer: "M:\\Eigene Dateien\\AMK 2000\\21BM.DOC", a network share
 * "\\\\fs01\\GMK\\TOP 5.docx", "/home/…/beschluss.docx", "file:///C:/GMK/top5.pdf".
 */
export function isFilePath(text: string): boolean {
  if (text.length > 200) return false;
  return /^[A-Za-z]:\\\S/.test(text) || /^\\\\[\w.$-]+\\\S/.test(text) || /^file:\/\/\S+$/i.test(text)
    || /^\/(?:[^/]+\/)+[^/]+\.(?:docx?|odt|rtf|dot|pdf)$/i.test(text);
}

/**
 * A link of the web page that copies a resolution, addressing its reader: "Hier finden Sie den
 * Bericht der Arbeitsgruppe.", "Hier können Sie den Beschluss herunterladen", "Links zum Thema".
 * A resolution speaks of its conference and addressees, never to "Sie" who reads a page.
 */
export function isSiteLinkLabel(text: string): boolean {
  if (text.length > 160) return false;
  return /^(?:Hier|Dort|Unter diesem Link|Weitere Informationen)\s+(?:finden|können|gelangen|lesen|erhalten)\s+Sie\b[^.!?]*[.!?]?$/.test(text)
    || /^(?:Links|Mehr|Weiteres) zum Thema:?$|^Weiterführende Links:?$|^Zum Download:?$/.test(text);
}

/** A line with no letter and no digit ("...", "§§§ ###", "* * *"): nothing to read. */
export function isStrayLine(text: string): boolean {
  return text !== '' && !/[\p{L}\p{N}]/u.test(text);
}

/** A number alone on a line that may be a page's ("2"; not "0", not a year "2018"). */
export function isBareNumber(text: string): boolean {
  return /^\d{1,4}$/.test(text) && isPageOf(text);
}

const TOC_HEADINGS = /^(?:Inhaltsverzeichnis|Inhalt|Inhaltsübersicht|Tagesordnung|Übersicht|Übersicht der Beschlüsse|Verzeichnis der Beschlüsse)\s*:?(?:\s+Stand:?\s[^:]{1,40})?$/i;

export function isTocHeading(text: string): boolean {
  return text.length < 60 && TOC_HEADINGS.test(text);
}

/** The words an agenda set as a table prints over its columns. */
const AGENDA_COLUMN = /^(?:TOP|Nr\.?|Thema|Titel|Gegenstand|Beratungsgegenstand|Berichterstatter(?:in)?|Berichterstattung|BE|Antragsteller|Seite)$/;

/**
 * The column heads of an agenda set as a table: "TOP Thema Berichterstatter" on one line, or
 * "TOP" with "Thema" on the next (`next`, the following line, where the extraction split them).
 */
export function isAgendaColumnHeading(text: string, next = ''): boolean {
  const words = next === '' ? text.split(' ') : [text, ...next.split(' ')];
  return words.length >= 2 && words.length <= 5 && words[0] === 'TOP' && words.every((word) => AGENDA_COLUMN.test(word));
}

/** "TOP 3 Titel ........ 12" or "Titel … 12": an entry of a table of contents. */
export function hasDotLeader(text: string): boolean {
  return /(?:\.{4,}|…{2,}|(?:\. ){4,})\s*\d{1,4}$/.test(text.slice(-80));
}

/** A table of contents entry ends in its page number: "TOP 2.2 Sprachförderung … 4". */
export function endsWithPageReference(text: string): boolean {
  return /\s\d{1,4}$/.test(text.slice(-8)) || hasDotLeader(text);
}

// --- Field labels ---------------------------------------------------------------------------

export type LabelKind = 'sponsor' | 'voting' | 'decision' | 'reference' | 'title' | 'reporting' | 'meta';

export interface Label {
  readonly kind: LabelKind;
  /** The label as printed, without the colon: "Antragsteller". */
  readonly name: string;
  /** Text after the colon; may be empty. */
  readonly value: string;
}

const LABEL_KINDS: ReadonlyMap<string, LabelKind> = new Map<string, LabelKind>([
  ...['antrag', 'antragsteller', 'antragstellerin', 'antragstellerinnen', 'antragstellende', 'antragstellendeländer',
    'antragstellendesland', 'antragstellerinnenundantragsteller', 'mitantragsteller', 'mitantragstellerin',
    'mitantragstellende', 'mitantragstellendeländer', 'einbringer', 'einbringendeländer', 'antragstellendeslandländer']
    .map((name): [string, LabelKind] => [name, 'sponsor']),
  ...['abstimmungsergebnis', 'abstimmung', 'ergebnis', 'beschlussergebnis', 'votum', 'ergebnisderabstimmung', 'entscheidung']
    .map((name): [string, LabelKind] => [name, 'voting']),
  ...['beschluss', 'beschlüsse', 'beschlusstext', 'beschlussvorschlag', 'beschlussfassung', 'beschlusswortlaut']
    .map((name): [string, LabelKind] => [name, 'decision']),
  ...['vorgang', 'vorgänge', 'bezug', 'bezüge', 'bezugsbeschluss', 'bezugsbeschlüsse', 'vorbefassung', 'vorbefassungen']
    .map((name): [string, LabelKind] => [name, 'reference']),
  ...['titel', 'betreff', 'thema', 'gegenstand', 'überschrift']
    .map((name): [string, LabelKind] => [name, 'title']),
  ...['berichterstattung', 'berichterstatter', 'berichterstatterin', 'berichterstatterinnen', 'be']
    .map((name): [string, LabelKind] => [name, 'reporting']),
  ...['veröffentlichung', 'federführung', 'anlage',
    'anlagen', 'hinweis', 'status', 'freigabe', 'kosten', 'beteiligung', 'sachstand', 'zuständigkeit']
    .map((name): [string, LabelKind] => [name, 'meta']),
]);

/** Label names, normalised: letters only, lower case, the old spelling's ß as ss ("Antragsteller/-innen" → "antragstellerinnen", "Beschluß" → "beschluss"). */
function labelKey(name: string): string {
  return name.replace(/\([^)]*\)/g, '').toLowerCase().replace(/[^\p{L}]/gu, '').replace(/ß/g, 'ss');
}

/** "Antragsteller: Berlin, Bremen", "Abstimmungsergebnis: 13:2:1", "Beschluss:". */
export function parseLabel(text: string): Label | null {
  const colon = text.slice(0, 50).indexOf(':');
  if (colon < 0 && text.length < 20 && LABEL_KINDS.get(labelKey(text)) === 'decision') {
    return { kind: 'decision', name: text, value: '' }; // a bare "Beschluss" heading
  }
  if (colon < 2) return null;
  const name = text.slice(0, colon).trim();
  const kind = LABEL_KINDS.get(labelKey(name));
  return kind ? { kind, name, value: text.slice(colon + 1).trim() } : null;
}

/** Words that only serve as markup in the layouts (labels, "TOP"); they need not reach the output. */
export function isMarkupWord(word: string): boolean {
  const lower = word.toLowerCase();
  return LABEL_KINDS.has(labelKey(word)) || ['top', 'tagesordnungspunkt', 'punkt', 'tagesordnung', 'nr', 'protokollerklärung', 'protokollerklärungen',
    'protokollnotiz', 'protokollnotizen', 'innen'].includes(lower);
}

// --- Sponsor lines: "- Antrag Mecklenburg-Vorpommern, Niedersachsen -" ------------------------

/** Start of a dash-framed sponsor line; the closing dash may come on a later line. */
export function isSponsorDashStart(text: string): boolean {
  return /^[-–—]\s*Antr(?:ag|äge)\b/u.test(text) || /^\(\s*Antr(?:ag|äge)\b.*\)$/u.test(text.slice(0, HEAD));
}

/**
 * "Antrag der Länder Berlin, Hamburg und Bremen", "Antrag des Freistaates Sachsen": a sponsor
 * line without colon or dashes; the words after the introduction (the caller checks that they
 * name Länder only), or null.
 */
export function plainSponsorValue(text: string): string | null {
  const match = /^Antr(?:ag|äge)\s+(?:der\s+Länder|des\s+Landes|der\s+Freien\s+(?:und\s+)?Hansestadt|des\s+Freistaa?tes|des\s+Freistaats|von|aus)\s+(\S.*)$/u
    .exec(text.slice(0, 200));
  return match ? match[1]! : null;
}

/** The closing dash stands apart ("… Bremen -"), unlike a line-break hyphen ("Nordrhein-"). */
export function closesSponsorDash(text: string): boolean {
  return /\s[-–—]$|\)$/.test(text.slice(-3));
}

/** The Land list of a joined sponsor line: "- Antrag Freistaat Bayern -" → "Freistaat Bayern". */
export function sponsorDashValue(text: string): string {
  return text.replace(/^[-–—(]\s*Antr(?:ag|äge)\s*/u, '').replace(/\s*[-–—)]$/, '').replace(/^(?:de[rs]|von)\s+/u, '');
}

// --- Decision markers: "- ZURÜCKGEZOGEN -", "(vertagt)", "Einstimmig beschlossen." -----------

const DECISION_WORDS: ReadonlySet<string> = new Set([
  'einstimmig', 'mehrheitlich', 'beschlossen', 'angenommen', 'abgelehnt', 'vertagt', 'zurückgezogen', 'zurückgestellt',
  'abgesetzt', 'erledigt', 'kenntnis', 'genommen', 'zur', 'mit', 'mehrheit', 'der', 'die', 'antrag', 'wurde', 'wird',
  'ist', 'top', 'von', 'tagesordnung', 'stimmen', 'so', 'bei', 'enthaltung', 'enthaltungen', 'gegenstimme',
  'gegenstimmen', 'ohne', 'nicht', 'behandelt', 'annahme', 'ablehnung', 'kenntnisnahme', 'zustimmung', 'einstimmige',
  'mehrheitliche', 'ja', 'nein', 'und', 'aussprache', 'debatte', 'stimme', 'stimmenthaltung', 'stimmenthaltungen',
  'vertagung', 'erledigung', 'rücknahme', 'beschluss', 'hat', 'sich', 'durch', 'gegen', 'bzw',
]);
const OUTCOME_WORDS = /einstimmig|mehrheitlich|beschlossen|angenommen|abgelehnt|vertagt|zurückgezogen|zurückgestellt|abgesetzt|erledig|kenntnis|annahme|ablehnung|gegenstimme|zustimmung|vertagung|rücknahme/i;
/** "Württemberg", "Anhalt": the parts of the Länder's compound names, lower case. */
const LAND_NAME_PARTS: ReadonlySet<string> = new Set(LAENDER.flatMap(({ name }) => name.toLowerCase().split('-')));

function namesLand(word: string): boolean {
  return landCodeOfWord(word) !== undefined || LAND_NAME_PARTS.has(word.toLowerCase());
}

/** Words of a marker besides the Länder it names ("bei Enthaltung von BY"). */
const MARKER_WORD_LIMIT = 8;

/**
 * A short line consisting only of decision words, vote counts and the Länder that abstained or
 * voted against: "einstimmig", "mehrheitlich angenommen (13:2:1)", "bei Enthaltung von BY",
 * "ohne Gegenstimme", "erledigt", "Der TOP hat sich erledigt".
 */
export function isDecisionMarker(text: string): boolean {
  if (text.length > 100 || !(OUTCOME_WORDS.test(text) || findCounts(text) !== null)) return false;
  const words = (text.match(/\p{L}+/gu) ?? []).filter((word) => !namesLand(word));
  return words.length > 0 && words.length <= MARKER_WORD_LIMIT && words.every((word) => DECISION_WORDS.has(word.toLowerCase()));
}

// --- Numbered paragraphs: "1. Die Länder …", "2) …", "(3) …", "IV. …" ---------------

export interface Numbered {
  /** The paragraph's place: 3 for "3." and for "III.". */
  readonly number: number;
  /** As printed, without dot, brackets or leading zeros: "3", "III". */
  readonly printed: string;
  readonly roman: boolean;
  readonly rest: string;
}

const ROMAN_NUMERALS = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV'];

/**
 * "1. Text", "1) Text", "1.) Text", "(1) Text", "1.", "III. Text" — but not "2.12", "1.4.2025",
 * "1.Juli" or "I. d. R.".
 */
export function parseNumbered(text: string): Numbered | null {
  const head = text.slice(0, 10);
  // "10./11. Mai", "10./ Tagesordnung": the first day of a date range broken before its second, no Ziffer.
  const match = /^(?:\((\d{1,3})\)|(\d{1,3})(?:\.\)|[.)])(?![\d./]))\s*/.exec(head);
  if (match) {
    const number = Number(match[1] ?? match[2]);
    return { number, printed: String(number), roman: false, rest: text.slice(match[0].length) };
  }
  const roman = /^([IVX]{1,4})\.\s+(?=\p{Lu})/u.exec(head);
  const place = roman ? ROMAN_NUMERALS.indexOf(roman[1]!) + 1 : 0;
  return roman && place > 0 ? { number: place, printed: roman[1]!, roman: true, rest: text.slice(roman[0].length) } : null;
}

// --- Protocol statements: "Protokollerklärung des Landes Brandenburg:" ----------------------

export interface ProtocolHeader {
  /** The words naming the Länder ("des Landes Brandenburg"); may be empty. */
  readonly who: string;
  /** Text after the colon on the same line; may be empty. */
  readonly text: string;
  /** The header ended with its colon on this line. */
  readonly closed: boolean;
}

const PROTOCOL_START = /^Protokoll(?:erklärung|notiz|vermerk)(?:en)?\b/iu;

export function parseProtocolHeader(text: string): ProtocolHeader | null {
  const start = PROTOCOL_START.exec(text.slice(0, 40));
  if (!start) return null;
  const rest = text.slice(start[0].length);
  const colon = rest.indexOf(':');
  if (colon < 0) return { who: rest.trim(), text: '', closed: false };
  return { who: rest.slice(0, colon).trim(), text: rest.slice(colon + 1).trim(), closed: true };
}
