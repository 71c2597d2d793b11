import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, conferenceIdOf } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { auditLog, sessions, users } from '../../db/schema.js';

let app: FastifyInstance;
let connection: Connection;
/** Every route under /verwaltung, as registered (collected with an onRoute hook). */
let adminRouteList: { method: string; url: string }[];

const ADMIN = { email: 'admin@bund.example', password: 'Verwaltung ist mein Leben 2026' };
const LAND = { email: 'ref@land.example', password: 'korrekt Pferd Batterie Heftklammer' };
const SECRETARIAT = { email: 'gs@intmk.example', password: 'Geschaeftsstelle Tagesordnung 12' };

/** The app from the real builder; the admin routes are those the auth plugin recorded. */
async function buildAdminTestApp(): Promise<{ app: FastifyInstance; connection: Connection; routes: { method: string; url: string }[] }> {
  const built = await buildTestApp();
  const routes = built.app.routeAccess
    .filter((r) => r.url.startsWith('/verwaltung/benutzer') || r.url.startsWith('/verwaltung/protokoll'))
    .map(({ method, url }) => ({ method, url }));
  return { ...built, routes };
}

beforeEach(async () => {
  ({ app, connection, routes: adminRouteList } = await buildAdminTestApp());
  const actor = { userId: null, name: 'test' };
  await createUser(connection.db, actor, { email: ADMIN.email, name: 'Ada Admin', role: 'admin', password: ADMIN.password });
  await createUser(connection.db, actor, { email: LAND.email, name: 'Referentin', role: 'land', land: 'BY', password: LAND.password });
  await createUser(connection.db, actor, { email: SECRETARIAT.email, name: 'Geschäftsstelle', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)], password: SECRETARIAT.password });
});
afterEach(async () => {
  await app.close();
  connection.close();
});

type Jar = Record<string, string>;

function cookiesOf(response: LightMyRequestResponse): Jar {
  const jar: Jar = {};
  for (const c of response.cookies) jar[c.name] = c.value;
  return jar;
}

function tokenIn(body: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
  if (!token) throw new Error('no CSRF token on the page');
  return token;
}

async function login(email: string, password: string) {
  const page = await app.inject({ url: '/anmelden' });
  const cookies = cookiesOf(page);
  const response = await app.inject({ method: 'POST', url: '/anmelden', cookies, payload: { email, password, _csrf: tokenIn(page.body) } });
  return { response, cookies: { ...cookies, ...cookiesOf(response) } };
}

async function loggedIn(who: { email: string; password: string }): Promise<Jar> {
  const { response, cookies } = await login(who.email, who.password);
  expect(response.statusCode).toBe(303);
  return cookies;
}

/** A form post the way a browser sends it: the CSRF token taken from a page the user can see. */
async function post(cookies: Jar, url: string, payload: Record<string, string>, tokenPage = '/verwaltung/benutzer') {
  const page = await app.inject({ url: tokenPage, cookies });
  const jar = { ...cookies, ...cookiesOf(page) };
  return app.inject({ method: 'POST', url, cookies: jar, payload: { _csrf: tokenIn(page.body), ...payload } });
}

function userByEmail(email: string) {
  return connection.db.select().from(users).where(eq(users.email, email)).get();
}

function counts() {
  return {
    users: connection.db.select().from(users).all().length,
    audit: connection.db.select().from(auditLog).all().length,
  };
}

function oneTimePassword(body: string): string {
  const password = /id="one-time-password">([^<]+)</.exec(body)?.[1];
  if (!password) throw new Error('no one-time password on the page');
  return password;
}

