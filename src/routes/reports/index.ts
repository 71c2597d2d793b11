/** Implementation statistics of a conference: an accessible SVG chart and the same numbers as a table. */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { conferencePath, meetingPath } from '../../domain/citation.js';
import { stackedBarChart } from '../../domain/charts.js';
import { formatDateShort } from '../../domain/dates.js';
import { DEMAND_STATUSES } from '../../domain/status.js';
import { conferenceStatistics } from '../../services/statistics.js';
import { renderNotFound } from '../../plugins/errors.js';
import { translate } from '../../plugins/view.js';
import { ConferenceParam } from '../params.js';

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
};

export default reportRoutes;
