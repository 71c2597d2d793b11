/**
 * Facet counts of a search: how many of the found resolutions fall under each conference, year,
 * sponsoring Land, outcome, demand status and addressee. Pure; values are codes, the page labels
 * them.
 */
import { LAND_CODES } from './laender.js';
import type { SearchCandidate } from './search-ranking.js';
import { ADDRESSEES, DEMAND_STATUSES, OUTCOMES } from './vocabulary.js';

export interface FacetValue {
  value: string;
  count: number;
}

export interface Facets {
  conference: FacetValue[];
  year: FacetValue[];
  land: FacetValue[];
  outcome: FacetValue[];
  status: FacetValue[];
  addressee: FacetValue[];
}

export type FacetName = keyof Facets;

export const NO_FACETS: Facets = Object.freeze({
  conference: [],
  year: [],
  land: [],
  outcome: [],
  status: [],
  addressee: [],
});

/** A set of codes as ',a,b,' (empty: ''), searched in SQL with instr(column, ',a,'). */
export function codeList(values: Iterable<string>): string {
  const unique = [...new Set(values)];
  return unique.length === 0 ? '' : `,${unique.join(',')},`;
}

/** ',a,b,' → ['a', 'b']. */
export function codesOf(list: string | null): string[] {
  return list ? list.split(',').filter(Boolean) : [];
}

/** Calls `each` for every code of a ',a,b,' list, in order (as codesOf, without the arrays). */
function eachCode(list: string | null, each: (code: string) => void): void {
  if (!list) return;
  let start = 0;
  while (start <= list.length) {
    let end = list.indexOf(',', start);
    if (end === -1) end = list.length;
    if (end > start) each(list.slice(start, end));
    start = end + 1;
  }
}

function inOrder(order: readonly string[], counts: Map<string, number>): FacetValue[] {
  return order.filter((value) => counts.has(value)).map((value) => ({ value, count: counts.get(value)! }));
}

/**
 * Counts per facet value: conferences and Länder by count, years newest first, outcomes,
 * statuses and addressees in their fixed order.
 */
export function facetsOf(candidates: readonly SearchCandidate[]): Facets {
  const count = () => new Map<string, number>();
  const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const byConference = count();
  const byYear = count();
  const byLand = count();
  const byOutcome = count();
  const byStatus = count();
  const byAddressee = count();
  const addLand = (land: string) => add(byLand, land);
  const addStatus = (status: string) => add(byStatus, status);
  const addAddressee = (addressee: string) => add(byAddressee, addressee);
  // one pass over up to `cap` candidates per search, read without building arrays per row
  for (const row of candidates) {
    add(byConference, row.conference);
    add(byYear, String(row.year));
    add(byOutcome, row.outcome);
    // The lists hold each value once.
    eachCode(row.sponsors, addLand);
    eachCode(row.statuses, addStatus);
    eachCode(row.addressees, addAddressee);
  }
  return {
    conference: [...byConference.entries()]
      .map(([value, n]) => ({ value, count: n }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value, 'de')),
    year: [...byYear.entries()].map(([value, n]) => ({ value, count: n })).sort((a, b) => Number(b.value) - Number(a.value)),
    land: inOrder(LAND_CODES, byLand).sort((a, b) => b.count - a.count),
    outcome: inOrder(OUTCOMES, byOutcome),
    status: inOrder(DEMAND_STATUSES, byStatus),
    addressee: inOrder(ADDRESSEES, byAddressee),
  };
}
