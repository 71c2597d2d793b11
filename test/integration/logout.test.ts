/**
 * Logging out is never refused. The logout form in the header carries a CSRF token bound to the
 * session; it used to fail with 403 ("Formular abgelaufen") in two situations:
 * - a page opened without the CSRF cookie (a browser restarted keeps the session cookie, which has
 *   an expiry, but drops the CSRF cookie, which has none): the header's token and the page's form
 *   each made a new secret, the browser kept the second, and the header's logout token no longer
 *   matched it;
 * - a page opened before the session id changed (a password change in another tab, or the page
 *   before it come back with the Back button): its token names the old session.
 * Now every token of a request is made with one secret, and a logout whose token does not pass
 * asks once more with a fresh form (nothing ends without a valid token: a page of another site
 * cannot log anybody out); without a session there is nothing to end, and the answer says so.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { sessions } from '../../db/schema.js';
import { buildTestApp, cookiesOf, loginAs, TEST_ACTOR } from '../helpers.js';
import { createUser } from '../../src/services/users.js';

const PASSWORD = 'ein langes sicheres Passwort';
const NEW_PASSWORD = 'ein anderes langes Passwort';
let app: FastifyInstance;
let connection: Connection;

beforeEach(async () => {
  ({ app, connection } = await buildTestApp());
  await createUser(connection.db, TEST_ACTOR, { email: 'ref@by.example', name: 'Referentin Bayern', role: 'land', land: 'BY', password: PASSWORD });
});
afterEach(async () => {
  await app.close();
});

const logoutToken = (page: LightMyRequestResponse) => /action="\/abmelden"[\s\S]*?name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
const formToken = (page: LightMyRequestResponse, action: string) => new RegExp(`action="${action}"[\\s\\S]*?name="_csrf" value="([^"]+)"`).exec(page.body)![1]!;
const sessionCount = () => connection.db.select().from(sessions).all().length;

async function loggedIn(cookies: Record<string, string>): Promise<boolean> {
  return (await app.inject({ url: '/merkliste', cookies })).statusCode === 200;
}

async function changePassword(cookies: Record<string, string>): Promise<Record<string, string>> {
  const form = await app.inject({ url: '/konto/passwort', cookies });
  const changed = await app.inject({
    method: 'POST', url: '/konto/passwort', cookies: { ...cookies, ...cookiesOf(form) },
    payload: { _csrf: formToken(form, '/konto/passwort'), current: PASSWORD, next: NEW_PASSWORD, repeat: NEW_PASSWORD },
  });
  expect(changed.statusCode).toBe(303);
  return { ...cookies, ...cookiesOf(form), ...cookiesOf(changed) };
}

describe('logging out', () => {
  it('works from a page opened without the CSRF cookie, which has a form of its own besides', async () => {
    const { _csrf: _dropped, ...restarted } = await loginAs(app, 'ref@by.example', PASSWORD);
    const page = await app.inject({ url: '/konto/passwort', cookies: restarted });
    expect(page.statusCode).toBe(200);
    // one CSRF cookie, and both forms of the page made with it
    const browser = { ...restarted, ...cookiesOf(page) };
    const logout = await app.inject({ method: 'POST', url: '/abmelden', cookies: browser, payload: { _csrf: logoutToken(page) } });
    expect(logout.statusCode).toBe(303);
    expect(logout.headers.location).toBe('/');
    expect(await loggedIn(browser)).toBe(false);
  });

  it('from a page opened before a password change: asks once more, then ends the session', async () => {
    const cookies = await loginAs(app, 'ref@by.example', PASSWORD);
    const before = await app.inject({ url: '/merkliste', cookies });
    const rotated = await changePassword(cookies);
    const asked = await app.inject({ method: 'POST', url: '/abmelden', cookies: rotated, payload: { _csrf: logoutToken(before) } });
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('Bitte bestätigen Sie die Abmeldung');
    // nothing ended yet
    expect(await loggedIn(rotated)).toBe(true);
    const confirmed = await app.inject({ method: 'POST', url: '/abmelden', cookies: { ...rotated, ...cookiesOf(asked) }, payload: { _csrf: formToken(asked, '/abmelden') } });
    expect(confirmed.statusCode).toBe(303);
    expect(await loggedIn(rotated)).toBe(false);
    expect(sessionCount()).toBe(0);
  });

  it('ends nothing for a form of another site, and asks instead', async () => {
    const cookies = await loginAs(app, 'ref@by.example', PASSWORD);
    for (const payload of [{}, { _csrf: 'gefälscht' }]) {
      const asked = await app.inject({ method: 'POST', url: '/abmelden', cookies, payload });
      expect(asked.statusCode).toBe(200);
      expect(asked.body).toContain('Bitte bestätigen Sie die Abmeldung');
      expect(await loggedIn(cookies)).toBe(true);
    }
  });

  it('in a browser whose session a password change elsewhere ended: says that it is logged out', async () => {
    const other = await loginAs(app, 'ref@by.example', PASSWORD);
    const page = await app.inject({ url: '/merkliste', cookies: other });
    await changePassword(await loginAs(app, 'ref@by.example', PASSWORD));
    const logout = await app.inject({ method: 'POST', url: '/abmelden', cookies: other, payload: { _csrf: logoutToken(page) } });
    expect(logout.statusCode).toBe(303);
    expect(logout.headers.location).toBe('/');
    // the cookie of the ended session goes as well
    expect(logout.cookies.find((c) => c.name === 'bm_session')?.value).toBe('');
  });
});
