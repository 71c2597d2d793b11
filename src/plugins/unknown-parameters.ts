/**
 * Query parameters a route does not declare: the validator would drop them silently, and a
 * misspelt filter (`?konferrenz=gmk`, `?stnad=2020-01-01`) would give another result than asked
 * for without a word. What happens instead depends on who asks (docs/api.md):
 *
 * - the read API (/api/v1/…) and OParl: 400 JSON ({ statusCode, error, message }) naming the parameter;
 * - a download or feed (CSV, JSON, Atom, Word, PDF, BibTeX, RIS, a follow-up's document), robots.txt and the
 *   sitemaps: 400 with the German
 *   message as text, as for a bad filter value (routes/table-export.ts, refuseDownload);
 * - an HTML page: the page as asked for, with a German notice above it naming what was not heeded.
 *
 * The names are read before validation (which removes them) and acted on before the handler, after
 * the route's own access check: an address that needs a login asks for one first.
 *
 * Campaign and click markers (`utm_source`, `fbclid`, …) are added by whoever carried the link — a
 * newsletter, a social network, a search engine's ads — not by the reader, and change nothing asked
 * for: a page or file ignores them without a word; the API and OParl refuse them like any other.
 *
 * A parameter the route knows but the address gives more than once (`?konferenz=a&konferenz=b`):
 * a page takes the first value and says so; the API, OParl and a file refuse it in validation
 * (400, "… ungültig, zu lang oder mehrfach angegeben").
 */
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { translate } from '../i18n.js';
import { refuseDownload } from '../routes/table-export.js';
import { shown } from '../routes/params.js';

export type ParameterFamily = 'api' | 'oparl' | 'file' | 'page';

/** Addresses for machines that check nothing of their query (probes, the browser's icon request). */
const UNCHECKED = new Set(['/healthz', '/readyz', '/favicon.ico']);
/** Downloads, feeds and the files for search engines (robots.txt, the sitemaps). */
const FILE = /\.(csv|xlsx|json|atom|docx|pdf|xml|txt|bib|ris)$/;
const FILE_PREFIXES = ['/dokumente/', '/merkliste/feed/'];

/** Who asks at a route's address (its pattern): the API, OParl, a download or feed, or a person reading a page; null: not checked. */
export function parameterFamily(url: string): ParameterFamily | null {
  if (UNCHECKED.has(url) || url.startsWith('/assets/')) return null;
  if (url === '/api' || url === '/api/v1' || url.startsWith('/api/v1/')) return 'api';
  if (url.startsWith('/oparl/')) return 'oparl';
  if (FILE.test(url) || FILE_PREFIXES.some((prefix) => url.startsWith(prefix))) return 'file';
  return 'page';
}

/** Markers a link's carrier appends (campaign analytics, click ids): never the reader's request. */
const CARRIER_MARKERS = new Set(['fbclid', 'gclid', 'dclid', 'msclkid', 'yclid', 'twclid', 'igshid', 'mc_cid', 'mc_eid', '_hsenc', '_hsmi']);
export function isCarrierMarker(name: string): boolean {
  return name.startsWith('utm_') || CARRIER_MARKERS.has(name);
}

/** At most this many unknown names are named on a page: enough to see the mistake. */
const NAMED = 5;

const unknownOf = new WeakMap<FastifyRequest, string[]>();
/** A page's notices about repeated parameters, of which it took the first value. */
const repeatedOf = new WeakMap<FastifyRequest, string[]>();

function declaredOf(request: FastifyRequest): Record<string, unknown> {
  return (request.routeOptions.schema?.querystring as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
}

/**
 * The message for OParl: `stand` (the archive's "as of a day") is named with where it is answered —
 * OParl has no such parameter by design (docs/oparl.md), the read API has.
 */
function oparlMessage(names: readonly string[], name: string): string {
  return names.includes('stand') ? translate('queryParameter.oparlAsOf') : translate('queryParameter.unknownOparl', { name });
}

function answer(request: FastifyRequest, reply: FastifyReply, family: ParameterFamily, names: string[]) {
  const name = shown(names[0] ?? '');
  switch (family) {
    case 'api':
    case 'oparl':
      return reply
        .code(400)
        .type('application/json; charset=utf-8')
        .send({ statusCode: 400, error: translate('error.badRequestTitle'), message: family === 'api' ? translate('api.unknownParameter', { name }) : oparlMessage(names, name) });
    case 'file':
      return refuseDownload(reply, [translate('queryParameter.unknownFile', { name })]);
    case 'page':
      reply.locals = {
        ...reply.locals,
        queryNotices: [...(repeatedOf.get(request) ?? []), ...names.slice(0, NAMED).map((n) => translate('queryParameter.unknownPage', { name: shown(n) }))],
      };
      return undefined;
  }
}

export default fp(
  async function unknownParametersPlugin(fastify) {
    // Callback-style, like the input plugin's: no promise per request.
    fastify.addHook('preValidation', (request, _reply, done) => {
      if (request.method === 'GET' || request.method === 'HEAD') {
        const query = request.query as Record<string, unknown> | undefined;
        if (query && typeof query === 'object') {
          const declared = declaredOf(request);
          const unknown = Object.keys(query).filter((name) => !Object.hasOwn(declared, name));
          if (unknown.length > 0) unknownOf.set(request, unknown);
          const repeated = Object.keys(query).filter((name) => Object.hasOwn(declared, name) && Array.isArray(query[name]));
          if (repeated.length > 0 && parameterFamily(request.routeOptions.url ?? '') === 'page') {
            const notices: string[] = [];
            for (const name of repeated) {
              const first = String((query[name] as unknown[])[0] ?? '');
              query[name] = first;
              notices.push(translate('queryParameter.repeatedPage', { name, value: shown(first) }));
            }
            repeatedOf.set(request, notices);
          }
        }
      }
      done();
    });
    fastify.addHook('preHandler', (request, reply, done) => {
      const names = unknownOf.get(request);
      if (names === undefined && !repeatedOf.has(request)) return done();
      const family = parameterFamily(request.routeOptions.url ?? '');
      if (family === null) return done();
      const heeded = family === 'page' || family === 'file' ? (names ?? []).filter((name) => !isCarrierMarker(name)) : (names ?? []);
      if (heeded.length === 0 && !repeatedOf.has(request)) return done();
      answer(request, reply, family, heeded);
      if (family === 'page') done();
    });
  },
  { name: 'unknown-parameters', dependencies: ['input'] },
);
