/**
 * The maintained demand counts (demand_summary, kept by triggers) against a full recomputation
 * from demands, resolutions and sponsors, after random series of writes through the services
 * (imports that add and replace TOPs, sponsors and Ziffern; follow-ups that change statuses;
 * release changes) and raw writes: deletes of resolutions and of meetings with all their TOPs
 * (cascades), follow-ups changed or deleted (also to dates before their meeting), Ziffern marked
 * internal, meetings moved to other dates. Also: the statistics pages read their counts from the
 * summary, so a conference page right after a write shows it; a conference's report added up from
 * the meetings' kept shares (services/statistics-parts.ts, read again where a write changed a
 * meeting's tag) equals one computed from scratch; and the overview as of a date, added up from the
 * maintained dated changes (status_deltas), equals a recomputation from the rows at dates before,
 * between and after the meetings and follow-ups, and a rebuild of the changes from scratch.
 */
import { drizzle } from 'drizzle-orm/better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Connection, Db } from '../../db/connection.js';
import * as schema from '../../db/schema.js';
import { ADDRESSEES, DEMAND_STATUSES, OUTCOMES, RELEASE_STATES, type Addressee, type Outcome } from '../../src/domain/vocabulary.js';
import { demandStatusesAsOf, type DemandEvent } from '../../src/domain/status.js';
import { tracksDemands } from '../../src/domain/tracking.js';
import { LAND_CODES, type LandCode } from '../../src/domain/laender.js';
import { importDocument } from '../../src/services/import.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { setRelease } from '../../src/services/resolutions.js';
import { allConferencesTotals, conferenceStatistics, OLDEST_OPEN, type ReportScope } from '../../src/services/statistics.js';
import { withoutSummaryTriggers } from '../../src/services/demand-summary.js';
import { refreshDemandStatuses } from '../../src/services/followups.js';
import { writeTransaction } from '../../src/services/tx.js';
import { ValidationError } from '../../src/services/types.js';
import { todayIso } from '../../src/domain/dates.js';
import { accessLevel, PUBLIC_VIEWER, type Viewer } from '../../src/services/visibility.js';
import { freshDatabase, TEST_ACTOR, secretariatOfAll } from '../helpers.js';

type Write =
  | {
      kind: 'import';
      conference: string;
      meeting: number;
      agendaItem: string;
      sponsors: LandCode[];
      outcome: (typeof OUTCOMES)[number];
      demands: Addressee[][];
      release: (typeof RELEASE_STATES)[number];
    }
  | { kind: 'followUp'; pick: number; demandPick: number | null; status: (typeof DEMAND_STATUSES)[number] | null; internal: boolean }
  | { kind: 'release'; pick: number; release: (typeof RELEASE_STATES)[number] }
  | { kind: 'deleteResolution'; pick: number }
  | { kind: 'deleteMeeting'; pick: number }
  | { kind: 'changeFollowUp'; pick: number; date: string; status: (typeof DEMAND_STATUSES)[number] | null; internal: boolean }
  | { kind: 'deleteFollowUp'; pick: number }
  | { kind: 'markInternal'; pick: number; internal: boolean }
  | { kind: 'moveMeeting'; pick: number; startDate: string | null };

