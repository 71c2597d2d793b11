/**
 * The application as a Fastify plugin, and the builder that tests and the server use.
 * Order: external plugins, then the app's own (db, viewer, caching, errors), then routes.
 */
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerFactory, type FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import underPressure from '@fastify/under-pressure';
import rateLimit from '@fastify/rate-limit';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { BlockList, isIP } from 'node:net';
import path from 'node:path';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.js';
import type { Connection } from '../db/connection.js';
import { VIEWS_DIR } from './paths.js';
import type { Precompiled, SchemaCompilers } from './precompiled.js';
import dbPlugin from './plugins/db.js';
import viewPlugin from './plugins/view.js';
import sessionPlugin from './plugins/session.js';
import authPlugin from './plugins/auth.js';
import pageCachePlugin from './plugins/page-cache.js';
import errorsPlugin, { renderFrameworkError } from './plugins/errors.js';
import { applySecurityHeaders } from './plugins/security-headers.js';
import inputPlugin from './plugins/input.js';
import unknownParametersPlugin from './plugins/unknown-parameters.js';
import { rateLimitFor } from './routes/rate-limits.js';
import mailPlugin from './plugins/mail.js';
import archiveRoutes from './routes/archive/index.js';
import searchRoutes from './routes/search/index.js';
import feedRoutes from './routes/feeds/index.js';
import apiRoutes from './routes/api/index.js';
import oparlRoutes from './routes/oparl/index.js';
import accountRoutes from './routes/account/index.js';
import adminRoutes from './routes/admin/index.js';
import workspaceRoutes from './routes/workspace/index.js';
import followUpRoutes from './routes/followups/index.js';
import watchRoutes from './routes/watch/index.js';
import dashboardRoutes from './routes/dashboard/index.js';
import reportRoutes from './routes/reports/index.js';
import documentRoutes from './routes/documents/index.js';
import sitemapRoutes from './routes/sitemap/index.js';
import { ensureActors, loadDemoData } from './services/demo.js';
import { syncSearchIndex } from './services/search.js';
import { classifyStoredDemands } from './services/tracking.js';
import { rebuildRepeats, startRepeatsRebuild } from './services/repeats.js';
import { repeatRebuildJob } from './plugins/repeat-rebuild.js';
import opsRoutes from './routes/ops/index.js';
import { underPressureOptions } from './routes/ops/pressure.js';
import hstsPlugin from './routes/ops/hsts.js';
import legalRoutes from './routes/legal/index.js';
import { ensureLegalPages } from './services/legal-pages.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}

export interface AppOptions {
  config: Config;
  /** An already opened database (tests); otherwise the app opens config.databasePath. */
  connection?: Connection;
  /** Fastify's schema compilers: the build's generated code (server) or recorders (build); see src/precompiled.ts. */
  schemaCompilers?: SchemaCompilers;
  /** Handlebars templates the build precompiled. */
  templates?: Precompiled['templates'];
  /** The time as the mail jobs see it (tests advance a clock of their own). */
  clock?: () => Date;
  /** Today's date (YYYY-MM-DD) as the page cache and the pages' ETags see it (tests pass a day of their own; the pages read the real one). */
  today?: () => string;
  /** Time slice (ms) of the comparison of repeated demands in the background (default 20); 0: one unit of work per slice (tests). */
  repeatSliceMs?: number;
}

const configPlugin = fp(
  async function configPlugin(fastify, opts: { config: Config }) {
    fastify.decorate('config', opts.config);
  },
  { name: 'config' },
);

