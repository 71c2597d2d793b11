/**
 * German text normalisation for the full-text search, and highlighting of matches in the
 * ORIGINAL text. Pure, no I/O.
 *
 * FTS5's `remove_diacritics` would fold "Förderung" (funding) into "Forderung" (demand). Instead
 * both the indexed text and the query go through `normalizeGerman`: NFC, lower case, ä→ae,
 * ö→oe, ü→ue, ß→ss, soft hyphens removed. "FÖRDERUNG", "Foerderung" and "Förderung" become
 * "foerderung"; "Forderung" stays "forderung"; "Straße" and "Strasse" both become "strasse".
 *
 * Tokens follow FTS5's unicode61 tokenizer: runs of letters, digits and private-use characters;
 * everything else separates.
 */

import { stemKey } from './search-stem.js';

/** German function words (normalised form): not highlighted inside phrases, not stemmed. */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set([
  'der', 'die', 'das', 'den', 'dem', 'des', 'ein', 'eine', 'einer', 'eines', 'einem', 'einen',
  'und', 'oder', 'zu', 'zur', 'zum', 'im', 'in', 'am', 'an', 'auf', 'aus', 'bei', 'mit', 'von', 'vom',
  'fuer', 'ueber', 'nach', 'als', 'auch', 'sich', 'nicht', 'ist', 'sind', 'wird', 'werden',
]);

/** Characters that make up a token (as for FTS5's unicode61 tokenizer, plus the soft hyphen). */
const TOKEN = /[\p{L}\p{N}\p{Co}\p{M}\u00AD]+/gu;

const FOLD: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/** The normalised form of a text as it is indexed and queried. */
export function normalizeGerman(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\u00AD/g, '')
    .toLowerCase()
    .replace(/[äöüß]/g, (ch) => FOLD[ch]!);
}

export interface Token {
  /** The token as written in the original text. */
  text: string;
  /** Its normalised form. */
  norm: string;
  start: number;
  end: number;
}

/** The tokens of an original text, with positions, each with its normalised form. */
/** normalizeGerman of single words, which come back again and again (titles, query words). */
const normalizedWords = new Map<string, string>();
const NORMALIZED_WORDS = 50_000;

function normalizeWord(word: string): string {
  let norm = normalizedWords.get(word);
  if (norm === undefined) {
    norm = normalizeGerman(word);
    if (normalizedWords.size >= NORMALIZED_WORDS) normalizedWords.clear();
    normalizedWords.set(word, norm);
  }
  return norm;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const norm = normalizeWord(match[0]);
    if (norm === '') continue;
    tokens.push({ text: match[0], norm, start: match.index, end: match.index + match[0].length });
  }
  return tokens;
}

/** Normalised tokens of a text (for queries): "Nordrhein-Westfalen" → ["nordrhein", "westfalen"]. */
export function normalizedTokens(text: string): string[] {
  return tokenize(text).map((t) => t.norm);
}

/**
 * What to highlight: normalised whole words and prefixes, stem keys (domain/search-stem.ts) whose
 * words are marked whole, and parts marked where they occur inside a longer word (compounds).
 */
export interface HighlightTerms {
  words: readonly string[];
  prefixes: readonly string[];
  stems?: readonly string[];
  parts?: readonly string[];
}

/** A piece of original text; `hit` pieces are rendered as <mark>. */
export interface Segment {
  text: string;
  hit: boolean;
}

/** Cheap pre-check: can the text contain a match at all? (Avoids tokenizing most texts.) */
export function mayMatch(text: string, terms: HighlightTerms): boolean {
  const norm = normalizeGerman(text);
  if (terms.words.some((w) => norm.includes(w)) || terms.prefixes.some((p) => norm.includes(p))) return true;
  if (terms.parts?.some((p) => norm.includes(p))) return true;
  if (!terms.stems?.length) return false;
  // A stem key is a prefix of its word, transliterated or with the umlaut folded.
  const folded = norm.replace(/ae|oe|ue/g, (pair) => pair[0]!);
  return terms.stems.some((s) => norm.includes(s) || folded.includes(s));
}

/** A hit inside a token: the whole token, or [start, end) of its original text. */
type Hit = { index: number; start: number; end: number };

/** Offsets in the original text of each character of its normalised form (ä → "ae": twice). */
function normalizedOffsets(original: string): number[] {
  const offsets: number[] = [];
  let i = 0;
  for (const ch of original) {
    const norm = normalizeGerman(ch);
    for (let k = 0; k < norm.length; k++) offsets.push(i);
    i += ch.length;
  }
  offsets.push(i);
  return offsets;
}

/**
 * How a token matches: a query word as typed (or a prefix), an inflected form, a compound that
 * begins or ends with a query word (`element`), or a word that merely contains one (`part`).
 */
type HitKind = 'word' | 'form' | 'element' | 'part';

/** Fewest letters a compound keeps beside a query word: a word of its own ("Arbeits|schutz"), not an ending ("Haft|ung"). */
const MIN_COMPOUND_REST = 4;