const write: fc.Arbitrary<Write> = fc.oneof(
  { weight: 4, arbitrary: fc.record({
    kind: fc.constant('import' as const),
    conference: fc.constantFrom('IntMK', 'UMK'),
    meeting: fc.integer({ min: 12, max: 13 }),
    agendaItem: fc.constantFrom('1', '2', '3.1', '3.2'),
    sponsors: fc.subarray([...LAND_CODES], { maxLength: 5 }),
    outcome: fc.constantFrom(...OUTCOMES),
    // duplicates on purpose: a Ziffer counts once per addressee
    demands: fc.array(fc.array(fc.constantFrom(...ADDRESSEES), { maxLength: 3 }), { maxLength: 4 }),
    release: fc.constantFrom(...RELEASE_STATES),
  }) },
  { weight: 4, arbitrary: fc.record({
    kind: fc.constant('followUp' as const),
    pick: fc.nat(),
    demandPick: fc.option(fc.nat()),
    status: fc.option(fc.constantFrom(...DEMAND_STATUSES)),
    internal: fc.boolean(),
  }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('release' as const), pick: fc.nat(), release: fc.constantFrom(...RELEASE_STATES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteResolution' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteMeeting' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({
    kind: fc.constant('changeFollowUp' as const),
    pick: fc.nat(),
    // before the meetings (2017-03-16, 2018-03-16) too, and across a month's end
    date: fc.constantFrom('2016-11-30', '2017-03-16', '2018-12-31', '2019-01-05', '2019-01-31', '2019-02-01', '2019-05-31'),
    status: fc.option(fc.constantFrom(...DEMAND_STATUSES)),
    internal: fc.boolean(),
  }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteFollowUp' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('markInternal' as const), pick: fc.nat(), internal: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({
    kind: fc.constant('moveMeeting' as const),
    pick: fc.nat(),
    // without a start date the meeting's date is 1 January of its year
    startDate: fc.constantFrom('2016-05-01', '2018-03-16', '2019-01-05', '2019-06-01', null),
  }) },
);

function apply(connection: Connection, w: Write, step: number): void {
  const { db, sqlite } = connection;
  const ids = (query: string) => sqlite.prepare(query).pluck().all() as number[];
  const pick = <T>(list: T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);
  switch (w.kind) {
    case 'import': {
      importDocument(
        db,
        TEST_ACTOR,
        {
          resolutions: [
            {
              conference: w.conference,
              meeting: { number: w.meeting, year: 2005 + w.meeting, startDate: `${2005 + w.meeting}-03-16`, endDate: null, place: 'Bonn' },
              agendaItem: w.agendaItem,
              title: `Beschluss ${step}`,
              sponsors: w.sponsors,
              decision: { outcome: w.outcome, voting: 'unanimous', formula: 'Die Konferenz hat einstimmig beschlossen:' },
              demands: w.demands.map((addressees, i) => ({ number: String(i + 1), text: `Ziffer ${i + 1} aus Schritt ${step}`, addressees })),
              protocolStatements: [],
            },
          ],
        },
        { source: 'Test', release: w.release, releasedOn: w.release === 'public' ? '2018-01-01' : null },
      );
      return;
    }
    case 'followUp': {
      const resolutionId = pick(ids('select id from resolutions order by id'), w.pick);
      if (resolutionId === undefined) return;
      const demandIds = ids(`select id from demands where resolution_id = ${resolutionId} order by id`);
      const demandId = w.demandPick === null ? null : (pick(demandIds, w.demandPick) ?? null);
      try {
        recordFollowUp(db, TEST_ACTOR, {
          resolutionId,
          demandId,
          date: `2019-01-${String((step % 28) + 1).padStart(2, '0')}`,
          actor: 'BMI',
          kind: 'response',
          summary: `Antwort ${step}`,
          link: null,
          resultingStatus: w.status,
          visibility: w.internal ? 'internal' : 'public',
        });
      } catch (error) {
        // a meeting moved past the date: the service refuses, nothing is written
        if (!(error instanceof ValidationError)) throw error;
      }
      return;
    }
    case 'release': {
      const id = pick(ids('select id from resolutions order by id'), w.pick);
      if (id === undefined) return;
      const version = sqlite.prepare('select version from resolutions where id = ?').pluck().get(id) as number;
      setRelease(db, TEST_ACTOR, secretariatOfAll(connection), id, version, w.release, w.release === 'public' ? '2018-02-01' : null);
      return;
    }
    case 'deleteResolution': {
      const id = pick(ids('select id from resolutions order by id'), w.pick);
      if (id !== undefined) sqlite.prepare('delete from resolutions where id = ?').run(id);
      return;
    }
    case 'deleteMeeting': {
      const id = pick(ids('select id from meetings order by id'), w.pick);
      // resolutions keep their meeting (restrict): a meeting goes with all of its TOPs in one statement
      if (id !== undefined) {
        sqlite.prepare('delete from resolutions where meeting_id = ?').run(id);
        sqlite.prepare('delete from meetings where id = ?').run(id);
      }
      return;
    }
    case 'changeFollowUp':
    case 'deleteFollowUp': {
      // as the follow-up services write, without their checks (a date before the meeting too)
      const id = pick(ids('select id from follow_ups order by id'), w.pick);
      if (id === undefined) return;
      const resolutionId = sqlite.prepare('select resolution_id from follow_ups where id = ?').pluck().get(id) as number;
      writeTransaction(db, (tx) => {
        if (w.kind === 'deleteFollowUp') sqlite.prepare('delete from follow_ups where id = ?').run(id);
        else sqlite.prepare('update follow_ups set date = ?, resulting_status = ?, visibility = ? where id = ?').run(w.date, w.status, w.internal ? 'internal' : 'public', id);
        refreshDemandStatuses(tx, resolutionId);
      });
      return;
    }
    case 'markInternal': {
      const id = pick(ids('select id from demands order by id'), w.pick);
      if (id !== undefined) sqlite.prepare('update demands set internal = ? where id = ?').run(w.internal ? 1 : 0, id);
      return;
    }
    case 'moveMeeting': {
      const id = pick(ids('select id from meetings order by id'), w.pick);
      if (id !== undefined) sqlite.prepare('update meetings set start_date = ?, year = ? where id = ?').run(w.startDate, Number((w.startDate ?? '2019').slice(0, 4)), id);
      return;
    }
  }
}

/** The counts recomputed in JavaScript from the rows themselves, keyed like the summary. */
function recomputed(connection: Connection): Map<string, number> {
  const rows = connection.sqlite
    .prepare(
      `select d.id, d.status, d.public_status as publicStatus, d.addressees, d.internal, r.meeting_id as meetingId, r.release, r.outcome,
              (select group_concat(land) from resolution_sponsors s where s.resolution_id = r.id) as lands
         from demands d join resolutions r on r.id = d.resolution_id`,
    )
    .all() as { status: string; publicStatus: string; addressees: string; internal: number; meetingId: number; release: string; outcome: string; lands: string | null }[];
  const counts = new Map<string, number>();
  const add = (key: unknown[]) => counts.set(JSON.stringify(key), (counts.get(JSON.stringify(key)) ?? 0) + 1);
  for (const row of rows) {
    const addressees = [...new Set(JSON.parse(row.addressees) as string[])];
    // a Ziffer marked internal counts for logged-in users only
    for (const internal of row.internal ? [1] : [0, 1]) {
      const status = internal ? row.status : row.publicStatus;
      const key = (dimension: string, k: string) => [row.meetingId, internal, dimension, k, row.release, row.outcome, status];
      add(key('all', ''));
      for (const land of row.lands ? row.lands.split(',') : []) add(key('land', land));
      if (addressees.length === 0) add(key('addressee', ''));
      for (const addressee of addressees) add(key('addressee', addressee));
    }
  }
  return counts;
}

function maintained(connection: Connection): Map<string, number> {
  const rows = connection.sqlite
    .prepare('select meeting_id, internal, dimension, key, release, outcome, status, demands from demand_summary')
    .raw(true)
    .all() as unknown[][];
  const counts = new Map<string, number>();
  for (const row of rows) {
    const n = row.pop() as number;
    expect(n, JSON.stringify(row)).toBeGreaterThanOrEqual(0);
    if (n > 0) counts.set(JSON.stringify(row), n);
  }
  return counts;
}

/** The dated changes the triggers keep (status_deltas), those that do not add up to 0. */
function maintainedDeltas(connection: Connection): Map<string, number> {
  const rows = connection.sqlite
    .prepare('select internal, span, period, conference_id, release, outcome, status, demands from status_deltas')
    .raw(true)
    .all() as unknown[][];
  return new Map(rows.filter((row) => row.at(-1) !== 0).map((row) => [JSON.stringify(row.slice(0, -1)), row.at(-1) as number]));
}

/** The dated changes computed over the whole archive (the view bulk loads and the migration fill them from), per day, month and year. */
function rebuiltDeltas(connection: Connection): Map<string, number> {
  const rows = connection.sqlite
    .prepare('select internal, date, conference_id, release, outcome, status, demands from status_delta_rebuild')
    .all() as { internal: number; date: string; conference_id: number; release: string; outcome: string; status: string; demands: number }[];
  const sums = new Map<string, number>();
  for (const row of rows) {
    for (const [span, width] of [['year', 4], ['month', 7], ['day', 10]] as const) {
      const key = JSON.stringify([row.internal, span, row.date.slice(0, width), row.conference_id, row.release, row.outcome, row.status]);
      sums.set(key, (sums.get(key) ?? 0) + row.demands);
    }
  }
  return new Map([...sums].filter(([, n]) => n !== 0));
}

/**
 * Of the Ziffern read, those of resolutions whose Ziffern are tracked that the viewer sees, each
 * with its status as of the date: the last status event by then among its own and its
 * resolution's follow-ups the viewer sees (domain/status.ts).
 */
function statusesFromScratch<T extends { id: number; resolutionId: number; outcome: Outcome; release: string; conferenceId: number }>(
  connection: Connection,
  viewer: Viewer,
  rows: readonly T[],
  asOf: string,
) {
  const level = accessLevel(viewer);
  const seen = rows.filter(
    (row) => tracksDemands(row.outcome) && (row.release === 'public' || (level >= 1 && row.release === 'internal') || (level === 2 && viewer.conferenceIds.includes(row.conferenceId))),
  );
  const events = connection.sqlite
    .prepare(
      `select id, resolution_id as resolutionId, demand_id as demandId, date, kind, resulting_status as resultingStatus from follow_ups
        where resulting_status is not null and (visibility = 'public' or ?)`,
    )
    .all(level >= 1 ? 1 : 0) as DemandEvent[];
  return { seen, statuses: demandStatusesAsOf(seen, events, asOf) };
}

/**
 * The status counts of every conference as of a date, recomputed from the rows themselves: the
 * demands of resolutions whose demands are tracked, that the viewer sees, of meetings held by then;
 * each demand's status the last status event by then among its own and its resolution's follow-ups
 * the viewer sees (domain/status.ts).
 */
function countsAsOfFromScratch(connection: Connection, viewer: Viewer, asOf: string): Map<string, Record<string, number>> {
  const demandRows = connection.sqlite
    .prepare(
      `select d.id, d.resolution_id as resolutionId, c.slug, r.outcome, r.release, c.id as conferenceId
         from demands d join resolutions r on r.id = d.resolution_id join meetings m on m.id = r.meeting_id join conferences c on c.id = m.conference_id
        where coalesce(m.start_date, m.year || '-01-01') <= ? and (d.internal = 0 or ?)`,
    )
    .all(asOf, accessLevel(viewer) >= 1 ? 1 : 0) as { id: number; resolutionId: number; slug: string; outcome: Outcome; release: string; conferenceId: number }[];
  const { seen, statuses } = statusesFromScratch(connection, viewer, demandRows, asOf);
  const result = new Map<string, Record<string, number>>();
  for (const row of seen) {
    const counts = result.get(row.slug) ?? Object.fromEntries(DEMAND_STATUSES.map((status) => [status, 0]));
    counts[statuses.get(row.id)!]! += 1;
    result.set(row.slug, counts);
  }
  return result;
}

type StatusTally = Record<string, number>;

interface ReportFromScratch {
  byMeeting: Record<string, StatusTally>;
  byLand: Record<string, StatusTally>;
  byAddressee: Record<string, StatusTally>;
  toBund: number;
  openToBund: number;
}

/**
 * A conference's report as of a date recomputed from the rows, as countsAsOfFromScratch does the
 * totals: per meeting (its url key), sponsoring Land and addressee ('' without one; each once per
 * Ziffer), and the Ziffern addressed to the Bund, all and open.
 */
function reportAsOfFromScratch(connection: Connection, viewer: Viewer, asOf: string): Map<string, ReportFromScratch> {
  const level = accessLevel(viewer);
  const rows = connection.sqlite
    .prepare(
      `select d.id, d.resolution_id as resolutionId, d.addressees, c.slug, c.id as conferenceId, m.url_key as urlKey, r.outcome, r.release,
              (select group_concat(land) from resolution_sponsors s where s.resolution_id = r.id) as lands
         from demands d join resolutions r on r.id = d.resolution_id join meetings m on m.id = r.meeting_id join conferences c on c.id = m.conference_id
        where coalesce(m.start_date, m.year || '-01-01') <= ? and (d.internal = 0 or ?)`,
    )
    .all(asOf, level >= 1 ? 1 : 0) as { id: number; resolutionId: number; addressees: string; slug: string; conferenceId: number; urlKey: string; outcome: Outcome; release: string; lands: string | null }[];
  const { seen, statuses } = statusesFromScratch(connection, viewer, rows, asOf);
  const result = new Map<string, ReportFromScratch>();
  const count = (tallies: Record<string, StatusTally>, key: string, status: string) => {
    tallies[key] ??= Object.fromEntries(DEMAND_STATUSES.map((s) => [s, 0]));
    tallies[key][status]! += 1;
  };
  for (const row of seen) {
    const report = result.get(row.slug) ?? { byMeeting: {}, byLand: {}, byAddressee: {}, toBund: 0, openToBund: 0 };
    result.set(row.slug, report);
    const status = statuses.get(row.id)!;
    count(report.byMeeting, row.urlKey, status);
    for (const land of row.lands ? row.lands.split(',') : []) count(report.byLand, land, status);
    const addressees = [...new Set(JSON.parse(row.addressees) as string[])];
    for (const addressee of addressees.length === 0 ? [''] : addressees) count(report.byAddressee, addressee, status);
    if (addressees.includes('bund')) {
      report.toBund += 1;
      if (status === 'open') report.openToBund += 1;
    }
  }
  return result;
}

const connections: Connection[] = [];
afterAll(() => {
  for (const connection of connections) connection.close();
});

/** The scopes compared: current, as of a date between the follow-ups, a range of years. */
const SCOPES: readonly ReportScope[] = [
  { fromYear: null, toYear: null, asOf: null },
  { fromYear: null, toYear: null, asOf: '2019-01-15' },
  { fromYear: 2018, toYear: 2018, asOf: null },
  { fromYear: 2018, toYear: 2019, asOf: '2019-01-15' },
];

/** Every report and overview of the test's conferences, for the public and a secretariat. */
async function everyReport(connection: Connection, db: Db) {
  const result: unknown[] = [];
  for (const viewer of [PUBLIC_VIEWER, secretariatOfAll(connection)]) {
    for (const scope of SCOPES) {
      result.push(await allConferencesTotals(db, viewer, scope));
      for (const slug of ['intmk', 'umk']) result.push(conferenceStatistics(db, viewer, slug, scope));
    }
  }
  return result;
}

/** Runs `check` after every write of random series of up to 20 writes, each series on a fresh database. */
async function afterEveryWrite(numRuns: number, check: (connection: Connection, label: string) => Promise<void>): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 20 }), async (writes) => {
      const connection = freshDatabase();
      connections.push(connection);
      for (const [step, w] of writes.entries()) {
        apply(connection, w, step);
        await check(connection, `after step ${step} (${w.kind})`);
      }
      connection.close();
      connections.pop();
    }),
    { numRuns },
  );
}

