/**
 * The candidate search behind the repeated demands (./repeats.ts): the stored terms of the compared
 * Ziffern, their weights under the archive's document frequencies, the prefix-filtered lookup of
 * partners and the writing of what was found. Used by the incremental refresh and by the rebuild.
 */
import { and, eq, or, sql } from 'drizzle-orm';
import { demandRepeats, demandTerms, demands, repeatDemands, resolutions } from '../../db/schema.js';
import {
  comparesDemand,
  isRepeatCandidate,
  MIN_SHARED_WEIGHT,
  MIN_SIMILARITY,
  repeatSimilarity,
  repeatTerms as termsOf,
  termWeight,
} from '../domain/repeats.js';
import type { DbOrTx } from './types.js';

/** Sums of weights are compared with this margin, so that rounding never drops a partner. */
export const EPSILON = 1e-9;
// ---------------------------------------------------------------------------------------------
// Terms
// ---------------------------------------------------------------------------------------------

export interface Compared {
  id: number;
  meetingId: number;
}

/** The stored terms of these Ziffern, each list sorted. */
export function termsOfDemands(tx: DbOrTx, ids: readonly number[]): Map<number, string[]> {
  const result = new Map<number, string[]>();
  if (ids.length === 0) return result;
  const rows = tx.all<{ demand_id: number; term: string }>(
    sql`select demand_id, term from demand_terms where demand_id in (select value from json_each(${JSON.stringify(ids)}))`,
  );
  for (const row of rows) {
    const list = result.get(row.demand_id);
    if (list) list.push(row.term);
    else result.set(row.demand_id, [row.term]);
  }
  for (const list of result.values()) list.sort();
  return result;
}

export function sameTerms(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((term, i) => term === b[i]);
}

/**
 * Stores the terms of the Ziffern of these resolutions (or removes them where a Ziffer no longer
 * takes part); a Ziffer whose terms and meeting are stored as they are is left alone.
 */
export function indexDemands(tx: DbOrTx, resolutionIds: readonly number[]): Compared[] {
  if (resolutionIds.length === 0) return [];
  const rows = tx.all<{ id: number; text: string; outcome: Parameters<typeof comparesDemand>[0]; meeting_id: number }>(
    sql`select ${demands.id} as id, ${demands.text} as text, ${resolutions.outcome} as outcome, ${resolutions.meetingId} as meeting_id
        from ${demands} join ${resolutions} on ${resolutions.id} = ${demands.resolutionId}
        where ${demands.resolutionId} in (select value from json_each(${JSON.stringify(resolutionIds)}))
        order by ${demands.id}`,
  );
  const ids = rows.map((row) => row.id);
  const storedMeeting = new Map(
    tx
      .all<{ demand_id: number; meeting_id: number }>(
        sql`select demand_id, meeting_id from repeat_demands where demand_id in (select value from json_each(${JSON.stringify(ids)}))`,
      )
      .map((row) => [row.demand_id, row.meeting_id]),
  );
  const storedTerms = termsOfDemands(tx, ids);
  const compared: Compared[] = [];
  for (const row of rows) {
    const terms = comparesDemand(row.outcome, row.text) ? termsOf(row.text) : [];
    if (terms.length === 0) {
      if (storedMeeting.has(row.id)) {
        tx.delete(demandTerms).where(eq(demandTerms.demandId, row.id)).run();
        tx.delete(repeatDemands).where(eq(repeatDemands.demandId, row.id)).run();
      }
      // no longer compared: its open proposals go (decided pairs stay)
      tx.delete(demandRepeats)
        .where(and(eq(demandRepeats.state, 'proposed'), or(eq(demandRepeats.firstDemandId, row.id), eq(demandRepeats.secondDemandId, row.id))))
        .run();
      continue;
    }
    compared.push({ id: row.id, meetingId: row.meeting_id });
    if (storedMeeting.has(row.id)) {
      if (storedMeeting.get(row.id) === row.meeting_id && sameTerms(storedTerms.get(row.id), terms)) continue;
      tx.delete(demandTerms).where(eq(demandTerms.demandId, row.id)).run();
      tx.delete(repeatDemands).where(eq(repeatDemands.demandId, row.id)).run();
    }
    tx.insert(repeatDemands).values({ demandId: row.id, meetingId: row.meeting_id }).run();
    tx.run(sql`insert into demand_terms (term, demand_id) select value, ${row.id} from json_each(${JSON.stringify(terms)})`);
  }
  return compared;
}