/**
 * Whether a query word (`part`, normalised) is the first or last element of a compound (`norm`):
 * "Fachkräfte|gewinnung", "Erwerbsminderungs|rente". Not where it only stands inside ("Förd|erde|rung",
 * "St|rate|gie"), leaves fewer than MIN_COMPOUND_REST letters, or where the seam would split "ch" or
 * "ck" ("Wirtsc|haft", "Gesellsc|haft").
 */
function isCompoundElement(norm: string, part: string): boolean {
  if (norm.length - part.length < MIN_COMPOUND_REST) return false;
  const splits = (before: string | undefined, after: string | undefined) => before === 'c' && (after === 'h' || after === 'k');
  if (norm.startsWith(part) && !splits(part.at(-1), norm[part.length])) return true;
  return norm.endsWith(part) && !splits(norm[norm.length - part.length - 1], part[0]);
}

function hitKind(token: Token, terms: HighlightTerms): HitKind | null {
  if (terms.words.includes(token.norm) || terms.prefixes.some((p) => token.norm.startsWith(p))) return 'word';
  if (terms.stems?.length && terms.stems.includes(stemKey(token.text))) return 'form';
  if (!terms.parts?.some((part) => token.norm.includes(part))) return null;
  return terms.parts.some((part) => isCompoundElement(token.norm, part)) ? 'element' : 'part';
}

function hitOf(token: Token, index: number, terms: HighlightTerms): Hit | null {
  const kind = hitKind(token, terms);
  if (kind === null) return null;
  const whole = { index, start: token.start, end: token.end };
  if (kind === 'word' || kind === 'form') return whole;
  const part = terms.parts!.find((p) => token.norm.includes(p))!;
  const at = token.norm.indexOf(part);
  const offsets = normalizedOffsets(token.text);
  if (offsets.length !== token.norm.length + 1) return whole;
  return { index, start: token.start + offsets[at]!, end: token.start + offsets[at + part.length]! };
}

function hitsOf(tokens: readonly Token[], terms: HighlightTerms): Hit[] {
  const hits: Hit[] = [];
  tokens.forEach((token, i) => {
    const hit = hitOf(token, i, terms);
    if (hit) hits.push(hit);
  });
  return hits;
}

function segmentsOf(text: string, hits: readonly Hit[], from: number, to: number): Segment[] {
  const segments: Segment[] = [];
  let plain = '';
  let cursor = from;
  for (const hit of hits) {
    if (hit.start < from || hit.end > to) continue;
    plain += text.slice(cursor, hit.start);
    if (plain) segments.push({ text: plain, hit: false });
    plain = '';
    segments.push({ text: text.slice(hit.start, hit.end), hit: true });
    cursor = hit.end;
  }
  plain += text.slice(cursor, to);
  if (plain) segments.push({ text: plain, hit: false });
  return segments;
}

/** How a title matches a query (see titleMatch). */
export interface TitleMatch {
  /** The share (0–1) of its words that match in any way: how much of the title is about the query. */
  share: number;
  /** A query word as typed (or a prefix) is among them. */
  word: boolean;
  /** An inflected form of a query word is among them. */
  form: boolean;
  /** A compound beginning or ending with a query word is among them ("Fachkräftegewinnung"). */
  compound: boolean;
}

const NO_TITLE_MATCH: TitleMatch = Object.freeze({ share: 0, word: false, form: false, compound: false });

/** A word of no normalised letters (a soft hyphen alone): not a token (see tokenize). */
const NO_TOKEN = 'none';

/**
 * Per query (its highlight terms), how each word as written matches (hitKind), or NO_TOKEN: the
 * ranking asks about the titles of every candidate, up to a few thousand per search, whose words
 * come back again and again ("Bund", "Länder", "Bericht"); each is normalised and compared with
 * the query once (titleMatch).
 */
const wordKinds = new WeakMap<HighlightTerms, Map<string, HitKind | null | typeof NO_TOKEN>>();
/** Words kept per query. */
const WORD_KINDS = 50_000;

function kindOfWord(word: string, terms: HighlightTerms): HitKind | null | typeof NO_TOKEN {
  let kinds = wordKinds.get(terms);
  if (!kinds) wordKinds.set(terms, (kinds = new Map()));
  let kind = kinds.get(word);
  if (kind === undefined) {
    const norm = normalizeWord(word);
    kind = norm === '' ? NO_TOKEN : hitKind({ text: word, norm, start: 0, end: 0 }, terms);
    if (kinds.size >= WORD_KINDS) kinds.clear();
    kinds.set(word, kind);
  }
  return kind;
}

/**
 * The share of a title's words that match, and whether a query word, an inflected form or a
 * compound of one does: one pass over the title's tokens (as tokenize finds them), each word's
 * kind asked once per query (kindOfWord).
 */
