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
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { appMeta, demandRepeats } from '../../db/schema.js';
import { REPEAT_RULE_VERSION } from '../domain/repeats.js';
import { writeTransaction } from './tx.js';
import type { DbOrTx } from './types.js';
import { candidatesOf, countCompared, dropStale, indexDemands, storeFound, Weights, type RepeatWork } from './repeat-candidates.js';

export { noWork, type RepeatWork } from './repeat-candidates.js';

const RULE_KEY = 'repeat_rule';
const REBUILD_KEY = 'repeat_rebuild';
/** Resolutions whose terms a rebuild stores per unit of work. */
const RESOLUTIONS_PER_UNIT = 2;
/** Ziffern a rebuild compares per unit of work. */
const DEMANDS_PER_UNIT = 5;
/** Steps of the one-shot rebuild (rebuildRepeats): one transaction each. */
const ONE_SHOT_STEP_MS = 500;

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