describe('user administration', () => {
  it('creates a user whose one-time password works once and must be changed', async () => {
    const admin = await loggedIn(ADMIN);
    const form = await app.inject({ url: '/verwaltung/benutzer/neu', cookies: admin });
    expect(form.statusCode).toBe(200);
    expect(form.headers['cache-control']).toBe('no-store');
    expect(form.body).toContain('<label for="land">');
    expect(form.body).toContain('<option value="TH">Thüringen</option>');

    const created = await post(admin, '/verwaltung/benutzer/neu', { email: ' Neu@Land.Example ', name: 'Neue Referentin', role: 'land', land: 'HE' });
    expect(created.statusCode).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    expect(created.body).toContain('Angemeldet als Ada Admin');
    // a form shown again with its errors has the logged-in header too, with a working logout form
    const refused = await post(admin, '/verwaltung/benutzer/neu', { email: 'kein-mail', name: 'X', role: 'land', land: 'HE' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Angemeldet als Ada Admin');
    expect(refused.body).toMatch(/action="\/abmelden"[\s\S]*?name="_csrf" value="[^"]+"/);
    const password = oneTimePassword(created.body);
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);

    const row = userByEmail('neu@land.example')!;
    expect(row).toMatchObject({ name: 'Neue Referentin', role: 'land', land: 'HE', active: true, mustChangePassword: true });
    expect(row.passwordHash).not.toContain(password);
    const entries = connection.db.select().from(auditLog).all();
    expect(entries.find((e) => e.action === 'user.create' && e.entityId === String(row.id))).toMatchObject({ actor: ADMIN.email, userId: userByEmail(ADMIN.email)!.id });
    expect(JSON.stringify(entries)).not.toContain(password);

    const list = await app.inject({ url: '/verwaltung/benutzer', cookies: admin });
    expect(list.body).toContain('neu@land.example');
    expect(list.body).not.toContain(password);

    const { response } = await login('neu@land.example', password);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/konto/passwort');
  });

  it('offers only the password form and the logout while a one-time password must be replaced', async () => {
    connection.db.update(users).set({ mustChangePassword: true }).where(eq(users.email, SECRETARIAT.email)).run();
    const cookies = await loggedIn(SECRETARIAT);
    const accountNav = (body: string) => /<nav class="account-nav"[^>]*>([\s\S]*?)<\/nav>/.exec(body)![1]!;
    const links = (body: string) => [...accountNav(body).matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
    const forced = await app.inject({ url: '/konto/passwort', cookies });
    expect(forced.statusCode).toBe(200);
    expect(links(forced.body)).toEqual(['/konto/passwort']);
    expect(accountNav(forced.body)).toContain('action="/abmelden"');
    expect(accountNav(forced.body)).toContain('Angemeldet als');
    expect(forced.body).toContain('Bitte vergeben Sie jetzt ein eigenes Passwort.');
    // a wrong current password shows the form again, with the same short menu
    const refused = await app.inject({ method: 'POST', url: '/konto/passwort', cookies: { ...cookies, ...cookiesOf(forced) }, payload: { _csrf: tokenIn(forced.body), current: 'falsch', next: 'ein neues langes Passwort', repeat: 'ein neues langes Passwort' } });
    expect(refused.statusCode).toBe(422);
    expect(links(refused.body)).toEqual(['/konto/passwort']);
    expect(refused.body).toContain('Bitte vergeben Sie jetzt ein eigenes Passwort.');

    connection.db.update(users).set({ mustChangePassword: false }).where(eq(users.email, SECRETARIAT.email)).run();
    const settled = await app.inject({ url: '/konto/passwort', cookies });
    expect(links(settled.body)).toEqual(['/suche', '/statistik', '/verwaltung', '/dashboard', '/berichtsauftraege', '/merkliste', '/konto/passwort']);
    expect(settled.body).not.toContain('Bitte vergeben Sie jetzt ein eigenes Passwort.');
  });

  it('deactivation ends an active session at once; reactivation lets the user back in', async () => {
    const admin = await loggedIn(ADMIN);
    const land = await loggedIn(LAND);
    const before = await app.inject({ url: '/konto/passwort', cookies: land });
    expect(before.statusCode).toBe(200);
    expect(before.body).toContain('Angemeldet als Referentin');

    const id = userByEmail(LAND.email)!.id;
    const response = await post(admin, '/verwaltung/benutzer/status', { benutzer: String(id), aktiv: 'nein' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/verwaltung/benutzer?hinweis=deaktiviert&konto=${id}`);
    const notice = await app.inject({ url: response.headers.location!, cookies: admin });
    expect(notice.body).toContain('Das Konto von Referentin wurde deaktiviert');

    expect(connection.db.select().from(sessions).where(eq(sessions.userId, id)).all()).toHaveLength(0);
    const after = await app.inject({ url: '/konto/passwort', cookies: land });
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toBe('/anmelden?weiter=%2Fkonto%2Fpasswort');
    expect((await login(LAND.email, LAND.password)).response.statusCode).toBe(401);

    const reactivated = await post(admin, '/verwaltung/benutzer/status', { benutzer: String(id), aktiv: 'ja' });
    expect(reactivated.statusCode).toBe(303);
    expect((await login(LAND.email, LAND.password)).response.statusCode).toBe(303);
    const actions = connection.db.select().from(auditLog).where(eq(auditLog.entityId, String(id))).all().map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.deactivate', 'user.activate']));
  });

  it('resets a password: new one-time password, sessions ended, old password void', async () => {
    const admin = await loggedIn(ADMIN);
    const land = await loggedIn(LAND);
    const id = userByEmail(LAND.email)!.id;

    const response = await post(admin, '/verwaltung/benutzer/passwort', { benutzer: String(id) });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Passwort zurückgesetzt');
    const password = oneTimePassword(response.body);

    expect((await app.inject({ url: '/konto/passwort', cookies: land })).statusCode).toBe(303);
    expect(userByEmail(LAND.email)!.mustChangePassword).toBe(true);
    expect((await login(LAND.email, LAND.password)).response.statusCode).toBe(401);
    const { response: fresh } = await login(LAND.email, password);
    expect(fresh.statusCode).toBe(303);
    expect(fresh.headers.location).toBe('/konto/passwort');

    const entry = connection.db.select().from(auditLog).all().find((e) => e.action === 'user.passwordReset')!;
    expect(entry.entityId).toBe(String(id));
    expect(JSON.stringify(entry)).not.toContain(password);
  });

  it('does not let admins deactivate themselves or reset their own password here', async () => {
    const admin = await loggedIn(ADMIN);
    const id = userByEmail(ADMIN.email)!.id;
    const list = await app.inject({ url: '/verwaltung/benutzer', cookies: admin });
    expect(list.body).not.toMatch(new RegExp(`name="benutzer" value="${id}"`));

    const before = counts();
    const deactivate = await post(admin, '/verwaltung/benutzer/status', { benutzer: String(id), aktiv: 'nein' });
    expect(deactivate.statusCode).toBe(422);
    expect(deactivate.body).toContain('role="alert"');
    expect(deactivate.body).toContain('Sie können Ihr eigenes Konto nicht deaktivieren.');
    const reset = await post(admin, '/verwaltung/benutzer/passwort', { benutzer: String(id) });
    expect(reset.statusCode).toBe(422);
    expect(userByEmail(ADMIN.email)!.active).toBe(true);
    expect(counts()).toEqual(before);
    expect((await app.inject({ url: '/verwaltung/benutzer', cookies: admin })).statusCode).toBe(200);
  });
});

describe('secretariats and their conferences', () => {
  it('refuses a secretariat without a conference, with a German message beside the choice; stores nothing', async () => {
    const admin = await loggedIn(ADMIN);
    const form = await app.inject({ url: '/verwaltung/benutzer/neu', cookies: admin });
    expect(form.body).toMatch(/<input type="checkbox" name="konferenz" value="\d+"> IntMK/);
    const before = counts();
    for (const konferenz of [undefined, '99999', 'abc']) {
      const response = await post(admin, '/verwaltung/benutzer/neu', { email: 'gs@gmk.example', name: 'GS', role: 'secretariat', ...(konferenz ? { konferenz } : {}) });
      expect(response.statusCode, konferenz).toBe(422);
      expect(response.body).toMatch(/<p class="field-error" id="conferences-error">[^<]*(mindestens eine Konferenz|gibt es nicht)/);
      expect(response.body).toContain('href="#conferences"');
    }
    const land = await post(admin, '/verwaltung/benutzer/neu', { email: 'x@land.example', name: 'L', role: 'land', land: 'BY', konferenz: String(conferenceIdOf(connection)) });
    expect(land.statusCode).toBe(422);
    expect(land.body).toContain('Nur Geschäftsstellen sind an Konferenzen gebunden.');
    expect(counts()).toEqual(before);
  });

  it('creates a secretariat for two conferences; changing them ends its sessions', async () => {
    const intmk = conferenceIdOf(connection, 'IntMK');
    const gmk = conferenceIdOf(connection, 'GMK');
    const admin = await loggedIn(ADMIN);
    const page = await app.inject({ url: '/verwaltung/benutzer', cookies: admin });
    const token = tokenIn(page.body);
    const created = await app.inject({
      method: 'POST', url: '/verwaltung/benutzer/neu', cookies: { ...admin, ...cookiesOf(page) },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(token)}&email=zwei%40gs.example&name=Zwei&role=secretariat&konferenz=${intmk}&konferenz=${gmk}`,
    });
    expect(created.statusCode).toBe(201);
    const row = userByEmail('zwei@gs.example')!;
    const scope = () => connection.sqlite.prepare('select conference_id from user_conferences where user_id = ? order by 1').pluck().all(row.id);
    expect(scope()).toEqual([intmk, gmk].sort((a, b) => a - b));
    expect((await app.inject({ url: '/verwaltung/benutzer', cookies: admin })).body).toMatch(/GMK, IntMK|IntMK, GMK/);

    const gs = await loggedIn(SECRETARIAT);
    const gsId = userByEmail(SECRETARIAT.email)!.id;
    expect((await app.inject({ url: '/verwaltung', cookies: gs })).statusCode).toBe(200);
    const edit = await app.inject({ url: `/verwaltung/benutzer/${gsId}/konferenzen`, cookies: admin });
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toMatch(new RegExp(`value="${intmk}" checked`));
    const empty = await post(admin, `/verwaltung/benutzer/${gsId}/konferenzen`, {});
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('mindestens eine Konferenz');
    expect((await app.inject({ url: '/verwaltung', cookies: gs })).statusCode).toBe(200);
    const changed = await post(admin, `/verwaltung/benutzer/${gsId}/konferenzen`, { konferenz: String(gmk) });
    expect(changed.statusCode).toBe(303);
    // a change of privileges: the old session is gone, the next login gets the new scope
    expect((await app.inject({ url: '/verwaltung', cookies: gs })).statusCode).toBe(303);
    expect(connection.sqlite.prepare('select conference_id from user_conferences where user_id = ?').pluck().all(gsId)).toEqual([gmk]);
    expect(connection.db.select().from(auditLog).all().some((e) => e.action === 'user.conferences')).toBe(true);
    // only secretariats have conferences
    expect((await app.inject({ url: `/verwaltung/benutzer/${userByEmail(LAND.email)!.id}/konferenzen`, cookies: admin })).statusCode).toBe(404);
  });

  it('refuses the login of a secretariat without a conference (after an update from an older version)', async () => {
    const gsId = userByEmail(SECRETARIAT.email)!.id;
    connection.sqlite.prepare('delete from user_conferences where user_id = ?').run(gsId);
    const { response } = await login(SECRETARIAT.email, SECRETARIAT.password);
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('keiner Konferenz zugeordnet');
    expect(response.cookies.some((c) => c.name === 'bm_session')).toBe(false);
  });
});

describe('access to the administration', () => {
  it('has the expected routes', () => {
    expect(adminRouteList.map((r) => `${r.method} ${r.url}`).sort()).toEqual([
      'GET /verwaltung/benutzer',
      'GET /verwaltung/benutzer/:id/konferenzen',
      'GET /verwaltung/benutzer/neu',
      'GET /verwaltung/protokoll',
      'GET /verwaltung/protokoll.csv',
      'GET /verwaltung/protokoll.json',
      'GET /verwaltung/protokoll.xlsx',
      'POST /verwaltung/benutzer/:id/konferenzen',
      'POST /verwaltung/benutzer/neu',
      'POST /verwaltung/benutzer/passwort',
      'POST /verwaltung/benutzer/status',
    ]);
  });

  it('answers 403 to land and secretariat users on every route, and changes nothing', async () => {
    const landId = userByEmail(LAND.email)!.id;
    for (const who of [LAND, SECRETARIAT]) {
      const cookies = await loggedIn(who);
      const before = counts();
      for (const route of adminRouteList) {
        // the secretariat reads the log of its own conference (tested with the log below)
        if (who === SECRETARIAT && route.url === '/verwaltung/protokoll') continue;
        const response =
          route.method === 'GET'
            ? await app.inject({ url: route.url, cookies })
            : await post(cookies, route.url, { benutzer: String(landId), aktiv: 'nein', email: 'x@y.example', name: 'X', role: 'admin' }, '/konto/passwort');
        expect(response.statusCode, `${who.email} ${route.method} ${route.url}`).toBe(403);
        expect(response.body).toContain('Keine Berechtigung');
      }
      expect(counts().users).toBe(before.users);
      expect(userByEmail(LAND.email)!.active).toBe(true);
    }
  });

  it('sends anonymous visitors to the login (GET) and refuses their posts', async () => {
    const loginPage = await app.inject({ url: '/anmelden' });
    const cookies = cookiesOf(loginPage);
    const token = tokenIn(loginPage.body);
    const before = counts();
    for (const route of adminRouteList) {
      if (route.method === 'GET') {
        const response = await app.inject({ url: route.url });
        expect(response.statusCode, route.url).toBe(303);
        expect(response.headers.location).toBe(`/anmelden?weiter=${encodeURIComponent(route.url)}`);
      } else {
        const withoutToken = await app.inject({ method: 'POST', url: route.url, payload: { benutzer: '1', aktiv: 'nein' } });
        expect([401, 403], route.url).toContain(withoutToken.statusCode);
        const withToken = await app.inject({ method: 'POST', url: route.url, cookies, payload: { _csrf: token, benutzer: '1', aktiv: 'nein' } });
        expect([401, 403], route.url).toContain(withToken.statusCode);
      }
    }
    expect(counts().users).toBe(before.users);
  });

  it('refuses an admin form post without a valid CSRF token', async () => {
    const admin = await loggedIn(ADMIN);
    const id = userByEmail(LAND.email)!.id;
    const response = await app.inject({ method: 'POST', url: '/verwaltung/benutzer/status', cookies: admin, payload: { benutzer: String(id), aktiv: 'nein' } });
    expect(response.statusCode).toBe(403);
    expect(userByEmail(LAND.email)!.active).toBe(true);
  });
});

describe('bad input', () => {
  const good = { email: 'neu@land.example', name: 'Neue Person', role: 'land', land: 'SN' };
  const cases: [string, Record<string, string>, string, string][] = [
    ['invalid e-mail', { ...good, email: 'keine-adresse' }, 'email', 'Bitte eine gültige E-Mail-Adresse angeben.'],
    ['missing Land for role land', { ...good, land: '' }, 'land', 'brauchen ein Land'],
    ['unknown Land', { ...good, land: 'XX' }, 'land', 'brauchen ein Land'],
    ['duplicate e-mail', { ...good, email: LAND.email.toUpperCase() }, 'email', 'Es gibt bereits ein Konto mit der E-Mail-Adresse ref@land.example.'],
    ['unknown role', { ...good, role: 'superuser' }, 'role', 'Unbekannte Rolle'],
    ['no role', { ...good, role: '' }, 'role', 'Bitte eine Rolle wählen.'],
    ['empty name', { ...good, name: '  ' }, 'name', 'Bitte einen Namen angeben.'],
  ];

  for (const [label, payload, field, message] of cases) {
    it(`${label}: German message beside the field, 422, input kept, nothing stored`, async () => {
      const admin = await loggedIn(ADMIN);
      const before = counts();
      const response = await post(admin, '/verwaltung/benutzer/neu', payload);
      expect(response.statusCode).toBe(422);
      const errorId = `${field}-error`;
      const fieldError = new RegExp(`<p class="field-error" id="${errorId}">([^<]*)</p>`).exec(response.body)?.[1] ?? '';
      expect(fieldError).toContain(message.replace(/"/g, '&quot;'));
      expect(response.body).toMatch(new RegExp(`id="${field}"[^>]*aria-describedby="[^"]*${errorId}`));
      expect(response.body).toMatch(new RegExp(`id="${field}"[^>]*aria-invalid="true"`));
      expect(response.body).toContain('role="alert"');
      expect(response.body).toContain(`href="#${field}"`);
      if (payload.name!.trim()) expect(response.body).toContain(`value="${payload.name}"`);
      expect(counts()).toEqual(before);
    });
  }

  it('keeps the chosen role and Land selected after an error', async () => {
    const admin = await loggedIn(ADMIN);
    const response = await post(admin, '/verwaltung/benutzer/neu', { ...good, email: 'kaputt' });
    expect(response.body).toContain('<option value="land" selected>');
    expect(response.body).toContain('<option value="SN" selected>');
    expect(response.body).toContain('value="kaputt"');
  });

  it('tampered user ids: 422 with a German message, nothing changed', async () => {
    const admin = await loggedIn(ADMIN);
    const landId = userByEmail(LAND.email)!.id;
    const before = counts();
    for (const [url, payload] of [
      ['/verwaltung/benutzer/status', { benutzer: '99999', aktiv: 'nein' }],
      ['/verwaltung/benutzer/status', { benutzer: `${landId} OR 1=1`, aktiv: 'nein' }],
      ['/verwaltung/benutzer/status', { benutzer: '-1', aktiv: 'nein' }],
      ['/verwaltung/benutzer/status', { benutzer: String(landId), aktiv: 'vielleicht' }],
      ['/verwaltung/benutzer/passwort', { benutzer: 'abc' }],
      ['/verwaltung/benutzer/passwort', { benutzer: '99999' }],
    ] as const) {
      const response = await post(admin, url, payload);
      expect(response.statusCode, `${url} ${JSON.stringify(payload)}`).toBe(422);
      expect(response.body).toContain('Dieses Konto gibt es nicht.');
      expect(response.body).toMatch(/role="alert" tabindex="-1" autofocus id="action-error"/);
    }
    expect(counts()).toEqual(before);
    expect(userByEmail(LAND.email)!.active).toBe(true);
  });
});

describe('audit log page', () => {
  /** Entries with known times: Berlin day boundaries in winter (UTC+1) and summer (UTC+2). */
  function seedAudit() {
    const adminId = userByEmail(ADMIN.email)!.id;
    const landId = userByEmail(LAND.email)!.id;
    const rows = [
      { at: '2026-01-14T22:59:59.000Z', userId: adminId, actor: ADMIN.email, action: 'resolution.release', entityType: 'resolution', entityId: '7' },
      { at: '2026-01-14T23:00:00.000Z', userId: adminId, actor: ADMIN.email, action: 'resolution.update', entityType: 'resolution', entityId: '7' },
      { at: '2026-01-15T22:59:59.999Z', userId: landId, actor: LAND.email, action: 'followUp.create', entityType: 'followUp', entityId: '3' },
      { at: '2026-01-15T23:00:00.000Z', userId: null, actor: 'cli', action: 'resolution.import', entityType: 'resolution', entityId: '8' },
      { at: '2026-07-01T21:59:59.000Z', userId: landId, actor: LAND.email, action: 'followUp.create', entityType: 'followUp', entityId: '4' },
      { at: '2026-07-01T22:00:00.000Z', userId: adminId, actor: ADMIN.email, action: 'resolution.update', entityType: 'resolution', entityId: '8' },
    ];
    for (const row of rows) connection.db.insert(auditLog).values({ ...row, before: { title: 'alt' }, after: { title: 'neu' } }).run();
  }

  function idsOn(body: string): number[] {
    return [...body.matchAll(/<tr id="eintrag-(\d+)">/g)].map((m) => Number(m[1]));
  }

  function sqlIds(where: string, ...params: unknown[]): number[] {
    return (
      connection.sqlite
        .prepare(`select a.id from audit_log a left join users u on u.id = a.user_id ${where ? `where ${where}` : ''} order by a.at desc, a.id desc limit 50`)
        .all(...params) as { id: number }[]
    ).map((r) => r.id);
  }

  it('filters exactly as the direct SQL query does', async () => {
    seedAudit();
    const admin = await loggedIn(ADMIN);
    const filters: [string, string, unknown[]][] = [
      ['', '', []],
      ['typ=resolution', 'a.entity_type = ?', ['resolution']],
      ['aktion=followUp.create', 'a.action = ?', ['followUp.create']],
      ['benutzer=REF%40land.example', '(u.email = ? or lower(a.actor) = ?)', [LAND.email, LAND.email]],
      ['benutzer=cli', '(u.email = ? or lower(a.actor) = ?)', ['cli', 'cli']],
      // Berlin days: 15.01.2026 is 2026-01-14T23:00Z up to 2026-01-15T23:00Z (MEZ, UTC+1)
      ['von=15.01.2026&bis=15.01.2026', 'a.at >= ? and a.at < ?', ['2026-01-14T23:00:00.000Z', '2026-01-15T23:00:00.000Z']],
      ['von=2026-01-16', 'a.at >= ?', ['2026-01-15T23:00:00.000Z']],
      // 01.07.2026 in MESZ (UTC+2) ends at 2026-07-01T22:00Z
      ['bis=01.07.2026&typ=followUp', 'a.at < ? and a.entity_type = ?', ['2026-07-01T22:00:00.000Z', 'followUp']],
      ['typ=resolution&aktion=resolution.update&benutzer=admin%40bund.example&von=1.1.2026&bis=31.12.2026', 'a.entity_type = ? and a.action = ? and (u.email = ? or lower(a.actor) = ?) and a.at >= ? and a.at < ?', ['resolution', 'resolution.update', ADMIN.email, ADMIN.email, '2025-12-31T23:00:00.000Z', '2026-12-31T23:00:00.000Z']],
    ];
    for (const [query, where, params] of filters) {
      const response = await app.inject({ url: `/verwaltung/protokoll${query ? `?${query}` : ''}`, cookies: admin });
      expect(response.statusCode, query).toBe(200);
      const expected = sqlIds(where, ...params);
      expect(idsOn(response.body), query).toEqual(expected);
      const total = connection.sqlite.prepare(`select count(*) as n from audit_log a left join users u on u.id = a.user_id ${where ? `where ${where}` : ''}`).get(...params) as { n: number };
      expect(response.body).toContain(total.n === 1 ? '1 Eintrag, Seite 1 von 1' : `${total.n} Einträge, Seite 1 von`);
    }
    // The boundary cases really are on the expected sides.
    const day = await app.inject({ url: '/verwaltung/protokoll?von=15.01.2026&bis=15.01.2026', cookies: admin });
    expect(idsOn(day.body)).toHaveLength(2);
  });

  it('shows Berlin local time with the zone named, and the changed fields with German names in details', async () => {
    seedAudit();
    const admin = await loggedIn(ADMIN);
    const response = await app.inject({ url: '/verwaltung/protokoll?typ=resolution', cookies: admin });
    expect(response.body).toContain('<time datetime="2026-07-01T22:00:00.000Z">02.07.2026, 00:00:00 MESZ</time>');
    expect(response.body).toContain('<time datetime="2026-01-14T22:59:59.000Z">14.01.2026, 23:59:59 MEZ</time>');
    expect(response.body).toContain('<details>');
    expect(response.body).toContain('<tr><th scope="row">Titel</th><td class="audit-value">alt</td><td class="audit-value">neu</td></tr>');
    expect(response.body).not.toContain('&quot;title&quot;');
  });

  it('an invalid date gets a German message and its filter is ignored', async () => {
    seedAudit();
    const admin = await loggedIn(ADMIN);
    const all = idsOn((await app.inject({ url: '/verwaltung/protokoll', cookies: admin })).body);
    for (const query of ['von=31.02.2026', 'bis=gestern', 'von=2026-13-01']) {
      const response = await app.inject({ url: `/verwaltung/protokoll?${query}`, cookies: admin });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('ist kein gültiges Datum. Bitte im Format TT.MM.JJJJ angeben.');
      expect(response.body).toMatch(/aria-describedby="(von|bis)-error"/);
      expect(response.body).toMatch(/class="field-error" id="(von|bis)-error" role="alert"/);
      expect(idsOn(response.body)).toEqual(all);
    }
    const reversed = await app.inject({ url: '/verwaltung/protokoll?von=01.07.2026&bis=01.01.2026', cookies: admin });
    expect(reversed.body).toContain('Das Enddatum liegt vor dem Anfangsdatum.');
    expect(idsOn(reversed.body)).toEqual(sqlIds('a.at >= ?', '2026-06-30T22:00:00.000Z'));
  });

  it('paginates 50 per page, newest first, keeping the filters in the links', async () => {
    const adminId = userByEmail(ADMIN.email)!.id;
    for (let i = 0; i < 120; i++) {
      const at = new Date(Date.UTC(2026, 2, 1, 12, 0, i)).toISOString();
      connection.db.insert(auditLog).values({ at, userId: adminId, actor: ADMIN.email, action: 'demand.update', entityType: 'demand', entityId: String(i) }).run();
    }
    const admin = await loggedIn(ADMIN);
    const first = await app.inject({ url: '/verwaltung/protokoll?typ=demand', cookies: admin });
    expect(idsOn(first.body)).toEqual(sqlIds("a.entity_type = 'demand'"));
    expect(first.body).toContain('120 Einträge, Seite 1 von 3');
    expect(first.body).toContain('href="/verwaltung/protokoll?typ&#x3D;demand&amp;seite&#x3D;2" rel="next"');
    const third = await app.inject({ url: '/verwaltung/protokoll?typ=demand&seite=3', cookies: admin });
    const expectedThird = (connection.sqlite.prepare("select id from audit_log where entity_type = 'demand' order by at desc, id desc limit 50 offset 100").all() as { id: number }[]).map((r) => r.id);
    expect(idsOn(third.body)).toEqual(expectedThird);
    expect(expectedThird).toHaveLength(20);
    expect(third.body).toContain('href="/verwaltung/protokoll?typ&#x3D;demand&amp;seite&#x3D;2" rel="prev"');
    const beyond = await app.inject({ url: '/verwaltung/protokoll?typ=demand&seite=99', cookies: admin });
    expect(idsOn(beyond.body)).toEqual(expectedThird);
    expect(beyond.body).toContain('Seite 99 gibt es nicht; angezeigt wird die letzte Seite (3).');
    expect(third.body).not.toContain('gibt es nicht');
    for (const bad of ['abc', '0', '-2', '2.5', 'x'.repeat(150)]) {
      const response = await app.inject({ url: `/verwaltung/protokoll?typ=demand&seite=${bad}`, cookies: admin });
      expect(response.statusCode).toBe(200);
      expect(idsOn(response.body)).toEqual(idsOn(first.body));
      expect(response.body).toContain(`„${bad.slice(0, 20)}${bad.length > 20 ? '…' : ''}“ ist keine Seitenzahl; angezeigt wird Seite 1.`);
    }
  });
});

describe('XSS', () => {
  it('a script in a user name shows as text on the list, the one-time page and the audit log', async () => {
    const admin = await loggedIn(ADMIN);
    const payload = '<script>alert(1)</script>';
    const created = await post(admin, '/verwaltung/benutzer/neu', { email: 'xss@land.example', name: payload, role: 'secretariat', land: '', konferenz: String(conferenceIdOf(connection)) });
    expect(created.statusCode).toBe(201);
    for (const body of [
      created.body,
      (await app.inject({ url: '/verwaltung/benutzer', cookies: admin })).body,
      (await app.inject({ url: '/verwaltung/protokoll', cookies: admin })).body,
    ]) {
      expect(body).not.toContain('<script>');
      expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    // and when the XSS user acts, the "who" column escapes the name too
    const password = oneTimePassword(created.body);
    await login('xss@land.example', password);
    const audit = await app.inject({ url: '/verwaltung/protokoll?aktion=login', cookies: admin });
    expect(audit.body).not.toContain('<script>');
    expect(audit.body).toContain('<td>&lt;script&gt;alert(1)&lt;/script&gt;<br>');
  });
});
