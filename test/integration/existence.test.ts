/**
 * Nothing unreleased exists for the public, not even as a count: a conference or a meeting
 * without a released resolution answers the same 404 as an unknown one — byte for byte, but for
 * the requested address in the login link the page offers — on its
 * pages, feeds, reports, exports and in the API, and is absent from every list and count. The
 * counts on the home page and in the API are what the public can open. The page cache never
 * gives anybody a page rendered for a logged-in viewer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, conferenceIdOf, importSeed, loginAs, seedDocument, TEST_ACTOR } from '../helpers.js';
import { importDocument } from '../../src/services/import.js';
import { createUser } from '../../src/services/users.js';
import type { ImportDocument } from '../../src/domain/import-format.js';

let app: FastifyInstance;
let connection: Connection;
const PASSWORD = 'ein langes sicheres Passwort';

/** The seed resolution moved to another conference / meeting, released as given. */
function variant(conference: string, meeting: number, release: 'draft' | 'internal' | 'public', title: string) {
  const document = seedDocument();
  const moved: ImportDocument = {
    ...document,
    resolutions: document.resolutions.map((r) => ({ ...r, conference, title, meeting: { ...r.meeting, number: meeting, startDate: `20${meeting}-03-16`, endDate: null, year: 2000 + meeting } })),
  };
  importDocument(connection.db, TEST_ACTOR, moved, { source: 'Test', release, releasedOn: release === 'public' ? '2020-01-01' : null });
}

beforeAll(async () => {
  ({ app, connection } = await buildTestApp());
  importSeed(connection); // IntMK 12: released
  variant('IntMK', 13, 'draft', 'Nur ein Entwurf');
  variant('IntMK', 14, 'internal', 'Nur intern');
  variant('EntwurfMK', 20, 'draft', 'Entwurf einer anderen Konferenz');
  conferenceIdOf(connection, 'LeerMK'); // a conference without anything
  await createUser(connection.db, TEST_ACTOR, { email: 'ref@by.example', name: 'BY', role: 'land', land: 'BY', password: PASSWORD });
  await createUser(connection.db, TEST_ACTOR, { email: 'gs@leermk.example', name: 'GS', role: 'secretariat', conferenceIds: [conferenceIdOf(connection, 'LeerMK')], password: PASSWORD });
});
afterAll(async () => {
  await app.close();
});

function headersOf(response: LightMyRequestResponse) {
  // the request limit's counter counts every request to the route alike, known or not; the
  // length differs with the length of the address the page names (below)
  const { date: _date, 'x-ratelimit-remaining': _remaining, 'x-ratelimit-reset': _reset, 'content-length': _length, ...rest } = response.headers;
  return rest;
}

/**
 * A page's 404 for the public offers the login that returns to the requested address (so that an
 * official whose session ran out, or who opens a colleague's link, gets to the page): the
 * request's own address, the same for a thing that does not exist. Replaced by one text.
 */
function withoutOwnAddress(response: LightMyRequestResponse, url: string): string {
  const body = response.rawPayload.toString('utf8');
  if (!String(response.headers['content-type']).startsWith('text/html')) return body;
  const login = `href="/anmelden?weiter&#x3D;${url}"`;
  expect(body, url).toContain(login);
  return body.replaceAll(login, 'href="/anmelden?weiter=…"');
}

/** The same request for an unknown and an unreleased thing: the same status, headers and bytes (but for the address itself). */
async function expectSameAsUnknown(unreleased: string, unknown: string) {
  const a = await app.inject(unreleased);
  const b = await app.inject(unknown);
  expect(a.statusCode, unreleased).toBe(404);
  expect(b.statusCode, unknown).toBe(404);
  expect(withoutOwnAddress(a, unreleased) === withoutOwnAddress(b, unknown), `${unreleased} vs ${unknown}`).toBe(true);
  expect(headersOf(a), unreleased).toEqual(headersOf(b));
  expect(Number(a.headers['content-length']), unreleased).toBe(a.rawPayload.length);
}

