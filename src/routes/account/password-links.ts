/**
 * "Passwort vergessen?" and the page behind a one-time link (reset or invitation). The request
 * form answers the same for every address (the services only record it); both forms are
 * throttled per IP address. The link's token is in the path: request logs mask it (app.ts).
 */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { findPasswordLink, PasswordLinkError, requestPasswordReset, setPasswordWithLink, RESET_LINK_MINUTES, type PasswordLink } from '../../services/account-links.js';
import { ValidationError } from '../../services/types.js';
import { MAX_EMAIL_LENGTH } from '../../services/users.js';
import { translate } from '../../i18n.js';
import { passwordErrorSummary, passwordFieldErrors } from '../error-summary.js';

const Csrf = Type.Optional(Type.String({ maxLength: 200 }));
const ForgottenBody = Type.Object({ email: Type.Optional(Type.String({ maxLength: 1000 })), _csrf: Csrf }, { additionalProperties: false });
const SetBody = Type.Object(
  { next: Type.Optional(Type.String({ maxLength: 1024 })), repeat: Type.Optional(Type.String({ maxLength: 1024 })), _csrf: Csrf },
  { additionalProperties: false },
);
const TokenParams = Type.Object({ token: Type.String({ maxLength: 100 }) });

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const passwordLinkRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  function renderForgotten(reply: FastifyReply, values: { email?: string; error?: string; sent?: boolean } = {}) {
    const title = translate('passwordLink.forgottenTitle');
    return reply.viewAsync('pages/password-forgotten.hbs', {
      title: values.error ? `${translate('account.errorPrefix')} ${title}` : title,
      csrfToken: reply.csrfToken(),
      minutes: RESET_LINK_MINUTES,
      ...values,
    });
  }

  fastify.get('/passwort-vergessen', { config: { access: 'public' } }, async (_request, reply) => renderForgotten(reply));

  fastify.post(
    '/passwort-vergessen',
    {
      schema: { body: ForgottenBody },
      config: { access: 'public', rateLimit: { max: 5, timeWindow: '15 minutes' } },
      preValidation: fastify.guard('public', { csrf: true }),
    },
    async (request, reply) => {
      const email = (request.body.email ?? '').trim();
      if (!EMAIL.test(email) || email.length > MAX_EMAIL_LENGTH) {
        return renderForgotten(reply.code(422), { email, error: translate('passwordLink.invalidEmail') });
      }
      // The same single insert for every address; the mail jobs resolve it (and say nothing here).
      requestPasswordReset(fastify.db, email, request.ip);
      fastify.mail.wake();
      return renderForgotten(reply, { email, sent: true });
    },
  );

  function renderSet(reply: FastifyReply, token: string, link: PasswordLink, errors: readonly string[] = []) {
    const title = translate(link.purpose === 'invitation' ? 'passwordLink.invitationTitle' : 'passwordLink.resetTitle');
    return reply.viewAsync('pages/password-set.hbs', {
      title: errors.length > 0 ? `${translate('account.errorPrefix')} ${title}` : title,
      heading: title,
      intro: translate(link.purpose === 'invitation' ? 'passwordLink.invitationIntro' : 'passwordLink.resetIntro', { name: link.name, email: link.email }),
      csrfToken: reply.csrfToken(),
      action: `/passwort-setzen/${token}`,
      email: link.email,
      errors,
      errorList: passwordErrorSummary(errors),
      fieldErrors: passwordFieldErrors(errors),
    });
  }

  function renderInvalid(reply: FastifyReply) {
    return reply.code(404).viewAsync('pages/password-set.hbs', {
      title: translate('passwordLink.invalidTitle'),
      heading: translate('passwordLink.invalidTitle'),
      invalid: true,
    });
  }

  fastify.get('/passwort-setzen/:token', { schema: { params: TokenParams }, config: { access: 'public' } }, async (request, reply) => {
    const link = findPasswordLink(fastify.db, request.params.token);
    if (!link) return renderInvalid(reply);
    return renderSet(reply, request.params.token, link);
  });

  fastify.post(
    '/passwort-setzen/:token',
    {
      schema: { params: TokenParams, body: SetBody },
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '5 minutes' } },
      preValidation: fastify.guard('public', { csrf: true }),
    },
    async (request, reply) => {
      const { token } = request.params;
      const link = findPasswordLink(fastify.db, token);
      if (!link) return renderInvalid(reply);
      const next = request.body.next ?? '';
      try {
        if (next !== (request.body.repeat ?? '')) throw new ValidationError(translate('account.repeatMismatch'));
        await setPasswordWithLink(fastify.db, token, next, request.ip);
      } catch (error) {
        if (error instanceof PasswordLinkError) return renderInvalid(reply);
        if (!(error instanceof ValidationError)) throw error;
        return renderSet(reply.code(422), token, link, error.problems);
      }
      // A session of this browser for the account ended with the others: its cookie goes too.
      if (request.user?.userId === link.userId) fastify.logOut(request, reply);
      // a new account had no sessions to end: it is told that it is ready, not that sessions ended
      const invitation = link.purpose === 'invitation';
      return reply.viewAsync('pages/password-set.hbs', {
        title: translate(invitation ? 'passwordLink.doneInvitationTitle' : 'passwordLink.doneTitle'),
        heading: translate(invitation ? 'passwordLink.doneInvitationTitle' : 'passwordLink.doneTitle'),
        done: translate(invitation ? 'passwordLink.doneInvitation' : 'passwordLink.done', { email: link.email }),
        email: link.email,
      });
    },
  );
};

export default passwordLinkRoutes;
