/**
 * Reporting requests (/berichtsauftraege) and the Länder dashboard (/dashboard): every list and
 * count is checked against a direct SQL query on a fixture database built here.
 *
 * Rules under test (see src/services/reporting.ts and src/services/dashboard.ts):
 * - only adopted resolutions the viewer may see; a land user never sees drafts;
 * - internal follow-ups count for logged-in users (they are internal data);
 * - stale: no visible federal reaction (or, without one, the meeting) for more than 12 months;
 *   a Land's assessment or a note does not count (src/domain/tracking.ts).
 */
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, eq } from 'drizzle-orm';
import type { Connection } from '../../db/connection.js';
import { conferences, demands, meetings, resolutions } from '../../db/schema.js';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import type { ImportDemand, ImportResolution } from '../../src/domain/import-format.js';
import type { LandCode } from '../../src/domain/laender.js';
import { addDays, daysBetween, todayIso } from '../../src/domain/dates.js';
import { isStale } from '../../src/domain/tracking.js';
import { excerpt } from '../../src/routes/dashboard/index.js';
import { landDashboard } from '../../src/services/dashboard.js';
import { recordFollowUp, type FollowUpInput } from '../../src/services/followups.js';
import { importDocument } from '../../src/services/import.js';
import { reportingRequests } from '../../src/services/reporting.js';
import { createUser } from '../../src/services/users.js';
import { PUBLIC_VIEWER, type Viewer } from '../../src/services/visibility.js';
import { freshDatabase, loginAs as login, TEST_ACTOR, conferenceIdOf } from '../helpers.js';
import type { Outcome, ReleaseState } from '../../src/domain/vocabulary.js';

const PASSWORD = 'ein langes sicheres Passwort';
// The fixture and the expectations are dated from TODAY, the pages from the date the app reads
// from the clock when they are asked for: a run across midnight UTC compared two different days
// ("<td>30</td>" became 31 days overdue). Only Date is faked, and it runs on, from noon of the
// real day: twelve hours from either midnight.
vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
vi.setSystemTime(new Date(`${todayIso()}T12:00:00.000Z`));
afterAll(() => {
  vi.useRealTimers();
});
const TODAY = todayIso();
const ago = (days: number) => addDays(TODAY, -days);

let app: FastifyInstance;
let connection: Connection;
let warnings: string[];

// ---------------------------------------------------------------------------------------------
// Fixture
// ---------------------------------------------------------------------------------------------

function demand(number: string, addressees: ImportDemand['addressees'], dueDate: string | null = null): ImportDemand {
  return { number, text: `Ziffer ${number}: Die Länder bitten die Bundesregierung, ${'tätig zu werden und '.repeat(15)}zu berichten.`, addressees, dueDate };
}

function resolution(
  conference: string,
  meeting: { number: number; startDate: string },
  agendaItem: string,
  sponsors: LandCode[],
  demandList: ImportDemand[],
  outcome: Outcome = 'adopted',
): ImportResolution {
  return {
    conference,
    meeting: { number: meeting.number, year: Number(meeting.startDate.slice(0, 4)), startDate: meeting.startDate, endDate: null, place: 'Berlin' },
    agendaItem,
    title: `Titel ${conference} ${meeting.number} TOP ${agendaItem}`,
    sponsors,
    decision: { outcome, voting: 'unanimous', formula: 'Die Konferenz hat beschlossen:' },
    demands: demandList,
    protocolStatements: [],
  };
}

const INTMK_20 = { number: 20, startDate: ago(800) };
const INTMK_21 = { number: 21, startDate: ago(100) };
const GMK_5 = { number: 5, startDate: ago(400) };

function store(r: ImportResolution, release: ReleaseState): number {
  return importDocument(connection.db, TEST_ACTOR, { resolutions: [r], warnings: [] }, { source: 'Test', release }).items[0]!.id;
}

function demandId(resolutionId: number, number: string): number {
  return connection.db
    .select({ id: demands.id })
    .from(demands)
    .where(and(eq(demands.resolutionId, resolutionId), eq(demands.number, number)))
    .get()!.id;
}

function followUp(resolutionId: number, number: string | null, input: Partial<FollowUpInput> & { date: string }) {
  recordFollowUp(connection.db, TEST_ACTOR, {
    resolutionId,
    demandId: number === null ? null : demandId(resolutionId, number),
    actor: 'BMI',
    kind: 'response',
    summary: 'Stellungnahme',
    link: null,
    resultingStatus: null,
    visibility: 'public',
    ...input,
  });
}

const ids: Record<string, number> = {};

