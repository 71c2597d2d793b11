/**
 * HTTP caching of public pages. Routes opt in with `config: { publicPage: true }`. For the public
 * (not logged-in) viewer such pages get an ETag, Cache-Control and 304 answers, and — when the
 * page cache is on — are kept rendered in memory.
 *
 * Invalidation needs no cooperation from the services: the cache is valid for one "generation" of
 * the database, read per request from SQLite itself — `total_changes()` moves with every write
 * on this connection, `PRAGMA data_version` with every commit by another connection (the command
 * line importer, a backup restore). Any write therefore drops every cached page.
 *
 * A cached page is also kept gzip-compressed once it is asked for again: browsers (which all send
 * `Accept-Encoding: gzip`) then get a quarter of the bytes at no cost per request. The first visit
 * never pays for it — its page is stored as rendered and goes out uncompressed, like a page
 * rendered with the cache off — and the compression itself runs on libuv's thread pool, off the
 * request path (zlib's asynchronous gzip): a crawl of many pages, each asked for once, costs what
 * it costs without the cache. Pages that are rendered fresh (cache off, logged in) go out
 * uncompressed; a TLS proxy may compress them.
 *
 * The cache is bounded by bytes (both variants counted); the least recently used page goes first.
 * Once it is full, a newly rendered page is admitted only now and then (one in eight): a crawl over
 * more pages than fit would otherwise replace every page before it is asked for again, and push
 * the popular pages out with them. A page asked for often still gets in after a few visits.
 */
import { hash } from 'node:crypto';
import { constants, gzip } from 'node:zlib';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { generationOf } from '../services/generation.js';
import { isPublic } from '../services/visibility.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A page of the public archive: cacheable for anonymous visitors. */
    publicPage?: boolean;
  }
  interface FastifyInstance {
    pageCache: {
      size(): number;
      /** Bytes held (identity and gzip variants). */
      bytes(): number;
      clear(): void;
      /** Resolves when no gzip copy is being made any more (for tests). */
      settled(): Promise<void>;
    };
  }
}

export interface Variant {
  body: Buffer;
  etag: string;
}

export interface Entry {
  /** UTF-8 bytes, encoded once: sending a string would re-encode it on every hit. */
  identity: Variant;
  /** Made on the page's second request, off the request path; absent until then. */
  gzip?: Variant;
  /** Whether the gzip copy is being made. */
  compressing?: boolean;
  /** The response headers of the page (content type, security headers, …) to replay. */
  headers: Record<string, string | string[] | number>;
}

/** Headers that belong to one response only and are never replayed from the cache. */
const PER_RESPONSE = new Set(['etag', 'content-encoding', 'set-cookie', 'content-length', 'date', 'connection', 'transfer-encoding', 'keep-alive']);

function replayable(headers: Record<string, unknown>): Entry['headers'] {
  const kept: Entry['headers'] = {};
  for (const [name, value] of Object.entries(headers)) {
    if (PER_RESPONSE.has(name.toLowerCase()) || value === undefined) continue;
    kept[name] = value as string | string[] | number;
  }
  return kept;
}

/**
 * Browsers revalidate every time (max-age=0; a 304 costs little), so a page first seen logged out
 * is never shown from the browser cache after logging in; shared caches (CDN, proxy) may keep it
 * for a minute, separately per Cookie header.
 */
const PUBLIC_CACHE_CONTROL = 'public, max-age=0, s-maxage=60, stale-while-revalidate=300';
/**
 * Default memory budget of the cache: the least recently used pages go first when it is exceeded.
 * About 900 resolution pages. The budget counts the bodies; a page's entry (headers, URL, ETag,
 * the Buffer object) adds about 0.75 KB on the heap, 4 % of a resolution page. 48 MB held the
 * whole 3,000-page crawl of the bench but put the server over 200 MB peak RSS.
 */
export const PAGE_CACHE_MAX_BYTES = 16 * 1024 * 1024;
/** Once the cache is full, the share of newly rendered pages that are stored (see above). */
export const ADMIT_WHEN_FULL = 1 / 8;

const sizeOf = (entry: Entry) => entry.identity.body.length + (entry.gzip?.body.length ?? 0);

/**
 * The stored pages: least recently used first (a Map keeps insertion order; a hit moves its page
 * to the end), at most `maxBytes` of bodies. `admit` decides whether a new page that would push
 * others out is stored (always, unless told otherwise).
 */
export class PageStore {
  private readonly entries = new Map<string, Entry>();
  private held = 0;
  constructor(
    private readonly maxBytes: number,
    private readonly admit: () => boolean = () => true,
  ) {}

