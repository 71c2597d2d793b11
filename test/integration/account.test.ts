import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, conferenceIdOf, importSeed } from '../helpers.js';
import { createUser, MAX_FAILED_LOGINS } from '../../src/services/users.js';
import { ADDRESS_RULE } from '../../src/services/login-throttle.js';
import { auditLog, sessions } from '../../db/schema.js';

let app: FastifyInstance;
let connection: Connection;
const PASSWORD = 'korrekt Pferd Batterie Heftklammer';

beforeEach(async () => {
  ({ app, connection } = await buildTestApp());
  await createUser(connection.db, { userId: null, name: 'test' }, { email: 'ref@land.example', name: 'Referentin', role: 'land', land: 'BY', password: PASSWORD });
});
afterEach(async () => {
  await app.close();
});

function cookiesOf(response: LightMyRequestResponse): Record<string, string> {
  const jar: Record<string, string> = {};
  for (const c of response.cookies) jar[c.name] = c.value;
  return jar;
}

async function loginForm(cookies: Record<string, string> = {}) {
  const page = await app.inject({ url: '/anmelden', cookies });
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  return { token: token!, cookies: { ...cookies, ...cookiesOf(page) } };
}

async function login(email: string, password: string, extra: Record<string, string> = {}) {
  const { token, cookies } = await loginForm();
  const response = await app.inject({
    method: 'POST',
    url: '/anmelden',
    cookies,
    payload: { email, password, _csrf: token, ...extra },
  });
  return { response, cookies: { ...cookies, ...cookiesOf(response) } };
}

