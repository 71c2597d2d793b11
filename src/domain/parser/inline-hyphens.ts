/**
 * Words broken by a hyphen inside a line. An extraction that re-flows a PDF's lines (a web mirror's
 * text block, a copy from a viewer) keeps the typesetter's line-break hyphen where the line no
 * longer breaks: "die Ge-setzgebung", "die Bundes- regierung". A real hyphen looks the same
 * ("freiheitlich-demokratische", "Bundes- und Landesrecht", "E-Mail"), so a word is made whole only
 * where that is safe: the part after the hyphen starts in lower case and is no conjunction of a
 * suspended compound ("und", "oder", …), and the whole word is one the document itself writes
 * unbroken somewhere ("Gesetzgebung", also inflected, "Bundesregierungen", or as the first or last part of
 * a compound, "Gesetzgebungsverfahren", "Bundesgesetzgebung"). Otherwise the text stays.
 */
import type { SourceLine } from './lines.js';

/**
 * A word, a hyphen, perhaps one space, and a lower-case continuation: "Ge-setzgebung", "Bundes- regierung".
 * Not inside a web or e-mail address ("www.gmk-online.de") or a compound of more parts ("Bund-Länder-ab").
 */
const BROKEN_WORD = /(?<![\p{L}\p{N}\-./@])(\p{L}{2,})-( ?)(\p{Ll}{2,})(?![\p{L}\p{N}\-/@]|\.\p{L})/gu;
/** Second parts that make a suspended compound ("Bundes- und Landesrecht", "Kinder- bzw. Jugendhilfe"). */
const CONJUNCTION = /^(?:und|oder|sowie|bzw|bis|als|wie|noch)$/;
/** Inflection endings by which the unbroken word the document writes may differ ("Gesetzgebung" / "Gesetzgebungen"). */
const ENDINGS = ['e', 'n', 'en', 'er', 'es', 's', 'em', 'ern', 'ens'];
const LETTERS = /\p{L}+/gu;

/** The words the document writes unbroken, and those it breaks at a line's end ("Bundes-" / "regierung"). */
function documentWords(lines: readonly SourceLine[]): Set<string> {
  const words = new Set<string>();
  lines.forEach((line, index) => {
    for (const word of line.text.match(LETTERS) ?? []) words.add(word);
    const next = lines[index + 1]?.text ?? '';
    const start = /^\p{Ll}\p{L}*/u.exec(next)?.[0];
    const end = /(\p{L}+)-?$/u.exec(line.text);
    if (start !== undefined && end !== null && (line.text.endsWith('-') || line.softHyphenEnd)) words.add(end[1]! + start);
  });
  return words;
}

/** Shortest word that counts as known where the document writes it only inside a compound ("Bundesgesetzgebung"). */
const MIN_PART = 8;

function isKnown(word: string, words: ReadonlySet<string>): boolean {
  if (words.has(word)) return true;
  if (ENDINGS.some((ending) => words.has(word + ending) || (word.length > ending.length + 3 && word.endsWith(ending) && words.has(word.slice(0, -ending.length))))) return true;
  // The first or last part of a compound the document writes ("Gesetzgebungsverfahren", "Bundesgesetzgebung").
  if (word.length < MIN_PART) return false;
  const lower = word.toLowerCase();
  for (const known of words) {
    if (known.length > lower.length && (known.toLowerCase().startsWith(lower) || known.toLowerCase().endsWith(lower))) return true;
  }
  return false;
}

/** The lines with the words broken inside them made whole where that is safe (see above). */
export function repairInlineHyphens(lines: readonly SourceLine[]): SourceLine[] {
  if (!lines.some((line) => line.text.includes('-'))) return [...lines];
  let words: Set<string> | null = null;
  return lines.map((line) => {
    if (!line.text.includes('-')) return line;
    const text = line.text.replace(BROKEN_WORD, (whole, first: string, _space: string, rest: string) => {
      if (CONJUNCTION.test(rest)) return whole;
      words ??= documentWords(lines);
      return isKnown(first + rest, words) ? first + rest : whole;
    });
    return text === line.text ? line : { ...line, text };
  });
}
