/**
 * TOP numbers typed into the forms (a resolution's edit form, a new resolution of a meeting, the
 * corrections of the browser import): printed forms are taken ("5 a" as "5a", "II 3" as "II.3"),
 * a number no agenda has (20 digits, six segments) is refused with a German message naming the
 * limit, and nothing is stored.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Connection } from '../../db/connection.js';
import { conferenceIdOf, importSeed, loginAs, readFixture, TEST_ACTOR, useTestApp } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { resolutions } from '../../db/schema.js';
import { decodeHtml, formFields, multipart, post } from './forms.js';

let app: FastifyInstance;
let connection: Connection;
useTestApp((built) => ({ app, connection } = built));

const PASSWORD = 'ein langes sicheres Passwort';
const TOO_LONG = 'Diese TOP-Nummer ist zu lang: höchstens 3 Ziffern je Teil und höchstens 5 Teile';

async function secretariat(...shortNames: string[]) {
  await createUser(connection.db, TEST_ACTOR, {
    email: 'gs@example.org', name: 'GS', role: 'secretariat', password: PASSWORD,
    conferenceIds: shortNames.map((short) => conferenceIdOf(connection, short)),
  });
  return loginAs(app, 'gs@example.org', PASSWORD);
}

const agendaItems = () => connection.db.select({ agendaItem: resolutions.agendaItem }).from(resolutions).all().map((r) => r.agendaItem).sort();

describe('a TOP number typed into a form', () => {
  it('the edit form: refuses 20 digits and six segments, keeps the data; takes "5 a" as 5a', async () => {
    const id = importSeed(connection).items[0]!.id;
    const cookies = await secretariat('IntMK');
    const url = `/verwaltung/beschluesse/${id}`;
    for (const agendaItem of ['12345678901234567890', '1.2.3.4.5.6', '1000']) {
      const fields = formFields((await app.inject({ url, cookies })).body);
      const refused = await post(app, url, cookies, { ...fields, agendaItem, title: 'Neuer Titel' });
      expect(refused.statusCode, agendaItem).toBe(422);
      expect(decodeHtml(refused.body), agendaItem).toContain(TOO_LONG);
      expect(refused.body, agendaItem).toContain(`value="${agendaItem}"`);
      expect(connection.db.select().from(resolutions).where(eq(resolutions.id, id)).get(), agendaItem).toMatchObject({ agendaItem: '2.12', title: 'Ausbau und Öffnung der Migrationsberatung' });
    }
    // not shaped like a TOP number at all: the message with examples
    const fields = formFields((await app.inject({ url, cookies })).body);
    expect(decodeHtml((await post(app, url, cookies, { ...fields, agendaItem: 'x y' })).body)).toContain('Bitte eine TOP-Nummer wie 2.12, 2.9b oder A3 angeben.');
    for (const [typed, stored] of [['5 a', '5a'], ['TOP II 3', 'II.3'], ['3/5/46', '3/5/46'], ['1.2.3.4.5', '1.2.3.4.5'], ['105', '105'], ['2.12', '2.12']]) {
      const current = formFields((await app.inject({ url, cookies })).body);
      const saved = await post(app, url, cookies, { ...current, agendaItem: typed! });
      expect(saved.statusCode, typed).toBe(303);
      expect(connection.db.select().from(resolutions).where(eq(resolutions.id, id)).get()!.agendaItem, typed).toBe(stored);
    }
  });

  it('a new resolution of a meeting: refuses 20 digits and stores nothing', async () => {
    importSeed(connection);
    const cookies = await secretariat('IntMK');
    const meetingId = connection.db.select().from(resolutions).get()!.meetingId;
    const url = `/verwaltung/sitzungen/${meetingId}/neuer-beschluss`;
    const form = (await app.inject({ url, cookies })).body;
    // the breadcrumbs lead back to the meeting's TOPs, as on a stored TOP's page
    expect(form).toContain(`<li><a href="/verwaltung/sitzungen/${meetingId}">12. IntMK 2017</a></li>`);
    expect(form).toContain('<li><span aria-current="page">Neuer Beschluss</span></li>');
    const fields = formFields(form);
    const refused = await post(app, url, cookies, { ...fields, agendaItem: '99999999999999999999', title: 'Neuer Beschluss' });
    expect(refused.statusCode).toBe(422);
    expect(decodeHtml(refused.body)).toContain(TOO_LONG);
    expect(agendaItems()).toEqual(['2.12']);
    const created = await post(app, url, cookies, { ...fields, agendaItem: '5 a', title: 'Neuer Beschluss' });
    expect(created.statusCode).toBe(303);
    expect(agendaItems()).toEqual(['2.12', '5a']);
  });

  it('the corrections of the browser import: refuses 20 digits in German and stores nothing', async () => {
    const cookies = await secretariat('GMK');
    const page = await app.inject({ url: '/verwaltung/import', cookies });
    const hidden = (html: string, name: string) => decodeHtml(new RegExp(`name="${name}" value="([^"]*)"`).exec(html)![1]!);
    const upload = multipart({ _csrf: hidden(page.body, '_csrf') }, { name: 'gmk.txt', content: readFixture('import/synthetic-gmk-2011-ergebnisniederschrift.txt'), type: 'text/plain' });
    const preview = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...upload });
    expect(preview.statusCode).toBe(200);
    const form = new URLSearchParams({
      _csrf: hidden(preview.body, '_csrf'),
      ...Object.fromEntries(['source', 'document', 'lines', 'warnings'].map((name) => [`f0_${name}`, hidden(preview.body, `f0_${name}`)])),
      f0_r0_include: '1', f0_r0_agendaItem: '12345678901234567890',
    });
    const refused = await app.inject({ method: 'POST', url: '/verwaltung/import/speichern', cookies, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
    expect(refused.statusCode).toBe(422);
    expect(decodeHtml(refused.body)).toContain('„12345678901234567890“ ist als TOP-Nummer zu lang (höchstens 3 Ziffern je Teil und höchstens 5 Teile).');
    expect(agendaItems()).toEqual([]);
    form.set('f0_r0_agendaItem', '5 a');
    const saved = await app.inject({ method: 'POST', url: '/verwaltung/import/speichern', cookies, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
    expect(saved.statusCode).toBe(303); // to the import's result page
    expect(agendaItems()).toEqual(['5a']);
  });
});
