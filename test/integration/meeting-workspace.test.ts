/**
 * A meeting as the secretariat's unit of work: the TOP list with review hints, the bulk release
 * in one transaction (one audit entry per TOP, all or nothing), the list's downloads, and the
 * edit form that returns to where the user came from.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, eq, inArray } from 'drizzle-orm';
import type { Connection } from '../../db/connection.js';
import { auditLog, demands, meetings, resolutions } from '../../db/schema.js';
import { buildTestApp, conferenceIdOf, loginAs as login, seedDocument, TEST_ACTOR } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { importDocument } from '../../src/services/import.js';
import { recordFollowUp } from '../../src/services/followups.js';
import type { ImportDocument } from '../../src/domain/import-format.js';
import { formFields, post } from './forms.js';

let app: FastifyInstance;
let connection: Connection;
const PASSWORD = 'ein langes sicheres Passwort';

/** A meeting (13th IntMK 2018) with `count` TOPs 1 … count, made from the seed resolution. */
export function collection(count: number): ImportDocument {
  const seed = seedDocument().resolutions[0]!;
  return {
    warnings: [],
    resolutions: Array.from({ length: count }, (_, i) => ({
      ...seed,
      meeting: { number: 13, year: 2018, startDate: '2018-04-12', endDate: '2018-04-13', place: 'Nürnberg' },
      agendaItem: String(i + 1),
      title: `${seed.title} (${i + 1})`,
      // TOP 3 without a formula and with a gap in its numbering: it gets review hints
      ...(i === 2 ? { decision: { ...seed.decision, formula: '' }, demands: seed.demands.filter((d) => d.number !== '2') } : {}),
    })),
  };
}

beforeEach(async () => {
  ({ app, connection } = await buildTestApp());
  await createUser(connection.db, TEST_ACTOR, { email: 'gs@intmk.example', name: 'Geschäftsstelle', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)], password: PASSWORD });
  await createUser(connection.db, TEST_ACTOR, { email: 'land@by.example', name: 'Land Bayern', role: 'land', land: 'BY', password: PASSWORD });
});
afterEach(async () => {
  await app.close();
});

const loginAs = (email: string) => login(app, email, PASSWORD);

function meetingId(): number {
  return connection.db.select({ id: meetings.id }).from(meetings).where(eq(meetings.number, 13)).get()!.id;
}

/** The bulk release form's fields, with the given TOP ids ticked. */
function releaseFields(html: string, ticked: number[]): Record<string, string | string[]> {
  const form = html.slice(html.indexOf('class="bulk-release"'), html.indexOf('</form>', html.indexOf('class="bulk-release"')));
  const fields: Record<string, string | string[]> = { top: ticked.map(String) };
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[m[1]!] = m[2]!;
  return fields;
}

