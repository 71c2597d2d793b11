/**
 * Durability: a child process commits imports into a WAL database with
 * synchronous=FULL and is killed with SIGKILL at a random moment, often in the middle of a
 * 200-TOP collection. Afterwards every acknowledged TOP is there, each collection is stored
 * completely or not at all, and the file passes integrity_check and foreign_key_check.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/paths.js';

const COLLECTION_TOPS = 200;
const COLLECTION_MEETING_BASE = 1000;
const ROUNDS = 3;

const dir = mkdtempSync(path.join(tmpdir(), 'bm-durability-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface RunResult {
  acknowledged: string[];
  collections: number[];
  begun: number[];
  killedAfterMs: number;
}

/** Runs the writer, kills it with SIGKILL 1–3 s after it is ready, returns what it acknowledged. */
function runAndKill(file: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('test', 'ops', 'durability-writer.ts'), file], {
      cwd: ROOT_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const result: RunResult = { acknowledged: [], collections: [], begun: [], killedAfterMs: 0 };
    let buffer = '';
    let stderr = '';
    let killTimer: NodeJS.Timeout | undefined;
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`writer never became ready: ${stderr}`));
    }, 60_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const [kind, value] = line.split(' ');
        if (kind === 'ready' && !killTimer) {
          result.killedAfterMs = 1000 + Math.floor(Math.random() * 2000);
          killTimer = setTimeout(() => child.kill('SIGKILL'), result.killedAfterMs);
        } else if (kind === 'ack') result.acknowledged.push(value!);
        else if (kind === 'begin') result.begun.push(Number(value));
        else if (kind === 'collection') result.collections.push(Number(value));
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (killTimer) clearTimeout(killTimer);
      if (signal !== 'SIGKILL') reject(new Error(`writer ended by itself (${code}): ${stderr}`));
      else resolve(result);
    });
  });
}

describe('durability under SIGKILL', () => {
  for (let round = 1; round <= ROUNDS; round++) {
    it(`keeps every acknowledged write and no half collection (round ${round})`, async () => {
      const file = path.join(dir, `round-${round}.db`);
      const run = await runAndKill(file);
      expect(run.acknowledged.length).toBeGreaterThan(0);

      const db = new Database(file);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.pragma('foreign_key_check')).toEqual([]);

        const stored = new Set(
          (
            db
              .prepare(
                `select r.agenda_item as agendaItem from resolutions r join meetings m on m.id = r.meeting_id
                  where m.number = 12 and m.year = 2017`,
              )
              .all() as { agendaItem: string }[]
          ).map((row) => row.agendaItem),
        );
        const missing = run.acknowledged.filter((item) => !stored.has(item));
        expect(missing).toEqual([]);

        const perMeeting = db
          .prepare(
            `select m.number as number, count(r.id) as tops from meetings m left join resolutions r on r.meeting_id = m.id
              where m.number >= ? group by m.id`,
          )
          .all(COLLECTION_MEETING_BASE) as { number: number; tops: number }[];
        for (const meeting of perMeeting) expect(meeting, `meeting ${meeting.number}`).toEqual({ number: meeting.number, tops: COLLECTION_TOPS });
        const storedCollections = new Set(perMeeting.map((m) => m.number));
        for (const meeting of run.collections) expect(storedCollections.has(meeting), `collection ${meeting}`).toBe(true);
        // nothing stored that was never begun
        for (const meeting of storedCollections) expect(run.begun).toContain(meeting);
        // and the demands of the collections are complete as well: no resolution without its demands
        const orphans = db
          .prepare(
            `select count(*) as n from resolutions r join meetings m on m.id = r.meeting_id
              where m.number >= ? and not exists (select 1 from demands d where d.resolution_id = r.id)`,
          )
          .get(COLLECTION_MEETING_BASE) as { n: number };
        expect(orphans.n).toBe(0);
        console.info(
          `round ${round}: killed after ${run.killedAfterMs} ms, ${run.acknowledged.length} TOPs acknowledged, ` +
            `${run.collections.length} of ${run.begun.length} collections committed, ${stored.size} TOPs stored`,
        );
      } finally {
        db.close();
      }
    }, 90_000);
  }
});
