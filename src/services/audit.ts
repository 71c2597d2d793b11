/**
 * The audit log: every change records who, when (UTC), what entity, before and after. Services call
 * `audit` inside the transaction of the change they make.
 */
import { auditLog } from '../../db/schema.js';
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
      at: new Date().toISOString(),
    })
    .run();
}
