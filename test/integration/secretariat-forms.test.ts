/**
 * A secretariat's forms after a mistake: what was typed comes back as typed beside its message,
 * a message has a way forward, and nothing is saved. The real server in-process.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { conferenceIdOf, importSeed, loginAs, readFixture, TEST_ACTOR, useTestApp } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { formFields, multipart, post } from './forms.js';

let app: FastifyInstance;
let connection: Connection;
useTestApp((built) => ({ app, connection } = built));
const PASSWORD = 'ein langes sicheres Passwort';

async function secretariat(): Promise<Record<string, string>> {
  await createUser(connection.db, TEST_ACTOR, { email: 'gs@intmk.example', name: 'Geschäftsstelle', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)], password: PASSWORD });
  return loginAs(app, 'gs@intmk.example', PASSWORD);
}

const count = (table: string) => connection.sqlite.prepare(`select count(*) from ${table}`).pluck().get() as number;

describe('the meeting form', () => {
  it('shows a meeting number and a year that are none as typed, beside their messages', async () => {
    const cookies = await secretariat();
    const url = `/verwaltung/konferenzen/${conferenceIdOf(connection)}/neue-sitzung`;
    const fields = formFields((await app.inject({ url, cookies })).body, 'class="form edit-form"');
    const meetings = count('meetings');
    const response = await post(app, url, cookies, { ...fields, number: '7a', year: '20x2', place: 'Überherrn' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('<input id="number" name="number" value="7a" inputmode="numeric" aria-invalid="true" aria-describedby="adresse-hinweis number-fehler">');
    expect(response.body).toContain('<input id="year" name="year" value="20x2" inputmode="numeric" aria-invalid="true" aria-describedby="year-fehler">');
    expect(response.body).toContain('value="Überherrn"');
    expect(count('meetings')).toBe(meetings);
  });

  it('links the meeting that exists already from its message', async () => {
    importSeed(connection);
    const cookies = await secretariat();
    const existing = connection.sqlite.prepare("select id from meetings where url_key = '12'").pluck().get() as number;
    const url = `/verwaltung/konferenzen/${conferenceIdOf(connection)}/neue-sitzung`;
    const fields = formFields((await app.inject({ url, cookies })).body, 'class="form edit-form"');
    const meetings = count('meetings');
    const response = await post(app, url, cookies, { ...fields, number: '12', year: '2017' });
    expect(response.statusCode).toBe(422);
    const summary = response.body.slice(response.body.indexOf('error-summary'), response.body.indexOf('</ul>', response.body.indexOf('error-summary')));
    expect(summary).toContain('<a href="#number">Diese Konferenz hat bereits eine Sitzung 12.</a>');
    expect(summary).toContain(`<a href="/verwaltung/sitzungen/${existing}">Zur vorhandenen Sitzung</a>`);
    // the message stands at the number, too, which is marked
    expect(response.body).toContain('<input id="number" name="number" value="12" inputmode="numeric" aria-invalid="true"');
    expect(count('meetings')).toBe(meetings);
  });
});

describe('the resolution form', () => {
  const stateOf = (id: number) => connection.sqlite.prepare('select title, release, released_on as releasedOn, version from resolutions where id = ?').get(id) as { title: string; release: string; releasedOn: string | null; version: number };
  const auditOf = (id: number) => connection.sqlite.prepare("select action from audit_log where entity_type = 'resolution' and entity_id = ? order by id").pluck().all(String(id)) as string[];

  it('"Speichern" saves a changed release state with the other fields, in one go, with both audit entries', async () => {
    const id = importSeed(connection, 'draft').items[0]!.id;
    const cookies = await secretariat();
    const fields = formFields((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body);
    const audits = auditOf(id);

    // a field in error: nothing is saved, neither the title nor the state, and the chosen state comes back
    const refused = await post(app, `/verwaltung/beschluesse/${id}`, cookies, { ...fields, title: '', release: 'public', releasedOn: '02.05.2017' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('<option value="public" selected>');
    expect(stateOf(id)).toMatchObject({ release: 'draft', releasedOn: null });
    expect(auditOf(id)).toEqual(audits);

    const saved = await post(app, `/verwaltung/beschluesse/${id}`, cookies, { ...fields, title: 'Berichtigter Titel', release: 'public', releasedOn: '02.05.2017' });
    expect(saved.statusCode).toBe(303);
    expect(stateOf(id)).toMatchObject({ title: 'Berichtigter Titel', release: 'public', releasedOn: '2017-05-02' });
    expect(auditOf(id)).toEqual([...audits, 'resolution.update', 'resolution.release']);
    expect((await app.inject('/intmk/12/top/2.12')).body).toContain('Berichtigter Titel');

    // back to internal (a withdrawal) the same way
    const again = formFields((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body);
    const withdrawn = await post(app, `/verwaltung/beschluesse/${id}`, cookies, { ...again, release: 'internal' });
    expect(withdrawn.statusCode).toBe(303);
    expect(stateOf(id)).toMatchObject({ release: 'internal', releasedOn: null });
    expect(auditOf(id).slice(-2)).toEqual(['resolution.update', 'resolution.withdraw']);
  });
});

describe('the resolution form after a mistake', () => {
  const rowOf = (html: string, name: string) => /<input id="([^"]+)" name="\1"[^>]*>/g.exec(html.slice(html.indexOf(`name="${name}"`) - 60))?.[0] ?? '';

  it('shows vote counts, positions and meeting numbers that are none as typed, beside their messages, and saves nothing', async () => {
    const id = importSeed(connection, 'draft').items[0]!.id;
    const cookies = await secretariat();
    const fields = formFields((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body);
    const before = connection.sqlite.prepare('select version, votes_yes from resolutions where id = ?').get(id);
    const response = await post(app, `/verwaltung/beschluesse/${id}`, cookies, {
      ...fields, voting: 'counted', votesYes: 'zwölf', votesNo: '3', demand_1_order: 'zweite', demand_2_dueMeeting: '13.',
    });
    expect(response.statusCode).toBe(422);
    expect(rowOf(response.body, 'votesYes')).toBe('<input id="votesYes" name="votesYes" value="zwölf" inputmode="numeric" aria-describedby="votes-hint votesYes-fehler" aria-invalid="true">');
    expect(rowOf(response.body, 'votesNo')).toContain('value="3"');
    // the position that is none is refused (not silently put at the end), at its own row
    expect(rowOf(response.body, 'demand_1_order')).toBe('<input id="demand_1_order" name="demand_1_order" value="zweite" inputmode="numeric" aria-invalid="true" aria-describedby="demand_1_order-fehler">');
    expect(response.body).toContain('<a href="#demand_1_order">Bitte die Position als ganze Zahl angeben, z. B. 3.</a>');
    expect(rowOf(response.body, 'demand_2_dueMeeting')).toContain('value="13."');
    expect(rowOf(response.body, 'demand_2_dueMeeting')).toContain('aria-invalid="true"');
    expect(connection.sqlite.prepare('select version, votes_yes from resolutions where id = ?').get(id)).toEqual(before);
  });

  it('keeps a Ziffer ticked to delete and puts each problem at the row it belongs to, whatever the order', async () => {
    const id = importSeed(connection, 'draft').items[0]!.id;
    const cookies = await secretariat();
    const fields = formFields((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body);
    const demandsBefore = connection.sqlite.prepare('select id, number, text from demands where resolution_id = ? order by position').all(id) as { id: number; number: string; text: string }[];
    // Ziffer 1 to delete, Ziffer 3 moved first and its text emptied by mistake
    const response = await post(app, `/verwaltung/beschluesse/${id}`, cookies, { ...fields, demand_0_delete: '1', demand_2_order: '0', demand_2_text: '' });
    expect(response.statusCode).toBe(422);
    const form = formFields(response.body);
    // the row in error is the first row now: its message, its marked field and the summary's link agree
    expect(form.demand_0_id).toBe(String(demandsBefore[2]!.id));
    expect(response.body).toContain('<a href="#demand_0_text">Bitte den Text der Ziffer angeben.</a>');
    expect(response.body).toMatch(/<textarea id="demand_0_text" name="demand_0_text" rows="4" aria-invalid="true"/);
    // Ziffer 1 is still there, still ticked to delete
    const deleted = Object.entries(form).find(([key, value]) => /^demand_\d+_id$/.test(key) && value === String(demandsBefore[0]!.id))!;
    expect(form[deleted[0].replace('_id', '_delete')]).toBe('1');
    expect(connection.sqlite.prepare('select id, number, text from demands where resolution_id = ? order by position').all(id)).toEqual(demandsBefore);

    // corrected and sent again: Ziffer 1 is gone, Ziffer 3 first
    const saved = await post(app, `/verwaltung/beschluesse/${id}`, cookies, { ...form, demand_0_text: demandsBefore[2]!.text });
    expect(saved.statusCode).toBe(303);
    const after = connection.sqlite.prepare('select id from demands where resolution_id = ? order by position').pluck().all(id);
    expect(after).toEqual([demandsBefore[2]!.id, demandsBefore[1]!.id, ...demandsBefore.slice(3).map((d) => d.id)]);
  });
});

describe('"Status ändern" refused', () => {
  it('lists the problem at the top, where the focus lands, linked to its field, and changes nothing', async () => {
    const id = importSeed(connection, 'draft').items[0]!.id;
    const cookies = await secretariat();
    const fields = formFields((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body);
    const response = await post(app, `/verwaltung/beschluesse/${id}/freigabe`, cookies, { ...fields, release: 'public', releasedOn: '31.02.2018' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toMatch(/<div class="message message-error error-summary" role="alert" tabindex="-1" autofocus id="fehler">\s*<p>Bitte korrigieren Sie die markierten Angaben:<\/p>\s*<ul><li><a href="#releasedOn">Bitte ein gültiges Freigabedatum angeben \(TT\.MM\.JJJJ\)\.<\/a><\/li><\/ul>/);
    expect(response.body).toContain('<input id="releasedOn" name="releasedOn" value="31.02.2018" inputmode="numeric" autocomplete="off" aria-invalid="true"');
    expect(connection.sqlite.prepare('select release from resolutions where id = ?').pluck().get(id)).toBe('draft');
  });
});

describe('the import preview of a TOP the meeting has already', () => {
  async function preview(cookies: Record<string, string>) {
    const token = /name="_csrf" value="([^"]+)"/.exec((await app.inject({ url: '/verwaltung/import', cookies })).body)![1]!;
    const response = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...multipart({ _csrf: token }, { name: 'top-2.12.txt', content: readFixture('import/intmk-2017-top-2.12.txt'), type: 'text/plain' }) });
    expect(response.statusCode).toBe(200);
    return response.body;
  }

  it('says that importing it replaces its text, and that corrections made by hand since would be lost', async () => {
    const id = importSeed(connection, 'public').items[0]!.id;
    const cookies = await secretariat();
    const first = await preview(cookies);
    expect(first).toContain('<p class="message message-warning" id="f0_r0_stored">Diesen TOP hat die Sitzung schon (öffentlich). Übernehmen ersetzt seinen Text durch den Text dieser Vorschau.</p>');
    expect(first).toContain('name="f0_r0_include" value="1" checked aria-describedby="f0_r0_stored">');

    // corrected by hand: the preview says what would be lost, and how to keep it
    const fields = formFields((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body);
    expect((await post(app, `/verwaltung/beschluesse/${id}`, cookies, { ...fields, title: 'Von Hand berichtigt' })).statusCode).toBe(303);
    const second = await preview(cookies);
    expect(second).toContain('und er wurde nach seinem letzten Import von Hand bearbeitet. Übernehmen ersetzt seinen Text durch den Text dieser Vorschau: Was nur von Hand eingetragen ist (etwa eine ergänzte Ziffer), geht verloren. Um es zu behalten, nehmen Sie das Häkchen bei „Diesen Beschluss übernehmen“ weg.');
  });
});

describe('the release date of a public resolution', () => {
  const stateOf = (id: number) => connection.sqlite.prepare('select release, released_on as releasedOn from resolutions where id = ?').get(id);
  const releases = (id: number) => connection.sqlite.prepare("select json_extract(before, '$.releasedOn') || ' → ' || json_extract(after, '$.releasedOn') from audit_log where action = 'resolution.release' and entity_id = ? order by id").pluck().all(String(id));

  it('is corrected by "Status ändern" and by "Speichern", with an audit entry each, instead of being ignored', async () => {
    const id = importSeed(connection, 'public').items[0]!.id;
    const cookies = await secretariat();
    const page = (await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body;
    expect(page).toContain('name="releasedOn" value="01.04.2017"');
    const changed = await post(app, `/verwaltung/beschluesse/${id}/freigabe`, cookies, { ...formFields(page), release: 'public', releasedOn: '02.04.2017' });
    expect(changed.statusCode).toBe(200);
    expect(changed.body).toContain('Der Freigabestatus ist gespeichert.');
    expect(stateOf(id)).toEqual({ release: 'public', releasedOn: '2017-04-02' });
    const saved = await post(app, `/verwaltung/beschluesse/${id}`, cookies, { ...formFields(changed.body), releasedOn: '03.04.2017' });
    expect(saved.statusCode).toBe(303);
    expect(stateOf(id)).toEqual({ release: 'public', releasedOn: '2017-04-03' });
    expect(releases(id)).toEqual(['2017-04-01 → 2017-04-02', '2017-04-02 → 2017-04-03']);
    // the form sent again unchanged changes nothing
    const again = formFields((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body);
    expect((await post(app, `/verwaltung/beschluesse/${id}/freigabe`, cookies, again)).statusCode).toBe(200);
    expect(releases(id)).toHaveLength(2);
  });
});

describe('a TOP number the meeting has already', () => {
  it('is refused at the field with a link to that TOP, in the new-resolution form and in the edit form, and nothing is saved', async () => {
    const existing = importSeed(connection, 'draft').items[0]!.id;
    const cookies = await secretariat();
    const meetingId = connection.sqlite.prepare('select meeting_id from resolutions where id = ?').pluck().get(existing) as number;
    const url = `/verwaltung/sitzungen/${meetingId}/neuer-beschluss`;
    const count = () => connection.sqlite.prepare('select count(*) from resolutions').pluck().get();
    const before = count();
    const created = await post(app, url, cookies, { ...formFields((await app.inject({ url, cookies })).body), agendaItem: '2.12', title: 'Noch einmal' });
    expect(created.statusCode).toBe(422);
    expect(created.body).toContain(`<li><a href="#agendaItem">TOP 2.12 gibt es in dieser Sitzung bereits.</a> <a href="/verwaltung/beschluesse/${existing}">Zum vorhandenen TOP</a></li>`);
    expect(created.body).toContain('>Noch einmal</textarea>');
    expect(count()).toBe(before);

    // another TOP of the meeting renumbered to 2.12
    const ok = await post(app, url, cookies, { ...formFields((await app.inject({ url, cookies })).body), agendaItem: '2.13', title: 'Ein weiterer TOP' });
    expect(ok.statusCode).toBe(303);
    const other = Number(/beschluesse\/(\d+)/.exec(ok.headers.location as string)![1]);
    const edited = await post(app, `/verwaltung/beschluesse/${other}`, cookies, { ...formFields((await app.inject({ url: `/verwaltung/beschluesse/${other}`, cookies })).body), agendaItem: '2.12' });
    expect(edited.statusCode).toBe(422);
    expect(edited.body).toContain(`<li><a href="#agendaItem">TOP 2.12 gibt es in dieser Sitzung bereits.</a> <a href="/verwaltung/beschluesse/${existing}">Zum vorhandenen TOP</a></li>`);
    expect(edited.body).toMatch(/<input id="agendaItem" name="agendaItem" value="2.12" required aria-invalid="true"/);
    expect(connection.sqlite.prepare('select agenda_item from resolutions where id = ?').pluck().get(other)).toBe('2.13');
  });
});