// ---------------------------------------------------------------------------------------------
// Candidates
// ---------------------------------------------------------------------------------------------

/** Weights of terms under the current document frequencies, and of Ziffern as the sum of theirs. */
export class Weights {
  private readonly cache = new Map<string, number>();
  constructor(
    private readonly tx: DbOrTx,
    private readonly total: number,
  ) {}

  /** `total`: the number of compared Ziffern, when known (a rebuild counts them once). */
  static of(tx: DbOrTx, total?: number): Weights {
    return new Weights(tx, total ?? countCompared(tx));
  }

  load(terms: readonly string[]): void {
    const missing = terms.filter((t) => !this.cache.has(t));
    if (missing.length === 0) return;
    const rows = this.tx.all<{ term: string; documents: number }>(
      sql`select term, documents from repeat_terms where term in (select value from json_each(${JSON.stringify(missing)}))`,
    );
    const found = new Map(rows.map((r) => [r.term, r.documents]));
    for (const term of missing) this.cache.set(term, termWeight(found.get(term) ?? 0, this.total));
  }

  of(term: string): number {
    return this.cache.get(term) ?? 0;
  }

  /** The weight of a Ziffer: its terms' weights summed in the order given (sorted, so always the same sum). */
  sum(terms: readonly string[]): number {
    let sum = 0;
    for (const term of terms) sum += this.of(term);
    return sum;
  }
}

export function countCompared(tx: DbOrTx): number {
  return tx.all<{ n: number }>(sql`select count(*) as n from repeat_demands`)[0]?.n ?? 0;
}

export interface Found {
  first: number;
  second: number;
  similarity: number;
}

/** Counts of the work done, for tests and logs. */
export interface RepeatWork {
  /** Resolutions whose Ziffern were indexed. */
  resolutions: number;
  /** Ziffern compared with the archive. */
  demands: number;
  /** Other Ziffern looked at as possible partners (sharing one of the looked-up terms). */
  candidates: number;
  /** Steps of a rebuild. */
  steps: number;
}

export function noWork(): RepeatWork {
  return { resolutions: 0, demands: 0, candidates: 0, steps: 0 };
}

/**
 * The pairs `demand` forms with other Ziffern. `partners`: 'all' finds every pair (a Ziffer just
 * written); 'heavier' only pairs with Ziffern that weigh at least as much (ties: the lower id),
 * which is what a rebuild needs when every Ziffer takes its turn: each pair is found from its
 * lighter Ziffer, and the shared weight it needs is known in advance.
 */
