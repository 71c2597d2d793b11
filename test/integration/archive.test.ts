import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, importSeed, seedDocument, TEST_ACTOR } from '../helpers.js';
import { importDocument } from '../../src/services/import.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { LAENDER } from '../../src/domain/laender.js';

let app: FastifyInstance;
let connection: Connection;

beforeEach(async () => {
  ({ app, connection } = await buildTestApp());
});
afterEach(async () => {
  await app.close();
});

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
    expect(draft.body).toBe(unknown.body);
    importDocument(connection.db, TEST_ACTOR, seedDocument(), { source: 'Test', release: 'internal' });
    const internal = await app.inject('/intmk/12/top/2.12');
    expect(internal.statusCode).toBe(404);
    expect(internal.body).toBe(unknown.body);
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
});
