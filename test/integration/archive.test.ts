import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { acceptsGzip } from '../../src/plugins/page-cache.js';
import { importSeed, seedDocument, TEST_ACTOR, useTestApp, withoutOwnAddress } from '../helpers.js';
import { importDocument } from '../../src/services/import.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { LAENDER } from '../../src/domain/laender.js';

let app: FastifyInstance;
let connection: Connection;

useTestApp((built) => ({ app, connection } = built));

function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&[a-z#0-9]+;/gi, (e) => ({ '&amp;': '&', '&quot;': '"', '&#x27;': "'", '&lt;': '<', '&gt;': '>' })[e] ?? e).replace(/\s+/g, ' ');
}

describe('resolution page', () => {
  it('shows TOP 2.12 with all sponsors by full name, the voting and all five demands', async () => {
    importSeed(connection);
    const response = await app.inject('/intmk/12/top/2.12');
    expect(response.statusCode).toBe(200);
    const text = textOf(response.body);
    const seed = seedDocument().resolutions[0]!;
    for (const code of seed.sponsors) {
      expect(text).toContain(LAENDER.find((l) => l.code === code)!.name);
    }
    expect(text).toContain('mehrheitlich');
    for (const demand of seed.demands) {
      expect(text.split(demand.text).length - 1).toBe(1);
    }
    expect(response.body).toContain('id="ziffer-3"');
    expect(text).toContain('http://localhost:3000/intmk/12/top/2.12');
  });

  it('answers the same 404 page for unknown, draft and internal resolutions', async () => {
    const unknown = await app.inject('/intmk/12/top/9.99');
    expect(unknown.statusCode).toBe(404);
    importSeed(connection, 'draft');
    const draft = await app.inject('/intmk/12/top/2.12');
    expect(draft.statusCode).toBe(404);
    // byte for byte, but for the address the login link returns to
    expect(withoutOwnAddress(draft.body)).toBe(withoutOwnAddress(unknown.body));
    importDocument(connection.db, TEST_ACTOR, seedDocument(), { source: 'Test', release: 'internal' });
    const internal = await app.inject('/intmk/12/top/2.12');
    expect(internal.statusCode).toBe(404);
    expect(withoutOwnAddress(internal.body)).toBe(withoutOwnAddress(unknown.body));
    for (const url of ['/', '/intmk', '/intmk/12']) {
      const page = await app.inject(url);
      expect(page.body).not.toContain('Migrationsberatung');
    }
    expect((await app.inject('/intmk/12')).statusCode).toBe(404);
  });

  it('serves ETag and 304, and a write invalidates the cached page', async () => {
    importSeed(connection);
    const first = await app.inject('/intmk/12/top/2.12');
    const etag = first.headers.etag as string;
    expect(etag).toBeTruthy();
    expect(first.headers['cache-control']).toContain('public');
    // browsers revalidate (a page seen logged out must not be shown after login); shared caches vary by cookie
    expect(first.headers['cache-control']).toContain('max-age=0');
    expect(first.headers.vary).toContain('Cookie');
    const cached = await app.inject('/intmk/12/top/2.12');
    expect(cached.body).toBe(first.body);
    for (const header of ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'content-type', 'etag']) {
      expect(cached.headers[header], header).toBe(first.headers[header]);
    }
    const again = await app.inject({ url: '/intmk/12/top/2.12', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(app.pageCache.size()).toBeGreaterThan(0);

    const resolutionId = importSeed(connection).items[0]!.id;
    recordFollowUp(connection.db, TEST_ACTOR, {
      resolutionId,
      demandId: null,
      date: '2018-01-10',
      actor: 'BMI',
      kind: 'response',
      summary: 'Antwort des Bundes zum gesamten Beschluss',
      link: null,
      resultingStatus: 'in_progress',
      visibility: 'public',
    });
    const after = await app.inject({ url: '/intmk/12/top/2.12', headers: { 'if-none-match': etag } });
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain('Antwort des Bundes zum gesamten Beschluss');
  });

  it('keeps a gzip copy of a page asked for again, made off the request path, with its own ETag', async () => {
    importSeed(connection);
    const plain = await app.inject('/intmk/12/top/2.12');
    const gzipHeaders = { 'accept-encoding': 'gzip, deflate, br' };
    app.pageCache.clear();
    // the first visit pays nothing for the cache: the page goes out as rendered and is not stored
    const first = await app.inject({ url: '/intmk/12/top/2.12', headers: gzipHeaders });
    expect(first.headers['content-encoding']).toBeUndefined();
    expect(first.headers.vary).toContain('Accept-Encoding');
    expect(first.body).toBe(plain.body);
    expect(app.pageCache.size()).toBe(0);
    expect(app.pageCache.bytes()).toBe(0);
    // the second visit goes out as rendered too; the page is stored and its compression starts
    const second = await app.inject({ url: '/intmk/12/top/2.12', headers: gzipHeaders });
    expect(second.headers['content-encoding']).toBeUndefined();
    expect(second.body).toBe(plain.body);
    expect(app.pageCache.size()).toBe(1);
    await app.pageCache.settled();
    expect(app.pageCache.bytes()).toBeGreaterThan(plain.rawPayload.length);
    const zipped = await app.inject({ url: '/intmk/12/top/2.12', headers: gzipHeaders });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('Accept-Encoding');
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body);
    expect(zipped.headers.etag).not.toBe(plain.headers.etag);
    const revalidated = await app.inject({ url: '/intmk/12/top/2.12', headers: { ...gzipHeaders, 'if-none-match': zipped.headers.etag as string } });
    expect(revalidated.statusCode).toBe(304);
    // gzip refused (q=0) or not named: the plain page
    for (const header of ['gzip;q=0, identity', 'br', '']) {
      const response = await app.inject({ url: '/intmk/12/top/2.12', headers: { 'accept-encoding': header } });
      expect(response.headers['content-encoding'], header).toBeUndefined();
      expect(response.body, header).toBe(plain.body);
    }
    // logged-in and error pages are never compressed by the cache
    expect((await app.inject({ url: '/intmk/99/top/1', headers: gzipHeaders })).headers['content-encoding']).toBeUndefined();
  });
});

describe('acceptsGzip', () => {
  it('reads Accept-Encoding as browsers and proxies send it', () => {
    expect(acceptsGzip('gzip, deflate, br, zstd')).toBe(true);
    expect(acceptsGzip('GZIP')).toBe(true);
    expect(acceptsGzip('x-gzip')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('br;q=1.0, gzip;q=0.5')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('gzip; q=0.0')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip('deflate, br')).toBe(false);
    expect(acceptsGzip('')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
