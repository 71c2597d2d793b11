/**
 * Stage 3: splitting the remaining lines into the title page (everything before the first TOP)
 * and one block per TOP. A bare "Beschluss:" right before a TOP header belongs to that TOP (GMK
 * layout). A "TOP …" line that continues a sentence (after a comma) is text, not a header, and so
 * is an entry "TOP 7.1 (Titel)" of an en-bloc list (Grüne Liste, BLOCK, A-Punkte): the TOP that
 * lists it keeps it as a reference.
 */
import { opensResolutionSentence } from './decision.js';
import { endsOpen, joinTexts } from './join.js';
import type { SourceLine } from './lines.js';
import { parseLabel, parseNumbered, parseTopHeader, type TopHeader } from './line-kinds.js';
import { mayTakeLine } from './resolution-lines.js';

export interface Block {
  readonly header: TopHeader;
  readonly headerLine: SourceLine;
  /** Bare "Beschluss:" labels printed right before the header; they only mark the block. */
  readonly leading: SourceLine[];
  /** Lines after the header, in input order. */
  readonly body: SourceLine[];
}

export interface Blocks {
  readonly preamble: SourceLine[];
  readonly blocks: Block[];
}

function isBareDecisionLabel(line: SourceLine): boolean {
  const label = parseLabel(line.text);
  return label !== null && label.kind === 'decision' && label.value === '';
}

/** A line ending in a preposition or an article: the phrase goes on in the next line ("… Zum" / "Tagesordnungspunkt 10.3 der …"). */
const ENDS_IN_PREPOSITION = /(?:^|\s)(?:zum|zur|zu|im|in|am|an|vom|von|mit|für|auf|bei|nach|über|unter|gemäß|der|die|das|des|dem|den)$/iu;

/**
 * The previous line leaves a sentence or a reference list open ("Vorgang:", "…, vgl."), or a
 * narrow column set a TOP named inside a sentence at a line's start: the line before ends in a
 * preposition or article and the sentence goes on in lower case after the number ("… Zum" /
 * "Tagesordnungspunkt 10.3" / "der Konferenz wurde …").
 */
function continuesSentence(previous: SourceLine | undefined, header: TopHeader, next: SourceLine | undefined): boolean {
  if (previous === undefined) return false;
  if (/[,;]$/.test(previous.text)) return true;
  const goesOn = header.rest === '' ? /^\p{Ll}/u.test(next?.text ?? '') : /^\p{Ll}/u.test(header.rest);
  if (goesOn && ENDS_IN_PREPOSITION.test(previous.text)) return true;
  const label = parseLabel(previous.text);
  return label !== null && label.kind === 'reference' && label.value === '';
}

/** A line announcing that the TOPs listed after it are voted on together. */
export const EN_BLOC = /\ben bloc\b|\bgrüne[n]? liste\b|\bblock-(?:tagesordnungspunkte|tops?|punkte)\b|^block\s*:|\ba-punkte\b/i;

/** Characters of the line before that an announcement wrapped over two lines may start in. */
const WRAPPED_REACH = 40;

/**
 * Whether `text` announces an en-bloc vote, also where the announcement is wrapped from the line
 * before ("… wird zur Entlastung der Tagesordnung en" / "bloc abgestimmt:").
 */
export function announcesEnBloc(text: string, previous: string | undefined): boolean {
  if (EN_BLOC.test(text)) return true;
  return previous !== undefined && EN_BLOC.test(joinTexts([previous.slice(-WRAPPED_REACH), text.slice(0, WRAPPED_REACH)]));
}

/**
 * "TOP 7.1 (Kindgerechte Krankenhausversorgung)": an entry of an en-bloc list, also where a narrow
 * column wrapped it before its title in brackets ("TOP 12.1" / "(Gesundheitspolitische Aspekte …").
 * `next` is the line after the TOP's.
 */
export function isListedTop(header: TopHeader, next = ''): boolean {
  return header.rest.startsWith('(') || (header.rest === '' && next.startsWith('('));
}

/** Lines looked at after a numbered item for its "Beschluss:" label. */
const ITEM_LOOKAHEAD = 6;

/**
 * The item's title runs straight into the resolution's text, the "Beschluss:" label between them
 * lost (a mirror that drops the collection's bold print): "1. Jahresbericht über … EU-Angelegenheiten"
 * / "1. Die Innenministerkonferenz nimmt …", or "2. Zwischenbilanz zur EU-Ratspräsidentschaft" / "Die
 * IMK nimmt den Bericht … zur Kenntnis.". The title closes no sentence and is none; the next line
 * opens the resolution's own sentence, as its first Ziffer "1." (the numbering starts again) or
 * unnumbered.
 */
function runsIntoResolution(title: string, next: string): boolean {
  if (/[.!?:;]$/u.test(title) || opensResolutionSentence(title)) return false;
  const ziffer = parseNumbered(next);
  if (!ziffer) return opensResolutionSentence(next);
  return !ziffer.roman && ziffer.number === 1 && opensResolutionSentence(ziffer.rest);
}

/**
 * Items of a collection that numbers them "1. Titel", "2. Titel" without the word TOP (the IMK's
 * "Sammlung der zur Veröffentlichung freigegebenen Beschlüsse"), or `roman`: "I. Titel", "XII.
 * Verschiedenes" (a protocol numbered by its agenda's Roman items): a numbered line that continues
 * the item count and is followed, within a few title lines and labelled fields, by a bare
 * "Beschluss:" label. Ziffern inside a resolution restart at 1 after that label, so they never
 * continue the item count.
 */
