/**
 * A collection of resolutions run together into one line: a web mirror's text block of a
 * "Beschluss-Sammlung" or a PDF extraction that lost every line break ("… www.verkehrsministerkonferenz.de
 * Beschluss der Verkehrsministerkonferenz am 8./9. Oktober 2015 in Worms Punkt 4.1 der Tagesordnung:
 * Titel 1. Die Verkehrsministerkonferenz …"). Such a line is cut back into the lines the collection
 * prints each part on, so that the stages after it read it like any other collection:
 *
 * - before each "Punkt N der Tagesordnung:" inside the line, and before the resolution header
 *   "Beschluss der <Konferenz> am …" that stands right in front of it;
 * - between the Punkt's title and its text: before the first Ziffer "1. Die …" or the first
 *   sentence that opens a resolution ("Die Verkehrsministerkonferenz nimmt …");
 * - around a page number left inside the text ("Im Zuge -2- der Studie").
 *
 * Only a long line with a "Punkt N der Tagesordnung:" after other text is cut: the colon-headed
 * form is how such collections head a resolution, and running text that cites an agenda item
 * ("zu Punkt 5 der Tagesordnung der 98. ASMK") does not put a colon after it.
 *
 * A single resolution headed "TOP N" comes run together the same way (a mirror's text block of
 * "Sitzung der 81. Europaministerkonferenz am … TOP 3 Titel Berichterstatter: Hamburg, …
 * Beschluss Mit Beschluss der … 1. Die Mitglieder …"). Such a TOP is cut before its head, before
 * each label of its head ("Berichterstatter:", "Antragsteller:") and around its "Beschluss"
 * marker — but only where that marker and the text after it follow: an agenda run together
 * ("TOP 1: Eröffnung … TOP 2: Migrationspolitik …") lists titles only and stays one line.
 */
import { opensResolutionSentence } from './decision.js';
import type { SourceLine } from './lines.js';

/** Shorter lines are a header or a paragraph, never a whole collection. */
const MIN_LENGTH = 300;
/** "Punkt 2.1 der Tagesordnung:" after other text on the line. */
const INNER_POINT = /(?<=\S\s)(?:Zu )?Punkt \d{1,3}[a-z]?(?:\.\d{1,3}[a-z]?)* der Tagesordnung\s*:/gu;
/** The head of a Punkt: "Punkt 2.1 der Tagesordnung:". */
const POINT_HEAD = /^(?:Zu )?Punkt \d{1,3}[a-z]?(?:\.\d{1,3}[a-z]?)* der Tagesordnung\s*:\s*/u;
/** Characters between a resolution header's start ("Beschluss der …") and its Punkt. */
const HEADER_REACH = 160;
/** "Beschluss der Wirtschaftsministerkonferenz am 17./18. Juni 2015 in Hamburg" before a Punkt. */
const RESOLUTION_HEADER = /(?<=\s|^)Beschlu(?:ss|ß) der \S+(?: [^ ]+){0,12}? am \d/gu;
/** A page number left inside the text: " -2- ", " - 12 - ". */
const INNER_PAGE_NUMBER = /(?<=\s)[-–]\s?\d{1,3}\s?[-–](?=\s)/gu;
/** Characters of a sentence's beginning that tell whether it opens a resolution. */
const SENTENCE_HEAD = 200;
/** The first Ziffer after a Punkt's title: " 1. Die …". */
const FIRST_NUMBER = /\s1\.\s+(?=\p{Lu})/u;

/** "TOP 3 Titel" inside the line or at its start. */
const TOP_HEAD = /(?<=^|\s)TOP\s+[A-Z]?\d{1,3}[a-z]?(?:\.\d{1,3}[a-z]?)*:?(?=\s)/gu;
/** A label of a TOP's head inside the line: " Berichterstatter: Hamburg", " Antragsteller: alle Länder". */
const HEAD_LABEL = /(?<=\s)(?:Berichterstatter(?:in|innen)?|Berichterstattung|Antragsteller(?:in|innen)?|Antragstellende Länder|Abstimmungsergebnis|Vorgang|Veröffentlichung)\s*:/gu;
/** The marker before a resolution's text: "Beschluss Mit …", "Beschluss: Die …". */
const DECISION_MARK = /(?<=\s)Beschlu(?:ss|ß)\s*:?\s+(?=\p{Lu})/u;
/** Longest head (title and labels) before the "Beschluss" marker of a run-together TOP. */
const TOP_HEAD_REACH = 600;
/** Shortest text after the marker: a resolution, not an agenda entry that names a "Beschluss". */
const MIN_TOP_TEXT = 80;