function seed() {
  // IntMK 20 (800 days ago), public, sponsored by BY and BE.
  ids.r1 = store(
    resolution('IntMK', INTMK_20, '1', ['BY', 'BE'], [
      demand('1', ['bund'], ago(30)), // overdue 30 days, no follow-up: stale since the meeting
      demand('2', ['bund', 'laender'], addDays(TODAY, 10)), // due in 10 days
      demand('3', ['laender']), // not addressed to the Bund
      demand('4', ['bund'], ago(200)), // answered by a report within the window
      demand('5', ['bund'], ago(20)), // "answered" only by a report from before the window
    ]),
    'public',
  );
  followUp(ids.r1, '2', { date: ago(367), resultingStatus: 'in_progress' });
  followUp(ids.r1, '4', { date: ago(300), kind: 'report', resultingStatus: 'partial' });
  followUp(ids.r1, '5', { date: ago(790), kind: 'report' }); // more than a year before the due date
  // IntMK 20, sponsored by BE only.
  ids.r2 = store(resolution('IntMK', INTMK_20, '2', ['BE'], [demand('1', ['bund'], ago(5)), demand('2', ['bund'])]), 'public');
  // GMK 5 (400 days ago), internal, sponsored by BY.
  ids.r3 = store(
    resolution('GMK', GMK_5, '3', ['BY'], [
      demand('1', ['bund']),
      demand('2', ['bund'], addDays(TODAY, 100)), // beyond 90 days
      demand('3', ['bund'], ago(50)), // answered only by an internal report
    ]),
    'internal',
  );
  followUp(ids.r3, '1', { date: ago(364), kind: 'note', visibility: 'internal', actor: null });
  followUp(ids.r3, '2', { date: ago(10), kind: 'legislation', resultingStatus: 'implemented' });
  followUp(ids.r3, '3', { date: ago(40), kind: 'report', visibility: 'internal' });
  // IntMK 21 (100 days ago): a draft, a rejected motion, a request due at a meeting.
  ids.r4 = store(resolution('IntMK', INTMK_21, '1', ['BY'], [demand('1', ['bund'], ago(1))]), 'draft');
  ids.r5 = store(resolution('IntMK', INTMK_21, '2', ['BY'], [demand('1', ['bund'], ago(10))], 'rejected'), 'public');
  ids.r6 = store(resolution('IntMK', INTMK_21, '3', ['BY', 'NW'], [demand('1', ['bund']), demand('2', ['eu'])]), 'public');
  followUp(ids.r6, null, { date: ago(10), kind: 'assessment', actor: 'BY' }); // covers all demands of the resolution
  const conferenceId = connection.db.select({ id: meetings.conferenceId }).from(meetings).where(eq(meetings.id, connection.db.select({ m: resolutions.meetingId }).from(resolutions).where(eq(resolutions.id, ids.r6)).get()!.m)).get()!.id;
  const next = connection.db
    .insert(meetings)
    .values({ conferenceId, number: 22, year: Number(addDays(TODAY, 20).slice(0, 4)), startDate: addDays(TODAY, 20), urlKey: '22' })
    .returning({ id: meetings.id })
    .get().id;
  connection.db.update(demands).set({ dueMeetingId: next }).where(eq(demands.id, demandId(ids.r6, '1'))).run();
}

// ---------------------------------------------------------------------------------------------
// Expected values, straight from SQL
// ---------------------------------------------------------------------------------------------

/** Release states and follow-up visibilities a viewer sees (level 1 = logged in, 2 = secretariat). */
function visibleReleases(level: number): string {
  return level >= 2 ? `('public','internal','draft')` : level === 1 ? `('public','internal')` : `('public')`;
}
function visibleFollowUps(level: number): string {
  return level >= 1 ? `('public','internal')` : `('public')`;
}

function expectedDashboard(land: string, level: number) {
  const status = level >= 1 ? 'd.status' : 'd.public_status';
  return connection.sqlite
    .prepare(
      `select d.id as id, ${status} as status, coalesce(m.start_date, m.year || '-01-01') as meetingDate,
         (select max(f.date) from follow_ups f where f.resolution_id = r.id and (f.demand_id = d.id or f.demand_id is null)
            and f.visibility in ${visibleFollowUps(level)}) as last,
         (select max(f.date) from follow_ups f join actors a on a.id = f.actor_id
            where f.resolution_id = r.id and (f.demand_id = d.id or f.demand_id is null)
            and f.visibility in ${visibleFollowUps(level)} and a.kind = 'bund'
            and f.kind in ('response', 'report', 'legislation', 'budget')) as lastFederal,
         d.declaratory as declaratory, d.addressees as addressees,
         (select c.slug from conferences c where c.id = m.conference_id) as conference
       from demands d join resolutions r on r.id = d.resolution_id join meetings m on m.id = r.meeting_id
       where r.outcome = 'adopted' and r.release in ${visibleReleases(level)}
         and exists (select 1 from json_each(d.addressees) where value = 'bund')
         and ${status} in ('open', 'in_progress', 'partial')
         and exists (select 1 from resolution_sponsors s where s.resolution_id = r.id and s.land = ?)`,
    )
    .all(land) as Expected[];
}

interface Expected {
  id: number;
  status: 'open' | 'in_progress' | 'partial';
  meetingDate: string;
  last: string | null;
  lastFederal: string | null;
  declaratory: number;
  addressees: string;
  conference: string;
}

function expectStale(e: Expected): boolean {
  return isStale(
    { outcome: 'adopted', addressees: JSON.parse(e.addressees) as string[], declaratory: e.declaratory === 1, status: e.status, meetingDate: e.meetingDate, lastFederalReaction: e.lastFederal },
    TODAY,
  );
}

