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
 * A cached page is also kept gzip-compressed, made once when it is stored: browsers (which all
 * send `Accept-Encoding: gzip`) get a quarter of the bytes at no cost per request. Pages that
 * are rendered fresh (cache off, logged in) go out uncompressed; a TLS proxy may compress them.
 */
import { hash } from 'node:crypto';
import { constants, gzipSync } from 'node:zlib';
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
    pageCache: { size(): number; clear(): void };
  }
}

interface Variant {
  body: Buffer;
  etag: string;
}

interface Entry {
  /** UTF-8 bytes, encoded once: sending a string would re-encode it on every hit. */
  identity: Variant;
  gzip: Variant;
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
/** Memory budget of the cache: the oldest pages go first when it is exceeded. */
const MAX_BYTES = 48 * 1024 * 1024;

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

function compress(identity: Variant): Variant {
  // Level 6 (zlib's default): about a quarter of the bytes for a page, well under a millisecond.
  const body = gzipSync(identity.body, { level: 6, strategy: constants.Z_DEFAULT_STRATEGY });
  return { body, etag: `${identity.etag.slice(0, -1)}-gz"` };
}

function notModified(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  return header === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export default fp(
  async function pageCachePlugin(fastify, opts: { enabled: boolean }) {
    const entries = new Map<string, Entry>();
    let bytes = 0;
    let generation = '';
    const currentGeneration = () => generationOf(fastify.db);

    const cacheHits = new WeakSet<FastifyRequest>();

    function cacheable(request: FastifyRequest): boolean {
      return (
        request.routeOptions.config.publicPage === true &&
        (request.method === 'GET' || request.method === 'HEAD') &&
        isPublic(request.viewer)
      );
    }

    function variantOf(request: FastifyRequest, reply: FastifyReply, entry: Entry): Variant {
      if (!acceptsGzip(request.headers['accept-encoding'])) return entry.identity;
      reply.header('content-encoding', 'gzip');
      return entry.gzip;
    }

    function sendEntry(request: FastifyRequest, reply: FastifyReply, entry: Entry) {
      cacheHits.add(request);
      reply.headers(entry.headers);
      const variant = variantOf(request, reply, entry);
      reply.header('etag', variant.etag);
      if (notModified(request, variant.etag)) return reply.code(304).send();
      return reply.send(variant.body);
    }

    const sizeOf = (entry: Entry) => entry.identity.body.length + entry.gzip.body.length;

    function store(url: string, entry: Entry) {
      const previous = entries.get(url);
      if (previous) bytes -= sizeOf(previous);
      entries.delete(url);
      entries.set(url, entry);
      bytes += sizeOf(entry);
      for (const [oldUrl, old] of entries) {
        if (bytes <= MAX_BYTES) break;
        entries.delete(oldUrl);
        bytes -= sizeOf(old);
      }
    }

    fastify.decorate('pageCache', {
      size: () => entries.size,
      clear: () => {
        entries.clear();
        bytes = 0;
      },
    });

    fastify.addHook('onRequest', async (request, reply) => {
      if (!opts.enabled || !cacheable(request)) return;
      const now = currentGeneration();
      if (now !== generation) {
        entries.clear();
        bytes = 0;
        generation = now;
        return;
      }
      const entry = entries.get(request.url);
      if (entry) return sendEntry(request, reply, entry);
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
        if (notModified(request, etag)) {
          reply.code(304);
          return '';
        }
        return body;
      }
      reply.header('vary', 'Cookie, Accept-Encoding');
      const identity = { body, etag };
      const entry: Entry = { identity, gzip: compress(identity), headers: replayable(reply.getHeaders()) };
      store(request.url, entry);
      const variant = variantOf(request, reply, entry);
      reply.header('etag', variant.etag);
      if (notModified(request, variant.etag)) {
        reply.code(304);
        return '';
      }
      return variant.body;
    });
  },
  { name: 'page-cache', dependencies: ['db', 'viewer'] },
);
