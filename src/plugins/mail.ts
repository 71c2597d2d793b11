/**
 * Mail in the server process. Every few seconds (and at once when a route `wake`s it) the jobs
 * run: "Passwort vergessen?" requests are resolved, the scheduled work (see runScheduled) runs when
 * it is due, and — when SMTP_URL is set — the worker delivers the outbox. Closing the app waits
 * for a delivery in progress. Tests drive the same jobs with `runJobs` and a clock of their own.
 */
import fp from 'fastify-plugin';
import { deleteExpiredPasswordLinks, processPasswordResetRequests } from '../services/account-links.js';
import { runDigests, type DigestReport } from '../services/digests.js';
import { MailWorker, type DeliveryReport } from '../services/mail-worker.js';
import { mailContextOf, type MailContext } from '../services/outbox.js';
import { runRemindersInSlices, type ReminderReport } from '../services/reminders.js';

declare module 'fastify' {
  interface FastifyInstance {
    mail: {
      /** The delivery worker; null without SMTP_URL (messages wait in the outbox). */
      worker: MailWorker | null;
      /** What composing a message needs (public address, Message-ID domain). */
      context: MailContext;
      /** Run the jobs now rather than at the next check. */
      wake(): void;
      /** Runs the jobs once (the timer does this every few seconds); for tests and tools. */
      runJobs(): Promise<JobReport>;
    };
  }
}

export interface JobReport {
  resetRequests: { mailed: number; ignored: number };
  /** The scheduled work, when it ran in this round: reminders of reporting requests and digests. */
  scheduled: { reminders: ReminderReport; digests: DigestReport } | null;
  delivery: DeliveryReport | null;
}

/** How often the jobs look for work (cheap indexed queries on almost always empty sets). */
const POLL_MS = 2_000;
/** How often the scheduled work runs. */
const SCHEDULE_MS = 5 * 60_000;
/**
 * The server's first round of scheduled work waits this long after the start, so that it does not
 * compete with the first requests. Nothing is lost: a reminder goes out in the next round that
 * runs, and reminders_sent keeps each from going out twice.
 */
const FIRST_SCHEDULE_DELAY_MS = 15_000;

export interface MailPluginOptions {
  /** The time as the jobs see it (tests advance their own). */
  clock?: () => Date;
}

export default fp(
  async function mailPlugin(fastify, opts: MailPluginOptions) {
    const { config } = fastify;
    const clock = opts.clock ?? (() => new Date());
    const context = mailContextOf(config);
    const worker = config.smtpUrl
      ? new MailWorker({ db: fastify.db, smtpUrl: config.smtpUrl, from: config.mailFrom, log: fastify.log, clock })
      : null;
    let timer: NodeJS.Timeout | null = null;
    let closing = false;
    /** The round in progress (its reminders take several turns of the event loop): closing waits for it. */
    let round: Promise<void> | null = null;
    /** When the scheduled work runs next; null: at the next check. */
    let nextScheduled: number | null = null;

    /**
     * Work that runs every few minutes, not on every check. The reminders a step at a time, with
     * the event loop free in between (services/reminders.ts), so that requests are answered meanwhile.
     */
    async function runScheduled(now: Date): Promise<NonNullable<JobReport['scheduled']>> {
      deleteExpiredPasswordLinks(fastify.db, now);
      const reminders = await runRemindersInSlices(fastify.db, context, now, config.reminderDaysBefore);
      const digests = runDigests(fastify.db, context, now);
      return { reminders, digests };
    }

    async function runJobs(): Promise<JobReport> {
      const now = clock();
      const resetRequests = processPasswordResetRequests(fastify.db, context, now);
      let scheduled: JobReport['scheduled'] = null;
      if (nextScheduled === null || now.getTime() >= nextScheduled) {
        nextScheduled = now.getTime() + SCHEDULE_MS;
        scheduled = await runScheduled(now);
      }
      const delivery = worker && !closing ? await worker.deliverDue() : null;
      return { resetRequests, scheduled, delivery };
    }

    async function tick(): Promise<void> {
      timer = null;
      if (closing) return;
      round = runJobs().then(
        () => undefined,
        (error: unknown) => fastify.log.error({ err: error }, 'mail jobs failed'),
      );
      await round;
      round = null;
      schedule(POLL_MS);
    }

    function schedule(ms: number): void {
      if (closing || !config.backgroundJobs) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void tick(), ms);
      timer.unref();
    }

    fastify.decorate('mail', { worker, context, wake: () => schedule(0), runJobs });

    fastify.addHook('onReady', async () => {
      if (!config.backgroundJobs) return;
      nextScheduled = clock().getTime() + FIRST_SCHEDULE_DELAY_MS;
      if (worker) fastify.log.info('mail worker started');
      else fastify.log.warn('SMTP_URL is not set: messages stay in the outbox (/verwaltung/postausgang)');
      schedule(0);
    });

    fastify.addHook('onClose', async () => {
      closing = true;
      if (timer) clearTimeout(timer);
      await round;
      await worker?.close();
    });
  },
  { name: 'mail', dependencies: ['db', 'config'] },
);
