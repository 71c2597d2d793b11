/**
 * The FTS5 MATCH expressions of a parsed query, one per tier of the ranking. Pure.
 *
 * Tiers, best first: `exact` (the words as typed, after German normalisation), `stem` (also
 * their inflected forms: the stem keys of domain/search-stem.ts, indexed in the `stems` column),
 * `compound` (also the longer words of the vocabulary that contain a query word: "Krankenhaus"
 * in "Krankenhausversorgung", "Schutz" in "Bevölkerungsschutz"). Each tier's expression matches
 * everything the tier before it matched. Quoted phrases and prefixes ("Migrationsberat*") are
 * exact in every tier; excluded words are excluded as typed.
 *
 * A prefix that matches many words ("Tierschutz*") may be given as the list of those words
 * (`PrefixWords`): FTS5 merges the whole doclist of every word a prefix matches before it
 * returns the first row, while an OR of the words is read lazily, newest row first.
 */
import type { ParsedQuery, QueryTerm } from './search-query.js';

export type SearchTier = 'exact' | 'stem' | 'compound';
export const TIERS: readonly SearchTier[] = ['exact', 'stem', 'compound'];

/** FTS5 column names: those with the normalised words, and the stems column. */
export interface MatchColumns {
  words: readonly string[];
  stems: string;
  /**
   * The word columns and the stems column are all the table's columns: a stem, looked up in all of
   * them, then goes without a column filter. Same rows and bm25 scores; FTS5 counts the phrase's
   * rows for bm25 without reading which columns hold it (the stem tier of "Bund Länder" on 100,000
   * resolutions: 7.4 instead of 10.4 ms before the first row).
   */
  all?: boolean;
}

/** The column filter of a stem: the word columns and the stems column (see MatchColumns.all). */
function stemFilter(columns: MatchColumns): string {
  return columns.all ? '' : `{${[...columns.words, columns.stems].join(' ')}} : `;
}

/** Words of the vocabulary containing a part (see QueryTerm.parts), by part. */
export type Expansions = ReadonlyMap<string, readonly string[]>;

/** The words a prefix term stands for, by its prefix (a single normalised token). */
export type PrefixWords = ReadonlyMap<string, readonly string[]>;

export const NO_PREFIX_WORDS: PrefixWords = new Map();

/** An FTS5 string of normalised token characters (see search-query.ts: safe to quote). */
const quoted = (tokens: readonly string[]) => `"${tokens.join(' ')}"`;

function anyOf(strings: readonly string[]): string {
  return strings.length === 1 ? quoted([strings[0]!]) : `(${strings.map((s) => quoted([s])).join(' OR ')})`;
}

function exact(term: QueryTerm, columns: MatchColumns, prefixWords: PrefixWords = NO_PREFIX_WORDS): string {
  const words = term.prefix && term.tokens.length === 1 ? prefixWords.get(term.tokens[0]!) : undefined;
  if (words && words.length > 0) return `{${columns.words.join(' ')}} : ${anyOf(words)}`;
  return `{${columns.words.join(' ')}} : ${quoted(term.tokens)}${term.prefix ? '*' : ''}`;
}

function termExpression(
  term: QueryTerm,
  tier: SearchTier,
  columns: MatchColumns,
  expansions: Expansions,
  prefixWords: PrefixWords,
): string {
  const options = [exact(term, columns, prefixWords)];
  if (tier !== 'exact' && term.stems.length > 0) {
    // A word that is its own stem is indexed only as a word: the stem is looked up in both.
    options.push(`${stemFilter(columns)}${anyOf(term.stems)}`);
  }
  if (tier === 'compound') {
    const words = [...new Set(term.parts.flatMap((part) => expansions.get(part) ?? []))].filter(
      (word) => word !== term.tokens[0],
    );
    if (words.length > 0) options.push(`{${columns.words.join(' ')}} : ${anyOf(words)}`);
  }
  return options.length === 1 ? options[0]! : `(${options.join(' OR ')})`;
}

/**
 * One expression per group of the query (the groups are ANDed), for a tier; prefixes listed in
 * `prefixWords` as an OR of their words.
 */
