/**
 * The comparison of repeated demands in the background (services/repeats.ts: the rebuild in
 * steps): one step per turn of the event loop, so that requests are answered in between; stopped
 * before the database closes, and resumed by the next start from the progress it stored.
 */
import type { FastifyInstance } from 'fastify';
import { proposalCount, stepRepeatsRebuild } from '../services/repeats.js';

/** A step takes about this long (ms), then requests get their turn. */
export const REPEAT_SLICE_MS = 20;

/** Registers the stop on close; `start` begins the steps (in onReady, once a rebuild is pending). */
export function repeatRebuildJob(fastify: FastifyInstance, sliceMs = REPEAT_SLICE_MS): { start(): void } {
  let timer: NodeJS.Immediate | null = null;
  let closing = false;
  let started = 0;
  const slice = (): void => {
    timer = null;
    if (closing) return;
    try {
      if (stepRepeatsRebuild(fastify.db, sliceMs)) {
        timer = setImmediate(slice);
        return;
      }
      fastify.log.info({ proposals: proposalCount(fastify.db), seconds: Math.round((performance.now() - started) / 1000) }, 'repeated demands compared');
    } catch (error) {
      fastify.log.error({ err: error }, 'comparing repeated demands failed; it goes on at the next start');
    }
  };
  fastify.addHook('preClose', async () => {
    closing = true;
    if (timer) clearImmediate(timer);
  });
  return {
    start(): void {
      fastify.log.info('repeated demands: comparing the whole archive in the background');
      started = performance.now();
      timer = setImmediate(slice);
    },
  };
}