describe('demand summary', () => {
  it('keeps the meetings\' shares of a report current: added up they equal a report computed from scratch after any series of writes', { timeout: 300_000 }, async () => {
    await afterEveryWrite(25, async (connection, label) => {
      // the app's connection keeps its shares from step to step; a second Db over the same
      // database has none and reads every meeting
      const kept = await everyReport(connection, connection.db);
      const fromScratch = await everyReport(connection, drizzle({ client: connection.sqlite, schema }));
      expect(kept, label).toEqual(fromScratch);
    });
  });

  it('counts the statuses as of a date as a recomputation from the follow-ups does, on either side of them', { timeout: 300_000 }, async () => {
    // the follow-ups of `apply` are dated in January 2019 (changed ones also before the meetings,
    // at a month's end and later), the meetings in March 2017 and 2018 (moved ones also in 2016 and
    // 2019): dates before every meeting, on a meeting's day, between the follow-ups, on either side
    // of a month's and a year's end, after all and today
    const dates = ['2016-01-01', '2016-11-30', '2017-03-16', '2018-12-31', '2019-01-01', '2019-01-02', '2019-01-04', '2019-01-08', '2019-01-31', '2019-02-01', '2019-06-15', '2019-12-31', todayIso()];
    const none = Object.fromEntries(DEMAND_STATUSES.map((status) => [status, 0]));
    await afterEveryWrite(20, async (connection, afterStep) => {
      for (const viewer of [PUBLIC_VIEWER, secretariatOfAll(connection)]) {
        for (const asOf of dates) {
          const expected = countsAsOfFromScratch(connection, viewer, asOf);
          const scope = { fromYear: null, toYear: null, asOf };
          const label = `${afterStep}, as of ${asOf}, level ${accessLevel(viewer)}`;
          for (const row of await allConferencesTotals(connection.db, viewer, scope)) {
            const counts = expected.get(row.conference.slug) ?? none;
            expect(row.counts, label).toEqual(counts);
            expect(row.total, label).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
            expect(conferenceStatistics(connection.db, viewer, row.conference.slug, scope)!.counts, label).toEqual(row.counts);
          }
        }
      }
    });
  });

  it('gives a conference\'s report as of a date the figures per meeting, Land and addressee of a recomputation from the rows', { timeout: 300_000 }, async () => {
    // as above: before, between and after the follow-ups of January 2019
    const dates = ['2018-12-31', '2019-01-03', '2019-01-09', '2019-12-31'];
    const none: ReportFromScratch = { byMeeting: {}, byLand: {}, byAddressee: {}, toBund: 0, openToBund: 0 };
    const nonZero = <T extends { total: number; counts: StatusTally }>(rows: readonly T[], key: (row: T) => string) =>
      Object.fromEntries(rows.filter((row) => row.total > 0).map((row) => [key(row), row.counts]));
    await afterEveryWrite(30, async (connection, afterStep) => {
      for (const viewer of [PUBLIC_VIEWER, secretariatOfAll(connection)]) {
        for (const asOf of dates) {
          const expected = reportAsOfFromScratch(connection, viewer, asOf);
          for (const slug of ['intmk', 'umk']) {
            const want = expected.get(slug) ?? none;
            const label = `${afterStep}, ${slug} as of ${asOf}, level ${accessLevel(viewer)}`;
            const report = conferenceStatistics(connection.db, viewer, slug, { fromYear: null, toYear: null, asOf });
            if (report === null) {
              expect(want, label).toEqual(none);
              continue;
            }
            expect(nonZero(report.meetings, (row) => row.urlKey), label).toEqual(want.byMeeting);
            expect(nonZero(report.byLand, (row) => row.land), label).toEqual(want.byLand);
            expect(nonZero(report.byAddressee, (row) => row.addressee), label).toEqual(want.byAddressee);
            expect(report.response.demands, label).toBe(want.toBund);
            expect(report.oldestOpen.length, label).toBe(Math.min(OLDEST_OPEN, want.openToBund));
          }
        }
      }
    });
  });

  it('gives a Ziffer added to a resolution with a status on the whole of it that status, now and as of a date', async () => {
    const connection = freshDatabase();
    connections.push(connection);
    const top = { kind: 'import' as const, conference: 'IntMK', meeting: 12, agendaItem: '1', sponsors: ['BE' as LandCode], outcome: 'adopted' as const, release: 'public' as const };
    apply(connection, { ...top, demands: [['bund']] }, 0);
    apply(connection, { kind: 'followUp', pick: 0, demandPick: null, status: 'implemented', internal: false }, 1);
    apply(connection, { ...top, demands: [['bund'], ['laender']] }, 2);
    const statuses = connection.sqlite.prepare('select status, public_status from demands order by id').raw(true).all();
    expect(statuses).toEqual([['implemented', 'implemented'], ['implemented', 'implemented']]);
    for (const asOf of ['2019-01-01', '2019-12-31']) {
      const [row] = await allConferencesTotals(connection.db, PUBLIC_VIEWER, { fromYear: null, toYear: null, asOf });
      expect(row!.counts).toEqual(countsAsOfFromScratch(connection, PUBLIC_VIEWER, asOf).get('intmk'));
    }
    expect(maintained(connection)).toEqual(recomputed(connection));
  });

  it('counts a meeting moved past its follow-ups from its new date on, with the statuses they gave by then', async () => {
    const connection = freshDatabase();
    connections.push(connection);
    apply(connection, { kind: 'import', conference: 'IntMK', meeting: 12, agendaItem: '1', sponsors: ['BE'], outcome: 'adopted', demands: [['bund'], ['bund']], release: 'public' }, 0);
    apply(connection, { kind: 'followUp', pick: 0, demandPick: 0, status: 'in_progress', internal: false }, 4); // 2019-01-05
    apply(connection, { kind: 'followUp', pick: 0, demandPick: null, status: 'implemented', internal: true }, 9); // 2019-01-10
    apply(connection, { kind: 'moveMeeting', pick: 0, startDate: '2019-06-01' }, 10);
    const none = Object.fromEntries(DEMAND_STATUSES.map((status) => [status, 0]));
    const expected: [string, Viewer, Record<string, number>][] = [
      ['2019-01-07', PUBLIC_VIEWER, none],
      ['2019-05-31', secretariatOfAll(connection), none],
      ['2019-06-01', PUBLIC_VIEWER, { ...none, in_progress: 1, open: 1 }],
      ['2019-06-01', secretariatOfAll(connection), { ...none, implemented: 2 }],
    ];
    for (const [asOf, viewer, counts] of expected) {
      const [row] = await allConferencesTotals(connection.db, viewer, { fromYear: null, toYear: null, asOf });
      expect(row!.counts, `${asOf}, level ${accessLevel(viewer)}`).toEqual(counts);
      expect(row!.counts).toEqual(countsAsOfFromScratch(connection, viewer, asOf).get('intmk') ?? none);
    }
  });

  it('equals a full recomputation after any series of writes, and so do the dated changes', { timeout: 300_000 }, () => {
    fc.assert(
      fc.property(fc.array(write, { minLength: 1, maxLength: 25 }), (writes) => {
        const connection = freshDatabase();
        connections.push(connection);
        writes.forEach((w, step) => {
          apply(connection, w, step);
          expect(maintained(connection), `after step ${step} (${w.kind})`).toEqual(recomputed(connection));
          expect(maintainedDeltas(connection), `after step ${step} (${w.kind})`).toEqual(rebuiltDeltas(connection));
        });
        connection.close();
        connections.pop();
      }),
      { numRuns: 40 },
    );
  });

  it('gives the statistics page the counts of a write at once', () => {
    const connection = freshDatabase();
    connections.push(connection);
    apply(connection, { kind: 'import', conference: 'IntMK', meeting: 12, agendaItem: '1', sponsors: ['BE', 'HH'], outcome: 'adopted', demands: [['bund'], ['laender', 'bund'], []], release: 'public' }, 0);
    const before = conferenceStatistics(connection.db, PUBLIC_VIEWER, 'intmk')!;
    expect(before.total).toBe(3);
    expect(before.counts.open).toBe(3);
    expect(before.byLand.find((row) => row.land === 'BE')!.total).toBe(3);
    expect(before.byLand.find((row) => row.land === 'BW')!.total).toBe(0);
    expect(before.byAddressee.find((row) => row.addressee === 'bund')!.total).toBe(2);
    expect(before.byAddressee.find((row) => row.addressee === '')!.total).toBe(1);
    const demandId = connection.sqlite.prepare('select min(id) from demands').pluck().get() as number;
    const resolutionId = connection.sqlite.prepare('select resolution_id from demands where id = ?').pluck().get(demandId) as number;
    recordFollowUp(connection.db, TEST_ACTOR, {
      resolutionId, demandId, date: '2018-05-01', actor: 'BMI', kind: 'response', summary: 'Umgesetzt', link: null, resultingStatus: 'implemented', visibility: 'public',
    });
    const after = conferenceStatistics(connection.db, PUBLIC_VIEWER, 'intmk')!;
    expect(after.counts.implemented).toBe(1);
    expect(after.counts.open).toBe(2);
    expect(after.meetings[0]!.counts.implemented).toBe(1);
    expect(after.byYear[0]!.counts.implemented).toBe(1);
    expect(after.byLand.find((row) => row.land === 'HH')!.counts.implemented).toBe(1);
    expect(after.byAddressee.find((row) => row.addressee === 'bund')!.counts.implemented).toBe(1);
    // an internal follow-up moves the internal status only: the public figure stays
    recordFollowUp(connection.db, TEST_ACTOR, {
      resolutionId, demandId: null, date: '2018-06-01', actor: 'BMI', kind: 'response', summary: 'Intern', link: null, resultingStatus: 'rejected', visibility: 'internal',
    });
    expect(conferenceStatistics(connection.db, PUBLIC_VIEWER, 'intmk')!.counts).toEqual(after.counts);
    expect(conferenceStatistics(connection.db, secretariatOfAll(connection), 'intmk')!.counts.rejected).toBe(3);
  });

  it('is rebuilt after a bulk load without its triggers, which are back afterwards; so are the dated changes', async () => {
    const connection = freshDatabase();
    connections.push(connection);
    const triggers = (prefix: string) => connection.sqlite.prepare("select count(*) from sqlite_master where type = 'trigger' and name like ?").pluck().get(`${prefix}%`);
    const before = [triggers('demand_summary_'), triggers('status_deltas_')];
    expect(Math.min(...(before as number[]))).toBeGreaterThan(0);
    apply(connection, { kind: 'import', conference: 'IntMK', meeting: 12, agendaItem: '1', sponsors: ['BE'], outcome: 'adopted', demands: [['bund']], release: 'public' }, 0);
    withoutSummaryTriggers(connection.sqlite, () => {
      expect([triggers('demand_summary_'), triggers('status_deltas_')]).toEqual([0, 0]);
      for (let step = 1; step < 7; step++) {
        apply(connection, { kind: 'import', conference: 'UMK', meeting: 12 + (step % 2), agendaItem: String(step), sponsors: ['BY'], outcome: 'adopted', demands: [['bund'], []], release: 'public' }, step);
        apply(connection, { kind: 'followUp', pick: step, demandPick: step % 2 === 0 ? null : step, status: step % 3 === 0 ? null : 'in_progress', internal: step % 2 === 0 }, step);
      }
    });
    expect([triggers('demand_summary_'), triggers('status_deltas_')]).toEqual(before);
    expect(maintained(connection).size).toBeGreaterThan(0);
    expect(maintained(connection)).toEqual(recomputed(connection));
    expect(maintainedDeltas(connection).size).toBeGreaterThan(0);
    expect(maintainedDeltas(connection)).toEqual(rebuiltDeltas(connection));
    apply(connection, { kind: 'followUp', pick: 0, demandPick: 0, status: 'implemented', internal: false }, 7);
    expect(maintained(connection)).toEqual(recomputed(connection));
    expect(maintainedDeltas(connection)).toEqual(rebuiltDeltas(connection));
    for (const viewer of [PUBLIC_VIEWER, secretariatOfAll(connection)]) {
      for (const asOf of ['2018-12-31', '2019-01-03', '2019-12-31']) {
        const totals = await allConferencesTotals(connection.db, viewer, { fromYear: null, toYear: null, asOf });
        expect(new Map(totals.filter((row) => row.total > 0).map((row) => [row.conference.slug, row.counts]))).toEqual(countsAsOfFromScratch(connection, viewer, asOf));
      }
    }
  });
});
