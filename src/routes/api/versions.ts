/**
 * The versions (Fassungen) of a resolution in the read API: the list, and one version's wording as
 * it was — the data of the HTML pages …/fassungen and …/fassungen/{n} (routes/archive/versions.ts),
 * read through the same visibility rule (services/versions.ts): the public sees the versions a
 * resolution had while public, and in them no Ziffer or protocol statement marked internal (named
 * in `withheld` instead). A version is never changed, so its address answers the same wording for good.
 */
import { Type, type Static } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { resolutionPath } from '../../domain/citation.js';
import { VERSION_ACTIONS } from '../../domain/vocabulary.js';
import { listVersions, visibleResolution, type VersionView } from '../../services/versions.js';
import { PUBLIC_VIEWER } from '../../services/visibility.js';
import { versionCitationText } from '../archive/versions.js';
import { AgendaItemParam, ConferenceParam, Decision, ErrorBody, MeetingParam, notFound, Nullable, NullableInt, ProtocolStatements, PUBLIC, resolutionApiUrl, Sponsors, ValidFrom, ValidFromYearOnly, CorrectedOn, correctedOn } from './schemas.js';

const ResolutionParams = { conference: ConferenceParam, meeting: MeetingParam, agendaItem: AgendaItemParam };
const VersionNumber = Type.String({ pattern: '^[1-9][0-9]{0,5}$', description: 'Nummer der Fassung (1, 2, 3 …), wie sie die Liste der Fassungen nennt' });

const Address = {
  conference: Type.Object({ slug: Type.String(), shortName: Type.String(), name: Type.String() }),
  meeting: Type.Object({
    key: Type.String(),
    number: NullableInt,
    year: Type.Integer(),
    startDate: Nullable(Type.String({ format: 'date' })),
    endDate: Nullable(Type.String({ format: 'date' })),
    place: Nullable(Type.String()),
  }),
  agendaItem: Type.String({ description: 'der TOP in der Adresse des Beschlusses (heute)' }),
};

const VersionItem = Type.Object({
  number: Type.Integer({ description: 'Nummer der Fassung' }),
  madeAt: Type.String({ format: 'date-time', description: 'wann das Archiv die Fassung aufnahm (UTC); nicht, seit wann sie galt (validFrom)' }),
  validFrom: ValidFrom,
  validFromYearOnly: ValidFromYearOnly,
  correctedOn: CorrectedOn,
  action: Type.String({ enum: [...VERSION_ACTIONS], description: 'Anlass: baseline (Bestand vor Einführung der Fassungen), create, import, reimport, edit, release, withdraw' }),
  releasedOn: Nullable(Type.String({ format: 'date', description: 'Tag der Veröffentlichung, wie ihn diese Fassung nennt' })),
  url: Type.String({ format: 'uri', description: 'die Seite dieser Fassung (zeigt stets diesen Wortlaut)' }),
  api: Type.String({ format: 'uri', description: 'diese Fassung in der API' }),
});

const VersionBody = Type.Object({
  ...Address,
  ...VersionItem.properties,
  current: Type.Boolean({ description: 'true: die heutige (neueste veröffentlichte) Fassung' }),
  latest: Type.Integer({ description: 'Nummer der heutigen Fassung' }),
  wording: Type.Object(
    {
      agendaItem: Type.String({ description: 'der TOP, wie ihn diese Fassung nennt' }),
      title: Type.String(),
      sponsors: Sponsors,
      decision: Decision,
      demands: Type.Array(
        Type.Object({ number: Nullable(Type.String()), text: Type.String(), addressees: Type.Array(Type.String()), dueDate: Nullable(Type.String({ format: 'date' })) }),
      ),
      protocolStatements: ProtocolStatements,
    },
    { description: 'der Wortlaut dieser Fassung, soweit öffentlich' },
  ),
  withheld: Type.Object(
    {
      demands: Type.Array(Nullable(Type.String()), { description: 'Nummern der Ziffern dieser Fassung, die nicht öffentlich sind (null: ohne Nummer)' }),
      protocolStatements: Type.Integer({ description: 'Zahl der nicht öffentlichen Protokollerklärungen dieser Fassung' }),
    },
    { description: 'was diese Fassung enthält, die Öffentlichkeit aber nicht sieht; im Wortlaut fehlt es' },
  ),
  citation: Type.String({ description: 'Zitiervorschlag für diese Fassung; dazu ihre Adresse (url)' }),
  compare: Nullable(Type.String({ format: 'uri', description: 'der Vergleich mit der heutigen Fassung; null für die heutige' })),
  versions: Type.String({ format: 'uri', description: 'die Fassungen des Beschlusses in der API' }),
  resolution: Type.String({ format: 'uri', description: 'der Beschluss in der API (heutiger Wortlaut, Umsetzungsstand)' }),
});

const apiVersionRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const base = fastify.config.publicUrl;

  /** The resolution the public sees at this address, with its versions (oldest first); null where there is none. */
  function publicVersions(params: { conference: string; meeting: string; agendaItem: string }) {
    const resolution = visibleResolution(fastify.db, PUBLIC_VIEWER, params.conference, params.meeting, params.agendaItem);
    if (!resolution) return null;
    const path = resolutionPath(resolution.conference.slug, resolution.meeting.urlKey, resolution.agendaItem);
    const api = resolutionApiUrl(base, resolution.conference.slug, resolution.meeting.urlKey, resolution.agendaItem);
    const { conference, meeting } = resolution;
    return {
      resolution,
      versions: listVersions(fastify.db, PUBLIC_VIEWER, resolution.id),
      address: {
        conference: { slug: conference.slug, shortName: conference.shortName, name: conference.name },
        meeting: { key: meeting.urlKey, number: meeting.number, year: meeting.year, startDate: meeting.startDate, endDate: meeting.endDate, place: meeting.place },
        agendaItem: resolution.agendaItem,
      },
      pages: `${base}${path}/fassungen`,
      api,
    };
  }

  const item = (version: VersionView, pages: string, api: string): Static<typeof VersionItem> => ({
    number: version.number,
    madeAt: version.at,
    validFrom: version.validFrom.day,
    validFromYearOnly: version.validFrom.yearOnly,
    correctedOn: correctedOn(version),
    action: version.action,
    releasedOn: version.releasedOn,
    url: `${pages}/${version.number}`,
    api: `${api}/versions/${version.number}`,
  });

  fastify.get(
    '/api/v1/resolutions/:conference/:meeting/:agendaItem/versions',
    {
      schema: {
        summary: 'Die veröffentlichten Fassungen eines Beschlusses, älteste zuerst',
        tags: ['Archiv'],
        params: Type.Object(ResolutionParams),
        response: {
          200: Type.Object({
            ...Address,
            items: Type.Array(VersionItem, { description: 'leer für einen Beschluss, der vor Einführung der Fassungen gespeichert und seither nicht geändert wurde' }),
            url: Type.String({ format: 'uri', description: 'die Seite der Fassungen (mit Vergleich)' }),
            resolution: Type.String({ format: 'uri', description: 'der Beschluss in der API' }),
          }),
          400: ErrorBody,
          404: ErrorBody,
        },
      },
      config: PUBLIC,
    },
    async (request, reply) => {
      const found = publicVersions(request.params);
      if (!found) return notFound(reply);
      return { ...found.address, items: found.versions.map((v) => item(v, found.pages, found.api)), url: found.pages, resolution: found.api };
    },
  );

  fastify.get(
    '/api/v1/resolutions/:conference/:meeting/:agendaItem/versions/:version',
    {
      schema: {
        summary: 'Eine Fassung eines Beschlusses: ihr Wortlaut, wie er war, zitierfähig (ändert sich nie)',
        tags: ['Archiv'],
        params: Type.Object({ ...ResolutionParams, version: VersionNumber }),
        response: { 200: VersionBody, 400: ErrorBody, 404: ErrorBody },
      },
      config: PUBLIC,
    },
    async (request, reply) => {
      const found = publicVersions(request.params);
      const version = found?.versions.find((v) => v.number === Number(request.params.version));
      if (!found || !version) return notFound(reply);
      const latest = found.versions.at(-1)!;
      const { content } = version;
      return {
        ...found.address,
        ...item(version, found.pages, found.api),
        current: version === latest,
        latest: latest.number,
        wording: {
          agendaItem: content.agendaItem,
          title: content.title,
          sponsors: content.sponsors,
          decision: {
            outcome: content.outcome,
            voting: content.voting,
            yes: content.votesYes,
            no: content.votesNo,
            abstain: content.votesAbstain,
            tallyWithheld: content.tallyWithheld,
            formula: content.formula,
          },
          demands: content.demands.map(({ number, text, addressees, dueDate }) => ({ number, text, addressees, dueDate })),
          protocolStatements: content.protocolStatements.map(({ laender, text }) => ({ laender, text })),
        },
        withheld: { demands: version.withheldDemands, protocolStatements: version.withheldStatements },
        citation: versionCitationText(found.resolution.conference, found.resolution.meeting, version),
        compare: version === latest ? null : `${found.pages}?von=${version.number}&bis=${latest.number}`,
        versions: `${found.api}/versions`,
        resolution: found.api,
      };
    },
  );
};

export default apiVersionRoutes;
