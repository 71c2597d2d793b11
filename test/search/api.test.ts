import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { TEST_ACTOR } from '../helpers.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { useArchiveApp, type Archive } from './fixtures.js';

let app: FastifyInstance;
let connection: Connection;
let archive: Archive;

useArchiveApp((built) => ({ app, connection, archive } = built));

const PUBLIC_URLS = [
  'http://localhost:3000/intmk/12/top/2.12',
  'http://localhost:3000/intmk/12/top/3.1',
  'http://localhost:3000/intmk/13/top/1',
  'http://localhost:3000/gmk/92/top/5.2',
  'http://localhost:3000/gmk/92/top/7',
];

async function json<T>(url: string): Promise<T> {
  const response = await app.inject(url);
  expect(response.statusCode, url).toBe(200);
  expect(response.headers['content-type']).toContain('application/json');
  return response.json() as T;
}

interface Page {
  items: { url: string; api: string; title: string; modifiedAt: string }[];
  nextCursor: string | null;
  next: string | null;
}

describe('read API', () => {
  it('lists conferences and meetings with released resolutions only', async () => {
    const conferences = await json<{ items: { slug: string; resolutions: number }[] }>('/api/v1/conferences');
    expect(conferences.items.map((c) => [c.slug, c.resolutions])).toEqual([
      ['gmk', 2],
      ['intmk', 3],
    ]);
    const meetings = await json<{ items: { key: string; resolutions: number }[] }>('/api/v1/conferences/intmk/meetings');
    expect(meetings.items.map((m) => [m.key, m.resolutions])).toEqual([
      ['13', 1],
      ['12', 2],
    ]);
    expect((await app.inject('/api/v1/conferences/xyz/meetings')).statusCode).toBe(404);
  });

  it('pages through all released resolutions with a cursor', async () => {
    const urls: string[] = [];
    let next: string | null = '/api/v1/resolutions?limit=2';
    let pages = 0;
    while (next) {
      const page: Page = await json<Page>(next.replace('http://localhost:3000', ''));
      urls.push(...page.items.map((i) => i.url));
      next = page.next;
      pages++;
    }
    expect(urls).toEqual(PUBLIC_URLS);
    expect(pages).toBe(3);
    const bad = await app.inject('/api/v1/resolutions?cursor=%21%21');
    expect(bad.statusCode).toBe(400);
    const garbage = await app.inject('/api/v1/resolutions?cursor=eHl6');
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json()).toMatchObject({ statusCode: 400 });
  });

  it('returns only what changed since a time: resolutions and their public follow-ups', async () => {
    connection.sqlite.exec("update resolutions set updated_at = '2020-01-01T00:00:00.000Z'");
    connection.sqlite.exec("update follow_ups set updated_at = '2020-01-01T00:00:00.000Z'");
    const since = '/api/v1/resolutions?modified_since=2021-01-01T00:00:00Z';
    expect((await json<Page>(since)).items).toEqual([]);
    recordFollowUp(connection.db, TEST_ACTOR, {
      resolutionId: archive.forderung,
      demandId: null,
      date: '2019-01-01',
      actor: null,
      kind: 'note',
      summary: 'intern',
      link: null,
      resultingStatus: null,
      visibility: 'internal',
    });
    expect((await json<Page>(since)).items).toEqual([]);
    recordFollowUp(connection.db, TEST_ACTOR, {
      resolutionId: archive.seed,
      demandId: null,
      date: '2018-01-10',
      actor: 'BMI',
      kind: 'response',
      summary: 'Antwort des Bundes',
      link: null,
      resultingStatus: 'in_progress',
      visibility: 'public',
    });
    const changed = await json<Page>(since);
    expect(changed.items.map((i) => i.url)).toEqual(['http://localhost:3000/intmk/12/top/2.12']);
    expect(changed.items[0]!.modifiedAt > '2021').toBe(true);
    expect((await app.inject('/api/v1/resolutions?modified_since=gestern')).statusCode).toBe(400);
  });

  it('serves a resolution with demands and public follow-ups only; 404 for unreleased ones', async () => {
    const body = await json<{
      title: string;
      sponsors: string[];
      demands: { number: string; status: string }[];
      followUps: { summary: string; resultingStatus: string | null }[];
    }>('/api/v1/resolutions/gmk/92/7');
    expect(body.title).toBe('Krankenhausfinanzierung');
    expect(body.sponsors).toEqual(['HE']);
    expect(body.followUps.map((f) => f.summary)).toEqual(['Der Bund stellt Haushaltsmittel für Investitionen bereit.']);
    expect(body.demands[0]!.status).toBe('implemented');
    expect(JSON.stringify(body)).not.toContain('Vertraulichkeitsvermerk');
    for (const url of ['/api/v1/resolutions/intmk/14/1', '/api/v1/resolutions/intmk/12/9.9', '/api/v1/resolutions/intmk/12/77']) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.json()).toMatchObject({ statusCode: 404 });
    }
  });

  it('searches with cursor pagination and never returns unreleased resolutions', async () => {
    const first = await json<{ total: number; items: { url: string }[]; nextCursor: string | null }>('/api/v1/search?q=Bund&limit=3');
    expect(first.total).toBe(4);
    expect(first.items).toHaveLength(3);
    const second = await json<{ items: { url: string }[]; nextCursor: string | null }>(
      `/api/v1/search?q=Bund&limit=3&cursor=${first.nextCursor}`,
    );
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const all = [...first.items, ...second.items].map((i) => i.url);
    expect(new Set(all).size).toBe(4);
    for (const q of ['Entwurfsgeheimnis', 'Internwort', 'Vertraulichkeitsvermerk']) {
      expect((await json<{ items: unknown[] }>(`/api/v1/search?q=${q}`)).items, q).toEqual([]);
    }
    const malformed = await json<{ notices: string[]; items: unknown[] }>(`/api/v1/search?q=${encodeURIComponent('AND OR')}`);
    expect(malformed.items).toEqual([]);
    expect(malformed.notices[0]).toContain('keinen Suchbegriff');
  });

  it('refuses an unknown search parameter with 400 JSON naming it (a misspelt filter is no silent search without it)', async () => {
    for (const [url, name] of [
      ['/api/v1/search?q=Bund&konferrenz=gmk', 'konferrenz'],
      ['/api/v1/search?q=Bund&seite=2', 'seite'],
      ['/api/v1/search?q=Bund&limit=3&sortierung=datum', 'sortierung'],
    ] as const) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type']).toContain('application/json');
      expect(response.json()).toEqual({ statusCode: 400, error: 'Ungültige Anfrage', message: `Den Parameter „${name}“ gibt es nicht; welche es gibt, steht unter /api/docs.` });
    }
    const long = await app.inject(`/api/v1/search?${'x'.repeat(200)}=1`);
    expect(long.statusCode).toBe(400);
    expect((long.json() as { message: string }).message).toContain(`„${'x'.repeat(20)}…“`);
    // every declared parameter is still taken
    const known = await app.inject('/api/v1/search?q=Bund&konferenz=gmk&von=1990&bis=2030&land=HE&ergebnis=&umsetzung=&adressat=&stand=&limit=2&cursor=');
    expect(known.statusCode).toBe(200);
  });

  it('answers with ETag, Cache-Control and 304', async () => {
    const first = await app.inject('/api/v1/resolutions');
    const etag = first.headers.etag as string;
    expect(etag).toBeTruthy();
    expect(first.headers['cache-control']).toContain('public');
    const again = await app.inject({ url: '/api/v1/resolutions', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
  });

  it('documents itself with OpenAPI, browsable at /api/docs', async () => {
    const spec = await json<{ openapi: string; paths: Record<string, unknown> }>('/api/v1/openapi.json');
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths).sort()).toEqual([
      '/api/v1/conferences',
      '/api/v1/conferences/{conference}/meetings',
      '/api/v1/resolutions',
      '/api/v1/resolutions/{conference}/{meeting}/{agendaItem}',
      '/api/v1/resolutions/{conference}/{meeting}/{agendaItem}/versions',
      '/api/v1/resolutions/{conference}/{meeting}/{agendaItem}/versions/{version}',
      '/api/v1/search',
    ]);
    const docs = await app.inject('/api/docs');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
    expect(docs.body).toContain('<html lang="de"');
    expect(docs.body).toContain('<h1>Daten-Schnittstelle (API)</h1>');
    // every operation with its parameters and the fields of its answers, in German
    for (const path of Object.keys(spec.paths)) expect(docs.body).toContain(`<code>GET ${path}</code>`);
    expect(docs.body).toContain('<th scope="row"><code>modified_since</code></th>');
    expect(docs.body).toContain('Zeitpunkt (ISO 8601)');
    expect(docs.body).toContain('<th scope="row"><code>demands[].followUps[].resultingStatus</code></th>');
    expect(docs.body).toContain('Antwort 404: Nicht gefunden');
    expect(docs.body).not.toMatch(/Default Response|swagger/i);
  });
});
