/**
 * Load benchmark, called from ./bench.ts: reads under writes. While
 * wrk reads a resolution page at 10 connections, a separate process (./writer.ts)
 * records a follow-up every 20 ms on the same database file, each in its own transaction. Every
 * commit invalidates the page cache of the app (PRAGMA data_version moves), so the reads measure
 * pages rendered between writes, as a busy secretariat day would see them.
 *
 * Afterwards every follow-up id the writer acknowledged is looked up in the database ("no write
 * is lost"); then the benchmark follow-ups (and their audit entries) are removed again, so the
 * cached benchmark database stays as it was built.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from '../../db/schema.js';
import { resolutionPath } from '../../src/domain/citation.js';
import { ROOT_DIR } from '../../src/paths.js';
import { recordFollowUp, refreshDemandStatuses } from '../../src/services/followups.js';
import { writeTransaction } from '../../src/services/tx.js';
import { openDatabase } from '../../db/connection.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { runWrk, type WrkResult } from './wrk.js';

export interface LoadBenchResult {
  url: string;
  reads: { rps: number; p50: number; p99: number; errors: number };
  writes: { attempted: number; committed: number; verified: number; failed: number; intervalMs: number };
  /** Why the part did not complete (its figures are then zero), or null. */
  failed: string | null;
}

/** The result of a part that threw: zeros, and the reason. */
export function failedLoad(error: unknown, log: (line: string) => void): LoadBenchResult {
  const failed = error instanceof Error ? error.message : String(error);
  log(`load bench failed: ${failed}`);
  return {
    url: '',
    reads: { rps: 0, p50: 0, p99: 0, errors: 0 },
    writes: { attempted: 0, committed: 0, verified: 0, failed: 0, intervalMs: WRITE_INTERVAL_MS },
    failed,
  };
}

const WRITE_INTERVAL_MS = 20;

/** The resolution page bench.ts measures: public, in the newer half, with at least 5 follow-ups. */
function pickResolutionPath(dbFile: string): string {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare(
        `select c.slug, m.url_key as urlKey, r.agenda_item as agendaItem
           from resolutions r join meetings m on m.id = r.meeting_id join conferences c on c.id = m.conference_id
          where r.release = 'public' and r.id >= (select max(id) / 2 from resolutions)
            and (select count(*) from follow_ups f where f.resolution_id = r.id) >= 5
          order by r.id limit 1`,
      )
      .get() as { slug: string; urlKey: string; agendaItem: string } | undefined;
    if (!row) throw new Error('no resolution page to read');
    return resolutionPath(row.slug, row.urlKey, row.agendaItem);
  } finally {
    db.close();
  }
}

interface Writer {
  ready: Promise<void>;
  /** Stops the writer (SIGTERM) and resolves with what it reported. */
  stop(): Promise<{ ids: number[]; attempted: number; failures: string[] }>;
}

