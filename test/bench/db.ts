/**
 * Builds (and caches outside git, under data/bench/) the benchmark database: 100,000
 * resolutions with about ten demands each and their follow-ups, text from the Zipf-distributed
 * vocabulary of ./corpus.ts. Rows go in with raw prepared statements in large
 * transactions: this is bulk loading, not the application's write path.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { openDatabase } from '../../db/connection.js';
import { agendaItemSortKey } from '../../src/domain/agenda-item.js';
import { conferenceSlug, meetingUrlKey } from '../../src/domain/citation.js';
import { statusAsOf } from '../../src/domain/status.js';
import { isLandCode } from '../../src/domain/laender.js';
import { isDeclaratory } from '../../src/domain/tracking.js';
import { REPEAT_RULE_VERSION } from '../../src/domain/repeats.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { ensureActors } from '../../src/services/demo.js';
import { generateBenchCorpus, type BenchItem } from './corpus.js';
import { syncSearchIndex } from '../../src/services/search.js';
import { optimizeSearchIndex } from '../../src/services/search/index-sync.js';
import { withoutSummaryTriggers } from '../../src/services/demand-summary.js';
import { classifyStoredDemands } from '../../src/services/tracking.js';
import type { DemandStatus, FollowUpKind } from '../../src/domain/vocabulary.js';

/** Bump when the generated content changes, so cached databases are rebuilt. */
export const BENCH_DB_VERSION = '5';

export interface BenchDbOptions {
  resolutions: number;
  demandsPerResolution: number;
  seed: number;
}

export interface BenchDbInfo {
  file: string;
  built: boolean;
  seconds: number;
}

function cacheKey(opts: BenchDbOptions): string {
  return `${BENCH_DB_VERSION}:${opts.resolutions}:${opts.demandsPerResolution}:${opts.seed}`;
}

function isCurrent(file: string, opts: BenchDbOptions): boolean {
  if (!existsSync(file)) return false;
  try {
    const connection = openDatabase(file, MIGRATIONS_DIR);
    const row = connection.sqlite.prepare("select value from app_meta where key = 'bench'").get() as
      | { value: string }
      | undefined;
    connection.close();
    return row?.value === cacheKey(opts);
  } catch {
    return false;
  }
}

/**
 * A database built before the search index was optimized after bulk loads (services/search/index-sync.ts)
 * has its index in many segments; it is merged once, as a build now leaves it. What a migration
 * queued for the index (the titles of migration 0032) is indexed here, not in the server's first
 * start that the benchmark times.
 */
function optimizeIndex(file: string, log: (line: string) => void): void {
  const connection = openDatabase(file, MIGRATIONS_DIR);
  try {
    const indexed = syncSearchIndex(connection.sqlite);
    if (indexed > 0) log(`  indexed ${indexed} resolutions queued by migrations`);
    const segments = connection.sqlite.prepare('select count(distinct segid) from search_index_idx').pluck().get() as number;
    if (segments <= 1) return;
    log(`  optimizing the search index (${segments} segments) …`);
    optimizeSearchIndex(connection.sqlite);
    connection.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    connection.close();
  }
}

