/**
 * The error summary of every refused form (views/partials/error-summary.hbs): the focus lands on
 * it, and each of its items is a link to the field it is about, an element of the same page.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { conferenceIdOf, importSeed, loginAs as login, TEST_ACTOR, useTestApp } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { createPasswordLinkIn } from '../../src/services/account-links.js';
import { users } from '../../db/schema.js';
import { eq } from 'drizzle-orm';
import { decodeHtml, formFields, multipart, post } from './forms.js';

let app: FastifyInstance;
let connection: Connection;
let resolutionId: number;
const PASSWORD = 'ein langes sicheres Passwort';

useTestApp((built) => ({ app, connection } = built));

beforeEach(async () => {
  resolutionId = importSeed(connection).items[0]!.id;
  await createUser(connection.db, TEST_ACTOR, { email: 'gs@intmk.example', name: 'GS', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)], password: PASSWORD });
  await createUser(connection.db, TEST_ACTOR, { email: 'admin@example.org', name: 'Admin', role: 'admin', conferenceIds: [], password: PASSWORD });
});

const token = (html: string) => decodeHtml(/name="_csrf" value="([^"]+)"/.exec(html)![1]!);

/** The summary's items as [target id, text]; fails when an item is no link or its target is not on the page. */
function summary(html: string): [string, string][] {
  const page = decodeHtml(html);
  const block = /<div class="message message-error error-summary" role="alert" tabindex="-1" autofocus[^>]*>([\s\S]*?)<\/div>/.exec(page);
  expect(block, 'an error summary').not.toBeNull();
  return [...block![1]!.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((item) => {
    const link = /^<a href="#([^"]+)">([^<]+)<\/a>$/.exec(item[1]!);
    expect(link, `a link: ${item[1]}`).not.toBeNull();
    expect(page, `the target of ${item[1]}`).toMatch(new RegExp(`<[a-z]+ [^>]*id="${link![1]}"`));
    return [link![1]!, link![2]!];
  });
}

async function submit(cookies: Record<string, string>, url: string, fields: Record<string, string | string[]>) {
  const form = await app.inject({ url, cookies });
  return post(app, url, cookies, { _csrf: token(form.body), ...fields });
}

