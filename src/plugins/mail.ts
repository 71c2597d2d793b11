/**
 * Mail in the server process: the worker that delivers the outbox (when SMTP_URL is set), on a
 * timer that checks for due messages every few seconds and at once when a route `wake`s it.
 * Closing the app waits for a delivery in progress.
 */
import fp from 'fastify-plugin';
import { MailWorker } from '../services/mail-worker.js';
import { hasDueMail } from '../services/outbox.js';

declare module 'fastify' {
  interface FastifyInstance {
    mail: {
      /** The delivery worker; null without SMTP_URL (messages wait in the outbox). */
      worker: MailWorker | null;
      /** Deliver what is due now rather than at the next check. */
      wake(): void;
    };
  }
}

/** How often the worker looks for due messages (a cheap indexed query). */
const POLL_MS = 2_000;

export default fp(
  async function mailPlugin(fastify) {
    const { config } = fastify;
    const worker = config.smtpUrl
      ? new MailWorker({ db: fastify.db, smtpUrl: config.smtpUrl, from: config.mailFrom, log: fastify.log })
      : null;
    let timer: NodeJS.Timeout | null = null;
    let closing = false;

    async function tick(): Promise<void> {
      timer = null;
      if (closing || !worker) return;
      try {
        if (hasDueMail(fastify.db, new Date())) await worker.deliverDue();
      } catch (error) {
        fastify.log.error({ err: error }, 'mail worker run failed');
      }
      schedule(POLL_MS);
    }

    function schedule(ms: number): void {
      if (closing || !worker || !config.backgroundJobs) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void tick(), ms);
      timer.unref();
    }

    fastify.decorate('mail', {
      worker,
      wake: () => schedule(0),
    });

    fastify.addHook('onReady', async () => {
      if (worker && config.backgroundJobs) fastify.log.info('mail worker started');
      else if (config.backgroundJobs) fastify.log.warn('SMTP_URL is not set: messages stay in the outbox (/verwaltung/postausgang)');
      schedule(0);
    });

    fastify.addHook('onClose', async () => {
      closing = true;
      if (timer) clearTimeout(timer);
      await worker?.close();
    });
  },
  { name: 'mail', dependencies: ['db', 'config'] },
);