function startWriter(dbFile: string, log: (line: string) => void): Writer {
  const child = spawn(
    process.execPath,
    [path.join(ROOT_DIR, 'dist', 'test', 'bench', 'writer.js'), '--db', dbFile, '--interval', String(WRITE_INTERVAL_MS)],
    { cwd: ROOT_DIR, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const ids: number[] = [];
  const failures: string[] = [];
  let attempted = -1;
  let buffer = '';
  let markReady: () => void = () => {};
  let failReady: (error: Error) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines) {
      const space = line.indexOf(' ');
      const kind = space < 0 ? line : line.slice(0, space);
      const rest = space < 0 ? '' : line.slice(space + 1);
      if (kind === 'ready') markReady();
      else if (kind === 'ok') ids.push(Number(rest));
      else if (kind === 'fail') {
        if (failures.length < 5) log(`load bench: write failed: ${rest}`);
        failures.push(rest);
      } else if (kind === 'done') attempted = Number(rest);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then((code) => failReady(new Error(`bench writer exited early (${code})`)));
  return {
    ready,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      if (attempted < 0) throw new Error('bench writer did not report how many writes it attempted');
      return { ids, attempted, failures };
    },
  };
}

/** Looks up the acknowledged ids, then removes the benchmark's follow-ups again. */
function verifyAndClean(dbFile: string, ids: readonly number[]): number {
  const sqlite = new Database(dbFile, { fileMustExist: true });
  try {
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    const find = sqlite.prepare('select resolution_id from follow_ups where id = ?').pluck();
    const resolutionIds = new Set<number>();
    let verified = 0;
    for (const id of ids) {
      const resolutionId = find.get(id) as number | undefined;
      if (resolutionId !== undefined) {
        verified++;
        resolutionIds.add(resolutionId);
      }
    }
    const db = drizzle({ client: sqlite, schema });
    const remove = sqlite.prepare('delete from follow_ups where id = ?');
    writeTransaction(db, (tx) => {
      for (const id of ids) remove.run(id);
      for (const resolutionId of resolutionIds) refreshDemandStatuses(tx, resolutionId);
      sqlite.prepare("delete from audit_log where actor = 'bench-writer'").run();
    });
    return verified;
  } finally {
    sqlite.close();
  }
}

/**
 * Reads the resolution page of the server at `baseUrl` with wrk (10 connections,
 * `duration` seconds) while a separate process writes follow-ups into `dbFile`; then checks that
 * every acknowledged write is in the database.
 */
export async function benchReadsUnderWrites(
  baseUrl: string,
  dbFile: string,
  options: { duration: number; log: (l: string) => void },
): Promise<LoadBenchResult> {
  const url = `${baseUrl}${pickResolutionPath(dbFile)}`;
  options.log(`load bench: reading ${url} while writing a follow-up every ${WRITE_INTERVAL_MS} ms …`);
  const writer = startWriter(dbFile, options.log);
  let result: WrkResult;
  try {
    await writer.ready;
    result = await runWrk({ url, durationSeconds: options.duration });
  } catch (error) {
    // do not leave the writer running
    await writer.stop().catch(() => undefined);
    throw error;
  }
  const written = await writer.stop();
  const verified = verifyAndClean(dbFile, written.ids);
  return {
    url,
    reads: {
      rps: result.rps,
      p50: result.p50,
      p99: result.p99,
      errors: result.errors + result.non2xx,
    },
    writes: {
      attempted: written.attempted,
      committed: written.ids.length,
      verified,
      failed: written.failures.length,
      intervalMs: WRITE_INTERVAL_MS,
    },
    failed: null,
  };
}

export interface AfterWritePage {
  path: string;
  /** The page's first read before the rounds (nothing memoised for it yet), ms; null if not answered. */
  first: number | null;
  /** Over the rounds the page was answered with 200; null when it never was. */
  p50: number | null;
  p95: number | null;
  max: number | null;
  /** Why the row is not a clean measurement (e.g. 503 from the overload guard), or null. */
  failed: string | null;
}

export interface AfterWriteResult {
  rounds: number;
  pages: AfterWritePage[];
  /** Why the whole part stopped early (the rows then say which pages were measured), or null. */
  failed: string | null;
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
const round2 = (value: number) => Math.round(value * 100) / 100;

/** One page read after a write: its time, or why it was not answered with 200. */
async function timedRead(url: string): Promise<{ ms: number } | { failure: string }> {
  const started = performance.now();
  try {
    const response = await fetch(url);
    await response.arrayBuffer();
    const ms = performance.now() - started;
    if (response.status === 200) return { ms };
    const retryAfter = response.headers.get('retry-after');
    return { failure: `HTTP ${response.status}${response.status === 503 ? ' (overload guard)' : ''}${retryAfter ? `, Retry-After ${retryAfter} s` : ''}` };
  } catch (error) {
    return { failure: (error as Error).message };
  }
}

/**
 * Waits until the server takes requests again (/readyz answers 200): a slow first visit blocks
 * the event loop, and for a few seconds afterwards the overload guard turns every request away.
 * Returns how long that took, ms.
 */
async function untilReady(baseUrl: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const read = await timedRead(`${baseUrl}/readyz`);
    if ('ms' in read) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return Math.round(performance.now() - started);
}

/** "HTTP 503 (overload guard) in 3 of 20 rounds; …" for the failures of one page. */
function failureReason(failures: readonly string[], rounds: number): string | null {
  if (failures.length === 0) return null;
  const byReason = new Map<string, number>();
  for (const failure of failures) byReason.set(failure, (byReason.get(failure) ?? 0) + 1);
  return [...byReason].map(([reason, n]) => `${reason} in ${n} of ${rounds} rounds`).join('; ');
}

/**
 * The statistics pages right after a write: `rounds` times, one follow-up that changes the status
 * of a public resolution's Ziffern of the statistics' conference is committed (from this process,
 * as a second writer would), then each of `paths` is read once and timed. Before the first round
 * each page is read once (its time is reported as the first visit), and the bench waits until the
 * overload guard takes requests again: the rounds measure a page someone has seen before, right
 * after a change. A page that is not
 * answered with 200 (the overload guard's 503 after a slow page, a lost connection) does not stop
 * the run: its row is marked failed with the reason, and the times are those of the rounds it was
 * answered. The follow-ups are removed again afterwards.
 */
export async function benchStatisticsAfterWrites(
  baseUrl: string,
  dbFile: string,
  options: { conference: string; paths: readonly string[]; rounds: number; log: (l: string) => void },
): Promise<AfterWriteResult> {
  options.log(`statistics after a write: ${options.rounds} rounds over ${options.paths.join(', ')} …`);
  const connection = openDatabase(dbFile, MIGRATIONS_DIR);
  const ids: number[] = [];
  const times = options.paths.map(() => [] as number[]);
  const failures = options.paths.map(() => [] as string[]);
  const first: (number | null)[] = options.paths.map(() => null);
  let failed: string | null = null;
  let rounds = 0;
  try {
    const targets = connection.sqlite
      .prepare(
        `select r.id from resolutions r join meetings m on m.id = r.meeting_id join conferences c on c.id = m.conference_id
          where c.slug = ? and r.release = 'public' and r.outcome = 'adopted' order by r.id limit ?`,
      )
      .pluck()
      .all(options.conference, options.rounds) as number[];
    if (targets.length === 0) throw new Error(`no public resolution of ${options.conference} to write to`);
    for (const [i, pagePath] of options.paths.entries()) {
      const read = await timedRead(`${baseUrl}${pagePath}`);
      if ('ms' in read) first[i] = round2(read.ms);
      else failures[i]!.push(`first visit: ${read.failure}`);
    }
    const waited = await untilReady(baseUrl, 30_000);
    if (waited >= 1000) options.log(`statistics after a write: the overload guard let requests through again after ${waited} ms`);
    for (let round = 0; round < options.rounds; round++) {
      ids.push(
        recordFollowUp(connection.db, { userId: null, name: 'bench-writer' }, {
          resolutionId: targets[round % targets.length]!,
          demandId: null,
          date: '2026-01-15',
          actor: null,
          kind: 'response',
          summary: `Lasttest: Statistik nach einem Schreibvorgang ${round + 1}`,
          link: null,
          resultingStatus: round % 2 === 0 ? 'in_progress' : 'implemented',
          visibility: 'public',
        }),
      );
      rounds++;
      for (const [i, pagePath] of options.paths.entries()) {
        const read = await timedRead(`${baseUrl}${pagePath}`);
        if ('ms' in read) times[i]!.push(read.ms);
        else failures[i]!.push(read.failure);
      }
    }
  } catch (error) {
    failed = (error as Error).message;
    options.log(`statistics after a write: stopped after ${rounds} rounds: ${failed}`);
  } finally {
    connection.close();
    verifyAndClean(dbFile, ids);
  }
  return {
    rounds,
    failed,
    pages: options.paths.map((pagePath, i) => {
      const sorted = [...times[i]!].sort((x, y) => x - y);
      const reason = failureReason(failures[i]!, rounds) ?? (failed !== null && sorted.length === 0 ? failed : null);
      if (reason !== null) options.log(`statistics after a write: ${pagePath} failed: ${reason}`);
      return sorted.length === 0
        ? { path: pagePath, first: first[i]!, p50: null, p95: null, max: null, failed: reason ?? 'not measured' }
        : { path: pagePath, first: first[i]!, p50: round2(percentile(sorted, 50)), p95: round2(percentile(sorted, 95)), max: round2(sorted.at(-1)!), failed: reason };
    }),
  };
}
