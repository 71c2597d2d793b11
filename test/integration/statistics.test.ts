/**
 * Every number of the report pages against a direct SQL count on the demo archive plus targeted
 * follow-ups: per meeting, year, Land and addressee; time to the first federal response (median,
 * histogram, without response); the oldest open demands; the overview; "as of" a date and a
 * range of years. Internal data never changes a public figure; bad query values get 400 and a
 * German message.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type Connection } from '../../db/connection.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { buildTestApp, loginAs, TEST_ACTOR } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { recordFollowUp, type FollowUpInput } from '../../src/services/followups.js';
import { LAND_CODES, landName } from '../../src/domain/laender.js';
import { RESPONSE_BUCKETS, type ResponseBucket } from '../../src/domain/response-time.js';
import { translate } from '../../src/i18n.js';
import { todayIso } from '../../src/domain/dates.js';
import { ADDRESSEES, DEMAND_STATUSES, type DemandStatus } from '../../src/domain/vocabulary.js';

const dir = mkdtempSync(path.join(tmpdir(), 'bm-stats-'));
let app: FastifyInstance;
let connection: Connection;
let cookies: Record<string, string>;
const PASSWORD = 'ein langes sicheres Passwort';

beforeAll(async () => {
  // Loading the demo archive blocks the event loop for a while; without the overload check the
  // first requests are not refused with 503 on a busy machine.
  ({ app, connection } = await buildTestApp({ loadDemo: true, maxEventLoopDelayMs: 0 }, openDatabase(path.join(dir, 'demo.db'), MIGRATIONS_DIR)));
  await createUser(connection.db, TEST_ACTOR, { email: 'ref@be.example', name: 'Berlin', role: 'land', land: 'BE', password: PASSWORD });
  cookies = await loginAs(app, 'ref@be.example', PASSWORD);
}, 120_000); // loading the demo archive takes a while on a busy machine
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Expected figures, straight from SQL
// ---------------------------------------------------------------------------------------------

interface Scope {
  loggedIn?: boolean;
  from?: number;
  to?: number;
  asOf?: string;
  /** null: all conferences. */
  slug?: string | null;
  /** Every resolution, not only adopted ones (the implementation report lists them all). */
  anyOutcome?: boolean;
}

const FEDERAL_KINDS = "('response','report','legislation','budget')";

/** The demands in scope with the status the viewer sees: stored, or recomputed as of a date. */
function scopeSql(scope: Scope): { sql: string; params: Record<string, unknown> } {
  const releases = scope.loggedIn ? "('public','internal')" : "('public')";
  const visibilities = scope.loggedIn ? "('public','internal')" : "('public')";
  const status = scope.asOf
    ? `coalesce((select f.resulting_status from follow_ups f
         where f.resolution_id = d.resolution_id and (f.demand_id = d.id or f.demand_id is null)
           and f.resulting_status is not null and f.visibility in ${visibilities} and f.date <= @until
         order by f.date desc, f.id desc limit 1), 'open')`
    : scope.loggedIn
      ? 'd.status'
      : 'd.public_status';
  return {
    sql: `with scope as (
      select d.id, d.resolution_id as rid, d.addressees, d.position, d.number, m.id as mid, m.url_key, m.year,
             coalesce(m.start_date, m.year || '-01-01') as mdate, r.agenda_item, r.sort_key, c.short_name as conference,
             ${status} as status,
             (select min(f.date) from follow_ups f join actors a on a.id = f.actor_id
               where f.resolution_id = d.resolution_id and (f.demand_id = d.id or f.demand_id is null)
                 and a.kind = 'bund' and f.kind in ${FEDERAL_KINDS} and f.visibility in ${visibilities}
                 and f.date <= @until) as first,
             exists (select 1 from json_each(d.addressees) where value = 'bund') as to_bund
        from demands d join resolutions r on r.id = d.resolution_id join meetings m on m.id = r.meeting_id
        join conferences c on c.id = m.conference_id
       where (@slug is null or c.slug = @slug) and (r.outcome = 'adopted' or @anyOutcome) and r.release in ${releases}
         and m.year between @from and @to and coalesce(m.start_date, m.year || '-01-01') <= @until)`,
    params: { slug: scope.slug === undefined ? 'intmk' : scope.slug, anyOutcome: scope.anyOutcome ? 1 : 0, from: scope.from ?? 0, to: scope.to ?? 9999, until: scope.asOf ?? '9999-12-31' },
  };
}