describe('for the public', () => {
  it('an unreleased conference or meeting answers exactly what an unknown one answers, everywhere', async () => {
    const pairs: [string, string][] = [
      ['/entwurfmk', '/gibtsnichtmk'],
      ['/leermk', '/gibtsnichtmk'],
      ['/entwurfmk/feed.atom', '/gibtsnichtmk/feed.atom'],
      ['/leermk/status.atom', '/gibtsnichtmk/status.atom'],
      ['/entwurfmk/statistik', '/gibtsnichtmk/statistik'],
      ['/entwurfmk/20', '/gibtsnichtmk/20'],
      ['/intmk/13', '/intmk/99'],
      ['/intmk/14', '/intmk/99'],
      ['/intmk/13/top/2.12', '/intmk/99/top/2.12'],
      ['/intmk/13/top/2.12/status.atom', '/intmk/99/top/2.12/status.atom'],
      ['/intmk/13/umsetzungsbericht', '/intmk/99/umsetzungsbericht'],
      ['/intmk/13/umsetzungsbericht.csv', '/intmk/99/umsetzungsbericht.csv'],
      ['/intmk/13/export.json', '/intmk/99/export.json'],
      ['/api/v1/conferences/entwurfmk/meetings', '/api/v1/conferences/gibtsnichtmk/meetings'],
      ['/api/v1/resolutions/intmk/13/2.12', '/api/v1/resolutions/intmk/99/2.12'],
      ['/entwurfmk/sitemap.xml', '/gibtsnichtmk/sitemap.xml'],
      ['/entwurfmk/sitemap-fassungen.xml', '/gibtsnichtmk/sitemap-fassungen.xml'],
      ['/intmk/13/top/2.12/fassungen/1', '/intmk/99/top/2.12/fassungen/1'],
      ['/intmk/14/top/2.12/fassungen', '/intmk/99/top/2.12/fassungen'],
    ];
    for (const [unreleased, unknown] of pairs) await expectSameAsUnknown(unreleased, unknown);
  });

  it('lists and counts only what the public can open', async () => {
    const home = (await app.inject('/')).body;
    expect(home).toContain('IntMK');
    expect(home).not.toMatch(/EntwurfMK|LeerMK/);
    expect(home).toMatch(/1 Sitzung · 1 Beschluss/);
    const api = JSON.parse((await app.inject('/api/v1/conferences')).body) as { items: { slug: string; meetings: number; resolutions: number }[] };
    expect(api.items.map((c) => [c.slug, c.meetings, c.resolutions])).toEqual([['intmk', 1, 1]]);
    // every counted meeting opens, and there are exactly as many as counted
    const meetings = JSON.parse((await app.inject('/api/v1/conferences/intmk/meetings')).body) as { items: { key: string; resolutions: number }[] };
    expect(meetings.items.map((m) => [m.key, m.resolutions])).toEqual([['12', 1]]);
    for (const m of meetings.items) expect((await app.inject(`/intmk/${m.key}`)).statusCode).toBe(200);
    const conferencePage = (await app.inject('/intmk')).body;
    expect(conferencePage).toContain('/intmk/12');
    expect(conferencePage).not.toMatch(/\/intmk\/1[34]/);

    const overview = (await app.inject('/statistik')).body;
    expect(overview).not.toMatch(/EntwurfMK|LeerMK/);
    const statistics = (await app.inject('/intmk/statistik')).body;
    expect(statistics).toContain('12. IntMK');
    expect(statistics).not.toMatch(/1[34]\. IntMK|2013|2014/);
    const search = (await app.inject('/suche?q=Integration')).body;
    expect(search).not.toMatch(/EntwurfMK|LeerMK|entwurfmk|leermk/);
    const feed = (await app.inject('/feeds/beschluesse.atom')).body;
    expect(feed).not.toMatch(/Nur ein Entwurf|Nur intern|EntwurfMK/);
    // the sitemaps: the released meeting's pages and versions, nothing of the others
    const sitemaps = [(await app.inject('/sitemap.xml')).body, (await app.inject('/intmk/sitemap.xml')).body, (await app.inject('/intmk/sitemap-fassungen.xml')).body].join('\n');
    expect(sitemaps).toContain('/intmk/12/top/2.12/fassungen/1');
    expect(sitemaps).not.toMatch(/entwurfmk|leermk|\/intmk\/1[34]/);
  });
});

