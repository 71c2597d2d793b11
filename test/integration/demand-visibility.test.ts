/**
 * Visibility per field: one Ziffer of a public resolution marked internal in the edit form. The
 * public page says "Ziffer 3 (nicht öffentlich)" and nothing else of it — no text, status,
 * follow-ups or timeline; its citable address answers the same 404 as an unknown Ziffer; the
 * search, the API, OParl, the feeds, the downloads, the statistics and the versions leave it and
 * its follow-ups out. Logged-in users see it, marked "intern". The mark is audited, survives a new
 * import of the text or of the interchange JSON, and a forged Ziffer changes nothing. (The
 * generated leak test checks every GET route for an internal Ziffer as well.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, conferenceIdOf, loginAs, readFixture, seedDocument, TEST_ACTOR } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { importDocument } from '../../src/services/import.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { analyseResolutionText } from '../../src/domain/parser/index.js';
import { conferenceStatistics } from '../../src/services/statistics.js';
import { PUBLIC_VIEWER } from '../../src/services/visibility.js';
import type { ImportDocument } from '../../src/domain/import-format.js';
import { formFields, post } from './forms.js';

let app: FastifyInstance;
let connection: Connection;
let resolutionId: number;
/** The sessions of the conference's secretariat and of a Länder official. */
let secretariat: Record<string, string>;
let land: Record<string, string>;

const PASSWORD = 'ein langes sicheres Passwort';
/** A word of Ziffer 3 only, and one of the public follow-up on it. */
const SECRET = 'Asylbewerberleistungsgesetz';
const FOLLOW_UP_SECRET = 'Quittenmus';
const PAGE = '/intmk/12/top/2.12';
const WITHHELD = 'Ziffer 3 (nicht öffentlich)';

const internalOf = (number: string) =>
  connection.sqlite.prepare('select internal from demands where resolution_id = ? and number = ?').pluck().get(resolutionId, number) as number;

beforeAll(async () => {
  ({ app, connection } = await buildTestApp({ rateLimitAllow: ['127.0.0.1'] }));
  resolutionId = importDocument(connection.db, TEST_ACTOR, seedDocument(), { source: 'Test', release: 'public', releasedOn: '2017-04-01' }).items[0]!.id;
  const demandId = connection.sqlite.prepare("select id from demands where resolution_id = ? and number = '3'").pluck().get(resolutionId) as number;
  recordFollowUp(connection.db, TEST_ACTOR, {
    resolutionId,
    demandId,
    date: '2018-02-01',
    actor: 'BMI',
    kind: 'response',
    summary: `Der Bund prüft die Öffnung (${FOLLOW_UP_SECRET}).`,
    link: null,
    resultingStatus: 'in_progress',
    visibility: 'public',
  });
  await createUser(connection.db, TEST_ACTOR, { email: 'gs@intmk.example', name: 'Geschäftsstelle', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)], password: PASSWORD });
  await createUser(connection.db, TEST_ACTOR, { email: 'land@sh.example', name: 'Land SH', role: 'land', land: 'SH', password: PASSWORD });
  secretariat = await loginAs(app, 'gs@intmk.example', PASSWORD);
  land = await loginAs(app, 'land@sh.example', PASSWORD);
}, 60_000);
afterAll(async () => {
  await app.close();
});

/** The form's index of Ziffer `number`. */
function indexOf(fields: Record<string, string | string[]>, number: string): number {
  const key = Object.keys(fields).find((k) => /^demand_\d+_number$/.test(k) && fields[k] === number)!;
  return Number(key.split('_')[1]);
}

