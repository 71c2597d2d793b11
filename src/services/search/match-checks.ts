/**
 * Which of a few known resolutions a MATCH finds: for the title matches (title-matches.ts) and
 * the candidates found through internal notes (candidates.ts), both at most `cap` resolutions.
 *
 * Why not one query per resolution. With a MATCH, FTS5 (SQLite 3.53) ignores a constraint
 * `rowid = ?` and returns every matching row; a range `rowid >= ? and rowid <= ?` is honoured but
 * does not make it skip: it reads the doclist up to the row (measured on 100,000 resolutions:
 * 2–5 ms for "bund" per resolution, about what reading all 69,000 of its rows costs). So each
 * expression is read once for all the resolutions asked about.
 *
 * Why each alternative on its own. The compound tier of a query word is an OR of up to a hundred
 * words; FTS5 merges them row by row, comparing with every one of their doclists (on 100,000
 * resolutions 70–125 ms for the compounds of "Kommunen", 90 % of the rows, against 25–40 ms for
 * reading the same hundred doclists one after the other). Read one after the other, the check
 * stops as soon as every resolution asked about is found, and a resolution whose title already
 * shows the alternative is not asked about at all.
 */
import { alternativeInText, type Alternative } from '../../domain/search-match.js';
import { indexedText, normalizedTokens } from '../../domain/search-text.js';
import type { Lookups } from './queries.js';

/** What a title is indexed with: its normalised tokens and stem keys (the title column of its row). */
export interface TitleText {
  tokens: ReadonlySet<string>;
  stems: ReadonlySet<string>;
}

export function titleText(title: string): TitleText {
  const stems = indexedText(title).stems;
  return { tokens: new Set(normalizedTokens(title)), stems: new Set(stems === '' ? [] : stems.split(' ')) };
}

/** A lookup statement of which ids some expressions find (Lookups.anyMatchAmong). */
type AnyMatch = Lookups['anyMatchAmong'];

/**
 * The ids (of `ids`) that one of the alternatives finds in the table of `statement`; those whose
 * title (`titles`, when given) shows one are found without a query. Stops reading once all are found.
 */
export function idsMatchingAny(
  statement: AnyMatch,
  alternatives: readonly Alternative[],
  ids: Iterable<number>,
  titles?: ReadonlyMap<number, TitleText>,
): Set<number> {
  const found = new Set<number>();
  const pending = new Set<number>();
  for (const id of ids) {
    const title = titles?.get(id);
    if (title && alternatives.some((alternative) => alternativeInText(alternative, title.tokens, title.stems) === true)) found.add(id);
    else pending.add(id);
  }
  if (pending.size === 0 || alternatives.length === 0) return found;
  const params = { terms: JSON.stringify(alternatives.map((a) => a.match)), ids: JSON.stringify([...pending]) };
  for (const id of statement.iterate(params) as IterableIterator<number>) {
    if (!pending.delete(id)) continue;
    found.add(id);
    // leaving the loop resets the statement: the rest of the doclists is not read
    if (pending.size === 0) break;
  }
  return found;
}

/**
 * The ids (of `ids`) whose public row matches every group (each given as its alternatives) and not
 * the excluded expression: a tier's MATCH (domain/search-match.ts tierExpression) for these rows.
 * The group with the fewest alternatives is asked first; each next group only about the ids left.
 */
export function idsMatchingAll(
  l: Lookups,
  groups: readonly (readonly Alternative[])[],
  excluded: string | null,
  ids: Iterable<number>,
  titles?: ReadonlyMap<number, TitleText>,
): Set<number> {
  let left = new Set(ids);
  for (const group of [...groups].sort((a, b) => a.length - b.length)) {
    if (left.size === 0) return left;
    left = idsMatchingAny(l.anyMatchAmong, group, left, titles);
  }
  if (excluded !== null && left.size > 0) {
    for (const id of idsMatchingAny(l.anyMatchAmong, [{ match: excluded, word: null, stem: null }], left)) left.delete(id);
  }
  return left;
}
