/**
 * The API's OpenAPI document, with @fastify/swagger registered through src/routes/api/swagger.ts
 * (its document builder loaded on first use), is the one the plugin builds when registered as
 * usual: the JSON and the reference page made from it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';

type Build = typeof import('../helpers.js').buildTestApp;

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
  vi.doUnmock('../../src/routes/api/swagger.js');
  vi.resetModules();
});

async function documents(build: Build): Promise<{ json: string; docs: string }> {
  const { app } = await build();
  apps.push(app);
  const json = await app.inject('/api/v1/openapi.json');
  const docs = await app.inject('/api/docs');
  expect(json.statusCode).toBe(200);
  expect(docs.statusCode).toBe(200);
  return { json: json.body, docs: docs.body };
}

describe('OpenAPI document', () => {
  it('is the one @fastify/swagger builds when registered as usual', async () => {
    vi.resetModules();
    const lazy = await documents((await import('../helpers.js')).buildTestApp);
    vi.resetModules();
    vi.doMock('../../src/routes/api/swagger.js', async () => ({ default: (await import('@fastify/swagger')).default }));
    const usual = await documents((await import('../helpers.js')).buildTestApp);
    expect(JSON.parse(lazy.json)).toMatchObject({ openapi: '3.1.0' });
    expect(lazy.json).toBe(usual.json);
    expect(lazy.docs).toBe(usual.docs);
  });
});
