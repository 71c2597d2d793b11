/**
 * What a user types into the search box, turned into a safe FTS5 MATCH expression. Pure.
 *
 * Understood: words (all must occur), "phrases in quotes", a trailing * for prefixes
 * ("Migrationsberat*", at least two letters), a leading minus or NOT (NICHT) to exclude, OR (ODER)
 * between two terms, AND (UND) allowed between terms; the operators in capitals only, so that "und"
 * and "oder" in a pasted sentence stay words. A query made only of function words ("der die das")
 * searches nothing and says why. Everything else is taken literally: every term is emitted as a quoted FTS5 string made
 * only of token characters, so FTS5 syntax characters, stray operators ("AND OR") and
 * unbalanced quotes can never produce an FTS5 syntax error. Problems are reported as notice
 * codes (the route turns them into German messages); the query still runs where it can.
 */
import { FUNCTION_WORDS, normalizeGerman, tokenize, type HighlightTerms } from './search-text.js';
import { stemKey } from './search-stem.js';

/** Longer input is cut (a 2,000-character paste still answers). */
export const MAX_QUERY_CHARS = 300;
/** More terms are ignored: every term costs an FTS5 doclist scan. */
export const MAX_TERMS = 12;
/** Shortest prefix for "xy*": shorter ones would match nearly every word. */
export const MIN_PREFIX = 2;

export type QueryNotice =
  | 'truncated'
  | 'unbalancedQuote'
  | 'tooManyTerms'
  | 'shortPrefix'
  | 'onlyExcluded'
  | 'noTerms'
  | 'onlyFunctionWords'
  | 'lowercaseOperator'
  | 'agendaItem';

/** Shortest word looked up inside compounds ("Amt" would be found in half the vocabulary). */
export const MIN_COMPOUND_PART = 4;

export interface QueryTerm {
  /** Normalised tokens; more than one = a phrase. */
  tokens: string[];
  prefix: boolean;
  /** Stem keys it also matches (a single unquoted word without *; else empty). */
  stems: string[];
  /** What it is looked up as inside compounds (a single unquoted word without *; else empty). */
  parts: string[];
}

export interface ParsedQuery {
  /** The input as the user typed it (trimmed), for the form. */
  input: string;
  /** The FTS5 MATCH expression, or null when there is nothing to search for (also for function words alone). */
  match: string | null;
  /** Positive terms grouped by OR; the groups are ANDed. */
  groups: QueryTerm[][];
  excluded: QueryTerm[];
  highlight: HighlightTerms;
  notices: QueryNotice[];
}

type Operator = 'OR' | 'AND' | 'NOT';

interface RawTerm {
  text: string;
  quoted: boolean;
  negated: boolean;
  operator: Operator | null;
}

/** "oder" and "nicht" between two terms: a word, but most likely meant as the operator. */
const LOWERCASE_OPERATORS: ReadonlySet<string> = new Set(['oder', 'nicht']);

/** The operators as typed, in English or German, in capitals ("ODER" like "OR"). */
const OPERATORS: ReadonlyMap<string, Operator> = new Map([
  ['OR', 'OR'],
  ['ODER', 'OR'],
  ['AND', 'AND'],
  ['UND', 'AND'],
  ['NOT', 'NOT'],
  ['NICHT', 'NOT'],
]);

/** Splits the input into raw terms: quoted phrases, words, with minus flags and operators. */
function scan(input: string, notices: Set<QueryNotice>): RawTerm[] {
  const terms: RawTerm[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/u.test(ch)) {
      i++;
      continue;
    }
    let negated = false;
    if (ch === '-' && i + 1 < input.length && !/\s/u.test(input[i + 1]!)) {
      negated = true;
      i++;
    }
    if (input[i] === '"' || input[i] === '„' || input[i] === '“') {
      const closers = ['"', '“', '”'];
      let end = i + 1;
      while (end < input.length && !closers.includes(input[end]!)) end++;
      if (end >= input.length) notices.add('unbalancedQuote');
      let text = input.slice(i + 1, end);
      i = end + 1;
      // A star right after the closing quote: phrase prefix ("Migrations beratung"*).
      if (input[i] === '*') {
        text += '*';
        i++;
      }
      terms.push({ text, quoted: true, negated, operator: null });
      continue;
    }
    let end = i;
    while (end < input.length && !/\s/u.test(input[end]!) && !['"', '„', '“'].includes(input[end]!)) end++;
    const text = input.slice(i, end);
    i = end;
    const operator = negated ? null : (OPERATORS.get(text) ?? null);
    terms.push({ text, quoted: false, negated, operator });
  }
  return terms;
}

