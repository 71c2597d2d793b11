/** Implementation statistics of a conference: an accessible SVG chart and the same numbers as a table. */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { conferencePath, demandAnchor, meetingPath, resolutionPath } from '../../domain/citation.js';
import { stackedBarChart } from '../../domain/charts.js';
import { formatDateRange, formatDateShort } from '../../domain/dates.js';
import { DEMAND_STATUSES } from '../../domain/status.js';
import { conferenceStatistics, implementationReport } from '../../services/statistics.js';
import { csvText } from '../../services/export.js';
import { renderNotFound } from '../../plugins/errors.js';
import { translate } from '../../plugins/view.js';
import { ConferenceParam, MeetingParam } from '../params.js';

function percent(share: number): string {
  return `${(share * 100).toLocaleString('de-DE', { maximumFractionDigits: 1 })} %`;
}

const reportRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/:conference/statistik',
    { schema: { params: Type.Object({ conference: ConferenceParam }) }, config: { publicPage: true, access: 'public' } },
    async (request, reply) => {
      const stats = conferenceStatistics(fastify.db, request.viewer, request.params.conference);
      if (!stats) return renderNotFound(request, reply);
      const { conference } = stats;
      const label = (m: { number: number | null; year: number; startDate: string | null }) =>
        m.number !== null ? `${m.number}. ${conference.shortName} ${m.year}` : `${conference.shortName} ${formatDateShort(m.startDate)}`;
      const rows = stats.meetings.map((m) => ({ ...m, label: label(m), url: meetingPath(conference.slug, m.urlKey), share: percent(m.implementedShare) }));
      return reply.viewAsync('pages/statistics.hbs', {
        title: translate('statistics.title', { conference: conference.shortName }),
        breadcrumbs: [{ label: conference.shortName, url: conferencePath(conference.slug) }, { label: translate('statistics.nav') }],
        conference,
        statuses: DEMAND_STATUSES.map((status) => ({ status, label: translate(`status.${status}`) })),
        rows,
        totals: stats.totals,
        total: stats.total,
        share: percent(stats.implementedShare),
        chart: stackedBarChart(rows),
        chartDescription: translate('statistics.chartDescription', { conference: conference.shortName, meetings: rows.length }),
      });
    },
  );

  const MeetingParams = Type.Object({ conference: ConferenceParam, meeting: MeetingParam });

  fastify.get(
    '/:conference/:meeting/umsetzungsbericht',
    { schema: { params: MeetingParams }, config: { publicPage: true, access: 'public' } },
    async (request, reply) => {
      const report = implementationReport(fastify.db, request.viewer, request.params.conference, request.params.meeting);
      if (!report) return renderNotFound(request, reply);
      const { conference, meeting } = report;
      const label = meeting.number !== null ? `${meeting.number}. ${conference.shortName} ${meeting.year}` : `${conference.shortName} ${formatDateShort(meeting.startDate)}`;
      return reply.viewAsync('pages/implementation-report.hbs', {
        title: translate('report.title', { meeting: label }),
        breadcrumbs: [
          { label: conference.shortName, url: conferencePath(conference.slug) },
          { label, url: meetingPath(conference.slug, meeting.urlKey) },
          { label: translate('report.nav') },
        ],
        label,
        conference,
        dates: formatDateRange(meeting.startDate, meeting.endDate),
        csvUrl: `${meetingPath(conference.slug, meeting.urlKey)}/umsetzungsbericht.csv`,
        showsInternal: report.showsInternal,
        items: report.items.map((item) => ({
          ...item,
          url: resolutionPath(conference.slug, meeting.urlKey, item.agendaItem),
          demands: item.demands.map((d) => ({ ...d, anchor: demandAnchor(d.number) })),
        })),
      });
    },
  );

  fastify.get(
    '/:conference/:meeting/umsetzungsbericht.csv',
    { schema: { params: MeetingParams }, config: { publicPage: true, access: 'public' } },
    async (request, reply) => {
      const report = implementationReport(fastify.db, request.viewer, request.params.conference, request.params.meeting);
      if (!report) return renderNotFound(request, reply);
      const headers = ['TOP', 'Titel', 'Ziffer', 'Umsetzungsstand', 'Letzte Folgemaßnahme (Datum)', 'Art', 'Zusammenfassung', 'Sichtbarkeit'];
      const rows = report.items.flatMap((item) =>
        item.demands.map((d) => [
          item.agendaItem,
          item.title,
          d.number,
          translate(`status.${d.status}`),
          d.latest?.date ?? null,
          d.latest ? translate(`followUpKind.${d.latest.kind}`) : null,
          d.latest?.summary ?? null,
          d.latest ? translate(`report.visibility.${d.latest.visibility}`) : null,
        ]),
      );
      const file = `umsetzungsbericht-${report.conference.slug}-${report.meeting.urlKey}.csv`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file}"`)
        .send(csvText(headers, rows));
    },
  );
};

export default reportRoutes;
