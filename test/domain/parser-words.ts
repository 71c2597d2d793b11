/**
 * Test support for "no word lost": every word of every input line the parser did not classify as
 * page furniture, title page or table of contents must occur in some string of the output
 * (fields or warnings). Markup words ("TOP", "Antragsteller") and the words that name Länder
 * (mapped to codes) are exempt.
 */
import { isLandVocabulary } from '../../src/domain/laender.js';
import { isMarkupWord, type ParseResult } from '../../src/domain/parser/index.js';

function collectStrings(value: unknown, into: string[]): string[] {
  if (typeof value === 'string') into.push(value);
  else if (typeof value === 'number') into.push(String(value));
  else if (Array.isArray(value)) value.forEach((item) => collectStrings(item, into));
  else if (value && typeof value === 'object') Object.values(value).forEach((item) => collectStrings(item, into));
  return into;
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Words of the read lines missing from the output. A word broken by a line-end hyphen (or soft
 * hyphen) may appear joined ("Ham-" + "burg" → "Hamburg") or in its parts, depending on whether both
 * lines went to the same field.
 *
 * Words are looked up whole, so that a dropped "Bund" does not pass for part of "Bundesrat".
 * `wholeWords: false` accepts a word found inside another: for shuffled input, where the parser
 * may rightly join the halves of a broken word across lines of other fields.
 */
export function lostWords(result: ParseResult, { wholeWords = true } = {}): string[] {
  if (result.failure) return [];
  const output = collectStrings(result.document, []).join('\n');
  const haystack = output.toLowerCase();
  const outputWords = new Set((output.match(WORD) ?? []).map((word) => word.toLowerCase()));
  const found = (word: string): boolean => (wholeWords ? outputWords.has(word.toLowerCase()) : haystack.includes(word.toLowerCase()));
  const placed = (word: string): boolean => isMarkupWord(word) || isLandVocabulary(word) || found(word);
  const lines = result.lines.filter((line) => line.ignored === null && line.text !== '');
  const words = lines.map((line) => line.text.match(WORD) ?? []);
  const lost = new Set<string>();
  words.forEach((lineWords, index) => {
    const brokenAtEnd = breaksWord(lines[index]!);
    const brokenAtStart = index > 0 && breaksWord(lines[index - 1]!);
    lineWords.forEach((word, position) => {
      if (placed(word)) return;
      const isLast = position === lineWords.length - 1;
      const inBrokenWord = (isLast && brokenAtEnd) || (position === 0 && brokenAtStart);
      // A joined word may run on into the next line's word ("Migrationsbera-" + "tung für"): found inside the output;
      // a joined markup word ("Bes-" + "chluss:") is read by the parser like the whole word.
      const joinedPlaced = (joined: string): boolean => isMarkupWord(joined) || isLandVocabulary(joined) || haystack.includes(joined.toLowerCase());
      if (inBrokenWord && brokenWordsAround(lines, words, index).some((joined) => joined.includes(word) && joinedPlaced(joined))) return;
      lost.add(word);
    });
  });
  return [...lost];
}

interface ReadLine {
  readonly text: string;
  readonly softHyphenEnd: boolean;
}

/** The line ends in a word broken by a hyphen, or by a soft hyphen that normalising dropped. */
function breaksWord(line: ReadLine): boolean {
  return line.text.endsWith('-') || line.softHyphenEnd;
}

/** Words broken over several lines ("Nordrhein-Wes-" + "tf-" + "alen") that pass through line `index`, joined. */
function brokenWordsAround(lines: readonly ReadLine[], words: readonly string[][], index: number): string[] {
  const joined: string[] = [];
  for (let start = Math.max(0, index - 3); start <= index; start++) {
    let word = words[start]?.at(-1) ?? '';
    for (let next = start + 1; next <= start + 4 && next < lines.length && breaksWord(lines[next - 1]!); next++) {
      word += words[next]?.[0] ?? '';
      joined.push(word);
      if ((words[next]?.length ?? 0) > 1) break;
    }
  }
  return joined;
}
