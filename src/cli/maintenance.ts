/**
 * `npm run maintenance`: the daily housekeeping (run it from a systemd timer or cron).
 *
 * 1. Deletes sessions past their absolute lifetime.
 * 2. Data protection: request logs contain IP addresses and may be kept only for the documented
 *    retention period (LOG_RETENTION_DAYS, default 14). When LOG_FILE names the file the service
 *    manager writes the application's log to (e.g. systemd `StandardOutput=append:/var/log/…`),
 *    - lines of LOG_FILE older than the retention period are removed (pino JSON lines, by their
 *      `time`; a line without a time shares the fate of the line before it), in place, so the
 *      writer (O_APPEND) keeps writing to the same file;
 *    - rotated siblings (`<LOG_FILE>.1`, `<LOG_FILE>.2.gz`, `<LOG_FILE>-20261101`, …) last changed
 *      before the retention period are deleted.
 *    Without LOG_FILE the logs go to the journal or wherever stdout goes; its retention is then
 *    configured there (journald `MaxRetentionSec=14day`).
 *
 * 3. Removes document files (DATA_DIR/files) no follow-up refers to any more, and temporary files
 *    of interrupted uploads, once they are a day old. A document itself is kept as long as its
 *    follow-up: it is part of the archive, like the follow-up.
 *
 * 4. Extracts the text of Word documents (.docx) stored before their text was extracted for the
 *    search (fillMissingDocumentTexts); the search index takes them up with its next run.
 *
 * The audit log is not touched: it records staff actions for the traceability of the archive.
 * Exit codes: 0 done · 1 failed.
 */
import { closeSync, fstatSync, ftruncateSync, openSync, readdirSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config.js';
import { DatabaseStartupError, openDatabase } from '../../db/connection.js';
import { MIGRATIONS_DIR } from '../paths.js';
import { fillMissingDocumentTexts, pruneDocumentFiles } from '../services/follow-up-documents.js';
import { pruneThrottle } from '../services/login-throttle.js';
import { deleteExpiredSessions } from '../services/sessions.js';
import { translate } from '../i18n.js';
import { answerHelp } from './help.js';

const DAY_MS = 24 * 3_600_000;

function readAll(fd: number, from: number, to: number): Buffer {
  const buffer = Buffer.alloc(to - from);
  let offset = 0;
  while (offset < buffer.length) {
    const read = readSync(fd, buffer, offset, buffer.length - offset, from + offset);
    if (read === 0) break;
    offset += read;
  }
  return buffer.subarray(0, offset);
}

function timeOf(line: string): number | null {
  if (!line.startsWith('{')) return null;
  try {
    const time = (JSON.parse(line) as { time?: unknown }).time;
    if (typeof time === 'number') return time;
    if (typeof time === 'string' && !Number.isNaN(Date.parse(time))) return Date.parse(time);
  } catch {
    // not a JSON line
  }
  return null;
}

/** Removes the lines older than `cutoff` from the log file in place; returns the number removed. */
function truncateLogFile(file: string, cutoff: number): number {
  let fd: number;
  try {
    fd = openSync(file, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  try {
    const size = fstatSync(fd).size;
    const text = readAll(fd, 0, size).toString('utf8');
    const lines = text.split('\n');
    const trailing = lines.pop() ?? '';
    let keep = true;
    let removed = 0;
    const kept: string[] = [];
    for (const line of lines) {
      const time = timeOf(line);
      if (time !== null) keep = time >= cutoff;
      if (keep) kept.push(line);
      else removed += 1;
    }
    if (removed === 0) return 0;
    // Lines the application appended while we were reading are kept as they are.
    const appended = readAll(fd, size, fstatSync(fd).size).toString('utf8');
    const content = (kept.length > 0 ? `${kept.join('\n')}\n` : '') + trailing + appended;
    ftruncateSync(fd, 0);
    writeSync(fd, content, 0, 'utf8');
    return removed;
  } finally {
    closeSync(fd);
  }
}

/** Deletes rotated copies of the log file last changed before `cutoff`; returns their names. */
function deleteRotatedLogs(file: string, cutoff: number): string[] {
  const dir = path.dirname(file);
  const base = path.basename(file);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const deleted: string[] = [];
  for (const name of names) {
    if (name === base || !(name.startsWith(`${base}.`) || name.startsWith(`${base}-`))) continue;
    const full = path.join(dir, name);
    const stat = statSync(full);
    if (stat.isFile() && stat.mtimeMs < cutoff) {
      rmSync(full);
      deleted.push(name);
    }
  }
  return deleted;
}

const HELP = translate('cli.maintenance.help');

async function main() {
  answerHelp(process.argv.slice(2), HELP);
  const config = loadConfig();
  const now = Date.now();
  const connection = openDatabase(config.databasePath, MIGRATIONS_DIR);
  try {
    const sessions = deleteExpiredSessions(connection.db, new Date(now));
    process.stdout.write(`${translate('cli.maintenance.sessions', { count: sessions })}\n`);
    const counters = pruneThrottle(connection.db, new Date(now));
    process.stdout.write(`${translate('cli.maintenance.counters', { count: counters })}\n`);
    const files = pruneDocumentFiles(connection.db, config.dataDir, now);
    process.stdout.write(`${translate('cli.maintenance.files', { count: files })}\n`);
    const texts = await fillMissingDocumentTexts(connection.db, config.dataDir);
    process.stdout.write(`${translate('cli.maintenance.documentTexts', { count: texts })}\n`);
  } finally {
    connection.close();
  }
  if (!config.logFile) {
    process.stdout.write(`${translate('cli.maintenance.noLogFile')}\n`);
    return;
  }
  const cutoff = now - config.logRetentionDays * DAY_MS;
  const lines = truncateLogFile(config.logFile, cutoff);
  const rotated = deleteRotatedLogs(config.logFile, cutoff);
  const deleted = rotated.length > 0 ? translate('cli.maintenance.rotatedDeleted', { names: rotated.join(', ') }) : '';
  process.stdout.write(`${translate('cli.maintenance.logTruncated', { file: config.logFile, lines, days: config.logRetentionDays, rotated: deleted })}\n`);
}

try {
  await main();
} catch (error) {
  if (error instanceof ConfigError || error instanceof DatabaseStartupError) {
    process.stderr.write(`${translate('cli.maintenance.failed', { message: error.message })}\n`);
    process.exit(1);
  }
  process.stderr.write(`${translate('cli.maintenance.failedUnexpected', { message: error instanceof Error ? error.message : String(error) })}\n`);
  process.exit(1);
}