  get size(): number {
    return this.entries.size;
  }
  get bytes(): number {
    return this.held;
  }
  get(url: string): Entry | undefined {
    const entry = this.entries.get(url);
    if (entry) {
      this.entries.delete(url);
      this.entries.set(url, entry);
    }
    return entry;
  }
  set(url: string, entry: Entry): void {
    this.delete(url);
    if (sizeOf(entry) > this.maxBytes) return;
    if (this.held + sizeOf(entry) > this.maxBytes && !this.admit()) return;
    this.entries.set(url, entry);
    this.held += sizeOf(entry);
    this.evict();
  }
  /** Adds the gzip copy to a page — if that page is still stored (no write or eviction since). */
  attachGzip(url: string, entry: Entry, gzip: Variant): void {
    if (this.entries.get(url) !== entry) return;
    entry.gzip = gzip;
    this.held += gzip.body.length;
    this.evict();
  }
  clear(): void {
    this.entries.clear();
    this.held = 0;
  }
  private delete(url: string): void {
    const entry = this.entries.get(url);
    if (!entry) return;
    this.entries.delete(url);
    this.held -= sizeOf(entry);
  }
  private evict(): void {
    for (const url of this.entries.keys()) {
      if (this.held <= this.maxBytes) break;
      this.delete(url);
    }
  }
}

function etagOf(body: Buffer): string {
  // crypto.hash: one call, no Hash object — about twice as fast for a page-sized string.
  return `"${hash('sha1', body, 'base64url').slice(0, 27)}"`;
}

/** Whether the client takes gzip: `Accept-Encoding` names it (or `*`) without `q=0`. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  for (const part of header.split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== '*') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

/** Level 6 (zlib's default): about a quarter of the bytes for a page. */
const GZIP_OPTIONS = { level: 6, strategy: constants.Z_DEFAULT_STRATEGY };

function notModified(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  return header === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export default fp(
  async function pageCachePlugin(fastify, opts: { enabled: boolean; maxBytes?: number }) {
    const store = new PageStore(opts.maxBytes ?? PAGE_CACHE_MAX_BYTES, () => Math.random() < ADMIT_WHEN_FULL);
    let generation = '';
    const currentGeneration = () => generationOf(fastify.db);
    const pending = new Set<Promise<void>>();

    const cacheHits = new WeakSet<FastifyRequest>();

    function cacheable(request: FastifyRequest): boolean {
      return (
        request.routeOptions.config.publicPage === true &&
        (request.method === 'GET' || request.method === 'HEAD') &&
        isPublic(request.viewer)
      );
    }

    /** Starts making the gzip copy of a stored page on the thread pool; the page is served meanwhile. */
    function compressLater(url: string, entry: Entry) {
      entry.compressing = true;
      const done = new Promise<void>((resolve) => {
        gzip(entry.identity.body, GZIP_OPTIONS, (error, body) => {
          entry.compressing = false;
          if (!error) store.attachGzip(url, entry, { body, etag: `${entry.identity.etag.slice(0, -1)}-gz"` });
          resolve();
        });
      });
      pending.add(done);
      void done.then(() => pending.delete(done));
    }

    function sendEntry(request: FastifyRequest, reply: FastifyReply, url: string, entry: Entry) {
      cacheHits.add(request);
      reply.headers(entry.headers);
      let variant = entry.identity;
      if (acceptsGzip(request.headers['accept-encoding'])) {
        if (entry.gzip) {
          variant = entry.gzip;
          reply.header('content-encoding', 'gzip');
        } else if (!entry.compressing) {
          compressLater(url, entry);
        }
      }
      reply.header('etag', variant.etag);
      if (notModified(request, variant.etag)) return reply.code(304).send();
      return reply.send(variant.body);
    }

    fastify.decorate('pageCache', {
      size: () => store.size,
      bytes: () => store.bytes,
      clear: () => store.clear(),
      settled: async () => {
        while (pending.size > 0) await Promise.all([...pending]);
      },
    });

    fastify.addHook('onRequest', async (request, reply) => {
      if (!opts.enabled || !cacheable(request)) return;
      const now = currentGeneration();
      if (now !== generation) {
        store.clear();
        generation = now;
        return;
      }
      const entry = store.get(request.url);
      if (entry) return sendEntry(request, reply, request.url, entry);
    });

    fastify.addHook('onSend', async (request, reply, payload) => {
      if (cacheHits.has(request) || !cacheable(request)) return payload;
      if (reply.statusCode !== 200 || typeof payload !== 'string') return payload;
      // Encoded once: the hash and the socket take the same bytes.
      const body = Buffer.from(payload);
      const etag = etagOf(body);
      reply.header('etag', etag).header('cache-control', PUBLIC_CACHE_CONTROL);
      if (!opts.enabled || generation !== currentGeneration()) {
        reply.header('vary', 'Cookie');
      } else {
        // the page goes out as rendered; its gzip copy is made when it is asked for again
        reply.header('vary', 'Cookie, Accept-Encoding');
        store.set(request.url, { identity: { body, etag }, headers: replayable(reply.getHeaders()) });
      }
      if (notModified(request, etag)) {
        reply.code(304);
        return '';
      }
      return body;
    });
  },
  { name: 'page-cache', dependencies: ['db', 'viewer'] },
);
