/**
 * Repeated demands: the stored terms of every compared Ziffer and the proposals of the similarity
 * rule (src/domain/repeats.ts). Reading, reviewing and showing them: ./repeat-review.ts.
 *
 * Proposals are computed incrementally: every write of a resolution's Ziffern (import, edit,
 * creation) calls `refreshRepeats` in its transaction for that resolution only; the terms of the
 * other Ziffern are looked up through the index on `demand_terms`, never recomputed. The whole
 * archive is compared only when the rule's version changes (`rebuildRepeats`, at start).
 */
import { and, eq, inArray, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { appMeta, demandRepeats, demandTerms, demands, repeatDemands, repeatTerms, resolutions } from '../../db/schema.js';
import {
  comparesDemand,
  isRepeatCandidate,
  MIN_SHARED_WEIGHT,
  REPEAT_RULE_VERSION,
  repeatSimilarity,
  repeatTerms as termsOf,
  termWeight,
} from '../domain/repeats.js';
import { writeTransaction } from './tx.js';
import type { DbOrTx } from './types.js';

const RULE_KEY = 'repeat_rule';

// ---------------------------------------------------------------------------------------------
// Terms and proposals
// ---------------------------------------------------------------------------------------------

interface Compared {
  id: number;
  meetingId: number;
}

/** Stores the terms of the Ziffern (or removes them where a Ziffer no longer takes part). */
function indexDemands(tx: DbOrTx, resolutionIds: readonly number[]): Compared[] {
  if (resolutionIds.length === 0) return [];
  const rows = tx
    .select({ id: demands.id, text: demands.text, outcome: resolutions.outcome, meetingId: resolutions.meetingId })
    .from(demands)
    .innerJoin(resolutions, eq(resolutions.id, demands.resolutionId))
    .where(inArray(demands.resolutionId, [...resolutionIds]))
    .all();
  const compared: Compared[] = [];
  for (const row of rows) {
    tx.delete(demandTerms).where(eq(demandTerms.demandId, row.id)).run();
    tx.delete(repeatDemands).where(eq(repeatDemands.demandId, row.id)).run();
    const terms = comparesDemand(row.outcome, row.text) ? termsOf(row.text) : [];
    if (terms.length === 0) {
      // no longer compared: its open proposals go (decided pairs stay)
      tx.delete(demandRepeats)
        .where(and(eq(demandRepeats.state, 'proposed'), or(eq(demandRepeats.firstDemandId, row.id), eq(demandRepeats.secondDemandId, row.id))))
        .run();
      continue;
    }
    tx.insert(repeatDemands).values({ demandId: row.id, meetingId: row.meetingId }).run();
    for (let i = 0; i < terms.length; i += 200) {
      tx.insert(demandTerms).values(terms.slice(i, i + 200).map((term) => ({ term, demandId: row.id }))).run();
    }
    compared.push({ id: row.id, meetingId: row.meetingId });
  }
  return compared;
}

/** Weights of terms under the current document frequencies. */
class Weights {
  private readonly cache = new Map<string, number>();
  constructor(
    private readonly tx: DbOrTx,
    private readonly total: number,
  ) {}

  static of(tx: DbOrTx): Weights {
    const total = tx.select({ n: sql<number>`count(*)` }).from(repeatDemands).get()?.n ?? 0;
    return new Weights(tx, total);
  }

  load(terms: readonly string[]): void {
    const missing = terms.filter((t) => !this.cache.has(t));
    for (let i = 0; i < missing.length; i += 500) {
      const chunk = missing.slice(i, i + 500);
      const rows = this.tx.select().from(repeatTerms).where(inArray(repeatTerms.term, chunk)).all();
      const found = new Map(rows.map((r) => [r.term, r.documents]));
      for (const term of chunk) this.cache.set(term, termWeight(found.get(term) ?? 0, this.total));
    }
  }

  of(term: string): number {
    return this.cache.get(term) ?? 0;
  }
}

function termsOfDemands(tx: DbOrTx, ids: readonly number[]): Map<number, string[]> {
  const result = new Map<number, string[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = tx
      .select({ demandId: demandTerms.demandId, term: demandTerms.term })
      .from(demandTerms)
      .where(inArray(demandTerms.demandId, ids.slice(i, i + 500)))
      .all();
    for (const row of rows) {
      const list = result.get(row.demandId) ?? [];
      list.push(row.term);
      result.set(row.demandId, list);
    }
  }
  return result;
}

interface Found {
  first: number;
  second: number;
  similarity: number;
}

/**
 * The Ziffern that form a candidate pair with `demand`: only those sharing one of its weighing
 * terms are looked at (a weighing term occurs in few Ziffern by definition).
 */
function candidatesOf(tx: DbOrTx, demand: Compared, weights: Weights, accept: (other: number) => boolean = () => true): Found[] {
  const own = termsOfDemands(tx, [demand.id]).get(demand.id) ?? [];
  weights.load(own);
  const weighing = own.filter((term) => weights.of(term) > 0);
  if (weighing.length === 0) return [];
  const shared = new Map<number, number>();
  for (let i = 0; i < weighing.length; i += 500) {
    const rows = tx
      .select({ demandId: demandTerms.demandId, term: demandTerms.term })
      .from(demandTerms)
      .where(and(inArray(demandTerms.term, weighing.slice(i, i + 500)), ne(demandTerms.demandId, demand.id)))
      .all();
    for (const row of rows) shared.set(row.demandId, (shared.get(row.demandId) ?? 0) + weights.of(row.term));
  }
  const others = [...shared].filter(([id, weight]) => weight >= MIN_SHARED_WEIGHT && accept(id)).map(([id]) => id);
  if (others.length === 0) return [];
  const meetingOf = new Map(
    tx.select({ id: repeatDemands.demandId, meetingId: repeatDemands.meetingId }).from(repeatDemands).where(inArray(repeatDemands.demandId, others)).all().map((r) => [r.id, r.meetingId]),
  );
  const otherTerms = termsOfDemands(tx, others);
  for (const terms of otherTerms.values()) weights.load(terms);
  const ownWeight = weighing.reduce((sum, term) => sum + weights.of(term), 0);
  const found: Found[] = [];
  for (const other of others) {
    if (meetingOf.get(other) === demand.meetingId) continue;
    const otherWeight = (otherTerms.get(other) ?? []).reduce((sum, term) => sum + weights.of(term), 0);
    const sharedWeight = shared.get(other)!;
    if (!isRepeatCandidate(sharedWeight, ownWeight, otherWeight)) continue;
    found.push({
      first: Math.min(demand.id, other),
      second: Math.max(demand.id, other),
      similarity: Math.round(repeatSimilarity(sharedWeight, ownWeight, otherWeight) * 1000) / 1000,
    });
  }
  return found;
}

/** Writes the pairs found; an existing proposal gets the new similarity, a decided pair stays as it is. */
function storeFound(tx: DbOrTx, found: readonly Found[], now: string): Set<number> {
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
function dropStale(tx: DbOrTx, demandIds: readonly number[], kept: ReadonlySet<number>): void {
  for (let i = 0; i < demandIds.length; i += 400) {
    const chunk = demandIds.slice(i, i + 400);
    const proposals = tx
      .select({ id: demandRepeats.id })
      .from(demandRepeats)
      .where(and(eq(demandRepeats.state, 'proposed'), or(inArray(demandRepeats.firstDemandId, chunk), inArray(demandRepeats.secondDemandId, chunk))))
      .all();
    for (const { id } of proposals) if (!kept.has(id)) tx.delete(demandRepeats).where(eq(demandRepeats.id, id)).run();
  }
}

/**
 * After the Ziffern of these resolutions were written: their terms are stored again and their
 * proposals computed against the whole archive. Runs inside the caller's transaction.
 */
export function refreshRepeats(tx: DbOrTx, resolutionIds: readonly number[], now = new Date().toISOString()): void {
  const compared = indexDemands(tx, resolutionIds);
  if (compared.length === 0) return;
  const weights = Weights.of(tx);
  const found = compared.flatMap((demand) => candidatesOf(tx, demand, weights));
  const kept = storeFound(tx, found, now);
  dropStale(tx, compared.map((d) => d.id), kept);
}

/**
 * Compares the whole archive again: when the rule's version changed since the last run (or it
 * never ran on this database), or when `force` is set (after the demo archive is loaded). Decided
 * pairs stay; proposals that are not found again go. Returns the number of proposals afterwards,
 * or null when nothing had to be done.
 */
export function rebuildRepeats(db: Db, options: { force?: boolean } = {}): number | null {
  const stored = db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, RULE_KEY)).get();
  if (!options.force && stored?.value === REPEAT_RULE_VERSION) return null;
  return writeTransaction(db, (tx) => {
    tx.delete(demandTerms).run();
    tx.delete(repeatDemands).run();
    tx.delete(repeatTerms).run();
    const resolutionIds = tx.select({ id: resolutions.id }).from(resolutions).all().map((r) => r.id);
    const compared: Compared[] = [];
    for (let i = 0; i < resolutionIds.length; i += 400) compared.push(...indexDemands(tx, resolutionIds.slice(i, i + 400)));
    const weights = Weights.of(tx);
    const now = new Date().toISOString();
    const found: Found[] = [];
    // each pair once: from its later Ziffer (by id)
    for (const demand of compared) found.push(...candidatesOf(tx, demand, weights, (other) => other < demand.id));
    const kept = storeFound(tx, found, now);
    const proposals = tx.select({ id: demandRepeats.id }).from(demandRepeats).where(eq(demandRepeats.state, 'proposed')).all();
    for (const { id } of proposals) if (!kept.has(id)) tx.delete(demandRepeats).where(eq(demandRepeats.id, id)).run();
    tx.insert(appMeta)
      .values({ key: RULE_KEY, value: REPEAT_RULE_VERSION })
      .onConflictDoUpdate({ target: appMeta.key, set: { value: REPEAT_RULE_VERSION } })
      .run();
    return tx.select({ n: sql<number>`count(*)` }).from(demandRepeats).where(eq(demandRepeats.state, 'proposed')).get()?.n ?? 0;
  });
}
