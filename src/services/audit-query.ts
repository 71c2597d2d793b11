/**
 * Reading the audit log for the administration: newest first, filtered by entity type, action,
 * user (e-mail) and a date range of Berlin calendar days, paginated with a total count.
 */
import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { auditLog, users } from '../../db/schema.js';
import { berlinDayStartUtc } from '../domain/berlin-time.js';
import { addDays } from '../domain/dates.js';
import type { AuditScope } from './access.js';

export const AUDIT_PAGE_SIZE = 50;
/** At most this many entries in one download. */
export const AUDIT_EXPORT_LIMIT = 50_000;

export interface AuditFilter {
  entityType?: string | null;
  action?: string | null;
  /** The acting user's e-mail address (case-insensitive, exact). */
  email?: string | null;
  /** First Berlin calendar day included (YYYY-MM-DD). */
  from?: string | null;
  /** Last Berlin calendar day included (YYYY-MM-DD). */
  to?: string | null;
  /** The reader's part of the log (auditScopeOf); absent = all. */
  scope?: AuditScope | null;
}

function scopeCondition(scope: AuditScope | null | undefined): SQL | undefined {
  if (!scope || scope.all) return undefined;
  return scope.conferenceIds.length === 0 ? sql`0` : inArray(auditLog.conferenceId, [...scope.conferenceIds]);
}

export interface AuditRow {
  id: number;
  at: string;
  userId: number | null;
  actor: string;
  userName: string | null;
  userEmail: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}

export interface AuditPage {
  rows: AuditRow[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
}

/** The where clause of a filter; exported so tests and exports can reuse the exact rule. */
export function auditWhere(filter: AuditFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.entityType) conditions.push(eq(auditLog.entityType, filter.entityType));
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.email) {
    const email = filter.email.trim().toLowerCase();
    // The user's current address, or the name the entry was written under (e-mail at the time).
    conditions.push(or(eq(users.email, email), sql`lower(${auditLog.actor}) = ${email}`)!);
  }
  if (filter.from) conditions.push(gte(auditLog.at, berlinDayStartUtc(filter.from)));
  if (filter.to) conditions.push(lt(auditLog.at, berlinDayStartUtc(addDays(filter.to, 1))));
  const scope = scopeCondition(filter.scope);
  if (scope) conditions.push(scope);
  return conditions.length > 0 ? and(...conditions) : undefined;
}

/** One page of entries (1-based; pages past the end show the last page). */
export function queryAudit(db: Db, filter: AuditFilter, page = 1, pageSize = AUDIT_PAGE_SIZE): AuditPage {
  const where = auditWhere(filter);
  const total =
    db
      .select({ count: sql<number>`count(*)` })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.userId))
      .where(where)
      .get()?.count ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, Math.trunc(page) || 1), pageCount);
  const rows = db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      userId: auditLog.userId,
      actor: auditLog.actor,
      userName: users.name,
      userEmail: users.email,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
      ip: auditLog.ip,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(where)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(pageSize)
    .offset((current - 1) * pageSize)
    .all();
  return { rows, total, page: current, pageCount, pageSize };
}

/** The entity types and actions that occur in the log, for the filter's select boxes. */
export function auditFilterOptions(db: Db, scope: AuditScope | null = null): { entityTypes: string[]; actions: string[] } {
  const where = scopeCondition(scope);
  const entityTypes = db
    .selectDistinct({ value: auditLog.entityType })
    .from(auditLog)
    .where(where)
    .orderBy(auditLog.entityType)
    .all()
    .map((r) => r.value);
  const actions = db
    .selectDistinct({ value: auditLog.action })
    .from(auditLog)
    .where(where)
    .orderBy(auditLog.action)
    .all()
    .map((r) => r.value);
  return { entityTypes, actions };
}