describe('the meeting workspace', () => {
  it('lists every TOP with release state, Ziffern, follow-ups and review hints, and downloads the list', async () => {
    importDocument(connection.db, TEST_ACTOR, collection(12), { source: 'Test' });
    const cookies = await loginAs('gs@intmk.example');
    const page = await app.inject({ url: `/verwaltung/sitzungen/${meetingId()}`, cookies });
    expect(page.statusCode).toBe(200);
    const rows = [...page.body.matchAll(/<tr id="top-(\d+)">([\s\S]*?)<\/tr>/g)];
    expect(rows).toHaveLength(12);
    // in agenda order: 1, 2, … 10, 11, 12
    expect(rows.map((r) => /<th scope="row"[^>]*>([^<]+)<\/th>/.exec(r[2]!)![1])).toEqual(Array.from({ length: 12 }, (_, i) => String(i + 1)));
    expect(rows[0]![2]).toContain('Entwurf');
    expect(rows[0]![2]).toContain('data-label="Ziffern">5</td>');
    expect(rows[2]![2]).toContain('Keine Beschlussformel.');
    expect(rows[2]![2]).toContain('Die Nummerierung der Ziffern hat Lücken (es fehlt 2).');
    expect(page.body).toContain('noch nicht öffentlich');
    // the edit link brings the user back to this row
    expect(rows[0]![2]!.replaceAll('&#x3D;', '=')).toContain(`?zurueck=${encodeURIComponent(`/verwaltung/sitzungen/${meetingId()}#top-${rows[0]![1]}`)}`);

    const csv = await app.inject({ url: `/verwaltung/sitzungen/${meetingId()}/tops.csv`, cookies });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('TOP;Titel;Ergebnis;Freigabe;Veröffentlicht am;Ziffern;Folgemaßnahmen;Prüfhinweise');
    expect(lines).toHaveLength(13);
    expect(lines.slice(1).map((line) => line.split(';')[0])).toEqual(Array.from({ length: 12 }, (_, i) => `TOP ${i + 1}`));
    expect(csv.body.startsWith('\uFEFF')).toBe(true);
    const json = (await app.inject({ url: `/verwaltung/sitzungen/${meetingId()}/tops.json`, cookies })).json();
    expect(json.total).toBe(12);
    expect(json.rows[2]).toMatchObject({ agendaItem: '3', release: 'Entwurf', demands: 4 });

    // nobody but the secretariat
    const land = await loginAs('land@by.example');
    expect((await app.inject({ url: `/verwaltung/sitzungen/${meetingId()}`, cookies: land })).statusCode).toBe(403);
    expect((await app.inject({ url: `/verwaltung/sitzungen/${meetingId()}/tops.csv`, cookies: land })).statusCode).toBe(403);
  });

  it('counts each TOP\'s own follow-ups (not those of another resolution whose number happens to match)', async () => {
    importDocument(connection.db, TEST_ACTOR, collection(3), { source: 'Test' });
    const ids = connection.db.select({ id: resolutions.id }).from(resolutions).where(eq(resolutions.meetingId, meetingId())).orderBy(resolutions.sortKey).all().map((r) => r.id);
    const follow = (resolutionId: number) => recordFollowUp(connection.db, TEST_ACTOR, {
      resolutionId, demandId: null, date: '2019-01-10', actor: 'BMI', kind: 'response', summary: 'Das BMI antwortet.', link: null, resultingStatus: null, visibility: 'internal',
    });
    // TOP 1 two follow-ups, TOP 2 none, TOP 3 one
    follow(ids[0]!);
    follow(ids[0]!);
    follow(ids[2]!);
    const cookies = await loginAs('gs@intmk.example');
    const json = (await app.inject({ url: `/verwaltung/sitzungen/${meetingId()}/tops.json`, cookies })).json();
    expect(json.rows.map((row: { followUps: number }) => row.followUps)).toEqual([2, 0, 1]);
    const page = await app.inject({ url: `/verwaltung/sitzungen/${meetingId()}`, cookies });
    const rows = [...page.body.matchAll(/<tr id="top-(\d+)">([\s\S]*?)<\/tr>/g)].map((r) => [...r[2]!.matchAll(/<td class="fact" data-label="[^"]*">(\d+)<\/td>/g)].map((m) => Number(m[1])));
    // Ziffern, Folgemaßnahmen
    expect(rows).toEqual([[5, 2], [5, 0], [4, 1]]);
  });

  it('releases the chosen TOPs in one step with one audit entry each, and publishes the whole meeting', async () => {
    importDocument(connection.db, TEST_ACTOR, collection(40), { source: 'Test' });
    const id = meetingId();
    const cookies = await loginAs('gs@intmk.example');
    const page = await app.inject({ url: `/verwaltung/sitzungen/${id}`, cookies });
    const ids = connection.db.select({ id: resolutions.id }).from(resolutions).where(eq(resolutions.meetingId, id)).all().map((r) => r.id);
    expect(ids).toHaveLength(40);

    const internal = await post(app, `/verwaltung/sitzungen/${id}/freigabe`, cookies, { ...releaseFields(page.body, ids.slice(0, 5)), release: 'internal', releasedOn: '' });
    expect(internal.statusCode).toBe(303);
    expect(internal.headers.location).toBe(`/verwaltung/sitzungen/${id}?freigegeben=5#tops`);
    const states = () => connection.db.select({ release: resolutions.release }).from(resolutions).where(eq(resolutions.meetingId, id)).all().map((r) => r.release);
    expect(states().filter((s) => s === 'internal')).toHaveLength(5);
    expect(connection.db.select().from(auditLog).where(eq(auditLog.action, 'resolution.release')).all()).toHaveLength(5);
    expect((await app.inject({ url: `/verwaltung/sitzungen/${id}?freigegeben=5`, cookies })).body).toContain('Der Freigabestatus von 5 TOPs wurde geändert.');
    expect((await app.inject('/intmk/13')).statusCode).toBe(404);

    // a stale list (the 5 changed since) releases nothing and says which TOPs changed
    const stale = await post(app, `/verwaltung/sitzungen/${id}/freigabe`, cookies, { ...releaseFields(page.body, ids.slice(0, 10)), release: 'public', releasedOn: '01.05.2018' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Die TOPs 1, 2, 3, 4, 5 wurden inzwischen geändert');
    expect(states().filter((s) => s === 'public')).toHaveLength(0);

    // nothing ticked; a bad date: German messages, nothing changed
    const fresh = (await app.inject({ url: `/verwaltung/sitzungen/${id}`, cookies })).body;
    const none = await post(app, `/verwaltung/sitzungen/${id}/freigabe`, cookies, { ...releaseFields(fresh, []), release: 'public', releasedOn: '' });
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('Bitte wählen Sie mindestens einen TOP aus.');
    const badDate = await post(app, `/verwaltung/sitzungen/${id}/freigabe`, cookies, { ...releaseFields(fresh, ids), release: 'public', releasedOn: '31.02.2018' });
    expect(badDate.statusCode).toBe(422);
    expect(badDate.body).toContain('gültiges Freigabedatum');
    expect(states().filter((s) => s === 'public')).toHaveLength(0);
    // the message stands at the date, which keeps what was typed (not today's date in its place), and the ticks stay
    expect(badDate.body).toMatch(/<input id="releasedOn" name="releasedOn" value="31\.02\.2018"[^>]* aria-invalid="true" aria-describedby="releasedOn-fehler">/);
    expect(badDate.body).toContain('<p class="field-error" id="releasedOn-fehler">Bitte ein gültiges Freigabedatum angeben (TT.MM.JJJJ).</p>');
    expect(badDate.body).toContain('<a href="#releasedOn">Bitte ein gültiges Freigabedatum angeben');
    expect(badDate.body.match(/name="top" value="\d+" checked/g)).toHaveLength(40);
    const wrongDate = await post(app, `/verwaltung/sitzungen/${id}/freigabe`, cookies, { ...releaseFields(fresh, ids.slice(0, 1)), release: 'public', releasedOn: 'gestern' });
    expect(wrongDate.statusCode).toBe(422);
    expect(wrongDate.body).toContain('<option value="public" selected>');
    expect(wrongDate.body.match(/name="top" value="\d+" checked/g)).toHaveLength(1);
    expect(states().filter((s) => s === 'public')).toHaveLength(0);
    // nothing ticked: the message is at the TOPs' boxes
    expect(none.body).toMatch(/name="top" value="\d+" aria-invalid="true" aria-describedby="freigabe-fehler"/);
    expect(none.body).toContain(`<a href="#auswahl-${ids[0]}">Bitte wählen Sie mindestens einen TOP aus.</a>`);

    // "Sitzung veröffentlichen": asks first, naming the TOPs that become public, and changes nothing yet
    const publicBefore = states().filter((s) => s === 'public').length;
    const ask = await post(app, `/verwaltung/sitzungen/${id}/freigabe`, cookies, { ...releaseFields(fresh, []), release: 'draft', releasedOn: '01.05.2018', alle: '1' });
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('<h1>13. IntMK 2018 veröffentlichen?</h1>');
    expect(ask.body).toContain('mit dem Freigabedatum 01.05.2018 öffentlich');
    expect(ask.body.match(/<th scope="row" class="top">/g)).toHaveLength(40 - publicBefore);
    expect(ask.body).toContain(`<a href="/verwaltung/sitzungen/${id}#tops">Abbrechen, nichts veröffentlichen</a>`);
    expect(states().filter((s) => s === 'public')).toHaveLength(publicBefore);
    // confirmed: all 40 public with the date, in one step
    const all = await post(app, `/verwaltung/sitzungen/${id}/freigabe`, cookies, formFields(ask.body, `<form method="post" action="/verwaltung/sitzungen/${id}/freigabe"`));
    expect(all.statusCode).toBe(303);
    expect(states().every((s) => s === 'public')).toBe(true);
    const released = connection.db.select().from(resolutions).where(and(eq(resolutions.meetingId, id), inArray(resolutions.id, ids))).all();
    expect(new Set(released.map((r) => r.releasedOn))).toEqual(new Set(['2018-05-01']));
    expect(connection.db.select().from(auditLog).where(eq(auditLog.action, 'resolution.release')).all()).toHaveLength(45);
    expect((await app.inject('/intmk/13')).statusCode).toBe(200);
    expect((await app.inject({ url: `/verwaltung/sitzungen/${id}`, cookies })).body).toContain('Seite der Sitzung im Archiv ansehen');
  });

  it('selects all TOPs by link, without JavaScript', async () => {
    importDocument(connection.db, TEST_ACTOR, collection(3), { source: 'Test' });
    const cookies = await loginAs('gs@intmk.example');
    const page = await app.inject({ url: `/verwaltung/sitzungen/${meetingId()}?auswahl=alle`, cookies });
    expect(page.body.match(/name="top" value="\d+" checked/g)).toHaveLength(3);
    const plain = await app.inject({ url: `/verwaltung/sitzungen/${meetingId()}`, cookies });
    expect(plain.body.match(/name="top" value="\d+" checked/g)).toBeNull();
  });
});

describe('the edit form of a TOP', () => {
  it('says in the edit form why a Ziffer with follow-ups cannot be deleted, in the singular for one', async () => {
    importDocument(connection.db, TEST_ACTOR, collection(1), { source: 'Test' });
    const id = connection.db.select({ id: resolutions.id }).from(resolutions).get()!.id;
    const [first, second] = connection.db.select({ id: demands.id }).from(demands).where(eq(demands.resolutionId, id)).orderBy(demands.position).all();
    const follow = (demandId: number) => recordFollowUp(connection.db, TEST_ACTOR, {
      resolutionId: id, demandId, date: '2019-01-10', actor: 'BMI', kind: 'response', summary: 'Das BMI antwortet.', link: null, resultingStatus: null, visibility: 'internal',
    });
    follow(first!.id);
    follow(second!.id);
    follow(second!.id);
    const page = (await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies: await loginAs('gs@intmk.example') })).body;
    expect(page).toContain('Zu dieser Ziffer gibt es eine Folgemaßnahme; sie kann nicht gelöscht werden.');
    expect(page).toContain('Zu dieser Ziffer gibt es 2 Folgemaßnahmen; sie kann nicht gelöscht werden.');
    expect(page).not.toContain('gibt es 1 Folgemaßnahmen');
  });

  it('adds a Ziffer and removes another in one save, and returns to the page the user came from', async () => {
    importDocument(connection.db, TEST_ACTOR, collection(2), { source: 'Test' });
    const id = connection.db.select({ id: resolutions.id }).from(resolutions).where(eq(resolutions.agendaItem, '1')).get()!.id;
    const cookies = await loginAs('gs@intmk.example');
    const back = `/verwaltung/sitzungen/${meetingId()}#top-${id}`;
    const page = await app.inject({ url: `/verwaltung/beschluesse/${id}?zurueck=${encodeURIComponent(back)}`, cookies });
    const fields = formFields(page.body);
    expect(fields.zurueck).toBe(back);
    // Ziffer 2 removed, a new Ziffer 6 in the empty row
    const saved = await post(app, `/verwaltung/beschluesse/${id}`, cookies, {
      ...fields,
      demand_1_delete: '1',
      demand_5_number: '6',
      demand_5_text: 'Die IntMK bittet den Bund, über die Umsetzung zu berichten.',
      demand_5_addressees: 'bund',
    });
    expect(saved.statusCode).toBe(303);
    // back where the user came from, which says that it is saved
    expect(saved.headers.location).toBe(`/verwaltung/sitzungen/${meetingId()}?gespeichert#top-${id}`);
    expect((await app.inject({ url: saved.headers.location, cookies })).body).toContain('<p class="message message-info" role="status">Gespeichert.</p>');
    const numbers = connection.db.select().from(demands).where(eq(demands.resolutionId, id)).orderBy(demands.position).all().map((d) => d.number);
    expect(numbers).toEqual(['1', '3', '4', '5', '6']);

    // reordered and renumbered in one save
    const again = formFields((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body);
    const reordered = await post(app, `/verwaltung/beschluesse/${id}`, cookies, { ...again, demand_4_order: '0', renumber: '1' });
    expect(reordered.statusCode).toBe(303);
    expect(reordered.headers.location).toBe(`/verwaltung/sitzungen/${meetingId()}?gespeichert`);
    const rows = connection.db.select().from(demands).where(eq(demands.resolutionId, id)).orderBy(demands.position).all();
    expect(rows.map((d) => d.number)).toEqual(['1', '2', '3', '4', '5']);
    expect(rows[0]!.text).toBe('Die IntMK bittet den Bund, über die Umsetzung zu berichten.');
  });

  it('from the resolution\'s page, a save goes back to it and says the resolution is saved', async () => {
    importDocument(connection.db, TEST_ACTOR, collection(1), { source: 'Test', release: 'public', releasedOn: '2024-01-01' });
    const stored = connection.db.select({ id: resolutions.id, agendaItem: resolutions.agendaItem }).from(resolutions).get()!;
    const cookies = await loginAs('gs@intmk.example');
    // the page's own link to the resolution's page, as its "Bearbeiten" button leads here
    const path = /<p class="lead">[^<]*<a href="([^"]+)"/.exec((await app.inject({ url: `/verwaltung/beschluesse/${stored.id}`, cookies })).body)![1]!;
    expect(path).toMatch(/^\/intmk\/\d+\/top\//);
    const edit = await app.inject({ url: `/verwaltung/beschluesse/${stored.id}?zurueck=${encodeURIComponent(path)}`, cookies });
    const saved = await post(app, `/verwaltung/beschluesse/${stored.id}`, cookies, { ...formFields(edit.body), title: 'Neuer Titel' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${path}?gespeichert=beschluss`);
    const shown = (await app.inject({ url: saved.headers.location, cookies })).body;
    expect(shown).toContain('<p class="message message-info" role="status">Der Beschluss ist gespeichert.</p>');
    expect(shown).not.toContain('Die Folgemaßnahme ist gespeichert.');
  });

  it('keeps a report date that is no date as typed, with "more rows" and in a refused save, beside its message', async () => {
    importDocument(connection.db, TEST_ACTOR, collection(1), { source: 'Test' });
    const id = connection.db.select({ id: resolutions.id }).from(resolutions).get()!.id;
    const before = connection.db.select().from(demands).where(eq(demands.resolutionId, id)).all();
    const cookies = await loginAs('gs@intmk.example');
    const fields = formFields((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body);
    const more = await post(app, `/verwaltung/beschluesse/${id}`, cookies, { ...fields, demand_0_due: '31.02.2027', mehr: '1' });
    expect(more.statusCode).toBe(200);
    expect(more.body).toContain('name="demand_0_due" value="31.02.2027"');
    const refused = await post(app, `/verwaltung/beschluesse/${id}`, cookies, { ...formFields(more.body), title: 'Mit falschem Datum' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('name="demand_0_due" value="31.02.2027" inputmode="numeric" aria-invalid="true" aria-describedby="demand_0_due-fehler">');
    expect(refused.body).toContain('<p class="field-error" id="demand_0_due-fehler">Bitte ein gültiges Datum angeben (TT.MM.JJJJ).</p>');
    expect(connection.db.select().from(demands).where(eq(demands.resolutionId, id)).all()).toEqual(before);
    expect(connection.db.select().from(resolutions).get()!.title).not.toBe('Mit falschem Datum');
  });

  it('offers more empty rows without saving, and refuses return paths to other sites', async () => {
    importDocument(connection.db, TEST_ACTOR, collection(1), { source: 'Test' });
    const id = connection.db.select({ id: resolutions.id }).from(resolutions).get()!.id;
    const cookies = await loginAs('gs@intmk.example');
    const fields = formFields((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body);
    const more = await post(app, `/verwaltung/beschluesse/${id}`, cookies, { ...fields, title: 'Noch nicht gespeichert', mehr: '1' });
    expect(more.statusCode).toBe(200);
    expect(more.body).toContain('>Noch nicht gespeichert</textarea>');
    expect(more.body.match(/<legend>Neue Ziffer<\/legend>/g)).toHaveLength(2);
    expect(more.body).toContain('name="statement_1_text"');
    expect(connection.db.select().from(resolutions).get()!.title).not.toBe('Noch nicht gespeichert');

    for (const evil of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      const page = await app.inject({ url: `/verwaltung/beschluesse/${id}?zurueck=${encodeURIComponent(evil)}`, cookies });
      expect(formFields(page.body).zurueck).toBe(`/verwaltung/sitzungen/${meetingId()}`);
      const current = formFields(page.body);
      const saved = await post(app, `/verwaltung/beschluesse/${id}`, cookies, { ...current, zurueck: evil });
      expect(saved.headers.location).toBe(`/verwaltung/sitzungen/${meetingId()}?gespeichert`);
    }
  });
});
