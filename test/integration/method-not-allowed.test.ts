/**
 * A known address asked with a method it does not take: a form's address typed in or reloaded
 * (GET /abmelden), a page posted to. 405 with Allow and a German page saying what the address is
 * for — not "Seite nicht gefunden", which is for addresses that do not exist. Nothing is written.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { importSeed, useTestApp, watchWrites } from '../helpers.js';

let app: FastifyInstance;
let connection: Connection;

useTestApp((built) => ({ app, connection } = built));

describe('a method an address does not take', () => {
  it('a form address opened directly: 405, Allow: POST, a German page saying to send the form from its page', async () => {
    importSeed(connection);
    const writes = watchWrites(connection);
    for (const url of ['/abmelden', '/beobachten', '/merkliste/benachrichtigungen', '/merkliste/feed/widerrufen']) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(405);
      expect(response.headers.allow, url).toBe('POST');
      expect(response.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
      expect(response.body).toContain('<h1>So nicht aufrufbar</h1>');
      expect(response.body).toContain('nimmt nur abgesendete Formulare entgegen');
      expect(response.body).not.toContain('Seite nicht gefunden');
    }
    expect(writes()).toEqual([]);
  });

  it('a page posted, put or deleted: 405 with Allow: GET, HEAD; in JSON under /api/', async () => {
    importSeed(connection);
    for (const [method, url] of [['POST', '/intmk/12/top/2.12'], ['DELETE', '/suche'], ['PUT', '/']] as const) {
      const response = await app.inject({ method, url });
      expect(response.statusCode, `${method} ${url}`).toBe(405);
      expect(response.headers.allow).toBe('GET, HEAD');
      expect(response.body).toContain('An diese Seite lässt sich nichts senden');
    }
    const api = await app.inject({ method: 'POST', url: '/api/v1/openapi.json' });
    expect(api.statusCode).toBe(405);
    expect(api.json()).toEqual({ statusCode: 405, error: 'So nicht aufrufbar', message: 'An diese Seite lässt sich nichts senden; sie lässt sich nur aufrufen.' });
  });

  it('an address that exists for no method stays 404', async () => {
    const response = await app.inject('/gibt/es/wirklich/nicht/hier');
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('Seite nicht gefunden');
  });
});
