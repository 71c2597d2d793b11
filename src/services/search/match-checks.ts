/**
 * Which of a few known resolutions a MATCH finds: for the title matches (title-matches.ts) and
 * the candidates found through internal notes (candidates.ts), both at most `cap` resolutions.
 *
 * Rowid bounds. FTS5 uses a bound on the rowid only when its value is an integer; better-sqlite3
 * binds JavaScript numbers as reals, so `rowid = ?` with a MATCH returned every matching row and
 * `rowid >= ? and rowid <= ?` read the whole doclist (2–5 ms for "bund" per resolution on 100,000
 * resolutions), which is why these checks read each expression once for all resolutions asked
 * about. Bounds from json_each or `cast(? as integer)` are integers: FTS5 then seeks (Lookups
 * anyMatchAt, about 5 µs per row in a long doclist).
 *
 * Which vocabulary words a row holds (the word as typed, its compounds) is read from the row's list
 * (row-words.ts), all rows at once. The other alternatives (stems, short words, phrases, prefixes)
 * are few: their doclist is read whole when it is short, otherwise FTS5 seeks to each row.
 *
 * Why each alternative on its own. The compound tier of a query word is an OR of up to a hundred
 * words; FTS5 merges them row by row, comparing with every one of their doclists (on 100,000
 * resolutions 70–125 ms for the compounds of "Kommunen", 90 % of the rows, against 25–40 ms for
 * reading the same hundred doclists one after the other). Read one after the other, the check
 * stops as soon as every resolution asked about is found, and a resolution whose title already
 * shows the alternative is not asked about at all.
 */
import { anyAlternativeInText, type Alternative, type TextTerms } from '../../domain/search-match.js';
import { stemKey } from '../../domain/search-stem.js';
import { FUNCTION_WORDS, tokenize } from '../../domain/search-text.js';
import type Database from 'better-sqlite3';
import { textsOfMany } from './index-sync.js';
import { rowWords, type RowWords } from './row-words.js';
import { lookups, type Lookups } from './queries.js';

/** What a title or a whole row is indexed with (domain/search-match.ts TextTerms). */
export type TitleText = TextTerms;

/**
 * The terms of a text as indexText indexes it: its normalised tokens, and the stem keys of its
 * words other than function words — computed only for the words that begin with the stem key's
 * first letter (a stem key keeps the first letter of its word: umlauts become a, o, u or ae, oe,
 * ue), as they are asked for.
 */
export function textTerms(texts: readonly string[]): TextTerms {
  const words = texts.flatMap((text) => tokenize(text));
  const tokens = new Set(words.map((word) => word.norm));
  const asked = new Map<string, boolean>();
  return {
    tokens,
    hasStem(stem) {
      let has = asked.get(stem);
      if (has === undefined) {
        has = words.some((word) => word.norm[0] === stem[0] && !FUNCTION_WORDS.has(word.norm) && stemKey(word.text) === stem);
        asked.set(stem, has);
      }
      return has;
    },
  };
}

export function titleText(title: string): TitleText {
  return textTerms([title]);
}

/** A lookup statement of which ids some expressions find (Lookups.anyMatchAmong). */
type AnyMatch = Lookups['anyMatchAmong'];

/**
 * The terms of some resolutions' texts, by id; those that no longer exist are missing. Read for
 * all of them at once (index-sync.ts textsOfMany: five statements, not five per resolution) and
 * kept for the search that asks: its tiers and title matches ask about the same rows again.
 */
export type RowTexts = (ids: readonly number[]) => ReadonlyMap<number, TextTerms>;

function keptTexts(read: (ids: readonly number[]) => Map<number, TextTerms>): RowTexts {
  const known = new Map<number, TextTerms | null>();
  return (ids) => {
    const unread = ids.filter((id) => !known.has(id));
    if (unread.length > 0) {
      const texts = read(unread);
      for (const id of unread) known.set(id, texts.get(id) ?? null);
    }
    const result = new Map<number, TextTerms>();
    for (const id of ids) {
      const text = known.get(id);
      if (text) result.set(id, text);
    }
    return result;
  };
}

/** The terms of resolutions' whole public rows, read from their tables (index-sync.ts textsOfMany). */
export function publicTexts(sqlite: Database.Database): RowTexts {
  return keptTexts((ids) => new Map([...textsOfMany(sqlite, ids)].map(([id, texts]) => [id, textTerms(texts.publicTexts)])));
}

/** What the search knows of the public rows besides the index: their texts, and their vocabulary words (row-words.ts). */
export interface PublicRows {
  text: RowTexts;
  words: RowWords;
  /** Which of some resolutions a MATCH finds, seeking to each (Lookups.anyMatchAt). */
  at: (match: string, ids: readonly number[]) => number[];
  /** The first `limit` resolutions a MATCH finds (Lookups.matchHead). */
  head: (match: string, limit: number) => number[];
}