function numberedItems(lines: readonly SourceLine[], roman: boolean): Map<SourceLine, TopHeader> {
  const items = new Map<SourceLine, TopHeader>();
  let expected = 1;
  lines.forEach((line, index) => {
    const numbered = parseNumbered(line.text);
    if (!numbered || numbered.roman !== roman || numbered.number !== expected || !/^\p{Lu}/u.test(numbered.rest)) return;
    const header: TopHeader = { agendaItem: String(numbered.number), rest: numbered.rest, ...(roman ? { roman: numbered.printed } : {}) };
    if (!roman && index + 1 < lines.length && runsIntoResolution(numbered.rest, lines[index + 1]!.text)) {
      items.set(line, header);
      expected += 1;
      return;
    }
    // Full page lines: a title set in a narrower column takes more lines to its "Beschluss:".
    for (let next = index + 1, length = 0; next < lines.length && mayTakeLine(next - index - 1, length, ITEM_LOOKAHEAD); next++) {
      length += lines[next]!.text.length;
      if (isBareDecisionLabel(lines[next]!)) {
        items.set(line, header);
        expected += 1;
        return;
      }
      // "Berichterstattung: Nordrhein-Westfalen" may stand between the item and its "Beschluss:". A number
      // that goes on with a phrase the line before left open ("… nach den Anschlägen vom" / "11. September
      // 2001 …", a title wrapped in a narrow column) starts no paragraph.
      const paragraph = parseNumbered(lines[next]!.text) !== null && !endsOpen(lines[next - 1]!.text);
      if (paragraph || parseLabel(lines[next]!.text)?.kind === 'decision') return;
    }
  });
  return items;
}

/** Entries of an agenda a line runs together at least, for the line to be the agenda's rather than a TOP's. */
const MIN_RUN_TOGETHER_ENTRIES = 3;

/** Words of a resolution's decision: an agenda names its items, it decides nothing. */
const DECIDES = /\bBeschlu(?:ss|ß)\b|\bbeschlie(?:ß|ss)(?:t|en)\b|\bbeschlossen\b|\bzur Kenntnis\b|\bbitte[tn]\b|\bfasst\b|\bfassen\b/u;

/**
 * A line that starts with a TOP and runs further TOPs of an agenda together with it, numbered in
 * ascending order ("TOP 8 Waldklimaprämie … BE: Bund TOP 9 Pakt gegen den Klimawandel … TOP 10 …"), as a
 * mirror gives an agenda page that goes on from the page before: the agenda's entries, not the TOP
 * line of a resolution, as long as it holds no word of a decision ("Beschluss:", "nimmt … zur Kenntnis").
 */
export function runsAgendaTogether(text: string): boolean {
  if (DECIDES.test(text)) return false;
  const items = [...text.slice(0, 20_000).matchAll(/(?:^|\s)TOP\s+(\d{1,3}(?:\.\d{1,3})*)[a-z]?\b/g)].map((match) => match[1]!.split('.').map(Number));
  let ascending = 1;
  for (let index = 1; index < items.length; index++) {
    const [previous, current] = [items[index - 1]!, items[index]!];
    const after = current[0]! > previous[0]! || (current[0] === previous[0] && (current[1] ?? 0) > (previous[1] ?? 0));
    ascending = after ? ascending + 1 : 1;
    if (ascending >= MIN_RUN_TOGETHER_ENTRIES) return true;
  }
  return false;
}

/**
 * The TOP headers among content lines: "TOP …" lines, or where a document has none, the numbered
 * items of an IMK-style collection.
 */
export function findHeaders(lines: readonly SourceLine[]): Map<SourceLine, TopHeader> {
  const headers = new Map<SourceLine, TopHeader>();
  for (const line of lines) {
    const header = parseTopHeader(line.text);
    if (header && !runsAgendaTogether(line.text)) headers.set(line, header);
  }
  if (headers.size > 0) return headers;
  // A protocol that numbers its agenda items "I. Begrüßung", "XII. Verschiedenes": Roman items where
  // they come first; the Ziffern inside (restarting at "1.") are then no items.
  const arabic = numberedItems(lines, false);
  const roman = numberedItems(lines, true);
  const first = (items: ReadonlyMap<SourceLine, TopHeader>): number => {
    const [line] = items.keys();
    return line === undefined ? Infinity : lines.indexOf(line);
  };
  return roman.size > 0 && first(roman) < first(arabic) ? roman : arabic;
}

/** Splits content lines (furniture, tables of contents and empty lines removed) into blocks. */
export function splitIntoBlocks(lines: readonly SourceLine[], headers: ReadonlyMap<SourceLine, TopHeader>): Blocks {
  const preamble: SourceLine[] = [];
  const blocks: Block[] = [];
  let current: SourceLine[] = preamble;
  let enBloc = false; // the current block announced an en-bloc list
  lines.forEach((line, index) => {
    const header = headers.get(line);
    if (!header || continuesSentence(lines[index - 1], header, lines[index + 1]) || (enBloc && isListedTop(header, lines[index + 1]?.text))) {
      current.push(line);
      if (!enBloc && current !== preamble && announcesEnBloc(line.text, lines[index - 1]?.text)) enBloc = true;
      return;
    }
    const moved: SourceLine[] = [];
    while (current.length > 0 && isBareDecisionLabel(current[current.length - 1]!)) moved.unshift(current.pop()!);
    const block: Block = { header, headerLine: line, leading: moved, body: [] };
    blocks.push(block);
    current = block.body;
    enBloc = EN_BLOC.test(header.rest);
  });
  return { preamble, blocks };
}
