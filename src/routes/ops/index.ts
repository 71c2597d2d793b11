/**
 * Health endpoints for the service manager and load balancer, never cached:
 *   GET /healthz  200 "ok" while the process runs (liveness; also under overload)
 *   GET /readyz   200 "ok" when the database answers `select 1`, else 503 (readiness)
 */
import type { FastifyPluginAsync } from 'fastify';
import { translate } from '../../i18n.js';
import { RETRY_AFTER_SECONDS, type PressureHandler } from './pressure.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** @fastify/under-pressure: a route's own answer to overload (undefined lets the request through). */
    pressureHandler?: PressureHandler;
  }
}

const opsRoutes: FastifyPluginAsync = async (fastify) => {
  fastify.get(
    '/healthz',
    {
      // Alive is alive, also when busy: under-pressure lets this route through.
      config: { access: 'public', pressureHandler: () => undefined },
    },
    async (_request, reply) => reply.header('cache-control', 'no-store').type('text/plain; charset=utf-8').send('ok'),
  );

  fastify.get('/readyz', { config: { access: 'public' } }, async (request, reply) => {
    reply.header('cache-control', 'no-store').type('text/plain; charset=utf-8');
    try {
      const answer = fastify.sqlite.prepare('select 1').pluck().get();
      if (answer !== 1) throw new Error(`select 1 answered ${String(answer)}`);
      return reply.send('ok');
    } catch (error) {
      request.log.error({ err: error }, 'readiness check failed: database does not answer');
      return reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS)).send(translate('ops.notReady'));
    }
  });
};

export default opsRoutes;