describe('error summaries link to their fields', () => {
  it('the follow-up form, a group of radio buttons included', async () => {
    const cookies = await login(app, 'gs@intmk.example', PASSWORD);
    const url = `/beschluesse/${resolutionId}/folgemassnahme`;
    const refused = await submit(cookies, url, { version: '0', demand: '', date: '31.02.2019', actor: 'BMI', kind: 'response', summary: ' ', link: 'javascript:x', status: '', visibility: 'geheim' });
    expect(refused.statusCode).toBe(422);
    expect(summary(refused.body).map(([id]) => id)).toEqual(['demand', 'date', 'visibility-internal', 'summary', 'link']);
  });

  it('the TOP, the meeting and the conference forms of the workspace', async () => {
    const cookies = await login(app, 'gs@intmk.example', PASSWORD);
    const edit = await app.inject({ url: `/verwaltung/beschluesse/${resolutionId}`, cookies });
    const fields = { ...formFields(edit.body), title: '', voting: 'counted', votesYes: 'viele', demand_0_due: 'morgen' };
    const top = await post(app, `/verwaltung/beschluesse/${resolutionId}`, cookies, fields);
    expect(top.statusCode).toBe(422);
    expect(summary(top.body).map(([id]) => id).sort()).toEqual(['demand_0_due', 'title', 'votesYes']);

    const conferenceId = conferenceIdOf(connection);
    const meeting = await submit(cookies, `/verwaltung/konferenzen/${conferenceId}/neue-sitzung`, { version: '0', number: 'x', year: '1800', startDate: '', endDate: '', place: '', kind: 'regular', chairLand: '' });
    expect(meeting.statusCode).toBe(422);
    expect(summary(meeting.body).map(([id]) => id)).toEqual(['number', 'year', 'kind']);

    const conference = await submit(cookies, '/verwaltung/konferenzen/neu', { version: '0', shortName: '!', name: '', description: '' });
    expect(conference.statusCode).toBe(422);
    expect(summary(conference.body).map(([id]) => id)).toEqual(['shortName', 'name']);
  });

  it('the import form: the files, or the pasted text', async () => {
    const cookies = await login(app, 'gs@intmk.example', PASSWORD);
    const form = await app.inject({ url: '/verwaltung/import', cookies });
    const nothing = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...multipart({ _csrf: token(form.body) }) });
    expect(nothing.statusCode).toBe(422);
    expect(summary(nothing.body).map(([id]) => id)).toEqual(['datei']);
    const files = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...multipart({ _csrf: token(form.body) }, { name: 'a.txt', content: 'kein Beschluss', type: 'text/plain' }, { name: 'b.txt', content: 'auch keiner', type: 'text/plain' }) });
    expect(summary(files.body).map(([id]) => id)).toEqual(['datei', 'datei']);
    expect(files.body).toMatch(/<input id="datei"[^>]*aria-describedby="datei-hint datei-fehler" aria-invalid="true">/);
    const pasted = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...multipart({ _csrf: token(form.body), text: 'kein Beschluss' }) });
    expect(summary(pasted.body).map(([id]) => id)).toEqual(['text']);
    expect(pasted.body).toMatch(/<textarea id="text"[^>]*aria-describedby="text-hint text-fehler" aria-invalid="true">/);
  });

  it('the password and the administration forms', async () => {
    const cookies = await login(app, 'gs@intmk.example', PASSWORD);
    const password = await submit(cookies, '/konto/passwort', { current: PASSWORD, next: 'kurz', repeat: 'anders' });
    expect(password.statusCode).toBe(422);
    expect(summary(password.body).map(([id]) => id)).toEqual(['repeat']);
    const wrong = await submit(cookies, '/konto/passwort', { current: 'falsch', next: 'kurz', repeat: 'kurz' });
    expect(summary(wrong.body).map(([id]) => id)).toEqual(['current']);

    const admin = await login(app, 'admin@example.org', PASSWORD);
    const user = await submit(admin, '/verwaltung/benutzer/neu', { email: 'keine-adresse', name: '', role: 'secretariat', land: '', zugang: 'einmalpasswort' });
    expect(user.statusCode).toBe(422);
    expect(summary(user.body).map(([id]) => id)).toEqual(['email', 'name', 'conferences']);
  });

  it('the password forms mark the field a problem is about and say it next to it, not only in the summary', async () => {
    /** The input of `id` with its attributes, and the message after it (the one its aria-describedby names). */
    const field = (html: string, id: string) => {
      const page = decodeHtml(html);
      const input = new RegExp(`<input id="${id}"[^>]*>`).exec(page)![0]!;
      const message = new RegExp(`<p class="field-error" id="${id}-fehler">([^<]+)</p>`).exec(page)?.[1] ?? null;
      return { invalid: input.includes('aria-invalid="true"'), describedBy: /aria-describedby="([^"]+)"/.exec(input)?.[1] ?? null, message };
    };
    const cookies = await login(app, 'gs@intmk.example', PASSWORD);
    const mismatch = await submit(cookies, '/konto/passwort', { current: PASSWORD, next: 'ein anderes langes Passwort', repeat: 'ein anderes langes Passwor' });
    expect(mismatch.statusCode).toBe(422);
    expect(field(mismatch.body, 'repeat')).toEqual({ invalid: true, describedBy: 'repeat-fehler', message: 'Die beiden neuen Passwörter stimmen nicht überein.' });
    expect(field(mismatch.body, 'next')).toEqual({ invalid: false, describedBy: 'next-hint', message: null });
    expect(field(mismatch.body, 'current')).toEqual({ invalid: false, describedBy: null, message: null });

    const wrong = await submit(cookies, '/konto/passwort', { current: 'falsch', next: 'ein anderes langes Passwort', repeat: 'ein anderes langes Passwort' });
    expect(field(wrong.body, 'current')).toMatchObject({ invalid: true, describedBy: 'current-fehler' });
    expect(field(wrong.body, 'current').message).toMatch(/Passwort/);
    expect(field(wrong.body, 'repeat').invalid).toBe(false);

    const short = await submit(cookies, '/konto/passwort', { current: PASSWORD, next: 'kurz', repeat: 'kurz' });
    expect(field(short.body, 'next')).toMatchObject({ invalid: true, describedBy: 'next-hint next-fehler' });
    expect(field(short.body, 'next').message).toMatch(/12 Zeichen/);
    expect(summary(short.body).every(([id]) => id === 'next')).toBe(true);

    // the page of a link sent by mail (invitation, forgotten password): the same
    const userId = connection.db.select({ id: users.id }).from(users).where(eq(users.email, 'gs@intmk.example')).get()!.id;
    const { token: link } = createPasswordLinkIn(connection.db, userId, 'password_reset', new Date());
    const form = await app.inject({ url: `/passwort-setzen/${link}` });
    const anonymous = Object.fromEntries(form.cookies.map((cookie) => [cookie.name, cookie.value]));
    const set = await post(app, `/passwort-setzen/${link}`, anonymous, { _csrf: token(form.body), next: 'ein anderes langes Passwort', repeat: 'etwas anderes' });
    expect(set.statusCode).toBe(422);
    expect(summary(set.body).map(([id]) => id)).toEqual(['repeat']);
    expect(field(set.body, 'repeat')).toEqual({ invalid: true, describedBy: 'repeat-fehler', message: 'Die beiden neuen Passwörter stimmen nicht überein.' });
    expect(field(set.body, 'next')).toEqual({ invalid: false, describedBy: 'next-hint', message: null });
  });
});
