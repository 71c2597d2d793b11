/**
 * Who is asking: resolves the session cookie in onRequest into `request.user` and
 * `request.viewer` (the public viewer without a session). Pages for logged-in users are never
 * stored by browsers or proxies (Cache-Control: no-store).
 *
 * A user who still has to replace a one-time password sees what the public sees and may use
 * nothing but the password change and the logout (the auth plugin refuses everything else).
 *
 * The cookie is HttpOnly and SameSite=Lax; over TLS it is Secure and named with the `__Host-`
 * prefix (bound to this host, path /).
 */
import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PUBLIC_VIEWER, type Viewer } from '../services/visibility.js';
import { createSession, deleteSession, findSession, type SessionPolicy, type SessionUser } from '../services/sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer;
    user: SessionUser | null;
  }
  interface FastifyInstance {
    /** Starts a new session for the user (a fresh id: rotated at every login). */
    logIn(request: FastifyRequest, reply: FastifyReply, userId: number): void;
    logOut(request: FastifyRequest, reply: FastifyReply): void;
  }
}

function isSecure(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

/** The session cookie's name (over TLS with the `__Host-` prefix). */
export const SESSION_COOKIE = 'bm_session';

export function sessionCookieName(request: FastifyRequest): string {
  return isSecure(request) ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
}

export function viewerOf(user: SessionUser | null): Viewer {
  if (!user || user.mustChangePassword) return PUBLIC_VIEWER;
  return { userId: user.userId, role: user.role, land: user.land, conferenceIds: user.conferenceIds };
}

export default fp(
  async function sessionPlugin(fastify, opts: SessionPolicy) {
    await fastify.register(cookie);
    fastify.decorateRequest('viewer', null as unknown as Viewer);
    fastify.decorateRequest('user', null);

    // Callback-style hooks (they run on every request, the cached pages' too): no promise and no
    // extra turn each. A throw still reaches the error handler.
    fastify.addHook('onRequest', (request, _reply, done) => {
      const token = request.cookies[sessionCookieName(request)];
      request.user = token ? findSession(fastify.db, token, opts) : null;
      request.viewer = viewerOf(request.user);
      done();
    });

    fastify.addHook('onSend', (request, reply, payload, done) => {
      if (request.user) reply.header('cache-control', 'no-store');
      done(null, payload);
    });

    fastify.decorate('logIn', (request: FastifyRequest, reply: FastifyReply, userId: number) => {
      const name = sessionCookieName(request);
      const previous = request.cookies[name];
      if (previous) deleteSession(fastify.db, previous);
      const { token, expiresAt } = createSession(fastify.db, userId, opts);
      reply.setCookie(name, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: isSecure(request),
        expires: expiresAt,
      });
    });

    fastify.decorate('logOut', (request: FastifyRequest, reply: FastifyReply) => {
      const name = sessionCookieName(request);
      const token = request.cookies[name];
      if (token) deleteSession(fastify.db, token);
      reply.clearCookie(name, { path: '/', httpOnly: true, sameSite: 'lax', secure: isSecure(request) });
    });
  },
  { name: 'viewer', dependencies: ['db'] },
);
