/**
 * German inflection for the search: the stem key of a word, so that "Kita" and "Kitas",
 * "Geflüchtete" and "Geflüchteten", "Beschluss" and "Beschlüsse" meet, while "Förderung"
 * (funding) and "Forderung" (demand) stay apart. Pure, no I/O.
 *
 * The stemmer is Snowball's German algorithm (@orama/stemmers). Snowball folds every umlaut
 * (ä→a, ö→o, ü→u) before stemming, which would make Förderung and Forderung one stem. The key
 * is therefore built from the transliterated word (ä→ae, as the index stores it: "foerder" ≠
 * "forder"), except where the umlaut is most likely the plural's (or a comparative's) — the last
 * vowel before an ending -e, -en or -er is an umlaut: Beschlüsse(n), Anträge, Länder,
 * Krankenhäuser. Those forms are stemmed with the umlaut folded, as Snowball would, and meet their
 * singular ("beschluss", "antrag", "land", "krankenhaus"). "Förderung(en)" has no such ending and
 * keeps its umlaut.
 *
 * Snowball drops a final -s only after certain consonants; the s-plural of words ending in a
 * vowel ("Kitas", "Autos", "Babys") is dropped here as well (not after -u: "Status", "Bus").
 */
import { stemmer } from '@orama/stemmers/german';

const TRANSLITERATION: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue' };
const FOLD: Record<string, string> = { ä: 'a', ö: 'o', ü: 'u' };

/** Ending -e, -en or -er after a base whose last vowel group holds an umlaut. */
const UMLAUT_PLURAL = /[äöü][aeiouy]?[^aeiouyäöü]+(?:e|en|er)$/u;
/** A vowel s-plural: a consonant, one of a i o y, then s. */
const VOWEL_S_PLURAL = /[^aeiouyäöü][aioy]s$/u;
const LETTERS = /^\p{L}+$/u;

const cache = new Map<string, string>();
const CACHE_SIZE = 50_000;

function compute(lower: string): string {
  if (lower.length < 3 || !LETTERS.test(lower)) return lower;
  const folded = UMLAUT_PLURAL.test(lower) && lower.length >= 5;
  const input = lower.replace(/[äöü]/gu, (ch) => (folded ? FOLD[ch]! : TRANSLITERATION[ch]!));
  let stem = stemmer(input);
  if (stem.length >= 5 && VOWEL_S_PLURAL.test(stem)) stem = stem.slice(0, -1);
  return stem;
}

/**
 * The stem key of one word as written (any case, with or without umlauts, soft hyphens
 * removed): lower case, ß as ss, umlauts transliterated except in umlaut plurals; digits and
 * words of fewer than three letters stay as they are (lower-cased).
 */
export function stemKey(word: string): string {
  // the words as written come back again and again (titles of the candidates): looked up before normalising
  let key = asWritten.get(word);
  if (key !== undefined) return key;
  const lower = word.normalize('NFC').replace(/\u00AD/g, '').toLowerCase().replace(/ß/g, 'ss');
  key = cache.get(lower);
  if (key === undefined) {
    key = compute(lower);
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(lower, key);
  }
  if (asWritten.size >= CACHE_SIZE) asWritten.clear();
  asWritten.set(word, key);
  return key;
}

const asWritten = new Map<string, string>();