function expectedReports(level: number, from: string, until: string) {
  return connection.sqlite
    .prepare(
      `select d.id as id, coalesce(d.due_date, dm.start_date) as due from demands d
       join resolutions r on r.id = d.resolution_id left join meetings dm on dm.id = d.due_meeting_id
       where r.outcome = 'adopted' and r.release in ${visibleReleases(level)}
         and coalesce(d.due_date, dm.start_date) >= ? and coalesce(d.due_date, dm.start_date) < ?
         and not exists (select 1 from follow_ups f where f.resolution_id = r.id and (f.demand_id = d.id or f.demand_id is null)
           and f.kind in ('report', 'response') and f.visibility in ${visibleFollowUps(level)}
           and f.date >= date(coalesce(d.due_date, dm.start_date), '-1 year'))
       order by due, d.id`,
    )
    .all(from, until) as { id: number; due: string }[];
}

const LAND_VIEWER: Viewer = { userId: 2, role: 'land', land: 'BY', conferenceIds: [] };
/** A secretariat working for every conference of the fixture (so that it sees every draft). */
const SECRETARIAT_VIEWER: Viewer = {
  userId: 1,
  role: 'secretariat',
  land: null,
  get conferenceIds() {
    return connection.db.select({ id: conferences.id }).from(conferences).all().map((c) => c.id);
  },
};

// ---------------------------------------------------------------------------------------------
// App and login
// ---------------------------------------------------------------------------------------------

/** Each test of the HTTP and service suites gets a fresh database, the fixture and an app. */
function withFixture() {
  beforeEach(async () => {
    connection = freshDatabase();
    warnings = [];
    app = await buildApp({ config: testConfig(), connection });
    app.addHook('onRequest', async (request) => {
      const warn = request.log.warn.bind(request.log);
      request.log.warn = ((obj: unknown, msg?: string) => {
        warnings.push(`${msg ?? ''} ${JSON.stringify(obj)}`);
        return warn(obj as object, msg);
      }) as typeof request.log.warn;
    });
    await app.ready();
    await createUser(connection.db, TEST_ACTOR, { email: 'gs@intmk.example', name: 'Geschäftsstelle', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)], password: PASSWORD });
    await createUser(connection.db, TEST_ACTOR, { email: 'land@by.example', name: 'Land Bayern', role: 'land', land: 'BY', password: PASSWORD });
    await createUser(connection.db, TEST_ACTOR, { email: 'admin@example.org', name: 'Admin', role: 'admin', password: PASSWORD });
    seed();
  });
  afterEach(async () => {
    await app.close();
  });
}


const loginAs = (email: string) => login(app, email, PASSWORD);