function toTerm(raw: RawTerm, notices: Set<QueryNotice>): QueryTerm | null {
  let text = raw.text.trim();
  const prefix = /\*\s*$/u.test(text);
  if (prefix) text = text.replace(/\*+\s*$/u, '');
  const words = tokenize(text);
  const tokens = words.map((t) => t.norm);
  if (tokens.length === 0) return null;
  if (prefix && tokens[tokens.length - 1]!.length < MIN_PREFIX) {
    notices.add('shortPrefix');
    return null;
  }
  // Quoted phrases and prefixes stay exact; a single word also matches its inflected forms and
  // compounds that contain it.
  if (raw.quoted || prefix || words.length !== 1 || FUNCTION_WORDS.has(tokens[0]!)) {
    return { tokens, prefix, stems: [], parts: [] };
  }
  const word = words[0]!;
  const stem = stemKey(word.text);
  const stems = stem.length >= 3 ? [stem] : [];
  const parts = [...new Set([word.norm, stem])].filter((part) => part.length >= MIN_COMPOUND_PART && /\p{L}/u.test(part));
  return { tokens, prefix, stems, parts };
}

/** An FTS5 string: only token characters inside, so quoting is safe. */
function ftsString(term: QueryTerm): string {
  return `"${term.tokens.join(' ')}"${term.prefix ? '*' : ''}`;
}

/** Words joined by hyphens ("Kita-Plätze", "Bund-Länder", "E-Mail", "Covid-19"). */
const HYPHENATED = /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+$/u;

/**
 * The same words written as one ("Kitaplätze" for "Kita-Plätze", "Email" for "E-Mail"), matched
 * exactly, for an unquoted hyphenated word; null for anything else. The hyphenated word itself is
 * searched as the phrase of its parts.
 */
function closedForm(raw: RawTerm, term: QueryTerm): QueryTerm | null {
  if (raw.quoted || term.prefix || term.tokens.length < 2 || !HYPHENATED.test(raw.text)) return null;
  return { tokens: [term.tokens.join('')], prefix: false, stems: [], parts: [] };
}

/** "TOP 5", "TOP 2.12", "TOP 3a": an agenda item number (the search does not index them). */
const AGENDA_ITEM = /^\d{1,3}(?:\.\d{1,3})*[a-z]?$/iu;

const COORDINATION = new Set(['und', 'oder', 'sowie', 'bzw', 'bzw.']);
const TRUNCATED = /^(\p{L}{2,})-$/u;
const WORD = /^\p{L}{5,}$/u;

/**
 * A coordinated compound with a truncated first part at raws[i] ("Kinder- und Jugendhilfe"):
 * the words the truncated part may stand for (the part followed by every tail of the second word
 * of four or more letters: "kinderhilfe", …), matched exactly; null if there is none.
 */
function coordinatedCompound(raws: readonly RawTerm[], i: number): QueryTerm[] | null {
  const [first, and, second] = [raws[i], raws[i + 1], raws[i + 2]];
  if (!first || !and || !second || first.quoted || first.negated || second.quoted || second.negated) return null;
  const head = TRUNCATED.exec(first.text);
  if (!head || !COORDINATION.has(and.text.toLowerCase()) || !WORD.test(second.text)) return null;
  const part = normalizeGerman(head[1]!);
  const tail = normalizeGerman(second.text);
  const words = new Set<string>();
  for (let k = 1; k + 4 <= tail.length; k++) words.add(part + tail.slice(k));
  return [...words].map((word) => ({ tokens: [word], prefix: false, stems: [], parts: [] }));
}

