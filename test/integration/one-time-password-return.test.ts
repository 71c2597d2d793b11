/**
 * An account with a one-time password that comes through the login for a page (a reminder's link,
 * `/anmelden?weiter=…`) replaces its password first and then lands on that page, not on the
 * password page's "Weiter zu:" links. A refused change keeps the return address and changes
 * nothing; a return address to another site is dropped, as by the login.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Connection } from '../../db/connection.js';
import { users } from '../../db/schema.js';
import { createUser } from '../../src/services/users.js';
import { cookiesOf, importSeed, TEST_ACTOR, useTestApp } from '../helpers.js';

let app: FastifyInstance;
let connection: Connection;
useTestApp((built) => ({ app, connection } = built));

const PAGE = '/intmk/12/top/2.12';
const NEW_PASSWORD = 'mein eigenes Passwort 2026';

function tokenIn(body: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(body)![1]!;
}

/** Opens the login as a link does and logs in with the one-time password; the jar and the answer. */
async function loginThrough(loginUrl: string, email: string, password: string) {
  const form = await app.inject(loginUrl);
  const weiter = /name="weiter" value="([^"]*)"/.exec(form.body)![1]!;
  const response = await app.inject({ method: 'POST', url: '/anmelden', cookies: cookiesOf(form), payload: { email, password, weiter, _csrf: tokenIn(form.body) } });
  return { response, cookies: { ...cookiesOf(form), ...cookiesOf(response) } };
}

async function newOfficial() {
  const { password } = await createUser(connection.db, TEST_ACTOR, { email: 'neu@by.example', name: 'Neue Referentin', role: 'land', land: 'BY' });
  return password;
}

function storedAccount() {
  return connection.db.select({ hash: users.passwordHash, mustChange: users.mustChangePassword }).from(users).where(eq(users.email, 'neu@by.example')).get()!;
}

describe('a one-time password on the way to a page', () => {
  it('leads through the password change to the page the link named', async () => {
    importSeed(connection, 'internal');
    const oneTime = await newOfficial();
    const { response, cookies } = await loginThrough(`/anmelden?weiter=${PAGE}`, 'neu@by.example', oneTime);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/konto/passwort?weiter=${PAGE}`);

    const form = await app.inject({ url: response.headers.location as string, cookies });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`Nach der Änderung geht es weiter zur aufgerufenen Seite (${PAGE}).`);
    expect(form.body).toContain(`<input type="hidden" name="weiter" value="${PAGE}">`);

    // refused (the repetition differs, then too short): a German message, the way on kept, nothing changed
    const before = storedAccount();
    for (const [payload, message] of [
      [{ current: oneTime, next: NEW_PASSWORD, repeat: `${NEW_PASSWORD}!` }, 'Die beiden neuen Passwörter stimmen nicht überein.'],
      [{ current: oneTime, next: 'zu kurz', repeat: 'zu kurz' }, 'mindestens 12 Zeichen'],
    ] as const) {
      const refused = await app.inject({ method: 'POST', url: '/konto/passwort', cookies, payload: { _csrf: tokenIn(form.body), weiter: PAGE, ...payload } });
      expect(refused.statusCode).toBe(422);
      expect(refused.body).toContain(message);
      expect(refused.body).toContain(`<input type="hidden" name="weiter" value="${PAGE}">`);
      expect(storedAccount()).toEqual(before);
    }
    // meanwhile a reminder's link through the login leads to the change, keeping the way on
    const again = await app.inject({ url: `/anmelden?weiter=${PAGE}`, cookies });
    expect(again.statusCode).toBe(302);
    expect(again.headers.location).toBe(`/konto/passwort?weiter=${PAGE}`);
    // and the page itself (which the account does not see yet, as the public does not) offers the change that leads to it
    const early = await app.inject({ url: PAGE, cookies });
    expect(early.statusCode).toBe(404);
    expect(early.body).toContain(`<a href="/konto/passwort?weiter&#x3D;${PAGE}">Eigenes Passwort vergeben und diese Seite öffnen</a>`);
    expect(early.body).not.toContain('Anmelden und diese Seite öffnen');

    const changed = await app.inject({ method: 'POST', url: '/konto/passwort', cookies, payload: { _csrf: tokenIn(form.body), weiter: PAGE, current: oneTime, next: NEW_PASSWORD, repeat: NEW_PASSWORD } });
    expect(changed.statusCode).toBe(303);
    expect(changed.headers.location).toBe(PAGE);
    expect(storedAccount().mustChange).toBe(false);
    // the internal resolution, as the logged-in official sees it
    const page = await app.inject({ url: PAGE, cookies: { ...cookies, ...cookiesOf(changed) } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Angemeldet als Neue Referentin');
  });

  it('keeps a page opened while the password is still to be changed', async () => {
    const oneTime = await newOfficial();
    const { cookies } = await loginThrough('/anmelden', 'neu@by.example', oneTime);
    const asked = await app.inject({ url: '/berichtsauftraege?konferenz=intmk', cookies });
    expect(asked.statusCode).toBe(303);
    expect(asked.headers.location).toBe('/konto/passwort?weiter=/berichtsauftraege%3Fkonferenz%3Dintmk');
    const form = await app.inject({ url: asked.headers.location as string, cookies });
    expect(form.body).toContain('weiter zur aufgerufenen Seite (/berichtsauftraege?konferenz&#x3D;intmk)');
    const changed = await app.inject({
      method: 'POST',
      url: '/konto/passwort',
      cookies,
      payload: { _csrf: tokenIn(form.body), weiter: '/berichtsauftraege?konferenz=intmk', current: oneTime, next: NEW_PASSWORD, repeat: NEW_PASSWORD },
    });
    expect(changed.headers.location).toBe('/berichtsauftraege?konferenz=intmk');
  });

  it('without a page to go back to, or with another site, ends on the page that says the password was changed', async () => {
    const oneTime = await newOfficial();
    const { response, cookies } = await loginThrough('/anmelden?weiter=//evil.example/', 'neu@by.example', oneTime);
    expect(response.headers.location).toBe('/konto/passwort');
    const form = await app.inject({ url: '/konto/passwort', cookies });
    expect(form.body).not.toContain('name="weiter"');
    expect(form.body).not.toContain('Nach der Änderung geht es weiter');
    // a tampered form's return address to another site is dropped
    const changed = await app.inject({ method: 'POST', url: '/konto/passwort', cookies, payload: { _csrf: tokenIn(form.body), weiter: 'https://evil.example/', current: oneTime, next: NEW_PASSWORD, repeat: NEW_PASSWORD } });
    expect(changed.statusCode).toBe(303);
    expect(changed.headers.location).toBe('/konto/passwort?geaendert');
    const done = await app.inject({ url: '/konto/passwort?geaendert', cookies: { ...cookies, ...cookiesOf(changed) } });
    expect(done.body).toContain('Ihr Passwort wurde geändert.');
  });
});
