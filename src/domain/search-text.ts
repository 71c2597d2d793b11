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
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const norm = normalizeGerman(match[0]);
    if (norm === '') continue;
    tokens.push({ text: match[0], norm, start: match.index, end: match.index + match[0].length });
  }
  return tokens;
}

/** Normalised tokens of a text (for queries): "Nordrhein-Westfalen" → ["nordrhein", "westfalen"]. */
export function normalizedTokens(text: string): string[] {
  return tokenize(text).map((t) => t.norm);
}

/** What to highlight: normalised whole words and normalised prefixes. */
export interface HighlightTerms {
  words: readonly string[];
  prefixes: readonly string[];
}

/** A piece of original text; `hit` pieces are rendered as <mark>. */
export interface Segment {
  text: string;
  hit: boolean;
}

/** Cheap pre-check: can the text contain a match at all? (Avoids tokenizing most texts.) */
export function mayMatch(text: string, terms: HighlightTerms): boolean {
  const norm = normalizeGerman(text);
  return terms.words.some((w) => norm.includes(w)) || terms.prefixes.some((p) => norm.includes(p));
}

function isHit(token: Token, terms: HighlightTerms): boolean {
  return terms.words.includes(token.norm) || terms.prefixes.some((p) => token.norm.startsWith(p));
}

function hitIndexes(tokens: readonly Token[], terms: HighlightTerms): number[] {
  const hits: number[] = [];
  tokens.forEach((token, i) => {
    if (isHit(token, terms)) hits.push(i);
  });
  return hits;
}

function segmentsOf(text: string, tokens: readonly Token[], hits: ReadonlySet<number>, from: number, to: number): Segment[] {
  const segments: Segment[] = [];
  let plain = '';
  let cursor = from;
  tokens.forEach((token, i) => {
    if (!hits.has(i) || token.start < from || token.end > to) return;
    plain += text.slice(cursor, token.start);
    if (plain) segments.push({ text: plain, hit: false });
    plain = '';
    segments.push({ text: token.text, hit: true });
    cursor = token.end;
  });
  plain += text.slice(cursor, to);
  if (plain) segments.push({ text: plain, hit: false });
  return segments;
}

/** The share (0–1) of a text's words that match: how much of a title is about the query. */
export function titleCoverage(text: string, terms: HighlightTerms): number {
  if (!mayMatch(text, terms)) return 0;
  const tokens = tokenize(text);
  if (tokens.length === 0) return 0;
  return hitIndexes(tokens, terms).length / tokens.length;
}

/** The whole text, with every matching word marked (for titles). */
export function highlight(text: string, terms: HighlightTerms): Segment[] {
  const tokens = tokenize(text);
  return segmentsOf(text, tokens, new Set(hitIndexes(tokens, terms)), 0, text.length);
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
  const hits = hitIndexes(tokens, terms);
  if (hits.length === 0) return null;
  const first = tokens[hits[0]!]!;
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
  const segments = segmentsOf(text, tokens, new Set(hits), from, to);
  if (from > 0) segments.unshift({ text: '… ', hit: false });
  if (to < text.length) segments.push({ text: ' …', hit: false });
  const inWindow = hits.filter((i) => tokens[i]!.start >= from && tokens[i]!.end <= to);
  return {
    segments,
    distinctHits: new Set(hits.map((i) => tokens[i]!.norm)).size,
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
