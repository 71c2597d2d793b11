/**
 * Documents stored with follow-ups: the federal government's letter, a report or a cabinet
 * decision as PDF (or DOCX, ODT, XLSX, CSV), kept in the archive rather than only linked.
 *
 * The file lies under `<DATA_DIR>/files/<first two hex digits>/<SHA-256>`: the same content is
 * stored once, whoever uploads it and to how many follow-ups. It is written to a temporary name in
 * the same directory, flushed and renamed into place, so there is never a half-written file under
 * its final name; the row that refers to it is written after, in its own transaction (a crash in
 * between leaves an unreferenced file, which `pruneDocumentFiles` removes). The type is read from
 * the content (domain/document-type.ts), never from the name; the text of a PDF or a Word document
 * (.docx) is extracted once, for the search. A file stays as long as any row refers to it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { writeTransaction } from './tx.js';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { followUpDocuments, followUps } from '../../db/schema.js';
import { detectDocumentType, documentFileName } from '../domain/document-type.js';
import type { DocumentType } from '../domain/vocabulary.js';
import { shortFileName } from '../domain/text-safety.js';
import { translate } from '../i18n.js';
import { audit, type Actor } from './audit.js';
import { extractPdfText, PdfTextError } from './pdf-text.js';
import { DocxTextError, extractDocxText } from './docx-text.js';
import { ValidationError, type DbOrTx } from './types.js';
import { preparedPer } from './prepared.js';
import { m, r, withResolution } from './resolution-header.js';
import { fieldVisible, followUpVisible, resolutionVisible, visibilityParams, visibleDocuments, type Viewer } from './visibility.js';

/** A PDF with more pages, or a PDF or Word document with more text, is refused (a "PDF bomb" is refused, not stored). */
export const MAX_PDF_PAGES = 2000;
export const MAX_PDF_TEXT_CHARS = 5_000_000;

export interface StoredDocument {
  id: number;
  followUpId: number;
  fileName: string;
  type: DocumentType;
  size: number;
  /** Marked internal: the public sees the follow-up without it (visibility.ts, visibleDocuments). */
  internal: boolean;
}

/** A document as a page lists it: one withheld from the viewer (visibleDocuments) says only that it exists. */
export type ListedDocument = (StoredDocument & { withheld: false }) | { withheld: true };

export function documentsDir(dataDir: string): string {
  return path.join(dataDir, 'files');
}

function filePath(dataDir: string, sha256: string): string {
  return path.join(documentsDir(dataDir), sha256.slice(0, 2), sha256);
}

/** Writes the bytes under their hash, through a temporary file and a rename; nothing if already there. */
function writeContent(dataDir: string, sha256: string, bytes: Uint8Array): void {
  const target = filePath(dataDir, sha256);
  if (existsSync(target)) return;
  mkdirSync(path.dirname(target), { recursive: true });
  const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx', 0o640);
  try {
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temporary, target);
}

/** "25", "0,3": a size in MB as the messages write it. */
export function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toLocaleString('de-DE', { maximumFractionDigits: 1 });
}

/**
 * The text of a PDF or Word document for the search, null for the other types and for a document
 * without text (a scan without a text layer is a document all the same); a broken, encrypted or
 * huge one is refused with a German message.
 */
async function searchableText(type: DocumentType, bytes: Uint8Array, shown: string): Promise<string | null> {
  try {
    if (type === 'pdf') return await extractPdfText(bytes, { name: shown, maxPages: MAX_PDF_PAGES, maxChars: MAX_PDF_TEXT_CHARS });
    if (type === 'docx') {
      const text = await extractDocxText(bytes, { name: shown });
      if (text.length > MAX_PDF_TEXT_CHARS) throw new DocxTextError('too-large', shown);
      return text;
    }
    return null;
  } catch (error) {
    if (!(error instanceof PdfTextError) && !(error instanceof DocxTextError)) throw error;
    if (error.kind !== 'no-text') throw new ValidationError(error.message);
    return null;
  }
}