export function ensureBenchDatabase(file: string, opts: BenchDbOptions, log: (line: string) => void): BenchDbInfo {
  const started = performance.now();
  if (isCurrent(file, opts)) {
    optimizeIndex(file, log);
    return { file, built: false, seconds: 0 };
  }
  log(`building benchmark database ${file} (${opts.resolutions} resolutions) …`);
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  rmSync(`${partial}-wal`, { force: true });
  rmSync(`${partial}-shm`, { force: true });
  const connection = openDatabase(partial, MIGRATIONS_DIR);
  ensureActors(connection.db);
  const sqlite = connection.sqlite;
  sqlite.pragma('synchronous = OFF');

  const actorIds = new Map<string, number>();
  for (const row of sqlite.prepare('select id, code from actors').all() as { id: number; code: string }[]) {
    if (!actorIds.has(row.code)) actorIds.set(row.code, row.id);
  }
  const insertConference = sqlite.prepare('insert into conferences (slug, short_name, name) values (?, ?, ?)');
  const insertMeeting = sqlite.prepare(
    'insert into meetings (conference_id, number, year, start_date, end_date, place, chair_land, kind, url_key) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertResolution = sqlite.prepare(
    `insert into resolutions (meeting_id, agenda_item, sort_key, title, outcome, voting, votes_yes, votes_no, votes_abstain,
       formula, "references", release, released_on, source, synthetic)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, 'Benchmark-Daten (synthetisch)', 1)`,
  );
  const insertSponsor = sqlite.prepare('insert into resolution_sponsors (resolution_id, land, position) values (?, ?, ?)');
  const insertStatement = sqlite.prepare(
    'insert into protocol_statements (resolution_id, position, laender, text) values (?, ?, ?, ?)',
  );
  const insertDemand = sqlite.prepare(
    `insert into demands (resolution_id, position, number, text, declaratory, addressees, due_date, status, status_since, public_status, public_status_since)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertFollowUp = sqlite.prepare(
    `insert into follow_ups (resolution_id, demand_id, date, actor_id, actor_land, kind, summary, link, resulting_status, visibility)
     values (?, ?, ?, ?, ?, ?, ?, null, ?, ?)`,
  );

  const conferenceIds = new Map<string, number>();
  const meetingIds = new Map<string, number>();

  function meetingId(item: BenchItem): number {
    const key = `${item.conference}|${item.meetingIndex}`;
    let id = meetingIds.get(key);
    if (id !== undefined) return id;
    let conferenceId = conferenceIds.get(item.conference);
    if (conferenceId === undefined) {
      conferenceId = Number(
        insertConference.run(conferenceSlug(item.conference), item.conference, `${item.conference} (Benchmark)`).lastInsertRowid,
      );
      conferenceIds.set(item.conference, conferenceId);
    }
    const m = item.resolution.meeting;
    id = Number(
      insertMeeting.run(conferenceId, m.number, m.year, m.startDate, m.endDate, m.place, null, m.place ? 'presence' : 'written', meetingUrlKey(m))
        .lastInsertRowid,
    );
    meetingIds.set(key, id);
    return id;
  }

  function store(item: BenchItem, index: number): void {
    const r = item.resolution;
    // about 2 % internal and 1 % draft, as in a real archive with a current meeting in progress
    const release = index % 100 === 7 ? 'draft' : index % 50 === 3 ? 'internal' : 'public';
    const resolutionId = Number(
      insertResolution.run(
        meetingId(item),
        r.agendaItem,
        agendaItemSortKey(r.agendaItem),
        r.title,
        r.decision.outcome,
        r.decision.voting,
        r.decision.yes ?? null,
        r.decision.no ?? null,
        r.decision.abstain ?? null,
        r.decision.formula,
        release,
        release === 'public' ? r.meeting.endDate : null,
      ).lastInsertRowid,
    );
    r.sponsors.forEach((land, position) => insertSponsor.run(resolutionId, land, position));
    r.protocolStatements.forEach((s, position) => insertStatement.run(resolutionId, position, JSON.stringify(s.laender), s.text));
    const resolutionWide = item.followUps.filter((f) => f.demandIndex === null);
    r.demands.forEach((demand, position) => {
      const own = item.followUps.filter((f) => f.demandIndex === position);
      const events = [...own, ...resolutionWide].map((f, i) => ({
        id: i,
        date: f.date,
        kind: f.kind as FollowUpKind,
        resultingStatus: f.status as DemandStatus | null,
        visibility: f.visibility,
      }));
      const all = statusAsOf(events);
      const pub = statusAsOf(events.filter((e) => e.visibility === 'public'));
      const demandId = Number(
        insertDemand.run(
          resolutionId,
          position,
          demand.number,
          demand.text,
          isDeclaratory(demand.text) ? 1 : 0,
          JSON.stringify(demand.addressees ?? []),
          demand.dueDate ?? null,
          all.status,
          all.since,
          pub.status,
          pub.since,
        ).lastInsertRowid,
      );
      for (const f of own) storeFollowUp(resolutionId, demandId, f);
    });
    for (const f of resolutionWide) storeFollowUp(resolutionId, null, f);
  }

  function storeFollowUp(resolutionId: number, demandId: number | null, f: BenchItem['followUps'][number]): void {
    const actorId = actorIds.get(f.actor) ?? null;
    const actorLand = actorId === null && isLandCode(f.actor) ? f.actor : null;
    insertFollowUp.run(resolutionId, demandId, f.date, actorId, actorLand, f.kind, f.summary, f.status, f.visibility);
  }

  let index = 0;
  let batch: BenchItem[] = [];
  const flush = sqlite.transaction((items: BenchItem[]) => {
    for (const item of items) store(item, index++);
  });
  // the statistics' demand counts are built once at the end instead of by a trigger per row
  withoutSummaryTriggers(sqlite, () => {
    for (const item of generateBenchCorpus(opts)) {
      batch.push(item);
      if (batch.length === 5_000) {
        flush.immediate(batch);
        batch = [];
        if (index % 20_000 === 0) log(`  ${index} resolutions`);
      }
    }
    flush.immediate(batch);
    log('  counting for the statistics …');
  });
  log('  indexing for full-text search …');
  syncSearchIndex(sqlite); // a bulk load: the index is optimized at the end
  classifyStoredDemands(connection.db); // records the rule's version (the rows are classified above)
  // No repeated-demand candidates: comparing 1,000,000 Ziffern takes hours, and the synthetic
  // text has no repeats worth proposing. The current rule is recorded as a comparison would
  // record it, so that the app does not start one (services/repeats.ts, key 'repeat_rule').
  sqlite.prepare("insert into app_meta (key, value) values ('repeat_rule', ?)").run(REPEAT_RULE_VERSION);
  sqlite.prepare("insert into app_meta (key, value) values ('bench', ?)").run(cacheKey(opts));
  sqlite.pragma('synchronous = FULL');
  // No ANALYZE: with STAT4 statistics (compiled into better-sqlite3) SQLite re-plans every
  // parametrised join on each execution — 5× slower here — and the app's indexes need no stats.
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  connection.close();
  rmSync(file, { force: true });
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
  renameSync(partial, file);
  rmSync(`${partial}-wal`, { force: true });
  rmSync(`${partial}-shm`, { force: true });
  return { file, built: true, seconds: (performance.now() - started) / 1000 };
}
