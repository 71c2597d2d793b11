/**
 * HTTP caching of public pages. Routes opt in with `config: { publicPage: true }`. For the public
 * (not logged-in) viewer such pages get an ETag, Cache-Control and 304 answers, and — when the
 * page cache is on — are kept rendered in memory.
 *
 * Invalidation needs no cooperation from the services: the cache is valid for one "generation" of
 * the database, read from SQLite itself before a stored page is served — `total_changes()` moves
 * with every write on this connection, `PRAGMA data_version` with every commit by another
 * connection (the command line importer, a backup restore). Any write therefore drops every
 * cached page: a write of this process at once, a commit by another from the next turn of the
 * event loop on (the data version is read once per turn, services/generation.ts).
 *
 * A page is stored on its second visit, not its first: the first visit only notes the address
 * (a bounded list of addresses seen). A page asked for once — most of a crawl — thus costs
 * exactly what it costs without the cache: no database read for the cache's sake, no copy of
 * its headers, no bytes held. The pages a write drops count as seen: each is stored again at its
 * next visit.
 *
 * A stored page is also kept gzip-compressed: browsers (which all send `Accept-Encoding: gzip`)
 * then get a quarter of the bytes at no cost per request. The compression starts when a page asked
 * for again is stored (or on a hit, for a page first stored for a client without gzip) and runs on
 * libuv's thread pool, off the request path (zlib's asynchronous gzip); the page goes out as
 * rendered meanwhile. Pages that are rendered fresh (cache off, logged in, first visits) go out
 * uncompressed; a TLS proxy may compress them.
 *
 * A hit is answered before Fastify sees the request when nothing of Fastify's per-request work
 * could change the answer (`answerEarly`, called by the HTTP server that app.ts gives Fastify): a
 * GET without a session cookie, without If-None-Match, not through a declared proxy that says
 * https (the HSTS header), with request logging off. The answer is the one the hook below gives
 * (the same headers in the same order, the same bytes), minus Fastify's routing, request and
 * reply objects and hooks — a fifth to a third of a hit's CPU time. Every other request (HEAD,
 * 304s, logged-in users, pages not stored) takes the hook.
 *
 * The cache is bounded by bytes (both variants counted); the least recently used page goes first.
 * Once it is full, a page asked for again is admitted only now and then (one in eight): a crawl
 * over more pages than fit would otherwise replace every page before it is asked for again, and
 * push the popular pages out with them. A page asked for often still gets in after a few visits.
 *
 * ETags from the data version. A public page's ETag is the SHA-1 of its bytes, except for the pages
 * of the archive that declare `dataVersionETag`: their bytes follow from the address, the
 * generation of the database and the day (the state of implementation is the state of today), so
 * their ETag is made from these — and from a random value of this process, which changes with
 * every start (a new build, a restored backup; `total_changes()` counts from 0 again) — before the
 * page is rendered. Rendering no longer needs a hash over the page's bytes, and a conditional GET
 * naming the current ETag (a browser comes back: max-age=0) is answered 304 before anything is
 * read or rendered. The generation is read before the page's own reads, so a page is never older
 * than the generation its ETag names; any write, a commit by another connection, midnight and a
 * restart give every such page a new ETag. The day counts for the stored pages too: the cache
 * drops them at midnight like after a write.
 */
