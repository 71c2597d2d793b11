/**
 * Feeds and data downloads of the archive: Atom feeds of newly released resolutions (all
 * conferences, one conference) and of status changes (one conference), and a meeting in the
 * import interchange JSON. HTTP only; the services apply the visibility rule.
 */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { conferencePath, resolutionPath, meetingPath, demandAnchor, headerMeetingLabel } from '../../domain/citation.js';
import { formatDateShort } from '../../domain/dates.js';
import { isLandCode, landName } from '../../domain/laender.js';
import { renderNotFound } from '../../plugins/errors.js';
import { translate } from '../../i18n.js';
import { meetingInterchange } from '../../services/export.js';
import { atom, feedDate, findConference, followUpEntryId, lastPublished, releasedResolutions, resolutionEntryId, statusChanges } from '../../services/feeds.js';
import { AgendaItemParam, ConferenceParam, MeetingParam } from '../params.js';
import { resolutionPage } from '../../services/archive.js';
import { PUBLIC_VIEWER } from '../../services/visibility.js';

const ATOM = 'application/atom+xml; charset=utf-8';

const feedRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const base = () => fastify.config.publicUrl;

  /** A feed's updated date where it has no newer entries: the latest publication of its conference (or of any). */
  function publishedOn(conference: string | null): { updated?: Date } {
    const day = lastPublished(fastify.db, conference);
    return day === null ? {} : { updated: feedDate(day) };
  }

  function releasedFeed(conference: { slug: string; shortName: string; name: string } | null): string {
    const rows = releasedResolutions(fastify.db, conference?.slug ?? null);
    const self = conference ? `${conferencePath(conference.slug)}/feed.atom` : '/feeds/beschluesse.atom';
    return atom(
      {
        self: base() + self,
        alternate: base() + (conference ? conferencePath(conference.slug) : '/'),
        title: conference
          ? translate('feeds.conferenceTitle', { shortName: conference.shortName })
          : translate('feeds.releasedTitle'),
        subtitle: conference
          ? translate('feeds.conferenceSubtitle', { name: conference.name })
          : translate('feeds.releasedSubtitle'),
        siteName: translate('site.name'),
        ...publishedOn(conference?.slug ?? null),
      },
      rows.map((row) => {
        const url = base() + resolutionPath(row.conference, row.meetingKey, row.agendaItem);
        return {
          // stable for the life of the resolution, whatever its address becomes
          id: resolutionEntryId(row),
          title: `${headerMeetingLabel(row)}, TOP ${row.agendaItem}: ${row.title}`,
          link: url,
          // the query selects released resolutions only
          updated: feedDate(row.releasedOn!),
          published: feedDate(row.releasedOn!),
          summary: translate('feeds.entrySummary', {
            outcome: translate(`outcome.${row.outcome}`),
            text: row.firstDemand ?? '',
          }),
          category: row.conferenceShortName,
        };
      }),
    );
  }

  fastify.get('/feeds/beschluesse.atom', { config: { publicPage: true, access: 'public' } }, async (_request, reply) => {
    return reply.type(ATOM).send(releasedFeed(null));
  });

  fastify.get(
    '/:conference/feed.atom',
    { schema: { params: Type.Object({ conference: ConferenceParam }) }, config: { publicPage: true, access: 'public' } },
    async (request, reply) => {
      const conference = findConference(fastify.db, request.params.conference);
      if (!conference) return renderNotFound(request, reply);
      return reply.type(ATOM).send(releasedFeed(conference));
    },
  );

  /** Atom entries of public status changes (follow-ups with a resulting status). */
  function statusEntries(rows: ReturnType<typeof statusChanges>) {
    return rows.map((row) => {
      const { resolution } = row;
      const url = `${base()}${resolutionPath(resolution.conference, resolution.meetingKey, resolution.agendaItem)}`;
      const actor = row.actorName ?? (row.actorLand && isLandCode(row.actorLand) ? landName(row.actorLand) : null);
      return {
        // A follow-up's id is stable; the tag URI names it without depending on the host name.
        id: followUpEntryId(row.id),
        title: translate('feeds.statusEntry', {
          meeting: headerMeetingLabel(resolution),
          agendaItem: resolution.agendaItem,
          demand: row.demandNumber ? translate('feeds.statusDemand', { number: row.demandNumber }) : '',
          status: row.resultingStatus ? translate(`status.${row.resultingStatus}`) : '',
        }),
        link: row.demandNumber !== null ? `${url}#${demandAnchor(row.demandNumber)}` : url,
        updated: feedDate(row.createdAt),
        published: feedDate(row.date),
        summary: translate('feeds.statusSummary', {
          date: formatDateShort(row.date),
          kind: translate(`followUpKind.${row.kind}`),
          actor: actor ? ` (${actor})` : '',
          summary: row.summary,
        }),
        category: resolution.conferenceShortName,
      };
    });
  }

  fastify.get(
    '/:conference/status.atom',
    { schema: { params: Type.Object({ conference: ConferenceParam }) }, config: { publicPage: true, access: 'public' } },
    async (request, reply) => {
      const conference = findConference(fastify.db, request.params.conference);
      if (!conference) return renderNotFound(request, reply);
      const xml = atom(
        {
          self: `${base()}${conferencePath(conference.slug)}/status.atom`,
          alternate: base() + conferencePath(conference.slug),
          title: translate('feeds.statusTitle', { shortName: conference.shortName }),
          subtitle: translate('feeds.statusSubtitle', { name: conference.name }),
          siteName: translate('site.name'),
          ...publishedOn(conference.slug),
        },
        statusEntries(statusChanges(fastify.db, conference.slug)),
      );
      return reply.type(ATOM).send(xml);
    },
  );

  fastify.get(
    '/:conference/:meeting/top/:agendaItem/status.atom',
    {
      schema: { params: Type.Object({ conference: ConferenceParam, meeting: MeetingParam, agendaItem: AgendaItemParam }) },
      config: { publicPage: true, access: 'public' },
    },
    async (request, reply) => {
      const { conference: slug, meeting, agendaItem } = request.params;
      const page = resolutionPage(fastify.db, PUBLIC_VIEWER, slug, meeting, agendaItem, null);
      if (!page) return renderNotFound(request, reply);
      const path = resolutionPath(slug, meeting, agendaItem);
      const xml = atom(
        {
          self: `${base()}${path}/status.atom`,
          alternate: base() + path,
          title: translate('feeds.resolutionStatusTitle', { agendaItem, title: page.resolution.title }),
          subtitle: translate('feeds.statusSubtitle', { name: page.conference.shortName }),
          siteName: translate('site.name'),
          // the public page exists since the resolution's release
          ...(page.resolution.releasedOn ? { updated: feedDate(page.resolution.releasedOn) } : {}),
        },
        statusEntries(statusChanges(fastify.db, slug, { meetingKey: meeting, agendaItem })),
      );
      return reply.type(ATOM).send(xml);
    },
  );

  fastify.get(
    '/:conference/:meeting/export.json',
    {
      schema: { params: Type.Object({ conference: ConferenceParam, meeting: MeetingParam }) },
      config: { publicPage: true, access: 'public' },
    },
    async (request, reply) => {
      const { conference, meeting } = request.params;
      const document = meetingInterchange(fastify.db, request.viewer, conference, meeting);
      if (!document) return renderNotFound(request, reply);
      const name = `${conference}-${meeting}.json`;
      reply.header('content-disposition', `attachment; filename="${name}"`);
      reply.header('link', `<${base()}${meetingPath(conference, meeting)}>; rel="alternate"; type="text/html"`);
      return reply.type('application/json; charset=utf-8').send(document);
    },
  );
};

export default feedRoutes;
