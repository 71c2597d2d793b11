/**
 * The archive's pages name their own address (link rel=canonical) and describe themselves
 * (meta description): the address to cite however the page was reached, and a sentence for
 * search results and link previews.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { importSeed, useTestApp } from '../helpers.js';

let app: FastifyInstance;
let connection: Connection;

useTestApp((built) => ({ app, connection } = built));

const BASE = 'http://localhost:3000';

async function head(url: string): Promise<{ canonical: string[]; description: string[] }> {
  const response = await app.inject(url);
  expect(response.statusCode, url).toBe(200);
  const html = response.body.replace(/&#x3D;/g, '=').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  const headPart = html.slice(0, html.indexOf('</head>'));
  return {
    canonical: [...headPart.matchAll(/<link rel="canonical" href="([^"]*)">/g)].map((m) => m[1]!),
    description: [...headPart.matchAll(/<meta name="description" content="([^"]*)">/g)].map((m) => m[1]!),
  };
}

describe('canonical address and description of the archive pages', () => {
  it('home, conference, meeting and TOP name their address and describe themselves', async () => {
    const cases: [string, string, string][] = [
      ['/', `${BASE}/`, 'Hier finden Sie die Beschlüsse der Konferenzen'],
      ['/intmk', `${BASE}/intmk`, 'Sitzungen und Beschlüsse der IntMK und ihre Umsetzung durch den Bund'],
      ['/intmk/12', `${BASE}/intmk/12`, 'Beschlüsse der 12. IntMK 2017 (16.–17. März 2017, Friedrichshafen) und ihr Umsetzungsstand'],
      ['/intmk/12/top/2.12', `${BASE}/intmk/12/top/2.12`, 'Beschluss der 12. IntMK 2017 (16.–17. März 2017, Friedrichshafen), TOP 2.12: „Ausbau und Öffnung der Migrationsberatung“.'],
    ];
    importSeed(connection);
    for (const [url, canonical, description] of cases) {
      const found = await head(url);
      expect(found.canonical, url).toEqual([canonical]);
      expect(found.description, url).toHaveLength(1);
      expect(found.description[0], url).toContain(description);
    }
  });

  it('reached by a trailing slash, the page names its own address; as of a day, that day\'s', async () => {
    importSeed(connection);
    expect((await head('/intmk/12/top/2.12/')).canonical).toEqual([`${BASE}/intmk/12/top/2.12`]);
    expect((await head('/intmk/12/')).canonical).toEqual([`${BASE}/intmk/12`]);
    const dated = await head('/intmk/12/top/2.12?stand=01.01.2018');
    expect(dated.canonical).toEqual([`${BASE}/intmk/12/top/2.12?stand=2018-01-01`]);
    expect(dated.description[0]).toContain('Umsetzungsstand am 1. Januar 2018.');
    expect((await head('/intmk?stand=2018-01-01')).canonical).toEqual([`${BASE}/intmk?stand=2018-01-01`]);
    // a bad date shows the current state: its address is the undated one
    expect((await head('/intmk/12/top/2.12?stand=gestern')).canonical).toEqual([`${BASE}/intmk/12/top/2.12`]);
  });

  it('search, statistics, implementation report, legal pages, the API reference and the versions of a TOP name their address and describe themselves', async () => {
    importSeed(connection);
    const cases: [string, string, string][] = [
      ['/suche', `${BASE}/suche`, 'Beschlüsse der Fachministerkonferenzen durchsuchen'],
      // the search's own spelling of its address: the page shown, without what it did not heed
      ['/suche?konferenz=intmk&q=Migrationsberatung&utm_source=x&seite=1', `${BASE}/suche?q=Migrationsberatung&konferenz=intmk`, '1 Treffer für „Migrationsberatung“ in den Beschlüssen der Fachministerkonferenzen.'],
      ['/statistik', `${BASE}/statistik`, 'Wie viele Ziffern der Beschlüsse aller Konferenzen in welchem Umsetzungsstand sind'],
      ['/statistik?stand=01.01.2018&bis=2020&von=2017', `${BASE}/statistik?von=2017&bis=2020&stand=2018-01-01`, 'als Tabelle und Diagramm. Stand am 1. Januar 2018.'],
      ['/intmk/statistik?unbekannt=1', `${BASE}/intmk/statistik`, 'Umsetzungsstand der Beschlüsse der IntMK: nach Sitzung, Jahr, Land und Adressat'],
      ['/intmk/12/umsetzungsbericht?stand=2018-01-01', `${BASE}/intmk/12/umsetzungsbericht?stand=2018-01-01`, 'Umsetzungsbericht der 12. IntMK 2017: jeder Beschluss mit dem Umsetzungsstand seiner Ziffern. Stand am 1. Januar 2018.'],
      ['/impressum/', `${BASE}/impressum`, ''],
      ['/datenschutz', `${BASE}/datenschutz`, ''],
      ['/barrierefreiheit', `${BASE}/barrierefreiheit`, ''],
      ['/leichte-sprache', `${BASE}/leichte-sprache`, 'Hier erklären wir diese Internet-Seite in Leichter Sprache.'],
      ['/api/docs', `${BASE}/api/docs`, 'Die Lese-API des Beschlussmonitors'],
      ['/intmk/12/top/2.12/fassungen?von=1', `${BASE}/intmk/12/top/2.12/fassungen`, 'Fassungen von TOP 2.12 der 12. IntMK 2017'],
      ['/intmk/12/top/2.12/fassungen/1/', `${BASE}/intmk/12/top/2.12/fassungen/1`, 'TOP 2.12: „Ausbau und Öffnung der Migrationsberatung“. Wortlaut: Fassung 1, gültig ab 16. März 2017 (im Archiv seit'],
    ];
    for (const [url, canonical, description] of cases) {
      const found = await head(url);
      expect(found.canonical, url).toEqual([canonical]);
      expect(found.description, url).toHaveLength(1);
      expect(found.description[0]!.length, url).toBeGreaterThan(20);
      // what search results show; a version is described by its citation, as a TOP is
      if (!url.includes('/top/')) expect(found.description[0]!.length, url).toBeLessThanOrEqual(160);
      expect(found.description[0], url).toContain(description);
    }
  });

  it('conference and TOP offer their Atom feeds to feed readers in the head, each of them answering', async () => {
    importSeed(connection);
    const feedsOf = async (url: string) => {
      const html = (await app.inject(url)).body;
      return [...html.slice(0, html.indexOf('</head>')).matchAll(/<link rel="alternate" type="application\/atom\+xml" title="([^"]*)" href="([^"]*)">/g)].map((m) => [m[1], m[2]]);
    };
    expect(await feedsOf('/intmk')).toEqual([
      ['Feed: neue Beschlüsse', '/feeds/beschluesse.atom'],
      ['IntMK: Neue Beschlüsse (Atom)', '/intmk/feed.atom'],
      ['IntMK: Änderungen des Umsetzungsstands (Atom)', '/intmk/status.atom'],
    ]);
    const top = await feedsOf('/intmk/12/top/2.12');
    expect(top).toEqual([
      ['Feed: neue Beschlüsse', '/feeds/beschluesse.atom'],
      ['TOP 2.12: Änderungen des Umsetzungsstands als Feed (Atom)', '/intmk/12/top/2.12/status.atom'],
    ]);
    for (const [, href] of [...(await feedsOf('/intmk')), ...top]) {
      const feed = await app.inject(href!);
      expect(feed.statusCode, href).toBe(200);
      expect(feed.headers['content-type'], href).toContain('application/atom+xml');
    }
  });
});
