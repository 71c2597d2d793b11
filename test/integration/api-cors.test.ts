/**
 * The read API is public and sessionless, so its JSON is open to scripts on other sites (CORS), as
 * OParl's is: a researcher's notebook in the browser can read it. The reference page for people
 * stays a page like every other.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { importSeed, useTestApp } from '../helpers.js';

let app: FastifyInstance;
let connection: Connection;
useTestApp((built) => ({ app, connection } = built));

describe('the read API for other sites', () => {
  it('answers every address with Access-Control-Allow-Origin: *, also from the page cache, and with its errors', async () => {
    importSeed(connection);
    const urls = [
      '/api/v1/openapi.json',
      '/api/v1/conferences',
      '/api/v1/conferences/intmk/meetings',
      '/api/v1/resolutions',
      '/api/v1/resolutions/intmk/12/2.12',
      '/api/v1/resolutions/intmk/12/2.12?stand=2018-01-01',
      '/api/v1/search?q=Migrationsberatung',
      '/api/v1/resolutions/intmk/12/2.12?stand=gestern',
      '/api/v1/resolutions/intmk/12/9.99',
      '/api/v1/resolutions/intmk/12/2.12/versions',
      '/api/v1/resolutions/intmk/12/2.12/versions/1',
      '/api/v1/resolutions/intmk/12/2.12/versions/9',
    ];
    // every route of the API is among them
    const routes = app.routeAccess.filter((route) => route.method === 'GET' && route.url.startsWith('/api/v1/')).map((route) => route.url);
    expect(new Set(routes)).toEqual(new Set(['/api/v1/openapi.json', '/api/v1/conferences', '/api/v1/conferences/:conference/meetings', '/api/v1/resolutions', '/api/v1/resolutions/:conference/:meeting/:agendaItem', '/api/v1/resolutions/:conference/:meeting/:agendaItem/versions', '/api/v1/resolutions/:conference/:meeting/:agendaItem/versions/:version', '/api/v1/search']));
    for (const url of urls) {
      for (const round of ['first', 'again']) {
        const response = await app.inject({ url, headers: { origin: 'https://notebook.example' } });
        expect(response.headers['access-control-allow-origin'], `${round} ${url}`).toBe('*');
        expect(response.headers['cross-origin-resource-policy'], `${round} ${url}`).toBe('cross-origin');
      }
    }
    // the reference for people is a page: not opened to other sites
    const reference = await app.inject('/api/docs');
    expect(reference.headers['access-control-allow-origin']).toBeUndefined();
    expect(reference.headers['cross-origin-resource-policy']).toBe('same-origin');
  });
});
