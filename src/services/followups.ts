/**
 * Follow-ups (Folgemaßnahmen): recording them and keeping each demand's derived status in step.
 * The status history is the ordered list of follow-ups; `demands.status` and
 * `demands.public_status` are caches of `statusAsOf(...)` for today.
 */
import { and, eq, isNull, or } from 'drizzle-orm';
import {
  actors,
  demands,
  followUps,
  meetings,
  resolutions,
  DEMAND_STATUSES,
  FOLLOW_UP_KINDS,
  type DemandStatus,
  type FollowUpKind,
} from '../../db/schema.js';
import type { Db } from '../../db/connection.js';
import { isLandCode } from '../domain/laender.js';
import { statusAsOf, type StatusEvent } from '../domain/status.js';
import { audit, type Actor } from './audit.js';
import { ValidationError, type DbOrTx } from './types.js';

export interface FollowUpInput {
  resolutionId: number;
  /** Null: the follow-up covers all demands of the resolution. */
  demandId: number | null;
  date: string;
  /** An actor code from the maintained list (BMI, BMAS, …), a Land code, or null. */
  actor: string | null;
  kind: FollowUpKind;
  summary: string;
  link: string | null;
  resultingStatus: DemandStatus | null;
  visibility: 'public' | 'internal';
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Resolves an actor code to the actor row valid on the date (renamed ministries have several). */
export function findActor(tx: DbOrTx, code: string, date: string) {
  const candidates = tx.select().from(actors).where(eq(actors.code, code)).all();
  return (
    candidates.find(
      (a) => (a.validFrom === null || a.validFrom <= date) && (a.validTo === null || date <= a.validTo),
    ) ?? null
  );
}

function validate(tx: DbOrTx, input: FollowUpInput, today: string) {
  const problems: string[] = [];
  const target = tx
    .select({ id: resolutions.id, startDate: meetings.startDate, year: meetings.year })
    .from(resolutions)
    .innerJoin(meetings, eq(meetings.id, resolutions.meetingId))
    .where(eq(resolutions.id, input.resolutionId))
    .get();
  if (!target) throw new ValidationError('Der Beschluss existiert nicht.');
  if (input.demandId !== null) {
    const demand = tx
      .select({ id: demands.id })
      .from(demands)
      .where(and(eq(demands.id, input.demandId), eq(demands.resolutionId, input.resolutionId)))
      .get();
    if (!demand) problems.push('Die Ziffer gehört nicht zu diesem Beschluss.');
  }
  if (!ISO_DATE.test(input.date) || Number.isNaN(Date.parse(`${input.date}T00:00:00Z`))) {
    problems.push('Bitte ein gültiges Datum angeben (TT.MM.JJJJ).');
  } else {
    const meetingStart = target.startDate ?? `${target.year}-01-01`;
    if (input.date < meetingStart) problems.push('Das Datum liegt vor der Sitzung, auf der der Beschluss gefasst wurde.');
    if (input.date > today) problems.push('Das Datum liegt in der Zukunft.');
  }
  if (!(FOLLOW_UP_KINDS as readonly string[]).includes(input.kind)) problems.push('Unbekannte Art der Folgemaßnahme.');
  if (input.resultingStatus !== null && !(DEMAND_STATUSES as readonly string[]).includes(input.resultingStatus))
    problems.push('Unbekannter Umsetzungsstand.');
  if (input.visibility !== 'public' && input.visibility !== 'internal') problems.push('Unbekannte Sichtbarkeit.');
  const summary = input.summary.trim();
  if (!summary) problems.push('Bitte eine Zusammenfassung angeben.');
  if (summary.length > 5000) problems.push('Die Zusammenfassung ist zu lang (höchstens 5.000 Zeichen).');
  if (input.link !== null && !/^https?:\/\/[^\s]+$/i.test(input.link))
    problems.push('Der Link muss mit http:// oder https:// beginnen.');
  let actorId: number | null = null;
  let actorLand: string | null = null;
  if (input.actor !== null) {
    if (isLandCode(input.actor)) {
      actorLand = input.actor;
    } else {
      const actor = ISO_DATE.test(input.date) ? findActor(tx, input.actor, input.date) : null;
      if (!actor) problems.push(`„${input.actor}“ ist zu diesem Datum kein bekannter Akteur.`);
      else actorId = actor.id;
    }
  }
  if (problems.length > 0) throw new ValidationError(problems[0]!, problems);
  return { actorId, actorLand, summary };
}

/** Recomputes the cached current statuses of the resolution's demands from their follow-ups. */
export function refreshDemandStatuses(tx: DbOrTx, resolutionId: number): void {
  const events = tx
    .select({
      id: followUps.id,
      demandId: followUps.demandId,
      date: followUps.date,
      kind: followUps.kind,
      resultingStatus: followUps.resultingStatus,
      visibility: followUps.visibility,
    })
    .from(followUps)
    .where(eq(followUps.resolutionId, resolutionId))
    .all();
  const demandRows = tx
    .select({ id: demands.id })
    .from(demands)
    .where(eq(demands.resolutionId, resolutionId))
    .all();
  for (const demand of demandRows) {
    const own: (StatusEvent & { visibility: string })[] = events.filter(
      (e) => e.demandId === demand.id || e.demandId === null,
    );
    const all = statusAsOf(own);
    const pub = statusAsOf(own.filter((e) => e.visibility === 'public'));
    tx.update(demands)
      .set({ status: all.status, statusSince: all.since, publicStatus: pub.status, publicStatusSince: pub.since })
      .where(eq(demands.id, demand.id))
      .run();
  }
}

export function recordFollowUpIn(
  tx: DbOrTx,
  actor: Actor,
  input: FollowUpInput,
  today = new Date().toISOString().slice(0, 10),
): number {
  const { actorId, actorLand, summary } = validate(tx, input, today);
  const values = {
    resolutionId: input.resolutionId,
    demandId: input.demandId,
    date: input.date,
    actorId,
    actorLand,
    kind: input.kind,
    summary,
    link: input.link,
    resultingStatus: input.resultingStatus,
    visibility: input.visibility,
    authorId: actor.userId,
  };
  const id = tx.insert(followUps).values(values).returning({ id: followUps.id }).get().id;
  refreshDemandStatuses(tx, input.resolutionId);
  audit(tx, actor, { action: 'followup.create', entityType: 'follow_up', entityId: id, after: values });
  return id;
}

export function recordFollowUp(db: Db, actor: Actor, input: FollowUpInput): number {
  return db.transaction((tx) => recordFollowUpIn(tx, actor, input));
}

/** Follow-ups that concern one demand: its own and the resolution-wide ones. */
export function demandFollowUpCondition(resolutionId: number, demandId: number) {
  return and(
    eq(followUps.resolutionId, resolutionId),
    or(eq(followUps.demandId, demandId), isNull(followUps.demandId)),
  );
}