type Counts = Record<DemandStatus, number>;

function grouped(scope: Scope, select: string): Map<string, Counts> {
  const { sql, params } = scopeSql(scope);
  const rows = connection.sqlite.prepare(`${sql} ${select}`).all(params) as { k: string | number; status: DemandStatus; n: number }[];
  const result = new Map<string, Counts>();
  for (const row of rows) {
    const counts = result.get(String(row.k)) ?? (Object.fromEntries(DEMAND_STATUSES.map((s) => [s, 0])) as Counts);
    counts[row.status] += row.n;
    result.set(String(row.k), counts);
  }
  return result;
}

const sqlTotals = (scope: Scope) => grouped(scope, `select 'all' as k, status, count(*) as n from scope group by status`).get('all');
const sqlByMeeting = (scope: Scope) => grouped(scope, 'select url_key as k, status, count(*) as n from scope group by 1, 2');
const sqlByYear = (scope: Scope) => grouped(scope, 'select year as k, status, count(*) as n from scope group by 1, 2');
const sqlByConference = (scope: Scope) => grouped({ ...scope, slug: null }, 'select conference as k, status, count(*) as n from scope group by 1, 2');
const sqlByLand = (scope: Scope) =>
  grouped(scope, 'select s.land as k, status, count(*) as n from scope join resolution_sponsors s on s.resolution_id = scope.rid group by 1, 2');
const sqlByAddressee = (scope: Scope) =>
  grouped(
    scope,
    `select j.value as k, status, count(*) as n from scope, json_each(scope.addressees) j group by 1, 2
     union all select '' as k, status, count(*) as n from scope where json_array_length(addressees) = 0 group by 2`,
  );

function sqlResponse(scope: Scope) {
  const { sql, params } = scopeSql(scope);
  const bucket = `case when first is null then 'none'
      when first <= date(mdate, '+3 months') then 'months3' when first <= date(mdate, '+6 months') then 'months6'
      when first <= date(mdate, '+12 months') then 'months12' when first <= date(mdate, '+24 months') then 'years2'
      else 'over2Years' end`;
  const histogram = Object.fromEntries(
    (connection.sqlite.prepare(`${sql} select ${bucket} as b, count(*) as n from scope where to_bund group by 1`).all(params) as { b: string; n: number }[]).map(
      (row) => [row.b, row.n],
    ),
  );
  const median = connection.sqlite
    .prepare(
      `${sql}, days as (select max(0, julianday(first) - julianday(mdate)) as v from scope where to_bund and first is not null)
       select avg(v) from (select v from days order by v limit 2 - (select count(*) from days) % 2 offset ((select count(*) from days) - 1) / 2)`,
    )
    .pluck()
    .get(params) as number | null;
  const oldest = connection.sqlite
    .prepare(
      `${sql} select '/intmk/' || url_key || '/top/' || agenda_item || '#' || coalesce('ziffer-' || number, 'beschluss') as href
         from scope where to_bund and status = 'open' order by mdate, mid, sort_key, position limit 10`,
    )
    .pluck()
    .all(params) as string[];
  return {
    histogram: Object.fromEntries(RESPONSE_BUCKETS.map((b) => [b, histogram[b] ?? 0])) as Record<ResponseBucket, number>,
    median,
    oldest,
  };
}

// ---------------------------------------------------------------------------------------------
// Reading the page
// ---------------------------------------------------------------------------------------------

function section(html: string, id: string): string {
  const start = html.indexOf(`<section aria-labelledby="${id}">`);
  expect(start, `section ${id}`).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</section>', start));
}

const text = (fragment: string) => fragment.replace(/<[^>]+>/g, '').trim();
/** An attribute value as the browser reads it (Handlebars writes `=` as `&#x3D;`). */
const attribute = (value: string) => value.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

