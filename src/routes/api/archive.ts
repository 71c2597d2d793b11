/**
 * The archive part of the read API: conferences, their meetings, resolutions in a stable order
 * for incremental sync (`modified_since`, cursor pagination), and one resolution with its demands
 * and public follow-ups — the same data as the resolution page (services/archive.ts).
 */
import { Type, type Static } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { conferencePath, headerMeetingLabel, meetingPath, resolutionPath } from '../../domain/citation.js';
import { translate } from '../../i18n.js';
import { conferencePage, homePage, resolutionPage } from '../../services/archive.js';
import { listResolutions } from '../../services/export.js';
import { searchConferences } from '../../services/search.js';
import { readAsOf, shown } from '../params.js';
import { MAX_DATE_INPUT_LENGTH } from '../../domain/dates.js';
import { wordingAsOf } from '../../services/versions.js';
import { PUBLIC_VIEWER } from '../../services/visibility.js';
import { apiResolution } from './resolution.js';
import {
  AgendaItemParam,
  badRequest,
  ConferenceItem,
  ConferenceParam,
  Cursor,
  decodeCursor,
  encodeCursor,
  ErrorBody,
  Limit,
  ListItem,
  MeetingItem,
  MeetingParam,
  notFound,
  Nullable,
  PUBLIC,
  ResolutionBody,
  resolutionApiUrl,
} from './schemas.js';

const apiArchiveRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const base = fastify.config.publicUrl;

  fastify.get(
    '/api/v1/conferences',
    {
      schema: {
        summary: 'Konferenzen',
        tags: ['Archiv'],
        response: { 200: Type.Object({ items: Type.Array(ConferenceItem) }), 400: ErrorBody },
      },
      config: PUBLIC,
    },
    async () => ({
      items: homePage(fastify.db, PUBLIC_VIEWER).conferences.map((c) => ({
        ...c,
        url: base + conferencePath(c.slug),
        meetingsApi: `${base}/api/v1/conferences/${c.slug}/meetings`,
      })),
    }),
  );

  fastify.get(
    '/api/v1/conferences/:conference/meetings',
    {
      schema: {
        summary: 'Sitzungen einer Konferenz (mit veröffentlichten Beschlüssen), neueste zuerst',
        tags: ['Archiv'],
        params: Type.Object({ conference: ConferenceParam }),
        response: {
          200: Type.Object({
            conference: Type.Object({ slug: Type.String(), shortName: Type.String(), name: Type.String() }),
            items: Type.Array(MeetingItem),
          }),
          400: ErrorBody,
          404: ErrorBody,
        },
      },
      config: PUBLIC,
    },
    async (request, reply) => {
      const data = conferencePage(fastify.db, PUBLIC_VIEWER, request.params.conference);
      if (!data) return notFound(reply);
      const { conference } = data;
      return {
        conference: { slug: conference.slug, shortName: conference.shortName, name: conference.name },
        items: data.years.flatMap((y) =>
          y.meetings.map((m) => ({
            ...m,
            key: m.urlKey,
            url: base + meetingPath(conference.slug, m.urlKey),
            export: `${base}${meetingPath(conference.slug, m.urlKey)}/export.json`,
          })),
        ),
      };
    },
  );

  const ListQuery = Type.Object(
    {
      conference: Type.Optional(ConferenceParam),
      modified_since: Type.Optional(Type.String({ format: 'date-time', description: 'ISO-Zeitpunkt (UTC), z. B. 2026-01-01T00:00:00Z' })),
      cursor: Cursor,
      limit: Limit,
    },
    { additionalProperties: false },
  );

  fastify.get(
    '/api/v1/resolutions',
    {
      schema: {
        summary: 'Veröffentlichte Beschlüsse in stabiler Reihenfolge (für den Abgleich; eine unbekannte Konferenz wird mit 400 abgelehnt)',
        tags: ['Archiv'],
        querystring: ListQuery,
        response: {
          200: Type.Object({ items: Type.Array(ListItem), nextCursor: Nullable(Type.String()), next: Nullable(Type.String()) }),
          400: ErrorBody,
        },
      },
      config: PUBLIC,
    },
    async (request, reply) => {
      const query = request.query as Static<typeof ListQuery>;
      const afterId = decodeCursor(query.cursor);
      if (afterId === null) return badRequest(reply, translate('api.badCursor'));
      // a conference the public archive does not have: refused as the search refuses it, never an
      // empty list that looks like "nothing changed"
      if (query.conference !== undefined && !searchConferences(fastify.db, PUBLIC_VIEWER).some((c) => c.slug === query.conference)) {
        return badRequest(reply, translate('search.notice.invalidFilterRequest', { what: translate('search.facet.conference'), value: shown(query.conference) }));
      }
      const since = query.modified_since ? new Date(query.modified_since).toISOString() : null;
      const limit = query.limit ?? 100;
      const rows = listResolutions(fastify.db, PUBLIC_VIEWER, { conference: query.conference ?? null, since, afterId, limit });
      const last = rows.length === limit ? rows[rows.length - 1]! : null;
      const nextCursor = last ? encodeCursor(last.id) : null;
      let next: string | null = null;
      if (nextCursor) {
        const params = new URLSearchParams();
        if (query.conference) params.set('conference', query.conference);
        if (query.modified_since) params.set('modified_since', query.modified_since);
        params.set('cursor', nextCursor);
        if (query.limit) params.set('limit', String(query.limit));
        next = `${base}/api/v1/resolutions?${params.toString()}`;
      }
      return {
        items: rows.map((row) => ({
          conference: row.conference,
          meeting: row.meetingKey,
          meetingLabel: headerMeetingLabel(row),
          agendaItem: row.agendaItem,
          title: row.title,
          outcome: row.outcome,
          releasedOn: row.releasedOn,
          modifiedAt: row.modifiedAt,
          url: base + resolutionPath(row.conference, row.meetingKey, row.agendaItem),
          api: resolutionApiUrl(base, row.conference, row.meetingKey, row.agendaItem),
        })),
        nextCursor,
        next,
      };
    },
  );

  // `?stand=`: as on the page, the state of implementation and the follow-ups of that day
  const ResolutionQuery = Type.Object(
    {
      stand: Type.Optional(
        Type.String({
          maxLength: MAX_DATE_INPUT_LENGTH,
          description: 'Stand an einem Tag, z. B. 2018-01-01 (auch 01.01.2018): Umsetzungsstand und Folgemaßnahmen bis zu diesem Tag, wie die Seite mit ?stand=',
        }),
      ),
    },
    { additionalProperties: false },
  );

  fastify.get(
    '/api/v1/resolutions/:conference/:meeting/:agendaItem',
    {
      schema: {
        summary: 'Ein Beschluss mit Ziffern, Umsetzungsstand und öffentlichen Folgemaßnahmen, mit stand an einem früheren Tag',
        tags: ['Archiv'],
        params: Type.Object({ conference: ConferenceParam, meeting: MeetingParam, agendaItem: AgendaItemParam }),
        querystring: ResolutionQuery,
        response: { 200: ResolutionBody, 400: ErrorBody, 404: ErrorBody },
      },
      config: PUBLIC,
    },
    async (request, reply) => {
      const { conference: slug, meeting: key, agendaItem } = request.params;
      const { asOf, requestError } = readAsOf((request.query as Static<typeof ResolutionQuery>).stand);
      if (requestError) return badRequest(reply, requestError);
      const data = resolutionPage(fastify.db, PUBLIC_VIEWER, slug, key, agendaItem, asOf);
      if (!data) return notFound(reply);
      return apiResolution(data, base, asOf, wordingAsOf(fastify.db, PUBLIC_VIEWER, data.resolution.id, data.versions, asOf));
    },
  );
};

export default apiArchiveRoutes;
