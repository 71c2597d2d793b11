import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, loginAs as login, importSeed, conferenceIdOf, seedDocument, TEST_ACTOR } from '../helpers.js';
import { importDocument } from '../../src/services/import.js';
import { createUser } from '../../src/services/users.js';
import { auditLog, demands, resolutions } from '../../db/schema.js';
import { formFields, post as postForm } from './forms.js';

let app: FastifyInstance;
let connection: Connection;
const PASSWORD = 'ein langes sicheres Passwort';

beforeEach(async () => {
  ({ app, connection } = await buildTestApp());
  const actor = { userId: null, name: 'test' };
  await createUser(connection.db, actor, { email: 'gs@intmk.example', name: 'Geschäftsstelle', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)], password: PASSWORD });
  await createUser(connection.db, actor, { email: 'land@by.example', name: 'Land Bayern', role: 'land', land: 'BY', password: PASSWORD });
});
afterEach(async () => {
  await app.close();
});


const loginAs = (email: string) => login(app, email, PASSWORD);

const post = (url: string, cookies: Record<string, string>, fields: Record<string, string | string[]>) => postForm(app, url, cookies, fields);

describe('editing a resolution', () => {
  it('saves a corrected title, shows it on the public page, and audits before/after', async () => {
    const id = importSeed(connection).items[0]!.id;
    const cookies = await loginAs('gs@intmk.example');
    const page = await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies });
    expect(page.statusCode).toBe(200);
    const fields = formFields(page.body);
    expect(fields.title).toBe('Ausbau und Öffnung der Migrationsberatung');
    const saved = await post(`/verwaltung/beschluesse/${id}`, cookies, { ...fields, title: 'Ausbau der Migrationsberatung' });
    expect(saved.statusCode).toBe(303);
    const publicPage = await app.inject('/intmk/12/top/2.12');
    expect(publicPage.body).toContain('Ausbau der Migrationsberatung');
    const entry = connection.db.select().from(auditLog).where(eq(auditLog.action, 'resolution.update')).get()!;
    expect(JSON.stringify(entry.before)).toContain('Ausbau und Öffnung');
    expect(JSON.stringify(entry.after)).toContain('Ausbau der Migrationsberatung');
    // demands kept, with their ids (follow-ups stay attached)
    expect(connection.db.select().from(demands).where(eq(demands.resolutionId, id)).all()).toHaveLength(5);

    // a reporting request due at a later meeting, confirmed by the secretariat
    const again = formFields((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body);
    expect((await post(`/verwaltung/beschluesse/${id}`, cookies, { ...again, demand_2_dueMeeting: '13' })).statusCode).toBe(303);
    expect(connection.db.select().from(demands).where(eq(demands.resolutionId, id)).all().find((d) => d.number === '3')!.dueMeetingNumber).toBe(13);
    const bad = await post(`/verwaltung/beschluesse/${id}`, cookies, { ...formFields((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body), demand_2_dueMeeting: 'nächste' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Ordnungszahl der Sitzung');
  });

  it('shows the title in a field that wraps (a phone shows all of it) and stores a line break typed there as a space', async () => {
    const id = importSeed(connection).items[0]!.id;
    const cookies = await loginAs('gs@intmk.example');
    const page = await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies });
    expect(page.body).toMatch(/<textarea id="title" name="title" class="title-field" rows="1" required>Ausbau und Öffnung der Migrationsberatung<\/textarea>/);
    const saved = await post(`/verwaltung/beschluesse/${id}`, cookies, { ...formFields(page.body), title: 'Ausbau und Öffnung\r\nder Migrationsberatung' });
    expect(saved.statusCode).toBe(303);
    expect(connection.db.select().from(resolutions).where(eq(resolutions.id, id)).get()!.title).toBe('Ausbau und Öffnung der Migrationsberatung');
  });

  it('shows a conflict page for a stale form and loses neither version', async () => {
    const id = importSeed(connection).items[0]!.id;
    const cookies = await loginAs('gs@intmk.example');
    const stale = formFields((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body);
    expect((await post(`/verwaltung/beschluesse/${id}`, cookies, { ...stale, title: 'Fassung A' })).statusCode).toBe(303);
    const conflict = await post(`/verwaltung/beschluesse/${id}`, cookies, { ...stale, title: 'Fassung B' });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.body).toContain('Bearbeitungskonflikt');
    expect(conflict.body).toContain('Fassung A');
    expect(conflict.body).toContain('>Fassung B</textarea>');
    expect(connection.db.select().from(resolutions).where(eq(resolutions.id, id)).get()!.title).toBe('Fassung A');
    // saving the conflict page's form applies the user's version deliberately
    const again = await post(`/verwaltung/beschluesse/${id}`, cookies, formFields(conflict.body));
    expect(again.statusCode).toBe(303);
    expect(connection.db.select().from(resolutions).where(eq(resolutions.id, id)).get()!.title).toBe('Fassung B');
  });

  it('keeps the input and names the field when validation fails; stores nothing', async () => {
    const id = importSeed(connection).items[0]!.id;
    const cookies = await loginAs('gs@intmk.example');
    const fields = formFields((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body);
    const response = await post(`/verwaltung/beschluesse/${id}`, cookies, { ...fields, agendaItem: 'TOP zwei', title: 'Neuer Titel', demand_0_due: '31.02.2020' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Bitte eine TOP-Nummer wie 2.12');
    expect(response.body).toContain('Bitte ein gültiges Datum angeben');
    expect(response.body).toContain('>Neuer Titel</textarea>');
    expect(connection.db.select().from(resolutions).where(eq(resolutions.id, id)).get()!.title).toBe('Ausbau und Öffnung der Migrationsberatung');
  });

  it('refuses a TOP number the meeting already has, in German, and stores nothing', async () => {
    const id = importSeed(connection).items[0]!.id;
    const seed = seedDocument();
    importDocument(connection.db, TEST_ACTOR, { ...seed, resolutions: [{ ...seed.resolutions[0]!, agendaItem: '2.13' }] }, { source: 'Test', release: 'public', releasedOn: '2017-04-01' });
    const cookies = await loginAs('gs@intmk.example');
    const fields = formFields((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body);
    const response = await post(`/verwaltung/beschluesse/${id}`, cookies, { ...fields, agendaItem: '2.13' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('TOP 2.13 gibt es in dieser Sitzung bereits.');
    expect(connection.db.select().from(resolutions).where(eq(resolutions.id, id)).get()!.agendaItem).toBe('2.12');
  });

  it('shows a script in a title as text everywhere', async () => {
    const id = importSeed(connection).items[0]!.id;
    const cookies = await loginAs('gs@intmk.example');
    const fields = formFields((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body);
    const payload = '<script>alert(1)</script>';
    expect((await post(`/verwaltung/beschluesse/${id}`, cookies, { ...fields, title: payload })).statusCode).toBe(303);
    for (const url of ['/intmk/12/top/2.12', '/intmk/12', `/verwaltung/beschluesse/${id}`]) {
      const page = await app.inject({ url, cookies });
      expect(page.body, url).not.toContain(payload);
      expect(page.body, url).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });

  it('"Status ändern" saves the release state and gives the edit form back as typed, also when the release is refused', async () => {
    const id = importSeed(connection, 'draft').items[0]!.id;
    const cookies = await loginAs('gs@intmk.example');
    const page = (await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body;
    // the release controls belong to the one edit form; their button sends it to the release route
    const start = page.indexOf('<form method="post" action="/verwaltung/beschluesse/');
    const form = page.slice(start, page.indexOf('</form>', start));
    expect(form).toContain('<select id="release" name="release">');
    expect(form).toContain(`<button type="submit" formaction="/verwaltung/beschluesse/${id}/freigabe">Status ändern</button>`);
    const fields = formFields(page);
    const before = connection.sqlite.prepare('select title, version from resolutions where id = ?').get(id) as { title: string; version: number };

    const refused = await post(`/verwaltung/beschluesse/${id}/freigabe`, cookies, { ...fields, title: 'Noch nicht gespeichert', release: 'public', releasedOn: '31.02.2018' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('>Noch nicht gespeichert</textarea>');
    expect(connection.sqlite.prepare('select title, release, version from resolutions where id = ?').get(id)).toEqual({ ...before, release: 'draft' });

    // "Speichern" with a release date that is none: refused like any other field, listed in the summary, nothing saved
    const badDate = await post(`/verwaltung/beschluesse/${id}`, cookies, { ...fields, title: 'Noch nicht gespeichert', release: 'public', releasedOn: '2025-13-01' });
    expect(badDate.statusCode).toBe(422);
    expect(badDate.body).toMatch(/<li><a href="#releasedOn">[^<]*Freigabedatum[^<]*<\/a><\/li>/);
    expect(badDate.body).toContain('value="2025-13-01"');
    expect(connection.sqlite.prepare('select title, release, version from resolutions where id = ?').get(id)).toEqual({ ...before, release: 'draft' });

    const released = await post(`/verwaltung/beschluesse/${id}/freigabe`, cookies, { ...fields, title: 'Noch nicht gespeichert', release: 'internal', releasedOn: '' });
    expect(released.statusCode).toBe(200);
    expect(released.body).toContain('Der Freigabestatus ist gespeichert.');
    expect(released.body).toContain('>Noch nicht gespeichert</textarea>');
    const after = connection.sqlite.prepare('select title, release, version from resolutions where id = ?').get(id) as { title: string; release: string; version: number };
    expect(after).toMatchObject({ title: before.title, release: 'internal' });
    // the form carries the new version: "Speichern" then saves the typed title without a conflict
    expect(formFields(released.body).version).toBe(String(after.version));
    const saved = await post(`/verwaltung/beschluesse/${id}`, cookies, formFields(released.body));
    expect(saved.statusCode).toBe(303);
    expect(connection.sqlite.prepare('select title, release from resolutions where id = ?').get(id)).toEqual({ title: 'Noch nicht gespeichert', release: 'internal' });
  });

  it('releases draft → internal → public and withdraws again', async () => {
    const id = importSeed(connection, 'draft').items[0]!.id;
    const cookies = await loginAs('gs@intmk.example');
    const release = async (state: string, releasedOn = '') => {
      const page = await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies });
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
      const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
      return post(`/verwaltung/beschluesse/${id}/freigabe`, cookies, { _csrf: token, version, release: state, releasedOn });
    };
    expect((await app.inject('/intmk/12/top/2.12')).statusCode).toBe(404);
    expect((await release('internal')).statusCode).toBe(303);
    expect((await app.inject('/intmk/12/top/2.12')).statusCode).toBe(404);
    const landCookies = await loginAs('land@by.example');
    expect((await app.inject({ url: '/intmk/12/top/2.12', cookies: landCookies })).statusCode).toBe(200);
    const bad = await release('public', '99.99.2020');
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('gültiges Freigabedatum');
    // the form keeps what was sent: "öffentlich" (not the stored "intern") and the date as typed, marked at the field
    const releaseForm = bad.body.slice(bad.body.indexOf('id="release"'));
    expect(releaseForm).toMatch(/^id="release" name="release">(?:(?!<\/select>).)*<option value="public" selected>/s);
    expect(bad.body).toMatch(/<input id="releasedOn" name="releasedOn" value="99\.99\.2020"[^>]* aria-invalid="true" aria-describedby="releasedOn-fehler">/);
    expect((await release('public', '01.04.2017')).statusCode).toBe(303);
    expect((await app.inject('/intmk/12/top/2.12')).statusCode).toBe(200);
    expect((await release('internal')).statusCode).toBe(303);
    expect((await app.inject('/intmk/12/top/2.12')).statusCode).toBe(404);
    const actions = connection.db.select({ action: auditLog.action }).from(auditLog).all().map((a) => a.action);
    expect(actions.filter((a) => a === 'resolution.release')).toHaveLength(2);
    expect(actions).toContain('resolution.withdraw');
  });

  it('refuses Länder officials and anonymous visitors', async () => {
    const id = importSeed(connection).items[0]!.id;
    const landCookies = await loginAs('land@by.example');
    const forbidden = await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies: landCookies });
    expect(forbidden.statusCode).toBe(403);
    // the error page still shows who is logged in
    expect(forbidden.body).toContain('Angemeldet als Land Bayern');
    const page = await app.inject({ url: '/', cookies: landCookies });
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const attempt = await post(`/verwaltung/beschluesse/${id}`, landCookies, { _csrf: token, version: '1', title: 'Übernahme' });
    expect(attempt.statusCode).toBe(403);
    expect((await app.inject(`/verwaltung/beschluesse/${id}`)).statusCode).toBe(303);
  });
});

describe('bound to its conferences', () => {
  it('a secretariat of another conference neither sees nor touches the drafts, meetings and conference of IntMK', async () => {
    const id = importSeed(connection, 'draft').items[0]!.id;
    const meeting = connection.sqlite.prepare("select id, conference_id from meetings where url_key = '12'").get() as { id: number; conference_id: number };
    await createUser(connection.db, { userId: null, name: 'test' }, { email: 'gs@gmk.example', name: 'GS GMK', role: 'secretariat', conferenceIds: [conferenceIdOf(connection, 'GMK')], password: PASSWORD });
    const gmk = await loginAs('gs@gmk.example');
    const overview = await app.inject({ url: '/verwaltung', cookies: gmk });
    expect(overview.body).toContain('id="ws-gmk"');
    expect(overview.body).not.toContain('id="ws-intmk"');
    for (const url of [`/verwaltung/beschluesse/${id}`, `/verwaltung/sitzungen/${meeting.id}`, `/verwaltung/sitzungen/${meeting.id}/neuer-beschluss`, `/verwaltung/konferenzen/${meeting.conference_id}`, `/verwaltung/konferenzen/${meeting.conference_id}/neue-sitzung`, '/intmk/12/top/2.12', '/intmk/12', '/intmk']) {
      const response = await app.inject({ url, cookies: gmk });
      expect(response.statusCode, url).toBe(404);
      expect(response.body, url).not.toContain('Integrationskurse');
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(overview.body)?.[1] ?? /name="_csrf" value="([^"]+)"/.exec((await app.inject({ url: '/verwaltung/konferenzen/neu', cookies: gmk })).body)![1]!;
    const before = connection.sqlite.prepare('select group_concat(version) from (select version from resolutions union all select version from meetings union all select version from conferences)').pluck().get();
    for (const url of [`/verwaltung/beschluesse/${id}`, `/verwaltung/beschluesse/${id}/freigabe`, `/verwaltung/sitzungen/${meeting.id}`, `/verwaltung/sitzungen/${meeting.id}/neuer-beschluss`, `/verwaltung/konferenzen/${meeting.conference_id}`, `/verwaltung/konferenzen/${meeting.conference_id}/neue-sitzung`]) {
      const response = await post(url, gmk, { _csrf: token, version: '1', title: 'Übernahme', agendaItem: '9.9', release: 'public', releasedOn: '01.01.2024', shortName: 'IntMK', name: 'x', number: '99', kind: 'presence' });
      expect(response.statusCode, url).toBe(404);
    }
    expect(connection.sqlite.prepare('select group_concat(version) from (select version from resolutions union all select version from meetings union all select version from conferences)').pluck().get()).toBe(before);
    expect(connection.sqlite.prepare('select count(*) from resolutions').pluck().get()).toBe(1);
    // the IntMK secretariat sees and edits its draft
    const intmk = await loginAs('gs@intmk.example');
    expect((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies: intmk })).statusCode).toBe(200);
    expect((await app.inject({ url: '/intmk/12/top/2.12', cookies: intmk })).statusCode).toBe(200);
  });

  it('a secretariat that creates a conference works for it at once', async () => {
    const cookies = await loginAs('gs@intmk.example');
    const form = await app.inject({ url: '/verwaltung/konferenzen/neu', cookies });
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    expect((await post('/verwaltung/konferenzen/neu', cookies, { _csrf: token, version: '0', shortName: 'SportMK', name: 'Sportministerkonferenz' })).statusCode).toBe(303);
    const overview = await app.inject({ url: '/verwaltung', cookies });
    expect(overview.body).toContain('id="ws-sportmk"');
    expect(overview.body).toContain('id="ws-intmk"');
    // the overview leads to the new conference's first meeting (not only its edit page does)
    const sportId = connection.sqlite.prepare("select id from conferences where slug = 'sportmk'").pluck().get() as number;
    const section = overview.body.slice(overview.body.indexOf('id="ws-sportmk"'), overview.body.indexOf('</section>', overview.body.indexOf('id="ws-sportmk"')));
    expect(section).toContain(`href="/verwaltung/konferenzen/${sportId}/neue-sitzung"`);
    expect(section).toContain('noch keine Sitzung');
    expect(section).not.toContain('<table');
    expect((await app.inject({ url: `/verwaltung/konferenzen/${sportId}/neue-sitzung`, cookies })).statusCode).toBe(200);
    // and it does not exist for the public until it holds a released resolution
    expect((await app.inject('/sportmk')).statusCode).toBe(404);
    expect((await app.inject('/')).body).not.toContain('SportMK');
  });
});

describe('conferences and meetings', () => {
  it('creates a conference and a meeting, with German messages for bad input', async () => {
    const cookies = await loginAs('gs@intmk.example');
    const form = await app.inject({ url: '/verwaltung/konferenzen/neu', cookies });
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const bad = await post('/verwaltung/konferenzen/neu', cookies, { _csrf: token, version: '0', shortName: 'X', name: '' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Bitte ein Kürzel');
    expect(bad.body).toContain('Bitte den vollständigen Namen angeben');
    const ok = await post('/verwaltung/konferenzen/neu', cookies, { _csrf: token, version: '0', shortName: 'VSMK', name: 'Verbraucherschutzministerkonferenz', description: '' });
    expect(ok.statusCode).toBe(303);
    const id = connection.sqlite.prepare("select id from conferences where slug = 'vsmk'").pluck().get() as number;
    const dup = await post('/verwaltung/konferenzen/neu', cookies, { _csrf: token, version: '0', shortName: 'vsmk', name: 'Doppelt' });
    expect(dup.statusCode).toBe(422);
    expect(dup.body).toContain('bereits vergeben');

    // a secretariat of several conferences sees whose meeting it creates, also when the form comes back
    const newMeeting = await app.inject({ url: `/verwaltung/konferenzen/${id}/neue-sitzung`, cookies });
    expect(newMeeting.body).toContain('<h1>Neue Sitzung der VSMK</h1>');
    const badMeeting = await post(`/verwaltung/konferenzen/${id}/neue-sitzung`, cookies, { _csrf: token, version: '0', number: 'zwölf', startDate: '31.04.2024', kind: 'presence' });
    expect(badMeeting.statusCode).toBe(422);
    expect(badMeeting.body).toContain('<h1>Neue Sitzung der VSMK</h1>');
    // the date that is none is shown as typed, beside its message
    expect(badMeeting.body).toContain('<input id="startDate" name="startDate" value="31.04.2024" inputmode="numeric" aria-invalid="true"');
    expect(badMeeting.body).toContain('Ordnungszahl');
    expect(badMeeting.body).toContain('gültiges Datum');
    const meeting = await post(`/verwaltung/konferenzen/${id}/neue-sitzung`, cookies, { _csrf: token, version: '0', number: '20', startDate: '12.06.2024', endDate: '13.06.2024', place: 'Potsdam', chairLand: 'BB', kind: 'presence', year: '' });
    expect(meeting.statusCode).toBe(303);
    const row = connection.sqlite.prepare('select * from meetings where conference_id = ?').get(id) as Record<string, unknown>;
    expect(row).toMatchObject({ number: 20, year: 2024, start_date: '2024-06-12', end_date: '2024-06-13', url_key: '20', chair_land: 'BB' });
    const stale = await post(`/verwaltung/sitzungen/${row.id}`, cookies, { _csrf: token, version: '7', number: '21', startDate: '12.06.2024', kind: 'presence' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('inzwischen');
  });

  it('corrects the number of a meeting with released resolutions, and its stable address leads on to the new one', async () => {
    importSeed(connection);
    const cookies = await loginAs('gs@intmk.example');
    const meeting = connection.sqlite.prepare("select id, version from meetings where url_key = '12'").get() as { id: number; version: number };
    const page = await app.inject({ url: `/verwaltung/sitzungen/${meeting.id}`, cookies });
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const response = await post(`/verwaltung/sitzungen/${meeting.id}`, cookies, { _csrf: token, version: String(meeting.version), number: '13', startDate: '16.03.2017', endDate: '17.03.2017', place: 'Friedrichshafen', kind: 'presence' });
    expect(response.statusCode).toBe(303);
    expect((await app.inject('/intmk/13/top/2.12')).statusCode).toBe(200);
    const old = await app.inject('/intmk/12/top/2.12');
    expect([old.statusCode, old.headers.location]).toEqual([302, '/intmk/13/top/2.12']);
  });
});
