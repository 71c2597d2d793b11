/** The search part of the read API: the parameters of /suche, results with cursor pagination. */
import { Type, type Static } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { translate } from '../../i18n.js';
import { searchConferences, searchResolutions } from '../../services/search.js';
import { PUBLIC_VIEWER } from '../../services/visibility.js';
import { readSearchState, SearchQuerystring } from '../search/params.js';
import { hitPath, meetingLabel } from '../search/view-model.js';
import { badRequest, Cursor, decodeCursor, encodeCursor, ErrorBody, Limit, Nullable, PUBLIC, ResolutionSummary, resolutionApiUrl } from './schemas.js';

const apiSearchRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const base = fastify.config.publicUrl;

  const { seite: _page, sortierung: _sort, ...searchParams } = SearchQuerystring.properties;
  const SearchApiQuery = Type.Object({ ...searchParams, cursor: Cursor, limit: Limit }, { additionalProperties: false });

  fastify.get(
    '/api/v1/search',
    {
      schema: {
        summary: 'Volltextsuche mit Filtern (Parameter wie auf /suche; ein unbekannter Parameter wird mit 400 abgelehnt)',
        tags: ['Suche'],
        querystring: SearchApiQuery,
        response: {
          200: Type.Object({
            query: Type.String(),
            notices: Type.Array(Type.String(), { description: 'Hinweise zur Suchanfrage (gekürzt, Anführungszeichen nicht geschlossen, Jahre vertauscht); unbekannte Filterwerte und ungültige Jahre oder Daten werden mit 400 abgelehnt' }),
            total: Type.Integer(),
            complete: Type.Boolean({ description: 'false: mehr Treffer als gerankt; es zählen die zuletzt erfassten' }),
            items: Type.Array(Type.Object({ ...ResolutionSummary.properties, snippet: Nullable(Type.String()) })),
            nextCursor: Nullable(Type.String()),
          }),
          400: ErrorBody,
        },
      },
      config: PUBLIC,
    },
    async (request, reply) => {
      const query = request.query as Static<typeof SearchApiQuery>;
      const page = decodeCursor(query.cursor);
      if (page === null) return badRequest(reply, translate('api.badCursor'));
      const limit = query.limit ?? 100;
      const state = readSearchState(query, searchConferences(fastify.db, PUBLIC_VIEWER).map((c) => c.slug));
      // an unknown filter value or a bad year or date: refused as a download would be (the page
      // shows a notice and searches without it), never results for other resolutions than asked for
      if (state.requestErrors.length > 0) return badRequest(reply, state.requestErrors.join(' '));
      const result = searchResolutions(
        fastify.db,
        PUBLIC_VIEWER,
        state.query,
        state.filters,
        { page: page + 1, pageSize: limit, asOf: state.asOf },
      );
      const onPage = result.searched && result.page === page + 1;
      return {
        query: state.query.input,
        notices: state.notices,
        total: result.total,
        complete: !result.capped,
        items: onPage
          ? result.hits.map((hit) => ({
              conference: hit.conference.slug,
              meeting: hit.meeting.urlKey,
              meetingLabel: meetingLabel(hit),
              agendaItem: hit.agendaItem,
              title: hit.title,
              outcome: hit.outcome,
              releasedOn: hit.releasedOn,
              // as of a day, the addresses of that day: they show the statuses the search counted
              url: base + hitPath(hit, state.asOf),
              api: resolutionApiUrl(base, hit.conference.slug, hit.meeting.urlKey, hit.agendaItem) + (state.asOf ? `?stand=${state.asOf}` : ''),
              snippet: hit.snippet ? hit.snippet.map((s) => s.text).join('') : null,
            }))
          : [],
        nextCursor: onPage && result.page < result.pages ? encodeCursor(result.page) : null,
      };
    },
  );
};

export default apiSearchRoutes;
