/**
 * The rebuild of repeated demands in steps: any cut into steps gives the result of the one-shot
 * rebuild, also when the process doing it is killed in the middle of a step and a new one goes on;
 * an app started with an outdated rule and background jobs on answers requests while it runs and
 * finishes it later; the work grows with the archive, not with its square.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, type Connection } from '../../db/connection.js';
import { appMeta, demandRepeats, demands } from '../../db/schema.js';
import { MIGRATIONS_DIR, ROOT_DIR } from '../../src/paths.js';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { ensureActors } from '../../src/services/demo.js';
import { importDocument } from '../../src/services/import.js';
import {
  beginRepeatsRebuild,
  noWork,
  rebuildRepeats,
  startRepeatsRebuild,
  repeatRuleCurrent,
  repeatsRebuildPending,
  stepRepeatsRebuild,
} from '../../src/services/repeats.js';
import { commonLimit } from '../../src/domain/repeats.js';
import { TEST_ACTOR } from '../helpers.js';
import { syntheticArchive } from './repeat-archive.js';

const dir = mkdtempSync(path.join(tmpdir(), 'bm-repeat-rebuild-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SIZE = 150;

/** A database with the synthetic archive, its Ziffern not compared yet (as after a bulk load). */
function archiveDatabase(size: number, file = ':memory:'): Connection {
  const connection = openDatabase(file, MIGRATIONS_DIR);
  ensureActors(connection.db);
  importDocument(connection.db, TEST_ACTOR, syntheticArchive(size).document, { source: 'Test', release: 'public', releasedOn: '2020-01-01', deferRepeats: true });
  return connection;
}

type Pair = { first: number; second: number; similarity: number; state: string };

function pairsOf(connection: Connection): Pair[] {
  return connection.db
    .select({ first: demandRepeats.firstDemandId, second: demandRepeats.secondDemandId, similarity: demandRepeats.similarity, state: demandRepeats.state })
    .from(demandRepeats)
    .orderBy(demandRepeats.firstDemandId, demandRepeats.secondDemandId)
    .all();
}

/** The ids of the seeded repeats, as sorted pairs. */
function seededPairs(connection: Connection, size: number): [number, number][] {
  const idOf = (text: string) => connection.db.select({ id: demands.id }).from(demands).where(eq(demands.text, text)).get()!.id;
  return syntheticArchive(size).repeats.map(([a, b]) => [idOf(a), idOf(b)].sort((x, y) => x - y) as [number, number]);
}

function termCount(connection: Connection): number {
  return connection.db.get<{ n: number }>(sql`select count(*) as n from demand_terms`).n;
}

/**
 * Pairs of Ziffern that share a term that weighs something: what a lookup of every such term (not
 * only the rarer ones) would look at.
 */
function perTermCandidates(connection: Connection): number {
  const total = connection.db.get<{ n: number }>(sql`select count(*) as n from repeat_demands`).n;
  return connection.db.get<{ n: number }>(
    sql`select count(*) as n from (
          select distinct own.demand_id, other.demand_id from demand_terms own
          join repeat_terms counts on counts.term = own.term and counts.documents <= ${commonLimit(total)}
          join demand_terms other on other.term = own.term and other.demand_id <> own.demand_id)`,
  ).n;
}

/** The one-shot result on a fresh copy of the archive. */
const oneShot = (() => {
  let pairs: Pair[] | null = null;
  return (): Pair[] => {
    if (!pairs) {
      const connection = archiveDatabase(SIZE);
      rebuildRepeats(connection.db, { force: true });
      pairs = pairsOf(connection);
      connection.close();
    }
    return pairs;
  };
})();

