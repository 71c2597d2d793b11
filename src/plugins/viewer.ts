/**
 * Who is asking: `request.viewer`, resolved in onRequest. Until logins exist everybody is the
 * public; the session plugin of the secretariat workspace sets logged-in viewers.
 */
import fp from 'fastify-plugin';
import { PUBLIC_VIEWER, type Viewer } from '../services/visibility.js';

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer;
  }
}

export default fp(
  async function viewerPlugin(fastify) {
    fastify.decorateRequest('viewer', null as unknown as Viewer);
    fastify.addHook('onRequest', async (request) => {
      request.viewer = PUBLIC_VIEWER;
    });
  },
  { name: 'viewer' },
);