export function parseQuery(value: string | null | undefined): ParsedQuery {
  const notices = new Set<QueryNotice>();
  let input = (value ?? '').trim();
  if (input.length > MAX_QUERY_CHARS) {
    notices.add('truncated');
    input = input.slice(0, MAX_QUERY_CHARS);
    const lastSpace = input.lastIndexOf(' ');
    if (lastSpace > MAX_QUERY_CHARS / 2) input = input.slice(0, lastSpace);
  }
  const groups: QueryTerm[][] = [];
  const excluded: QueryTerm[] = [];
  let pendingOr = false;
  let pendingNot = false;
  let count = 0;
  /** Whether a positive term says something: not only unquoted function words ("der die das"). */
  let meaningful = false;
  const raws = scan(input, notices);
  for (let i = 0; i < raws.length; i++) {
    const raw = raws[i]!;
    const ellipsis = coordinatedCompound(raws, i);
    if (ellipsis && count + 1 < MAX_TERMS) {
      // "Kinder- und Jugendhilfe": Jugendhilfe, or Kinder… with a tail of Jugendhilfe.
      const whole = toTerm(raws[i + 2]!, notices);
      if (whole) {
        meaningful = true;
        groups.push([whole, ...ellipsis]);
        count += 2;
        i += 2;
        continue;
      }
    }
    if (raw.operator === 'OR') {
      pendingOr = groups.length > 0;
      continue;
    }
    if (raw.operator === 'AND') continue;
    if (raw.operator === 'NOT') {
      pendingNot = true;
      continue;
    }
    if (!raw.quoted && raw.text.toUpperCase() === 'TOP' && AGENDA_ITEM.test(raws[i + 1]?.text ?? '')) notices.add('agendaItem');
    // "Kita oder Schule": searched as the word "oder" (in small letters a word, as in a pasted
    // sentence); the notice tells how to write the operator
    if (!raw.quoted && !raw.negated && LOWERCASE_OPERATORS.has(raw.text) && i > 0 && i < raws.length - 1) notices.add('lowercaseOperator');
    const term = toTerm(raw, notices);
    const negated = raw.negated || pendingNot;
    pendingNot = false;
    if (!term) continue;
    if (count >= MAX_TERMS) {
      notices.add('tooManyTerms');
      continue;
    }
    count++;
    // "Kita-Plätze": the phrase or the closed compound
    const closed = closedForm(raw, term);
    const forms = closed ? [term, closed] : [term];
    if (negated) {
      excluded.push(...forms);
      pendingOr = false;
      continue;
    }
    if (raw.quoted || term.prefix || term.tokens.length > 1 || !FUNCTION_WORDS.has(term.tokens[0]!)) meaningful = true;
    if (pendingOr) {
      groups[groups.length - 1]!.push(...forms);
      pendingOr = false;
    } else {
      groups.push(forms);
    }
  }
  // "der die das": every resolution has them; searching would list the archive as hits
  if (groups.length > 0 && !meaningful) notices.add('onlyFunctionWords');
  return assemble((value ?? '').trim().slice(0, MAX_QUERY_CHARS * 2), groups, excluded, notices, input);
}

