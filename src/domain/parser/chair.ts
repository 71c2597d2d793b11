/**
 * The Land that chairs the meeting, as a cover page or header names it: "Vorsitz: Freie und
 * Hansestadt Hamburg", "Vorsitz: Ministerin für Arbeit und Soziales des Landes Sachsen-Anhalt",
 * "Vorsitz: Ministerin Monika Bachmann, Ministerin für …, Saarland, Franz-Josef-Röder-Straße 23",
 * "Vorsitz:" / "Staatsministerin Lucia Puttrich" / "Hessisches Ministerium für Umwelt …",
 * "Vorsitzland: Saarland", "Vorsitz 2022: Bayern", "V o r s i t z:", "unter dem Vorsitz des Saarlandes".
 */
import { landCodeOfWord, type LandCode } from '../laender.js';
import { joinLines } from './join.js';
import { mayTakeLine } from './resolution-lines.js';

/**
 * The words that introduce the chair: "Vorsitz", "Vorsitzland", "Vorsitzende(r)" as a label with its
 * colon (perhaps after a year; also inside a line a mirror ran together: "… in Bad Nauheim Vorsitz: …",
 * "ErgebnisprotokollVorsitz:"), alone on a line above the chair, or "Vorsitzland Saarland"; or
 * "unter (dem) Vorsitz des/der/von …" inside a sentence. Not "Vorsitzregelung", not "Bericht der
 * Vorsitzenden" (a TOP's title), not "des Vorsitzlandes".
 */
const CHAIR_LABEL = /(?:^|(?<=[\s\p{Ll}]))Vorsitz(?:land|ende|ender|endes)?(?:\s+(?:19|20)\d\d)?\s*:\s*/u;
const CHAIR_HEADING = /^Vorsitz(?:land|ende|ender)?(?:\s+(?:19|20)\d\d)?$/u;
const CHAIR_LAND_WORD = /^Vorsitzland\s+(?=\p{Lu})/u;
const CHAIR_IN_SENTENCE = /\bunter\s+(?:dem\s+)?Vorsitz(?:\s+(?:des|der|von|vom))?(?:\s+|$)/iu;
/** A sentence naming the chair ends at its full stop (after a word, not an abbreviation such as "Dr.") or at "statt". */
const SENTENCE_END = /(?<=\p{L}{4})(?<!Prof)[.!?](?=\s|$)|\sstatt\b/u;

/** A line of a title page as the parser reads it: its text, and whether a page break comes before it. */
export interface ChairLine {
  readonly text: string;
  readonly pageBreakBefore?: boolean;
  /** The line ends in a soft hyphen that normalising dropped ("Ham\u00AD" / "burg"). */
  readonly softHyphenEnd?: boolean;
}

/** How far after its label the chair's Land is looked for: a minister's name and title, the ministry, its address. */
const CHAIR_SPAN = 300;
/** Lines after a label alone on its line that name the chair ("Vorsitz:" / name / title / ministry / Land), in full lines. */
const CHAIR_LINES = 4;

/**
 * A line after the chair's that is not the chair's: another label ("Teilnehmer:"), a TOP, the agenda, or
 * the meeting's date or place ("am 15. November 2019", "in Hamburg", as a running header repeats them).
 */
const ENDS_CHAIR = /^(?:[\p{L}-]+(?: [\p{L}-]+){0,3}\s*:|TOP\b|Tagesordnung\b|Inhalt|(?:am|vom)\s+\d|in\s+\p{Lu})/u;

/** Adjectives by which ministries name their Land ("Hessisches Ministerium", "Bayerische Staatsministerin"). */
const LAND_ADJECTIVES: readonly (readonly [RegExp, LandCode])[] = [
  [/^Baden-Württembergisch/u, 'BW'], [/^Bayerisch/u, 'BY'], [/^Brandenburgisch/u, 'BB'], [/^Bremisch/u, 'HB'],
  [/^Hamburgisch/u, 'HH'], [/^Hessisch/u, 'HE'], [/^Niedersächsisch/u, 'NI'], [/^Rheinland-Pfälzisch/u, 'RP'],
  [/^Saarländisch/u, 'SL'], [/^Sächsisch/u, 'SN'], [/^Schleswig-Holsteinisch/u, 'SH'], [/^Thüringer$/u, 'TH'],
];