export function groupExpressions(
  query: ParsedQuery,
  tier: SearchTier,
  columns: MatchColumns,
  expansions: Expansions,
  prefixWords: PrefixWords = NO_PREFIX_WORDS,
): string[] {
  return query.groups.map((group) => {
    const terms = group.map((term) => termExpression(term, tier, columns, expansions, prefixWords));
    return terms.length === 1 ? terms[0]! : `(${terms.join(' OR ')})`;
  });
}

/**
 * One alternative of a group in a tier, as its own MATCH expression: a word as typed, a prefix or
 * a phrase (`exact`), a stem key (`stem`: in the word columns or the stems column), or a compound
 * of the vocabulary (`word`). `word` and `stem` say what a single text must hold for it to match
 * (see alternativeInText); a prefix or a phrase says nothing (`word` and `stem` null).
 */
export interface Alternative {
  match: string;
  word: string | null;
  stem: string | null;
  /**
   * A wide prefix given by its words (`PrefixWords`): the same alternative as one per word — a row
   * matches the OR of the words exactly when it matches one of them. Lets a check answer the
   * vocabulary words from the rows' lists of words (services/search/row-words.ts) instead of
   * seeking to each row in the doclist of every word of the OR.
   */
  split?: readonly Alternative[];
}

/** The alternative of a term as typed: a word, a phrase, a prefix (with its words, when listed in `prefixWords`). */
function exactAlternative(term: QueryTerm, columns: MatchColumns, prefixWords: PrefixWords): Alternative {
  const single = term.tokens.length === 1 && !term.prefix ? term.tokens[0]! : null;
  const alternative: Alternative = { match: exact(term, columns, prefixWords), word: single, stem: null };
  const words = term.prefix && term.tokens.length === 1 ? prefixWords.get(term.tokens[0]!) : undefined;
  if (words && words.length > 0) {
    alternative.split = words.map((word) => ({ match: `{${columns.words.join(' ')}} : ${quoted([word])}`, word, stem: null }));
  }
  return alternative;
}

/**
 * The alternatives of each group of the query in a tier, one MATCH expression each: a row matches
 * the group's expression (groupExpressions) exactly when it matches one of them. Exact ones first,
 * then stems, then compounds (shortest first, as the vocabulary lists them).
 */
export function groupAlternatives(
  query: ParsedQuery,
  tier: SearchTier,
  columns: MatchColumns,
  expansions: Expansions,
  prefixWords: PrefixWords = NO_PREFIX_WORDS,
): Alternative[][] {
  const words = `{${columns.words.join(' ')}}`;
  return query.groups.map((group) => {
    const list: Alternative[] = [];
    for (const term of group) list.push(exactAlternative(term, columns, prefixWords));
    if (tier !== 'exact') {
      for (const term of group) {
        for (const stem of term.stems) list.push({ match: `${stemFilter(columns)}${quoted([stem])}`, word: null, stem });
      }
    }
    if (tier === 'compound') {
      for (const term of group) {
        for (const word of new Set(term.parts.flatMap((part) => expansions.get(part) ?? []))) {
          if (word !== term.tokens[0]) list.push({ match: `${words} : ${quoted([word])}`, word, stem: null });
        }
      }
    }
    return list;
  });
}

/** A text as the index holds it: its normalised tokens, and whether a word of it has a stem key. */
export interface TextTerms {
  tokens: ReadonlySet<string>;
  /** Whether a word of the text (not a function word) has this stem key (search-text.ts indexedText). */
  hasStem(stem: string): boolean;
}

/**
 * Whether a text matches an alternative (a word in the word columns, a stem key in them or in the
 * stems column); null when that cannot be told from its words (a prefix or a phrase).
 */
export function alternativeInText(alternative: Alternative, text: TextTerms): boolean | null {
  if (alternative.split) return alternative.split.some((a) => alternativeInText(a, text) === true);
  if (alternative.word !== null) return text.tokens.has(alternative.word);
  if (alternative.stem !== null) return text.tokens.has(alternative.stem) || text.hasStem(alternative.stem);
  return null;
}