export default async function app(fastify: FastifyInstance, opts: AppOptions) {
  const { config } = opts;
  await fastify.register(configPlugin, { config });

  // The database and who is asking come first, so that the page cache can answer a public page
  // before any per-request work (the security headers, the session); a cached page
  // carries the headers of the response it was made from. A deliberate deviation from
  // "external plugins first".
  await fastify.register(dbPlugin, { databasePath: config.databasePath, ...(opts.connection ? { connection: opts.connection } : {}) });
  await fastify.register(sessionPlugin, {
    idleMinutes: config.sessionIdleMinutes,
    absoluteHours: config.sessionAbsoluteHours,
  });
  await fastify.register(pageCachePlugin, { enabled: config.pageCache, behindProxy: config.trustProxy !== false, ...(opts.today ? { today: opts.today } : {}) });

  // External plugins. The security headers are helmet's, recorded once at start and replayed on
  // every answer (plugins/security-headers.ts): @fastify/helmet builds helmet's middleware again
  // for every request, parsing the Content-Security-Policy each time — a visible share of an
  // uncached page.
  fastify.addHook('onRequest', (request, reply, done) => {
    applySecurityHeaders(request, reply);
    done();
  });
  // Per-route limits on the search, the downloads and the API (the rule in routes/rate-limits.ts,
  // given to every route as it is registered, before @fastify/rate-limit reads it), counted per
  // client address in this process. A route's own config.rateLimit wins.
  fastify.addHook('onRoute', (route) => {
    if (route.config?.rateLimit !== undefined) return;
    const limit = [route.method].flat().map((method) => rateLimitFor(method, route.url)).find(Boolean);
    if (limit) route.config = { ...route.config, rateLimit: limit };
  });
  const exempt = addressMatcher(config.rateLimitAllow);
  await fastify.register(rateLimit, { global: false, allowList: (request) => exempt(request.ip) });
  await fastify.register(fastifyStatic, {
    root: path.join(VIEWS_DIR, 'assets'),
    prefix: '/assets/',
    maxAge: '1h',
    index: false,
  });
  await fastify.register(viewPlugin, { production: config.nodeEnv !== 'development', templates: opts.templates });

  // The application's own plugins.
  await fastify.register(inputPlugin);
  await fastify.register(unknownParametersPlugin);
  await fastify.register(authPlugin);
  await fastify.register(errorsPlugin);
  await fastify.register(mailPlugin, opts.clock ? { clock: opts.clock } : {});
  // Overload: 503 with Retry-After instead of collapsing (after helmet: the answer carries its headers).
  // The start-up work below blocks the event loop for a while; that delay is not overload.
  let startedAt: number | null = null;
  await fastify.register(underPressure, underPressureOptions(config, () => startedAt));
  // HSTS only behind a declared TLS proxy on https requests (helmet's is off; see routes/ops/hsts.ts).
  await fastify.register(hstsPlugin, { trustProxy: config.trustProxy });

  // The comparison of repeated demands in the background (see onReady), stopped on close.
  const repeatsJob = repeatRebuildJob(fastify, opts.repeatSliceMs);

  // Start-up work, all of it here: it runs before the onReady hooks of the routes' plugins.
  fastify.addHook('onReady', async () => {
    ensureActors(fastify.db);
    ensureLegalPages(fastify.db);
    const demoLoaded = config.loadDemo && loadDemoData(fastify.db);
    if (demoLoaded) fastify.log.info('demo data loaded');
    // Declaratory Ziffern, classified again when the rule changed (or rows came in raw).
    const reclassified = classifyStoredDemands(fastify.db);
    if (reclassified > 0) fastify.log.info({ count: reclassified }, 'declaratory Ziffern reclassified');
    // Repeated demands: the whole archive compared again when the rule changed (or once the demo
    // archive is in, with the frequencies of all its words); otherwise imports and edits keep it.
    // On a large archive that takes long: with background jobs on, it runs in slices between
    // requests (and goes on at the next start if stopped); at once without them (tests) and right
    // after loading the demo (small, and shown complete on the first page).
    if (startRepeatsRebuild(fastify.db, { force: demoLoaded || reclassified > 0 })) {
      if (config.backgroundJobs && !demoLoaded) repeatsJob.start();
      else fastify.log.info({ proposals: rebuildRepeats(fastify.db) }, 'repeated demands compared');
    }
    // Index whatever the triggers recorded while the app was down (demo data, CLI import, bulk load).
    const indexed = syncSearchIndex(fastify.sqlite);
    if (indexed > 0) fastify.log.info({ count: indexed }, 'search index updated');
    startedAt = Date.now();
  });

  // Routes.
  await fastify.register(opsRoutes);
  await fastify.register(sitemapRoutes);
  await fastify.register(legalRoutes);
  await fastify.register(accountRoutes);
  await fastify.register(adminRoutes);
  await fastify.register(workspaceRoutes);
  await fastify.register(followUpRoutes);
  await fastify.register(watchRoutes);
  await fastify.register(dashboardRoutes);
  await fastify.register(reportRoutes);
  await fastify.register(documentRoutes);
  await fastify.register(archiveRoutes);
  await fastify.register(searchRoutes);
  await fastify.register(feedRoutes);
  await fastify.register(apiRoutes);
  await fastify.register(oparlRoutes);
}