export function titleMatch(text: string, terms: HighlightTerms): TitleMatch {
  if (!mayMatch(text, terms)) return NO_TITLE_MATCH;
  let tokens = 0;
  let hits = 0;
  let word = false;
  let form = false;
  let compound = false;
  for (const match of text.matchAll(TOKEN)) {
    const kind = kindOfWord(match[0], terms);
    if (kind === NO_TOKEN) continue;
    tokens += 1;
    if (kind === null) continue;
    hits += 1;
    if (kind === 'word') word = true;
    else if (kind === 'form') form = true;
    else if (kind === 'element') compound = true;
  }
  if (tokens === 0) return NO_TITLE_MATCH;
  return { share: hits / tokens, word, form, compound };
}

/** The whole text, with every matching word marked (for titles). */
export function highlight(text: string, terms: HighlightTerms): Segment[] {
  return segmentsOf(text, hitsOf(tokenize(text), terms), 0, text.length);
}

export interface Snippet {
  segments: Segment[];
  /** Distinct normalised words matched, for choosing the best of several texts. */
  distinctHits: number;
  hits: number;
}

/**
 * A window of about `maxChars` characters of the original text around its first match, cut at
 * word boundaries, with "…" where the text was cut; null when nothing matches.
 */
export function snippet(text: string, terms: HighlightTerms, maxChars = 240): Snippet | null {
  if (!mayMatch(text, terms)) return null;
  const tokens = tokenize(text);
  const hits = hitsOf(tokens, terms);
  if (hits.length === 0) return null;
  const first = tokens[hits[0]!.index]!;
  let from = 0;
  let to = text.length;
  if (text.length > maxChars) {
    // Start a little before the first hit, at a word start; end at a word end.
    const lead = Math.min(60, Math.floor(maxChars / 4));
    const startAt = Math.max(0, first.start - lead);
    const startToken = tokens.find((t) => t.end > startAt) ?? first;
    from = startToken.start <= first.start ? startToken.start : first.start;
    if (startAt === 0) from = 0;
    const limit = from + maxChars;
    let end = first.end;
    for (const token of tokens) {
      if (token.start < from) continue;
      if (token.end > limit) break;
      end = token.end;
    }
    to = Math.max(end, first.end);
  }
  const segments = segmentsOf(text, hits, from, to);
  if (from > 0) segments.unshift({ text: '… ', hit: false });
  if (to < text.length) segments.push({ text: ' …', hit: false });
  const inWindow = hits.filter((hit) => hit.start >= from && hit.end <= to);
  return {
    segments,
    distinctHits: new Set(hits.map((hit) => tokens[hit.index]!.norm)).size,
    hits: inWindow.length,
  };
}

/** The best snippet among several texts: most distinct matched words, then most matches. */
export function bestSnippet<T>(
  candidates: readonly { text: string; source: T }[],
  terms: HighlightTerms,
  maxChars = 240,
): { segments: Segment[]; source: T } | null {
  let best: { snippet: Snippet; source: T } | null = null;
  const wanted = terms.words.length + terms.prefixes.length;
  for (const candidate of candidates) {
    // A text with every term cannot be beaten on distinct hits: stop looking.
    if (best && best.snippet.distinctHits >= wanted) break;
    const found = snippet(candidate.text, terms, maxChars);
    if (!found) continue;
    if (
      !best ||
      found.distinctHits > best.snippet.distinctHits ||
      (found.distinctHits === best.snippet.distinctHits && found.hits > best.snippet.hits)
    ) {
      best = { snippet: found, source: candidate.source };
    }
  }
  return best ? { segments: best.snippet.segments, source: best.source } : null;
}

/** The start of a text, cut at a word end, for result lists without a text query. */
export function excerpt(text: string, maxChars = 240): Segment[] {
  if (text.length <= maxChars) return [{ text, hit: false }];
  const cut = text.lastIndexOf(' ', maxChars);
  return [{ text: `${text.slice(0, cut > 0 ? cut : maxChars)} …`, hit: false }];
}

/** A text as the index stores it. */
export interface IndexedText {
  /** The normalised text (tokenized by FTS5's unicode61 like `tokenize`). */
  normalized: string;
  /** The stem keys of its words, where they differ from the normalised word; space-separated. */
  stems: string;
  /** Its distinct normalised words of at least four characters with a letter (the vocabulary). */
  words: ReadonlySet<string>;
}

const VOCABULARY_WORD = /^(?=.*\p{L})[\p{L}\p{N}]{4,}$/u;

export function indexedText(text: string): IndexedText {
  const normalized = normalizeGerman(text);
  const stems: string[] = [];
  const words = new Set<string>();
  for (const match of text.matchAll(TOKEN)) {
    const norm = normalizeGerman(match[0]);
    if (norm === '' || FUNCTION_WORDS.has(norm)) continue;
    const stem = stemKey(match[0]);
    if (stem !== norm) stems.push(stem);
    if (VOCABULARY_WORD.test(norm)) words.add(norm);
  }
  return { normalized, stems: stems.join(' '), words };
}
