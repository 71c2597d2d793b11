/**
 * Deny by default, tested: every registered route (collected by the auth plugin's onRoute hook)
 * as the public, a Länder official, the secretariat and an admin. Requests carry a valid CSRF
 * token, so what is tested is the access rule, not the CSRF check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, importSeed, conferenceIdOf } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import type { Access } from '../../src/plugins/auth.js';
import { rolePagesOf, startPageOf } from '../../src/routes/start-page.js';

let app: FastifyInstance;
let connection: Connection;
const PASSWORD = 'ein langes sicheres Passwort';
const ROLES = ['anonymous', 'land', 'secretariat', 'admin'] as const;
type Role = (typeof ROLES)[number];
const sessions = new Map<Role, { cookies: Record<string, string>; token: string }>();

function cookiesOf(response: LightMyRequestResponse): Record<string, string> {
  return Object.fromEntries(response.cookies.map((c) => [c.name, c.value]));
}

beforeAll(async () => {
  // PDF printing off: the access rule of the two PDF routes is checked before their handler (the
  // guard runs on every route's request), so they are answered as every other route; printing a
  // page as each role starts a Chromium process per role and is tested where it is the subject
  // (print.test.ts as the Land and the secretariat, download-names.test.ts and
  // citation-as-of.test.ts for the public).
  ({ app, connection } = await buildTestApp({ pdfPrinting: false }));
  importSeed(connection);
  const actor = { userId: null, name: 'test' };
  await createUser(connection.db, actor, { email: 'land@example.org', name: 'L', role: 'land', land: 'BY', password: PASSWORD });
  await createUser(connection.db, actor, { email: 'gs@example.org', name: 'G', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)], password: PASSWORD });
  await createUser(connection.db, actor, { email: 'admin@example.org', name: 'A', role: 'admin', password: PASSWORD });
  for (const role of ROLES) {
    const form = await app.inject('/anmelden');
    let cookies = cookiesOf(form);
    if (role !== 'anonymous') {
      const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
      const login = await app.inject({ method: 'POST', url: '/anmelden', cookies, payload: { email: `${role === 'secretariat' ? 'gs' : role}@example.org`, password: PASSWORD, _csrf: token } });
      expect(login.statusCode).toBe(303);
      cookies = { ...cookies, ...cookiesOf(login) };
    }
    const page = await app.inject({ url: role === 'anonymous' ? '/anmelden' : '/konto/passwort', cookies });
    sessions.set(role, { cookies, token: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]! });
  }
});
afterAll(async () => {
  await app.close();
});

const PARAMS: Record<string, string> = { conference: 'intmk', meeting: '12', agendaItem: '2.12', id: '1' };

function concrete(url: string): string {
  return url.replace(/:(\w+)/g, (_, name: string) => PARAMS[name] ?? '1').replace(/\*$/, 'x');
}

function allowed(access: Access, role: Role): boolean {
  if (access === 'public') return true;
  if (access === 'authenticated') return role !== 'anonymous';
  return role !== 'anonymous' && (access as readonly string[]).includes(role);
}

describe('every route × every role', () => {
  it('covers the application routes', () => {
    expect(app.routeAccess.length).toBeGreaterThan(10);
    expect(app.routeAccess.filter((r) => r.access !== 'public').length).toBeGreaterThan(5);
  });

  it('answers each role as the route declares', async () => {
    const failures: string[] = [];
    // logging in and out changes the session: those go last
    const sessionRoutes = (r: { url: string }) => r.url === '/abmelden' || r.url === '/anmelden';
    const ordered = [...app.routeAccess.filter((r) => !sessionRoutes(r)), ...app.routeAccess.filter(sessionRoutes)];
    for (const route of ordered) {
      for (const role of ROLES) {
        const { cookies, token } = sessions.get(role)!;
        const url = concrete(route.url);
        const response = await app.inject({
          method: route.method as 'GET',
          url,
          cookies,
          ...(route.method === 'GET' ? {} : { payload: { _csrf: token }, headers: { 'x-csrf-token': token } }),
        });
        const status = response.statusCode;
        const ok = allowed(route.access, role);
        const denied = status === 403 || status === 401 || (status === 303 && String(response.headers.location).startsWith('/anmelden'));
        if (ok && denied) failures.push(`${role} ${route.method} ${url}: denied (${status}) but allowed`);
        if (!ok && !denied) failures.push(`${role} ${route.method} ${url}: ${status} but should be denied`);
        if (status >= 500) failures.push(`${role} ${route.method} ${url}: ${status}`);
      }
    }
    expect(failures).toEqual([]);
  }, 180_000); // every route for every role
});

describe('the page of a refusal', () => {
  /** The links of the page's "Weiter zu:" paragraph. */
  const onward = (body: string) => {
    const paragraph = /<p>Weiter zu: ([\s\S]*?)<\/p>/.exec(body)?.[1] ?? '';
    return [...paragraph.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => `${m[2]} ${m[1]}`);
  };

  it('leads on: home and the account\'s own start page, or the login for the public', async () => {
    const cases: [Exclude<Role, 'anonymous'>, string, string[]][] = [
      ['land', '/verwaltung', ['Startseite /', 'Länder-Übersicht /dashboard']],
      ['secretariat', '/verwaltung/benutzer', ['Startseite /', 'Verwaltung /verwaltung', 'Länder-Übersicht /dashboard']],
      ['admin', '/verwaltung/import', ['Startseite /', 'Administration /verwaltung/benutzer']],
    ];
    for (const [role, url, links] of cases) {
      // a session of its own: the test of every route ends the shared ones (it posts /abmelden)
      const form = await app.inject('/anmelden');
      const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
      const login = await app.inject({ method: 'POST', url: '/anmelden', cookies: cookiesOf(form), payload: { email: `${role === 'secretariat' ? 'gs' : role}@example.org`, password: PASSWORD, _csrf: token } });
      expect(login.statusCode).toBe(303);
      const response = await app.inject({ url, cookies: { ...cookiesOf(form), ...cookiesOf(login) } });
      expect(response.statusCode, `${role} ${url}`).toBe(403);
      expect(response.body).toContain('<h1>Keine Berechtigung</h1>');
      expect(onward(response.body), `${role} ${url}`).toEqual(links);
      // one place decides: the refusal leads on to the role's pages, the first of them where its login leads
      expect(onward(response.body).slice(1)).toEqual(rolePagesOf(role).map((page) => `${page.label} ${page.href}`));
      expect(login.headers.location).toBe(startPageOf(role));
      expect(rolePagesOf(role)[0]!.href).toBe(startPageOf(role));
    }
    // the public posting a form for logged-in users (a page left open after the session ended)
    const { cookies, token } = sessions.get('anonymous')!;
    const refused = await app.inject({ method: 'POST', url: '/beobachten', cookies, payload: { _csrf: token, resolution: '1', action: 'watch' } });
    expect([401, 403]).toContain(refused.statusCode);
    expect(onward(refused.body)).toEqual(['Startseite /', 'Anmelden /anmelden']);
    // a page that is not there is no refusal: no login offered
    expect(onward((await app.inject({ url: '/gibt-es-nicht', cookies })).body)).toEqual([]);
  });
});
