/**
 * The confirmations of the browser's import. Each file of a preview has an id of its own (the
 * preview's random id and the file's index, `{uuid}-{k}`); confirming it records, in the audit log
 * and in the transaction that stores the file's last resolutions, what was stored (action
 * `import.confirm`, entity `import`). The result page after the confirmation reads it from there
 * (post/redirect/get: reloading it imports nothing), and a second confirmation of the same preview
 * (the browser's back button, a reload of a refused preview, a double click) stores nothing and
 * says "bereits importiert" with the first one's result.
 */
import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { auditLog } from '../../db/schema.js';
import type { Viewer } from './access.js';
import { audit, type Actor } from './audit.js';
import type { ImportedItem } from './import.js';
import type { DbOrTx } from './types.js';

/** A preview's id as the form carries it (a random UUID); anything else is none. */
const PREVIEW_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isPreviewId(value: string): boolean {
  return PREVIEW_ID.test(value);
}

/** The confirmation id of file k of a preview. */
export function confirmationId(previewId: string, k: number): string {
  return `${previewId}-${k}`;
}

/** A confirmed file of a preview, as recorded. */
export interface ConfirmedImport {
  /** `{previewId}-{k}`. */
  id: string;
  /** The file's index in its preview. */
  k: number;
  /** When (ISO UTC) and by whom (the log's name of the actor). */
  at: string;
  by: string;
  source: string | null;
  items: ImportedItem[];
  notes: string[];
}

/** Thrown by the import when the confirmation was recorded already: nothing is stored again. */
export class AlreadyImportedError extends Error {
  constructor(readonly confirmation: ConfirmedImport) {
    super(`import ${confirmation.id} confirmed already`);
    this.name = 'AlreadyImportedError';
  }
}

/** Records the confirmation with what it stored; inside the transaction of the import's last batch. */
export function recordConfirmation(
  tx: DbOrTx, actor: Actor, id: string, conferenceId: number, stored: { source: string | null; items: readonly ImportedItem[]; notes: readonly string[] },
): void {
  const { source, items, notes } = stored;
  audit(tx, actor, { action: 'import.confirm', entityType: 'import', entityId: id, conferenceId, after: { source, items, notes } });
}

interface Row {
  entityId: string | null;
  at: string;
  actor: string;
  after: unknown;
}

function confirmationOf(row: Row): ConfirmedImport {
  const after = (row.after ?? {}) as { source?: string | null; items?: ImportedItem[]; notes?: string[] };
  const id = row.entityId ?? '';
  return { id, k: Number(id.slice(id.lastIndexOf('-') + 1)), at: row.at, by: row.actor, source: after.source ?? null, items: after.items ?? [], notes: after.notes ?? [] };
}

const COLUMNS = { entityId: auditLog.entityId, at: auditLog.at, actor: auditLog.actor, after: auditLog.after } as const;

/** The recorded confirmation of an id, whoever confirmed it (the import's check), or null. */
export function findConfirmation(tx: DbOrTx, id: string): ConfirmedImport | null {
  const row = tx.select(COLUMNS).from(auditLog)
    .where(and(eq(auditLog.entityType, 'import'), eq(auditLog.entityId, id), eq(auditLog.action, 'import.confirm')))
    .get();
  return row ? confirmationOf(row) : null;
}

/**
 * The confirmed files of a preview that a secretariat may read (those of its conferences, as the
 * audit log's scope), in the order of the preview's files.
 */
export function confirmationsOfPreview(db: DbOrTx, viewer: Viewer, previewId: string): ConfirmedImport[] {
  if (!isPreviewId(previewId) || viewer.role !== 'secretariat' || viewer.conferenceIds.length === 0) return [];
  // the ids `{previewId}-0` … `{previewId}-999`: those from "{previewId}-" up to, not including, "{previewId}." ('.' follows '-')
  return db.select(COLUMNS).from(auditLog)
    .where(and(
      eq(auditLog.entityType, 'import'), gte(auditLog.entityId, `${previewId}-`), lt(auditLog.entityId, `${previewId}.`),
      eq(auditLog.action, 'import.confirm'), inArray(auditLog.conferenceId, [...viewer.conferenceIds]),
    ))
    .orderBy(asc(auditLog.id))
    .all()
    .map(confirmationOf)
    .sort((a, b) => a.k - b.k);
}

/**
 * The latest confirmed import of a file of this name that a secretariat may read: a new preview of
 * the same file (uploaded again, or sent again by the browser after the back button) says so.
 */
export function lastConfirmationOfFile(db: DbOrTx, viewer: Viewer, file: string): ConfirmedImport | null {
  if (viewer.role !== 'secretariat' || viewer.conferenceIds.length === 0) return null;
  const row = db.select(COLUMNS).from(auditLog)
    .where(and(
      eq(auditLog.entityType, 'import'), eq(auditLog.action, 'import.confirm'), inArray(auditLog.conferenceId, [...viewer.conferenceIds]),
      sql`json_extract(${auditLog.after}, '$.source') = ${file}`,
    ))
    .orderBy(desc(auditLog.id))
    .get();
  return row ? confirmationOf(row) : null;
}
