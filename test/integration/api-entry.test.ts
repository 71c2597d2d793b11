/**
 * The API's own addresses lead to its reference: /api and /api/v1 (with or without a trailing
 * slash) redirect to /api/docs instead of answering "not found".
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { useTestApp } from '../helpers.js';

let app: FastifyInstance;

useTestApp((built) => ({ app } = built));

describe('the root of the API', () => {
  it('redirects to the reference, which answers', async () => {
    for (const url of ['/api', '/api/', '/api/v1', '/api/v1/']) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(302);
      expect(response.headers.location, url).toBe('/api/docs');
    }
    const reference = await app.inject('/api/docs');
    expect(reference.statusCode).toBe(200);
    expect(reference.body).toContain('/api/v1/openapi.json');
  });

  it('refuses an unknown parameter as every address of the API does', async () => {
    for (const url of ['/api/v1?format=json', '/api?format=json']) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().message, url).toContain('Den Parameter „format“ gibt es nicht');
    }
  });
});
