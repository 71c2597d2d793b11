/**
 * Reading the audit log for the administration: newest first, filtered by entity type, action,
 * user (e-mail) and a date range of Berlin calendar days, paginated with a total count.
 */
import { and, desc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { auditLog, users } from '../../db/schema.js';
import { berlinDayStartUtc } from '../domain/berlin-time.js';
import { addDays } from '../domain/dates.js';
import type { AuditScope } from './access.js';
import { preparedPer } from './prepared.js';

export const AUDIT_PAGE_SIZE = 50;
/**
 * At most this many entries in one spreadsheet file (written whole on a worker thread); the CSV and
 * JSON downloads are streamed and hold every entry of the filter.
 */
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

const placeholder = sql.placeholder;

/**
 * The where clause of a filter on placeholders, with their values and the filter's shape (which
 * parts are set): the SQL depends on the shape alone, so each shape is prepared once (see shapes).
 */
function auditWhere(filter: AuditFilter) {
  const conditions: SQL[] = [];
  const params: Record<string, unknown> = {};
  let shape = '';
  const add = (name: string, condition: SQL, value: unknown) => {
    conditions.push(condition);
    params[name] = value;
    shape += `${name};`;
  };
  if (filter.entityType) add('entityType', eq(auditLog.entityType, placeholder('entityType')), filter.entityType);
  if (filter.action) add('action', eq(auditLog.action, placeholder('action')), filter.action);
  // The user's current address, or the name the entry was written under (e-mail at the time).
  if (filter.email) add('email', or(eq(users.email, placeholder('email')), sql`lower(${auditLog.actor}) = ${placeholder('email')}`)!, filter.email.trim().toLowerCase());
  if (filter.from) add('from', gte(auditLog.at, placeholder('from')), berlinDayStartUtc(filter.from));
  if (filter.to) add('to', lt(auditLog.at, placeholder('to')), berlinDayStartUtc(addDays(filter.to, 1)));
  const scope = filter.scope;
  if (scope && !scope.all) {
    if (scope.conferenceIds.length === 0) {
      conditions.push(sql`0`);
      shape += 'none;';
    } else {
      add('scope', sql`${auditLog.conferenceId} in (select value from json_each(${placeholder('scope')}))`, JSON.stringify(scope.conferenceIds));
    }
  }
  return { where: conditions.length > 0 ? and(...conditions) : undefined, params, shape };
}

function preparePage(db: Db, where: SQL | undefined) {
  return {
    count: db
      .select({ count: sql<number>`count(*)` })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.userId))
      .where(where)
      .prepare(),
    page: db
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
      .limit(placeholder('limit'))
      .offset(placeholder('offset'))
      .prepare(),
  };
}

/**
 * The entries after a place in the log's order (newest first, then the higher id first): what the
 * spreadsheet download reads piece by piece, each piece where the last one ended (a keyset on the
 * index on `at`, not an offset that counts through every entry before it).
 */
function prepareAfter(db: Db, where: SQL | undefined) {
  const after = sql`${auditLog.at} <= ${placeholder('afterAt')} and (${auditLog.at} < ${placeholder('afterAt')} or ${auditLog.id} < ${placeholder('afterId')})`;
  return preparePage(db, where ? and(where, after) : after).page;
}

function prepareOptions(db: Db, where: SQL | undefined) {
  return {
    entityTypes: db.selectDistinct({ value: auditLog.entityType }).from(auditLog).where(where).orderBy(auditLog.entityType).prepare(),
    actions: db.selectDistinct({ value: auditLog.action }).from(auditLog).where(where).orderBy(auditLog.action).prepare(),
  };
}

/** The statements of each filter shape, prepared once per connection (one per combination of filters). */
const shapes = preparedPer((_db: Db) => ({
  pages: new Map<string, ReturnType<typeof preparePage>>(),
  after: new Map<string, ReturnType<typeof prepareAfter>>(),
  options: new Map<string, ReturnType<typeof prepareOptions>>(),
}));

function cached<T>(cache: Map<string, T>, shape: string, prepare: () => T): T {
  let statements = cache.get(shape);
  if (!statements) {
    statements = prepare();
    cache.set(shape, statements);
  }
  return statements;
}

/** One page of entries (1-based; pages past the end show the last page). */
export function queryAudit(db: Db, filter: AuditFilter, page = 1, pageSize = AUDIT_PAGE_SIZE): AuditPage {
  const { where, params, shape } = auditWhere(filter);
  const statements = cached(shapes(db).pages, shape, () => preparePage(db, where));
  const total = statements.count.get(params)?.count ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, Math.trunc(page) || 1), pageCount);
  const rows = statements.page.all({ ...params, limit: pageSize, offset: (current - 1) * pageSize });
  return { rows, total, page: current, pageCount, pageSize };
}

/** Where the log is read from: before every entry (no time stamp sorts after it). */
export const AUDIT_START = { at: '\uffff', id: Number.MAX_SAFE_INTEGER } as const;

/**
 * Up to `limit` entries of the filter after `after` (an entry's time and id; AUDIT_START for the
 * newest), in the order of the pages: newest first. Reading on from the last row read gives the
 * next piece; entries written meanwhile are newer and stay out.
 */
export function auditEntriesAfter(db: Db, filter: AuditFilter, after: { at: string; id: number }, limit: number): AuditRow[] {
  const { where, params, shape } = auditWhere(filter);
  const statement = cached(shapes(db).after, shape, () => prepareAfter(db, where));
  return statement.all({ ...params, afterAt: after.at, afterId: after.id, limit, offset: 0 });
}

/**
 * The filter's entries, newest first, read `size` at a time: each piece read when the caller asks
 * for it (a download that lets other requests in between and holds one piece at a time). `limit`
 * stops after that many entries (the spreadsheet file's AUDIT_EXPORT_LIMIT; the caller refuses a
 * wider filter beforehand); without it every entry is read. Entries written while the pieces are
 * read are newer than the first one read and stay out.
 */
export function* auditEntriesInPieces(db: Db, filter: AuditFilter, size: number, limit = Number.POSITIVE_INFINITY): Generator<AuditRow[]> {
  let after: { at: string; id: number } = AUDIT_START;
  for (let read = 0; read < limit; ) {
    const rows = auditEntriesAfter(db, filter, after, Math.min(size, limit - read));
    if (rows.length === 0) return;
    yield rows;
    read += rows.length;
    const last = rows[rows.length - 1]!;
    after = { at: last.at, id: last.id };
  }
}

/** The entity types and actions that occur in the log, for the filter's select boxes. */
export function auditFilterOptions(db: Db, scope: AuditScope | null = null): { entityTypes: string[]; actions: string[] } {
  const { where, params, shape } = auditWhere({ scope });
  const statements = cached(shapes(db).options, shape, () => prepareOptions(db, where));
  return {
    entityTypes: statements.entityTypes.all(params).map((r) => r.value),
    actions: statements.actions.all(params).map((r) => r.value),
  };
}