/** Status rows of a status table: label (and link) → counts. */
function statusTable(fragment: string, part: 'tbody' | 'tfoot' = 'tbody'): Map<string, Counts & { href: string | null; total: number }> {
  const body = new RegExp(`<${part}>([\\s\\S]*?)</${part}>`).exec(fragment)![1]!;
  const rows = new Map<string, Counts & { href: string | null; total: number }>();
  for (const row of body.matchAll(/<tr>\s*<th scope="row">([\s\S]*?)<\/th>([\s\S]*?)<\/tr>/g)) {
    const cells = [...row[2]!.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => Number(m[1]));
    const counts = Object.fromEntries(DEMAND_STATUSES.map((s, i) => [s, cells[i]])) as Counts;
    rows.set(text(row[1]!), { ...counts, total: cells[6]!, href: attribute(/href="([^"]+)"/.exec(row[1]!)?.[1] ?? '') || null });
  }
  return rows;
}

function countsOnly(row: (Counts & { href: string | null; total: number }) | undefined): Counts | undefined {
  return row && (Object.fromEntries(DEMAND_STATUSES.map((s) => [s, row[s]])) as Counts);
}

async function page(url: string, loggedIn = false) {
  const response = await app.inject({ url, cookies: loggedIn ? cookies : {} });
  return response;
}

/** All figures of a conference statistics page, with the SQL expectations, compared. */
async function expectPageMatchesSql(url: string, scope: Scope) {
  const response = await page(url, scope.loggedIn);
  expect(response.statusCode).toBe(200);
  const html = response.body;

  const meetingSection = section(html, 'nach-sitzung');
  const meetingRows = statusTable(meetingSection);
  const expectedMeetings = sqlByMeeting(scope);
  expect(meetingRows.size).toBe(expectedMeetings.size);
  for (const row of meetingRows.values()) {
    const urlKey = /^\/intmk\/([^/?]+)/.exec(row.href!)![1]!;
    expect(countsOnly(row), `meeting ${urlKey}`).toEqual(expectedMeetings.get(urlKey));
  }
  expect(countsOnly(statusTable(meetingSection, 'tfoot').values().next().value)).toEqual(sqlTotals(scope));

  const yearRows = statusTable(section(html, 'nach-jahr'));
  const expectedYears = sqlByYear(scope);
  expect([...yearRows.keys()]).toEqual([...expectedYears.keys()].sort());
  for (const [year, row] of yearRows) expect(countsOnly(row), `year ${year}`).toEqual(expectedYears.get(year));

  const landRows = statusTable(section(html, 'nach-land'));
  const expectedLaender = sqlByLand(scope);
  expect(landRows.size).toBe(16);
  for (const code of LAND_CODES) {
    const expected = expectedLaender.get(code) ?? Object.fromEntries(DEMAND_STATUSES.map((s) => [s, 0]));
    expect(countsOnly(landRows.get(landName(code))), `Land ${code}`).toEqual(expected);
  }

  const addresseeRows = statusTable(section(html, 'nach-adressat'));
  const expectedAddressees = sqlByAddressee(scope);
  for (const code of [...ADDRESSEES, '']) {
    const label = code === '' ? translate('statistics.noAddressee') : translate(`addressee.${code}`);
    const expected = expectedAddressees.get(code) ?? Object.fromEntries(DEMAND_STATUSES.map((s) => [s, 0]));
    expect(countsOnly(addresseeRows.get(label)), `addressee ${code || '(none)'}`).toEqual(expected);
  }

  const response7 = sqlResponse(scope);
  const responseSection = section(html, 'antwortzeit');
  const histogram = Object.fromEntries(
    [...responseSection.matchAll(/<tr><th scope="row">([^<]+)<\/th><td>(\d+)<\/td>/g)].map((m) => [m[1], Number(m[2])]),
  );
  for (const bucket of RESPONSE_BUCKETS) {
    expect(histogram[translate(`statistics.response.buckets.${bucket}`)], `bucket ${bucket}`).toBe(response7.histogram[bucket]);
  }
  const withoutResponse = response7.histogram.none;
  const toBund = Object.values(response7.histogram).reduce((n, v) => n + v, 0);
  expect(responseSection).toContain(
    translate('statistics.response.summary', { demands: toBund, responded: toBund - withoutResponse, without: withoutResponse }),
  );
  if (response7.median === null) expect(responseSection).toContain(translate('statistics.response.noMedian'));
  else expect(responseSection).toContain(`${response7.median.toLocaleString('de-DE', { maximumFractionDigits: 1 })} Tage`);
  // the histogram's SVG shows the same counts as the table
  const svgValues = [...responseSection.matchAll(/class="chart-value">(\d+)</g)].map((m) => Number(m[1]));
  expect(svgValues).toEqual(RESPONSE_BUCKETS.map((b) => response7.histogram[b]));

  const oldest = [...section(html, 'aelteste-offene').matchAll(/<th scope="row"><a href="([^"]+)"/g)].map((m) =>
    attribute(m[1]!).replace(/\?stand=[^#]*/, ''),
  );
  expect(oldest).toEqual(response7.oldest);
  return html;
}

// ---------------------------------------------------------------------------------------------
// Targeted follow-ups
// ---------------------------------------------------------------------------------------------

function firstBundDemandWithoutFederalResponse(offset = 0) {
  return connection.sqlite
    .prepare(
      `select d.id as demandId, d.resolution_id as resolutionId, m.start_date as meetingDate from demands d
         join resolutions r on r.id = d.resolution_id join meetings m on m.id = r.meeting_id
         join conferences c on c.id = m.conference_id
        where c.slug = 'intmk' and r.outcome = 'adopted' and r.release = 'public' and d.public_status = 'open'
          and exists (select 1 from json_each(d.addressees) where value = 'bund')
          and not exists (select 1 from follow_ups f where f.resolution_id = r.id)
        order by d.id limit 1 offset ?`,
    )
    .get(offset) as { demandId: number; resolutionId: number; meetingDate: string };
}

function followUp(input: Partial<FollowUpInput> & Pick<FollowUpInput, 'resolutionId' | 'demandId' | 'date'>) {
  return recordFollowUp(connection.db, TEST_ACTOR, {
    actor: 'BMI',
    kind: 'response',
    summary: 'Stellungnahme (Test)',
    link: null,
    resultingStatus: null,
    visibility: 'public',
    ...input,
  });
}

// ---------------------------------------------------------------------------------------------

describe('conference statistics page', () => {
  it('uses demo meetings whose start day exists in every month (the SQL buckets use SQLite month arithmetic)', () => {
    const days = connection.sqlite.prepare(`select cast(substr(m.start_date, 9, 2) as integer) from meetings m join conferences c on c.id = m.conference_id where c.slug = 'intmk'`).pluck().all() as number[];
    expect(Math.max(...days)).toBeLessThanOrEqual(28);
  });

  it('shows every figure as SQL counts it, for the public and for logged-in users', async () => {
    const html = await expectPageMatchesSql('/intmk/statistik', {});
    expect(html).toContain('role="img"');
    expect((html.match(/<svg viewBox=/g) ?? []).length).toBe(3);
    expect(html).toMatch(/<title id="umsetzung-titel">/);
    expect(html).toMatch(/<desc id="antwortzeit-diagramm-beschreibung">/);
    await expectPageMatchesSql('/intmk/statistik', { loggedIn: true });
    // the logged-in figures include the internal 20. IntMK 2025
    expect(sqlByMeeting({ loggedIn: true }).has('20')).toBe(true);
    expect(sqlByMeeting({}).has('20')).toBe(false);
  });

  it('follows a new federal response at once (no stale memo): histogram, median, without response, oldest open', async () => {
    const target = firstBundDemandWithoutFederalResponse();
    const before = sqlResponse({});
    followUp({ resolutionId: target.resolutionId, demandId: target.demandId, date: target.meetingDate.replace(/^(\d{4})/, (y) => String(Number(y) + 1)), resultingStatus: 'in_progress' });
    const after = sqlResponse({});
    expect(after.histogram.none).toBe(before.histogram.none - 1);
    await expectPageMatchesSql('/intmk/statistik', {});
  });

  it('counts a response on the whole resolution for each of its demands; non-federal actors do not count', async () => {
    const target = firstBundDemandWithoutFederalResponse();
    followUp({ resolutionId: target.resolutionId, demandId: null, date: target.meetingDate, actor: 'BMAS', kind: 'report' });
    const other = firstBundDemandWithoutFederalResponse();
    followUp({ resolutionId: other.resolutionId, demandId: other.demandId, date: other.meetingDate, actor: 'GS', kind: 'report' });
    followUp({ resolutionId: other.resolutionId, demandId: other.demandId, date: other.meetingDate, actor: 'BMI', kind: 'note' });
    followUp({ resolutionId: other.resolutionId, demandId: other.demandId, date: other.meetingDate, actor: 'BE', kind: 'assessment', resultingStatus: 'partial' });
    const html = await expectPageMatchesSql('/intmk/statistik', {});
    expect(html).toBeTruthy();
    expect(sqlResponse({}).histogram.none).toBeGreaterThan(0);
  });

  it('never lets internal follow-ups or internal resolutions change a public figure', async () => {
    const publicBefore = (await page('/intmk/statistik')).body;
    const internalBefore = (await page('/intmk/statistik', true)).body;
    const target = firstBundDemandWithoutFederalResponse();
    followUp({ resolutionId: target.resolutionId, demandId: target.demandId, date: target.meetingDate, visibility: 'internal', resultingStatus: 'rejected' });
    const wide = connection.sqlite
      .prepare(`select r.id from resolutions r join meetings m on m.id = r.meeting_id where m.url_key = '12' and r.agenda_item = '2.12'`)
      .pluck()
      .get() as number;
    followUp({ resolutionId: wide, demandId: null, date: '2020-01-15', actor: 'GS', kind: 'note', summary: 'Interne Einschätzung', visibility: 'internal', resultingStatus: 'rejected' });

    const publicAfter = (await page('/intmk/statistik')).body;
    const internalAfter = (await page('/intmk/statistik', true)).body;
    expect(publicAfter).toBe(publicBefore);
    expect(internalAfter).not.toBe(internalBefore);
    await expectPageMatchesSql('/intmk/statistik', {});
    await expectPageMatchesSql('/intmk/statistik', { loggedIn: true });
    for (const url of ['/statistik', '/intmk/statistik?stand=2021-01-01', '/intmk/12/umsetzungsbericht', '/intmk/12/umsetzungsbericht.csv']) {
      expect((await page(url)).body).not.toContain('Interne Einschätzung');
    }
  });

  it('limits every figure to a range of meeting years', async () => {
    const html = await expectPageMatchesSql('/intmk/statistik?von=2016&bis=2019', { from: 2016, to: 2019 });
    expect([...statusTable(section(html, 'nach-jahr')).keys()]).toEqual(['2017', '2019']);
    await expectPageMatchesSql('/intmk/statistik?von=2019', { from: 2019 });
    await expectPageMatchesSql('/intmk/statistik?bis=2017', { to: 2017, loggedIn: true });
    const empty = await page('/intmk/statistik?von=1990&bis=1991');
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain(translate('statistics.noDemands'));
  });

  it('recomputes statuses and responses as of a date: later meetings and follow-ups do not count', async () => {
    const target = firstBundDemandWithoutFederalResponse();
    followUp({ resolutionId: target.resolutionId, demandId: target.demandId, date: '2024-06-01', resultingStatus: 'implemented' });
    for (const asOf of ['2016-01-01', '2018-06-30', '2020-12-31', '2024-05-31', '2024-06-01']) {
      const html = await expectPageMatchesSql(`/intmk/statistik?stand=${asOf}`, { asOf });
      expect(html).toContain(`value="${asOf}"`);
    }
    await expectPageMatchesSql('/intmk/statistik?stand=2019-06-30', { asOf: '2019-06-30', loggedIn: true });
    await expectPageMatchesSql('/intmk/statistik?von=2015&bis=2017&stand=30.06.2019', { asOf: '2019-06-30', from: 2015, to: 2017 });
    // the same as the stored statuses when the date is today
    const today = todayIso();
    const now = statusTable(section((await page('/intmk/statistik')).body, 'nach-sitzung'), 'tfoot');
    const asOfToday = statusTable(section((await page(`/intmk/statistik?stand=${today}`)).body, 'nach-sitzung'), 'tfoot');
    expect([...asOfToday.values()].map(countsOnly)).toEqual([...now.values()].map(countsOnly));
  });

  it('answers bad query values with the page, a German message naming the parameter, and the unfiltered figures', async () => {
    const cases: [string, string][] = [
      ['?von=abc', translate('statistics.filter.yearInvalid', { name: 'von', value: 'abc' })],
      ['?bis=20x0', translate('statistics.filter.yearInvalid', { name: 'bis', value: '20x0' })],
      ['?von=0999', translate('statistics.filter.yearInvalid', { name: 'von', value: '0999' })], // four digits, no year of the archive (as in the search)
      ['?von=2020&bis=2015', translate('statistics.filter.yearOrder', { from: 2020, to: 2015 })],
      ['?stand=31.02.2020', translate('asOf.invalid', { name: 'stand', value: '31.02.2020' })],
    ];
    for (const [query, message] of cases) {
      const response = await page(`/intmk/statistik${query}`);
      expect(response.statusCode, query).toBe(200);
      expect(response.body).toContain(message);
      expect(response.body).toContain('role="alert"');
      const totals = statusTable(section(response.body, 'nach-sitzung'), 'tfoot');
      expect(countsOnly(totals.values().next().value)).toEqual(sqlTotals({}));
    }
    const overview = await page('/statistik?stand=gestern');
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain('Angabe „stand“: „gestern“ ist kein gültiges Datum.');
    // unknown parameters are dropped by the schema (Fastify's removeAdditional), not an error
    const unknown = await page('/intmk/statistik?jahr=2017');
    expect(unknown.statusCode).toBe(200);
    expect(countsOnly(statusTable(section(unknown.body, 'nach-sitzung'), 'tfoot').values().next().value)).toEqual(sqlTotals({}));
    const long = await page('/intmk/statistik?von=' + '2'.repeat(30));
    expect(long.statusCode).toBe(200);
    expect(long.body).toContain(translate('statistics.filter.yearInvalid', { name: 'von', value: `${'2'.repeat(20)}…` }));
    expect(countsOnly(statusTable(section(long.body, 'nach-sitzung'), 'tfoot').values().next().value)).toEqual(sqlTotals({}));
  });

  it('answers an unknown conference with the 404 page', async () => {
    expect((await page('/gibtsnicht/statistik')).statusCode).toBe(404);
  });
});

describe('overview of all conferences (/statistik)', () => {
  it('has one row per conference with SQL counts and a link to its statistics, also as of a date', async () => {
    for (const [query, scope] of [['', {}], ['?stand=2019-12-31', { asOf: '2019-12-31' }], ['?von=2020', { from: 2020 }]] as [string, Scope][]) {
      const response = await page(`/statistik${query}`);
      expect(response.statusCode).toBe(200);
      const rows = statusTable(response.body);
      const expected = sqlByConference(scope);
      const conferences = connection.sqlite.prepare('select short_name, slug from conferences order by short_name').all() as { short_name: string; slug: string }[];
      expect([...rows.keys()]).toEqual(conferences.map((c) => c.short_name));
      for (const c of conferences) {
        const row = rows.get(c.short_name)!;
        expect(countsOnly(row), `${c.short_name} ${query}`).toEqual(expected.get(c.short_name) ?? Object.fromEntries(DEMAND_STATUSES.map((s) => [s, 0])));
        expect(row.href).toBe(`/${c.slug}/statistik${query}`);
      }
    }
  });

  it('is linked from the home page, the site navigation and every conference and meeting page', async () => {
    const home = (await page('/')).body;
    expect(home.match(/href="\/statistik"/g)!.length).toBeGreaterThanOrEqual(3);
    expect((await page('/intmk')).body).toContain('href="/intmk/statistik"');
    expect((await page('/intmk/12')).body).toContain('href="/intmk/statistik"');
    expect((await page('/gmk/2020-04-17')).body).toContain('href="/gmk/statistik"');
  });
});

/** Minimal CSV reading: `;`, quoted fields with doubled quotes. */
function csvRows(body: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const input = body.replace(/^\uFEFF/, '');
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (quoted) {
      if (ch === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ';') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += ch;
    }
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

describe('implementation report (Umsetzungsbericht)', () => {
  it('lists every visible resolution with its demands, status and latest follow-up; internal ones only logged in', async () => {
    const response = await page('/intmk/12/umsetzungsbericht');
    expect(response.statusCode).toBe(200);
    const sqlDemands = connection.sqlite
      .prepare(`select count(*) from demands d join resolutions r on r.id = d.resolution_id join meetings m on m.id = r.meeting_id join conferences c on c.id = m.conference_id
        where c.slug = 'intmk' and m.url_key = '12' and r.release = 'public' and r.outcome = 'adopted'`)
      .pluck()
      .get() as number;
    // only an adopted resolution's Ziffern are tracked; the others say why they are not
    expect((response.body.match(/<tr>\s*<th scope="row">/g) ?? []).length).toBe(sqlDemands);
    expect(response.body).toContain('class="not-tracked"');
    expect(response.body).toContain('TOP 2.12: Ausbau und Öffnung der Migrationsberatung');
    expect(response.body).not.toContain('Interne Einschätzung');
    // the running header of every printed page names the conference, the meeting and its dates
    expect(response.body).toMatch(/<div class="report-running-header" aria-hidden="true">Umsetzungsbericht 12\. IntMK 2017 · 16\.–17\. März 2017<\/div>/);

    const internal = await page('/intmk/12/umsetzungsbericht', true);
    expect(internal.body).toContain('Dieser Bericht enthält interne Folgemaßnahmen');
    expect(internal.body).toContain('Interne Einschätzung');
  });

  it('downloads as CSV with BOM and a header, and answers unknown meetings with 404', async () => {
    const csv = await page('/intmk/12/umsetzungsbericht.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.startsWith('\uFEFFTOP;Titel;Ziffer;Umsetzungsstand')).toBe(true);
    expect(csv.body).not.toContain('Interne Einschätzung');
    expect((await page('/intmk/99/umsetzungsbericht')).statusCode).toBe(404);
  });

  it('shows statuses and latest follow-ups as of a date, in the page and the CSV; a bad date is a 400', async () => {
    for (const asOf of ['2017-06-30', '2019-12-31']) {
      const expected = connection.sqlite
        .prepare(
          `${scopeSql({ asOf, anyOutcome: true }).sql} select agenda_item || '/' || coalesce(number, '') as k, status from scope where url_key = '12' order by k`,
        )
        .all(scopeSql({ asOf, anyOutcome: true }).params) as { k: string; status: DemandStatus }[];
      const csv = await page(`/intmk/12/umsetzungsbericht.csv?stand=${asOf}`);
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-disposition']).toContain(`stand-${asOf}`);
      const [, ...rows] = csvRows(csv.body);
      // the TOP as "TOP 2.12", as in every CSV file (a bare "2.12" opens as a date)
      expect(rows.every((r) => r[0]!.startsWith('TOP '))).toBe(true);
      const actual = rows.map((r) => ({ k: `${r[0]!.slice('TOP '.length)}/${r[2]}`, status: r[3] })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
      expect(actual).toEqual(expected.map((e) => ({ k: e.k, status: translate(`status.${e.status}`) })));
      // no follow-up after the date
      for (const row of rows) if (row[4]) expect(row[4] <= asOf).toBe(true);
      const html = await page(`/intmk/12/umsetzungsbericht?stand=${asOf}`);
      expect(html.statusCode).toBe(200);
      expect(attribute(html.body)).toContain(`umsetzungsbericht.csv?stand=${asOf}`);
    }
    const bad = await page('/intmk/12/umsetzungsbericht?stand=morgen');
    expect(bad.statusCode).toBe(200);
    expect(bad.body).toContain(translate('asOf.invalid', { name: 'stand', value: 'morgen' }));
    const badCsv = await page('/intmk/12/umsetzungsbericht.csv?stand=morgen');
    expect(badCsv.statusCode).toBe(400);
    expect(badCsv.body).toBe('Angabe „stand“: „morgen“ ist kein gültiges Datum. Bitte im Format TT.MM.JJJJ angeben. Es wurde keine Datei erstellt.');
    expect(badCsv.headers['content-disposition']).toBeUndefined();
  });
});