export function candidatesOf(tx: DbOrTx, demand: Compared, weights: Weights, partners: 'all' | 'heavier', work?: RepeatWork): Found[] {
  const own = termsOfDemands(tx, [demand.id]).get(demand.id) ?? [];
  weights.load(own);
  const ownWeight = weights.sum(own);
  if (ownWeight < MIN_SHARED_WEIGHT - EPSILON) return [];
  // the weight a partner must share at least
  const needed = partners === 'heavier' ? Math.max(MIN_SHARED_WEIGHT, MIN_SIMILARITY * ownWeight) : MIN_SHARED_WEIGHT;
  const weighing = own.filter((term) => weights.of(term) > 0).sort((a, b) => weights.of(b) - weights.of(a) || (a < b ? -1 : a > b ? 1 : 0));
  // leave out the lightest terms while together they weigh less than needed: a partner shares one of the rest
  let rest = 0;
  let end = weighing.length;
  while (end > 0 && rest + weights.of(weighing[end - 1]!) < needed - EPSILON) rest += weights.of(weighing[--end]!);
  const lookup = weighing.slice(0, end);
  if (lookup.length === 0) return [];
  const partial = new Map<number, number>();
  const rows = tx.all<{ demand_id: number; term: string }>(
    sql`select demand_id, term from demand_terms where term in (select value from json_each(${JSON.stringify(lookup)})) and demand_id <> ${demand.id}`,
  );
  for (const row of rows) partial.set(row.demand_id, (partial.get(row.demand_id) ?? 0) + weights.of(row.term));
  if (work) work.candidates += partial.size;
  // at most the left-out terms can add to what is shared
  const hopeful = [...partial].filter(([, weight]) => weight + rest >= needed - EPSILON).map(([id]) => id);
  if (hopeful.length === 0) return [];
  const meetingOf = new Map(
    tx
      .all<{ demand_id: number; meeting_id: number }>(
        sql`select demand_id, meeting_id from repeat_demands where demand_id in (select value from json_each(${JSON.stringify(hopeful)}))`,
      )
      .map((r) => [r.demand_id, r.meeting_id]),
  );
  const others = hopeful.filter((id) => meetingOf.get(id) !== demand.meetingId);
  const otherTerms = termsOfDemands(tx, others);
  const ownSet = new Set(own);
  const found: Found[] = [];
  for (const other of others) {
    const terms = otherTerms.get(other) ?? [];
    weights.load(terms);
    const otherWeight = weights.sum(terms);
    if (partners === 'heavier' && (otherWeight < ownWeight || (otherWeight === ownWeight && other > demand.id))) continue;
    let shared = 0;
    for (const term of terms) if (ownSet.has(term)) shared += weights.of(term);
    if (!isRepeatCandidate(shared, ownWeight, otherWeight)) continue;
    found.push({
      first: Math.min(demand.id, other),
      second: Math.max(demand.id, other),
      similarity: Math.round(repeatSimilarity(shared, ownWeight, otherWeight) * 1000) / 1000,
    });
  }
  return found;
}

/** Writes the pairs found; an existing proposal gets the new similarity, a decided pair stays as it is. */
export function storeFound(tx: DbOrTx, found: readonly Found[], now: string): Set<number> {
  const kept = new Set<number>();
  for (const pair of found) {
    const existing = tx
      .select({ id: demandRepeats.id, state: demandRepeats.state, similarity: demandRepeats.similarity })
      .from(demandRepeats)
      .where(and(eq(demandRepeats.firstDemandId, pair.first), eq(demandRepeats.secondDemandId, pair.second)))
      .get();
    if (!existing) {
      const id = tx
        .insert(demandRepeats)
        .values({ firstDemandId: pair.first, secondDemandId: pair.second, similarity: pair.similarity, foundAt: now })
        .returning({ id: demandRepeats.id })
        .get().id;
      kept.add(id);
    } else {
      kept.add(existing.id);
      if (existing.state === 'proposed' && existing.similarity !== pair.similarity) {
        tx.update(demandRepeats).set({ similarity: pair.similarity }).where(eq(demandRepeats.id, existing.id)).run();
      }
    }
  }
  return kept;
}

/** Removes the proposals of these Ziffern that were not found again. */
export function dropStale(tx: DbOrTx, demandIds: readonly number[], kept: ReadonlySet<number>): void {
  const ids = JSON.stringify(demandIds);
  const proposals = tx.all<{ id: number }>(
    sql`select id from demand_repeats where state = 'proposed'
        and (first_demand_id in (select value from json_each(${ids})) or second_demand_id in (select value from json_each(${ids})))`,
  );
  for (const { id } of proposals) if (!kept.has(id)) tx.delete(demandRepeats).where(eq(demandRepeats.id, id)).run();
}