/** Paths whose last segment is a secret (one-time links, unsubscribe links, the personal feed's token): logged as "[redacted]". */
const SECRET_PATHS = [/^(\/(?:passwort-setzen|abbestellen|merkliste\/feed)\/)[^/?#]+/];

/** The URL as the request log shows it: secrets in the path replaced. */
export function loggedUrl(url: string): string {
  return SECRET_PATHS.reduce((result, pattern) => result.replace(pattern, '$1[redacted]'), url);
}

/** Fastify's logger options: request logs with cookies, credentials and secret URLs redacted. */
export function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        'headers.cookie',
        'headers.authorization',
        'headers["x-csrf-token"]',
        'headers["set-cookie"]',
      ],
      censor: '[redacted]',
    },
    serializers: {
      // Fastify's own request serializer, with the URL's secrets redacted
      req(request: FastifyRequest) {
        return {
          method: request.method,
          url: loggedUrl(request.url),
          host: request.host,
          remoteAddress: request.ip,
          remotePort: request.socket?.remotePort,
        };
      },
    },
  };
}

/** Whether an address is one of the given addresses or ranges ("10.0.0.0/8"). */
function addressMatcher(list: readonly string[]): (address: string) => boolean {
  if (list.length === 0) return () => false;
  const blocks = new BlockList();
  for (const item of list) {
    const [address, bits] = item.split('/') as [string, string | undefined];
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) blocks.addAddress(address, type);
    else blocks.addSubnet(address, Number(bits), type);
  }
  return (address) => {
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    return isIP(address) !== 0 && blocks.check(address, type);
  };
}

/** TRUST_PROXY for Fastify: a hop count as proxy-addr's trust function (the n nearest hops). */
function trustProxyOption(trust: Config['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address: string, hop: number) => hop < trust;
  return trust;
}

/**
 * The HTTP server Fastify would make (its timeouts included), asking `early` first: a stored page
 * is answered before Fastify's routing, request and reply objects and hooks (see the page cache).
 * `fastify.inject` (the tests) goes straight to Fastify.
 */
function serverAnsweringEarly(early: (request: IncomingMessage, response: ServerResponse) => boolean): FastifyServerFactory {
  return (handler, options) => {
    // Fastify's options with its defaults filled in
    const { keepAliveTimeout, requestTimeout, connectionTimeout, maxRequestsPerSocket } = options as Record<
      'keepAliveTimeout' | 'requestTimeout' | 'connectionTimeout' | 'maxRequestsPerSocket',
      number
    >;
    const server = createServer((request, response) => {
      if (!early(request, response)) handler(request, response);
    });
    server.keepAliveTimeout = keepAliveTimeout;
    server.requestTimeout = requestTimeout;
    server.setTimeout(connectionTimeout);
    if (maxRequestsPerSocket > 0) server.maxRequestsPerSocket = maxRequestsPerSocket;
    return server;
  };
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  // the page cache's, once the app is registered (no request arrives before)
  const early: { answer?: (request: IncomingMessage, response: ServerResponse) => boolean } = {};
  const fastify = Fastify({
    logger: loggerOptions(opts.config),
    trustProxy: trustProxyOption(opts.config.trustProxy),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // a malformed or over-long URL: the German error page with the security headers, not Fastify's JSON
    frameworkErrors: renderFrameworkError,
    bodyLimit: 1024 * 1024,
    serverFactory: serverAnsweringEarly((request, response) => early.answer?.(request, response) === true),
    ...(opts.schemaCompilers ? { schemaController: { compilersFactory: opts.schemaCompilers } } : {}),
  }).withTypeProvider<TypeBoxTypeProvider>();
  // fastify-plugin: the app's decorations (db, config, pageCache) are visible to the caller.
  await fastify.register(fp(app, { name: 'beschlussmonitor' }), opts);
  early.answer = fastify.pageCache.answerEarly;
  return fastify;
}
