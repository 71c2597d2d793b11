/**
 * Overload protection (@fastify/under-pressure): when the event loop lags behind by more than
 * `maxEventLoopDelayMs` on average, new requests are answered at once with 503, Retry-After and a
 * short German page instead of queueing until everything times out. The page is built once at
 * start-up: rendering templates is exactly what an overloaded process should not do.
 *
 * /healthz opts out (see ./index.ts): an overloaded process is alive, and a supervisor that
 * restarted it for being busy would only make things worse. /readyz answers 503 like every page,
 * so a load balancer sends traffic elsewhere for a moment. Public pages the page cache already
 * holds are still served: that cache answers in an earlier onRequest hook, and costs next to nothing.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TYPE_EVENT_LOOP_DELAY, type FastifyUnderPressureOptions } from '@fastify/under-pressure';
import type { Config } from '../../config.js';
import { escapeHtml } from '../../domain/html.js';
import { translate } from '../../i18n.js';

export const RETRY_AFTER_SECONDS = 10;

function overloadPage(): string {
  const title = escapeHtml(translate('ops.overloadedTitle'));
  const site = escapeHtml(translate('site.name'));
  return (
    '<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${title} – ${site}</title>\n<link rel="stylesheet" href="/assets/site.css">\n</head>\n<body>\n` +
    `<main id="inhalt" class="wrap">\n<h1>${title}</h1>\n<p>${escapeHtml(translate('ops.overloaded'))}</p>\n` +
    `<p><a href="/">${escapeHtml(translate('site.home'))}</a></p>\n</main>\n</body>\n</html>\n`
  );
}

export type PressureHandler = NonNullable<FastifyUnderPressureOptions['pressureHandler']>;

/** How often under-pressure samples the event loop delay (its default, stated here because the start-up grace depends on it). */
export const SAMPLE_INTERVAL_MS = 1000;

/**
 * @param startedAt when the start-up work (demo data, search index) was done, null before. That
 *   work blocks the event loop, and the first two samples after it may still average it in; a
 *   freshly started or restarted process would otherwise turn its first visitors away.
 */
export function underPressureOptions(config: Config, startedAt: () => number | null): FastifyUnderPressureOptions {
  const page = overloadPage();
  // under-pressure sends what the handler returns (its types only admit void); undefined lets the request through.
  const refuse = (request: FastifyRequest, reply: FastifyReply, type: string, value: number | undefined): string | undefined => {
    const started = startedAt();
    if (type === TYPE_EVENT_LOOP_DELAY && (started === null || Date.now() - started < 2 * SAMPLE_INTERVAL_MS)) return undefined;
    request.log.warn({ type, value }, 'under pressure: request refused');
    reply
      .code(503)
      .header('retry-after', String(RETRY_AFTER_SECONDS))
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8');
    return page;
  };
  return {
    maxEventLoopDelay: config.maxEventLoopDelayMs,
    sampleInterval: SAMPLE_INTERVAL_MS,
    retryAfter: RETRY_AFTER_SECONDS,
    pressureHandler: refuse as unknown as PressureHandler,
  };
}
