/**
 * Unsubscribing without logging in: /abbestellen/<token> (the signed link in every message of a
 * kind that can be switched off). Opening the link only asks — mail scanners open links — and the
 * button switches that kind off for that user. Mail programs that offer "Abbestellen" themselves
 * post to the same address (RFC 8058 one-click, `List-Unsubscribe=One-Click`). The signed token is
 * the proof, so no session or CSRF token is needed; a forged or garbled one changes nothing.
 */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { readUnsubscribeToken, unsubscribe, type UnsubscribeTarget } from '../../services/mail-preferences.js';
import { translate } from '../../i18n.js';

const TokenParams = Type.Object({ token: Type.String({ maxLength: 100 }) }, { additionalProperties: false });
const UnsubscribeBody = Type.Optional(
  Type.Object(
    { 'List-Unsubscribe': Type.Optional(Type.String({ maxLength: 20 })), _csrf: Type.Optional(Type.String({ maxLength: 200 })) },
    { additionalProperties: false },
  ),
);

const unsubscribeRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  function renderInvalid(reply: FastifyReply) {
    return reply.code(404).viewAsync('pages/unsubscribe.hbs', {
      title: translate('mailPreferences.invalidLinkTitle'),
      heading: translate('mailPreferences.invalidLinkTitle'),
      invalid: true,
    });
  }

  function kindOf(target: UnsubscribeTarget): string {
    return translate(`mailPreferences.kinds.${target.kind}`);
  }

  fastify.get('/abbestellen/:token', { schema: { params: TokenParams }, config: { access: 'public' } }, async (request, reply) => {
    const target = readUnsubscribeToken(fastify.db, request.params.token);
    if (!target) return renderInvalid(reply);
    return reply.header('cache-control', 'private, no-store').viewAsync('pages/unsubscribe.hbs', {
      title: translate('mailPreferences.unsubscribeTitle'),
      heading: translate('mailPreferences.unsubscribeTitle'),
      email: target.email,
      kind: kindOf(target),
      action: `/abbestellen/${request.params.token}`,
    });
  });

  fastify.post(
    '/abbestellen/:token',
    {
      schema: { params: TokenParams, body: UnsubscribeBody },
      config: { access: 'public', rateLimit: { max: 30, timeWindow: '5 minutes' } },
    },
    async (request, reply) => {
      const target = readUnsubscribeToken(fastify.db, request.params.token);
      if (!target) return renderInvalid(reply);
      unsubscribe(fastify.db, target, request.ip);
      return reply.header('cache-control', 'private, no-store').viewAsync('pages/unsubscribe.hbs', {
        title: translate('mailPreferences.unsubscribedTitle'),
        heading: translate('mailPreferences.unsubscribedTitle'),
        done: true,
        email: target.email,
        kind: kindOf(target),
      });
    },
  );
};

export default unsubscribeRoutes;
