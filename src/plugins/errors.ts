/**
 * One error handler and one 404 handler. Users get a German page without internals; 5xx are
 * logged with the request's context. "Unknown" and "not released" answer the same 404 page.
 */
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { translate } from './view.js';

function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

export async function renderNotFound(request: FastifyRequest, reply: FastifyReply) {
  reply.code(404);
  if (wantsJson(request)) return reply.send({ statusCode: 404, error: 'Not Found', message: translate('error.notFound') });
  return reply.viewAsync('pages/error.hbs', {
    title: translate('error.notFoundTitle'),
    heading: translate('error.notFoundTitle'),
    message: translate('error.notFound'),
    hint: translate('error.notFoundHint'),
  });
}

export default fp(
  async function errorsPlugin(fastify) {
    fastify.setNotFoundHandler(renderNotFound);

    fastify.setErrorHandler(async (error: Error & { statusCode?: number; validationContext?: string }, request, reply) => {
      // A malformed conference, meeting or TOP in the path is an unknown page, not a bad request.
      if (error.validationContext === 'params') return renderNotFound(request, reply);
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
      if (status >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ err: { message: error.message, statusCode: status } }, 'request rejected');
      reply.code(status);
      const [titleKey, messageKey] =
        status === 404
          ? ['error.notFoundTitle', 'error.notFound']
          : status === 429
            ? ['error.tooManyTitle', 'error.tooMany']
            : status >= 500
              ? ['error.serverTitle', 'error.server']
              : ['error.badRequestTitle', 'error.badRequest'];
      const message = translate(messageKey);
      if (wantsJson(request)) return reply.send({ statusCode: status, error: translate(titleKey), message });
      return reply.viewAsync('pages/error.hbs', {
        title: translate(titleKey),
        heading: translate(titleKey),
        message,
        reference: status >= 500 ? translate('error.reference', { id: request.id }) : null,
      });
    });
  },
  { name: 'errors', dependencies: ['view'] },
);