/** Demand ids of the table rows of a page, in order. */
function rowIds(html: string): number[] {
  return [...html.matchAll(/<tr data-demand="(\d+)"/g)].map((m) => Number(m[1]));
}
function staleIds(html: string): number[] {
  return [...html.matchAll(/<tr data-demand="(\d+)" data-stale="true"/g)].map((m) => Number(m[1]));
}
function countCell(html: string, name: string): number {
  return Number(new RegExp(`data-count="${name}">(\\d+)<`).exec(html)![1]);
}
function sorted(values: number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------
// Services against SQL
// ---------------------------------------------------------------------------------------------

describe('dashboard service', () => {
  withFixture();

  it('lists exactly the open demands to the Bund from resolutions the Land sponsored', () => {
    for (const [viewer, level] of [[LAND_VIEWER, 1], [SECRETARIAT_VIEWER, 2]] as const) {
      for (const land of ['BY', 'BE', 'NW', 'HH'] as const) {
        const expected = expectedDashboard(land, level);
        const dashboard = landDashboard(connection.db, viewer, land, { today: TODAY });
        expect(sorted(dashboard.rows.map((r) => r.demandId))).toEqual(sorted(expected.map((e) => e.id)));
        expect(dashboard.counts.total).toBe(expected.length);
        for (const status of ['open', 'in_progress', 'partial'] as const) {
          expect(dashboard.counts.byStatus[status]).toBe(expected.filter((e) => e.status === status).length);
        }
        const expectedStale = expected.filter(expectStale);
        expect(dashboard.counts.stale).toBe(expectedStale.length);
        expect(sorted(dashboard.rows.filter((r) => r.stale).map((r) => r.demandId))).toEqual(sorted(expectedStale.map((e) => e.id)));
        for (const row of dashboard.rows) {
          const e = expected.find((x) => x.id === row.demandId)!;
          expect(row.lastFollowUp).toBe(e.last);
          expect(row.lastFederalReaction).toBe(e.lastFederal);
          expect(row.daysSilent).toBe(daysBetween(e.lastFederal ?? e.meetingDate, TODAY));
        }
      }
    }
  });

  it('has the fixture cases in the expected places', () => {
    const by = landDashboard(connection.db, LAND_VIEWER, 'BY', { today: TODAY });
    const row = (r: number, n: string) => by.rows.find((x) => x.demandId === demandId(r, n));
    expect(row(ids.r1!, '1')).toMatchObject({ status: 'open', lastFollowUp: null, daysSilent: 800, stale: true });
    expect(row(ids.r1!, '2')).toMatchObject({ status: 'in_progress', lastFollowUp: ago(367), stale: true });
    expect(row(ids.r1!, '3')).toBeUndefined(); // Länder only
    expect(row(ids.r1!, '4')).toMatchObject({ status: 'partial', stale: false });
    // an internal note 364 days ago is the last follow-up, but no reaction of the Bund: stale since the meeting
    expect(row(ids.r3!, '1')).toMatchObject({ lastFollowUp: ago(364), lastFederalReaction: null, daysSilent: 400, stale: true });
    expect(row(ids.r3!, '2')).toBeUndefined(); // implemented
    expect(row(ids.r4!, '1')).toBeUndefined(); // draft: never for a land user
    expect(row(ids.r5!, '1')).toBeUndefined(); // rejected motion
    // a Land's assessment of the whole resolution is no federal reaction; the meeting is 100 days ago
    expect(row(ids.r6!, '1')).toMatchObject({ lastFollowUp: ago(10), lastFederalReaction: null, daysSilent: 100, stale: false });
    expect(row(ids.r6!, '2')).toBeUndefined(); // EU
    expect(by.counts.byConference.map((c) => c.shortName)).toEqual(['GMK', 'IntMK']);
    // the secretariat sees the draft
    const secretariat = landDashboard(connection.db, SECRETARIAT_VIEWER, 'BY', { today: TODAY });
    expect(secretariat.rows.some((x) => x.demandId === demandId(ids.r4!, '1'))).toBe(true);
  });

  it('groups by conference and status and sorts by age or by silence', () => {
    const statusRank = { open: 0, in_progress: 1, partial: 2 };
    for (const sort of ['age', 'silence'] as const) {
      const rows = landDashboard(connection.db, SECRETARIAT_VIEWER, 'BY', { today: TODAY, sort }).rows;
      for (let i = 1; i < rows.length; i++) {
        const [a, b] = [rows[i - 1]!, rows[i]!];
        expect(a.conferenceShortName <= b.conferenceShortName).toBe(true);
        if (a.conferenceShortName !== b.conferenceShortName) continue;
        expect(statusRank[a.status] <= statusRank[b.status]).toBe(true);
        if (a.status !== b.status) continue;
        if (sort === 'age') expect(a.meetingDate <= b.meetingDate).toBe(true);
        else expect(a.daysSilent >= b.daysSilent).toBe(true);
      }
    }
    // IntMK, open: by age the 800-day-old meeting first; by silence the same (800 > 100 days)
    const silence = landDashboard(connection.db, SECRETARIAT_VIEWER, 'BY', { today: TODAY, sort: 'silence' }).rows.filter(
      (r) => r.conferenceShortName === 'IntMK' && r.status === 'open',
    );
    expect(silence.map((r) => r.daysSilent)).toEqual([...silence.map((r) => r.daysSilent)].sort((a, b) => b - a));
  });

  it('pages the list and keeps the counts over all pages', () => {
    const all = landDashboard(connection.db, SECRETARIAT_VIEWER, 'BY', { today: TODAY });
    const pages = [1, 2, 3, 4].map((page) => landDashboard(connection.db, SECRETARIAT_VIEWER, 'BY', { today: TODAY, page, pageSize: 2 }));
    expect(pages[0]!.pageCount).toBe(Math.ceil(all.counts.total / 2));
    const seen = pages.slice(0, pages[0]!.pageCount).flatMap((p) => p.rows.map((r) => r.demandId));
    expect(seen).toEqual(all.rows.map((r) => r.demandId));
    expect(pages[3]!.counts).toEqual(all.counts);
  });

  it('keeps counts and pages until the next write, separately per viewer', () => {
    const first = landDashboard(connection.db, LAND_VIEWER, 'BY', { today: TODAY });
    const again = landDashboard(connection.db, LAND_VIEWER, 'BY', { today: TODAY });
    expect(again.counts).toBe(first.counts);
    expect(again.rows).toBe(first.rows);
    const secretariat = landDashboard(connection.db, SECRETARIAT_VIEWER, 'BY', { today: TODAY });
    expect(secretariat.rows.some((x) => x.demandId === demandId(ids.r4!, '1'))).toBe(true); // the draft
    expect(first.rows.some((x) => x.demandId === demandId(ids.r4!, '1'))).toBe(false);

    const done = demandId(ids.r1!, '1');
    expect(first.rows.some((x) => x.demandId === done)).toBe(true);
    followUp(ids.r1!, '1', { date: ago(1), resultingStatus: 'implemented' });
    const after = landDashboard(connection.db, LAND_VIEWER, 'BY', { today: TODAY });
    expect(after.rows.some((x) => x.demandId === done)).toBe(false);
    expect(after.counts.total).toBe(first.counts.total - 1);
    expect(after.counts.byStatus.open).toBe(first.counts.byStatus.open - 1);
  });

  it('uses the public statuses and follow-ups for the public viewer', () => {
    const expected = expectedDashboard('BY', 0);
    const dashboard = landDashboard(connection.db, PUBLIC_VIEWER, 'BY', { today: TODAY });
    expect(sorted(dashboard.rows.map((r) => r.demandId))).toEqual(sorted(expected.map((e) => e.id)));
    expect(dashboard.rows.some((r) => r.demandId === demandId(ids.r3!, '1'))).toBe(false); // internal resolution
  });
});

describe('reporting service', () => {
  withFixture();

  it('lists exactly the unanswered overdue and soon-due requests, most overdue first', () => {
    for (const [viewer, level] of [[LAND_VIEWER, 1], [SECRETARIAT_VIEWER, 2], [PUBLIC_VIEWER, 0]] as const) {
      const data = reportingRequests(connection.db, viewer, null, TODAY);
      const overdue = expectedReports(level, '', TODAY);
      const soon = expectedReports(level, TODAY, addDays(TODAY, 91));
      expect(data.overdue.rows.map((r) => r.demandId)).toEqual(overdue.map((e) => e.id));
      expect(data.overdue.total).toBe(overdue.length);
      expect(data.dueSoon.rows.map((r) => r.demandId)).toEqual(soon.map((e) => e.id));
      expect(data.dueSoon.total).toBe(soon.length);
      for (const row of data.overdue.rows) expect(row.daysOverdue).toBe(daysBetween(row.dueDate, TODAY));
    }
  });

  it('has the fixture cases in the expected places', () => {
    const data = reportingRequests(connection.db, LAND_VIEWER, null, TODAY);
    const overdue = data.overdue.rows.map((r) => r.demandId);
    const soon = data.dueSoon.rows.map((r) => r.demandId);
    expect(overdue).toEqual([demandId(ids.r1!, '1'), demandId(ids.r1!, '5'), demandId(ids.r2!, '1')]); // 30, 20, 5 days
    expect(data.overdue.rows.map((r) => r.daysOverdue)).toEqual([30, 20, 5]);
    expect(soon).toEqual([demandId(ids.r1!, '2'), demandId(ids.r6!, '1')]); // in 10 days; at the meeting in 20 days
    expect(data.dueSoon.rows[1]!.dueDate).toBe(addDays(TODAY, 20));
    // answered by an internal report: internal follow-ups count for logged-in users
    expect(overdue).not.toContain(demandId(ids.r3!, '3'));
    expect(overdue).not.toContain(demandId(ids.r4!, '1')); // draft
    expect(overdue).not.toContain(demandId(ids.r5!, '1')); // rejected
    const secretariat = reportingRequests(connection.db, SECRETARIAT_VIEWER, null, TODAY);
    expect(secretariat.overdue.rows.map((r) => r.demandId)).toContain(demandId(ids.r4!, '1'));
  });

  it('filters by conference and caps the list', () => {
    const gmk = connection.sqlite.prepare(`select id from conferences where slug = 'gmk'`).get() as { id: number };
    const data = reportingRequests(connection.db, SECRETARIAT_VIEWER, gmk.id, TODAY);
    expect(data.overdue.total).toBe(0);
    expect(data.dueSoon.total).toBe(0);
    const capped = reportingRequests(connection.db, LAND_VIEWER, null, TODAY, 1);
    expect(capped.overdue.rows).toHaveLength(1);
    expect(capped.overdue.total).toBe(3);
  });
});

// ---------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------

describe('GET /dashboard', () => {
  withFixture();

  it('shows a land user the open demands of their own Land, with counts, links and stale flags', async () => {
    const cookies = await loginAs('land@by.example');
    const response = await app.inject({ url: '/dashboard', cookies });
    expect(response.statusCode).toBe(200);
    const html = response.body;
    const expected = expectedDashboard('BY', 1);
    expect(sorted(rowIds(html))).toEqual(sorted(expected.map((e) => e.id)));
    expect(countCell(html, 'total')).toBe(expected.length);
    expect(countCell(html, 'open')).toBe(expected.filter((e) => e.status === 'open').length);
    expect(countCell(html, 'in_progress')).toBe(expected.filter((e) => e.status === 'in_progress').length);
    expect(countCell(html, 'partial')).toBe(expected.filter((e) => e.status === 'partial').length);
    const stale = expected.filter(expectStale).map((e) => e.id);
    expect(countCell(html, 'stale')).toBe(stale.length);
    expect(sorted(staleIds(html))).toEqual(sorted(stale));
    expect(html).toContain('seit über 12 Monaten ohne Reaktion');
    expect(html).toContain('href="/intmk/20/top/1#ziffer-1"');
    expect(html).toContain('Land: Bayern');
    expect(html).not.toContain('name="land"'); // no choice of Land for a land user
    expect(html).toContain('>keine<'); // no follow-up yet
    // accessible markup: captions, scopes, a labelled filter form, no inline script or style
    expect(html).toContain('<caption');
    expect(html).toContain('scope="col"');
    expect(html).toContain('scope="row"');
    expect(html).toMatch(/<form[^>]*aria-label="Land, Filter und Sortierung wählen"/);
    expect(html).toContain('<label for="dashboard-sortierung">');
    expect(html).not.toMatch(/<script|style=|<style/);
    // the draft's title never appears
    expect(html).not.toContain('Titel IntMK 21 TOP 1');
  });

  it('names what it counts with the words of the statuses: "nicht abgeschlossen" for offen, in Bearbeitung and teilweise umgesetzt together, "offen" only for the status', async () => {
    const cookies = await loginAs('land@by.example');
    const html = (await app.inject({ url: '/dashboard', cookies })).body;
    const expected = expectedDashboard('BY', 1);
    const conferences = [...new Set(expected.map((e) => e.conference))];
    expect(conferences.length).toBeGreaterThan(0);
    for (const slug of conferences) {
      const count = expected.filter((e) => e.conference === slug).length;
      const heading = new RegExp(`<h2 id="dashboard-${slug}">[^<]+<span class="muted">\\(([^)]+)\\)</span></h2>`).exec(html);
      expect(heading, slug).not.toBeNull();
      expect(heading![1]).toBe(count === 1 ? '1 nicht abgeschlossene Ziffer' : `${count} nicht abgeschlossene Ziffern`);
    }
    // a group with more than the status "offen" in it: its count is not the number of "offen" Ziffern
    expect(expected.some((e) => e.status !== 'open')).toBe(true);
    expect(html).toContain('<h1>Länder-Übersicht: nicht abgeschlossene Forderungen an den Bund</h1>');
    expect(html).toContain('Nicht abgeschlossene Forderungen an den Bund – Bayern');
    // "offen" in a count or heading would read as the status of that name
    expect(html).not.toMatch(/offene (Ziffer|Forderung)|Offene Forderung|offenen Forderung/);
  });

  it('downloads the beginning of a long Ziffer ended at a word with "…", a short one whole (CSV and JSON)', async () => {
    const long = `Die Konferenz bittet den Bund, ${'die Förderprogramme für die Länder verlässlich und überjährig auszugestalten, '.repeat(5)}und zwar bald.`;
    const short = 'Die Konferenz bittet den Bund um einen Bericht.';
    store(resolution('IntMK', INTMK_20, '7', ['BY'], [{ ...demand('1', ['bund']), text: long }, { ...demand('2', ['bund']), text: short }]), 'public');
    const cookies = await loginAs('land@by.example');
    const rows = (await app.inject({ url: '/dashboard.json', cookies })).json().rows as { agendaItem: string; demand: string; text: string }[];
    const mine = rows.filter((row) => row.agendaItem === '7');
    const longText = mine.find((row) => row.demand === '1')!.text;
    expect(longText.endsWith(' …')).toBe(true);
    const start = longText.slice(0, -2);
    expect(start.length).toBeLessThanOrEqual(240);
    expect(long.startsWith(start)).toBe(true);
    // ended at a word: the next character of the Ziffer is a space or a punctuation mark that was left off
    expect(long.slice(start.length)).toMatch(/^[\s,;:.]/);
    expect(mine.find((row) => row.demand === '2')!.text).toBe(short);
    const csv = (await app.inject({ url: '/dashboard.csv', cookies })).body;
    expect(csv).toContain(`;${longText};`);
    expect(csv).toContain(`;${short};`);
  });

  it('accepts the own Land as parameter and refuses another Land with 403 and a warning', async () => {
    const cookies = await loginAs('land@by.example');
    expect((await app.inject({ url: '/dashboard?land=BY', cookies })).statusCode).toBe(200);
    expect((await app.inject({ url: '/dashboard?land=by', cookies })).statusCode).toBe(200);
    const other = await app.inject({ url: '/dashboard?land=BE', cookies });
    expect(other.statusCode).toBe(403);
    expect(other.body).toContain('Berechtigung');
    expect(warnings.some((w) => w.includes('dashboard of another Land requested') && w.includes('"requested":"BE"'))).toBe(true);
    expect((await app.inject({ url: '/dashboard?land=XX', cookies })).statusCode).toBe(403);
  });

  it('filters by conference and status: the list, the counts, the downloads and the page links follow; an unknown value is named and ignored', async () => {
    const cookies = await loginAs('land@by.example');
    const expected = expectedDashboard('BY', 1);
    const conferencesOf = [...new Set(expected.map((e) => e.conference))];
    expect(conferencesOf.length).toBeGreaterThan(1); // the fixture has demands of BY in several conferences
    for (const conference of conferencesOf) {
      const page = await app.inject({ url: `/dashboard?konferenz=${conference}`, cookies });
      expect(page.statusCode).toBe(200);
      const mine = expected.filter((e) => e.conference === conference);
      expect(sorted(rowIds(page.body))).toEqual(sorted(mine.map((e) => e.id)));
      expect(countCell(page.body, 'total')).toBe(mine.length);
      expect(page.body).toContain(`<option value="${conference}" selected>`);
      expect(page.body).toContain('Gefiltert: Die Zahlen und die Liste zeigen nur die gewählte Konferenz');
      expect(page.body.replaceAll('&#x3D;', '=')).toContain(`href="/dashboard.csv?konferenz=${conference}"`);
      const csv = (await app.inject({ url: `/dashboard.csv?konferenz=${conference}`, cookies })).body;
      expect(csv.replace(/^\uFEFF/, '').trim().split('\r\n')).toHaveLength(mine.length + 1);
    }
    const status = expected[0]!.status;
    const conference = expected[0]!.conference;
    const both = await app.inject({ url: `/dashboard?konferenz=${conference}&umsetzung=${status}`, cookies });
    const wanted = expected.filter((e) => e.conference === conference && e.status === status);
    expect(sorted(rowIds(both.body))).toEqual(sorted(wanted.map((e) => e.id)));
    expect(countCell(both.body, status)).toBe(wanted.length);
    expect(both.body).toContain(`<option value="${status}" selected>`);
    expect(both.body.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&')).toContain(`href="/dashboard.json?konferenz=${conference}&umsetzung=${status}"`);
    const json = (await app.inject({ url: `/dashboard.json?konferenz=${conference}&umsetzung=${status}`, cookies })).json();
    expect(json).toMatchObject({ conference, status, total: wanted.length });
    // paging keeps the filter
    const paged = landDashboard(connection.db, LAND_VIEWER, 'BY', { today: TODAY, pageSize: 1, filter: { conference, status: null } });
    expect(paged.rows.map((r) => r.conferenceSlug)).toEqual([conference]);
    // unknown values: a German notice, all open demands; a download is refused
    const unknown = await app.inject({ url: '/dashboard?konferenz=xyzmk&umsetzung=implemented', cookies });
    expect(unknown.statusCode).toBe(200);
    expect(unknown.body).toContain('Eine Konferenz „xyzmk“ gibt es nicht; es werden alle Konferenzen gezeigt.');
    expect(unknown.body).toContain('Den Umsetzungsstand „implemented“ gibt es in dieser Übersicht nicht');
    expect(sorted(rowIds(unknown.body))).toEqual(sorted(expected.map((e) => e.id)));
    const refused = await app.inject({ url: '/dashboard.csv?konferenz=xyzmk', cookies });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toBe('Eine Konferenz „xyzmk“ gibt es nicht. Es wurde keine Datei erstellt.');
    // a filter that leaves nothing says so
    const none = conferencesOf.flatMap((c) => (['open', 'in_progress', 'partial'] as const).map((st) => [c, st] as const)).find(([c, st]) => !expected.some((e) => e.conference === c && e.status === st));
    expect(none).toBeDefined();
    const empty = await app.inject({ url: `/dashboard?konferenz=${none![0]}&umsetzung=${none![1]}`, cookies });
    expect(rowIds(empty.body)).toEqual([]);
    expect(empty.body).toContain('Für Bayern gibt es in dieser Auswahl keine Forderungen an den Bund, die noch nicht abgeschlossen sind.');
  });

  it('lets the secretariat choose a Land and shows drafts to it', async () => {
    const cookies = await loginAs('gs@intmk.example');
    const none = await app.inject({ url: '/dashboard', cookies });
    expect(none.statusCode).toBe(200);
    expect(none.body).toContain('Bitte wählen Sie ein Land aus.');
    expect(rowIds(none.body)).toEqual([]);
    expect(none.body).toContain('<label for="dashboard-land">');
    expect((none.body.match(/<option value="[A-Z]{2}"/g) ?? []).length).toBe(16);
    for (const land of ['BY', 'BE', 'NW', 'SL']) {
      const response = await app.inject({ url: `/dashboard?land=${land}`, cookies });
      expect(response.statusCode).toBe(200);
      expect(sorted(rowIds(response.body))).toEqual(sorted(expectedDashboard(land, 2).map((e) => e.id)));
    }
    const by = await app.inject({ url: '/dashboard?land=BY&sortierung=stille', cookies });
    expect(by.body).toContain('Titel IntMK 21 TOP 1'); // the draft
    expect(by.body).toContain('<option value="stille" selected>');
    expect(by.body).toContain('<option value="BY" selected>');
    expect((await app.inject({ url: '/dashboard?land=SL', cookies })).body).toContain('Für Saarland gibt es keine Forderungen an den Bund, die noch nicht abgeschlossen sind.');
  });

  it('answers bad parameters with a German message, never an error', async () => {
    const cookies = await loginAs('gs@intmk.example');
    const bad = await app.inject({ url: '/dashboard?land=XX', cookies });
    expect(bad.statusCode).toBe(200);
    expect(bad.body).toContain('„XX“ ist kein Land.');
    expect(rowIds(bad.body)).toEqual([]);
    const script = await app.inject({ url: `/dashboard?land=${encodeURIComponent('<script>alert(1)</script>')}`, cookies });
    expect(script.statusCode).toBe(200);
    expect(script.body).not.toContain('<script>alert(1)');
    expect(script.body).toContain('&lt;script&gt;');
    const sort = await app.inject({ url: '/dashboard?land=BY&sortierung=foo&seite=abc&unbekannt=1', cookies });
    expect(sort.statusCode).toBe(200);
    expect(sort.body).toContain('Die Sortierung „foo“ gibt es nicht');
    expect(sort.body).toContain('„abc“ ist keine Seitenzahl; angezeigt wird Seite 1.');
    expect(sorted(rowIds(sort.body))).toEqual(sorted(expectedDashboard('BY', 2).map((e) => e.id)));
    // malformed query strings: a German error page at worst, never a server error
    for (const url of [`/dashboard?land=${'X'.repeat(600)}`, '/dashboard?land=BY&land=BE', '/berichtsauftraege?konferenz=a&konferenz=b']) {
      const response = await app.inject({ url, cookies });
      expect(response.statusCode).toBeLessThan(500);
      expect(response.body).toContain('lang="de"');
    }
    const farPage = await app.inject({ url: '/dashboard?land=BY&seite=999999', cookies });
    expect(farPage.statusCode).toBe(200);
    expect(rowIds(farPage.body).length).toBeGreaterThan(0);
    expect(farPage.body).toContain('Seite 999999 gibt es nicht; angezeigt wird die letzte Seite (1).');
    const plain = await app.inject({ url: '/dashboard?land=BY&seite=1', cookies });
    expect(plain.body).not.toContain('message-warning');
  });

  it('sends anonymous visitors to the login and refuses other roles', async () => {
    const anonymous = await app.inject('/dashboard');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/anmelden?weiter=%2Fdashboard');
    const admin = await loginAs('admin@example.org');
    expect((await app.inject({ url: '/dashboard', cookies: admin })).statusCode).toBe(403);
  });
});

describe('GET /berichtsauftraege', () => {
  withFixture();

  it('lists overdue and soon-due requests for a land user, most overdue first', async () => {
    const cookies = await loginAs('land@by.example');
    const response = await app.inject({ url: '/berichtsauftraege', cookies });
    expect(response.statusCode).toBe(200);
    const html = response.body;
    const overdue = expectedReports(1, '', TODAY).map((e) => e.id);
    const soon = expectedReports(1, TODAY, addDays(TODAY, 91)).map((e) => e.id);
    expect(rowIds(html)).toEqual([...overdue, ...soon]);
    expect(html).toContain(`(${overdue.length} Berichtsaufträge)`);
    // the resolution by its TOP and its visible title, linked, as the other lists show it
    expect(html).toContain('<a href="/intmk/20/top/1#ziffer-1">TOP 1: Titel IntMK 20 TOP 1</a>');
    expect(html).toContain('<th scope="col">TOP und Titel</th>');
    expect(html).toContain('<td>30</td>');
    expect(html).not.toContain('Titel IntMK 21 TOP 1'); // draft
    expect(html).toMatch(/<form[^>]*aria-label="Berichtsaufträge filtern"/);
    expect(html).toContain('<caption>');
    expect(html).not.toMatch(/<script|style=|<style/);
  });

  it('filters by conference and ignores an unknown one with a German message', async () => {
    const cookies = await loginAs('gs@intmk.example');
    const gmk = await app.inject({ url: '/berichtsauftraege?konferenz=gmk', cookies });
    expect(gmk.statusCode).toBe(200);
    expect(rowIds(gmk.body)).toEqual([]);
    expect(gmk.body).toContain('<option value="gmk" selected>');
    const intmk = await app.inject({ url: '/berichtsauftraege?konferenz=intmk', cookies });
    expect(rowIds(intmk.body)).toEqual([...expectedReports(2, '', TODAY), ...expectedReports(2, TODAY, addDays(TODAY, 91))].map((e) => e.id));
    const bad = await app.inject({ url: `/berichtsauftraege?konferenz=${encodeURIComponent('<script>')}`, cookies });
    expect(bad.statusCode).toBe(200);
    expect(bad.body).toContain('Eine Konferenz „&lt;script&gt;“ gibt es nicht');
    expect(bad.body).not.toContain('<script>');
    expect(rowIds(bad.body).length).toBe(expectedReports(2, '', TODAY).length + expectedReports(2, TODAY, addDays(TODAY, 91)).length);
  });

  it('is for logged-in users only', async () => {
    const anonymous = await app.inject('/berichtsauftraege?konferenz=intmk');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/anmelden?weiter=%2Fberichtsauftraege%3Fkonferenz%3Dintmk');
    const admin = await loginAs('admin@example.org');
    expect((await app.inject({ url: '/berichtsauftraege', cookies: admin })).statusCode).toBe(200);
  });
});

describe('excerpt', () => {
  it('keeps short texts and cuts long ones at a word', () => {
    expect(excerpt('Kurz und  gut.')).toBe('Kurz und gut.');
    const long = excerpt('Wort '.repeat(100));
    expect(long.length).toBeLessThanOrEqual(202);
    expect(long.endsWith(' …')).toBe(true);
  });

  it('ends a text already cut (goesOn) at its last whole word with "…", even when it is short', () => {
    expect(excerpt('Die Konferenz bittet den Bu', 240, true)).toBe('Die Konferenz bittet den …');
    expect(excerpt('Die Konferenz bittet den Bund.', 240)).toBe('Die Konferenz bittet den Bund.');
  });
});
