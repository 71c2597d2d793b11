/**
 * Authorization: @fastify/auth strategies composed per route, CSRF protection for form posts,
 * and deny by default — every route must declare who may call it (`config.access`), or the app
 * refuses to start.
 *
 *   config: { access: 'public' }                       anybody
 *   config: { access: 'authenticated' }                any logged-in user
 *   config: { access: ['secretariat', 'admin'] }       these roles
 *
 * The matching checks run in preValidation — after the body is parsed, so CSRF tokens in form
 * bodies are seen, and before the body is validated, so an outsider learns nothing about the
 * form: `fastify.guard(access)` builds them.
 */
import { randomBytes } from 'node:crypto';
import fp from 'fastify-plugin';
import fastifyAuth from '@fastify/auth';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import type { FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { installationSecret } from '../services/secrets.js';
import type { UserRole } from '../domain/vocabulary.js';
import type { SessionUser } from '../services/sessions.js';
import { translate } from '../i18n.js';

export type Access = 'public' | 'authenticated' | readonly UserRole[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Open to a user who still has to replace a one-time password (the change itself, logout). */
    duringPasswordChange?: boolean;
  }
  interface FastifyReply {
    /** A CSRF token for a form on this page, bound to the session when there is one. */
    csrfToken(): string;
  }
  interface FastifyInstance {
    /**
     * Every route with the access it declares, the names of its query parameters and the values
     * of its path parameters that allow only a fixed few (for the route × role tests, which
     * request every route, and documentation).
     */
    routeAccess: { method: string; url: string; access: Access; query: string[]; paramValues: Record<string, string[]> }[];
    /** The preValidation hook for a route: CSRF on state-changing methods, then the access check. */
    guard(access: Access, options?: { csrf?: boolean }): preHandlerHookHandler;
    /**
     * Checks the CSRF token of a body the handler read itself (multipart); when it fails, the
     * refusal (403) is already on its way and the handler returns the reply.
     */
    csrfPassed(request: FastifyRequest, reply: FastifyReply): boolean;
    /** Whether the request's CSRF token is valid, answering nothing either way (csrfPassed answers a failure with 403). */
    csrfValid(request: FastifyRequest): boolean;
  }
}

class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** The error code of a request refused because the user must first replace a one-time password. */
export const PASSWORD_CHANGE_REQUIRED = 'BM_PASSWORD_CHANGE_REQUIRED';

/** A one-time password cannot be skipped: only routes marked `duringPasswordChange` are open. */
function assertPasswordSettled(request: FastifyRequest) {
  if (request.user?.mustChangePassword && request.routeOptions.config.duringPasswordChange !== true) {
    throw new HttpError(403, translate('error.passwordChangeFirst'), PASSWORD_CHANGE_REQUIRED);
  }
}

/** The path parameters whose schema allows only listed strings (a union of literals or an enum), with those strings. */
function fixedValues(schema: unknown): Record<string, string[]> {
  const properties = (schema as { properties?: Record<string, { anyOf?: { const?: unknown }[]; enum?: unknown[]; const?: unknown }> } | undefined)?.properties ?? {};
  const fixed: Record<string, string[]> = {};
  for (const [name, property] of Object.entries(properties)) {
    const values = property.enum ?? (property.anyOf?.every((option) => 'const' in option) ? property.anyOf.map((option) => option.const) : property.const !== undefined ? [property.const] : null);
    if (values && values.every((value): value is string => typeof value === 'string')) fixed[name] = values;
  }
  return fixed;
}

/** The token from a form field (urlencoded or multipart) or the X-CSRF-Token header. */
function csrfTokenOf(request: FastifyRequest): string | undefined {
  const field = (request.body as Record<string, unknown> | undefined)?._csrf;
  if (typeof field === 'string') return field;
  if (field && typeof field === 'object' && 'value' in field && typeof field.value === 'string') return field.value;
  const header = request.headers['x-csrf-token'];
  return typeof header === 'string' ? header : undefined;
}

/** The cookie that holds the CSRF secret of a browser; the tokens of the forms are made from it. */
const CSRF_COOKIE = '_csrf';
// Secure over TLS (behind a declared proxy: X-Forwarded-Proto), like the session cookie
const CSRF_COOKIE_OPTIONS = { path: '/', httpOnly: true, sameSite: 'lax', signed: false, secure: 'auto' } as const;

/**
 * Gives a request without a CSRF cookie its secret before its first token is made, for every
 * token of the request. The plugin makes a new secret at each token while the request has none,
 * and the browser keeps the last cookie set: a page opened without the cookie (a restarted browser
 * keeps the session cookie, which has an expiry, and drops this one) had a logout form in its
 * header whose token matched no cookie, and logging out from it was refused (403).
 */