describe('the rebuild of repeated demands in steps', { timeout: 120_000 }, () => {
  it('finds the seeded repeats in one go, and the same pairs in the smallest steps', () => {
    const expected = oneShot();
    const connection = archiveDatabase(SIZE);
    const seeded = seededPairs(connection, SIZE);
    expect(seeded.length).toBeGreaterThan(20);
    for (const [a, b] of seeded) expect(expected.find((p) => p.first === a && p.second === b), `${a} ~ ${b}`).toBeDefined();

    beginRepeatsRebuild(connection.db);
    expect(repeatsRebuildPending(connection.db)).toBe(true);
    let steps = 1;
    while (stepRepeatsRebuild(connection.db, 0)) steps++;
    expect(steps).toBeGreaterThan(50);
    expect(repeatsRebuildPending(connection.db)).toBe(false);
    expect(repeatRuleCurrent(connection.db)).toBe(true);
    expect(pairsOf(connection)).toEqual(expected);
    // nothing left to do
    expect(stepRepeatsRebuild(connection.db, 0)).toBe(false);
    expect(rebuildRepeats(connection.db)).toBeNull();
    connection.close();
  });

  it('keeps decided pairs, clears the proposals when it begins, and proposes a dismissed pair never again', () => {
    const connection = archiveDatabase(SIZE);
    rebuildRepeats(connection.db, { force: true });
    const [confirmed, dismissed, proposed] = pairsOf(connection);
    connection.db.update(demandRepeats).set({ state: 'confirmed' }).where(eq(demandRepeats.firstDemandId, confirmed!.first)).run();
    connection.db.update(demandRepeats).set({ state: 'dismissed' }).where(eq(demandRepeats.firstDemandId, dismissed!.first)).run();
    beginRepeatsRebuild(connection.db);
    const during = pairsOf(connection);
    expect(during.map((p) => p.state).sort()).toEqual(['confirmed', 'dismissed']);
    while (stepRepeatsRebuild(connection.db, 0));
    const after = pairsOf(connection);
    expect(after.length).toBe(oneShot().length);
    expect(after.find((p) => p.first === confirmed!.first)!.state).toBe('confirmed');
    expect(after.find((p) => p.first === dismissed!.first)!.state).toBe('dismissed');
    expect(after.find((p) => p.first === proposed!.first)!.state).toBe('proposed');
    connection.close();
  });

  it('takes in an import made while it runs: its terms at once, its pairs once the archive is compared', () => {
    const connection = archiveDatabase(SIZE);
    beginRepeatsRebuild(connection.db);
    for (let i = 0; i < 5; i++) stepRepeatsRebuild(connection.db, 0);
    const earlier = syntheticArchive(SIZE).document.resolutions[0]!;
    const again = earlier.demands[0]!.text.replace('Die Konferenz bittet die Bundesregierung,', 'Die Konferenz fordert den Bund erneut auf,');
    const later = { ...earlier, meeting: { ...earlier.meeting, number: 99, year: 2099, startDate: '2099-05-10', endDate: '2099-05-10' }, demands: [{ number: '1', text: again }] };
    const terms = termCount(connection);
    importDocument(connection.db, TEST_ACTOR, { resolutions: [later], warnings: [] }, { source: 'Test', release: 'public', releasedOn: '2099-05-11' });
    const [a, b] = [again, earlier.demands[0]!.text].map((text) => connection.db.select({ id: demands.id }).from(demands).where(eq(demands.text, text)).get()!.id) as [number, number];
    const pair = () => pairsOf(connection).find((p) => p.first === Math.min(a, b) && p.second === Math.max(a, b));
    // still storing the archive's terms: the new Ziffer's are stored, the comparing waits
    expect(termCount(connection)).toBeGreaterThan(terms);
    expect(pair()).toBeUndefined();
    while (stepRepeatsRebuild(connection.db, 0));
    expect(pair()?.state).toBe('proposed');
    // once the rebuild is done, an edit is compared at once again: the proposal goes with the wording
    const edited = 'Die Konferenz bittet den Bund, das Ehrenamt im Katastrophenschutz dauerhaft zu sichern und auszubauen.';
    importDocument(connection.db, TEST_ACTOR, { resolutions: [{ ...later, demands: [{ number: '1', text: edited }] }], warnings: [] }, { source: 'Test' });
    expect(connection.db.select({ text: demands.text }).from(demands).where(eq(demands.id, a)).get()?.text).toBe(edited);
    expect(pair()).toBeUndefined();
    connection.close();
  });

  it('goes on where a killed process stopped, in a new one, with the one-shot result', async () => {
    const file = path.join(dir, 'killed.db');
    archiveDatabase(SIZE, file).close();
    // a process that takes some steps, then one step for all the rest, and is killed during it
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT_DIR, 'test/integration/repeat-rebuild-worker.ts'), file, '20'], {
      cwd: ROOT_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const exit = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/^rest .*\n/m.test(output)) child.kill('SIGKILL');
    });
    expect(await exit, errors).toBe('SIGKILL');
    expect(output).not.toContain('done');

    const connection = openDatabase(file, MIGRATIONS_DIR);
    // the killed step left nothing behind: the progress is that of the 20th step, still storing terms
    const progress = connection.db.select().from(appMeta).where(eq(appMeta.key, 'repeat_rebuild')).get()!.value;
    expect(progress).toBe(/^rest (.*)$/m.exec(output)![1]);
    expect(JSON.parse(progress)).toMatchObject({ phase: 'index' });
    expect(repeatRuleCurrent(connection.db)).toBe(false);
    const terms = termCount(connection);
    expect(terms).toBeGreaterThan(0);
    while (stepRepeatsRebuild(connection.db, 0));
    expect(termCount(connection)).toBeGreaterThan(terms);
    expect(pairsOf(connection)).toEqual(oneShot());
    connection.close();
  });

  it('runs in the background of an app started with an outdated rule: requests are answered meanwhile', async () => {
    const file = path.join(dir, 'background.db');
    const prepared = archiveDatabase(SIZE, file);
    prepared.db.insert(appMeta).values({ key: 'repeat_rule', value: 'outdated' }).onConflictDoUpdate({ target: appMeta.key, set: { value: 'outdated' } }).run();
    prepared.close();

    const connection = openDatabase(file, MIGRATIONS_DIR);
    const app = await buildApp({ config: testConfig({ backgroundJobs: true }), connection, repeatSliceMs: 0 });
    const answeredWhilePending: boolean[] = [];
    app.addHook('onResponse', async () => {
      answeredWhilePending.push(repeatsRebuildPending(connection.db));
    });
    await app.listen({ port: 0 });
    try {
      expect(repeatsRebuildPending(connection.db)).toBe(true);
      const response = await app.inject('/');
      expect(response.statusCode).toBe(200);
      expect(answeredWhilePending).toEqual([true]);
      // a slice at a time between the turns of the event loop, until it is done
      for (let turns = 0; repeatsRebuildPending(connection.db) && turns < 100_000; turns++) await new Promise((resolve) => setImmediate(resolve));
      expect(repeatsRebuildPending(connection.db)).toBe(false);
      expect(repeatRuleCurrent(connection.db)).toBe(true);
      expect(pairsOf(connection)).toEqual(oneShot());
    } finally {
      await app.close();
    }
  });

  it('stops with the app and goes on at its next start', async () => {
    const file = path.join(dir, 'restart.db');
    const prepared = archiveDatabase(SIZE, file);
    prepared.db.insert(appMeta).values({ key: 'repeat_rule', value: 'outdated' }).onConflictDoUpdate({ target: appMeta.key, set: { value: 'outdated' } }).run();
    prepared.close();

    const first = await buildApp({ config: testConfig({ backgroundJobs: true }), connection: openDatabase(file, MIGRATIONS_DIR), repeatSliceMs: 0 });
    await first.ready();
    await first.close();
    const connection = openDatabase(file, MIGRATIONS_DIR);
    expect(repeatsRebuildPending(connection.db)).toBe(true);
    // background jobs off (as in tests): the next start finishes it before it answers
    const second = await buildApp({ config: testConfig(), connection });
    await second.ready();
    try {
      expect(repeatsRebuildPending(connection.db)).toBe(false);
      expect(pairsOf(connection)).toEqual(oneShot());
    } finally {
      await second.close();
    }
  });

  it('does work in proportion to the archive: twice the Ziffern, less than three times the candidates', () => {
    const work = [SIZE, 2 * SIZE, 4 * SIZE].map((size) => {
      const connection = archiveDatabase(size);
      const done = noWork();
      // one unit of work per step (a budget of 0 ms): the steps count the units of work, not how
      // long they took, so a loaded machine does not change them
      startRepeatsRebuild(connection.db, { force: true });
      while (stepRepeatsRebuild(connection.db, 0, done)) {
        // next step
      }
      const found = pairsOf(connection).length;
      const everyTerm = perTermCandidates(connection);
      connection.close();
      return { ...done, found, everyTerm };
    });
    // the archive is one where looking up every weighing term grows faster than the archive
    expect(work[2]!.everyTerm).toBeGreaterThan(4.5 * work[0]!.everyTerm);
    for (let i = 1; i < work.length; i++) {
      const [smaller, larger] = [work[i - 1]!, work[i]!];
      expect(larger.demands).toBe(2 * smaller.demands);
      expect(larger.found).toBeGreaterThan(1.5 * smaller.found);
      expect(larger.candidates, JSON.stringify(work)).toBeLessThan(3 * smaller.candidates);
      expect(larger.steps).toBeLessThan(3 * smaller.steps + 3);
    }
  });
});