/** The public rows of a database. */
export function publicRows(sqlite: Database.Database): PublicRows {
  return {
    text: publicTexts(sqlite),
    words: rowWords(sqlite),
    at: (match, ids) => lookups(sqlite).anyMatchAt.all({ match, ids: JSON.stringify(ids) }) as number[],
    head: (match, limit) => lookups(sqlite).matchHead.all({ match, limit }) as number[],
  };
}

/**
 * The terms of resolutions' internal notes, read from their tables (index-sync.ts textsOfMany):
 * none where one has no notes.
 */
export function notesTexts(sqlite: Database.Database): RowTexts {
  return keptTexts((ids) => new Map([...textsOfMany(sqlite, ids)].map(([id, texts]) => [id, textTerms([texts.internal])])));
}

/**
 * When at most this many resolutions are left, they are checked by reading their texts (0.3–0.7 ms
 * each on the benchmark archive: reading them from the tables, splitting them into words) rather
 * than the doclists of the alternatives left: telling that a resolution matches none of a hundred
 * compounds takes reading all hundred doclists (25–40 ms for the compounds of "Kommunen").
 */
export const TEXT_CHECK_ROWS = 64;
/**
 * Checking rows against an alternative that is not a vocabulary word (a stem, a short word, a
 * phrase): FTS5 reads a doclist at about 0.15 µs a row (7 ms for the stem of "Länder" in 47,000
 * rows) and seeks to a row in about 5 µs where the doclist is long (but 20 µs where it is short:
 * 5 ms for 256 rows against 0.2 ms for the 1,448 rows of "kommun"). A doclist is read whole when
 * it has at most this many rows per row asked about; otherwise FTS5 seeks to each.
 */
const DOCLIST_ROWS_PER_SEEK = 32;
/** With more resolutions to check, the alternatives are read this many at a time (the word, its stems, the shortest compounds first). */
export const ALTERNATIVES_CHUNK = 8;

function readMatches(statement: AnyMatch, alternatives: readonly Alternative[], pending: Set<number>, found: Set<number>): void {
  if (pending.size === 0 || alternatives.length === 0) return;
  const params = { terms: JSON.stringify(alternatives.map((a) => a.match)), ids: JSON.stringify([...pending]) };
  for (const id of statement.iterate(params) as IterableIterator<number>) {
    if (!pending.delete(id)) continue;
    found.add(id);
    // leaving the loop resets the statement: the rest of the doclists is not read
    if (pending.size === 0) break;
  }
}

/**
 * The ids (of `ids`) that one of the alternatives finds in the table of `statement`; those whose
 * title (`titles`, when given) shows one are found without a query. Stops reading once all are
 * found. With `rows` (the public table), the alternatives that are vocabulary words (the word as
 * typed, the compounds) are looked up in the rows' lists of words (row-words.ts), all rows at
 * once, and the other alternatives (stems, short words, phrases, prefixes) one by one for the rows
 * not found yet: a short doclist whole, in a long one FTS5 seeks to each row. Rows without a list
 * (none once the backfill is done) are checked against every alternative in doclists, up to
 * TEXT_CHECK_ROWS of them in their texts, where every alternative is a word or a stem key
 * (alternativeInText). Without `rows` (the internal notes), alternatives' doclists are read eight
 * at a time.
 */
export function idsMatchingAny(
  statement: AnyMatch,
  alternatives: readonly Alternative[],
  ids: Iterable<number>,
  titles?: ReadonlyMap<number, TitleText>,
  rows?: PublicRows,
  rowTexts?: RowTexts,
): Set<number> {
  const found = new Set<number>();
  const pending = new Set<number>();
  const inText = anyAlternativeInText(alternatives);
  for (const id of ids) {
    const title = titles?.get(id);
    if (title && inText(title)) found.add(id);
    else pending.add(id);
  }
  if (pending.size === 0 || alternatives.length === 0) return found;
  if (rows === undefined) {
    readAlternatives(statement, alternatives, pending, found, rowTexts);
    return found;
  }
  // (a wide prefix's OR is not: its doclist is the merge of every word's, see below)
  const split = alternatives.some((a) => a.split !== undefined);
  if (alternatives.length <= SHORT_CHECK_ALTERNATIVES && !split && shortDoclists(alternatives, rows, pending, found)) return found;
  // A wide prefix word by word (Alternative.split): its vocabulary words from the lists, the rest
  // (function words) by their doclists. As one OR, FTS5 seeks to each row in the doclist of every
  // word ("Lärm* Kommunen": 77 words, 2.7 s for 885 rows on 100,000 resolutions).
  const single = alternatives.flatMap((a) => a.split ?? [a]);
  const words = single.flatMap((a) => (a.word === null ? [] : [a.word]));
  const answer = rows.words([...pending], words);
  const unlisted = new Set<number>();
  for (const id of pending) {
    if (answer.found.has(id)) found.add(id);
    else if (!answer.known.has(id)) unlisted.add(id);
  }
  // rows with a list: the alternatives it cannot tell; rows without one (none once the backfill is done): all
  const rest = single.filter((a) => a.word === null || !answer.listed.has(a.word));
  const listedLeft = new Set([...pending].filter((id) => answer.known.has(id) && !answer.found.has(id)));
  for (const alternative of rest) {
    if (listedLeft.size === 0) break;
    // a short doclist is read whole; in a long one, FTS5 seeks to each row instead
    const limit = listedLeft.size * DOCLIST_ROWS_PER_SEEK;
    const head = rows.head(alternative.match, limit + 1);
    for (const id of head.length <= limit ? head : rows.at(alternative.match, [...listedLeft])) {
      if (listedLeft.delete(id)) found.add(id);
    }
  }
  readAlternatives(statement, alternatives, unlisted, found, rows.text);
  return found;
}

