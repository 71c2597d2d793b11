/**
 * The security headers of every answer, in one place: helmet's (Content-Security-Policy without
 * unsafe-inline, nosniff, Referrer-Policy, frame-ancestors 'none', …) and a Permissions-Policy
 * that switches off the browser features the archive never uses. `applySecurityHeaders` sets them:
 * in an onRequest hook for the requests that reach a route (app.ts), and on answers Fastify gives
 * before any hook runs (a malformed or over-long URL, see errors.ts). Helmet's middleware is built
 * once here, not per request.
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

const helmetMiddleware = helmet(HELMET_OPTIONS);

/** Sets the security headers on an answer made outside the route's hooks. */
export function applySecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  helmetMiddleware(request.raw, reply.raw, () => {});
  reply.header('permissions-policy', PERMISSIONS_POLICY);
}
