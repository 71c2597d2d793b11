/**
 * The Ziffern of an imported resolution, matched with the stored ones by their number, so that
 * follow-ups stay attached to "Ziffer 2" when the text is corrected. A stored Ziffer the new text
 * no longer has is removed, unless follow-ups hang on it. The plan is made before anything is
 * written, so that a re-import can tell that nothing would change and write nothing.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { demands, followUps } from '../../db/schema.js';
import type { ImportResolution } from '../domain/import-format.js';
import { findDueMeeting } from '../domain/parser/index.js';
import { isDeclaratory } from '../domain/tracking.js';
import { translate } from '../i18n.js';
import type { DbOrTx } from './types.js';

type StoredDemand = typeof demands.$inferSelect;

interface PlannedDemand {
  number: string | null;
  values: {
    text: string;
    declaratory: boolean;
    addressees: string[];
    dueDate: string | null;
    dueMeetingNumber: number | null;
    position: number;
  };
  /** The stored Ziffer of the same number, and whether its text or details differ. */
  match?: StoredDemand;
  changed: boolean;
  /** Marked internal: a stored internal Ziffer keeps its mark, and its text stays internal wherever it moves. */
  internal: boolean;
}

export interface DemandPlan {
  planned: PlannedDemand[];
  /** Stored Ziffern the new text no longer has: kept when follow-ups hang on them, else removed. */
  missing: { row: StoredDemand; hasFollowUps: boolean }[];
}

export function planDemands(tx: DbOrTx, resolutionId: number | null, r: ImportResolution): DemandPlan {
  const existing = resolutionId === null ? [] : tx.select().from(demands).where(eq(demands.resolutionId, resolutionId)).orderBy(demands.position).all();
  const byNumber = new Map(existing.map((d) => [d.number, d]));
  // a Ziffer the secretariat marked internal stays internal: the row of its number keeps the mark,
  // and a row that gets the text of an internal one (renumbered) is marked too
  const internalTexts = new Set(existing.filter((d) => d.internal).map((d) => d.text));
  const kept = new Set<number>();
  const planned = r.demands.map((demand, position): PlannedDemand => {
    const dueMeeting = demand.dueDate ? null : findDueMeeting(demand.text);
    const dueMeetingNumber = dueMeeting && dueMeeting.conference.toLowerCase() === r.conference.toLowerCase() ? dueMeeting.number : null;
    const values = {
      text: demand.text,
      declaratory: isDeclaratory(demand.text),
      addressees: demand.addressees ?? [],
      dueDate: demand.dueDate ?? null,
      dueMeetingNumber,
      position,
    };
    const match = byNumber.get(demand.number);
    if (!match) return { number: demand.number, values, changed: true, internal: internalTexts.has(values.text) };
    kept.add(match.id);
    const changed =
      match.text !== values.text ||
      JSON.stringify(match.addressees) !== JSON.stringify(values.addressees) ||
      match.dueDate !== values.dueDate ||
      match.dueMeetingNumber !== values.dueMeetingNumber;
    return { number: demand.number, values, match, changed, internal: match.internal || internalTexts.has(values.text) };
  });
  const gone = existing.filter((d) => !kept.has(d.id));
  const withFollowUps = new Set(
    gone.length === 0
      ? []
      : tx.selectDistinct({ demandId: followUps.demandId }).from(followUps).where(inArray(followUps.demandId, gone.map((d) => d.id))).all().map((f) => f.demandId),
  );
  return { planned, missing: gone.map((row) => ({ row, hasFollowUps: withFollowUps.has(row.id) })) };
}

/**
 * Storing the plan would leave every stored Ziffer as it is: each one matched, unchanged and in
 * its place, and the ones the text lacks kept for their follow-ups after them, in their order.
 */
export function demandsUnchanged(plan: DemandPlan): boolean {
  const count = plan.planned.length;
  return (
    plan.planned.every((d, position) => d.match !== undefined && !d.changed && d.match.position === position) &&
    plan.missing.every((m, k) => m.hasFollowUps && m.row.position === count + k)
  );
}

/** What the import tells about Ziffern it keeps although the new text lacks them. */
export function keptDemandNotes(plan: DemandPlan, label: string): string[] {
  return plan.missing
    .filter((m) => m.hasFollowUps)
    .map((m) => translate('importError.demandKept', { top: label, number: m.row.number ?? translate('importError.noNumber') }));
}

/** Writes the plan (made before a new resolution had its id). */
export function storeDemands(tx: DbOrTx, resolutionId: number, plan: DemandPlan): void {
  const now = new Date().toISOString();
  // Move existing rows out of the way of the new positions first.
  tx.update(demands).set({ position: sql`-1 - ${demands.position}` }).where(eq(demands.resolutionId, resolutionId)).run();
  for (const demand of plan.planned) {
    const { match, values } = demand;
    if (match) {
      tx.update(demands)
        .set(demand.changed ? { ...values, internal: demand.internal, version: match.version + 1, updatedAt: now } : { position: values.position })
        .where(eq(demands.id, match.id))
        .run();
    } else {
      tx.insert(demands).values({ ...values, resolutionId, number: demand.number, internal: demand.internal }).run();
    }
  }
  let nextPosition = plan.planned.length;
  for (const { row, hasFollowUps } of plan.missing) {
    if (hasFollowUps) tx.update(demands).set({ position: nextPosition++ }).where(eq(demands.id, row.id)).run();
    else tx.delete(demands).where(eq(demands.id, row.id)).run();
  }
}
