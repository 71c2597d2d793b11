/**
 * Watch lists: watch/unwatch a resolution, the personal page of changes since the last visit,
 * and the personal Atom feed behind a secret, revocable token.
 */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { atom, feedDate, watchEntryId } from '../../services/feeds.js';
import {
  actorText,
  createFeedToken,
  feedWindowStart,
  hasFeedToken,
  latestFollowUpId,
  markWatchListSeen,
  revokeFeedTokens,
  setWatch,
  tellEachChangeOnce,
  viewerOfFeedToken,
  watchList,
  watchListMark,
  type WatchChange,
  type WatchedStatus,
} from '../../services/watches.js';
import { mailPreferencesOf, setMailPreferences, type MailPreferences } from '../../services/mail-preferences.js';
import { translate } from '../../i18n.js';
import { formatDateShort } from '../../domain/dates.js';
import { DIGEST_FREQUENCIES, isOneOf } from '../../domain/vocabulary.js';
import { renderNotFound } from '../../plugins/errors.js';
import { safeReturnPath } from '../params.js';
import { column } from '../../services/export.js';
import { exportLinks, refuseDownload, sendTable, TABLE_FORMATS } from '../table-export.js';
import { actorOf } from '../actor.js';
import { isLandCode, landName } from '../../domain/laender.js';
import { linkThroughLogin } from '../../domain/login-address.js';
import { publicSees } from '../../services/visibility.js';

