/**
 * Query parameters a route does not declare, by who asks (plugins/unknown-parameters.ts): the read
 * API and OParl refuse them as JSON, a download or feed as text, a page shows itself with a notice
 * naming them. Never a silent answer for something else than asked for.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { cookiesOf, importSeed, TEST_ACTOR, useTestApp } from '../helpers.js';
import type { Connection } from '../../db/connection.js';
import { createUser } from '../../src/services/users.js';
import { parameterFamily } from '../../src/plugins/unknown-parameters.js';

let app: FastifyInstance;
let connection: Connection;
useTestApp((built) => ({ app, connection } = built), { rateLimitAllow: ['127.0.0.1'] });

const refusal = (name: string) => ({ statusCode: 400, error: 'Ungültige Anfrage', message: `Den Parameter „${name}“ gibt es nicht; welche es gibt, steht unter /api/docs.` });

describe('unknown query parameters', () => {
  it('every route of the read API refuses them with 400 JSON naming the first', async () => {
    importSeed(connection);
    const apiRoutes = app.routeAccess.filter((route) => route.method === 'GET' && parameterFamily(route.url) === 'api').map((route) => route.url);
    // conferences, meetings, resolutions, one resolution, its versions and one of them, search, the OpenAPI document; /api and /api/v1 (redirects to the reference)
    expect(apiRoutes).toHaveLength(10);
    for (const [url, name] of [
      ['/api/v1/conferences?limit=5', 'limit'],
      ['/api/v1/conferences/intmk/meetings?jahr=2017', 'jahr'],
      ['/api/v1/resolutions?konferenz=intmk', 'konferenz'],
      ['/api/v1/resolutions/intmk/12/2.12?datum=2020-01-01', 'datum'],
      ['/api/v1/resolutions/intmk/12/2.12/versions?limit=1', 'limit'],
      ['/api/v1/resolutions/intmk/12/2.12/versions/1?stand=2020-01-01', 'stand'],
      ['/api/v1/search?q=Bund&seite=2', 'seite'],
      ['/api/v1/openapi.json?format=yaml', 'format'],
      ['/api/v1?format=json', 'format'],
      ['/api?v=1', 'v'],
    ] as const) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type']).toContain('application/json');
      expect(response.json(), url).toEqual(refusal(name));
    }
    // the reference says so: every operation documents its 400 answer, and its query parameters are the route's
    const document = (await app.inject('/api/v1/openapi.json')).json() as { paths: Record<string, { get: { responses: Record<string, unknown>; parameters?: { in: string; name: string }[] } }> };
    for (const [path, { get }] of Object.entries(document.paths)) {
      expect(Object.keys(get.responses), path).toContain('400');
      const route = app.routeAccess.find((r) => r.method === 'GET' && r.url === path.replace(/\{(\w+)\}/g, ':$1'))!;
      expect((get.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name).sort(), path).toEqual([...route.query].sort());
    }
    // the declared ones are still taken
    expect((await app.inject('/api/v1/resolutions?conference=intmk&limit=1&cursor=&modified_since=2000-01-01T00:00:00Z')).statusCode).toBe(200);
  });

  it('/api/v1/resolutions refuses a conference the public archive does not have (not an empty list)', async () => {
    importSeed(connection);
    const response = await app.inject('/api/v1/resolutions?conference=gmk');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ statusCode: 400, error: 'Ungültige Anfrage', message: 'Der Filter Konferenz „gmk“ ist unbekannt.' });
  });

  it('OParl refuses them with 400 JSON naming the parameters its lists know', async () => {
    importSeed(connection);
    for (const url of ['/oparl/v1/bodies?seite=2', '/oparl/v1/body/intmk?page=2']) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(400);
      const body = response.json() as { statusCode: number; message: string };
      expect(body.statusCode).toBe(400);
      expect(body.message).toMatch(/^Den Parameter „(seite|page)“ gibt es hier nicht; die Listen der OParl-Schnittstelle kennen page, elementsPerPage/);
    }
  });

  it('a download or feed is refused with the German message as text, no file', async () => {
    importSeed(connection);
    for (const url of ['/suche/export.csv?q=Bund&konferrenz=intmk', '/intmk/feed.atom?stand=2020-01-01', '/statistik.csv?jahr=2017', '/intmk/12/top/2.12/beschluss.docx?ziffer=1']) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(response.headers['content-disposition']).toBeUndefined();
      expect(response.body).toMatch(/^Den Parameter „\w+“ gibt es für diese Datei nicht\. Es wurde keine Datei erstellt\.$/);
    }
  });

  it('robots.txt and the sitemaps are refused as a download is; a link\'s carrier markers are ignored', async () => {
    importSeed(connection);
    for (const url of ['/robots.txt?x=1', '/sitemap.xml?seite=2', '/sitemap-seiten.xml?konferenz=intmk', '/intmk/sitemap.xml?stand=2020-01-01', '/intmk/sitemap-fassungen.xml?stand=2020-01-01']) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type'], url).toBe('text/plain; charset=utf-8');
      expect(response.body, url).toMatch(/^Den Parameter „\w+“ gibt es für diese Datei nicht\. Es wurde keine Datei erstellt\.$/);
    }
    for (const url of ['/robots.txt?utm_source=x', '/sitemap.xml?fbclid=y', '/intmk/sitemap.xml?utm_medium=z', '/intmk/sitemap-fassungen.xml?utm_medium=z']) {
      expect((await app.inject(url)).statusCode, url).toBe(200);
    }
  });

  it('no public address passes over an unknown parameter without a word', async () => {
    importSeed(connection);
    const fill = (url: string) => url.replace(':conference', 'intmk').replace(':meeting', '12').replace(':agendaItem', '2.12').replace(':number', '3');
    const silent: string[] = [];
    for (const route of app.routeAccess.filter((r) => r.method === 'GET' && r.access === 'public' && parameterFamily(r.url) !== null)) {
      const response = await app.inject(`${fill(route.url)}?unbekannt=1`);
      const page = String(response.headers['content-type']).startsWith('text/html');
      // refused, noticed on the page, or no answer of its own (a redirect, not found)
      const heard = response.statusCode === 400 || (page && response.body.includes('„unbekannt“')) || (response.statusCode >= 300 && response.statusCode < 400) || response.statusCode === 404;
      if (!heard) silent.push(`${route.url} ${response.statusCode}`);
    }
    expect(silent).toEqual([]);
  });

  it('a page is shown as asked for, with a notice naming what it did not heed', async () => {
    importSeed(connection);
    const response = await app.inject('/intmk/12/top/2.12?stnad=2020-01-01&staand=1');
    expect(response.statusCode).toBe(200);
    const main = /<main[^>]*>([\s\S]*?)<\/main>/.exec(response.body)![1]!;
    expect(main).toContain('<div class="message message-warning" role="status">');
    expect(main).toContain('Den Parameter „stnad“ in der Adresse kennt diese Seite nicht; er wurde nicht beachtet.');
    expect(main).toContain('Den Parameter „staand“ in der Adresse kennt diese Seite nicht; er wurde nicht beachtet.');
    // the page's own parameters give no notice
    const known = await app.inject('/intmk/12/top/2.12?stand=2020-01-01');
    expect(known.body).not.toContain('kennt diese Seite nicht');
    // a long name is cut as every repeated value is, and escaped
    const long = await app.inject(`/suche?q=Bund&${encodeURIComponent('<b>'.repeat(20))}=1`);
    expect(long.body).toContain('„&lt;b&gt;&lt;b&gt;&lt;b&gt;&lt;b&gt;&lt;b&gt;&lt;b&gt;&lt;b…“');
  });

  it('an address that needs a login asks for it first, then for the parameter', async () => {
    await createUser(connection.db, TEST_ACTOR, { email: 'admin@example.org', name: 'A', role: 'admin', password: 'ein langes sicheres Passwort' });
    const anonymous = await app.inject('/verwaltung/protokoll.csv?nutzer=x');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/anmelden\?weiter=/);
    const form = await app.inject('/anmelden');
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const login = await app.inject({ method: 'POST', url: '/anmelden', cookies: cookiesOf(form), payload: { email: 'admin@example.org', password: 'ein langes sicheres Passwort', _csrf: token } });
    const cookies = { ...cookiesOf(form), ...cookiesOf(login) };
    const refused = await app.inject({ url: '/verwaltung/protokoll.csv?nutzer=x', cookies });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toBe('Den Parameter „nutzer“ gibt es für diese Datei nicht. Es wurde keine Datei erstellt.');
  });
});

describe('markers a link picked up on its way (newsletter, social network, ads)', () => {
  it('a page or file ignores them without a notice; the API still refuses them', async () => {
    importSeed(connection);
    const plain = await app.inject('/intmk/12/top/2.12');
    const marked = await app.inject('/intmk/12/top/2.12?utm_source=newsletter&utm_medium=mail&fbclid=IwAR0x');
    expect(marked.statusCode).toBe(200);
    expect(marked.body).not.toContain('kennt diese Seite nicht');
    expect(marked.body).not.toContain('message-warning');
    expect(marked.body.length).toBe(plain.body.length);
    // beside a misspelt parameter only that one is named
    const both = await app.inject('/intmk/12/top/2.12?gclid=abc&stnad=2020-01-01');
    expect(both.body).toContain('Den Parameter „stnad“');
    expect(both.body).not.toContain('„gclid“');
    expect((await app.inject('/intmk/12/top/2.12/beschluss.docx?utm_campaign=x')).statusCode).toBe(200);
    const api = await app.inject('/api/v1/conferences?utm_source=x');
    expect(api.statusCode).toBe(400);
    expect(api.json()).toEqual(refusal('utm_source'));
  });
});

describe('a known query parameter given twice', () => {
  it('a page takes the first value and says so; the API and a file refuse it naming it', async () => {
    importSeed(connection);
    const page = await app.inject('/intmk/12/top/2.12?stand=2020-01-01&stand=2030-01-01');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Den Parameter „stand“ gibt die Adresse mehrmals an; beachtet wurde der erste Wert („2020-01-01“).');
    expect(page.body).toContain('1. Januar 2020');
    const search = await app.inject('/suche?q=Bund&konferenz=gmk&konferenz=intmk');
    expect(search.statusCode).toBe(200);
    expect(search.body).toContain('beachtet wurde der erste Wert („gmk“)');
    expect(search.body).toContain('Der Filter Konferenz „gmk“ ist unbekannt');
    for (const url of ['/api/v1/resolutions?limit=1&limit=2', '/suche/export.csv?q=Bund&q=Land']) {
      const refused = await app.inject(url);
      expect(refused.statusCode, url).toBe(400);
      expect(refused.body, url).toMatch(/Die Angabe „(limit|q)“ in der Adresse ist ungültig, zu lang oder mehrfach angegeben\./);
    }
  });
});

describe('a search filter of any length up to 200 characters', () => {
  it('gets the page with a notice naming it, not the error page', async () => {
    importSeed(connection);
    for (const [name, what] of [['von', 'Angabe „von“: „99999999999“'], ['land', 'Der Filter Antragstellendes Land „99999999999“'], ['umsetzung', 'Der Filter Umsetzungsstand „99999999999“']] as const) {
      const response = await app.inject(`/suche?q=Bund&${name}=99999999999`);
      expect(response.statusCode, name).toBe(200);
      expect(response.body, name).toContain(what);
    }
    const long = await app.inject(`/suche?q=Bund&konferenz=${'k'.repeat(200)}`);
    expect(long.statusCode).toBe(200);
    expect(long.body).toContain(`Der Filter Konferenz „${'k'.repeat(20)}…“ ist unbekannt`);
    // the API refuses the same value with the filter's own message
    const api = await app.inject('/api/v1/search?q=Bund&land=99999999999');
    expect(api.json()).toMatchObject({ statusCode: 400, message: 'Der Filter Antragstellendes Land „99999999999“ ist unbekannt.' });
  });
});
