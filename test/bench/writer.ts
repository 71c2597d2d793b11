/**
 * The writing side of the load benchmark (./load.ts): a separate process that records a
 * follow-up every `--interval` ms on the benchmark database, each in its own transaction, while
 * the app serves reads from the same file. Prints `ready`, then `ok <id>` after each commit (the
 * acknowledgement the parent verifies), `fail <message>` for a failed write, and on SIGTERM or
 * SIGINT `done <attempted>` before it exits.
 *
 * Targets are public resolutions from the older half of the archive, so that the pages the
 * benchmark measures (and picks by follow-up count) stay the same; the parent removes the
 * follow-ups again afterwards.
 *
 *   node dist/test/bench/writer.js --db FILE [--interval 20]
 */
import { writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../db/connection.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { todayIso } from '../../src/domain/dates.js';

export const BENCH_WRITER_SUMMARY = 'Lasttest: Folgemaßnahme aus dem Schreibprozess';

const say = (line: string) => writeSync(1, `${line}\n`);

function main() {
  const { values } = parseArgs({
    options: { db: { type: 'string' }, interval: { type: 'string', default: '20' } },
  });
  if (!values.db) throw new Error('usage: bench-writer --db FILE [--interval MS]');
  const interval = Number(values.interval);
  const connection = openDatabase(values.db, MIGRATIONS_DIR);
  const targets = connection.sqlite
    .prepare(
      `select id from resolutions where release = 'public' and id < (select max(id) / 2 from resolutions)
        order by id limit 200`,
    )
    .pluck()
    .all() as number[];
  if (targets.length === 0) throw new Error('no public resolution to write to');
  const actor = { userId: null, name: 'bench-writer' };
  const today = todayIso();
  let attempted = 0;

  const timer = setInterval(() => {
    const resolutionId = targets[attempted % targets.length]!;
    attempted++;
    try {
      const id = recordFollowUp(connection.db, actor, {
        resolutionId,
        demandId: null,
        date: today,
        actor: null,
        kind: 'response',
        summary: `${BENCH_WRITER_SUMMARY} ${attempted}`,
        link: null,
        resultingStatus: null,
        visibility: 'public',
      });
      say(`ok ${id}`);
    } catch (error) {
      say(`fail ${(error as Error).message.replace(/\s+/g, ' ')}`);
    }
  }, interval);

  const finish = () => {
    clearInterval(timer);
    connection.close();
    say(`done ${attempted}`);
    process.exit(0);
  };
  process.on('SIGTERM', finish);
  process.on('SIGINT', finish);
  say('ready');
}

main();
