/**
 * Reports: implementation statistics of all conferences and of one (accessible SVG charts with the
 * same numbers as tables) and the printable implementation report of a meeting, each also "as of"
 * a date (`?stand=`); the statistics also for a range of meeting years (`?von=`, `?bis=`).
 * Invalid query values are named in a German message; the page then shows the data without them
 * (status 200, as every page with a notice about an ignored query value), a download is refused
 * (400, the message as text: a file has nothing to show instead).
 */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { conferencePath, demandAnchor, meetingPath, resolutionPath, meetingLabel } from '../../domain/citation.js';
import { barChart, stackedBarChart } from '../../domain/charts.js';
import { daysBetween, formatDateLong, formatDateRange, formatDateShort, todayIso } from '../../domain/dates.js';
import { isLandCode, landName } from '../../domain/laender.js';
import { RESPONSE_BUCKETS } from '../../domain/response-time.js';
import { ACTORS } from '../../domain/actors.js';
import {
  allConferencesTotals,
  conferenceStatistics,
  implementationReport,
  OLDEST_OPEN,
  sumOf,
  type ReportScope,
  type StatusCounts,
} from '../../services/statistics.js';
import { repeatedDemandStatistics } from '../../services/repeat-statistics.js';
import { repeatedDemandsView } from '../repeat-labels.js';
import { agendaItemCsvCell, column, csvText } from '../../services/export.js';
import type { SpreadsheetType } from '../../services/spreadsheet.js';
import { exportLinks, refuseDownload, sendSpreadsheet, sendTable, type Cell, type ExportTable, TABLE_FORMATS } from '../table-export.js';
import { publicHead } from '../page-head.js';
import { pdfAvailable } from '../../services/pdf-print.js';
import { renderNotFound } from '../../plugins/errors.js';
import { translate } from '../../i18n.js';
import { AsOfQuery, ConferenceParam, meetingAfterAsOf, MeetingParam, readAsOf, readYearParam } from '../params.js';
import { ADDRESSEES, DEMAND_STATUSES } from '../../domain/vocabulary.js';

const ReportQuery = Type.Object(
  {
    // generous limits: a wrong year gets the page's own message, not the schema's generic 400
    von: Type.Optional(Type.String({ maxLength: 200 })),
    bis: Type.Optional(Type.String({ maxLength: 200 })),
    stand: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);

/** Messages about invalid query values: for the page (which leaves them out) and for a download (refused). */
interface ScopeErrors {
  errors: string[];
  fileErrors: string[];
}

function readYear(name: 'von' | 'bis', value: string | undefined, { errors, fileErrors }: ScopeErrors): number | null {
  const { year, invalid } = readYearParam(name, value);
  if (invalid) {
    errors.push(translate('statistics.filter.yearInvalid', invalid));
    fileErrors.push(translate('statistics.filter.yearInvalidFile', invalid));
  }
  return year;
}

/** Reads `von`, `bis` and `stand`; what is invalid is left out and named in `errors` (`fileErrors` for a download). */
function readScope(query: { von?: string; bis?: string; stand?: string }): { scope: ReportScope } & ScopeErrors {
  const messages: ScopeErrors = { errors: [], fileErrors: [] };
  let fromYear = readYear('von', query.von, messages);
  let toYear = readYear('bis', query.bis, messages);
  if (fromYear !== null && toYear !== null && fromYear > toYear) {
    messages.errors.push(translate('statistics.filter.yearOrder', { from: fromYear, to: toYear }));
    messages.fileErrors.push(translate('statistics.filter.yearOrderFile', { from: fromYear, to: toYear }));
    fromYear = null;
    toYear = null;
  }
  const { asOf, asOfError, fileError } = readAsOf(query.stand);
  if (asOfError) messages.errors.push(asOfError);
  if (fileError) messages.fileErrors.push(fileError);
  return { scope: { fromYear, toYear, asOf }, ...messages };
}

/** The query string of a scope ('' without any), for links between the report pages. */
/** A page's description, as of a day with that day: "… Stand am 1. Januar 2018." */
function datedDescription(description: string, asOf: string | null): string {
  return asOf ? translate('meta.asOf', { description, date: formatDateLong(asOf) }) : description;
}

function scopeQuery(scope: ReportScope): string {
  const params = new URLSearchParams();
  if (scope.fromYear !== null) params.set('von', String(scope.fromYear));
  if (scope.toYear !== null) params.set('bis', String(scope.toYear));
  if (scope.asOf !== null) params.set('stand', scope.asOf);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** The form and notices of the scope, as the statistics pages show them. */
function scopeView(scope: ReportScope, errors: string[], selfUrl: string, years: { first: number; last: number } | null) {
  const range =
    scope.fromYear !== null && scope.toYear !== null
      ? translate('statistics.filter.rangeBoth', { from: scope.fromYear, to: scope.toYear })
      : scope.fromYear !== null
        ? translate('statistics.filter.rangeFrom', { from: scope.fromYear })
        : scope.toYear !== null
          ? translate('statistics.filter.rangeTo', { to: scope.toYear })
          : translate('statistics.filter.rangeAll');
  const filtered = scope.fromYear !== null || scope.toYear !== null || scope.asOf !== null;
  return {
    selfUrl,
    errors,
    von: scope.fromYear ?? '',
    bis: scope.toYear ?? '',
    stand: scope.asOf ?? '',
    minYear: years?.first ?? 1949,
    maxYear: years?.last ?? Number(todayIso().slice(0, 4)),
    active: filtered
      ? translate('statistics.filter.active', {
          range,
          asOf: scope.asOf ? translate('statistics.filter.asOf', { date: formatDateLong(scope.asOf) }) : '',
        })
      : null,
  };
}

/** One formatter: toLocaleString builds a new one per call, the largest cost of these pages. */
const GERMAN_NUMBER = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 });