/** An upload that passed the checks (size, type by content, readable text): ready to be stored. */
export interface CheckedDocument {
  fileName: string;
  type: DocumentType;
  size: number;
  sha256: string;
  text: string | null;
  bytes: Uint8Array;
}

/**
 * Checks an upload: not over `maxBytes`, not empty, a type read from its content, a PDF or Word
 * document readable. Bad input throws ValidationError with a German message; nothing is stored.
 */
export async function checkDocument(upload: { name: string; bytes: Uint8Array; truncated?: boolean }, maxBytes: number): Promise<CheckedDocument> {
  // the name as messages repeat it: without a path, a long one shortened
  const shown = shortFileName(upload.name.split(/[/\\]/).at(-1) || translate('documentError.someFile'));
  if (upload.truncated || upload.bytes.length > maxBytes) {
    throw new ValidationError(translate('documentError.tooLarge', { name: shown, max: megabytes(maxBytes) }));
  }
  if (upload.bytes.length === 0) throw new ValidationError(translate('documentError.empty', { name: shown }));
  const type = detectDocumentType(upload.bytes);
  if (type === null) {
    throw new ValidationError(translate('documentError.refusedType', { name: shown }));
  }
  const text = await searchableText(type, upload.bytes, shown);
  const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
  return { fileName: documentFileName(upload.name, type), type, size: upload.bytes.length, sha256, text, bytes: upload.bytes };
}

/**
 * Writes a checked document's file under DATA_DIR (before the transaction that refers to it: a
 * rolled-back or failed save leaves an unreferenced file, which `pruneDocumentFiles` removes).
 */
export function storeDocumentFile(dataDir: string, document: CheckedDocument): void {
  writeContent(dataDir, document.sha256, document.bytes);
}

/** The row of a stored (storeDocumentFile) document on a follow-up, audited, in the caller's transaction. */
export function insertDocumentIn(tx: DbOrTx, actor: Actor, followUpId: number, document: CheckedDocument, internal: boolean): StoredDocument {
  const followUp = tx.select({ id: followUps.id }).from(followUps).where(eq(followUps.id, followUpId)).get();
  if (!followUp) throw new ValidationError(translate('documentError.followUpGone'));
  const { fileName, type, sha256, text } = document;
  const row = tx
    .insert(followUpDocuments)
    .values({ followUpId, sha256, fileName, type, size: document.size, text, internal, userId: actor.userId, createdAt: new Date().toISOString() })
    .returning()
    .get();
  audit(tx, actor, { action: 'followup.document', entityType: 'followUp', entityId: followUpId, after: { fileName, type, size: row.size, sha256, internal } });
  return { id: row.id, followUpId, fileName, type, size: row.size, internal };
}

/**
 * Checks an upload and stores it with the follow-up (the caller has checked that the viewer may
 * change that follow-up). Bad input throws ValidationError with a German message and stores nothing.
 */
export async function attachDocument(
  db: Db,
  dataDir: string,
  actor: Actor,
  followUpId: number,
  upload: { name: string; bytes: Uint8Array; truncated?: boolean; internal?: boolean },
  maxBytes: number,
): Promise<StoredDocument> {
  const document = await checkDocument(upload, maxBytes);
  storeDocumentFile(dataDir, document);
  return writeTransaction(db, (tx) => insertDocumentIn(tx, actor, followUpId, document, upload.internal ?? false));
}

/**
 * What the follow-up form changes of the documents it lists: which of them are internal, which go.
 * Only the listed documents (`listed`) that belong to the follow-up are touched: one added in
 * between by someone else keeps its mark, one of another follow-up is never changed.
 */
export interface DocumentEdits {
  listed: readonly number[];
  internal: readonly number[];
  remove: readonly number[];
}

/**
 * Applies the form's marks to the follow-up's documents in the caller's transaction, each change
 * audited; returns the SHA-256 of the removed ones (their files go once nothing refers to them:
 * `removeUnreferencedFiles`, after the transaction).
 */
