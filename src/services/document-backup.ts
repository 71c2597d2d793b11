/**
 * The documents of follow-ups in backups: `db:backup` copies, next to the database backup
 * `<file>`, every document file the BACKED-UP database refers to into `<file>.dateien/` (named by
 * SHA-256, checked after copying); `db:restore` puts back into `DATA_DIR/files/` every file the
 * restored database refers to and that is missing there (checked, temporary name, rename).
 * Files are named by their content and never change, so a file present is the right one.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { translate } from '../i18n.js';
import { BackupError } from './backup.js';
import { documentsDir } from './follow-up-documents.js';

export interface DocumentCopyResult {
  /** Files copied (or, on restore, already in place). */
  files: number;
  bytes: number;
  /** Files the database refers to that were not found (their documents cannot be served). */
  missing: string[];
}

/** The directory of the document files that belong to the database backup `file`. */
export function backupFilesDir(file: string): string {
  return `${file}.dateien`;
}

function referencedHashes(databaseFile: string): string[] {
  const sqlite = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const table = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = 'follow_up_documents'").get();
    if (!table) return [];
    return sqlite.prepare('select distinct sha256 from follow_up_documents order by sha256').pluck().all() as string[];
  } finally {
    sqlite.close();
  }
}

function sha256Of(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function copyChecked(source: string, target: string, sha256: string): number {
  const temporary = `${target}.${process.pid}.tmp`;
  copyFileSync(source, temporary);
  if (sha256Of(temporary) !== sha256) {
    rmSync(temporary, { force: true });
    throw new BackupError(translate('cli.backupError.checksum', { label: translate('cli.backupError.theFile', { file: source }) }));
  }
  renameSync(temporary, target);
  return statSync(target).size;
}

/** Copies the document files the backup `file` refers to from `dataDir` into `<file>.dateien/`. */
export function backupDocumentFiles(file: string, dataDir: string): DocumentCopyResult {
  const result: DocumentCopyResult = { files: 0, bytes: 0, missing: [] };
  const hashes = referencedHashes(file);
  if (hashes.length === 0) return result;
  const target = backupFilesDir(file);
  mkdirSync(target, { recursive: true });
  for (const sha256 of hashes) {
    const source = path.join(documentsDir(dataDir), sha256.slice(0, 2), sha256);
    if (!existsSync(source)) {
      result.missing.push(sha256);
      continue;
    }
    result.bytes += copyChecked(source, path.join(target, sha256), sha256);
    result.files += 1;
  }
  return result;
}

/** Puts back into `dataDir/files/` what the restored database refers to and is missing there. */
export function restoreDocumentFiles(file: string, databasePath: string, dataDir: string): DocumentCopyResult {
  const result: DocumentCopyResult = { files: 0, bytes: 0, missing: [] };
  for (const sha256 of referencedHashes(databasePath)) {
    const target = path.join(documentsDir(dataDir), sha256.slice(0, 2), sha256);
    if (existsSync(target)) {
      result.files += 1;
      result.bytes += statSync(target).size;
      continue;
    }
    const source = path.join(backupFilesDir(file), sha256);
    if (!existsSync(source)) {
      result.missing.push(sha256);
      continue;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    result.bytes += copyChecked(source, target, sha256);
    result.files += 1;
  }
  return result;
}