/**
 * Whether a text matches one of some alternatives (alternativeInText true for one of them), for
 * many texts: the words are looked up in a set from the text's tokens (a title has a few, a
 * compound group up to a hundred words), the stem keys one by one.
 */
export function anyAlternativeInText(given: readonly Alternative[]): (text: TextTerms) => boolean {
  const alternatives = given.flatMap((a) => a.split ?? [a]);
  const words = new Set(alternatives.flatMap((a) => (a.word === null ? [] : [a.word])));
  const stems = alternatives.flatMap((a) => (a.word === null && a.stem !== null ? [a.stem] : []));
  return (text) => {
    if (words.size > 0) {
      if (text.tokens.size < words.size) {
        for (const token of text.tokens) if (words.has(token)) return true;
      } else {
        for (const word of words) if (text.tokens.has(word)) return true;
      }
    }
    return stems.some((stem) => text.tokens.has(stem) || text.hasStem(stem));
  };
}

/** The excluded words as one expression ("a" OR "b"), or null. */
export function excludedExpression(query: ParsedQuery, columns: MatchColumns): string | null {
  if (query.excluded.length === 0) return null;
  const terms = query.excluded.map((term) => exact(term, columns));
  return terms.length === 1 ? terms[0]! : `(${terms.join(' OR ')})`;
}

/** The whole MATCH expression of a tier, or null when the query has nothing to search for. */
export function tierExpression(
  query: ParsedQuery,
  tier: SearchTier,
  columns: MatchColumns,
  expansions: Expansions,
  prefixWords: PrefixWords = NO_PREFIX_WORDS,
): string | null {
  if (query.groups.length === 0) return null;
  const groups = groupExpressions(query, tier, columns, expansions, prefixWords);
  const excluded = excludedExpression(query, columns);
  const all = groups.length === 1 ? groups[0]! : groups.map((g) => `(${g})`).join(' AND ');
  return excluded === null ? all : `(${all}) NOT ${excluded}`;
}

/** The parts whose compounds the query needs looked up in the vocabulary. */
export function partsOf(query: ParsedQuery): string[] {
  return [...new Set(query.groups.flat().flatMap((term) => term.parts))];
}

/** The prefixes of the query's positive single-word prefix terms ("Tierschutz*" → "tierschutz"). */
export function prefixesOf(query: ParsedQuery): string[] {
  return [...new Set(query.groups.flat().filter((term) => term.prefix && term.tokens.length === 1).map((term) => term.tokens[0]!))];
}

/**
 * The MATCH expression, on a table of titles (`columns`), of the titles that hold a word of the
 * query as typed, a prefix, or an inflected form — what the ranking counts as the query in the
 * title (domain/search-ranking.ts, search-text.ts titleMatch: its highlight words, prefixes and
 * stem keys); null when the query has none. Any one of them will do: with several query words
 * one in the title is enough, and a phrase counts with its words.
 */
export function titleExpression(query: ParsedQuery, columns: MatchColumns): string | null {
  const { words, prefixes, stems = [] } = query.highlight;
  const options: string[] = [];
  if (words.length > 0) options.push(`{${columns.words.join(' ')}} : ${anyOf(words)}`);
  for (const prefix of prefixes) options.push(`{${columns.words.join(' ')}} : ${quoted([prefix])}*`);
  // a word that is its own stem is indexed only as a word (as in termExpression)
  if (stems.length > 0) options.push(`${stemFilter(columns)}${anyOf(stems)}`);
  if (options.length === 0) return null;
  return options.length === 1 ? options[0]! : options.join(' OR ');
}

/**
 * Whether a title match of the query (titleExpression) is a match of the query itself: one group
 * of single words (no phrase), nothing excluded. A title with a word as typed or a prefix then
 * matches the exact tier, one with an inflected form the stem tier.
 */
export function titleImpliesMatch(query: ParsedQuery): boolean {
  return query.groups.length === 1 && query.excluded.length === 0 && query.groups[0]!.every((term) => term.tokens.length === 1);
}
