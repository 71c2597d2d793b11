/**
 * Login, logout and password change. Failed logins are throttled per IP (@fastify/rate-limit)
 * and per account (a failure counter in the users service); nothing here logs a password.
 */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import rateLimit from '@fastify/rate-limit';
import { changePassword, checkLogin } from '../../services/users.js';
import { ValidationError } from '../../services/types.js';
import { translate } from '../../i18n.js';

const LoginBody = Type.Object(
  {
    email: Type.String({ maxLength: 320 }),
    password: Type.String({ maxLength: 1024 }),
    weiter: Type.Optional(Type.String({ maxLength: 500 })),
    _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

const PasswordBody = Type.Object(
  {
    current: Type.String({ maxLength: 1024 }),
    next: Type.String({ maxLength: 1024 }),
    repeat: Type.String({ maxLength: 1024 }),
    _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

/** Only local paths: never redirect a login to another site. */
function safeNext(value: string | undefined): string {
  return value && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) ? value : '/';
}

const accountRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  await fastify.register(rateLimit, { global: false });

  fastify.get(
    '/anmelden',
    {
      schema: { querystring: Type.Object({ weiter: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }) },
      config: { access: 'public' },
    },
    async (request, reply) => {
      if (request.user) return reply.redirect(safeNext(request.query.weiter));
      return reply.viewAsync('pages/login.hbs', {
        title: translate('account.loginTitle'),
        csrfToken: reply.csrfToken(),
        weiter: safeNext(request.query.weiter),
      });
    },
  );

  fastify.post(
    '/anmelden',
    {
      schema: { body: LoginBody },
      config: {
        access: 'public',
        rateLimit: { max: 20, timeWindow: '5 minutes' },
      },
      preValidation: fastify.guard('public', { csrf: true }),
    },
    async (request, reply) => {
      const { email, password, weiter } = request.body;
      const result = await checkLogin(fastify.db, email, password, request.ip);
      if (!result.ok) {
        request.log.info({ reason: result.reason }, 'login failed');
        const message =
          result.reason === 'locked' ? translate('account.locked') : translate('account.invalid');
        return reply.code(result.reason === 'locked' ? 429 : 401).viewAsync('pages/login.hbs', {
          // "Fehler:" in the title: screen readers announce it at once after the reload
          title: `${translate('account.errorPrefix')} ${translate('account.loginTitle')}`,
          csrfToken: reply.csrfToken(),
          weiter: safeNext(weiter),
          email,
          error: message,
        });
      }
      fastify.logIn(request, reply, result.user.id);
      return reply.redirect(result.user.mustChangePassword ? '/konto/passwort' : safeNext(weiter), 303);
    },
  );

  fastify.post(
    '/abmelden',
    {
      schema: { body: Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }) },
      config: { access: 'authenticated' },
      preValidation: fastify.guard('authenticated', { csrf: true }),
    },
    async (request, reply) => {
      fastify.logOut(request, reply);
      return reply.redirect('/', 303);
    },
  );

  fastify.get('/konto/passwort', { config: { access: 'authenticated' }, preValidation: fastify.guard('authenticated') }, async (request, reply) => {
    return reply.viewAsync('pages/password.hbs', {
      title: translate('account.passwordTitle'),
      csrfToken: reply.csrfToken(),
      mustChange: request.user!.mustChangePassword,
    });
  });

  fastify.post(
    '/konto/passwort',
    {
      schema: { body: PasswordBody },
      config: { access: 'authenticated', rateLimit: { max: 20, timeWindow: '5 minutes' } },
      preValidation: fastify.guard('authenticated', { csrf: true }),
    },
    async (request, reply) => {
      const user = request.user!;
      const { current, next, repeat } = request.body;
      try {
        if (next !== repeat) throw new ValidationError(translate('account.repeatMismatch'));
        await changePassword(fastify.db, { userId: user.userId, name: user.email, ip: request.ip }, user.userId, current, next);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return reply.code(422).viewAsync('pages/password.hbs', {
          title: translate('account.passwordTitle'),
          csrfToken: reply.csrfToken(),
          mustChange: user.mustChangePassword,
          errors: error.problems,
        });
      }
      return reply.viewAsync('pages/password.hbs', {
        title: translate('account.passwordTitle'),
        csrfToken: reply.csrfToken(),
        done: true,
      });
    },
  );
};

export default accountRoutes;