function percent(share: number): string {
  return `${GERMAN_NUMBER.format(share * 100)}\u00a0%`;
}

function number(value: number): string {
  return GERMAN_NUMBER.format(value);
}


/** A row of a status table: label (and link), counts, total and share as text. */
function statusRow(label: string, stats: StatusCounts, url: string | null = null) {
  return { label, url, counts: stats.counts, total: stats.total, share: percent(stats.implementedShare), shareValue: stats.implementedShare };
}

function addresseeLabel(code: string): string {
  if (code === '') return translate('statistics.noAddressee');
  if ((ADDRESSEES as readonly string[]).includes(code)) return translate(`addressee.${code}`);
  return ACTORS.find((actor) => actor.code === code)?.name ?? code;
}

const statuses = () => DEMAND_STATUSES.map((status) => ({ status, label: translate(`status.${status}`) }));

/** Status tables as downloads: one row per table row, the statuses as columns. */
function statusTable(name: string, meta: Record<string, unknown>, rows: { table: string; label: string; stats: ReturnType<typeof statusRow> }[]): ExportTable<Record<string, Cell>> {
  return {
    name,
    sheet: translate('statistics.nav'),
    meta,
    columns: [
      column('table'),
      column('label', 'row'),
      ...DEMAND_STATUSES.map((status) => ({ key: status, header: translate(`status.${status}`) })),
      column('total'),
      // the spreadsheet file holds the share as a number shown as a percentage (CSV and JSON: "42,5 %")
      { ...column('share', 'share', 'percent'), xlsx: (_value, row) => row.shareValue ?? null },
    ],
    rows: rows.map(({ table, label, stats }) => ({
      table,
      label,
      ...Object.fromEntries(DEMAND_STATUSES.map((status) => [status, stats.counts[status]])),
      total: stats.total,
      share: stats.share.replace('\u00a0', ' '),
      shareValue: stats.shareValue,
    })),
  };
}

function scopeMeta(scope: ReportScope) {
  return { fromYear: scope.fromYear, toYear: scope.toYear, asOf: scope.asOf };
}

/** The implementation report's download columns (report.csvColumns.*) and their types in the spreadsheet file. */
const REPORT_FILE_COLUMNS: readonly (readonly [string, SpreadsheetType | undefined])[] = [
  ['agendaItem', 'text'],
  ['title', 'text'],
  ['demand', 'text'],
  ['status', 'text'],
  ['latestDate', 'date'],
  ['latestKind', 'text'],
  ['latestSummary', 'text'],
  ['latestVisibility', 'text'],
];

const reportRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  for (const format of TABLE_FORMATS) {
    fastify.get(
      `/statistik.${format}`,
      { schema: { querystring: ReportQuery }, config: { publicPage: true, access: 'public' } },
      async (request, reply) => {
        const { scope, fileErrors } = readScope(request.query);
        if (fileErrors.length > 0) return refuseDownload(reply, fileErrors);
        const reports = await allConferencesTotals(fastify.db, request.viewer, scope);
        const table = translate('statistics.overview.conference');
        return sendTable(reply, format, statusTable('statistik', scopeMeta(scope), [
          ...reports.map((report) => ({ table, label: report.conference.shortName, stats: statusRow(report.conference.shortName, report) })),
          { table, label: translate('statistics.overview.all'), stats: statusRow('', sumOf(reports)) },
        ]));
      },
    );
    fastify.get(
      `/:conference/statistik.${format}`,
      { schema: { params: Type.Object({ conference: ConferenceParam }), querystring: ReportQuery }, config: { publicPage: true, access: 'public' } },
      async (request, reply) => {
        const { scope, fileErrors } = readScope(request.query);
        if (fileErrors.length > 0) return refuseDownload(reply, fileErrors);
        const stats = conferenceStatistics(fastify.db, request.viewer, request.params.conference, scope);
        if (!stats) return renderNotFound(request, reply);
        const { conference } = stats;
        const rows = [
          ...stats.meetings.map((m) => ({ table: translate('statistics.byMeeting'), label: meetingLabel(conference.shortName, m), stats: statusRow('', m) })),
          ...stats.byYear.map((y) => ({ table: translate('statistics.byYear'), label: String(y.year), stats: statusRow('', y) })),
          ...stats.byLand.map((l) => ({ table: translate('statistics.byLand'), label: isLandCode(l.land) ? landName(l.land) : l.land, stats: statusRow('', l) })),
          ...stats.byAddressee.map((a) => ({ table: translate('statistics.byAddressee'), label: addresseeLabel(a.addressee), stats: statusRow('', a) })),
          { table: translate('statistics.all'), label: conference.shortName, stats: statusRow('', stats) },
        ];
        return sendTable(reply, format, statusTable(`statistik-${conference.slug}`, { conference: conference.slug, ...scopeMeta(scope) }, rows));
      },
    );
  }

  fastify.get(
    '/statistik',
    { schema: { querystring: ReportQuery }, config: { publicPage: true, access: 'public' } },
    async (request, reply) => {
      const { scope, errors } = readScope(request.query);
      const reports = await allConferencesTotals(fastify.db, request.viewer, scope);
      const query = scopeQuery(scope);
      const rows = reports.map((report) =>
        statusRow(report.conference.shortName, report, `${conferencePath(report.conference.slug)}/statistik${query}`),
      );
      const years = reports.flatMap((report) => (report.years ? [report.years] : []));
      return reply.viewAsync('pages/statistics-overview.hbs', {
        title: translate('statistics.overview.title'),
        head: publicHead(fastify.config.publicUrl, `/statistik${query}`, datedDescription(translate('meta.statistics'), scope.asOf)),
        breadcrumbs: [{ label: translate('statistics.overview.nav') }],
        statuses: statuses(),
        exports: exportLinks('/statistik', query),
        filter: scopeView(scope, errors, '/statistik', years.length === 0 ? null : {
          first: Math.min(...years.map((y) => y.first)),
          last: Math.max(...years.map((y) => y.last)),
        }),
        rows,
        footer: statusRow(translate('statistics.overview.all'), sumOf(reports)),
        chart: stackedBarChart(rows),
        chartDescription: translate('statistics.overview.chartDescription', { conferences: rows.length }),
        repeated: repeatedDemandsView(repeatedDemandStatistics(fastify.db, request.viewer, scope)),
      });
    },
  );

  fastify.get(
    '/:conference/statistik',
    { schema: { params: Type.Object({ conference: ConferenceParam }), querystring: ReportQuery }, config: { publicPage: true, access: 'public' } },
    async (request, reply) => {
      const { scope, errors } = readScope(request.query);
      const stats = conferenceStatistics(fastify.db, request.viewer, request.params.conference, scope);
      if (!stats) return renderNotFound(request, reply);
      const { conference } = stats;
      const query = scopeQuery(scope);
      const meetingRows = stats.meetings.map((m) => statusRow(meetingLabel(conference.shortName, m), m, meetingPath(conference.slug, m.urlKey) + (scope.asOf ? `?stand=${scope.asOf}` : '')));
      const yearRows = stats.byYear.map((y) => statusRow(String(y.year), y));
      const { response } = stats;
      const bucketRows = RESPONSE_BUCKETS.map((bucket) => ({
        label: translate(`statistics.response.buckets.${bucket}`),
        count: response.histogram[bucket],
        kind: bucket === 'none' ? 'none' : 'response',
        share: percent(response.demands === 0 ? 0 : response.histogram[bucket] / response.demands),
      }));
      const until = scope.asOf ?? todayIso();
      return reply.viewAsync('pages/statistics.hbs', {
        title: translate('statistics.title', { conference: conference.shortName }),
        head: publicHead(fastify.config.publicUrl, `${conferencePath(conference.slug)}/statistik${query}`, datedDescription(translate('meta.conferenceStatistics', { name: conference.shortName }), scope.asOf)),
        breadcrumbs: [
          { label: translate('statistics.overview.nav'), url: `/statistik${query}` },
          { label: conference.shortName, url: conferencePath(conference.slug) },
          { label: translate('statistics.nav') },
        ],
        conference,
        statuses: statuses(),
        filter: scopeView(scope, errors, `${conferencePath(conference.slug)}/statistik`, stats.years),
        exports: exportLinks(`${conferencePath(conference.slug)}/statistik`, query),
        total: stats.total,
        share: percent(stats.implementedShare),
        footer: statusRow(translate('statistics.all'), stats),
        yearFooter: statusRow(translate('statistics.allYears'), stats),
        meetingRows,
        meetingChart: stackedBarChart(meetingRows),
        meetingChartDescription: translate('statistics.chartDescription', { conference: conference.shortName, meetings: meetingRows.length }),
        yearRows,
        yearChart: stackedBarChart(yearRows),
        yearChartDescription: translate('statistics.yearChartDescription', { conference: conference.shortName, years: yearRows.length }),
        landRows: stats.byLand.map((l) => statusRow(isLandCode(l.land) ? landName(l.land) : l.land, l)),
        addresseeRows: stats.byAddressee.map((row) => statusRow(addresseeLabel(row.addressee), row)),
        response: {
          ...response,
          median: response.medianDays === null ? null : number(response.medianDays),
          medianMonths: response.medianDays === null ? null : number(Math.round((response.medianDays / 30.44) * 10) / 10),
          buckets: bucketRows,
          chart: barChart(bucketRows),
        },
        oldest: stats.oldestOpen.map((demand) => ({
          ...demand,
          url: `${resolutionPath(conference.slug, demand.meetingUrlKey, demand.agendaItem)}${scope.asOf ? `?stand=${scope.asOf}` : ''}#${demandAnchor(demand.number)}`,
          demandLabel: demand.number === null ? translate('resolution.demandUnnumbered') : translate('resolution.demand', { number: demand.number }),
          meetingLabel: meetingLabel(conference.shortName, { number: demand.meetingNumber, year: demand.meetingYear, startDate: demand.meetingStartDate }),
          meetingUrl: meetingPath(conference.slug, demand.meetingUrlKey),
          days: number(Math.max(0, daysBetween(demand.meetingDate, until) ?? 0)),
        })),
        oldestMax: OLDEST_OPEN,
        stale: stats.stale,
      });
    },
  );

  const MeetingParams = Type.Object({ conference: ConferenceParam, meeting: MeetingParam });

  fastify.get(
    '/:conference/:meeting/umsetzungsbericht',
    { schema: { params: MeetingParams, querystring: AsOfQuery }, config: { publicPage: true, access: 'public' } },
    async (request, reply) => {
      const { asOf, asOfError } = readAsOf(request.query.stand);
      const report = implementationReport(fastify.db, request.viewer, request.params.conference, request.params.meeting, asOf);
      if (!report) return renderNotFound(request, reply);
      const { conference, meeting } = report;
      const label = meetingLabel(conference.shortName, meeting);
      const selfUrl = `${meetingPath(conference.slug, meeting.urlKey)}/umsetzungsbericht`;
      const heading = asOf ? translate('report.asOfTitle', { meeting: label, date: formatDateShort(asOf) }) : translate('report.title', { meeting: label });
      return reply.viewAsync('pages/implementation-report.hbs', {
        title: heading,
        head: publicHead(fastify.config.publicUrl, `${selfUrl}${asOf ? `?stand=${asOf}` : ''}`, datedDescription(translate('meta.report', { meeting: label }), asOf)),
        heading,
        breadcrumbs: [
          { label: conference.shortName, url: conferencePath(conference.slug) },
          { label, url: meetingPath(conference.slug, meeting.urlKey) },
          { label: translate('report.nav') },
        ],
        label,
        conference,
        dates: formatDateRange(meeting.startDate, meeting.endDate),
        selfUrl,
        asOf,
        asOfLong: formatDateLong(asOf),
        asOfError,
        meetingAfterAsOf: meetingAfterAsOf(asOf, meeting.startDate),
        documents: {
          xlsx: `${selfUrl}.xlsx${asOf ? `?stand=${asOf}` : ''}`,
          csv: `${selfUrl}.csv${asOf ? `?stand=${asOf}` : ''}`,
          docx: `${selfUrl}.docx${asOf ? `?stand=${asOf}` : ''}`,
          pdf: pdfAvailable(fastify.config.pdfPrinting) ? `${selfUrl}.pdf${asOf ? `?stand=${asOf}` : ''}` : null,
        },
        showsInternal: report.showsInternal,
        items: report.items.map((item) => ({
          ...item,
          url: resolutionPath(conference.slug, meeting.urlKey, item.agendaItem) + (asOf ? `?stand=${asOf}` : ''),
          demands: item.demands.map((d) => ({ ...d, anchor: demandAnchor(d.number) })),
        })),
      });
    },
  );

  for (const format of ['xlsx', 'csv'] as const) {
    fastify.get(
      `/:conference/:meeting/umsetzungsbericht.${format}`,
      { schema: { params: MeetingParams, querystring: AsOfQuery }, config: { publicPage: true, access: 'public' } },
      async (request, reply) => {
        const { asOf, fileError } = readAsOf(request.query.stand);
        if (fileError) return refuseDownload(reply, [fileError]);
        const report = implementationReport(fastify.db, request.viewer, request.params.conference, request.params.meeting, asOf);
        if (!report) return renderNotFound(request, reply);
        const columns = REPORT_FILE_COLUMNS.map(([key, type]) => ({ header: translate(`report.csvColumns.${key}`), type }));
        const rows = report.items.flatMap((item) =>
          item.demands.map((d) => [
            // "TOP 2.12" in the CSV file, which spreadsheets would otherwise read as a date; a text cell in the spreadsheet file
            format === 'csv' ? agendaItemCsvCell(item.agendaItem) : item.agendaItem,
            item.title,
            d.number,
            translate(`status.${d.status}`),
            d.latest?.date ?? null,
            d.latest ? translate(`followUpKind.${d.latest.kind}`) : null,
            d.latest?.summary ?? null,
            d.latest ? translate(`report.visibility.${d.latest.visibility}`) : null,
          ]),
        );
        const file = `umsetzungsbericht-${report.conference.slug}-${report.meeting.urlKey}${asOf ? `-stand-${asOf}` : ''}.${format}`;
        if (format === 'xlsx') return sendSpreadsheet(reply, file, translate('report.nav'), columns, rows);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${file}"`)
          .send(csvText(columns.map((column) => column.header), rows));
      },
    );
  }
};

export default reportRoutes;