/** Offsets where a run-together resolution headed "TOP N" is cut; empty for an agenda run together. */
function topCutOffsets(text: string): number[] {
  const heads = [...text.matchAll(TOP_HEAD)].map((match) => match.index);
  const cuts: number[] = [];
  heads.forEach((head, index) => {
    const segment = text.slice(head, heads[index + 1] ?? text.length);
    const mark = DECISION_MARK.exec(segment);
    if (!mark || mark.index > TOP_HEAD_REACH || segment.length - mark.index - mark[0].length < MIN_TOP_TEXT) return;
    cuts.push(head, head + mark.index, head + mark.index + mark[0].length);
    for (const label of segment.slice(0, mark.index).matchAll(HEAD_LABEL)) cuts.push(head + label.index);
    const number = FIRST_NUMBER.exec(segment.slice(mark.index + mark[0].length));
    if (number) cuts.push(head + mark.index + mark[0].length + number.index + 1);
  });
  return cuts;
}

/** A line that opens with a numbered item, after the page number a mirror set in front of it: "2 1. Jahresbericht …". */
const ITEM_HEAD = /^(?:(\d{1,3})\s+)?\d{1,2}\.\s+(?=\p{Lu})/u;
/** Longest title between an item's number and its first Ziffer. */
const ITEM_TITLE_REACH = 300;

/**
 * Offsets where a run-together item of a collection that numbers its items "1. Titel" (the IMK's
 * "Sammlung") is cut: after the page number in front of it and where its title runs straight into
 * the resolution's text ("2 1. Jahresbericht über … EU-Angelegenheiten 1. Die Innenministerkonferenz
 * nimmt …", "3 2. Zwischenbilanz … Die IMK nimmt …", the "Beschluss:" between them lost with the
 * bold print). The title closes no sentence and is none; the text opens with the resolution's own
 * sentence, as its first Ziffer or unnumbered.
 */
function itemCutOffsets(text: string): number[] {
  const head = ITEM_HEAD.exec(text);
  if (!head) return [];
  const from = head[0].length;
  const title = text.slice(from, from + ITEM_TITLE_REACH);
  if (opensResolutionSentence(title)) return [];
  for (const match of title.matchAll(/\s(?=1\.\s+\p{Lu}|(?:Die|Der|Das)\s)/gu)) {
    const at = from + match.index + 1;
    if (/[.!?:;]\s/u.test(text.slice(from, at))) break;
    if (opensResolutionSentence(text.slice(at).replace(/^1\.\s+/u, '').slice(0, SENTENCE_HEAD))) {
      return head[1] === undefined ? [at] : [head[1].length, at];
    }
  }
  return [];
}

/** Offsets where the line is cut, in ascending order. */
function cutOffsets(text: string): number[] {
  const points = [...text.matchAll(INNER_POINT)].map((match) => match.index);
  if (points.length === 0) return [];
  const cuts = new Set<number>();
  for (const point of points) {
    cuts.add(point);
    const before = text.slice(Math.max(0, point - HEADER_REACH), point);
    const header = [...before.matchAll(RESOLUTION_HEADER)].at(-1);
    if (header) cuts.add(point - before.length + header.index);
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const pointSet = new Set(points);
  sorted.forEach((cut, index) => {
    if (!pointSet.has(cut)) return;
    const body = bodyStart(text.slice(cut, sorted[index + 1] ?? text.length));
    if (body !== null) cuts.add(cut + body);
  });
  for (const match of text.matchAll(INNER_PAGE_NUMBER)) {
    if (match.index > points[0]!) cuts.add(match.index).add(match.index + match[0].length);
  }
  return [...cuts].filter((cut) => cut > 0 && cut < text.length).sort((a, b) => a - b);
}

/** Where a Punkt's text begins after its title, or null when the Punkt has no text in the line. */
function bodyStart(segment: string): number | null {
  const head = POINT_HEAD.exec(segment);
  if (!head) return null;
  const from = head[0].length;
  const candidates: number[] = [];
  const number = FIRST_NUMBER.exec(segment.slice(from));
  if (number) candidates.push(from + number.index + 1);
  for (const match of segment.slice(from).matchAll(/\s(?=(?:Die|Der|Das)\s)/gu)) {
    const at = from + match.index + 1;
    if (opensResolutionSentence(segment.slice(at, at + SENTENCE_HEAD))) {
      candidates.push(at);
      break;
    }
  }
  // A title of its own comes first: "Punkt 4.2 der Tagesordnung: Sachstand … 2015 Die VMK nimmt …".
  const start = Math.min(...candidates.filter((at) => at > from));
  return Number.isFinite(start) ? start : null;
}

/** Cuts each run-together collection line into the lines its parts are printed on; other lines stay. */
export function splitRunTogetherCollection(lines: readonly SourceLine[]): SourceLine[] {
  return lines.flatMap((line) => {
    if (line.text.length < MIN_LENGTH) return [line];
    const points = line.text.includes(' der Tagesordnung') ? cutOffsets(line.text) : [];
    const cuts = [...new Set([...points, ...topCutOffsets(line.text), ...itemCutOffsets(line.text)])].filter((cut) => cut > 0 && cut < line.text.length).sort((a, b) => a - b);
    if (cuts.length === 0) return [line];
    return [0, ...cuts].map((start, index) => ({ ...line, text: line.text.slice(start, cuts[index] ?? line.text.length).trim() }))
      .filter((part) => part.text !== '');
  });
}
