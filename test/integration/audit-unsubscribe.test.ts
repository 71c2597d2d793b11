/**
 * A change made through the link to unsubscribe, in the audit log: named as the UI names the link
 * ("Link zum Abbestellen der E-Mails") on the page and in the download, for new entries and for
 * those stored as "(Abmeldelink)" before, which stay as they were written.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { cookiesOf, TEST_ACTOR, useTestApp } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { unsubscribeToken } from '../../src/services/mail-preferences.js';

let app: FastifyInstance;
let connection: Connection;
useTestApp((built) => ({ app, connection } = built), { rateLimitAllow: ['127.0.0.1'] });

const PASSWORD = 'ein langes sicheres Passwort';
const VIA = 'über den Link zum Abbestellen der E-Mails';

async function adminCookies(): Promise<Record<string, string>> {
  await createUser(connection.db, TEST_ACTOR, { email: 'admin@example.org', name: 'Ada Admin', role: 'admin', password: PASSWORD });
  const form = await app.inject('/anmelden');
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const login = await app.inject({ method: 'POST', url: '/anmelden', cookies: cookiesOf(form), payload: { email: 'admin@example.org', password: PASSWORD, _csrf: token } });
  return { ...cookiesOf(form), ...cookiesOf(login) };
}

describe('the audit log of an unsubscribe', () => {
  it('names the link as the UI does, for new entries and for those stored before, and keeps the stored history', async () => {
    const { user } = await createUser(connection.db, TEST_ACTOR, { email: 'ref@by.example', name: 'Rita Referentin', role: 'land', land: 'BY', password: PASSWORD });
    // an entry as the link wrote it before
    connection.sqlite
      .prepare("insert into audit_log (user_id, actor, action, entity_type, entity_id, before, after, ip, conference_id, at) values (?, 'ref@by.example (Abmeldelink)', 'mail.preferences', 'user', ?, null, null, null, null, '2026-01-01T00:00:00.000Z')")
      .run(user.id, String(user.id));
    const done = await app.inject({ method: 'POST', url: `/abbestellen/${unsubscribeToken(connection.db, user.id, 'digest')}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(done.statusCode).toBe(200);
    const actors = connection.sqlite.prepare("select actor from audit_log where user_id = ? order by id").pluck().all(user.id);
    expect(actors).toEqual(['ref@by.example (Abmeldelink)', 'ref@by.example (Link zum Abbestellen der E-Mails)']);

    const cookies = await adminCookies();
    const page = await app.inject({ url: '/verwaltung/protokoll?benutzer=ref@by.example', cookies });
    expect(page.statusCode).toBe(200);
    const cells = [...page.body.matchAll(/<td>(Rita Referentin[\s\S]*?)<\/td>/g)].map((m) => m[1]);
    expect(cells).toEqual(Array(2).fill(`Rita Referentin<br><span class="muted">ref@by.example</span><br><span class="muted">${VIA}</span>`));
    expect(page.body).not.toContain('Abmeldelink');

    const csv = await app.inject({ url: '/verwaltung/protokoll.csv?benutzer=ref@by.example', cookies });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).not.toContain('Abmeldelink');
    expect(csv.body.split('\n').filter((line) => line.includes(`Rita Referentin (${VIA})`))).toHaveLength(2);
  });

  it('names the address of an entry whose account is gone', async () => {
    connection.sqlite
      .prepare("insert into audit_log (user_id, actor, action, entity_type, entity_id, before, after, ip, conference_id, at) values (null, 'alt@by.example (Abmeldelink)', 'mail.preferences', 'user', '99', null, null, null, null, '2026-01-01T00:00:00.000Z')")
      .run();
    const page = await app.inject({ url: '/verwaltung/protokoll', cookies: await adminCookies() });
    expect(page.body).toContain(`<td>alt@by.example<br><span class="muted">${VIA}</span></td>`);
  });
});
