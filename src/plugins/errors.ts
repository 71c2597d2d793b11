/**
 * One error handler and one 404 handler. Users get a German page without internals; 5xx are
 * logged with the request's context. "Unknown" and "not released" answer the same 404 page.
 */
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { translate } from '../i18n.js';
import { PASSWORD_CHANGE_REQUIRED } from './auth.js';
import { recordWriteFailure, sqliteTrouble } from '../services/db-health.js';
import { applySecurityHeaders } from './security-headers.js';
import { rolePagesOf } from '../routes/start-page.js';
import { formerAgendaItem } from '../services/versions.js';
import { isReturnPath, loginAddress, passwordChangeAddress } from '../domain/login-address.js';
import { formerMeetingKey } from '../services/former-addresses.js';

/** Seconds after which a client may try again when the database was busy or could not store. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The read API and OParl answer errors as JSON ({ statusCode, error, message }), also for addresses they do not know. */
function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url.startsWith('/oparl/');
}

/** The methods a request may use; HEAD comes with every GET route. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * The methods of the routes an address was meant for, when the request's own method has none of
 * them: a route of another method that takes the path with fewer parameters than the route that
 * answered (none answered, or `/:conference` took "/abmelden", which is POST's own address).
 * Empty for an address that exists for no method, and for an unknown id in a route's own address.
 */
function otherMethods(request: FastifyRequest): string[] {
  const path = request.url.split('?')[0] ?? '';
  const own = request.is404 ? Infinity : Object.keys((request.params as object | undefined) ?? {}).length;
  return METHODS.filter((method) => {
    // HEAD is GET without the body: never the other's alternative
    if (method === request.method || (method === 'HEAD' && request.method === 'GET') || (method === 'GET' && request.method === 'HEAD')) return false;
    const route = request.server.findRoute({ method, url: path });
    return route !== null && Object.keys(route.params).length < own;
  });
}

/**
 * A request to an address that takes other methods only (a form's address typed in or reloaded, a
 * page posted to): 405 with `Allow` and a German page that says what the address is for, instead
 * of "gibt es nicht".
 */
function renderMethodNotAllowed(request: FastifyRequest, reply: FastifyReply, allowed: readonly string[]) {
  const formOnly = !allowed.includes('GET');
  const [titleKey, messageKey] = ['error.methodNotAllowedTitle', formOnly ? 'error.formOnly' : 'error.pageOnly'];
  reply.code(405).header('allow', allowed.join(', '));
  if (wantsJson(request)) return reply.send({ statusCode: 405, error: translate(titleKey), message: translate(messageKey) });
  return reply.viewAsync('pages/error.hbs', {
    title: translate(titleKey),
    heading: translate(titleKey),
    message: translate(messageKey),
    hint: translate('error.notFoundHint'),
  });
}

/**
 * The address with its first segment in lower case, when that segment has capitals and the page
 * is read (GET, HEAD): a conference is cited as "IntMK" but its address is /intmk, and someone
 * typing /IntMK/12/top/2.12 means that page. Null otherwise, and for the API (its addresses are
 * its contract). Whether the page exists is left to it: the redirect says nothing about the data.
 */