import { hash, randomBytes } from 'node:crypto';
import { constants, gzip } from 'node:zlib';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { todayIso } from '../domain/dates.js';
import { generationOf, wroteSince } from '../services/generation.js';
import { applySecurityHeaders } from './security-headers.js';
import { isPublic } from '../services/visibility.js';
import { SESSION_COOKIE } from './session.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A page of the public archive: cacheable for anonymous visitors. */
    publicPage?: boolean;
    /**
     * An HTML page (rendered with viewAsync) whose bytes for the public follow from its address, the
     * database's generation and the day alone (nothing of the time of day, no random values): its
     * ETag is made from these before it is rendered, and a conditional GET that names it is answered
     * 304 without rendering (see "ETags from the data version" above).
     */
    dataVersionETag?: boolean;
  }
  interface FastifyInstance {
    pageCache: {
      size(): number;
      /** Bytes held (identity and gzip variants). */
      bytes(): number;
      clear(): void;
      /** Resolves when no gzip copy is being made any more (for tests). */
      settled(): Promise<void>;
      /**
       * Answers a request for a stored page straight from the HTTP server, before Fastify, when
       * Fastify's hooks would give the same answer (see above); says whether it did.
       */
      answerEarly(request: IncomingMessage, response: ServerResponse): boolean;
    };
  }
}

export interface Variant {
  body: Buffer;
  etag: string;
  /** The headers of a 200 with this variant for `answerEarly`, made at its first early answer. */
  answer?: OutgoingHttpHeaders;
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
/** Once the cache is full, the share of pages asked for again that are stored (see above). */
export const ADMIT_WHEN_FULL = 1 / 8;
/**
 * How many addresses seen once (and not stored) are remembered, the oldest forgotten first:
 * several times the pages the budget holds, about 0.4 MB. A page asked for again within the next
 * few thousand first visits of other pages counts as asked for again.
 */
export const SEEN_MAX = 4096;

const sizeOf = (entry: Entry) => entry.identity.body.length + (entry.gzip?.body.length ?? 0);

/**
 * The stored pages: least recently used first (a Map keeps insertion order; a hit moves its page
 * to the end), at most `maxBytes` of bodies; and the addresses seen once, at most `maxSeen`.
 * `wants` says whether a page about to be rendered should be stored; `admit` decides, once the
 * store is full, whether a page asked for again gets in (always, unless told otherwise).
 */
export class PageStore {
  private readonly entries = new Map<string, Entry>();
  /** Addresses asked for but not stored, oldest first (a Set keeps insertion order). */
  private readonly seen = new Set<string>();
  private held = 0;
  /** The most recently used page's address: a hit on it (the hot page) moves nothing. */
  private newest: string | undefined;
  constructor(
    private readonly maxBytes: number,
    private readonly admit: () => boolean = () => true,
    private readonly maxSeen = SEEN_MAX,
  ) {}