/** "V o r s i t z :": letters set apart by spaces, closed up. */
function closeSpacedLetters(text: string): string {
  return text.replace(/(?<![\p{L}])(?:\p{L} ){3,}\p{L}(?![\p{L}])/gu, (spaced) => spaced.replace(/ /g, ''));
}

/** The first Land a text names by name, genitive, abbreviation or a ministry's adjective ("Hessisches"). */
function firstLand(text: string): LandCode | null {
  for (const whole of text.match(/\p{L}+(?:-\p{L}+)*/gu) ?? []) {
    // "Sachsen-Anhalt" is one word; "Franz-Josef-Röder-Straße" names no Land, nor does any part of it. A mirror
    // that lost the line breaks glues words together ("D i e t z e lHessisches"): the parts are read too.
    for (const word of [whole, ...(/\p{Ll}\p{Lu}/u.test(whole) ? whole.split(/(?<=\p{Ll})(?=\p{Lu})/u) : [])]) {
      const code = landCodeOfWord(word);
      if (code !== undefined) return code;
      const adjective = LAND_ADJECTIVES.find(([pattern]) => pattern.test(word));
      if (adjective) return adjective[1];
    }
  }
  return null;
}

/**
 * The chair's Land in the lines of a title page or running header (`texts`, in order), or null
 * where they name none. The Land is looked for after the first chair label, over the lines that
 * follow it (a label alone on its line: "Vorsitz:" / "Minister Dr. Till Backhaus" / "Ministerium
 * für … Mecklenburg-Vorpommern").
 */
export function findChairLand(lines: readonly (string | ChairLine)[]): LandCode | null {
  const read: ChairLine[] = lines.map((line) => (typeof line !== 'string' ? line
    : line.endsWith('\u00AD') ? { text: line.slice(0, -1), softHyphenEnd: true } : { text: line }));
  const texts = read.map((line) => line.text);
  // The chair's lines end at a page break: what follows is the next page's header.
  const endsAt = (index: number): boolean => ENDS_CHAIR.test(texts[index]!) || read[index]!.pageBreakBefore === true;
  for (let index = 0; index < texts.length; index++) {
    const text = closeSpacedLetters(texts[index]!);
    const label = CHAIR_LABEL.exec(text) ?? CHAIR_HEADING.exec(text) ?? CHAIR_LAND_WORD.exec(text);
    if (label) {
      const span: ChairLine[] = [{ ...read[index]!, text: text.slice(label.index + label[0].length) }];
      // Four full lines, or more, shorter ones of a narrow column holding no more text (see `mayTakeLine`);
      // joined as running text, so that a name broken at a line's end ("Saar-" / "land") is whole.
      for (let next = index + 1, length = 0; next < texts.length && mayTakeLine(next - index - 1, length, CHAIR_LINES) && !endsAt(next); next++) {
        span.push(read[next]!);
        length += texts[next]!.length;
      }
      return firstLand(joinLines(span).slice(0, CHAIR_SPAN));
    }
    const sentence = CHAIR_IN_SENTENCE.exec(text);
    if (sentence) {
      const parts: ChairLine[] = [{ ...read[index]!, text: text.slice(sentence.index + sentence[0].length) }];
      // The sentence may go on over the next lines: two full lines, or more, shorter ones of a narrow column.
      for (let next = index + 1, length = 0; next < texts.length && mayTakeLine(next - index - 1, length, 2) && !SENTENCE_END.test(joinLines(parts)) && !endsAt(next); next++) {
        parts.push(read[next]!);
        length += texts[next]!.length;
      }
      const rest = joinLines(parts).slice(0, CHAIR_SPAN);
      const end = SENTENCE_END.exec(rest);
      return firstLand(end ? rest.slice(0, end.index) : rest);
    }
  }
  return null;
}