/**
 * A group of at most this many alternatives (a word as typed, its stems) is first tried by its
 * doclists, if each has at most SHORT_DOCLIST rows: reading them whole costs less than reading the
 * list of words of each row asked about (about 5 µs a row, the first time in a search).
 */
const SHORT_CHECK_ALTERNATIVES = 4;
export const SHORT_DOCLIST = 2_000;

/**
 * Whether every alternative's doclist is short (at most SHORT_DOCLIST rows; a long one costs
 * reading that many rowids, about 0.3 ms); if so, moves the `pending` ids they find to `found`.
 */
function shortDoclists(alternatives: readonly Alternative[], rows: PublicRows, pending: Set<number>, found: Set<number>): boolean {
  const doclists: number[][] = [];
  for (const alternative of alternatives) {
    const head = rows.head(alternative.match, SHORT_DOCLIST + 1);
    if (head.length > SHORT_DOCLIST) return false;
    doclists.push(head);
  }
  for (const doclist of doclists) {
    for (const id of doclist) if (pending.delete(id)) found.add(id);
  }
  return true;
}

/** Adds to `found` the `pending` ids one of the alternatives finds (see idsMatchingAny). */
function readAlternatives(
  statement: AnyMatch,
  alternatives: readonly Alternative[],
  pending: Set<number>,
  found: Set<number>,
  rowTexts?: RowTexts,
): void {
  if (pending.size === 0 || alternatives.length === 0) return;
  const inTexts = rowTexts !== undefined && alternatives.every((a) => a.word !== null || a.stem !== null);
  const inText = anyAlternativeInText(alternatives);
  // chunk by chunk, until few enough are left to read their texts
  for (let start = 0; start < alternatives.length && pending.size > 0; start += ALTERNATIVES_CHUNK) {
    if (inTexts && pending.size <= TEXT_CHECK_ROWS) {
      const texts = rowTexts([...pending]);
      for (const id of pending) {
        const text = texts.get(id);
        if (text && inText(text)) found.add(id);
      }
      return;
    }
    readMatches(statement, alternatives.slice(start, start + ALTERNATIVES_CHUNK), pending, found);
  }
}

/**
 * The ids (of `ids`) whose public row matches every group (each given as its alternatives) and not
 * the excluded expression: a tier's MATCH (domain/search-match.ts tierExpression) for these rows.
 * The rarest group is asked first (GroupChecks.rarestFirst; until 07.12.2026 the one with the
 * fewest alternatives); each next group only about the ids left.
 */
export function idsMatchingAll(
  l: Lookups,
  groups: readonly (readonly Alternative[])[],
  excluded: string | null,
  ids: Iterable<number>,
  titles?: ReadonlyMap<number, TitleText>,
  rows?: PublicRows,
  checks: GroupChecks = new GroupChecks(),
): Set<number> {
  let left = new Set(ids);
  for (const i of checks.rarestFirst(l, groups)) {
    if (left.size === 0) return left;
    left = checks.of('public', i).matching(groups[i]!, left, (alternatives, asked) => idsMatchingAny(l.anyMatchAmong, alternatives, asked, titles, rows));
  }
  if (excluded !== null && left.size > 0) {
    for (const id of idsMatchingAny(l.anyMatchAmong, [{ match: excluded, word: null, stem: null }], left)) left.delete(id);
  }
  return left;
}