function lowerCaseAddress(request: FastifyRequest): string | null {
  if ((request.method !== 'GET' && request.method !== 'HEAD') || wantsJson(request)) return null;
  // letters, digits and hyphens only: a percent-encoded segment ("%C3%9C") is left as it is
  const match = /^\/([A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*)((?:[/?].*)?)$/s.exec(request.url);
  if (!match) return null;
  const url = `/${match[1]!.toLowerCase()}${match[2]!}`;
  return request.server.findRoute({ method: 'GET', url: url.split('?')[0]! }) ? url : null;
}

/**
 * A TOP's address (or one under it: …/fassungen/2, …/ziffer/3, …/zitat.bib, …) under a number the
 * TOP no longer has: the same address under its number today, when a version the viewer may see
 * had that number (services/versions.ts formerAgendaItem) and no TOP of the meeting has it now —
 * a citation of the TOP stays valid after the secretariat corrected its number. Pages and files
 * only (GET, HEAD); not the API, whose addresses are its contract.
 */
function renumberedAddress(request: FastifyRequest): string | null {
  if ((request.method !== 'GET' && request.method !== 'HEAD') || wantsJson(request) || request.viewer === undefined) return null;
  const match = /^\/([a-z0-9-]+)\/([^/?#]+)\/top\/([^/?#]+)((?:[/?].*)?)$/s.exec(request.url);
  if (!match || match[1] === 'api') return null;
  let parts: string[];
  try {
    parts = [match[2]!, match[3]!].map(decodeURIComponent);
  } catch {
    return null;
  }
  const now = formerAgendaItem(request.server.db, request.viewer, match[1]!, parts[0]!, parts[1]!);
  return now === null ? null : `/${match[1]!}/${match[2]!}/top/${encodeURIComponent(now)}${match[4]!}`;
}

/**
 * A meeting's address (or one under it: …/top/2.12, …/umsetzungsbericht, …) under a number (or
 * first day) the meeting no longer has: the same address under its key today, when the viewer sees
 * the meeting and no meeting of the conference has the old key (services/former-addresses.ts) — a
 * citation stays valid after the secretariat corrected the meeting's number. Pages and files only
 * (GET, HEAD), as renumberedAddress.
 */
function formerMeetingAddress(request: FastifyRequest): string | null {
  if ((request.method !== 'GET' && request.method !== 'HEAD') || wantsJson(request) || request.viewer === undefined) return null;
  const match = /^\/([a-z0-9-]+)\/([^/?#]+)((?:[/?].*)?)$/s.exec(request.url);
  if (!match) return null;
  let key: string;
  try {
    key = decodeURIComponent(match[2]!);
  } catch {
    return null;
  }
  const now = formerMeetingKey(request.server.db, request.viewer, match[1]!, key);
  return now === null ? null : `/${match[1]!}/${encodeURIComponent(now)}${match[3]!}`;
}

export async function renderNotFound(request: FastifyRequest, reply: FastifyReply) {
  const allowed = otherMethods(request);
  if (allowed.length > 0) return renderMethodNotAllowed(request, reply, allowed);
  const lowerCase = lowerCaseAddress(request);
  if (lowerCase) return reply.redirect(lowerCase, 301);
  // 302, not 301: the number may be given to another meeting, or TOP, later; a browser keeps a 301 for good
  const moved = formerMeetingAddress(request) ?? renumberedAddress(request);
  if (moved) return reply.redirect(moved, 302);
  reply.code(404);
  if (wantsJson(request)) return reply.send({ statusCode: 404, error: translate('error.notFoundTitle'), message: translate('error.notFound') });
  return reply.viewAsync('pages/error.hbs', {
    title: translate('error.notFoundTitle'),
    heading: translate('error.notFoundTitle'),
    message: translate('error.notFound'),
    hint: translate('error.notFoundHint'),
    loginUrl: loginInstead(request),
    passwordChangeUrl: passwordChangeInstead(request),
  });
}

/**
 * For an account that has yet to replace its one-time password (it sees what the public sees):
 * the password change that leads on to this address, offered on every page the 404 answers for it,
 * as the login is to a logged-out visitor.
 */
function passwordChangeInstead(request: FastifyRequest): string | null {
  if (!request.user?.mustChangePassword || (request.method !== 'GET' && request.method !== 'HEAD') || !isReturnPath(request.url)) return null;
  return passwordChangeAddress(request.url);
}

/**
 * For a logged-out visitor of a page: the login that leads back to this address. A page released
 * internally exists only for logged-in accounts (a link in a reminder, a digest or the personal
 * feed, a bookmark, a session that ran out); the 404 cannot say whether that is so without telling
 * the public it exists, so it offers the login on every page it answers for a logged-out visitor.
 */
function loginInstead(request: FastifyRequest): string | null {
  if (request.user || (request.method !== 'GET' && request.method !== 'HEAD') || !isReturnPath(request.url)) return null;
  return loginAddress(request.url);
}

/** An error as the handler sees it: Fastify's schema failures carry Ajv's issues. */
type RequestError = Error & {
  statusCode?: number;
  code?: string;
  validationContext?: string;
  validation?: { instancePath?: string; params?: { missingProperty?: unknown } }[];
};

/**
 * The query parameter a failed schema validation is about, when it is one the route declares (a
 * name from the schema, never text of the request): the message can name it.
 */
function invalidQueryParameter(error: RequestError, request: FastifyRequest): string | null {
  if (error.validationContext !== 'querystring') return null;
  const issue = error.validation?.[0];
  const name = typeof issue?.params?.missingProperty === 'string' ? issue.params.missingProperty : issue?.instancePath?.split('/')[1];
  const declared = (request.routeOptions.schema?.querystring as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
  return name !== undefined && Object.hasOwn(declared, name) ? name : null;
}

function errorTexts(status: number, code: string | undefined): [string, string] {
  if (code?.startsWith('FST_CSRF')) return ['error.csrfTitle', 'error.csrf'];
  if (status === 413) return ['error.tooLargeTitle', 'error.tooLarge'];
  if (status === 414) return ['error.uriTooLongTitle', 'error.uriTooLong'];
  if (status === 415) return ['error.unsupportedTitle', 'error.unsupported'];
  if (code === PASSWORD_CHANGE_REQUIRED) return ['error.forbiddenTitle', 'error.passwordChangeRequired'];
  if (status === 401 || status === 403) return ['error.forbiddenTitle', 'error.forbidden'];
  if (status === 404) return ['error.notFoundTitle', 'error.notFound'];
  if (status === 429) return ['error.tooManyTitle', 'error.tooMany'];
  if (status >= 500) return ['error.serverTitle', 'error.server'];
  return ['error.badRequestTitle', 'error.badRequest'];
}

/**
 * Fastify's own refusals before any route or hook (a malformed or over-long URL): the German
 * error page (JSON under /api/) with the security headers every other answer carries.
 */
export function renderFrameworkError(error: Error & { code?: string; statusCode?: number }, request: FastifyRequest, reply: FastifyReply) {
  const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : (error.statusCode ?? 400);
  request.log.info({ err: { message: error.message, code: error.code } }, 'request refused by the router');
  applySecurityHeaders(request, reply);
  reply.code(status).header('cache-control', 'no-store');
  const [titleKey, messageKey] = status === 414 ? ['error.uriTooLongTitle', 'error.uriTooLong'] : ['error.badUrlTitle', 'error.badUrl'];
  if (wantsJson(request)) return reply.send({ statusCode: status, error: translate(titleKey), message: translate(messageKey) });
  // the reply of a refusal this early lacks the plugins' reply decorations; the instance renders
  const view = (request.server as unknown as { view(page: string, data: object): Promise<string> }).view;
  return view('pages/error.hbs', { title: translate(titleKey), heading: translate(titleKey), message: translate(messageKey) }).then((html) =>
    reply.type('text/html; charset=utf-8').send(html),
  );
}

export default fp(
  async function errorsPlugin(fastify) {
    fastify.setNotFoundHandler(renderNotFound);

    fastify.setErrorHandler(
      async (error: RequestError, request, reply) => {
        // A malformed conference, meeting or TOP in the path is an unknown page, not a bad request.
        if (error.validationContext === 'params' || error.statusCode === 404) return renderNotFound(request, reply);
        const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
        if (status === 401 && request.method === 'GET' && !wantsJson(request)) {
          return reply.redirect(`/anmelden?weiter=${encodeURIComponent(request.url)}`, 303);
        }
        if (error.code === PASSWORD_CHANGE_REQUIRED && request.method === 'GET' && !wantsJson(request)) {
          // the page asked for is where the password change leads on to
          return reply.redirect(passwordChangeAddress(request.url), 303);
        }
        // The database was busy longer than the busy timeout (a large import in another process),
        // or cannot store (disk full, read-only): 503 with Retry-After, nothing was changed.
        const trouble = sqliteTrouble(error);
        if (trouble) {
          if (trouble === 'unwritable') {
            recordWriteFailure(fastify.db, error);
            request.log.error({ err: error }, 'database cannot store');
          } else {
            request.log.warn({ err: { message: error.message, code: error.code } }, 'database busy');
          }
          reply.code(503).header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS)).header('cache-control', 'no-store');
          const [titleKey, messageKey] = trouble === 'busy' ? ['error.busyTitle', 'error.busy'] : ['error.unwritableTitle', 'error.unwritable'];
          if (wantsJson(request)) return reply.send({ statusCode: 503, error: translate(titleKey), message: translate(messageKey) });
          return reply.viewAsync('pages/error.hbs', {
            title: translate(titleKey),
            heading: translate(titleKey),
            message: translate(messageKey),
            reference: translate('error.reference', { id: request.id }),
          });
        }
        if (status >= 500) request.log.error({ err: error }, 'request failed');
        else request.log.info({ err: { message: error.message, statusCode: status, code: error.code } }, 'request rejected');
        reply.code(status);
        const [titleKey, messageKey] = errorTexts(status, error.code);
        const parameter = status === 400 ? invalidQueryParameter(error, request) : null;
        const message = parameter ? translate('error.badQueryParameter', { name: parameter }) : translate(messageKey);
        if (wantsJson(request)) return reply.send({ statusCode: status, error: translate(titleKey), message });
        return reply.viewAsync('pages/error.hbs', {
          title: translate(titleKey),
          heading: translate(titleKey),
          message,
          reference: status >= 500 ? translate('error.reference', { id: request.id }) : null,
          // a refusal for want of rights leads on: home, and the login or the account's own pages
          // (routes/start-page.ts, where a login leads too)
          onward: status === 401 || status === 403,
          rolePages: request.user && (status === 401 || status === 403) ? rolePagesOf(request.user.role) : [],
        });
      },
    );
  },
  { name: 'errors', dependencies: ['view', 'db'] },
);
