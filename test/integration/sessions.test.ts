/**
 * Sessions and login as OWASP ASVS 5.0 level 2 asks (chapters V6 and V7), each requirement with
 * a test against the real app: the session id changes at login and at every change of
 * privileges, sessions end on the server (logout, deactivation, password change), a one-time
 * password cannot be skipped, idle and absolute timeouts hold, and login throttling counts per
 * account and per address in the database — across processes — with the same answers for known
 * and unknown accounts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { eq } from 'drizzle-orm';
import { openDatabase, type Connection } from '../../db/connection.js';
import { loginThrottle, sessions, users } from '../../db/schema.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { buildTestApp, conferenceIdOf, importSeed } from '../helpers.js';
import { checkLogin, createUser, setUserActive } from '../../src/services/users.js';
import { ACCOUNT_RULE, ADDRESS_RULE, accountKey } from '../../src/services/login-throttle.js';
import { dummyPasswordHash, hashPassword } from '../../src/services/passwords.js';
import { revokeSessions } from '../../src/services/sessions.js';
import { ensureActors } from '../../src/services/demo.js';

const PASSWORD = 'korrekt Pferd Batterie Heftklammer';
const ACTOR = { userId: null, name: 'test' };

let app: FastifyInstance;
let connection: Connection;

beforeEach(async () => {
  ({ app, connection } = await buildTestApp());
  importSeed(connection, 'internal');
  await createUser(connection.db, ACTOR, { email: 'ref@land.example', name: 'Referentin', role: 'land', land: 'BY', password: PASSWORD });
});
afterEach(async () => {
  await app.close();
});

type Jar = Record<string, string>;

function cookiesOf(response: LightMyRequestResponse): Jar {
  return Object.fromEntries(response.cookies.map((c) => [c.name, c.value]));
}

function tokenIn(body: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(body)![1]!;
}

async function login(target: FastifyInstance, email: string, password: string) {
  const page = await target.inject('/anmelden');
  const cookies = cookiesOf(page);
  const response = await target.inject({ method: 'POST', url: '/anmelden', cookies, payload: { email, password, _csrf: tokenIn(page.body) } });
  return { response, cookies: { ...cookies, ...cookiesOf(response) } };
}

async function post(cookies: Jar, url: string, payload: Record<string, string>, tokenPage: string) {
  const page = await app.inject({ url: tokenPage, cookies });
  return app.inject({ method: 'POST', url, cookies: { ...cookies, ...cookiesOf(page) }, payload: { _csrf: tokenIn(page.body), ...payload } });
}

/** Whether the cookies open a logged-in page (the internal resolution is visible only then). */
async function loggedIn(cookies: Jar): Promise<boolean> {
  return (await app.inject({ url: '/intmk/12/top/2.12', cookies })).statusCode === 200;
}

describe('session ids (ASVS 7.2.4)', () => {
  it('are new at every login and after a password change (privileges change); the old ones are void', async () => {
    const first = await login(app, 'ref@land.example', PASSWORD);
    const second = await login(app, 'ref@land.example', PASSWORD);
    expect(second.cookies.bm_session).not.toBe(first.cookies.bm_session);
    expect(await loggedIn(first.cookies)).toBe(true); // another browser's session stays

    const changed = await post(second.cookies, '/konto/passwort', { current: PASSWORD, next: 'ein ganz anderes Passwort', repeat: 'ein ganz anderes Passwort' }, '/konto/passwort');
    expect(changed.statusCode).toBe(303);
    const rotated = { ...second.cookies, ...cookiesOf(changed) };
    expect(rotated.bm_session).not.toBe(second.cookies.bm_session);
    expect(await loggedIn(rotated)).toBe(true);
    expect(await loggedIn(second.cookies)).toBe(false);
    // ASVS 7.4.3: a password change ends the account's other sessions
    expect(await loggedIn(first.cookies)).toBe(false);
    expect(connection.db.select().from(sessions).all()).toHaveLength(1);
    const done = await app.inject({ url: '/konto/passwort?geaendert', cookies: rotated });
    expect(done.body).toContain('Ihr Passwort wurde geändert.');
    // and leads on to where a Länder official's work starts, not only to the home page
    expect(done.body).toMatch(/Weiter zu: <a href="\/dashboard">Länder-Übersicht<\/a> · <a href="\/">Startseite<\/a>/);
  });
});