/** The parsed query of some terms: its MATCH expression and what to highlight. */
function assemble(shown: string, groups: QueryTerm[][], excluded: QueryTerm[], notices: ReadonlySet<QueryNotice>, input: string): ParsedQuery {
  const positive = groups.flat();
  let match: string | null = null;
  const noticed = new Set(notices);
  if (noticed.has('onlyFunctionWords')) {
    // nothing to search for (parseQuery says why); the terms stay for who wants to read them
  } else if (positive.length === 0) {
    if (excluded.length > 0) noticed.add('onlyExcluded');
    else if (input !== '') noticed.add('noTerms');
  } else {
    const and = groups
      .map((group) => (group.length === 1 ? ftsString(group[0]!) : `(${group.map(ftsString).join(' OR ')})`))
      .join(' AND ');
    match = `(${and})${excluded.map((term) => ` NOT ${ftsString(term)}`).join('')}`;
  }
  const words = new Set<string>();
  const prefixes = new Set<string>();
  const stems = new Set<string>();
  const parts = new Set<string>();
  for (const term of positive) {
    for (const stem of term.stems) stems.add(stem);
    for (const part of term.parts) parts.add(part);
    // In a phrase, function words ("Pflegeversorgung der") are not highlighted on their own:
    // marking every "der" of a snippet helps nobody (and costs rendering time).
    const meaningful = term.tokens.filter((token) => !FUNCTION_WORDS.has(token));
    term.tokens.forEach((token, i) => {
      if (term.prefix && i === term.tokens.length - 1) prefixes.add(token);
      else if (meaningful.length === 0 || !FUNCTION_WORDS.has(token)) words.add(token);
    });
  }
  return {
    input: shown,
    match,
    groups,
    excluded,
    highlight: { words: [...words], prefixes: [...prefixes], stems: [...stems], parts: [...parts] },
    notices: [...noticed],
  };
}

/** Fewest characters of a word written as one that is looked up as written with a hyphen ("Email"). */
export const MIN_JOINED = 5;

/** Fewest characters of the part after the hyphen, unless it is a number ("Covid-19"). */
const MIN_SECOND_PART = 3;

/**
 * The ways a word written as one may have been written with a hyphen: each split into a first part
 * of at least one character ("E-Mail") and a second of at least MIN_SECOND_PART or a number
 * ("kitaplaetze" → "k itaplaetze", …, "kita plaetze", …), neither a function word, for an unquoted
 * single word (it has a stem key) of at least MIN_JOINED characters; none for anything else
 * (phrases, prefixes, quoted or function words). Not an ending ("Lärmschutz es" for
 * "Lärmschutzes") nor a function word ("in Land" for "Inland"): the phrase occurs in ordinary text.
 */
export function hyphenSplits(term: QueryTerm): [string, string][] {
  const [word] = term.tokens;
  if (term.tokens.length !== 1 || term.prefix || term.stems.length === 0 || word!.length < MIN_JOINED) return [];
  const splits: [string, string][] = [];
  for (let i = 1; i < word!.length; i++) {
    const [first, second] = [word!.slice(0, i), word!.slice(i)];
    if (second.length < MIN_SECOND_PART && !/^\d+$/u.test(second)) continue;
    if (FUNCTION_WORDS.has(first) || FUNCTION_WORDS.has(second)) continue;
    splits.push([first, second]);
  }
  return splits;
}

/**
 * The query with each word written as one ("Kitaplätze") also looking for the same word written
 * with a hyphen ("Kita-Plätze", indexed as the two words "kita plaetze"): the phrase of each of its
 * hyphenSplits that `occurs` (in the archive), as an alternative of the word, matched exactly, as
 * parseQuery gives "Kita-Plätze" the alternative "Kitaplätze". An excluded word excludes the
 * phrase too. The query itself when no phrase occurs.
 */
export function withHyphenatedForms(query: ParsedQuery, occurs: (tokens: readonly string[]) => boolean): ParsedQuery {
  let changed = false;
  const expand = (terms: readonly QueryTerm[]) =>
    terms.flatMap((term) => {
      const phrases = hyphenSplits(term)
        .filter((tokens) => occurs(tokens))
        .map((tokens): QueryTerm => ({ tokens, prefix: false, stems: [], parts: [] }));
      if (phrases.length > 0) changed = true;
      return [term, ...phrases];
    });
  const groups = query.groups.map(expand);
  const excluded = expand(query.excluded);
  if (!changed) return query;
  return assemble(query.input, groups, excluded, new Set(query.notices), query.input);
}
