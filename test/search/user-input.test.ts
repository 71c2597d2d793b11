/**
 * The search page as users type into it: hyphenated words and TOP numbers.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { useTestApp } from '../helpers.js';
import { buildArchive, store } from './fixtures.js';

let app: FastifyInstance;
let connection: Connection;

// the requests of one test come from one address: no request limit here
useTestApp((built) => {
  ({ app, connection } = built);
  buildArchive(connection);
}, { rateLimitAllow: ['127.0.0.1'] });

async function page(q: string, extra = ''): Promise<{ status: number; body: string; titles: string[] }> {
  const response = await app.inject(`/suche?q=${encodeURIComponent(q)}${extra}`);
  const titles = [...response.body.matchAll(/<a[^>]*href="\/[a-z]+\/\d+\/top\/[^"]*"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').trim());
  return { status: response.statusCode, body: response.body, titles };
}

describe('search input as users type it', () => {
  it('finds a hyphenated word also written as one', async () => {
    store(connection, {
      conference: 'JFMK', number: 40, year: 2020, agendaItem: '4', title: 'Betreuung im Ganztag', sponsors: ['HE'],
      demands: [{ text: 'Die Länder schaffen weitere Kitaplätze.' }],
    });
    // "Kita-Plätze" is in the title of the archive's IntMK 2018 TOP 1
    const found = await page('Kita-Plätze');
    expect(found.status).toBe(200);
    expect(found.titles).toEqual(['TOP 1: Kita-Plätze für geflüchtete Kinder', 'TOP 4: Betreuung im Ganztag']);
    expect(found.body).toContain('<mark>Kitaplätze</mark>');
  });

  it('finds a hyphenated word by the word written as one', async () => {
    store(connection, {
      conference: 'JFMK', number: 40, year: 2020, agendaItem: '4', title: 'Betreuung im Ganztag', sponsors: ['HE'],
      demands: [{ text: 'Die Länder schaffen weitere Kitaplätze und nennen ihre E-Mail.' }],
    });
    const found = await page('Kitaplätze');
    expect(found.status).toBe(200);
    // "Kita-Plätze" in the title of the archive's IntMK 2018 TOP 1, "Kitaplätze" in the text of TOP 4
    expect(found.titles).toEqual(['TOP 1: Kita-Plätze für geflüchtete Kinder', 'TOP 4: Betreuung im Ganztag']);
    expect(found.body).toContain('<mark>Kita</mark>-<mark>Plätze</mark>');
    expect((await page('Email')).titles).toEqual(['TOP 4: Betreuung im Ganztag']);
    // excluded written as one, excluded with a hyphen
    expect((await page('Länder -Kitaplätze')).titles).not.toContain('TOP 1: Kita-Plätze für geflüchtete Kinder');
  });

  it('says that TOP numbers are not searched', async () => {
    const found = await page('TOP 2.12');
    expect(found.status).toBe(200);
    expect(found.body).toContain('Die Suche findet Wörter im Text der Beschlüsse, nicht ihre TOP-Nummern');
  });
});