function oneSecretPerRequest(reply: FastifyReply): void {
  const request = reply.request;
  if (request.cookies[CSRF_COOKIE]) return;
  const secret = randomBytes(18).toString('base64url');
  reply.setCookie(CSRF_COOKIE, secret, CSRF_COOKIE_OPTIONS);
  request.cookies[CSRF_COOKIE] = secret;
}

/** What the layout's header shows of the logged-in user (views/layouts/main.hbs, pages/password.hbs). */
interface HeaderLocals {
  currentUser: { name: string; role: UserRole; mustChangePassword: boolean };
  /** The CSRF token of the header's logout form. */
  logoutToken: string;
}

/** The header's template values for a logged-in user: the one place they are built. */
function headerLocals(user: Pick<SessionUser, 'name' | 'role' | 'mustChangePassword'>, reply: FastifyReply): HeaderLocals {
  return {
    currentUser: { name: user.name, role: user.role, mustChangePassword: user.mustChangePassword },
    logoutToken: reply.csrfToken(),
  };
}

/** Routes added by plugins that serve only public, static things. */
const PLUGIN_ROUTE_PREFIXES = ['/assets/'];

export default fp(
  async function authPlugin(fastify) {
    await fastify.register(formbody, { bodyLimit: 1024 * 1024 });
    await fastify.register(csrf, {
      cookieKey: CSRF_COOKIE,
      cookieOpts: CSRF_COOKIE_OPTIONS,
      getUserInfo: (request) => request.user?.sessionId ?? 'anonymous',
      csrfOpts: { hmacKey: installationSecret(fastify.db, 'csrf-hmac') },
      getToken: csrfTokenOf,
    });
    await fastify.register(fastifyAuth);
    fastify.decorateReply('csrfToken', function (this: FastifyReply) {
      oneSecretPerRequest(this);
      return this.generateCsrf({ userInfo: this.request.user?.sessionId ?? 'anonymous' });
    });

    // Every page of a logged-in user — GET pages, forms shown again after a failed post, pages in
    // answer to a post — shows the header of `headerLocals`.
    // onRequest, not preHandler: error pages of refused requests (403, CSRF) show the user too.
    // callback-style: no promise per request (most have no user)
    fastify.addHook('onRequest', (request, reply, done) => {
      if (request.user) reply.locals = { ...reply.locals, ...headerLocals(request.user, reply) };
      done();
    });

    fastify.decorate('routeAccess', []);
    fastify.addHook('onRoute', (route) => {
      if (PLUGIN_ROUTE_PREFIXES.some((prefix) => route.url.startsWith(prefix))) return;
      if (route.method === 'HEAD') return;
      const access = route.config?.access;
      if (!access) {
        throw new Error(`route ${String(route.method)} ${route.url} declares no access (config.access): deny by default`);
      }
      const querystring = route.schema?.querystring as { properties?: Record<string, unknown> } | undefined;
      const query = Object.keys(querystring?.properties ?? {});
      const paramValues = fixedValues(route.schema?.params);
      for (const method of [route.method].flat()) fastify.routeAccess.push({ method, url: route.url, access, query, paramValues });
    });

    async function authenticated(request: FastifyRequest) {
      if (!request.user) throw new HttpError(401, translate('error.loginRequired'));
      assertPasswordSettled(request);
    }

    function hasRole(roles: readonly UserRole[]) {
      return async (request: FastifyRequest) => {
        if (!request.user) throw new HttpError(401, translate('error.loginRequired'));
        assertPasswordSettled(request);
        if (!roles.includes(request.user.role)) {
          request.log.warn({ userId: request.user.userId, role: request.user.role, url: request.url }, 'access denied');
          throw new HttpError(403, translate('error.forbiddenAction'));
        }
      };
    }

    function verifyCsrf(request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) {
      fastify.csrfProtection(request, reply, done as () => void);
    }

    fastify.decorate('csrfValid', (request: FastifyRequest) => {
      let valid = false;
      // the plugin answers a failed check itself (reply.send of its 403): this reply only takes note
      const silent = { send: () => undefined } as unknown as FastifyReply;
      fastify.csrfProtection(request, silent, () => {
        valid = true;
      });
      return valid;
    });

    fastify.decorate('csrfPassed', (request: FastifyRequest, reply: FastifyReply) => {
      let passed = false;
      fastify.csrfProtection(request, reply, () => {
        passed = true;
      });
      return passed;
    });

    fastify.decorate('guard', (access: Access, options: { csrf?: boolean } = {}) => {
      const checks = [];
      if (options.csrf) checks.push(verifyCsrf);
      if (access === 'authenticated') checks.push(authenticated);
      else if (access !== 'public') checks.push(hasRole(access));
      if (checks.length === 0) return async () => {};
      return fastify.auth(checks, { relation: 'and' });
    });
  },
  { name: 'auth', dependencies: ['db', 'viewer', 'view'] },
);
