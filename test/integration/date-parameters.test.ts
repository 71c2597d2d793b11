/**
 * Dates and years in the address (`?stand=`, `?von=`, `?bis=`) answer alike on every route that
 * takes them: a page shows what it can without the bad value and a German message naming the
 * parameter (200, like every notice about an ignored query value); a download or feed is refused
 * (400, the message as text, no file), since it cannot show a notice.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { importSeed, useTestApp } from '../helpers.js';
import type { Connection } from '../../db/connection.js';

let app: FastifyInstance;
let connection: Connection;
useTestApp((built) => ({ app, connection } = built));
beforeEach(() => {
  importSeed(connection);
});

const KNOWN: Record<string, string> = { conference: 'intmk', meeting: '12', agendaItem: '2.12', number: '1' };

function addressOf(route: { url: string; paramValues: Record<string, string[]> }): string {
  return route.url.replace(/:(\w+)/g, (_, name: string) => route.paramValues[name]?.[0] ?? KNOWN[name]!);
}

/** The answer, after a redirect to a page of the archive (a demand's address leads to its TOP). */
async function fetchPage(url: string): Promise<LightMyRequestResponse> {
  const response = await app.inject(url);
  return response.statusCode === 302 ? app.inject(response.headers.location!) : response;
}

function expectAnswer(response: LightMyRequestResponse, url: string, message: string) {
  const type = String(response.headers['content-type']);
  if (type.startsWith('text/html')) {
    expect(response.statusCode, url).toBe(200);
    expect(response.body, url).toContain(message);
  } else {
    expect(response.statusCode, `${url} (${type})`).toBe(400);
    expect(type, url).toBe('text/plain; charset=utf-8');
    expect(response.body, url).toContain(message);
    expect(response.body, url).toContain('Es wurde keine Datei erstellt.');
    expect(response.headers['content-disposition'], url).toBeUndefined();
  }
}

describe('an invalid date or year in the address', () => {
  it('?stand= that is no date: the page with a message naming it, a download refused, on every route', async () => {
    const routes = app.routeAccess.filter((route) => route.method === 'GET' && route.access === 'public' && route.query.includes('stand'));
    // the archive, the search with its exports and feed, the statistics, the reports and their files
    expect(routes.length).toBeGreaterThanOrEqual(20);
    const pages: string[] = [];
    for (const route of routes) {
      const base = addressOf(route);
      for (const value of ['2025-13-01', '31.02.2025', 'gestern']) {
        const url = `${base}?stand=${value}`;
        const response = await fetchPage(url);
        if (response.headers['content-type']?.toString().startsWith('application/json')) {
          // the search API refuses it as a download would, with its JSON error body
          expect(response.statusCode, url).toBe(400);
          expect(JSON.parse(response.body), url).toEqual({ statusCode: 400, error: 'Ungültige Anfrage', message: `Angabe „stand“: „${value}“ ist kein gültiges Datum. Bitte als JJJJ-MM-TT (z. B. 2018-01-01) oder TT.MM.JJJJ angeben.` });
          continue;
        }
        expectAnswer(response, url, `Angabe „stand“: „${value}“ ist kein gültiges Datum.`);
        if (String(response.headers['content-type']).startsWith('text/html')) pages.push(route.url);
      }
    }
    expect(new Set(pages)).toEqual(new Set(['/', '/:conference', '/:conference/:meeting', '/:conference/:meeting/top/:agendaItem', '/:conference/:meeting/top/:agendaItem/ziffer/:number', '/suche', '/statistik', '/:conference/statistik', '/:conference/:meeting/umsetzungsbericht']));
  });

  it('a long bad value is named shortened', async () => {
    const value = 'x'.repeat(30);
    expect((await app.inject(`/intmk/statistik?stand=${value}`)).body).toContain(`Angabe „stand“: „${'x'.repeat(20)}…“`);
    expect((await app.inject(`/intmk/12/umsetzungsbericht.csv?stand=${value}`)).body).toContain(`Angabe „stand“: „${'x'.repeat(20)}…“`);
  });

  it('?von= and ?bis= that are no year: named on the statistics and the search, their files refused', async () => {
    for (const base of ['/statistik', '/intmk/statistik', '/suche', '/statistik.csv', '/intmk/statistik.json', '/suche/export.csv', '/suche/export.json', '/suche/feed.atom']) {
      for (const name of ['von', 'bis']) {
        const url = `${base}?${name}=2025-01-01`;
        expectAnswer(await app.inject(url), url, `Angabe „${name}“: „2025-01-01“ ist keine gültige Jahreszahl`);
      }
    }
    // a valid year still gives the file
    const csv = await app.inject('/suche/export.csv?von=2017&stand=31.12.2019');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
  });

  it('?von= and ?bis= naming no version: the comparison page with a message naming them', async () => {
    const response = await app.inject('/intmk/12/top/2.12/fassungen?von=99&bis=abc');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Angabe „von“: Eine Fassung „99“ gibt es hier nicht');
    expect(response.body).toContain('Angabe „bis“: Eine Fassung „abc“ gibt es hier nicht');
  });
});

describe('a date before the meeting', () => {
  it('?stand= before the first day of the meeting: the meeting, its TOP and its report say that its resolutions did not exist yet', async () => {
    const before = 'Die Sitzung fand erst am 16. März 2017 statt; an diesem Tag gab es ihre Beschlüsse noch nicht.';
    for (const url of ['/intmk/12', '/intmk/12/top/2.12', '/intmk/12/umsetzungsbericht']) {
      const early = await app.inject(`${url}?stand=01.01.2016`);
      expect(early.statusCode, url).toBe(200);
      expect(early.body, url).toContain('Sie sehen den Umsetzungsstand zum 1. Januar 2016.');
      expect(early.body, url).toContain(before);
      // on or after the first day: no such sentence
      for (const stand of ['16.03.2017', '01.01.2018']) expect((await app.inject(`${url}?stand=${stand}`)).body, `${url} ${stand}`).not.toContain('Die Sitzung fand erst');
    }
  });
});