/**
 * What the checks of one search learnt about one group's alternatives in some rows (of one table):
 * the tiers ask about the same rows again with more alternatives (exact ones, then also stems,
 * then also compounds: each tier's list begins with the one before it, domain/search-match.ts
 * groupAlternatives), and the title matches ask about them once more. A row known to hold one of
 * the first n alternatives holds one of any longer list; a row known to hold none of the first k
 * is asked only about the alternatives after them.
 */
export class AlternativeChecks {
  /** The alternatives (MATCH expressions) the entries refer to: the longest list asked about. */
  private list: readonly string[] = [];
  /** Per row: it holds one of the first n alternatives of `list`. */
  private readonly present = new Map<number, number>();
  /** Per row: it holds none of the first k alternatives of `list`. */
  private readonly absent = new Map<number, number>();

  /**
   * The ids (of `ids`) that hold one of `alternatives`: from what is known, the rest with
   * `check` (asked only about the alternatives not known to be absent).
   */
  matching(
    alternatives: readonly Alternative[],
    ids: Iterable<number>,
    check: (alternatives: readonly Alternative[], ids: readonly number[]) => Set<number>,
  ): Set<number> {
    const matches = alternatives.map((a) => a.match);
    let common = 0;
    while (common < matches.length && common < this.list.length && matches[common] === this.list[common]) common++;
    if (common === this.list.length) this.list = matches;
    else if (common < matches.length) {
      // another list (not expected within one search): start over
      this.list = matches;
      this.present.clear();
      this.absent.clear();
      common = matches.length;
    }
    const found = new Set<number>();
    // ids by the number of leading alternatives known to be absent
    const asked = new Map<number, number[]>();
    for (const id of ids) {
      const within = this.present.get(id);
      if (within !== undefined && within <= common) {
        found.add(id);
        continue;
      }
      const known = Math.min(this.absent.get(id) ?? 0, common);
      if (known >= matches.length) continue;
      let list = asked.get(known);
      if (!list) asked.set(known, (list = []));
      list.push(id);
    }
    for (const [known, list] of asked) {
      const hits = check(alternatives.slice(known), list);
      for (const id of list) {
        if (hits.has(id)) {
          found.add(id);
          this.present.set(id, Math.min(this.present.get(id) ?? Infinity, matches.length));
        } else {
          this.absent.set(id, Math.max(this.absent.get(id) ?? 0, matches.length));
        }
      }
    }
    return found;
  }
}

/**
 * Rows counted at most when the groups of a query are ordered by how many rows hold their first
 * alternative (GroupChecks.rarestFirst): reading this many rowids of a doclist takes about 0.3 ms;
 * words in more rows count as equally common.
 */
export const GROUP_COUNT_LIMIT = 2_000;

/** The checks of one search, per group of the query, in the public text and in the internal notes. */
export class GroupChecks {
  private readonly tables = { public: [] as AlternativeChecks[], notes: [] as AlternativeChecks[] };
  /** Per group: how many public rows hold its first alternative (the word as typed), up to GROUP_COUNT_LIMIT. */
  private readonly counts: number[] = [];
  /** The internal notes' texts read so far (notes). */
  private notesRead: RowTexts | undefined;

  /**
   * The indexes of the groups, those whose first alternative the fewest public rows hold first
   * (counted once per search, up to GROUP_COUNT_LIMIT): a row must hold every group, and the rows
   * that fail the rarest are not asked about the others ("Bund Länder Kommunen": most rows hold
   * "Bund" or "Länder", few "Kommunen"). With a single group, nothing is counted.
   */
  rarestFirst(l: Lookups, groups: readonly (readonly Alternative[])[]): number[] {
    const order = groups.map((_, i) => i);
    if (groups.length < 2) return order;
    for (const i of order) {
      const first = groups[i]![0];
      this.counts[i] ??= first === undefined ? 0 : (l.countMatches.get({ match: first.match, limit: GROUP_COUNT_LIMIT }) as number);
    }
    return order.sort((a, b) => this.counts[a]! - this.counts[b]! || a - b);
  }

  /**
   * Whether some group's first alternative is in fewer than GROUP_COUNT_LIMIT public rows (counted
   * as for rarestFirst, with two or more groups; false with one).
   */
  hasRareGroup(l: Lookups, groups: readonly (readonly Alternative[])[]): boolean {
    if (groups.length < 2) return false;
    const rarest = this.rarestFirst(l, groups)[0]!;
    return this.counts[rarest]! < GROUP_COUNT_LIMIT;
  }

  /** The internal notes' texts of the rows this search checks in them (read once, see RowTexts). */
  notes(sqlite: Database.Database): RowTexts {
    return (this.notesRead ??= notesTexts(sqlite));
  }

  of(table: 'public' | 'notes', group: number): AlternativeChecks {
    const list = this.tables[table];
    return (list[group] ??= new AlternativeChecks());
  }
}
