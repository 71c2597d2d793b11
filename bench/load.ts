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
import * as schema from '../db/schema.js';
import { resolutionPath } from '../src/domain/citation.js';
import { ROOT_DIR } from '../src/paths.js';
import { recordFollowUp, refreshDemandStatuses } from '../src/services/followups.js';
import { writeTransaction } from '../src/services/tx.js';
import { openDatabase } from '../db/connection.js';
import { MIGRATIONS_DIR } from '../src/paths.js';
import { runWrk, type WrkResult } from './wrk.js';

export interface LoadBenchResult {
  url: string;
  reads: { rps: number; p50: number; p99: number; errors: number };
  writes: { attempted: number; committed: number; verified: number; failed: number; intervalMs: number };
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
    [path.join(ROOT_DIR, 'dist', 'bench', 'writer.js'), '--db', dbFile, '--interval', String(WRITE_INTERVAL_MS)],
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
  };
}

export interface AfterWriteResult {
  rounds: number;
  pages: { path: string; p50: number; p95: number; max: number }[];
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * The statistics pages right after a write: `rounds` times, one follow-up that changes the status
 * of a public resolution's Ziffern of the statistics' conference is committed (from this process,
 * as a second writer would), then each of `paths` is read once and timed. The follow-ups are
 * removed again afterwards.
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
  try {
    const targets = connection.sqlite
      .prepare(
        `select r.id from resolutions r join meetings m on m.id = r.meeting_id join conferences c on c.id = m.conference_id
          where c.slug = ? and r.release = 'public' and r.outcome = 'adopted' order by r.id limit ?`,
      )
      .pluck()
      .all(options.conference, options.rounds) as number[];
    if (targets.length === 0) throw new Error(`no public resolution of ${options.conference} to write to`);
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
      for (const [i, pagePath] of options.paths.entries()) {
        const started = performance.now();
        const response = await fetch(`${baseUrl}${pagePath}`);
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${pagePath}: status ${response.status}`);
        times[i]!.push(performance.now() - started);
      }
    }
  } finally {
    connection.close();
    verifyAndClean(dbFile, ids);
  }
  return {
    rounds: options.rounds,
    pages: options.paths.map((pagePath, i) => {
      const sorted = [...times[i]!].sort((x, y) => x - y);
      return { path: pagePath, p50: round2(percentile(sorted, 50)), p95: round2(percentile(sorted, 95)), max: round2(sorted.at(-1) ?? 0) };
    }),
  };
}
