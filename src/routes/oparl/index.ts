/**
 * OParl 1.1 under /oparl/v1 (docs/oparl.md): the public archive as System → Body (one per
 * conference) → Meeting → AgendaItem, Paper (the resolution), Consultation and File, with the
 * implementation state of every demand as the extension property `beschlussmonitor:implementation`.
 *
 * HTTP only: read the path and the list parameters (page, elementsPerPage, created_since,
 * created_until, modified_since, modified_until — a bad value gets 400 and a German message),
 * call services/oparl.ts, build the objects with domain/oparl.ts. Public, sessionless, cacheable
 * (page cache, ETag), CORS open as the standard requires.
 */
import { Type, type Static } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import {
  agendaItemObject,
  bodyObject,
  consultationObject,
  fileObject,
  listPage,
  meetingObject,
  oparlUrls,
  organizationObject,
  paperObject,
  resolutionDocument,
  systemObject,
  type BodyList,
  type Label,
} from '../../domain/oparl.js';
import { translate } from '../../i18n.js';
import {
  findBody,
  findMeeting,
  findResolution,
  listBodies,
  listMeetings,
  listResolutions,
  passesFilter,
  systemDates,
  type ListFilter,
} from '../../services/oparl.js';
import { AgendaItemParam, ConferenceParam, MeetingParam } from '../params.js';

const label: Label = (key, values) => translate(key, values);

const ListQuery = Type.Object(
  {
    page: Type.Optional(Type.String({ maxLength: 40 })),
    elementsPerPage: Type.Optional(Type.String({ maxLength: 40 })),
    created_since: Type.Optional(Type.String({ maxLength: 60 })),
    created_until: Type.Optional(Type.String({ maxLength: 60 })),
    modified_since: Type.Optional(Type.String({ maxLength: 60 })),
    modified_until: Type.Optional(Type.String({ maxLength: 60 })),
  },
  { additionalProperties: false },
);
type ListQueryType = Static<typeof ListQuery>;

/** Default and largest page size per list: meetings embed all their TOPs, so their pages are short. */
const PAGE_SIZES: Record<'bodies' | BodyList, { initial: number; max: number }> = {
  bodies: { initial: 100, max: 100 },
  meetings: { initial: 10, max: 50 },
  papers: { initial: 50, max: 100 },
  agendaitems: { initial: 50, max: 100 },
  files: { initial: 50, max: 100 },
  organizations: { initial: 100, max: 100 },
  people: { initial: 100, max: 100 },
};

const FILTERS = ['created_since', 'created_until', 'modified_since', 'modified_until'] as const;
/** A full date-time as the standard expects it, with a zone: 2024-01-31T00:00:00+01:00. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

interface ListRequest {
  filter: ListFilter;
  page: number;
  perPage: number;
}

/** The list parameters, or a German message naming the first bad one. */
function readList(query: ListQueryType, sizes: { initial: number; max: number }): ListRequest | { error: string } {
  const filter: ListFilter = { createdSince: null, createdUntil: null, modifiedSince: null, modifiedUntil: null };
  const keys = { created_since: 'createdSince', created_until: 'createdUntil', modified_since: 'modifiedSince', modified_until: 'modifiedUntil' } as const;
  for (const name of FILTERS) {
    const value = query[name];
    if (value === undefined) continue;
    const time = DATE_TIME.test(value) ? new Date(value) : null;
    if (!time || Number.isNaN(time.getTime())) return { error: translate('oparl.invalidDateTime', { name, value: value.slice(0, 40) }) };
    filter[keys[name]] = time.toISOString();
  }
  let page = 1;
  if (query.page !== undefined) {
    if (!/^[1-9][0-9]{0,8}$/.test(query.page)) return { error: translate('oparl.invalidPage', { value: query.page.slice(0, 20) }) };
    page = Number(query.page);
  }
  let perPage = sizes.initial;
  if (query.elementsPerPage !== undefined) {
    if (!/^[1-9][0-9]{0,8}$/.test(query.elementsPerPage)) {
      return { error: translate('oparl.invalidPerPage', { value: query.elementsPerPage.slice(0, 20) }) };
    }
    // the standard lets the server keep a smaller maximum
    perPage = Math.min(Number(query.elementsPerPage), sizes.max);
  }
  return { filter, page, perPage };
}

