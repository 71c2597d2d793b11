/**
 * The stale-flag rule of src/domain/tracking.ts where SQL needs it, and the stored classification
 * of declaratory Ziffern (`demands.declaratory`).
 */
import { eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { appMeta, demands } from '../../db/schema.js';
import { DECLARATORY_RULE_VERSION, FEDERAL_ACTOR_KIND, FEDERAL_REACTION_KINDS, isDeclaratory, tracksDemands } from '../domain/tracking.js';
import { OUTCOMES } from '../domain/vocabulary.js';
import { writeTransaction } from './tx.js';

/**
 * Condition on a follow-up: it is a federal reaction (domain/tracking.ts `isFederalReaction`).
 * The subquery over the few dozen actors is evaluated once per statement.
 */
export function federalReaction(followUp: { kind: AnyColumn; actorId: AnyColumn }): SQL {
  const kinds = sql.join(FEDERAL_REACTION_KINDS.map((kind) => sql`${kind}`), sql`, `);
  return sql`(${followUp.kind} in (${kinds}) and ${followUp.actorId} in (select id from actors where kind = ${FEDERAL_ACTOR_KIND}))`;
}

/**
 * Condition on a resolution's outcome: its Ziffern are tracked (domain/tracking.ts
 * `tracksDemands`); the list of outcomes is taken from the domain rule, not repeated here.
 */
export function tracksDemandsSql(outcome: AnyColumn | SQL): SQL {
  return sql`${outcome} in (${sql.join(OUTCOMES.filter(tracksDemands).map((o) => sql`${o}`), sql`, `)})`;
}

const RULE_KEY = 'declaratory_rule';

/**
 * Classifies every stored demand again when the rule of `isDeclaratory` has changed since the
 * last run (or never ran on this database: rows from before the column, raw bulk loads). Writes
 * only the rows whose value changes, in one transaction. Returns how many changed.
 */
export function classifyStoredDemands(db: Db): number {
  const stored = db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, RULE_KEY)).get();
  if (stored?.value === DECLARATORY_RULE_VERSION) return 0;
  const sqlite = db.$client;
  const rows = sqlite.prepare('select id, text, declaratory from demands').raw(true).iterate() as IterableIterator<[number, string, number]>;
  const changes: [number, number][] = [];
  for (const [id, text, declaratory] of rows) {
    const value = isDeclaratory(text) ? 1 : 0;
    if (value !== declaratory) changes.push([id, value]);
  }
  writeTransaction(db, (tx) => {
    for (const [id, value] of changes) tx.update(demands).set({ declaratory: value === 1 }).where(eq(demands.id, id)).run();
    tx.insert(appMeta)
      .values({ key: RULE_KEY, value: DECLARATORY_RULE_VERSION })
      .onConflictDoUpdate({ target: appMeta.key, set: { value: DECLARATORY_RULE_VERSION } })
      .run();
  });
  return changes.length;
}
