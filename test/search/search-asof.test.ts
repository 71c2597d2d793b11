/** Search filters and facets "as of" a date: statuses recomputed from the follow-ups then visible. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, importSeed, TEST_ACTOR } from '../helpers.js';
import { recordFollowUp } from '../../src/services/followups.js';

let app: FastifyInstance;
let connection: Connection;

beforeEach(async () => {
  ({ app, connection } = await buildTestApp());
  const resolutionId = importSeed(connection).items[0]!.id;
  const demandId = connection.sqlite.prepare("select id from demands where resolution_id = ? and number = '2'").pluck().get(resolutionId) as number;
  recordFollowUp(connection.db, TEST_ACTOR, {
    resolutionId, demandId, date: '2019-07-10', actor: 'BMI', kind: 'response',
    summary: 'Teilweise umgesetzt', link: null, resultingStatus: 'partial', visibility: 'public',
  });
  recordFollowUp(connection.db, TEST_ACTOR, {
    resolutionId, demandId, date: '2019-08-01', actor: 'GS', kind: 'note',
    summary: 'Intern: abgelehnt', link: null, resultingStatus: 'rejected', visibility: 'internal',
  });
});
afterEach(async () => {
  await app.close();
});

const hits = (body: string) => (body.match(/class="search-hit"/g) ?? []).length;

describe('search as of a date', () => {
  it('filters by the status as it was then', async () => {
    expect(hits((await app.inject('/suche?q=Migrationsberatung&umsetzung=partial')).body)).toBe(1);
    expect(hits((await app.inject('/suche?q=Migrationsberatung&umsetzung=partial&stand=30.06.2019')).body)).toBe(0);
    expect(hits((await app.inject('/suche?q=Migrationsberatung&umsetzung=open&stand=30.06.2019')).body)).toBe(1);
    const after = await app.inject('/suche?q=Migrationsberatung&umsetzung=partial&stand=2019-07-11');
    expect(hits(after.body)).toBe(1);
    expect(after.body).toContain('Umsetzungsstand und Filter zum 11. Juli 2019. Gesucht wird im heutigen Wortlaut der Beschlüsse;');
    expect(after.body.replace(/&#x3D;/g, '=')).toContain('stand=2019-07-11');
  });

  it('finds nothing of meetings held after the date', async () => {
    // The seed is TOP 2.12 of the 12th IntMK, 16–17 March 2017.
    expect(hits((await app.inject('/suche?q=Migrationsberatung&stand=2016-01-01')).body)).toBe(0);
    expect(hits((await app.inject('/suche?q=Migrationsberatung&stand=2017-03-15')).body)).toBe(0);
    expect(hits((await app.inject('/suche?q=Migrationsberatung&stand=2017-03-16')).body)).toBe(1);
    expect(hits((await app.inject('/suche?konferenz=intmk&stand=2016-01-01')).body)).toBe(0);
    const exported = await app.inject('/suche/export.json?q=Migrationsberatung&stand=2016-01-01');
    expect((exported.json() as { total: number }).total).toBe(0);
  });

  it('shows the home and conference pages as of the date, keeping it in their links', async () => {
    const before = await app.inject('/?stand=2016-01-01');
    expect(before.statusCode).toBe(200);
    expect(before.body).not.toContain('href="/intmk/12');
    expect(before.body).toContain('Sie sehen den Umsetzungsstand zum 1. Januar 2016.');
    const after = (await app.inject('/?stand=2017-04-01')).body.replace(/&#x3D;/g, '=');
    expect(after).toContain('href="/intmk/12?stand=2017-04-01"');
    expect(after).toContain('href="/intmk?stand=2017-04-01"');
    const conference = await app.inject('/intmk?stand=2016-01-01');
    expect(conference.statusCode).toBe(200);
    expect(conference.body).not.toContain('href="/intmk/12');
    expect((await app.inject('/intmk?stand=2017-04-01')).body.replace(/&#x3D;/g, '=')).toContain('href="/intmk/12?stand=2017-04-01"');
    const bad = await app.inject('/intmk?stand=gestern');
    expect(bad.statusCode).toBe(200);
    expect(bad.body).toContain('„gestern“ ist kein gültiges Datum');
    expect(bad.body).toContain('href="/intmk/12"');
  });

  it('links each hit, in the page, the downloads, the feed and the API, to its page as of the date: the statuses it was found by', async () => {
    const page = (await app.inject('/suche?q=Migrationsberatung&umsetzung=open&stand=30.06.2019')).body.replace(/&#x3D;/g, '=');
    expect(page).toContain('<a href="/intmk/12/top/2.12?stand=2019-06-30">');
    // the page it leads to shows the status the search filtered by
    const target = (await app.inject('/intmk/12/top/2.12?stand=2019-06-30')).body;
    expect(target).not.toMatch(/id="ziffer-2"[\s\S]*?status-partial[\s\S]*?id="ziffer-3"/);
    const exported = (await app.inject('/suche/export.json?q=Migrationsberatung&stand=30.06.2019')).json() as { asOf: string | null; resolutions: { url: string }[] };
    expect(exported.asOf).toBe('2019-06-30');
    expect(exported.resolutions.map((r) => r.url)).toEqual(['http://localhost:3000/intmk/12/top/2.12?stand=2019-06-30']);
    expect((await app.inject('/suche/export.csv?q=Migrationsberatung&stand=30.06.2019')).body).toContain(';http://localhost:3000/intmk/12/top/2.12?stand=2019-06-30');
    expect((await app.inject('/suche/feed.atom?q=Migrationsberatung&stand=30.06.2019')).body).toContain('<link href="http://localhost:3000/intmk/12/top/2.12?stand=2019-06-30"/>');
    const api = (await app.inject('/api/v1/search?q=Migrationsberatung&stand=2019-06-30')).json() as { items: { url: string; api: string }[] };
    expect(api.items).toMatchObject([{ url: 'http://localhost:3000/intmk/12/top/2.12?stand=2019-06-30', api: 'http://localhost:3000/api/v1/resolutions/intmk/12/2.12?stand=2019-06-30' }]);
    // without a date: today's addresses, as before
    expect((await app.inject('/suche?q=Migrationsberatung')).body).toContain('<a href="/intmk/12/top/2.12">');
    expect(((await app.inject('/suche/export.json?q=Migrationsberatung')).json() as { asOf: string | null }).asOf).toBeNull();
  });

  it('never lets internal follow-ups change what the public finds', async () => {
    expect(hits((await app.inject('/suche?q=Migrationsberatung&umsetzung=rejected&stand=2019-09-01')).body)).toBe(0);
  });

  it('answers a bad date with a German notice and today\'s statuses', async () => {
    const page = await app.inject('/suche?q=Migrationsberatung&stand=gestern');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('„gestern“ ist kein gültiges Datum');
    expect(hits(page.body)).toBe(1);
  });
});