export function applyDocumentEditsIn(tx: DbOrTx, actor: Actor, followUpId: number, edits: DocumentEdits): string[] {
  const rows = tx.select().from(followUpDocuments).where(eq(followUpDocuments.followUpId, followUpId)).all();
  const removed: string[] = [];
  for (const row of rows) {
    if (!edits.listed.includes(row.id)) continue;
    if (edits.remove.includes(row.id)) {
      tx.delete(followUpDocuments).where(eq(followUpDocuments.id, row.id)).run();
      audit(tx, actor, { action: 'followup.documentRemove', entityType: 'followUp', entityId: followUpId, before: { fileName: row.fileName, sha256: row.sha256 } });
      removed.push(row.sha256);
      continue;
    }
    const internal = edits.internal.includes(row.id);
    if (row.internal === internal) continue;
    tx.update(followUpDocuments).set({ internal }).where(eq(followUpDocuments.id, row.id)).run();
    audit(tx, actor, { action: 'followup.documentInternal', entityType: 'followUp', entityId: followUpId, before: { fileName: row.fileName, internal: row.internal }, after: { fileName: row.fileName, internal } });
  }
  return removed;
}

/** Removes the files of these hashes that no row refers to any more (after removing documents). */
export function removeUnreferencedFiles(db: Db, dataDir: string, sha256s: readonly string[]): void {
  for (const sha of new Set(sha256s)) removeFileIfUnreferenced(db, dataDir, sha);
}

function removeFileIfUnreferenced(db: Db, dataDir: string, sha256: string): void {
  const used = db.select({ id: followUpDocuments.id }).from(followUpDocuments).where(eq(followUpDocuments.sha256, sha256)).limit(1).get();
  if (!used) rmSync(filePath(dataDir, sha256), { force: true });
}

/**
 * The text of Word documents (.docx) stored before their text was extracted (before Word documents
 * were searchable): read from their files once, for the search — `npm run maintenance` runs it.
 * A document whose file yields no text keeps none (and is tried again the next time). Each text is
 * stored with its resolution queued for the search index, in one transaction, as the triggers on
 * follow_up_documents queue it for an insert. Returns how many documents got a text.
 */
export async function fillMissingDocumentTexts(db: Db, dataDir: string): Promise<number> {
  const rows = db
    .select({ id: followUpDocuments.id, followUpId: followUpDocuments.followUpId, sha256: followUpDocuments.sha256, fileName: followUpDocuments.fileName })
    .from(followUpDocuments)
    .where(and(eq(followUpDocuments.type, 'docx'), isNull(followUpDocuments.text)))
    .all();
  let filled = 0;
  for (const row of rows) {
    const file = filePath(dataDir, row.sha256);
    if (!existsSync(file)) continue;
    let text: string | null;
    try {
      text = await searchableText('docx', readFileSync(file), shortFileName(row.fileName));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      text = null;
    }
    if (text === null) continue;
    const stored = text;
    filled += writeTransaction(db, (tx) => {
      const changed = tx.update(followUpDocuments).set({ text: stored }).where(and(eq(followUpDocuments.id, row.id), isNull(followUpDocuments.text))).run().changes;
      if (changed > 0) tx.run(sql`insert or ignore into search_pending (resolution_id) select resolution_id from follow_ups where id = ${row.followUpId}`);
      return changed;
    });
  }
  return filled;
}

/** Files younger than this are left alone by the pruning: an upload writes its file before its row. */
export const PRUNE_GRACE_MS = 24 * 3_600_000;

/**
 * Removes files no row refers to (left by a deleted follow-up, a removed document or a crash
 * between writing the file and its row) and temporary files, once they are older than
 * PRUNE_GRACE_MS — `npm run maintenance` runs it daily. Returns how many it removed.
 */