describe('for logged-in users', () => {
  it('a Länder official sees internal meetings, not drafts; a secretariat its own empty conference', async () => {
    const land = await loginAs(app, 'ref@by.example', PASSWORD);
    expect((await app.inject({ url: '/intmk/14', cookies: land })).statusCode).toBe(200);
    expect((await app.inject({ url: '/intmk/13', cookies: land })).statusCode).toBe(404);
    expect((await app.inject({ url: '/entwurfmk', cookies: land })).statusCode).toBe(404);
    const home = (await app.inject({ url: '/', cookies: land })).body;
    expect(home).toMatch(/2 Sitzungen · 2 Beschlüsse/);
    expect(home).not.toMatch(/EntwurfMK|LeerMK/);

    const secretariat = await loginAs(app, 'gs@leermk.example', PASSWORD);
    expect((await app.inject({ url: '/leermk', cookies: secretariat })).statusCode).toBe(200);
    expect((await app.inject({ url: '/entwurfmk', cookies: secretariat })).statusCode).toBe(404);
    expect((await app.inject({ url: '/intmk/13', cookies: secretariat })).statusCode).toBe(404);
  });

  it('pages the public cannot see offer no feed links, since feeds are read without a session (they would be 404)', async () => {
    const land = await loginAs(app, 'ref@by.example', PASSWORD);
    const internal = await app.inject({ url: '/intmk/14/top/2.12', cookies: land });
    expect(internal.statusCode).toBe(200);
    expect(internal.body).not.toContain('status.atom');
    expect((await app.inject('/intmk/14/top/2.12/status.atom')).statusCode).toBe(404);
    const released = await app.inject({ url: '/intmk/12/top/2.12', cookies: land });
    expect(released.body).toContain('href="/intmk/12/top/2.12/status.atom"');
    expect((await app.inject('/intmk/12/top/2.12/status.atom')).statusCode).toBe(200);

    const secretariat = await loginAs(app, 'gs@leermk.example', PASSWORD);
    const empty = await app.inject({ url: '/leermk', cookies: secretariat });
    expect(empty.statusCode).toBe(200);
    expect(empty.body).not.toMatch(/feed\.atom|status\.atom/);
    expect(empty.body).toContain('Die Feeds dieser Konferenz gibt es, sobald sie einen öffentlichen Beschluss hat');
    const intmk = await app.inject({ url: '/intmk', cookies: land });
    expect(intmk.body).toContain('href="/intmk/feed.atom"');
    expect(intmk.body).toContain('href="/intmk/status.atom"');
  });

  it('the page cache never serves a page rendered for a logged-in viewer to anyone else', async () => {
    const land = await loginAs(app, 'ref@by.example', PASSWORD);
    for (const url of ['/', '/intmk', '/intmk/14', '/feeds/beschluesse.atom', '/api/v1/conferences', '/statistik']) {
      // the logged-in viewer first (were its page stored, the next visitor would get it) …
      const mine = await app.inject({ url, cookies: land });
      expect(mine.headers['cache-control'], url).toBe('no-store');
      // … then the public, twice (the second from the cache)
      for (let i = 0; i < 2; i++) {
        const theirs = await app.inject(url);
        expect(theirs.body, url).not.toMatch(/Nur intern|Angemeldet als/);
        expect(theirs.headers['cache-control'] ?? '', url).not.toContain('private');
      }
    }
    // and the other way round: a public page in the cache does not reach a logged-in viewer
    expect((await app.inject({ url: '/intmk', cookies: land })).body).toContain('/intmk/14');
  });
});
