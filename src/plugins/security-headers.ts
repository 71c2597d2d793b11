/**
 * The security headers of every answer, in one place: helmet's (Content-Security-Policy without
 * unsafe-inline, nosniff, Referrer-Policy, frame-ancestors 'none', …) and a Permissions-Policy
 * that switches off the browser features the archive never uses. `applySecurityHeaders` sets them:
 * in an onRequest hook for the requests that reach a route (app.ts), and on answers Fastify gives
 * before any hook runs (a malformed or over-long URL, see errors.ts). Helmet's middleware runs
 * once, at start; its headers are replayed on every answer.
 */
import helmet from 'helmet';
import type { FastifyReply, FastifyRequest } from 'fastify';

const HELMET_OPTIONS = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  strictTransportSecurity: false,
  crossOriginEmbedderPolicy: false,
};

/** No camera, microphone, location, payment, sensors, … for this site or anything it embeds. */
export const PERMISSIONS_POLICY =
  'accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), xr-spatial-tracking=()';

/**
 * What helmet's middleware does to a response, recorded once: every directive above is a fixed
 * string, so every answer gets the same headers. Replaying them costs a page a dozen setHeader
 * calls instead of helmet's chain of a dozen middlewares.
 */
function recordHelmet(): { set: [string, string | number | readonly string[]][]; removed: string[] } {
  const set: [string, string | number | readonly string[]][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.push([name, value]);
      return recorder;
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  let finished = false;
  helmet(HELMET_OPTIONS)(
    {} as Parameters<ReturnType<typeof helmet>>[0],
    recorder as unknown as Parameters<ReturnType<typeof helmet>>[1],
    (error?: unknown) => {
      if (error) throw error instanceof Error ? error : new Error(String(error));
      finished = true;
    },
  );
  // helmet runs its middlewares synchronously; a later version that did not would leave headers out
  if (!finished) throw new Error('helmet did not set its headers synchronously');
  return { set, removed };
}

const HELMET_HEADERS = recordHelmet();

/** Helmet's headers and the Permissions-Policy as the reply keeps them (names in lower case). */
const SECURITY_HEADERS: readonly (readonly [string, string | number | readonly string[]])[] = [
  ...HELMET_HEADERS.set.map(([name, value]) => [name.toLowerCase(), value] as const),
  ['permissions-policy', PERMISSIONS_POLICY],
];

/**
 * Sets the security headers on an answer (also one made outside the route's hooks), as the
 * reply's headers, like every other header of the app: Fastify hands them to Node in one call
 * when it writes the answer, and Node checks each name and value there. Set on the Node response
 * itself (`setHeader`), each was checked once at the set and the reply's own headers were merged
 * into them one by one afterwards.
 */
export function applySecurityHeaders(_request: FastifyRequest, reply: FastifyReply): void {
  const raw = reply.raw;
  for (const name of HELMET_HEADERS.removed) raw.removeHeader(name);
  for (const [name, value] of SECURITY_HEADERS) reply.header(name, value);
}