  get size(): number {
    return this.entries.size;
  }
  get bytes(): number {
    return this.held;
  }
  get(url: string): Entry | undefined {
    const entry = this.entries.get(url);
    if (entry && url !== this.newest) {
      this.entries.delete(url);
      this.entries.set(url, entry);
      this.newest = url;
    }
    return entry;
  }
  /**
   * Whether the page of `url`, about to be rendered, should be stored: not on its first visit
   * (its address is noted), and once the store is full — another page of the average size would
   * not fit — only when `admit` says so.
   */
  wants(url: string): boolean {
    if (!this.seen.has(url)) {
      this.remember(url);
      return false;
    }
    const full = this.entries.size > 0 && this.held + this.held / this.entries.size > this.maxBytes;
    return !full || this.admit();
  }
  /**
   * Stores a page (pushing out the least recently used ones), unless it is larger than the whole
   * budget; says whether it did.
   */
  set(url: string, entry: Entry): boolean {
    this.delete(url);
    if (sizeOf(entry) > this.maxBytes) return false;
    this.seen.delete(url);
    this.entries.set(url, entry);
    this.newest = url;
    this.held += sizeOf(entry);
    this.evict();
    return true;
  }
  /** Adds the gzip copy to a page — if that page is still stored (no write or eviction since). */
  attachGzip(url: string, entry: Entry, gzip: Variant): void {
    if (this.entries.get(url) !== entry) return;
    entry.gzip = gzip;
    this.held += gzip.body.length;
    this.evict();
  }
  /** Drops every page; their addresses count as seen (each is stored again at its next visit). */
  invalidate(): void {
    for (const url of this.entries.keys()) this.remember(url);
    this.entries.clear();
    this.newest = undefined;
    this.held = 0;
  }
  /** Forgets everything: pages and addresses seen. */
  clear(): void {
    this.entries.clear();
    this.seen.clear();
    this.newest = undefined;
    this.held = 0;
  }
  private remember(url: string): void {
    if (this.seen.has(url)) return;
    if (this.seen.size >= this.maxSeen) this.seen.delete(this.seen.values().next().value!);
    this.seen.add(url);
  }
  private delete(url: string): void {
    const entry = this.entries.get(url);
    if (!entry) return;
    this.entries.delete(url);
    if (url === this.newest) this.newest = undefined;
    this.held -= sizeOf(entry);
  }
  private evict(): void {
    for (const url of this.entries.keys()) {
      if (this.held <= this.maxBytes) break;
      this.delete(url);
    }
  }
}

/** At most this many bytes a UTF-16 code unit takes in UTF-8 (a surrogate pair: 4 bytes for 2 units). */
const UTF8_BYTES_PER_UNIT = 3;
/** The largest scratch buffer kept for encoding pages (pages of up to about 1M characters); a larger page is encoded on its own. */
const SCRATCH_MAX_BYTES = 3 * 1024 * 1024;
let scratch = Buffer.allocUnsafeSlow(256 * 1024);

/**
 * A page's UTF-8 bytes. `Buffer.from(text)` walks a page twice: once to count its bytes (a page
 * rendered by Handlebars is one long chain of joined strings, made flat in that walk), once to
 * write them into a buffer of that size. Written straight into a scratch buffer that certainly
 * holds it, the page is walked once, and the bytes are copied out (a copy of 20 KB costs far less
 * than the count). Same bytes as `Buffer.from`.
 */
export function utf8Bytes(text: string): Buffer {
  const most = text.length * UTF8_BYTES_PER_UNIT;
  if (most > scratch.length) {
    if (most > SCRATCH_MAX_BYTES) return Buffer.from(text, 'utf8');
    scratch = Buffer.allocUnsafeSlow(Math.min(SCRATCH_MAX_BYTES, Math.max(most, 2 * scratch.length)));
  }
  const written = scratch.write(text, 0, 'utf8');
  // uninitialized, as Buffer.from(text) allocates (Buffer.from(view) would zero-fill its new memory before copying)
  const bytes = Buffer.allocUnsafe(written);
  scratch.copy(bytes, 0, 0, written);
  return bytes;
}

function etagOf(body: Buffer | string): string {
  // crypto.hash: one call, no Hash object — about twice as fast for a page-sized string.
  return `"${hash('sha1', body, 'base64url').slice(0, 27)}"`;
}

/** The ETag of a stored page's gzip copy. */
const gzipETag = (etag: string) => `${etag.slice(0, -1)}-gz"`;

/** What the view plugin gives a rendered page (a 304 answered before rendering names it too, as the rendered one does). */
const HTML_TYPE = 'text/html; charset=utf-8';

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

/** The log levels at which Fastify logs every request (incoming, completed). */
const REQUEST_LOG_LEVELS = new Set(['info', 'debug', 'trace']);

function notModified(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  return header === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export default fp(
  async function pageCachePlugin(
    fastify,
    opts: {
      enabled: boolean;
      maxBytes?: number;
      /** Whether a proxy is trusted (TRUST_PROXY): its X-Forwarded-Proto decides about HSTS. */
      behindProxy?: boolean;
      /** Today's date (YYYY-MM-DD, Berlin) as the pages see it; tests give a day of their own. */
      today?: () => string;
    },
  ) {
    const store = new PageStore(opts.maxBytes ?? PAGE_CACHE_MAX_BYTES, () => Math.random() < ADMIT_WHEN_FULL);
    /** The generation of the database the stored pages were rendered in. */
    let generation = '';
    const today = opts.today ?? todayIso;
    /** The database's generation and the day: a page shows the state of today (see services/generation.ts for the first). */
    const currentGeneration = () => `${generationOf(fastify.db)}@${today()}`;
    /** Changes with every start of the process (see "ETags from the data version"). */
    const instance = randomBytes(16).toString('base64url');
    /** A page's ETag from its address and the generation (read before it is rendered). */
    const dataETag = (url: string, generation: string) => etagOf(`${instance} ${generation} ${url}`);
    const pending = new Set<Promise<void>>();

    const cacheHits = new WeakSet<FastifyRequest>();
    /** Requests whose page is to be stored, with the generation read before it was rendered. */
    const toStore = new WeakMap<FastifyRequest, string>();
    /** Requests of pages with an ETag from the data version, with that ETag. */
    const dataETags = new WeakMap<FastifyRequest, string>();

    function cacheable(request: FastifyRequest, config = request.routeOptions.config): boolean {
      return config.publicPage === true && (request.method === 'GET' || request.method === 'HEAD') && isPublic(request.viewer);
    }

    /** Starts making the gzip copy of a stored page on the thread pool; the page is served meanwhile. */
    function compressLater(url: string, entry: Entry) {
      entry.compressing = true;
      const done = new Promise<void>((resolve) => {
        gzip(entry.identity.body, GZIP_OPTIONS, (error, body) => {
          entry.compressing = false;
          if (!error) store.attachGzip(url, entry, { body, etag: gzipETag(entry.identity.etag) });
          resolve();
        });
      });
      pending.add(done);
      void done.then(() => pending.delete(done));
    }

    /** The variant a hit sends: the gzip copy if the client takes it and it is made (else it is started). */
    function variantFor(acceptEncoding: string | undefined, url: string, entry: Entry): Variant {
      if (!acceptsGzip(acceptEncoding)) return entry.identity;
      if (entry.gzip) return entry.gzip;
      if (!entry.compressing) compressLater(url, entry);
      return entry.identity;
    }

    function sendEntry(request: FastifyRequest, reply: FastifyReply, url: string, entry: Entry) {
      cacheHits.add(request);
      reply.headers(entry.headers);
      const variant = variantFor(request.headers['accept-encoding'], url, entry);
      if (variant === entry.gzip) reply.header('content-encoding', 'gzip');
      reply.header('etag', variant.etag);
      if (notModified(request, variant.etag)) return reply.code(304).send();
      return reply.send(variant.body);
    }

    /**
     * The headers sendEntry gives a 200 with `variant`, in its order (Fastify writes its reply's
     * headers in the order they were set, content-length last).
     */
    function answerHeaders(entry: Entry, variant: Variant): OutgoingHttpHeaders {
      return {
        ...entry.headers,
        ...(variant === entry.gzip ? { 'content-encoding': 'gzip' } : {}),
        etag: variant.etag,
        'content-length': String(variant.body.length),
      };
    }

    /** Set when the app starts closing: Fastify then answers 503 (and closes the connection). */
    let closing = false;
    fastify.addHook('preClose', (done) => {
      closing = true;
      done();
    });

    function answerEarly(request: IncomingMessage, response: ServerResponse): boolean {
      const headers = request.headers;
      if (!opts.enabled || closing || request.method !== 'GET' || headers['if-none-match'] !== undefined) return false;
      // the session cookie (under either of its names): the viewer may be logged in
      if (headers.cookie !== undefined && headers.cookie.includes(SESSION_COOKIE)) return false;
      // over https according to a trusted proxy: the answer carries HSTS (routes/ops/hsts.ts)
      if (opts.behindProxy === true && headers['x-forwarded-proto'] !== undefined) return false;
      // Fastify logs every request at level info
      if (REQUEST_LOG_LEVELS.has(fastify.log.level)) return false;
      const url = request.url!;
      const entry = store.get(url);
      // a write since the page was stored: the hook drops the pages and renders this one
      if (entry === undefined || currentGeneration() !== generation) return false;
      const variant = variantFor(headers['accept-encoding'], url, entry);
      variant.answer ??= answerHeaders(entry, variant);
      response.writeHead(200, variant.answer);
      response.end(variant.body);
      return true;
    }

    fastify.decorate('pageCache', {
      size: () => store.size,
      bytes: () => store.bytes,
      clear: () => store.clear(),
      settled: async () => {
        while (pending.size > 0) await Promise.all([...pending]);
      },
      answerEarly,
    });

    // Callback-style hooks, not async ones: no promise and no extra turn per request. A hit is
    // answered here and `done` is not called, so the remaining onRequest hooks do not run.
    fastify.addHook('onRequest', (request, reply, done) => {
      // one object: routeOptions makes a new one at every read
      const config = request.routeOptions.config;
      if (!cacheable(request, config)) return done();
      const url = request.url;
      let now: string | undefined;
      if (opts.enabled) {
        const entry = store.get(url);
        // a first visit reads nothing for the cache: it is rendered as with the cache off
        if (entry !== undefined || store.wants(url)) {
          now = currentGeneration();
          if (now !== generation) {
            // written since the pages were stored: all of them go, this one is rendered and stored
            store.invalidate();
            generation = now;
          } else if (entry !== undefined) {
            sendEntry(request, reply, url, entry);
            return;
          }
          toStore.set(request, now);
        }
      }
      if (config.dataVersionETag === true) {
        const etag = dataETag(url, now ?? currentGeneration());
        // The page the client holds is the page it would get: 304 without rendering, with the
        // headers of a rendered 304 (for the gzip copy of a page no longer stored, those of a hit).
        // (`*` matches any page that exists: rendered, as a missing page answers 404)
        const named = request.headers['if-none-match'] !== '*';
        const held = named && notModified(request, etag) ? etag : named && opts.enabled && notModified(request, gzipETag(etag)) ? gzipETag(etag) : null;
        if (held !== null) {
          applySecurityHeaders(request, reply);
          reply.type(HTML_TYPE);
          if (held !== etag) reply.header('content-encoding', 'gzip');
          withCachingHeaders(reply, held).code(304).send();
          return;
        }
        dataETags.set(request, etag);
      }
      done();
    });

    /** The caching headers of a public page's answer. */
    function withCachingHeaders(reply: FastifyReply, etag: string): FastifyReply {
      reply.header('etag', etag).header('cache-control', PUBLIC_CACHE_CONTROL);
      // with the cache on, a later answer for the address may be the gzip copy
      return reply.header('vary', opts.enabled ? 'Cookie, Accept-Encoding' : 'Cookie');
    }

    fastify.addHook('onSend', (request, reply, payload, done) => {
      if (reply.statusCode !== 200 || typeof payload !== 'string' || cacheHits.has(request) || !cacheable(request)) {
        return done(null, payload);
      }
      // Encoded once: the hash and the socket take the same bytes.
      const body = utf8Bytes(payload);
      const etag = dataETags.get(request) ?? etagOf(body);
      withCachingHeaders(reply, etag);
      const renderedIn = toStore.get(request);
      // stored only if nothing was written while it was rendered (see wroteSince)
      if (renderedIn !== undefined && renderedIn === generation && !wroteSince(fastify.db, renderedIn)) {
        // Asked for again: the page goes out as rendered, its gzip copy is made meanwhile for the
        // next visit (as on a hit).
        const entry: Entry = { identity: { body, etag }, headers: replayable(reply.getHeaders()) };
        if (store.set(request.url, entry) && acceptsGzip(request.headers['accept-encoding'])) compressLater(request.url, entry);
      }
      if (notModified(request, etag)) {
        reply.code(304);
        return done(null, '');
      }
      done(null, body);
    });
  },
  { name: 'page-cache', dependencies: ['db', 'viewer'] },
);
