/** /healthz, /readyz and the overload answer of @fastify/under-pressure. */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { buildTestApp, freshDatabase } from '../helpers.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

async function build(overrides: Parameters<typeof buildTestApp>[0] = {}) {
  const built = await buildTestApp(overrides);
  apps.push(built.app);
  return built;
}

/** Keeps the event loop busy in slices, so under-pressure measures a large mean delay. */
async function overload(ms: number, slice = 150) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const until = Date.now() + slice;
    while (Date.now() < until) {
      // busy
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('health endpoints', () => {
  it('GET /healthz answers ok, never cached', async () => {
    const { app } = await build();
    const response = await app.inject('/healthz');
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('ok');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers.etag).toBeUndefined();
  });

  it('GET /readyz answers ok while the database answers, 503 when it does not', async () => {
    const { app, connection } = await build();
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.body).toBe('ok');
    expect(ready.headers['cache-control']).toBe('no-store');
    connection.sqlite.close();
    const down = await app.inject('/readyz');
    expect(down.statusCode).toBe(503);
    expect(down.body).toMatch(/Datenbank antwortet nicht/);
    expect(down.headers['retry-after']).toBe('10');
    expect((await app.inject('/healthz')).statusCode).toBe(200);
  });
});

describe('overload', () => {
  it('answers 503 with Retry-After and a German page; /healthz stays 200', async () => {
    const { app } = await build({ maxEventLoopDelayMs: 50 });
    expect((await app.inject('/')).statusCode).toBe(200);
    // past the start-up grace of two samples (see the next test)
    await overload(3_300);
    expect(app.isUnderPressure()).toBe(true);
    const page = await app.inject('/suche');
    expect(page.statusCode).toBe(503);
    expect(page.headers['retry-after']).toBe('10');
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.body).toContain('<html lang="de">');
    expect(page.body).toMatch(/stark ausgelastet/);
    expect((await app.inject('/readyz')).statusCode).toBe(503);
    const alive = await app.inject('/healthz');
    expect(alive.statusCode).toBe(200);
    expect(alive.body).toBe('ok');
  });

  it('does not count a slow start-up as overload: the first visitors after a (re)start get their pages', async () => {
    const app = await buildApp({ config: testConfig({ maxEventLoopDelayMs: 50 }), connection: freshDatabase() });
    apps.push(app);
    // start-up work (demo data, search index) blocking the event loop before the app is ready
    const until = Date.now() + 1_500;
    while (Date.now() < until) {
      // busy
    }
    await new Promise((resolve) => setTimeout(resolve, 50)); // under-pressure takes its sample
    expect(app.isUnderPressure()).toBe(true);
    await app.ready();
    const page = await app.inject('/suche');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toMatch(/stark ausgelastet/);
  });

  it('is off with MAX_EVENT_LOOP_DELAY_MS=0', async () => {
    const { app } = await build({ maxEventLoopDelayMs: 0 });
    await overload(1_300);
    expect((await app.inject('/healthz')).statusCode).toBe(200);
    expect((await app.inject('/readyz')).statusCode).toBe(200);
  });
});
