/**
 * What a user types into the search box, turned into a safe FTS5 MATCH expression. Pure.
 *
 * Understood: words (all must occur), "phrases in quotes", a trailing * for prefixes
 * ("Migrationsberat*", at least two letters), a leading minus or NOT to exclude, OR between two
 * terms. Everything else is taken literally: every term is emitted as a quoted FTS5 string made
 * only of token characters, so FTS5 syntax characters, stray operators ("AND OR") and
 * unbalanced quotes can never produce an FTS5 syntax error. Problems are reported as notice
 * codes (the route turns them into German messages); the query still runs where it can.
 */
import { normalizedTokens, type HighlightTerms } from './search-text.js';

/** Longer input is cut (a 2,000-character paste still answers). */
/** German function words (normalised form), left unhighlighted inside phrases. */
const FUNCTION_WORDS: ReadonlySet<string> = new Set([
  'der', 'die', 'das', 'den', 'dem', 'des', 'ein', 'eine', 'einer', 'eines', 'einem', 'einen',
  'und', 'oder', 'zu', 'zur', 'zum', 'im', 'in', 'am', 'an', 'auf', 'aus', 'bei', 'mit', 'von', 'vom',
  'fuer', 'ueber', 'nach', 'als', 'auch', 'sich', 'nicht', 'ist', 'sind', 'wird', 'werden',
]);

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
  | 'noTerms';

export interface QueryTerm {
  /** Normalised tokens; more than one = a phrase. */
  tokens: string[];
  prefix: boolean;
}

export interface ParsedQuery {
  /** The input as the user typed it (trimmed), for the form. */
  input: string;
  /** The FTS5 MATCH expression, or null when there is nothing to search for. */
  match: string | null;
  /** Positive terms grouped by OR; the groups are ANDed. */
  groups: QueryTerm[][];
  excluded: QueryTerm[];
  highlight: HighlightTerms;
  notices: QueryNotice[];
}

interface RawTerm {
  text: string;
  quoted: boolean;
  negated: boolean;
  operator: 'OR' | 'AND' | 'NOT' | null;
}

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
    const operator = !negated && (text === 'OR' || text === 'AND' || text === 'NOT') ? text : null;
    terms.push({ text, quoted: false, negated, operator });
  }
  return terms;
}

function toTerm(raw: RawTerm, notices: Set<QueryNotice>): QueryTerm | null {
  let text = raw.text.trim();
  const prefix = /\*\s*$/u.test(text);
  if (prefix) text = text.replace(/\*+\s*$/u, '');
  const tokens = normalizedTokens(text);
  if (tokens.length === 0) return null;
  if (prefix && tokens[tokens.length - 1]!.length < MIN_PREFIX) {
    notices.add('shortPrefix');
    return null;
  }
  return { tokens, prefix };
}

/** An FTS5 string: only token characters inside, so quoting is safe. */
function ftsString(term: QueryTerm): string {
  return `"${term.tokens.join(' ')}"${term.prefix ? '*' : ''}`;
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
  for (const raw of scan(input, notices)) {
    if (raw.operator === 'OR') {
      pendingOr = groups.length > 0;
      continue;
    }
    if (raw.operator === 'AND') continue;
    if (raw.operator === 'NOT') {
      pendingNot = true;
      continue;
    }
    const term = toTerm(raw, notices);
    const negated = raw.negated || pendingNot;
    pendingNot = false;
    if (!term) continue;
    if (count >= MAX_TERMS) {
      notices.add('tooManyTerms');
      continue;
    }
    count++;
    if (negated) {
      excluded.push(term);
      pendingOr = false;
    } else if (pendingOr) {
      groups[groups.length - 1]!.push(term);
      pendingOr = false;
    } else {
      groups.push([term]);
    }
  }
  const positive = groups.flat();
  let match: string | null = null;
  if (positive.length === 0) {
    if (excluded.length > 0) notices.add('onlyExcluded');
    else if (input !== '') notices.add('noTerms');
  } else {
    const and = groups
      .map((group) => (group.length === 1 ? ftsString(group[0]!) : `(${group.map(ftsString).join(' OR ')})`))
      .join(' AND ');
    match = `(${and})${excluded.map((term) => ` NOT ${ftsString(term)}`).join('')}`;
  }
  const words = new Set<string>();
  const prefixes = new Set<string>();
  for (const term of positive) {
    // In a phrase, function words ("Pflegeversorgung der") are not highlighted on their own:
    // marking every "der" of a snippet helps nobody (and costs rendering time).
    const meaningful = term.tokens.filter((token) => !FUNCTION_WORDS.has(token));
    term.tokens.forEach((token, i) => {
      if (term.prefix && i === term.tokens.length - 1) prefixes.add(token);
      else if (meaningful.length === 0 || !FUNCTION_WORDS.has(token)) words.add(token);
    });
  }
  return {
    input: (value ?? '').trim().slice(0, MAX_QUERY_CHARS * 2),
    match,
    groups,
    excluded,
    highlight: { words: [...words], prefixes: [...prefixes] },
    notices: [...notices],
  };
}
