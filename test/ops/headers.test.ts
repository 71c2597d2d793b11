/**
 * Security headers snapshot: the same exact set on a page (200), an unknown page (404), the login
 * rate limit (429) and a server error (500); probes for repository and environment files and the
 * TRACE method are refused; HSTS only behind a declared TLS proxy on https.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { buildTestApp, cookiesOf, freshDatabase } from '../helpers.js';
import { ACCOUNT_RULE } from '../../src/services/login-throttle.js';
import { PERMISSIONS_POLICY } from '../../src/plugins/security-headers.js';
import { API_RATE, DOWNLOAD_RATE, SEARCH_RATE } from '../../src/routes/rate-limits.js';

const CSP =
  "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;font-src 'self';connect-src 'self';" +
  "object-src 'none';base-uri 'none';form-action 'self';frame-ancestors 'none'";

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CSP,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
  'permissions-policy': PERMISSIONS_POLICY,
};

function expectSecurityHeaders(response: LightMyRequestResponse, status: number) {
  expect(response.statusCode).toBe(status);
  const actual = Object.fromEntries(Object.keys(SECURITY_HEADERS).map((name) => [name, response.headers[name]]));
  expect(actual).toEqual(SECURITY_HEADERS);
  const csp = String(response.headers['content-security-policy']);
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  expect(response.headers['x-powered-by']).toBeUndefined();
  expect(response.headers.server).toBeUndefined();
  // plain http, no proxy: no HSTS
  expect(response.headers['strict-transport-security']).toBeUndefined();
  expect(response.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
}

let app: FastifyInstance;

beforeAll(async () => {
  app = await buildApp({ config: testConfig(), connection: freshDatabase() });
  // A test-only route that fails, registered before ready like any other route.
  app.get('/test/fehler', { config: { access: 'public' } }, async () => {
    throw new Error('geheime Einzelheit aus dem Inneren');
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

describe('security headers', () => {
  it('on a page (200), also when it comes from the page cache', async () => {
    // stored on its second visit, answered from the cache on the third
    for (let visit = 0; visit < 3; visit++) expectSecurityHeaders(await app.inject('/'), 200);
    expect(app.pageCache.size()).toBeGreaterThan(0);
    expectSecurityHeaders(await app.inject('/impressum'), 200);
  });

  it('on an unknown page (404)', async () => {
    expectSecurityHeaders(await app.inject('/gibt-es-nicht'), 404);
  });

  it('on a server error (500), without internals', async () => {
    const response = await app.inject('/test/fehler');
    expectSecurityHeaders(response, 500);
    expect(response.body).toContain('Ein Fehler ist aufgetreten');
    expect(response.body).not.toContain('geheime Einzelheit');
  });

  it('on the login rate limit (429)', async () => {
    const form = await app.inject('/anmelden');
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const statuses: number[] = [];
    let last: LightMyRequestResponse | undefined;
    for (let i = 0; i < ACCOUNT_RULE.maxFailures + 1; i++) {
      last = await app.inject({
        method: 'POST',
        url: '/anmelden',
        cookies: cookiesOf(form),
        payload: { email: 'niemand@example.org', password: 'falsch', _csrf: token },
      });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([...Array(ACCOUNT_RULE.maxFailures).fill(401), 429]);
    expectSecurityHeaders(last!, 429);
    expect(last!.body).toContain('vorübergehend gesperrt');
  });
});

describe('Fastify\'s own refusals, in German with the same headers', () => {
  it('an over-long address (414) and a malformed one (400)', async () => {
    const long = await app.inject(`/intmk/${'1'.repeat(300)}`);
    expectSecurityHeaders(long, 414);
    expect(long.body).toContain('Die aufgerufene Adresse ist zu lang');
    const apiLong = await app.inject(`/api/v1/conferences/${'a'.repeat(300)}/meetings`);
    expect(apiLong.statusCode).toBe(414);
    expect(JSON.parse(apiLong.body).message).toContain('zu lang');
    const malformed = await app.inject('/intmk/%E0%A4%A');
    expect([400, 404]).toContain(malformed.statusCode);
    expect(malformed.headers['content-security-policy']).toBe(CSP);
    expect(malformed.body).toMatch(/Ungültige Adresse|Seite nicht gefunden/);
    expect(malformed.body).not.toContain('FST_');
  });

  it('a body too large (413) and one of an unsupported type (415)', async () => {
    const form = await app.inject('/anmelden');
    const large = await app.inject({ method: 'POST', url: '/anmelden', cookies: cookiesOf(form), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `email=${'x'.repeat(1024 * 1024 + 10)}` });
    expectSecurityHeaders(large, 413);
    expect(large.body).toContain('zu groß');
    const xml = await app.inject({ method: 'POST', url: '/anmelden', cookies: cookiesOf(form), headers: { 'content-type': 'application/xml' }, payload: '<a/>' });
    expectSecurityHeaders(xml, 415);
    expect(xml.body).toContain('Format');
    for (const response of [large, xml]) expect(response.body).not.toMatch(/FST_|Unsupported|Request body is too large/);
  });

});

describe('request limits per client address', () => {
  it.each([
    ['the search\'s CSV', '/suche/export.csv?q=x', DOWNLOAD_RATE.max],
    ['the statistics as JSON', '/statistik.json', DOWNLOAD_RATE.max],
    ['a Word download (also where the meeting is unknown)', '/intmk/999/umsetzungsbericht.docx', DOWNLOAD_RATE.max],
    ['a PDF download', '/intmk/999/top/1/beschluss.pdf', DOWNLOAD_RATE.max],
    ['a document of a follow-up (also an unknown one)', '/dokumente/999/Antwort.pdf', DOWNLOAD_RATE.max],
    ['the API', '/api/v1/conferences', API_RATE.max],
    ['OParl', '/oparl/v1/bodies', API_RATE.max],
  ])('%s is limited (%s)', async (_name, url, max) => {
    // without the page cache: a page it holds is answered before any route's hooks, limits included
    const limited = await buildTestApp({ pageCache: false });
    try {
      const statuses = new Set<number>();
      for (let i = 0; i < max; i++) statuses.add((await limited.app.inject(url)).statusCode);
      expect(statuses.has(429)).toBe(false);
      const over = await limited.app.inject(url);
      expect(over.statusCode).toBe(429);
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      // another route is counted on its own
      expect((await limited.app.inject('/')).statusCode).toBe(200);
    } finally {
      await limited.app.close();
    }
  });

  it('the search\'s request limit (429), with Retry-After', async () => {
    const limited = await buildTestApp();
    try {
      let last: LightMyRequestResponse | undefined;
      for (let i = 0; i <= SEARCH_RATE.max; i++) last = await limited.app.inject(`/suche?q=wort${i}`);
      expectSecurityHeaders(last!, 429);
      expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
      expect(last!.body).toContain('Zu viele Anfragen');
      const api = await limited.app.inject('/api/v1/search?q=x');
      expect(api.statusCode).toBe(200);
    } finally {
      await limited.app.close();
    }
  });
});

describe('probes', () => {
  it.each(['/.git/config', '/.git/HEAD', '/.env', '/assets/../.env', '/assets/..%2f..%2f.env', '/assets/%2e%2e/package.json', '/package.json', '/data/beschlussmonitor.db'])(
    '%s → 404',
    async (url) => {
      const response = await app.inject(url);
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('"dependencies"');
    },
  );

  it('TRACE / is refused', async () => {
    const response = await app.inject({ method: 'TRACE', url: '/' });
    expect([404, 405]).toContain(response.statusCode);
    expect(response.body).not.toContain('TRACE / HTTP');
  });
});

describe('cookies behind a TLS proxy', () => {
  it('the CSRF cookie is Secure over https, like the session cookie', async () => {
    const behindProxy = await buildTestApp({ trustProxy: 1 });
    try {
      const https = await behindProxy.app.inject({ url: '/anmelden', headers: { 'x-forwarded-proto': 'https' } });
      expect(https.cookies.find((c) => c.name === '_csrf')?.secure).toBe(true);
      const http = await behindProxy.app.inject('/anmelden');
      expect(http.cookies.find((c) => c.name === '_csrf')?.secure).toBeFalsy();
    } finally {
      await behindProxy.app.close();
    }
  });
});

describe('HSTS', () => {
  it('only behind a declared TLS proxy on https', async () => {
    const behindProxy = await buildTestApp({ trustProxy: 1 });
    try {
      const https = await behindProxy.app.inject({ url: '/', headers: { 'x-forwarded-proto': 'https' } });
      expect(https.headers['strict-transport-security']).toBe('max-age=31536000');
      // also on a cached page and on a 404
      const cached = await behindProxy.app.inject({ url: '/', headers: { 'x-forwarded-proto': 'https' } });
      expect(cached.headers['strict-transport-security']).toBe('max-age=31536000');
      const missing = await behindProxy.app.inject({ url: '/nichts', headers: { 'x-forwarded-proto': 'https' } });
      expect(missing.headers['strict-transport-security']).toBe('max-age=31536000');
      const http = await behindProxy.app.inject('/');
      expect(http.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await behindProxy.app.close();
    }
    // without TRUST_PROXY a forged X-Forwarded-Proto changes nothing
    const spoofed = await app.inject({ url: '/', headers: { 'x-forwarded-proto': 'https' } });
    expect(spoofed.headers['strict-transport-security']).toBeUndefined();
  });
});
