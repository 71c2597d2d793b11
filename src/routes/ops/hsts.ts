/**
 * HTTP Strict Transport Security, only where it means something: the application itself never
 * terminates TLS (it listens on plain HTTP behind a reverse proxy), so HSTS is sent only when the
 * operator declared that proxy (TRUST_PROXY) and the request came over https according to
 * it (X-Forwarded-Proto). Without a proxy, or over plain http, no header: browsers ignore HSTS on
 * http anyway, and a header on a deployment without TLS would lock users out for a year.
 *
 * One year, without includeSubDomains and preload: other hosts under the same domain (often an
 * authority's intranet) must not be forced to https by this application.
 * An onSend hook, so that every answer carries it: pages from the page cache, 404, 429, 5xx.
 */
import fp from 'fastify-plugin';

export const HSTS_VALUE = 'max-age=31536000';

export default fp(
  async function hstsPlugin(fastify, opts: { trustProxy: false | number | string[] }) {
    if (opts.trustProxy === false) return;
    fastify.addHook('onSend', async (request, reply, payload) => {
      if (request.protocol === 'https') reply.header('strict-transport-security', HSTS_VALUE);
      return payload;
    });
  },
  { name: 'hsts' },
);