describe('a Ziffer marked internal', () => {
  it('is public until the secretariat ticks its labelled checkbox in the edit form; the change is audited and a new version', async () => {
    expect((await app.inject(PAGE)).body).toContain(SECRET);
    const form = (await app.inject({ url: `/verwaltung/beschluesse/${resolutionId}`, cookies: secretariat })).body;
    const fields = formFields(form);
    const i = indexOf(fields, '3');
    expect(form).toMatch(new RegExp(`<label class="checkbox"><input type="checkbox" id="demand_${i}_internal" name="demand_${i}_internal" value="1"> Ziffer nur intern`));
    const versions = connection.sqlite.prepare('select count(*) from resolution_versions where resolution_id = ?').pluck();
    const before = versions.get(resolutionId) as number;
    const saved = await post(app, `/verwaltung/beschluesse/${resolutionId}`, secretariat, { ...fields, [`demand_${i}_internal`]: '1' });
    expect(saved.statusCode).toBe(303);
    expect(internalOf('3')).toBe(1);
    expect(internalOf('2')).toBe(0);
    expect(formFields((await app.inject({ url: `/verwaltung/beschluesse/${resolutionId}`, cookies: secretariat })).body)[`demand_${i}_internal`]).toBe('1');
    const entry = connection.sqlite.prepare("select before, after, conference_id as conferenceId from audit_log where action = 'demand.internal'").all() as { before: string; after: string; conferenceId: number }[];
    expect(entry).toHaveLength(1);
    expect(JSON.parse(entry[0]!.before)).toMatchObject({ number: '3', internal: false });
    expect(JSON.parse(entry[0]!.after)).toMatchObject({ number: '3', internal: true });
    expect(entry[0]!.conferenceId).toBe(conferenceIdOf(connection));
    expect(versions.get(resolutionId)).toBe(before + 1);
    const log = (await app.inject({ url: '/verwaltung/protokoll', cookies: secretariat })).body;
    expect(log).toContain('Sichtbarkeit einer Ziffer geändert');
  });

  it('the public page says "Ziffer 3 (nicht öffentlich)" without text, status, follow-ups or citation; logged-in users see it marked "intern"', async () => {
    const page = (await app.inject(PAGE)).body;
    expect(page).toContain(WITHHELD);
    expect(page).toContain('Die Länder stellen fest');
    expect(page).not.toContain(SECRET);
    expect(page).not.toContain(FOLLOW_UP_SECRET);
    expect(page).not.toContain('/ziffer/3');
    expect(page).toContain('/ziffer/4');
    const logged = (await app.inject({ url: PAGE, cookies: land })).body;
    expect(logged).toContain(SECRET);
    expect(logged).toContain(FOLLOW_UP_SECRET);
    expect(logged).not.toContain(WITHHELD);
    expect(logged).toMatch(/<li class="demand demand-internal" id="ziffer-3">[\s\S]*?<span class="badge badge-internal">intern<\/span>/);
  });

  it('its citable address answers the public exactly the 404 of an unknown Ziffer; logged-in users are led to it', async () => {
    const internal = await app.inject(`${PAGE}/ziffer/3`);
    const unknown = await app.inject(`${PAGE}/ziffer/9`);
    expect(internal.statusCode).toBe(404);
    // the same page but for the address it offers to return to after the login (plugins/errors.ts)
    const login = (number: string) => `href="/anmelden?weiter&#x3D;${PAGE}/ziffer/${number}"`;
    expect(internal.body).toContain(login('3'));
    expect(internal.body.replace(login('3'), login('N'))).toBe(unknown.body.replace(login('9'), login('N')));
    expect(internal.headers['content-type']).toBe(unknown.headers['content-type']);
    expect((await app.inject(`${PAGE}/ziffer/4`)).statusCode).toBe(302);
    const logged = await app.inject({ url: `${PAGE}/ziffer/3`, cookies: land });
    expect(logged.statusCode).toBe(302);
    expect(logged.headers.location).toBe(`${PAGE}#ziffer-3`);
  });

  it('is in no public search, API, OParl, feed, download, report or version; logged-in users find it', async () => {
    for (const word of [SECRET, FOLLOW_UP_SECRET]) {
      const search = await app.inject(`/suche?q=${word}`);
      expect(search.statusCode).toBe(200);
      expect(search.body, word).not.toContain(PAGE);
      expect((await app.inject({ url: `/suche?q=${word}`, cookies: land })).body, word).toContain(PAGE);
    }
    expect((await app.inject(`/api/v1/search?q=${SECRET}`)).body).not.toContain('2.12');
    const api = (await app.inject('/api/v1/resolutions/intmk/12/2.12')).json() as { demands: { number: string }[] };
    expect(api.demands.map((d) => d.number)).toEqual(['1', '2', '4', '5']);
    const urls = [
      '/api/v1/resolutions/intmk/12/2.12',
      '/intmk/12/export.json',
      '/oparl/v1/paper/intmk/12/2.12',
      '/oparl/v1/file/intmk/12/2.12/text',
      '/intmk/status.atom',
      `${PAGE}/status.atom`,
      '/intmk/feed.atom',
      '/suche/export.csv?q=Migrationsberatung',
      '/suche/export.json?q=Migrationsberatung',
      '/suche/feed.atom?q=Migrationsberatung',
      '/intmk/12/umsetzungsbericht',
      '/intmk/12/umsetzungsbericht.csv',
      `${PAGE}/fassungen`,
      `${PAGE}/fassungen?von=1&bis=2`,
    ];
    for (const url of urls) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBeLessThan(400);
      expect(response.body, url).not.toContain(SECRET);
      expect(response.body, url).not.toContain(FOLLOW_UP_SECRET);
    }
    expect((await app.inject({ url: '/intmk/12/export.json', cookies: land })).body).toContain(SECRET);
  });

  it('is not counted in the public statistics and meeting totals; logged-in users count it', async () => {
    // its public follow-up made it "in Bearbeitung"; the four others are open
    const inProgress = '<li class="status status-in_progress">1 in Bearbeitung</li>';
    const meeting = (await app.inject('/intmk/12')).body;
    expect(meeting).toContain('<li class="status status-open">4 offen</li>');
    expect(meeting).not.toContain(inProgress);
    expect((await app.inject({ url: '/intmk/12', cookies: land })).body).toContain(inProgress);
    const publicReport = conferenceStatistics(connection.db, PUBLIC_VIEWER, 'intmk')!;
    expect(publicReport.total).toBe(4);
    expect(publicReport.counts.in_progress).toBe(0);
    expect(publicReport.byAddressee.reduce((n, row) => n + row.total, 0)).toBe(4);
    // ... and as of a date (recomputed from the follow-ups the viewer may see)
    expect(conferenceStatistics(connection.db, PUBLIC_VIEWER, 'intmk', { fromYear: null, toYear: null, asOf: '2019-01-01' })!.total).toBe(4);
    const landViewer = { userId: 2, role: 'land' as const, land: 'SH', conferenceIds: [] };
    expect(conferenceStatistics(connection.db, landViewer, 'intmk')!.counts.in_progress).toBe(1);
    const tally = connection.sqlite
      .prepare("select internal, sum(demands) from demand_summary where dimension = 'all' group by internal order by internal")
      .raw()
      .all() as [number, number][];
    expect(tally).toEqual([[0, 4], [1, 5]]);
  });

  it('stays internal when the resolution is imported again, as interchange JSON or as text', async () => {
    const again = seedDocument();
    again.resolutions[0]!.title = 'Ausbau und Öffnung der Migrationsberatung (neu)';
    expect(importDocument(connection.db, TEST_ACTOR, again, { source: 'Test' }).items[0]!.change).toBe('updated');
    expect(internalOf('3')).toBe(1);
    const parsed = analyseResolutionText(readFixture('import/intmk-2017-top-2.12.txt'), { enrich: true });
    expect(parsed.failure).toBeNull();
    importDocument(connection.db, TEST_ACTOR, parsed.document as unknown as ImportDocument, { source: 'Text' });
    expect(internalOf('3')).toBe(1);
    // renumbered (a Ziffer inserted before it): the row of the same text keeps the mark
    const renumbered = seedDocument();
    const list = renumbered.resolutions[0]!.demands;
    list.splice(2, 0, { ...list[1]!, number: '3', text: 'Eine neue Ziffer.' });
    list.forEach((d, index) => (d.number = String(index + 1)));
    importDocument(connection.db, TEST_ACTOR, renumbered, { source: 'Test' });
    const rows = connection.sqlite.prepare('select number, internal from demands where resolution_id = ? and text like ?').all(resolutionId, `%${SECRET}%`) as { number: string; internal: number }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.internal).toBe(1);
    const page = (await app.inject(PAGE)).body;
    expect(page).not.toContain(SECRET);
  });

  it('a forged Ziffer id: a German message, nothing changed', async () => {
    const fields = formFields((await app.inject({ url: `/verwaltung/beschluesse/${resolutionId}`, cookies: secretariat })).body);
    const i = indexOf(fields, '1');
    const other = connection.sqlite.prepare('select max(id) + 100 from demands').pluck().get() as number;
    const rows = () => connection.sqlite.prepare('select id, number, text, internal, version from demands where resolution_id = ? order by id').all(resolutionId);
    const before = rows();
    const response = await post(app, `/verwaltung/beschluesse/${resolutionId}`, secretariat, { ...fields, [`demand_${i}_id`]: String(other), [`demand_${i}_internal`]: '1' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Ziffer');
    expect(rows()).toEqual(before);
  });
});
