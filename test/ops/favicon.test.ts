/** The site's icon: named in every page's head and found at /favicon.ico, where browsers and feed readers look. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../helpers.js';

let app: FastifyInstance;
beforeAll(async () => {
  ({ app } = await buildTestApp());
});
afterAll(async () => {
  await app.close();
});

describe('site icon', () => {
  it('is an SVG under /assets/', async () => {
    const response = await app.inject('/assets/favicon.svg');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(response.body).toContain('<svg');
  });

  it('is named in the head of a page', async () => {
    const response = await app.inject('/');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">');
  });

  it('is found at /favicon.ico', async () => {
    const response = await app.inject('/favicon.ico');
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe('/assets/favicon.svg');
    const icon = await app.inject(String(response.headers.location));
    expect(icon.statusCode).toBe(200);
  });
});