export function pruneDocumentFiles(db: Db, dataDir: string, now = Date.now()): number {
  const root = documentsDir(dataDir);
  if (!existsSync(root)) return 0;
  const referenced = new Set(db.selectDistinct({ sha256: followUpDocuments.sha256 }).from(followUpDocuments).all().map((row) => row.sha256));
  let removed = 0;
  for (const prefix of readdirSync(root)) {
    if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
    for (const name of readdirSync(path.join(root, prefix))) {
      const file = path.join(root, prefix, name);
      const keep = (/^[0-9a-f]{64}$/.test(name) && referenced.has(name)) || statSync(file).mtimeMs > now - PRUNE_GRACE_MS;
      if (!keep) {
        rmSync(file, { force: true });
        removed += 1;
      }
    }
  }
  return removed;
}

/**
 * The documents of these follow-ups as the viewer sees them, for the pages that list them: the
 * follow-ups' visibility is the caller's; one marked internal is `withheld` from the public
 * (visibleDocuments, ./visibility.ts).
 */
export function documentsOfFollowUps(db: Db, viewer: Viewer, followUpIds: readonly number[]): Map<number, (StoredDocument & { withheld: boolean })[]> {
  const byFollowUp = new Map<number, (StoredDocument & { withheld: boolean })[]>();
  if (followUpIds.length === 0) return byFollowUp;
  const rows = queries(db).ofFollowUps.all({ ids: JSON.stringify(followUpIds) });
  for (const row of visibleDocuments(viewer, rows)) byFollowUp.set(row.followUpId, [...(byFollowUp.get(row.followUpId) ?? []), row]);
  return byFollowUp;
}

export interface DocumentDownload {
  fileName: string;
  type: DocumentType;
  size: number;
  path: string;
  /** Served only to logged-in users: private caching only. */
  internal: boolean;
}

const queries = preparedPer((db: Db) => ({
  ofFollowUps: db
    .select({
      id: followUpDocuments.id,
      followUpId: followUpDocuments.followUpId,
      fileName: followUpDocuments.fileName,
      type: followUpDocuments.type,
      size: followUpDocuments.size,
      internal: followUpDocuments.internal,
    })
    .from(followUpDocuments)
    .where(sql`${followUpDocuments.followUpId} in (select value from json_each(${sql.placeholder('ids')}))`)
    .orderBy(asc(followUpDocuments.id))
    .prepare(),
  // the visibility conditions of the resolution page (./visibility.ts), nothing of its own
  download: withResolution(
    db
      .select({
        fileName: followUpDocuments.fileName,
        type: followUpDocuments.type,
        size: followUpDocuments.size,
        sha256: followUpDocuments.sha256,
        visibility: followUps.visibility,
        release: r.release,
        internal: followUpDocuments.internal,
      })
      .from(followUpDocuments)
      .innerJoin(followUps, eq(followUps.id, followUpDocuments.followUpId))
      .$dynamic(),
    followUps.resolutionId,
  )
    .where(
      and(
        eq(followUpDocuments.id, sql.placeholder('id')),
        resolutionVisible(r.release, m.conferenceId),
        followUpVisible(followUps.visibility, followUps.demandId),
        fieldVisible(followUpDocuments.internal),
      ),
    )
    .prepare(),
}));

/**
 * The document, if this viewer may see the follow-up it belongs to (the follow-up's visibility
 * and its resolution's release, as on the resolution page) and the document itself (not marked
 * internal, for the public); null otherwise — as for an unknown id.
 */
export function documentForViewer(db: Db, dataDir: string, viewer: Viewer, documentId: number): DocumentDownload | null {
  const row = queries(db).download.get({ id: documentId, ...visibilityParams(viewer) });
  if (!row) return null;
  const file = filePath(dataDir, row.sha256);
  if (!existsSync(file)) return null;
  return { fileName: row.fileName, type: row.type, size: row.size, path: file, internal: row.visibility === 'internal' || row.release !== 'public' || row.internal };
}