/** The URL of another page of the same list, with the same filters. */
function pageLink(listUrl: string, query: ListQueryType, perPage: number, explicitPerPage: boolean) {
  return (page: number) => {
    const params = new URLSearchParams();
    for (const name of FILTERS) {
      const value = query[name];
      if (value !== undefined) params.set(name, value);
    }
    if (explicitPerPage) params.set('elementsPerPage', String(perPage));
    if (page > 1) params.set('page', String(page));
    const search = params.toString();
    return search ? `${listUrl}?${search}` : listUrl;
  };
}

const oparlRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const urls = oparlUrls(fastify.config.publicUrl);
  const config = { publicPage: true, access: 'public' } as const;

  // The standard: CORS for every client; JSON in UTF-8.
  fastify.addHook('onSend', async (_request, reply, payload) => {
    reply.header('access-control-allow-origin', '*');
    reply.header('cross-origin-resource-policy', 'cross-origin');
    return payload;
  });

  function fail(reply: FastifyReply, status: 400 | 404, message: string) {
    return reply.code(status).type('application/json; charset=utf-8').send({ statusCode: status, error: translate(status === 400 ? 'error.badRequestTitle' : 'error.notFoundTitle'), message });
  }
  const notFound = (reply: FastifyReply) => fail(reply, 404, translate('oparl.notFound'));

  /** A paged list: read parameters, load a page, answer the page (or 400). */
  async function list<T>(
    reply: FastifyReply,
    query: ListQueryType,
    listUrl: string,
    sizes: { initial: number; max: number },
    load: (request: ListRequest) => { total: number; data: T[] },
  ) {
    const read = readList(query, sizes);
    if ('error' in read) return fail(reply, 400, read.error);
    const { total, data } = load(read);
    return reply
      .type('application/json; charset=utf-8')
      .send(listPage(data, total, read.page, read.perPage, pageLink(listUrl, query, read.perPage, query.elementsPerPage !== undefined)));
  }
  const offsetOf = (r: ListRequest) => (r.page - 1) * r.perPage;

  fastify.get('/oparl/v1', { config }, async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(systemObject(urls, { name: translate('oparl.systemName'), contactEmail: null, ...systemDates(fastify.db) })),
  );

  fastify.get('/oparl/v1/bodies', { schema: { querystring: ListQuery }, config }, async (request, reply) =>
    list(reply, request.query, urls.bodies, PAGE_SIZES.bodies, (r) => {
      const { total, rows } = listBodies(fastify.db, r.filter, r.perPage, offsetOf(r));
      return { total, data: rows.map((c) => bodyObject(urls, c)) };
    }),
  );

  const BodyParams = Type.Object({ conference: ConferenceParam });
  fastify.get('/oparl/v1/body/:conference', { schema: { params: BodyParams }, config }, async (request, reply) => {
    const body = findBody(fastify.db, request.params.conference);
    return body ? reply.type('application/json; charset=utf-8').send(bodyObject(urls, body)) : notFound(reply);
  });

  fastify.get('/oparl/v1/organization/:conference', { schema: { params: BodyParams }, config }, async (request, reply) => {
    const body = findBody(fastify.db, request.params.conference);
    return body ? reply.type('application/json; charset=utf-8').send(organizationObject(urls, body)) : notFound(reply);
  });

  const BodyListParams = Type.Object({
    conference: ConferenceParam,
    list: Type.Union(['meetings', 'papers', 'agendaitems', 'files', 'organizations', 'people'].map((name) => Type.Literal(name))),
  });
  fastify.get('/oparl/v1/body/:conference/:list', { schema: { params: BodyListParams, querystring: ListQuery }, config }, async (request, reply) => {
    const body = findBody(fastify.db, request.params.conference);
    if (!body) return notFound(reply);
    const name = request.params.list as BodyList;
    const listUrl = urls.bodyList(body.slug, name);
    return list(reply, request.query, listUrl, PAGE_SIZES[name], (r): { total: number; data: unknown[] } => {
      switch (name) {
        case 'meetings': {
          const { total, rows } = listMeetings(fastify.db, body.id, r.filter, r.perPage, offsetOf(r));
          return { total, data: rows.map(({ meeting, resolutions }) => meetingObject(urls, meeting, resolutions.map((x) => agendaItemObject(urls, x, label)), label)) };
        }
        case 'papers':
        case 'agendaitems':
        case 'files': {
          const { total, rows } = listResolutions(fastify.db, body.id, r.filter, r.perPage, offsetOf(r));
          const build = name === 'papers' ? paperObject : name === 'agendaitems' ? agendaItemObject : fileObject;
          return { total, data: rows.map((x) => build(urls, x, label)) };
        }
        case 'organizations': {
          // the conference itself, the one organization of its body
          const inRange = passesFilter(body.createdAt, body.modified, r.filter);
          const data = inRange && r.page === 1 ? [organizationObject(urls, body)] : [];
          return { total: inRange ? 1 : 0, data };
        }
        case 'people':
          // the archive records no persons
          return { total: 0, data: [] };
      }
    });
  });

  const MeetingParams = Type.Object({ conference: ConferenceParam, meeting: MeetingParam });
  fastify.get('/oparl/v1/meeting/:conference/:meeting', { schema: { params: MeetingParams }, config }, async (request, reply) => {
    const found = findMeeting(fastify.db, request.params.conference, request.params.meeting);
    if (!found) return notFound(reply);
    const items = found.resolutions.map((r) => agendaItemObject(urls, r, label));
    return reply.type('application/json; charset=utf-8').send(meetingObject(urls, found.meeting, items, label));
  });

  const ItemParams = Type.Object({ conference: ConferenceParam, meeting: MeetingParam, agendaItem: AgendaItemParam });
  type ItemParamsType = Static<typeof ItemParams>;
  const item = (build: (data: NonNullable<ReturnType<typeof findResolution>>) => unknown) =>
    async (request: { params: ItemParamsType }, reply: FastifyReply) => {
      const { conference, meeting, agendaItem } = request.params;
      const data = findResolution(fastify.db, conference, meeting, agendaItem);
      return data ? reply.type('application/json; charset=utf-8').send(build(data)) : notFound(reply);
    };
  const itemRoute = { schema: { params: ItemParams }, config };
  fastify.get('/oparl/v1/agendaitem/:conference/:meeting/:agendaItem', itemRoute, item((r) => agendaItemObject(urls, r, label)));
  fastify.get('/oparl/v1/paper/:conference/:meeting/:agendaItem', itemRoute, item((r) => paperObject(urls, r, label)));
  fastify.get('/oparl/v1/consultation/:conference/:meeting/:agendaItem', itemRoute, item((r) => consultationObject(urls, r)));
  fastify.get('/oparl/v1/file/:conference/:meeting/:agendaItem', itemRoute, item((r) => fileObject(urls, r, label)));

  const FileParams = Type.Object({ conference: ConferenceParam, meeting: MeetingParam, agendaItem: AgendaItemParam, form: Type.Union([Type.Literal('text'), Type.Literal('download')]) });
  fastify.get('/oparl/v1/file/:conference/:meeting/:agendaItem/:form', { schema: { params: FileParams }, config }, async (request, reply) => {
    const { conference, meeting, agendaItem, form } = request.params;
    const data = findResolution(fastify.db, conference, meeting, agendaItem);
    if (!data) return notFound(reply);
    const file = fileObject(urls, data, label);
    reply.type('text/plain; charset=utf-8');
    if (form === 'download') reply.header('content-disposition', `attachment; filename="${file.fileName}"`);
    return reply.send(resolutionDocument(data, label));
  });
};

export default oparlRoutes;
