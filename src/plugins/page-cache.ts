/**
 * HTTP caching of public pages. Routes opt in with `config: { publicPage: true }`. For the public
 * (not logged-in) viewer such pages get an ETag, Cache-Control and 304 answers, and — when the
 * page cache is on — are kept rendered in memory.
 *
 * Invalidation needs no cooperation from the services: the cache is valid for one "generation" of
 * the database, read per request from SQLite itself — `total_changes()` moves with every write
 * on this connection, `PRAGMA data_version` with every commit by another connection (the command
 * line importer, a backup restore). Any write therefore drops every cached page.
 */
import { hash } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
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

interface Entry {
  /** UTF-8 bytes, encoded once: sending a string would re-encode it on every hit. */
  body: Buffer;
  etag: string;
  /** The response headers of the page (content type, security headers, …) to replay. */
  headers: Record<string, string | string[] | number>;
}

/** Headers that belong to one response only and are never replayed from the cache. */
const PER_RESPONSE = new Set(['set-cookie', 'content-length', 'date', 'connection', 'transfer-encoding', 'keep-alive']);

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

function etagOf(body: string): string {
  // crypto.hash: one call, no Hash object — about twice as fast for a page-sized string.
  return `"${hash('sha1', body, 'base64url').slice(0, 27)}"`;
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
    const generationQuery = fastify.sqlite.prepare('select total_changes() as changes');
    const dataVersionQuery = fastify.sqlite.prepare('pragma data_version');
    dataVersionQuery.pluck();
    let generation = '';

    function currentGeneration(): string {
      const { changes } = generationQuery.get() as { changes: number };
      return `${changes}:${dataVersionQuery.get() as number}`;
    }

    const cacheHits = new WeakSet<FastifyRequest>();

    function cacheable(request: FastifyRequest): boolean {
      return (
        request.routeOptions.config.publicPage === true &&
        (request.method === 'GET' || request.method === 'HEAD') &&
        isPublic(request.viewer)
      );
    }

    function sendEntry(request: FastifyRequest, reply: FastifyReply, entry: Entry) {
      cacheHits.add(request);
      reply.headers(entry.headers);
      if (notModified(request, entry.etag)) return reply.code(304).send();
      return reply.send(entry.body);
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
      const etag = etagOf(payload);
      reply.header('etag', etag).header('cache-control', PUBLIC_CACHE_CONTROL).header('vary', 'Cookie');
      if (opts.enabled && generation === currentGeneration()) {
        const body = Buffer.from(payload);
        const previous = entries.get(request.url);
        if (previous) bytes -= previous.body.length;
        bytes += body.length;
        entries.set(request.url, { body, etag, headers: replayable(reply.getHeaders()) });
        for (const [url, entry] of entries) {
          if (bytes <= MAX_BYTES) break;
          entries.delete(url);
          bytes -= entry.body.length;
        }
      }
      if (notModified(request, etag)) {
        reply.code(304);
        return '';
      }
      return payload;
    });
  },
  { name: 'page-cache', dependencies: ['db', 'viewer'] },
);
