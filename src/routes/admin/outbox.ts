/**
 * The outbox (role admin) at /verwaltung/postausgang: every message with its state, attempts and
 * the last delivery problem; the text of a message that holds no personal link; failed messages
 * can be queued again. Without SMTP_URL the page says plainly that nothing is sent.
 */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { formatBerlinDateTime } from '../../domain/berlin-time.js';
import { getOutboxRow, listOutbox, OUTBOX_PAGE_SIZE, requeueMail, type OutboxRow } from '../../services/outbox.js';
import { ValidationError } from '../../services/types.js';
import { translate } from '../../i18n.js';
import { renderNotFound } from '../../plugins/errors.js';
import { StatusListQuery, pageBeyondNotice, readChoice, readPage } from '../params.js';
import { ADMIN_ONLY } from './users.js';
import { OUTBOX_STATES, type OutboxState } from '../../domain/vocabulary.js';
import { actorOf } from '../actor.js';

/** `?status=` words of the filter. */
const STATE_WORDS: Record<OutboxState, string> = {
  pending: 'wartend',
  sending: 'in-zustellung',
  sent: 'gesendet',
  failed: 'fehlgeschlagen',
  expired: 'abgelaufen',
};

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const CsrfBody = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });

function when(iso: string | null): { iso: string; local: string } | null {
  return iso ? { iso, local: formatBerlinDateTime(iso) } : null;
}

function rowView(row: Omit<OutboxRow, 'textBody' | 'htmlBody'>) {
  return {
    id: row.id,
    kind: translate(`mail.kinds.${row.kind}`),
    recipient: row.recipient,
    subject: row.subject,
    state: row.state,
    stateLabel: translate(`mail.states.${row.state}`),
    attempts: row.attempts,
    created: when(row.createdAt),
    sent: when(row.sentAt),
    nextAttempt: row.state === 'pending' && row.attempts > 0 ? when(row.nextAttemptAt) : null,
    lastError: row.lastError,
    failed: row.state === 'failed',
  };
}

const outboxRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const guard = fastify.guard(ADMIN_ONLY);
  const postGuard = fastify.guard(ADMIN_ONLY, { csrf: true });

  fastify.get(
    '/verwaltung/postausgang',
    { schema: { querystring: StatusListQuery }, config: { access: ADMIN_ONLY }, preValidation: guard },
    async (request, reply) => {
      const { choice, unknown } = readChoice<OutboxState | 'all'>(request.query.status, { all: '', ...STATE_WORDS }, 'all');
      const state = choice === 'all' ? null : choice;
      const { page: requested, notice: pageNotice } = readPage(request.query.seite);
      let listing = listOutbox(fastify.db, state, requested);
      const pages = Math.max(1, Math.ceil(listing.total / OUTBOX_PAGE_SIZE));
      const page = Math.min(requested, pages);
      if (page !== requested) listing = listOutbox(fastify.db, state, page);
      const pageUrl = (n: number) => {
        const params = new URLSearchParams();
        if (state) params.set('status', STATE_WORDS[state]);
        if (n > 1) params.set('seite', String(n));
        const query = params.toString();
        return `/verwaltung/postausgang${query ? `?${query}` : ''}`;
      };
      return reply.viewAsync('pages/admin-outbox.hbs', {
        title: translate('admin.outbox.title'),
        adminSection: 'outbox',
        csrfToken: reply.csrfToken(),
        smtpConfigured: fastify.config.smtpUrl !== null,
        notices: [
          unknown === null ? null : translate('admin.outbox.unknownState', { value: unknown }),
          pageNotice,
          pageBeyondNotice(requested, page),
          request.query.hinweis === 'erneut' ? translate('admin.outbox.requeued') : null,
        ].filter((notice) => notice !== null),
        filters: [
          { label: translate('admin.outbox.all'), url: '/verwaltung/postausgang', current: state === null, count: Object.values(listing.counts).reduce((a, b) => a + b, 0) },
          ...OUTBOX_STATES.map((s) => ({
            label: translate(`mail.states.${s}`),
            url: `/verwaltung/postausgang?status=${STATE_WORDS[s]}`,
            current: s === state,
            count: listing.counts[s],
          })),
        ],
        rows: listing.rows.map(rowView),
        summary: translate(listing.total === 1 ? 'admin.outbox.countOne' : 'admin.outbox.count', { total: listing.total }),
        previousUrl: page > 1 ? pageUrl(page - 1) : null,
        nextUrl: page < pages ? pageUrl(page + 1) : null,
        pageOf: translate('admin.audit.pageOf', { page, pages }),
        paged: pages > 1,
      });
    },
  );

  /** One message: its envelope and, unless sensitive, its text; with the error of a refused re-send. */
  function renderMessage(reply: FastifyReply, row: OutboxRow, error?: string) {
    return reply.viewAsync('pages/admin-outbox-message.hbs', {
      title: translate('admin.outbox.messageTitle', { id: row.id }),
      adminSection: 'outbox',
      csrfToken: reply.csrfToken(),
      message: rowView(row),
      messageId: row.messageId,
      sensitive: row.sensitive,
      text: row.sensitive ? null : row.textBody,
      error,
    });
  }

  fastify.get(
    '/verwaltung/postausgang/:id',
    { schema: { params: IdParams }, config: { access: ADMIN_ONLY }, preValidation: guard },
    async (request, reply) => {
      const row = getOutboxRow(fastify.db, request.params.id);
      if (!row) return renderNotFound(request, reply);
      return renderMessage(reply, row);
    },
  );

  fastify.post(
    '/verwaltung/postausgang/:id/erneut',
    { schema: { params: IdParams, body: CsrfBody }, config: { access: ADMIN_ONLY }, preValidation: postGuard },
    async (request, reply) => {
      try {
        requeueMail(fastify.db, actorOf(request), request.params.id);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const row = getOutboxRow(fastify.db, request.params.id);
        if (!row) return renderNotFound(request, reply);
        return renderMessage(reply.code(422), row, error.message);
      }
      fastify.mail.wake();
      return reply.redirect('/verwaltung/postausgang?hinweis=erneut', 303);
    },
  );
};

export default outboxRoutes;