describe('login', () => {
  it('logs in, rotates the session id, shows internal resolutions, and logs out at once', async () => {
    importSeed(connection, 'internal');
    const anonymous = await app.inject('/intmk/12/top/2.12');
    expect(anonymous.statusCode).toBe(404);

    const { response, cookies } = await login('REF@land.example ', PASSWORD, { weiter: '/intmk/12/top/2.12' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/intmk/12/top/2.12');
    const sessionCookie = response.cookies.find((c) => c.name === 'bm_session')!;
    expect(sessionCookie.httpOnly).toBe(true);
    expect(sessionCookie.sameSite).toBe('Lax');

    const page = await app.inject({ url: '/intmk/12/top/2.12', cookies });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('Angemeldet als Referentin');

    // a second login replaces the session: the old token no longer works
    const loginToken = /name="_csrf" value="([^"]+)"/.exec((await app.inject({ url: '/', cookies })).body)![1]!;
    const again = await app.inject({ method: 'POST', url: '/anmelden', cookies, payload: { email: 'ref@land.example', password: PASSWORD, _csrf: loginToken } });
    expect(again.statusCode).toBe(303);
    const rotated = { ...cookies, ...cookiesOf(again) };
    expect(rotated.bm_session).not.toBe(cookies.bm_session);
    expect((await app.inject({ url: '/intmk/12/top/2.12', cookies })).statusCode).toBe(404);

    const fresh = await app.inject({ url: '/intmk/12/top/2.12', cookies: rotated });
    expect(fresh.statusCode).toBe(200);
    const logoutToken = /action="\/abmelden"[\s\S]*?name="_csrf" value="([^"]+)"/.exec(fresh.body)![1]!;
    const logout = await app.inject({ method: 'POST', url: '/abmelden', cookies: rotated, payload: { _csrf: logoutToken } });
    expect(logout.statusCode).toBe(303);
    expect(connection.db.select().from(sessions).all()).toHaveLength(0);
    const afterLogout = await app.inject({ url: '/intmk/12/top/2.12', cookies: rotated });
    expect(afterLogout.statusCode).toBe(404);
  });

  it('rejects a wrong password with a German message and audits it without the password', async () => {
    const { response } = await login('ref@land.example', 'falsches Passwort 123');
    expect(response.statusCode).toBe(401);
    expect(response.body).toContain('E-Mail-Adresse oder Passwort stimmen nicht');
    expect(response.body).toContain('<title>Fehler: Anmelden');
    expect(response.body).toContain('value="ref@land.example"');
    const entries = connection.db.select().from(auditLog).all();
    expect(entries.some((e) => e.action === 'login.failed')).toBe(true);
    expect(JSON.stringify(entries)).not.toContain('falsches Passwort');
  });

  it('locks the account after repeated failures, even for the right password', async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await login('ref@land.example', `falsch-${i}-xxxxxxxx`);
    const { response } = await login('ref@land.example', PASSWORD);
    expect(response.statusCode).toBe(429);
    expect(response.body).toContain('vorübergehend gesperrt');
  });

  it('throttles many attempts per IP with 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < ADDRESS_RULE.maxFailures + 5; i++) {
      const { response } = await login(`unbekannt${i}@example.org`, 'irgendwas-falsches');
      statuses.push(response.statusCode);
    }
    expect(statuses.slice(0, ADDRESS_RULE.maxFailures).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(ADDRESS_RULE.maxFailures).every((s) => s === 429)).toBe(true);
    // the address is locked for everybody behind it, also with the right password
    expect((await login('ref@land.example', PASSWORD)).response.statusCode).toBe(429);
  });

  it('refuses a cross-site form post without a valid CSRF token', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/anmelden',
      payload: { email: 'ref@land.example', password: PASSWORD },
    });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Formular abgelaufen');
    expect(response.cookies.find((c) => c.name === 'bm_session')).toBeUndefined();
  });

  it('never redirects to another site after login: a foreign address leads to the own start page', async () => {
    for (const weiter of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const { response } = await login('ref@land.example', PASSWORD, { weiter });
      expect(response.headers.location).toBe('/dashboard');
    }
  });

  it('leads each role to its own start page after a login without return address, to the return address with one', async () => {
    importSeed(connection);
    const actor = { userId: null, name: 'test' };
    await createUser(connection.db, actor, { email: 'gs@example.org', name: 'G', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)], password: PASSWORD });
    await createUser(connection.db, actor, { email: 'admin@example.org', name: 'A', role: 'admin', password: PASSWORD });
    const starts = { 'ref@land.example': '/dashboard', 'gs@example.org': '/verwaltung', 'admin@example.org': '/verwaltung/benutzer' };
    for (const [email, start] of Object.entries(starts)) {
      // the form opened without return address sends "/"
      const plain = await login(email, PASSWORD, { weiter: '/' });
      expect(plain.response.statusCode).toBe(303);
      expect(plain.response.headers.location).toBe(start);
      const page = await app.inject({ url: start, cookies: plain.cookies });
      expect(page.statusCode).toBe(200);
      // already logged in, the login page leads there too
      const again = await app.inject({ url: '/anmelden', cookies: plain.cookies });
      expect(again.headers.location).toBe(start);
      const back = await login(email, PASSWORD, { weiter: '/suche?q=Pflege' });
      expect(back.response.headers.location).toBe('/suche?q=Pflege');
      const none = await login(email, PASSWORD);
      expect(none.response.headers.location).toBe(start);
    }
  });

  it('leads from the password page to the e-mail settings, which are kept on the watch list', async () => {
    const { cookies } = await login('ref@land.example', PASSWORD);
    const page = await app.inject({ url: '/konto/passwort', cookies });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('stellen Sie auf Ihrer Merkliste ein: <a href="/merkliste#benachrichtigungen">Benachrichtigungen per E-Mail</a>');
    const settings = await app.inject({ url: '/merkliste', cookies });
    expect(settings.body).toContain('<h2 id="benachrichtigungen">Benachrichtigungen per E-Mail</h2>');
  });

  it('sends anonymous visitors of a members-only page to the login', async () => {
    const response = await app.inject('/konto/passwort');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/anmelden?weiter=%2Fkonto%2Fpasswort');
  });
});

describe('101 wrong passwords', () => {
  it('never log in, lock the account, throttle the address, and never log a password', async () => {
    const statuses = new Map<number, number>();
    for (let i = 0; i < 101; i++) {
      const { response } = await login('ref@land.example', `falsch-${i}-${'x'.repeat(12)}`);
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      expect(response.cookies.find((c) => c.name === 'bm_session')).toBeUndefined();
    }
    expect([...statuses.keys()].every((s) => s === 401 || s === 429)).toBe(true);
    expect(statuses.get(429)).toBeGreaterThan(80);
    expect(connection.db.select().from(sessions).all()).toHaveLength(0);
    const entries = JSON.stringify(connection.db.select().from(auditLog).all());
    expect(entries).not.toContain('falsch-');
    expect(connection.sqlite.prepare("select locked_until is not null from login_throttle where key = 'account:ref@land.example'").pluck().get()).toBe(1);
  });
});
