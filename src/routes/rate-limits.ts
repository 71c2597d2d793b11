/**
 * Request limits per client address (@fastify/rate-limit, counted in each process and per route)
 * on what costs the server most and is easiest to harvest: the search, every download (CSV, JSON,
 * Word, PDF, the search's feed) and the machine interfaces (the API, OParl). The rule is here, in
 * one place, and app.ts applies it to every route as it is registered, so a new download or API
 * route is limited without further ado; a route may still set its own `config.rateLimit` (the
 * password change does). A client over the limit gets 429 with Retry-After and a German page (or
 * JSON under /api/). Addresses in RATE_LIMIT_ALLOW (an operator's own harvester, monitoring) are
 * exempt. Behind a proxy the address is the client's only when TRUST_PROXY names the proxy.
 */
import { isIPv6 } from 'node:net';

export interface RateLimit {
  max: number;
  timeWindow: string;
}

export const SEARCH_RATE = { max: 60, timeWindow: '1 minute' } as const satisfies RateLimit;
export const DOWNLOAD_RATE = { max: 30, timeWindow: '1 minute' } as const satisfies RateLimit;
export const API_RATE = { max: 120, timeWindow: '1 minute' } as const satisfies RateLimit;

/** A file download: the route's address ends with the file's type. */
const DOWNLOAD = /\.(csv|json|docx|pdf)$/;
/** The documents stored with follow-ups (/dokumente/:id/:name — the name is the file's own). */
const DOCUMENT_DOWNLOADS = '/dokumente/';

/** The limit of a route by its method and address (as registered, with :parameters), or null. */
export function rateLimitFor(method: string, url: string): RateLimit | null {
  if (url.startsWith('/api/') || url === '/oparl/v1' || url.startsWith('/oparl/v1/')) return API_RATE;
  if (method !== 'GET' && method !== 'HEAD') return null;
  if (url === '/suche') return SEARCH_RATE;
  if (url.startsWith('/suche/')) return DOWNLOAD_RATE;
  // the conference and TOP feeds (.atom) are small, cached and polled by feed readers: not limited
  if (DOWNLOAD.test(url) || url.startsWith(DOCUMENT_DOWNLOADS)) return DOWNLOAD_RATE;
  return null;
}

/**
 * Warms what @fastify/rate-limit does first for every limited request: it tests the client's
 * address with node's isIPv6, whose regular expression V8 compiles on its first use (about 13 ms
 * on the shared benchmark machine) and compiles again to machine code on its second (about 3 ms).
 * Without this, the first search after a start pays both. Each call is one step of a warm-up that
 * runs while the server is idle (routes/search).
 */
export const RATE_LIMIT_WARM_UP: readonly (() => unknown)[] = [() => isIPv6('127.0.0.1'), () => isIPv6('::1')];
