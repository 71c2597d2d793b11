/**
 * Login, logout and password change. Failed logins are throttled per account and per address,
 * counted in the database (services/login-throttle.ts), with the same answers for known and
 * unknown addresses; nothing here logs a password. The session id is new after every login and
 * every password change; a password change ends the account's other sessions.
 */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { changePassword, checkLogin, LOCK_MINUTES } from '../../services/users.js';
import { ValidationError } from '../../services/types.js';
import { translate } from '../../i18n.js';
import { passwordErrorSummary, passwordFieldErrors } from '../error-summary.js';
import passwordLinkRoutes from './password-links.js';
import unsubscribeRoutes from './unsubscribe.js';
import { actorOf } from '../actor.js';
import { startPageOf } from '../start-page.js';
import { safeReturnPath } from '../params.js';
import type { UserRole } from '../../domain/vocabulary.js';
import { passwordChangeAddress } from '../../domain/login-address.js';

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
    weiter: Type.Optional(Type.String({ maxLength: 500 })),
    _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

/** Only local paths: never redirect a login to another site. */
function safeNext(value: string | undefined): string {
  return safeReturnPath(value, '/');
}

/**
 * The return address the login form carries, and the page it names (without its fragment) so that
 * whoever came from a link sees that the login leads on to it.
 */
function returnTo(value: string | undefined): { weiter: string; returnsTo: string | null } {
  const weiter = safeNext(value);
  return { weiter, returnsTo: weiter === '/' ? null : decodedPath(weiter.split('#')[0]!) };
}

/** A path as people read it: percent-encoded letters ("%C3%BC") decoded where they decode. */
function decodedPath(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

/**
 * After a login: the return address the login was reached with (same-site paths only), else the
 * role's own start page. The login form sends "/" when it was opened without one.
 */
function afterLogin(value: string | undefined, role: UserRole): string {
  const next = safeNext(value);
  return next === '/' ? startPageOf(role) : next;
}

const accountRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  await fastify.register(passwordLinkRoutes);
  await fastify.register(unsubscribeRoutes);

  fastify.get(
    '/anmelden',
    {
      schema: { querystring: Type.Object({ weiter: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }) },
      config: { access: 'public' },
    },
    async (request, reply) => {
      if (request.user) {
        // logged in with a one-time password still to replace: through the password change, the way kept
        if (request.user.mustChangePassword) return reply.redirect(passwordChangeAddress(safeNext(request.query.weiter)));
        return reply.redirect(afterLogin(request.query.weiter, request.user.role));
      }
      return reply.viewAsync('pages/login.hbs', {
        title: translate('account.loginTitle'),
        csrfToken: reply.csrfToken(),
        ...returnTo(request.query.weiter),
      });
    },
  );

  fastify.post(
    '/anmelden',
    {
      schema: { body: LoginBody },
      config: { access: 'public' },
      preValidation: fastify.guard('public', { csrf: true }),
    },
    async (request, reply) => {
      const { email, password, weiter } = request.body;
      const result = await checkLogin(fastify.db, email, password, request.ip);
      if (!result.ok) {
        request.log.info({ reason: result.reason }, 'login failed');
        const message = translate(`account.${result.reason}`);
        const status = result.reason === 'locked' ? 429 : result.reason === 'noScope' ? 403 : 401;
        if (status === 429) reply.header('retry-after', String(LOCK_MINUTES * 60));
        return reply.code(status).viewAsync('pages/login.hbs', {
          // "Fehler:" in the title: screen readers announce it at once after the reload
          title: `${translate('account.errorPrefix')} ${translate('account.loginTitle')}`,
          csrfToken: reply.csrfToken(),
          ...returnTo(weiter),
          email,
          error: message,
        });
      }
      fastify.logIn(request, reply, result.user.id);
      // a one-time password is replaced first; the return address goes along (a reminder's link)
      return reply.redirect(result.user.mustChangePassword ? passwordChangeAddress(safeNext(weiter)) : afterLogin(weiter, result.user.role), 303);
    },
  );

  // Logging out is never refused. Public: a browser whose session has already ended (a password
  // change elsewhere, a deactivation, the idle time) has nothing to end and is sent on as logged
  // out. A session ends only with a valid CSRF token; a form whose token does not pass (from a page
  // opened before a password change or a new login rotated the session, or from another site) gets
  // a page that asks once more, with a fresh token, instead of "Formular abgelaufen" (403).
  fastify.post(
    '/abmelden',
    {
      schema: { body: Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }) },
      config: { access: 'public' },
    },
    async (request, reply) => {
      if (request.user && !fastify.csrfValid(request)) {
        return reply.viewAsync('pages/logout.hbs', { title: translate('account.logoutConfirmTitle'), csrfToken: reply.csrfToken() });
      }
      fastify.logOut(request, reply);
      return reply.redirect('/', 303);
    },
  );

  fastify.get(
    '/konto/passwort',
    {
      schema: {
        querystring: Type.Object(
          { geaendert: Type.Optional(Type.String({ maxLength: 20 })), weiter: Type.Optional(Type.String({ maxLength: 500 })) },
          { additionalProperties: false },
        ),
      },
      config: { access: 'authenticated', duringPasswordChange: true },
      preValidation: fastify.guard('authenticated'),
    },
    async (request, reply) => {
      const done = request.query.geaendert !== undefined && !request.user!.mustChangePassword;
      return reply.viewAsync('pages/password.hbs', {
        title: translate('account.passwordTitle'),
        csrfToken: reply.csrfToken(),
        done,
        ...returnTo(request.query.weiter),
      });
    },
  );

  fastify.post(
    '/konto/passwort',
    {
      schema: { body: PasswordBody },
      config: { access: 'authenticated', duringPasswordChange: true, rateLimit: { max: 20, timeWindow: '5 minutes' } },
      preValidation: fastify.guard('authenticated', { csrf: true }),
    },
    async (request, reply) => {
      const user = request.user!;
      const { current, next, repeat, weiter } = request.body;
      try {
        if (next !== repeat) throw new ValidationError(translate('account.repeatMismatch'));
        await changePassword(fastify.db, actorOf(request), user.userId, current, next);
        // every session of the account has ended; this browser continues in a new one (new id)
        fastify.logIn(request, reply, user.userId);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return reply.code(422).viewAsync('pages/password.hbs', {
          title: translate('account.passwordTitle'),
          csrfToken: reply.csrfToken(),
          errors: error.problems,
          errorList: passwordErrorSummary(error.problems),
          fieldErrors: passwordFieldErrors(error.problems),
          ...returnTo(weiter),
        });
      }
      // on to the page the login was reached for (a reminder's link), as after a login without a
      // one-time password; else the page that says the password was changed
      const onward = safeNext(weiter);
      return reply.redirect(onward === '/' ? '/konto/passwort?geaendert' : onward, 303);
    },
  );
};

export default accountRoutes;
