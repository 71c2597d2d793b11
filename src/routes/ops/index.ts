/**
 * Health endpoints for the service manager and load balancer, never cached:
 *   GET /healthz  200 "ok" while the process runs (liveness; also under overload)
 *   GET /readyz   200 "ok" when the database answers and can be written (services/db-health.ts),
 *                 else 503 with the reason in German (readiness)
 *   GET /favicon.ico   301 to the site's icon (pages name it in their head; crawlers and
 *                 feed readers ask for this address on their own)
 */
import type { FastifyPluginAsync } from 'fastify';
import { translate } from '../../i18n.js';
import { RETRY_AFTER_SECONDS, type PressureHandler } from './pressure.js';
import { readiness } from '../../services/db-health.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** @fastify/under-pressure: a route's own answer to overload (undefined lets the request through). */
    pressureHandler?: PressureHandler;
  }
}

const FAVICON = '/assets/favicon.svg';

const opsRoutes: FastifyPluginAsync = async (fastify) => {
  fastify.get(
    '/healthz',
    {
      // Alive is alive, also when busy: under-pressure lets this route through.
      config: { access: 'public', pressureHandler: () => undefined },
    },
    async (_request, reply) => reply.header('cache-control', 'no-store').type('text/plain; charset=utf-8').send('ok'),
  );

  fastify.get('/favicon.ico', { config: { access: 'public' } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=86400').redirect(FAVICON, 301),
  );

  const file = fastify.config.databasePath === ':memory:' ? null : fastify.config.databasePath;
  fastify.get('/readyz', { config: { access: 'public' } }, async (request, reply) => {
    reply.header('cache-control', 'no-store').type('text/plain; charset=utf-8');
    const notReady = readiness(fastify.db, { file, minFreeBytes: fastify.config.minFreeDiskMb * 1024 * 1024 });
    if (notReady === null) return reply.send('ok');
    request.log.error({ reason: notReady }, 'readiness check failed');
    return reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS)).send(`${translate(`ops.notReadyReason.${notReady}`)}\n`);
  });
};

export default opsRoutes;