describe('sessions end on the server (ASVS 7.4.1, 7.4.2)', () => {
  it('at logout, at deactivation, and through revokeSessions (all, or all but one)', async () => {
    const a = await login(app, 'ref@land.example', PASSWORD);
    const page = await app.inject({ url: '/intmk/12/top/2.12', cookies: a.cookies });
    const logout = await app.inject({ method: 'POST', url: '/abmelden', cookies: a.cookies, payload: { _csrf: /action="\/abmelden"[\s\S]*?name="_csrf" value="([^"]+)"/.exec(page.body)![1]! } });
    expect(logout.statusCode).toBe(303);
    // the browser's cookie is still the old value: the server no longer knows it
    expect(await loggedIn(a.cookies)).toBe(false);

    const b = await login(app, 'ref@land.example', PASSWORD);
    const c = await login(app, 'ref@land.example', PASSWORD);
    const userId = connection.db.select().from(users).where(eq(users.email, 'ref@land.example')).get()!.id;
    const keep = connection.db.select().from(sessions).all().at(-1)!.id;
    expect(revokeSessions(connection.db, userId, keep)).toBe(1);
    expect(await loggedIn(b.cookies)).toBe(false);
    expect(await loggedIn(c.cookies)).toBe(true);
    setUserActive(connection.db, ACTOR, userId, false);
    expect(await loggedIn(c.cookies)).toBe(false);
    expect(connection.db.select().from(sessions).all()).toHaveLength(0);
  });
});

describe('a one-time password (ASVS 6.4.1) cannot be skipped', () => {
  it('allows only the password change and the logout until it is replaced; the rest is the public view', async () => {
    const { password } = await createUser(connection.db, ACTOR, { email: 'neu@gs.example', name: 'Neu', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)] });
    const { response, cookies } = await login(app, 'neu@gs.example', password);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/konto/passwort');
    for (const url of ['/verwaltung', '/verwaltung/import', '/merkliste', '/dashboard', '/berichtsauftraege', '/beschluesse/1/folgemassnahme']) {
      const refused = await app.inject({ url, cookies });
      expect(refused.statusCode, url).toBe(303);
      // the page asked for is where the password change leads on to
      expect(refused.headers.location, url).toBe(`/konto/passwort?weiter=${url}`);
    }
    // internal and draft resolutions stay hidden: the viewer is the public
    expect(await loggedIn(cookies)).toBe(false);
    const token = tokenIn((await app.inject({ url: '/konto/passwort', cookies })).body);
    for (const [url, payload] of [['/beobachten', { resolution: '1', action: 'watch' }], ['/merkliste/feed', {}], ['/verwaltung/konferenzen/neu', { shortName: 'ABC', name: 'Abc' }]] as const) {
      const refused = await app.inject({ method: 'POST', url, cookies, payload: { _csrf: token, ...payload } });
      expect(refused.statusCode, url).toBe(403);
      expect(refused.body).toContain('Einmalpasswort');
    }
    expect(connection.sqlite.prepare('select count(*) from watches').pluck().get()).toBe(0);
    expect(connection.sqlite.prepare('select count(*) from feed_tokens').pluck().get()).toBe(0);

    const changed = await app.inject({ method: 'POST', url: '/konto/passwort', cookies, payload: { _csrf: token, current: password, next: 'mein eigenes Passwort 2026', repeat: 'mein eigenes Passwort 2026' } });
    expect(changed.statusCode).toBe(303);
    const rotated = { ...cookies, ...cookiesOf(changed) };
    expect(rotated.bm_session).not.toBe(cookies.bm_session);
    expect((await app.inject({ url: '/verwaltung', cookies: rotated })).statusCode).toBe(200);
    expect((await app.inject({ url: '/verwaltung', cookies })).statusCode).toBe(303);
  });
});

describe('timeouts (ASVS 7.3.1, 7.3.2)', () => {
  it('end a session after 30 idle minutes and after 12 hours at most, on the server', async () => {
    const idle = await login(app, 'ref@land.example', PASSWORD);
    const absolute = await login(app, 'ref@land.example', PASSWORD);
    const [idleRow, absoluteRow] = connection.db.select().from(sessions).all();
    const now = Date.now();
    // 29 minutes without a request: still valid; 31: gone
    connection.db.update(sessions).set({ lastSeenAt: new Date(now - 29 * 60_000).toISOString() }).where(eq(sessions.id, idleRow!.id)).run();
    expect(await loggedIn(idle.cookies)).toBe(true);
    connection.db.update(sessions).set({ lastSeenAt: new Date(now - 31 * 60_000).toISOString() }).where(eq(sessions.id, idleRow!.id)).run();
    expect(await loggedIn(idle.cookies)).toBe(false);
    // active all the time, but past its absolute lifetime
    connection.db.update(sessions).set({ expiresAt: new Date(now - 1000).toISOString() }).where(eq(sessions.id, absoluteRow!.id)).run();
    expect(await loggedIn(absolute.cookies)).toBe(false);
    expect(connection.db.select().from(sessions).all()).toHaveLength(0);
    const cookie = absolute.response.cookies.find((c) => c.name === 'bm_session')!;
    const lifetime = new Date(cookie.expires!).getTime() - now;
    expect(lifetime).toBeGreaterThan(11.9 * 3_600_000);
    expect(lifetime).toBeLessThanOrEqual(12 * 3_600_000);
  });
});