const WatchBody = Type.Object(
  {
    _csrf: Type.Optional(Type.String({ maxLength: 200 })),
    resolution: Type.String({ pattern: '^[0-9]{1,10}$' }),
    demand: Type.Optional(Type.String({ pattern: '^[0-9]{1,10}$' })),
    action: Type.Union([Type.Literal('watch'), Type.Literal('unwatch')]),
    back: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
/** `?gespeichert`: the mail settings were just saved (Post/Redirect/Get). */
const ListQuery = Type.Object({ gespeichert: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: false });
const CsrfBody = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
/**
 * A download from the page: `seit` and `bis` are the follow-up ids the page was read from and up
 * to, so that the file holds the news the page showed, although showing it marked them seen.
 * Checked by the route, so that a wrong value gets a German message.
 */
const DownloadQuery = Type.Object(
  { seit: Type.Optional(Type.String({ maxLength: 40 })), bis: Type.Optional(Type.String({ maxLength: 40 })) },
  { additionalProperties: false },
);
const FOLLOW_UP_ID = /^[0-9]{1,15}$/;
// Checked by the route (not the schema), so that a wrong value gets the form's German message.
const MailPreferencesBody = Type.Object(
  {
    _csrf: Type.Optional(Type.String({ maxLength: 200 })),
    reminders: Type.Optional(Type.String({ maxLength: 20 })),
    digest: Type.Optional(Type.String({ maxLength: 20 })),
    passwordReset: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false },
);

/**
 * The feed address just created, carried from the form's answer to the page it redirects to
 * (Post/Redirect/Get): a short-lived cookie only /merkliste receives, read once and cleared, so that
 * a reload neither creates another address nor shows this one again, and the secret never stands
 * in an address (history, logs).
 */
const NEW_FEED_COOKIE = 'bm_new_feed';
const NEW_FEED_SECONDS = 300;

function newFeedCookieOptions(request: FastifyRequest) {
  return { path: '/merkliste', httpOnly: true, sameSite: 'strict' as const, secure: request.protocol === 'https' };
}

const DIGEST_LABELS = { off: 'mailPreferences.digestOff', daily: 'mailPreferences.digestDaily', weekly: 'mailPreferences.digestWeekly' } as const;

/** The preferences a form post asks for, or null when it holds anything a form of ours cannot send. */
function preferencesFromForm(body: { reminders?: string; digest?: string; passwordReset?: string }): MailPreferences | null {
  const checkbox = (value: string | undefined) => (value === undefined ? false : value === 'on' ? true : null);
  const reminders = checkbox(body.reminders);
  const passwordReset = checkbox(body.passwordReset);
  if (reminders === null || passwordReset === null || !isOneOf(DIGEST_FREQUENCIES, body.digest)) return null;
  return { reminders, digest: body.digest, passwordReset };
}


/** A watch's status for a download: the watched Ziffer's, or "Ziffer 1: offen, Ziffer 2: …" for a TOP. */
function statusText(item: { watchedDemandId: number | null; statuses: readonly WatchedStatus[] }): string {
  const status = (s: WatchedStatus) => translate(`status.${s.status}`);
  if (item.watchedDemandId !== null) return item.statuses.map(status).join(', ');
  return item.statuses
    .map((s) => `${s.demandNumber === null ? translate('watch.unnumberedDemand') : translate('resolution.demand', { number: s.demandNumber })}: ${status(s)}`)
    .join(', ');
}

/** "Stellungnahme des Bundes · BMI · intern": the kind, who acted, and an internal follow-up marked with `internal`. */
function kindActorInternal(change: WatchChange, internal: string): string {
  const actor = actorText(change);
  return `${translate(`followUpKind.${change.kind}`)}${actor ? ` · ${actor}` : ''}${change.visibility === 'internal' ? ` · ${internal}` : ''}`;
}

/**
 * "Ziffer 2, 01.07.2024: Stellungnahme des Bundes · BMI · intern → in Bearbeitung – Zusammenfassung",
 * as the page lists it: which Ziffer (or the whole resolution), the German date, the status it set.
 */
function changeText(change: WatchChange): string {
  const what = change.demandNumber === null ? translate('followUp.wholeResolution') : translate('resolution.demand', { number: change.demandNumber });
  const status = change.resultingStatus ? ` → ${translate(`status.${change.resultingStatus}`)}` : '';
  return `${what}, ${formatDateShort(change.date)}: ${kindActorInternal(change, translate('resolution.internal'))}${status} – ${change.summary}`;
}

const watchRoutes: FastifyPluginAsyncTypebox = async (fastify) => {

  fastify.post(
    '/beobachten',
    { schema: { body: WatchBody }, config: { access: 'authenticated' }, preValidation: fastify.guard('authenticated', { csrf: true }) },
    async (request, reply) => {
      const { resolution, demand, action } = request.body;
      setWatch(fastify.db, actorOf(request), request.viewer, Number(resolution), action === 'watch', demand === undefined ? null : Number(demand));
      return reply.redirect(safeReturnPath(request.body.back, '/merkliste'), 303);
    },
  );

  for (const format of TABLE_FORMATS) {
    // the list without marking it seen: a download is no visit; from the page, the news it showed
    fastify.get(`/merkliste.${format}`, { schema: { querystring: DownloadQuery }, config: { access: 'authenticated' }, preValidation: fastify.guard('authenticated') }, async (request, reply) => {
      const { seit, bis } = request.query;
      const refused = (['seit', 'bis'] as const)
        .filter((name) => request.query[name] !== undefined && !FOLLOW_UP_ID.test(request.query[name]!))
        .map((name) => translate('watch.invalidMarkFile', { name, value: request.query[name] }));
      if (refused.length > 0) return refuseDownload(reply, refused);
      const upTo = bis === undefined ? latestFollowUpId(fastify.db) : Math.min(Number(bis), latestFollowUpId(fastify.db));
      const items = seit === undefined ? watchList(fastify.db, request.viewer, 'last-visit', upTo) : watchList(fastify.db, request.viewer, { afterFollowUp: Number(seit) }, upTo, { fromWatchStart: true });
      return sendTable(reply, format, {
        name: 'merkliste',
        sheet: translate('watch.title'),
        columns: [
          column('label', 'watched'),
          column('title'),
          column('status'),
          column('changes', 'newFollowUps'),
          column('latest', 'latestFollowUp'),
          column('url'),
        ],
        // each follow-up once, as on the page
        rows: tellEachChangeOnce(items).map((item) => {
          const latest = item.changes[0]; // newest first
          return {
            label: item.label,
            title: item.title,
            status: statusText(item),
            changes: item.changes.length,
            latest: latest ? changeText(latest) : null,
            url: `${fastify.config.publicUrl}${item.url}`,
          };
        }),
      });
    });
  }

  interface ListExtras {
    feedUrl?: string;
    mailSaved?: boolean;
    mailError?: string;
  }

  async function renderList(request: FastifyRequest, reply: FastifyReply, extras: ListExtras = {}) {
    const userId = request.user!.userId;
    const upTo = latestFollowUpId(fastify.db);
    // read before this visit marks the list seen: the downloads of this page tell the same news
    const since = watchListMark(fastify.db, userId);
    const exportQuery = `?seit=${since}&bis=${upTo}`;
    // a follow-up on a Ziffer watched alone and with its whole TOP is listed once, as in the digest
    const items = tellEachChangeOnce(watchList(fastify.db, request.viewer, 'last-visit', upTo));
    // shown, the list counts as seen up to what it was read up to; not when it comes back with a
    // refused form (a refusal changes nothing)
    if (reply.statusCode < 400) markWatchListSeen(fastify.db, userId, upTo);
    const preferences = mailPreferencesOf(fastify.db, userId);
    return reply.viewAsync('pages/watch-list.hbs', {
      title: translate('watch.title'),
      ownNotNews: request.viewer.land !== null && isLandCode(request.viewer.land) ? translate('watch.ownNotNewsLand', { land: landName(request.viewer.land) }) : translate('watch.ownNotNews'),
      exports: exportLinks('/merkliste', exportQuery),
      items,
      csrfToken: reply.csrfToken(),
      hasFeed: hasFeedToken(fastify.db, userId),
      feedUrl: extras.feedUrl ?? null,
      preferences,
      digestOptions: DIGEST_FREQUENCIES.map((value) => ({ value, label: translate(DIGEST_LABELS[value]), checked: preferences.digest === value })),
      mailSaved: extras.mailSaved ?? false,
      mailError: extras.mailError ?? null,
    });
  }

  fastify.get(
    '/merkliste',
    { schema: { querystring: ListQuery }, config: { access: 'authenticated' }, preValidation: fastify.guard('authenticated') },
    async (request, reply) => {
      const newFeed = request.cookies[NEW_FEED_COOKIE];
      if (newFeed === undefined) return renderList(request, reply, { mailSaved: request.query.gespeichert !== undefined });
      reply.clearCookie(NEW_FEED_COOKIE, newFeedCookieOptions(request));
      // shown only to its owner, and only while it is still the valid one
      const shown = viewerOfFeedToken(fastify.db, newFeed)?.userId === request.user!.userId;
      return renderList(request, reply, { feedUrl: shown ? `${fastify.config.publicUrl}/merkliste/feed/${newFeed}` : undefined });
    },
  );

  fastify.post(
    '/merkliste/benachrichtigungen',
    { schema: { body: MailPreferencesBody }, config: { access: 'authenticated' }, preValidation: fastify.guard('authenticated', { csrf: true }) },
    async (request, reply) => {
      const wanted = preferencesFromForm(request.body);
      if (!wanted) return renderList(request, reply.code(422), { mailError: translate('mailPreferences.invalid') });
      setMailPreferences(fastify.db, actorOf(request), request.user!.userId, wanted);
      // a reload of the confirmation must not post the form again
      return reply.redirect('/merkliste?gespeichert#benachrichtigungen', 303);
    },
  );

  fastify.post(
    '/merkliste/feed',
    { schema: { body: CsrfBody }, config: { access: 'authenticated' }, preValidation: fastify.guard('authenticated', { csrf: true }) },
    async (request, reply) => {
      const token = createFeedToken(fastify.db, actorOf(request), request.user!.userId);
      reply.setCookie(NEW_FEED_COOKIE, token, { ...newFeedCookieOptions(request), maxAge: NEW_FEED_SECONDS });
      // a reload of the answer must not create another address (and invalidate the one just copied)
      return reply.redirect('/merkliste#feed', 303);
    },
  );

  fastify.post(
    '/merkliste/feed/widerrufen',
    { schema: { body: CsrfBody }, config: { access: 'authenticated' }, preValidation: fastify.guard('authenticated', { csrf: true }) },
    async (request, reply) => {
      revokeFeedTokens(fastify.db, actorOf(request), request.user!.userId);
      return reply.redirect('/merkliste', 303);
    },
  );

  // The token is the credential: no session, never cached by proxies.
  fastify.get(
    '/merkliste/feed/:token',
    { schema: { params: Type.Object({ token: Type.String({ maxLength: 64 }) }) }, config: { access: 'public' } },
    async (request, reply) => {
      const viewer = viewerOfFeedToken(fastify.db, request.params.token);
      if (!viewer) return renderNotFound(request, reply);
      const base = fastify.config.publicUrl;
      // what was recorded before a watch began is no news to it, as on the list and in the digest:
      // a resolution watched today does not bring the last 180 days into the reader as unread entries
      const items = watchList(fastify.db, viewer, { recordedAfter: feedWindowStart() }, undefined, { fromWatchStart: true });
      // a follow-up on a Ziffer watched alone and with its whole TOP is one entry (one Atom id), named by its Ziffer
      const changes = tellEachChangeOnce(items).flatMap((item) =>
        item.changes.map((change) => ({ item, change })),
      );
      const entries = changes.map(({ item, change }) => ({
        // stable for the life of the follow-up, whatever the address of its Ziffer becomes
        id: watchEntryId(change),
        // who acted, and an internal follow-up marked as such, as the page, the downloads and the digest mail do
        title: `${item.resolutionLabel}${change.demandNumber === null ? '' : `, Ziffer ${change.demandNumber}`}: ${kindActorInternal(change, translate('watch.feedInternal'))}${change.resultingStatus ? ` – ${translate(`status.${change.resultingStatus}`)}` : ''}`,
        // a feed reader opens it perhaps without a session: through the login where the public does not see it
        link: `${base}${linkThroughLogin(change.url, publicSees({ release: item.resolution.release, followUps: [change] }))}`,
        updated: feedDate(change.recordedAt),
        published: feedDate(change.date),
        summary: change.summary,
      }));
      entries.sort((a, b) => b.updated.getTime() - a.updated.getTime());
      const xml = atom(
        {
          self: `${base}/merkliste/feed/${request.params.token}`,
          alternate: `${base}/merkliste`,
          title: translate('watch.feedTitle'),
          subtitle: translate('watch.feedSubtitle'),
          siteName: translate('site.name'),
        },
        entries,
      );
      return reply.header('cache-control', 'private, no-store').type('application/atom+xml; charset=utf-8').send(xml);
    },
  );
};

export default watchRoutes;
