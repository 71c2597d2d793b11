/**
 * A secretariat's forms after a mistake: what was typed comes back as typed beside its message,
 * a message has a way forward, and nothing is saved. The real server in-process.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { conferenceIdOf, importSeed, loginAs, TEST_ACTOR, useTestApp } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { formFields, post } from './forms.js';

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
    expect(response.body).toContain('<input id="number" name="number" value="7a" inputmode="numeric" aria-invalid="true" aria-describedby="number-fehler">');
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