describe('login throttling (ASVS 6.3.1) without user enumeration (ASVS 6.3.8)', () => {
  it('answers unknown and known accounts alike: the same statuses, the same page', async () => {
    const runs = [];
    for (const email of ['ref@land.example', 'niemand@land.example']) {
      const bodies: string[] = [];
      const statuses: number[] = [];
      for (let i = 0; i < ACCOUNT_RULE.maxFailures + 2; i++) {
        const { response } = await login(app, email, `falsch ${i} xxxxxxxxxx`);
        statuses.push(response.statusCode);
        bodies.push(response.body.replaceAll(email, 'EMAIL').replace(/name="_csrf" value="[^"]+"/, ''));
      }
      runs.push({ statuses, bodies, headers: Object.keys((await login(app, email, 'x')).response.headers).sort() });
    }
    expect(runs[0]!.statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect(runs[1]!.statuses).toEqual(runs[0]!.statuses);
    expect(runs[1]!.bodies).toEqual(runs[0]!.bodies);
    expect(runs[1]!.headers).toEqual(runs[0]!.headers);
    // while locked, even the right password is refused the same way
    expect((await login(app, 'ref@land.example', PASSWORD)).response.statusCode).toBe(429);
  });

  it('checks an unknown account against a hash of the same cost as a real one', async () => {
    const real = await hashPassword('irgendein Passwort');
    const dummy = await dummyPasswordHash();
    const parameters = (hash: string) => hash.split('$').slice(1, 4).join('$');
    expect(parameters(dummy)).toBe(parameters(real));
    expect(parameters(real)).toMatch(/^argon2id\$v=19\$m=19456,t=2,p=1$/);
  });

  it('does not extend a lock by attempts during it, and one wrong attempt after it does not lock again', async () => {
    const t0 = new Date('2026-12-01T10:00:00Z');
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    for (let i = 0; i < ACCOUNT_RULE.maxFailures; i++) await checkLogin(connection.db, 'ref@land.example', 'falsch', `10.0.0.${i}`, at(i));
    const lockedUntil = () => connection.db.select().from(loginThrottle).where(eq(loginThrottle.key, accountKey('ref@land.example'))).get()!.lockedUntil;
    const lock = lockedUntil();
    expect(lock).toBe(at(4 + ACCOUNT_RULE.lockMinutes).toISOString());
    // one attempt per minute during the lock: refused, counted nowhere, the lock stays as it was
    for (let minute = 5; minute < 4 + ACCOUNT_RULE.lockMinutes; minute++) {
      expect((await checkLogin(connection.db, 'ref@land.example', 'falsch', '10.0.1.1', at(minute))).ok).toBe(false);
    }
    expect(lockedUntil()).toBe(lock);
    // after the lock: one wrong attempt is just that, the right password works at once
    expect(await checkLogin(connection.db, 'ref@land.example', 'falsch', '10.0.2.1', at(20))).toMatchObject({ ok: false, reason: 'invalid' });
    expect(lockedUntil()).toBeNull();
    expect((await checkLogin(connection.db, 'ref@land.example', PASSWORD, '10.0.2.1', at(21))).ok).toBe(true);
    // an attacker's one attempt per window never locks the account
    for (let window = 1; window <= 6; window++) {
      expect(await checkLogin(connection.db, 'ref@land.example', 'falsch', '10.0.3.1', at(21 + window * ACCOUNT_RULE.windowMinutes))).toMatchObject({ reason: 'invalid' });
    }
    expect(lockedUntil()).toBeNull();
  });

  it('behind a declared proxy, counts the address the proxy saw, whatever a client forges in front of it', async () => {
    const proxied = (await buildTestApp({ trustProxy: 1 }, connection)).app;
    try {
      const statuses: number[] = [];
      for (let i = 0; i <= ADDRESS_RULE.maxFailures; i++) {
        const page = await proxied.inject({ url: '/anmelden', headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` } });
        const response = await proxied.inject({
          method: 'POST', url: '/anmelden', cookies: cookiesOf(page),
          headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` },
          payload: { email: `jemand${i}@example.org`, password: 'falsch falsch', _csrf: tokenIn(page.body) },
        });
        statuses.push(response.statusCode);
      }
      expect(statuses.at(-1)).toBe(429);
      expect(statuses.slice(0, ADDRESS_RULE.maxFailures).every((s) => s === 401)).toBe(true);
      const addresses = connection.sqlite.prepare("select distinct ip from audit_log where action like 'login%'").pluck().all();
      expect(addresses).toEqual(['203.0.113.7']);
    } finally {
      await proxied.close();
    }
  });

  it('counts in the database: two processes on one database file share the count', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bm-throttle-'));
    const file = path.join(dir, 'shared.db');
    const first = openDatabase(file, MIGRATIONS_DIR);
    ensureActors(first.db);
    const second = openDatabase(file, MIGRATIONS_DIR);
    const a = (await buildTestApp({}, first)).app;
    const b = (await buildTestApp({}, second)).app;
    try {
      await createUser(first.db, ACTOR, { email: 'ref@land.example', name: 'R', role: 'land', land: 'BY', password: PASSWORD });
      const statuses: number[] = [];
      for (let i = 0; i < ACCOUNT_RULE.maxFailures + 1; i++) {
        statuses.push((await login(i % 2 === 0 ? a : b, 'ref@land.example', `falsch ${i} xxxxxxxxxx`)).response.statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      expect((await login(a, 'ref@land.example', PASSWORD)).response.statusCode).toBe(429);
      expect((await login(b, 'ref@land.example', PASSWORD)).response.statusCode).toBe(429);
    } finally {
      await a.close();
      await b.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
