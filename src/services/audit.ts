/**
 * The audit log: every change records who, when (UTC), what entity, before and after. Services call
 * `audit` inside the transaction of the change they make.
 */
import { eq } from 'drizzle-orm';
import { auditLog, followUps, meetings, resolutions } from '../../db/schema.js';
import { selectResolutionWith } from './resolution-header.js';
import type { DbOrTx } from './types.js';

/** Who makes a change. `userId` is null for the command line, the demo loader or the system. */
export interface Actor {
  userId: number | null;
  /** A readable name for the log: the user's e-mail, "cli", "demo", "system". */
  name: string;
  ip?: string | null;
}

export const SYSTEM_ACTOR: Actor = Object.freeze({ userId: null, name: 'system' });

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | number | null;
  before?: unknown;
  after?: unknown;
  /** The conference of the changed object, where the caller knows it; otherwise derived. */
  conferenceId?: number | null;
}

/**
 * The conference an entry belongs to (its secretariat may read it): that of the conference,
 * meeting, resolution or follow-up changed; null for accounts and everything else.
 */
function conferenceOf(tx: DbOrTx, entityType: string, entityId: string | number | null): number | null {
  const id = Number(entityId);
  if (entityId === null || !Number.isInteger(id)) return null;
  const viaResolution = (resolutionId: number) =>
    selectResolutionWith(tx, { conferenceId: meetings.conferenceId })
      .where(eq(resolutions.id, resolutionId))
      .get()?.conferenceId ?? null;
  switch (entityType) {
    case 'conference':
      return id;
    case 'meeting':
      return tx.select({ conferenceId: meetings.conferenceId }).from(meetings).where(eq(meetings.id, id)).get()?.conferenceId ?? null;
    case 'resolution':
      return viaResolution(id);
    case 'follow_up': {
      const resolutionId = tx.select({ resolutionId: followUps.resolutionId }).from(followUps).where(eq(followUps.id, id)).get()?.resolutionId;
      return resolutionId === undefined ? null : viaResolution(resolutionId);
    }
    default:
      return null;
  }
}

export function audit(tx: DbOrTx, actor: Actor, entry: AuditEntry): void {
  tx.insert(auditLog)
    .values({
      userId: actor.userId,
      actor: actor.name,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId === null ? null : String(entry.entityId),
      before: entry.before ?? null,
      after: entry.after ?? null,
      ip: actor.ip ?? null,
      conferenceId: entry.conferenceId !== undefined ? entry.conferenceId : conferenceOf(tx, entry.entityType, entry.entityId),
      at: new Date().toISOString(),
    })
    .run();
}
