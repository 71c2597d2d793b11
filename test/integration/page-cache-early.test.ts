/**
 * Stored pages answered by the HTTP server before Fastify (pageCache.answerEarly): over a real
 * socket, since `inject` goes straight to Fastify. An early answer has the status, headers (in
 * their order) and bytes of the answer the page cache's hook gives; every request whose answer
 * could differ — logged in, HEAD, If-None-Match, https through a trusted proxy, request logging
 * on, a write since the page was stored — goes through Fastify. Requests Fastify handled are
 * counted with an onSend hook, statements on better-sqlite3's Statement.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { testConfig, type Config } from '../../src/config.js';
import { createUser } from '../../src/services/users.js';
import { SEARCH_RATE } from '../../src/routes/rate-limits.js';
import { syncSearchIndex } from '../../src/services/search/index-sync.js';
import type { Connection } from '../../db/connection.js';
import { TEST_ACTOR, countingStatements, freshDatabase, importSeed, loginAs } from '../helpers.js';

const PAGE = '/intmk/12/top/2.12';

let app: FastifyInstance;
let connection: Connection;
/** The server's address; and the requests Fastify answered (early answers never reach its hooks). */
let base: string, throughFastify: number;

async function start(overrides: Partial<Config> = {}) {
  connection = freshDatabase();
  app = await buildApp({ config: testConfig({ pageCache: true, ...overrides }), connection });
  throughFastify = 0;
  // onSend: runs before the answer is written (onResponse may run after the client has it)
  app.addHook('onSend', (_request, _reply, payload, done) => {
    throughFastify++;
    done(null, payload);
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  importSeed(connection);
  // the search index brought up to date now: otherwise the search's warm-up, which begins a second
  // after the server listens, does it — a write that drops the stored page in the middle of a test
  // on a slow machine
  syncSearchIndex(connection.db.$client);
}

afterEach(async () => {
  vi.restoreAllMocks();
  await app.close();
});

interface Answer {
  status: number;
  /** Header names and values in the order they were sent, without Date. */
  headers: [string, string][];
  byName: IncomingHttpHeaders;
  body: Buffer;
}

function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${url}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const pairs: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        resolve({ status: res.statusCode!, headers: pairs.filter(([name]) => name !== 'Date'), byName: res.headers, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** A cookie whose name contains the session cookie's: the early answer declines, Fastify's hook answers from the cache. */
const NOT_A_SESSION = { cookie: 'kein_bm_session_cookie=1' };

/** Visits that store the page (the first notes the address, the second stores it). */
async function storePage(headers: Record<string, string> = {}) {
  await get(PAGE, headers);
  await get(PAGE, headers);
  expect(app.pageCache.size()).toBe(1);
}

describe('early answers of the page cache', () => {
  it('answers a stored page without Fastify, with the headers and bytes of the hook, reading only the generation', async () => {
    await start();
    await storePage();
    expect(throughFastify).toBe(2);

    const { result: early, statements } = await countingStatements(connection, () => get(PAGE));
    expect(throughFastify).toBe(2);
    expect(statements).toEqual(['select total_changes()', 'pragma data_version']);
    const hook = await get(PAGE, NOT_A_SESSION);
    expect(throughFastify).toBe(3);

    expect(early.status).toBe(200);
    expect(early.headers).toEqual(hook.headers);
    expect(early.body.equals(hook.body)).toBe(true);
    expect(early.byName['content-security-policy']).toContain("default-src 'self'");
    expect(early.byName.vary).toBe('Cookie, Accept-Encoding');
  });

  it('sends a freshly rendered page with the headers of its stored answer, spelt alike', async () => {
    await start();
    const fresh = await get(PAGE);
    await get(PAGE);
    const early = await get(PAGE);
    expect(throughFastify).toBe(2);
    const sorted = (headers: [string, string][]) => [...headers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    // the same names in the same spelling (the security headers too), the same values
    expect(sorted(fresh.headers)).toEqual(sorted(early.headers));
    expect(fresh.headers.map(([name]) => name)).toContain('content-security-policy');
  });

  it('keeps the timeouts of the server Fastify would make', async () => {
    await start();
    const { keepAliveTimeout, connectionTimeout } = app.initialConfig;
    expect([app.server.keepAliveTimeout, app.server.timeout]).toEqual([keepAliveTimeout, connectionTimeout]);
    expect(app.server.keepAliveTimeout).toBe(72_000);
    expect(app.server.requestTimeout).toBe(0); // Fastify's default (Node's own is five minutes)
  });

  it('gives the gzip copy as the hook does', async () => {
    await start();
    const gzip = { 'accept-encoding': 'gzip' };
    await storePage(gzip);
    await app.pageCache.settled();
    const early = await get(PAGE, gzip);
    expect(throughFastify).toBe(2);
    const hook = await get(PAGE, { ...gzip, ...NOT_A_SESSION });
    expect(early.byName['content-encoding']).toBe('gzip');
    expect(early.headers).toEqual(hook.headers);
    expect(early.body.equals(hook.body)).toBe(true);
  });

  it('leaves logged-in users, HEAD and If-None-Match to Fastify', async () => {
    await start();
    const password = 'korrekt Pferd Batterie Heftklammer';
    await createUser(connection.db, TEST_ACTOR, { email: 'ref@land.example', name: 'Referentin', role: 'land', land: 'BY', password });
    const jar = await loginAs(app, 'ref@land.example', password);
    await storePage();
    const etag = (await get(PAGE)).byName.etag!;
    const before = throughFastify;

    const cookie = Object.entries(jar)
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
    const loggedIn = await get(PAGE, { cookie });
    expect(loggedIn.byName['cache-control']).toBe('no-store');
    expect(loggedIn.byName.etag).toBeUndefined();
    expect((await get(PAGE, {}, 'HEAD')).status).toBe(200);
    expect((await get(PAGE, { 'if-none-match': etag })).status).toBe(304);
    expect(throughFastify).toBe(before + 3);
  });

  it('renders the page again after a write instead of answering early', async () => {
    await start();
    await storePage();
    connection.sqlite.prepare("update resolutions set title = 'Neuer Titel nach der Änderung'").run();
    const after = await get(PAGE);
    expect(throughFastify).toBe(3);
    expect(after.body.toString()).toContain('Neuer Titel nach der Änderung');
  });

  it('leaves https through a trusted proxy (HSTS) to Fastify, answers plain http early', async () => {
    await start({ trustProxy: 1 });
    await storePage();
    const https = await get(PAGE, { 'x-forwarded-proto': 'https' });
    expect(throughFastify).toBe(3);
    expect(https.byName['strict-transport-security']).toBeDefined();
    await get(PAGE);
    expect(throughFastify).toBe(3);
  });

  it('leaves every request to Fastify while it logs requests', async () => {
    await start();
    await storePage();
    app.log.level = 'info';
    const logged = vi.spyOn(app.log, 'info').mockImplementation(() => undefined);
    await get(PAGE);
    app.log.level = 'silent';
    expect(throughFastify).toBe(3);
    expect(logged).toHaveBeenCalled();
  });

  it('answers a stored page of a rate-limited route as the hook does, past the limit too', async () => {
    // The hook answers a stored page before the route's own hooks, the request limit included
    // (ops/headers.test.ts measures the limits with the cache off); the early answer is no different.
    await start();
    const search = '/suche?q=Beschluss';
    await get(search);
    await get(search);
    expect(app.pageCache.size()).toBe(1);
    let early: Answer | undefined;
    for (let i = 0; i <= SEARCH_RATE.max; i++) early = await get(search);
    expect(throughFastify).toBe(2);
    const hook = await get(search, NOT_A_SESSION);
    expect(throughFastify).toBe(3);
    expect(hook.status).toBe(200);
    expect(early!.status).toBe(hook.status);
    expect(early!.headers).toEqual(hook.headers);
    expect(early!.body.equals(hook.body)).toBe(true);
  });
});
