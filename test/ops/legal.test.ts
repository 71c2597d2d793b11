/** Impressum, Datenschutz, Barrierefreiheit, Leichte Sprache: defaults, editing, escaping, conflicts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { desc, eq } from 'drizzle-orm';
import type { Connection } from '../../db/connection.js';
import { auditLog, pages } from '../../db/schema.js';
import { buildTestApp, cookiesOf, loginAs, conferenceIdOf } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { parsePageBody } from '../../src/domain/legal-pages.js';
import { ensureLegalPages } from '../../src/services/legal-pages.js';

const PASSWORD = 'ein langes sicheres Passwort';
let app: FastifyInstance;
let connection: Connection;
let secretariat: Record<string, string>;
let land: Record<string, string>;

beforeAll(async () => {
  ({ app, connection } = await buildTestApp());
  const actor = { userId: null, name: 'test' };
  await createUser(connection.db, actor, { email: 'gs@example.org', name: 'G', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)], password: PASSWORD });
  await createUser(connection.db, actor, { email: 'land@example.org', name: 'L', role: 'land', land: 'BY', password: PASSWORD });
  secretariat = await loginAs(app, 'gs@example.org', PASSWORD);
  land = await loginAs(app, 'land@example.org', PASSWORD);
});
afterAll(async () => {
  await app.close();
});

async function editForm(slug: string, cookies: Record<string, string>) {
  const form = await app.inject({ url: `/verwaltung/seiten/${slug}`, cookies });
  expect(form.statusCode).toBe(200);
  return {
    token: /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!,
    version: /name="version" value="(\d+)"/.exec(form.body)![1]!,
    cookies: { ...cookies, ...cookiesOf(form) },
  };
}

describe('legal pages', () => {
  it('serves the default texts, linked from every page footer, cacheable', async () => {
    const expected: Record<string, RegExp> = {
      '/impressum': /<h1>Impressum<\/h1>[\s\S]*<h2>Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV<\/h2>/,
      '/datenschutz': /<h1>Datenschutzerklärung<\/h1>[\s\S]*Art. 77 DSGVO/,
      '/barrierefreiheit': /Stand der Vereinbarkeit[\s\S]*Nicht barrierefreie Inhalte[\s\S]*Barrieren melden[\s\S]*Schlichtungsstelle nach § 16 BGG/,
      '/leichte-sprache': /Leichter Sprache[\s\S]*Was ist ein Beschluss\?/,
    };
    for (const [url, pattern] of Object.entries(expected)) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toMatch(pattern);
      expect(response.body).toContain('[Platzhalter:');
      expect(response.headers.etag).toBeDefined();
      expect(response.headers['cache-control']).toMatch(/^public/);
      expect(response.body).not.toContain('Diese Seite bearbeiten');
    }
    const home = await app.inject('/');
    for (const url of Object.keys(expected)) expect(home.body).toContain(`href="${url}"`);
    const notFound = await app.inject('/gibt-es-nicht');
    expect(notFound.body).toContain('href="/barrierefreiheit"');
  });

  it('keeps an edited text on the next start', () => {
    connection.db.update(pages).set({ body: 'geändert' }).where(eq(pages.slug, 'impressum')).run();
    expect(ensureLegalPages(connection.db)).toBe(0);
    connection.db.delete(pages).where(eq(pages.slug, 'leichte-sprache')).run();
    expect(ensureLegalPages(connection.db)).toBe(1);
  });

  it('lets the secretariat edit a page; the public sees it at once; audited', async () => {
    const before = await app.inject('/impressum');
    expect(before.statusCode).toBe(200);
    const { token, version, cookies } = await editForm('impressum', secretariat);
    const saved = await app.inject({
      method: 'POST',
      url: '/verwaltung/seiten/impressum',
      cookies,
      payload: { _csrf: token, version, title: 'Impressum', body: '## Anbieter\nGeschäftsstelle der IntMK\nMusterstraße 1\n\nZweiter Absatz.\n\n- eins\n- zwei' },
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/verwaltung/seiten/impressum?gespeichert');
    const after = await app.inject({ url: '/impressum', headers: { 'if-none-match': String(before.headers.etag) } });
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain('<h2>Anbieter</h2>');
    expect(after.body).toContain('<p>Geschäftsstelle der IntMK<br>Musterstraße 1</p>');
    expect(after.body).toContain('<ul><li>eins</li><li>zwei</li></ul>');
    const entry = connection.db.select().from(auditLog).where(eq(auditLog.action, 'page.update')).orderBy(desc(auditLog.id)).get();
    expect(entry?.entityId).toBe('impressum');
    expect(entry?.actor).toBe('gs@example.org');
    const asSecretariat = await app.inject({ url: '/impressum', cookies: secretariat });
    expect(asSecretariat.body).toContain('href="/verwaltung/seiten/impressum"');
  });

  it('refuses Länder officials and the public', async () => {
    expect((await app.inject({ url: '/verwaltung/seiten/impressum', cookies: land })).statusCode).toBe(403);
    expect((await app.inject({ url: '/verwaltung/seiten', cookies: land })).statusCode).toBe(403);
    const page = await app.inject({ url: '/konto/passwort', cookies: land });
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const post = await app.inject({
      method: 'POST',
      url: '/verwaltung/seiten/impressum',
      cookies: land,
      payload: { _csrf: token, version: '1', title: 'Gekapert', body: 'Gekapert' },
    });
    expect(post.statusCode).toBe(403);
    expect((await app.inject('/impressum')).body).not.toContain('Gekapert');
    const anonymous = await app.inject('/verwaltung/seiten/impressum');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/anmelden/);
  });

  it('shows HTML in a body as text', async () => {
    const { token, version, cookies } = await editForm('datenschutz', secretariat);
    const body = '<script>alert(1)</script>\n\n<img src=x onerror=alert(2)> & "Zitat"';
    const saved = await app.inject({ method: 'POST', url: '/verwaltung/seiten/datenschutz', cookies, payload: { _csrf: token, version, title: 'Datenschutz <b>fett</b>', body } });
    expect(saved.statusCode).toBe(303);
    const page = await app.inject('/datenschutz');
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).not.toContain('<b>fett</b>');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(2)&gt; &amp; &quot;Zitat&quot;');
    const form = await app.inject({ url: '/verwaltung/seiten/datenschutz', cookies: secretariat });
    expect(form.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('answers a stale version with 409, a German message and the input back', async () => {
    const first = await editForm('barrierefreiheit', secretariat);
    const second = await editForm('barrierefreiheit', secretariat);
    const ok = await app.inject({
      method: 'POST',
      url: '/verwaltung/seiten/barrierefreiheit',
      cookies: first.cookies,
      payload: { _csrf: first.token, version: first.version, title: 'Erklärung zur Barrierefreiheit', body: 'Fassung A' },
    });
    expect(ok.statusCode).toBe(303);
    const stale = await app.inject({
      method: 'POST',
      url: '/verwaltung/seiten/barrierefreiheit',
      cookies: second.cookies,
      payload: { _csrf: second.token, version: second.version, title: 'Erklärung zur Barrierefreiheit', body: 'Fassung B' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toMatch(/inzwischen von jemand anderem geändert/);
    expect(stale.body).toContain('>Fassung B</textarea>');
    expect(stale.body).toContain('Fassung A');
    expect(stale.body).toContain(`name="version" value="${Number(first.version) + 1}"`);
    expect((await app.inject('/barrierefreiheit')).body).toContain('Fassung A');
  });

  it('refuses an empty text and unknown slugs', async () => {
    const { token, version, cookies } = await editForm('leichte-sprache', secretariat);
    const empty = await app.inject({ method: 'POST', url: '/verwaltung/seiten/leichte-sprache', cookies, payload: { _csrf: token, version, title: 'Leichte Sprache', body: '   ' } });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Bitte einen Text angeben.');
    expect((await app.inject({ url: '/verwaltung/seiten/unbekannt', cookies: secretariat })).statusCode).toBe(404);
    expect((await app.inject({ url: '/verwaltung/seiten', cookies: secretariat })).body).toContain('href="/verwaltung/seiten/leichte-sprache"');
  });
});

describe('parsePageBody', () => {
  it('splits headings, paragraphs with line breaks and lists', () => {
    expect(parsePageBody('## Titel\r\n\r\nZeile 1\nZeile 2\n  \n- a\n- b\n\n\n')).toEqual([
      { kind: 'heading', text: 'Titel' },
      { kind: 'paragraph', lines: ['Zeile 1', 'Zeile 2'] },
      { kind: 'list', items: ['a', 'b'] },
    ]);
  });
});

describe('parsePageBody with a heading directly above its text', () => {
  it('splits the heading off', () => {
    expect(parsePageBody('## Kontakt\nTelefon: 1\nE-Mail: a@b.de\n## Liste\n- x\n- y')).toEqual([
      { kind: 'heading', text: 'Kontakt' },
      { kind: 'paragraph', lines: ['Telefon: 1', 'E-Mail: a@b.de'] },
      { kind: 'heading', text: 'Liste' },
      { kind: 'list', items: ['x', 'y'] },
    ]);
  });
});
