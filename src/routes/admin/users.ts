/**
 * User administration (role admin): list, create, deactivate / reactivate, reset password.
 * One-time passwords are shown once in the response to the POST and never stored or logged in
 * clear; the services audit every change in its transaction.
 */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LAENDER, isLandCode, landName } from '../../domain/laender.js';
import { formatBerlinDateTime } from '../../domain/berlin-time.js';
import {
  createUser,
  DuplicateEmailError,
  getUser,
  listUsers,
  newUserProblems,
  resetPassword,
  setUserActive,
  setUserConferences,
  type ListedUser,
  type NewUserProblems,
  type PublicUser,
} from '../../services/users.js';
import { listAllConferences } from '../../services/conferences.js';
import { inviteUser } from '../../services/account-links.js';
import { NotFoundError, ValidationError } from '../../services/types.js';
import { translate } from '../../i18n.js';
import { errorSummary } from '../error-summary.js';
import { USER_ROLES, type UserRole } from '../../domain/vocabulary.js';
import { actorOf } from '../actor.js';

export const ADMIN_ONLY = ['admin'] as const satisfies readonly UserRole[];

const Csrf = Type.Optional(Type.String({ maxLength: 200 }));

/** Everything optional and generous: what is wrong is told beside the field (422), not as a bare 400. */
const NewUserBody = Type.Object(
  {
    email: Type.Optional(Type.String({ maxLength: 1000 })),
    name: Type.Optional(Type.String({ maxLength: 1000 })),
    role: Type.Optional(Type.String({ maxLength: 100 })),
    land: Type.Optional(Type.String({ maxLength: 100 })),
    konferenz: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Array(Type.String({ maxLength: 20 }), { maxItems: 500 })])),
    /** "einladung": invite by e-mail; anything else (or nothing): show a one-time password. */
    zugang: Type.Optional(Type.String({ maxLength: 20 })),
    _csrf: Csrf,
  },
  { additionalProperties: false },
);

const ConferencesBody = Type.Object(
  {
    konferenz: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Array(Type.String({ maxLength: 20 }), { maxItems: 500 })])),
    _csrf: Csrf,
  },
  { additionalProperties: false },
);

const UserParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

const StatusBody = Type.Object(
  {
    benutzer: Type.Optional(Type.String({ maxLength: 100 })),
    aktiv: Type.Optional(Type.String({ maxLength: 10 })),
    _csrf: Csrf,
  },
  { additionalProperties: false },
);

const ResetBody = Type.Object(
  {
    benutzer: Type.Optional(Type.String({ maxLength: 100 })),
    _csrf: Csrf,
  },
  { additionalProperties: false },
);

const ListQuery = Type.Object(
  {
    hinweis: Type.Optional(Type.String({ maxLength: 20 })),
    konto: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false },
);

const NOTICES: Readonly<Record<string, string>> = {
  deaktiviert: 'admin.users.deactivated',
  reaktiviert: 'admin.users.activated',
  konferenzen: 'admin.users.conferencesChanged',
  eingeladen: 'admin.users.invited',
};

/** Conference ids from checkboxes; values that are not ids are dropped (the service checks the rest). */
function conferenceIdsOf(value: string | string[] | undefined): number[] {
  return [value ?? []].flat().flatMap((v) => (/^[1-9][0-9]{0,9}$/.test(v) ? [Number(v)] : []));
}


/** A user id from a form: digits only; anything else is a tampered form. */
function parseUserId(value: string | undefined): number | null {
  return value !== undefined && /^[1-9][0-9]{0,9}$/.test(value) ? Number(value) : null;
}

function roleLabel(role: string): string {
  return (USER_ROLES as readonly string[]).includes(role) ? translate(`admin.roles.${role}`) : role;
}

function userRow(user: ListedUser, selfId: number, now: string, conferenceNames: Map<number, string>) {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: roleLabel(user.role),
    // the Land by its name ("Bayern", not "BY"): the column has room for it
    land: user.land === null ? null : isLandCode(user.land) ? landName(user.land) : user.land,
    active: user.active,
    mustChangePassword: user.mustChangePassword,
    isSecretariat: user.role === 'secretariat',
    conferences: user.conferenceIds.map((id) => conferenceNames.get(id) ?? String(id)).join(', '),
    conferencesUrl: `/verwaltung/benutzer/${user.id}/konferenzen`,
    locked: Boolean(user.lockedUntil && user.lockedUntil > now),
    lastLogin: user.lastLoginAt ? formatBerlinDateTime(user.lastLoginAt) : null,
    lastLoginIso: user.lastLoginAt,
    isSelf: user.id === selfId,
  };
}

const usersRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const guard = fastify.guard(ADMIN_ONLY);
  const postGuard = fastify.guard(ADMIN_ONLY, { csrf: true });

  function renderList(request: FastifyRequest, reply: FastifyReply, extra: { notice?: string | null; actionError?: string | null } = {}) {
    const now = new Date().toISOString();
    const names = new Map(listAllConferences(fastify.db).map((c) => [c.id, c.shortName]));
    const rows = listUsers(fastify.db).map((u) => userRow(u, request.user!.userId, now, names));
    return reply.viewAsync('pages/admin-users.hbs', {
      title: translate('admin.users.title'),
      adminSection: 'users',
      csrfToken: reply.csrfToken(),
      users: rows,
      count: rows.length === 1 ? translate('admin.users.countOne') : translate('admin.users.count', { count: rows.length }),
      notice: extra.notice ?? null,
      actionError: extra.actionError ?? null,
    });
  }

  interface FormValues {
    email: string;
    name: string;
    role: string;
    land: string;
    conferenceIds: number[];
    invite: boolean;
  }

  function conferenceChoices(chosen: readonly number[]) {
    return listAllConferences(fastify.db).map((c) => ({ ...c, checked: chosen.includes(c.id) }));
  }

  function renderForm(reply: FastifyReply, values: FormValues, errors: NewUserProblems = {}) {
    const fields = (['email', 'name', 'role', 'land', 'conferences'] as const).filter((field) => errors[field]?.length);
    return reply.viewAsync('pages/admin-users-new.hbs', {
      title: translate('admin.userNew.title'),
      adminSection: 'users',
      csrfToken: reply.csrfToken(),
      values,
      invite: values.invite,
      smtpConfigured: fastify.config.smtpUrl !== null,
      errors,
      errorList: errorSummary(Object.fromEntries(fields.map((field) => [field, errors[field]!.join(' ')]))),
      roles: USER_ROLES.map((role) => ({ value: role, label: translate(`admin.roles.${role}`), selected: role === values.role })),
      laender: LAENDER.map((land) => ({ code: land.code, name: land.name, selected: land.code === values.land })),
      conferences: conferenceChoices(values.conferenceIds),
    });
  }

  function renderOneTime(reply: FastifyReply, kind: 'created' | 'reset', user: PublicUser, password: string) {
    const titleKey = kind === 'created' ? 'admin.oneTime.createdTitle' : 'admin.oneTime.resetTitle';
    return reply.code(kind === 'created' ? 201 : 200).viewAsync('pages/admin-users-password.hbs', {
      title: translate(titleKey),
      adminSection: 'users',
      heading: translate(titleKey),
      message: translate(kind === 'created' ? 'admin.oneTime.created' : 'admin.oneTime.reset', { name: user.name, email: user.email }),
      password,
    });
  }

  fastify.get(
    '/verwaltung/benutzer',
    { schema: { querystring: ListQuery }, config: { access: ADMIN_ONLY }, preValidation: guard },
    async (request, reply) => {
      const { hinweis, konto } = request.query;
      const noticeKey = hinweis ? NOTICES[hinweis] : undefined;
      const userId = parseUserId(konto);
      const user = noticeKey && userId !== null ? getUser(fastify.db, userId) : null;
      return renderList(request, reply, { notice: noticeKey && user ? translate(noticeKey, { name: user.name }) : null });
    },
  );

  fastify.get('/verwaltung/benutzer/neu', { config: { access: ADMIN_ONLY }, preValidation: guard }, async (_request, reply) => {
    // An invitation by e-mail where mail can be sent; a one-time password otherwise.
    return renderForm(reply, { email: '', name: '', role: '', land: '', conferenceIds: [], invite: fastify.config.smtpUrl !== null });
  });

  fastify.post(
    '/verwaltung/benutzer/neu',
    { schema: { body: NewUserBody }, config: { access: ADMIN_ONLY }, preValidation: postGuard },
    async (request, reply) => {
      const values: FormValues = {
        email: request.body.email ?? '',
        name: request.body.name ?? '',
        role: request.body.role ?? '',
        land: request.body.land ?? '',
        conferenceIds: conferenceIdsOf(request.body.konferenz),
        invite: request.body.zugang === 'einladung',
      };
      const input = { email: values.email, name: values.name, role: values.role as UserRole, land: values.land || null, conferenceIds: values.conferenceIds };
      const problems = newUserProblems(input);
      if (Object.keys(problems).length > 0) return renderForm(reply.code(422), values, problems);
      try {
        if (values.invite) {
          const { user } = await inviteUser(fastify.db, actorOf(request), input, fastify.mail.context);
          fastify.mail.wake();
          return reply.redirect(`/verwaltung/benutzer?hinweis=eingeladen&konto=${user.id}`, 303);
        }
        const { user, password } = await createUser(fastify.db, actorOf(request), input);
        return renderOneTime(reply, 'created', user, password);
      } catch (error) {
        if (error instanceof DuplicateEmailError) return renderForm(reply.code(422), values, { email: [error.message] });
        if (error instanceof ValidationError) return renderForm(reply.code(422), values, { conferences: [...error.problems] });
        throw error;
      }
    },
  );

  function renderConferences(reply: FastifyReply, user: PublicUser, chosen: readonly number[], errors: string[] = []) {
    return reply.viewAsync('pages/admin-user-conferences.hbs', {
      title: translate('admin.userConferences.title', { name: user.name }),
      adminSection: 'users',
      csrfToken: reply.csrfToken(),
      user,
      action: `/verwaltung/benutzer/${user.id}/konferenzen`,
      conferences: conferenceChoices(chosen),
      errors,
      errorList: errors.map((message) => ({ href: '#conferences', message })),
    });
  }

  /** A secretariat's account, or 404 (other roles have no conferences). */
  function secretariatAccount(id: number): PublicUser {
    const user = getUser(fastify.db, id);
    if (!user || user.role !== 'secretariat') throw new NotFoundError();
    return user;
  }

  fastify.get(
    '/verwaltung/benutzer/:id/konferenzen',
    { schema: { params: UserParams }, config: { access: ADMIN_ONLY }, preValidation: guard },
    async (request, reply) => {
      const user = secretariatAccount(request.params.id);
      return renderConferences(reply, user, user.conferenceIds);
    },
  );

  fastify.post(
    '/verwaltung/benutzer/:id/konferenzen',
    { schema: { params: UserParams, body: ConferencesBody }, config: { access: ADMIN_ONLY }, preValidation: postGuard },
    async (request, reply) => {
      const user = secretariatAccount(request.params.id);
      const chosen = conferenceIdsOf(request.body.konferenz);
      try {
        setUserConferences(fastify.db, actorOf(request), user.id, chosen);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return renderConferences(reply.code(422), user, chosen, [...error.problems]);
      }
      return reply.redirect(`/verwaltung/benutzer?hinweis=konferenzen&konto=${user.id}`, 303);
    },
  );

  fastify.post(
    '/verwaltung/benutzer/status',
    { schema: { body: StatusBody }, config: { access: ADMIN_ONLY }, preValidation: postGuard },
    async (request, reply) => {
      const userId = parseUserId(request.body.benutzer);
      const aktiv = request.body.aktiv;
      if (userId === null || (aktiv !== 'ja' && aktiv !== 'nein') || !getUser(fastify.db, userId)) {
        return renderList(request, reply.code(422), { actionError: translate('admin.users.unknownUser') });
      }
      try {
        setUserActive(fastify.db, actorOf(request), userId, aktiv === 'ja');
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return renderList(request, reply.code(422), { actionError: error.message });
      }
      return reply.redirect(`/verwaltung/benutzer?hinweis=${aktiv === 'ja' ? 'reaktiviert' : 'deaktiviert'}&konto=${userId}`, 303);
    },
  );

  fastify.post(
    '/verwaltung/benutzer/passwort',
    { schema: { body: ResetBody }, config: { access: ADMIN_ONLY }, preValidation: postGuard },
    async (request, reply) => {
      const userId = parseUserId(request.body.benutzer);
      if (userId === null || !getUser(fastify.db, userId)) {
        return renderList(request, reply.code(422), { actionError: translate('admin.users.unknownUser') });
      }
      try {
        const { user, password } = await resetPassword(fastify.db, actorOf(request), userId);
        return renderOneTime(reply, 'reset', user, password);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return renderList(request, reply.code(422), { actionError: error.message });
      }
    },
  );
};

export default usersRoutes;
