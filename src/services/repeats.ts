/**
 * Repeated demands: the stored terms of every compared Ziffer and the proposals of the similarity
 * rule (src/domain/repeats.ts). Reading, reviewing and showing them: ./repeat-review.ts.
 *
 * Proposals are computed incrementally: every write of a resolution's Ziffern (import, edit,
 * creation) calls `refreshRepeats` in its transaction for that resolution only; the terms of the
 * other Ziffern are looked up through the index on `demand_terms`, never recomputed. The whole
 * archive is compared again only when the rule's version changes: a rebuild in steps
 * (`beginRepeatsRebuild`, `stepRepeatsRebuild`), its progress kept in `app_meta` so that a new
 * process goes on where the last one stopped.
 *
 * Candidates are found by prefix filtering: a pair needs shared terms of a certain weight, so a
 * Ziffer's lightest terms (the most frequent ones, with the longest lists of Ziffern) may be left
 * out of the lookup as long as together they weigh less than that; any partner must then share one
 * of the remaining, rare terms. Each candidate is then checked against all its terms.
 */
import { and, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { appMeta, demandRepeats, demandTerms, demands, repeatDemands, resolutions } from '../../db/schema.js';
import {
  comparesDemand,
  isRepeatCandidate,
  MIN_SHARED_WEIGHT,
  MIN_SIMILARITY,
  REPEAT_RULE_VERSION,
  repeatSimilarity,
  repeatTerms as termsOf,
  termWeight,
} from '../domain/repeats.js';
import { writeTransaction } from './tx.js';
import type { DbOrTx } from './types.js';

const RULE_KEY = 'repeat_rule';
const REBUILD_KEY = 'repeat_rebuild';
/** Resolutions whose terms a rebuild stores per unit of work. */
const RESOLUTIONS_PER_UNIT = 2;
/** Ziffern a rebuild compares per unit of work. */
const DEMANDS_PER_UNIT = 5;
/** Steps of the one-shot rebuild (rebuildRepeats): one transaction each. */
const ONE_SHOT_STEP_MS = 500;
/** Sums of weights are compared with this margin, so that rounding never drops a partner. */
const EPSILON = 1e-9;

// ---------------------------------------------------------------------------------------------
// Terms
// ---------------------------------------------------------------------------------------------

interface Compared {
  id: number;
  meetingId: number;
}

/** The stored terms of these Ziffern, each list sorted. */
function termsOfDemands(tx: DbOrTx, ids: readonly number[]): Map<number, string[]> {
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

function sameTerms(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((term, i) => term === b[i]);
}

/**
 * Stores the terms of the Ziffern of these resolutions (or removes them where a Ziffer no longer
 * takes part); a Ziffer whose terms and meeting are stored as they are is left alone.
 */
function indexDemands(tx: DbOrTx, resolutionIds: readonly number[]): Compared[] {
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
class Weights {
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

function countCompared(tx: DbOrTx): number {
  return tx.all<{ n: number }>(sql`select count(*) as n from repeat_demands`)[0]?.n ?? 0;
}

interface Found {
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
function candidatesOf(tx: DbOrTx, demand: Compared, weights: Weights, partners: 'all' | 'heavier', work?: RepeatWork): Found[] {
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
  const ids = JSON.stringify(demandIds);
  const proposals = tx.all<{ id: number }>(
    sql`select id from demand_repeats where state = 'proposed'
        and (first_demand_id in (select value from json_each(${ids})) or second_demand_id in (select value from json_each(${ids})))`,
  );
  for (const { id } of proposals) if (!kept.has(id)) tx.delete(demandRepeats).where(eq(demandRepeats.id, id)).run();
}

/**
 * After the Ziffern of these resolutions were written: their terms are stored again and their
 * proposals computed against the whole archive. Runs inside the caller's transaction. While a
 * rebuild is still storing the terms of the archive, only the terms are stored: the rebuild
 * compares these Ziffern once the archive's frequencies are complete.
 */
export function refreshRepeats(tx: DbOrTx, resolutionIds: readonly number[], now = new Date().toISOString()): void {
  const compared = indexDemands(tx, resolutionIds);
  if (compared.length === 0) return;
  if (readProgress(tx)?.phase === 'index') return;
  const weights = Weights.of(tx);
  const found = compared.flatMap((demand) => candidatesOf(tx, demand, weights, 'all'));
  const kept = storeFound(tx, found, now);
  dropStale(tx, compared.map((d) => d.id), kept);
}

// ---------------------------------------------------------------------------------------------
// Rebuild of the whole archive, in steps
// ---------------------------------------------------------------------------------------------

/** A rebuild under way: first the terms of every resolution's Ziffern, then every Ziffer compared; ids up to `after` are done. */
interface RebuildProgress {
  phase: 'index' | 'compare';
  after: number;
  /** When the rebuild began: the time of every pair it finds. */
  foundAt: string;
  /** The number of compared Ziffern, counted when the comparing begins (it weighs the terms). */
  total?: number;
}

function readProgress(tx: DbOrTx): RebuildProgress | null {
  const row = tx.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, REBUILD_KEY)).get();
  return row ? (JSON.parse(row.value) as RebuildProgress) : null;
}

function writeMeta(tx: DbOrTx, key: string, value: string): void {
  tx.insert(appMeta).values({ key, value }).onConflictDoUpdate({ target: appMeta.key, set: { value } }).run();
}

/** Whether a rebuild has begun and is not finished (also one a stopped process left). */
export function repeatsRebuildPending(db: DbOrTx): boolean {
  return readProgress(db) !== null;
}

/** Whether the stored terms and proposals were computed by the current rule. */
export function repeatRuleCurrent(db: DbOrTx): boolean {
  return db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, RULE_KEY)).get()?.value === REPEAT_RULE_VERSION;
}

/**
 * Begins comparing the whole archive again (a rebuild under way starts over): the proposals go,
 * decided pairs stay. The work is done by `stepRepeatsRebuild`.
 */
export function beginRepeatsRebuild(db: Db, now = new Date().toISOString()): void {
  writeTransaction(db, (tx) => {
    tx.delete(demandRepeats).where(eq(demandRepeats.state, 'proposed')).run();
    writeMeta(tx, REBUILD_KEY, JSON.stringify({ phase: 'index', after: 0, foundAt: now } satisfies RebuildProgress));
  });
}

/**
 * Does units of the rebuild's work until `budgetMs` have passed (at least one), in one
 * transaction with the progress, so that a process stopped at any point loses at most this step.
 * Returns whether work remains. At the end the rule's version is recorded.
 */
export function stepRepeatsRebuild(db: Db, budgetMs: number, work?: RepeatWork): boolean {
  const started = performance.now();
  return writeTransaction(db, (tx) => {
    const progress = readProgress(tx);
    if (!progress) return false;
    if (work) work.steps++;
    let weights: Weights | null = null;
    do {
      if (progress.phase === 'index') {
        const ids = tx
          .all<{ id: number }>(sql`select id from resolutions where id > ${progress.after} order by id limit ${RESOLUTIONS_PER_UNIT}`)
          .map((r) => r.id);
        if (ids.length === 0) {
          progress.phase = 'compare';
          progress.after = 0;
          progress.total = countCompared(tx);
          continue;
        }
        indexDemands(tx, ids);
        progress.after = ids[ids.length - 1]!;
        if (work) work.resolutions += ids.length;
      } else {
        const batch = tx.all<{ demand_id: number; meeting_id: number }>(
          sql`select demand_id, meeting_id from repeat_demands where demand_id > ${progress.after} order by demand_id limit ${DEMANDS_PER_UNIT}`,
        );
        if (batch.length === 0) {
          tx.delete(appMeta).where(eq(appMeta.key, REBUILD_KEY)).run();
          writeMeta(tx, RULE_KEY, REPEAT_RULE_VERSION);
          return false;
        }
        weights ??= Weights.of(tx, progress.total);
        const found = batch.flatMap((row) => candidatesOf(tx, { id: row.demand_id, meetingId: row.meeting_id }, weights!, 'heavier', work));
        storeFound(tx, found, progress.foundAt);
        progress.after = batch[batch.length - 1]!.demand_id;
        if (work) work.demands += batch.length;
      }
    } while (performance.now() - started < budgetMs);
    writeMeta(tx, REBUILD_KEY, JSON.stringify(progress));
    return true;
  });
}

/**
 * Begins a rebuild where one is due: when `force` is set (after the demo archive is loaded, or
 * Ziffern were classified anew), or the rule's version changed and no rebuild is under way.
 * Returns whether a rebuild is pending (also one a stopped process left).
 */
export function startRepeatsRebuild(db: Db, options: { force?: boolean } = {}): boolean {
  if (options.force || (!repeatsRebuildPending(db) && !repeatRuleCurrent(db))) beginRepeatsRebuild(db);
  return repeatsRebuildPending(db);
}

/** The number of open proposals. */
export function proposalCount(db: DbOrTx): number {
  return db.select({ n: sql<number>`count(*)` }).from(demandRepeats).where(eq(demandRepeats.state, 'proposed')).get()?.n ?? 0;
}

/**
 * Compares the whole archive again in one go (steps in a row): when a rebuild is due (see
 * `startRepeatsRebuild`) or under way. Decided pairs stay; proposals that are not found again go.
 * Returns the number of proposals afterwards, or null when nothing had to be done.
 */
export function rebuildRepeats(db: Db, options: { force?: boolean } = {}, work?: RepeatWork): number | null {
  if (!startRepeatsRebuild(db, options)) return null;
  while (stepRepeatsRebuild(db, ONE_SHOT_STEP_MS, work)) {
    // next step
  }
  return proposalCount(db);
}
