/**
 * Follow-up overviews for logged-in users: the reporting requests that are overdue or due soon
 * (/berichtsauftraege) and the Länder dashboard of open demands to the Bund (/dashboard).
 * HTTP only: read the query (bad values get a German notice, never an error page), call the
 * services with the viewer, render.
 */
import { Type, type Static } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { demandAnchor, resolutionPath, meetingLabel } from '../../domain/citation.js';
import { LAENDER, isLandCode, landName, type LandCode } from '../../domain/laender.js';
import { translate } from '../../i18n.js';
import type { Access } from '../../plugins/auth.js';
import { conferenceOptions, DUE_SOON_DAYS, reportingRequests, type ReportingList } from '../../services/reporting.js';
import { todayIso } from '../../domain/dates.js';
import { DEMAND_TEXT_CHARS, landDashboard, type DashboardFilter, type DashboardRow, type DashboardSort } from '../../services/dashboard.js';
import { ForbiddenError } from '../../services/types.js';
import { UNFINISHED_STATUSES } from '../../domain/vocabulary.js';
import { pageBeyondNotice, readChoice, readPage, shown } from '../params.js';
import { agendaItemColumn, column } from '../../services/export.js';
import { exportLinks, refuseDownload, sendTable, TABLE_FORMATS } from '../table-export.js';

const REPORTS_ACCESS: Access = 'authenticated';
const DASHBOARD_ACCESS: Access = ['land', 'secretariat'];

const param = (maxLength: number) => Type.Optional(Type.String({ maxLength }));

const ReportsQuery = Type.Object({ konferenz: param(500) }, { additionalProperties: false });
const DashboardQuery = Type.Object(
  { land: param(500), konferenz: param(500), umsetzung: param(500), sortierung: param(500), seite: param(500) },
  { additionalProperties: false },
);

const SORT_PARAM: Record<DashboardSort, string> = { age: 'alter', silence: 'stille' };

/** How much of a demand's text the dashboard shows. */
const EXCERPT_LENGTH = 200;

/**
 * The beginning of a text, ended at a word with " …" where it is longer than `length` – or where
 * `goesOn` says that the text given was already cut (the dashboard's rows carry only the beginning).
 */
export function excerpt(text: string, length = EXCERPT_LENGTH, goesOn = false): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= length && !goesOn) return flat;
  const cut = flat.slice(0, length);
  const space = cut.lastIndexOf(' ');
  return `${(space > cut.length * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/, '')} …`;
}

/** "1 Berichtsauftrag" / "3 Berichtsaufträge". */
function countText(key: string, count: number): string {
  return count === 1 ? translate(`${key}One`) : translate(key, { count });
}


function demandUrl(slug: string, urlKey: string, agendaItem: string, number: string | null): string {
  return `${resolutionPath(slug, urlKey, agendaItem)}#${demandAnchor(number)}`;
}

function reportRows(list: ReportingList) {
  return list.rows.map((row) => ({
    ...row,
    meetingLabel: meetingLabel(row.conferenceShortName, { number: row.meetingNumber, year: row.meetingYear, startDate: row.meetingStartDate }),
    url: demandUrl(row.conferenceSlug, row.meetingUrlKey, row.agendaItem, row.demandNumber),
    daysLeft: -row.daysOverdue,
    internal: row.release !== 'public',
  }));
}

function listView(list: ReportingList) {
  return {
    total: list.total,
    totalText: countText('reports.count', list.total),
    rows: reportRows(list),
    capped: list.total > list.rows.length,
    shown: list.rows.length,
  };
}

function dashboardRow(row: DashboardRow) {
  return {
    ...row,
    meetingLabel: meetingLabel(row.conferenceShortName, { number: row.meetingNumber, year: row.meetingYear, startDate: row.meetingDate }),
    url: demandUrl(row.conferenceSlug, row.meetingUrlKey, row.agendaItem, row.demandNumber),
    excerpt: excerpt(row.demandText),
    internal: row.release !== 'public',
  };
}

/** Rows ordered by conference and status → nested groups for the page. */
function groupRows(rows: DashboardRow[]) {
  const groups: { slug: string; shortName: string; statuses: { status: string; rows: ReturnType<typeof dashboardRow>[] }[] }[] = [];
  for (const row of rows) {
    let conference = groups.at(-1);
    if (!conference || conference.slug !== row.conferenceSlug) {
      conference = { slug: row.conferenceSlug, shortName: row.conferenceShortName, statuses: [] };
      groups.push(conference);
    }
    let status = conference.statuses.at(-1);
    if (!status || status.status !== row.status) {
      status = { status: row.status, rows: [] };
      conference.statuses.push(status);
    }
    status.rows.push(dashboardRow(row));
  }
  return groups;
}

/**
 * The Land whose dashboard is shown, or a German notice for the page and `fileError` for a download;
 * land users are fixed to their own.
 */
function readLand(request: FastifyRequest, value: string | undefined): { land: LandCode | null; notice: string | null; fileError?: string } {
  const user = request.user!;
  const input = (value ?? '').trim().toUpperCase();
  if (user.role === 'land') {
    const own = user.land && isLandCode(user.land) ? user.land : null;
    if (input !== '' && input !== own) {
      request.log.warn({ userId: user.userId, land: own, requested: value }, 'dashboard of another Land requested');
      throw new ForbiddenError();
    }
    return own ? { land: own, notice: null } : { land: null, notice: translate('dashboard.noLand'), fileError: translate('dashboard.noLandFile') };
  }
  if (input === '') return { land: null, notice: translate('dashboard.chooseLand'), fileError: translate('dashboard.chooseLandFile') };
  if (isLandCode(input)) return { land: input, notice: null };
  const named = { value: shown(value!.trim()) };
  return { land: null, notice: translate('dashboard.invalidLand', named), fileError: translate('dashboard.invalidLandFile', named) };
}

function dashboardUrl(land: LandCode | null, fixedLand: boolean, filter: DashboardFilter, sort: DashboardSort, page: number): string {
  const parts: string[] = [];
  if (land && !fixedLand) parts.push(`land=${land}`);
  if (filter.conference !== null) parts.push(`konferenz=${encodeURIComponent(filter.conference)}`);
  if (filter.status !== null) parts.push(`umsetzung=${filter.status}`);
  if (sort !== 'age') parts.push(`sortierung=${SORT_PARAM[sort]}`);
  if (page > 1) parts.push(`seite=${page}`);
  return `/dashboard${parts.length > 0 ? `?${parts.join('&')}` : ''}`;
}

/** A list's query string for its download links ('' without any). */
function queryOf(values: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value !== undefined && value.trim() !== '') params.set(name, value);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

const REPORT_COLUMNS = [
  column('list'),
  column('dueDate', 'dueDate', 'date'),
  column('days', 'daysOverdue'),
  column('conference'),
  column('meeting'),
  agendaItemColumn(),
  column('title'),
  column('demand'),
  column('status'),
  column('release'),
  column('url'),
] as const;

const DASHBOARD_COLUMNS = [
  column('conference'),
  column('meeting'),
  column('meetingDate', 'meetingDate', 'date'),
  agendaItemColumn(),
  column('title'),
  column('demand'),
  column('text', 'textStart'),
  column('status'),
  column('lastFederalReaction', 'lastFederalReaction', 'date'),
  column('lastFollowUp', 'lastFollowUp', 'date'),
  column('daysSilent'),
  column('stale'),
  column('release'),
  column('url'),
] as const;

const dashboardRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  /** The reporting requests as the page lists them, with the page's filter. */
  function loadReports(request: FastifyRequest<{ Querystring: Static<typeof ReportsQuery> }>) {
    const notices: string[] = [];
    const fileErrors: string[] = [];
    const conferences = conferenceOptions(fastify.db, request.viewer);
    const slug = (request.query.konferenz ?? '').trim().toLowerCase();
    let conference = null;
    if (slug !== '') {
      conference = conferences.find((c) => c.slug === slug) ?? null;
      if (!conference) {
        const named = { value: shown(request.query.konferenz!.trim()) };
        notices.push(translate('reports.invalidConference', named));
        fileErrors.push(translate('reports.invalidConferenceFile', named));
      }
    }
    const data = reportingRequests(fastify.db, request.viewer, conference?.id ?? null, todayIso());
    return { notices, fileErrors, conferences, conference, data };
  }

  for (const format of TABLE_FORMATS) {
    fastify.get(
      `/berichtsauftraege.${format}`,
      { schema: { querystring: ReportsQuery }, config: { access: REPORTS_ACCESS }, preValidation: fastify.guard(REPORTS_ACCESS) },
      async (request, reply) => {
        const { fileErrors, conference, data } = loadReports(request);
        if (fileErrors.length > 0) return refuseDownload(reply, fileErrors);
        const rows = (
          [
            ['overdue', data.overdue],
            ['dueSoon', data.dueSoon],
          ] as const
        ).flatMap(([list, rowsOf]) =>
          reportRows(rowsOf).map((row) => ({
            list: translate(`reports.exportList.${list}`),
            dueDate: row.dueDate,
            days: row.daysOverdue,
            conference: row.conferenceShortName,
            meeting: row.meetingLabel,
            agendaItem: row.agendaItem,
            title: row.title,
            demand: row.demandNumber,
            status: translate(`status.${row.status}`),
            release: translate(`release.${row.release}`),
            url: `${fastify.config.publicUrl}${row.url}`,
          })),
        );
        return sendTable(reply, format, { name: 'berichtsauftraege', sheet: translate('exportSheet.reports'), meta: { conference: conference?.slug ?? null, today: todayIso() }, columns: REPORT_COLUMNS, rows });
      },
    );
  }

  fastify.get(
    '/berichtsauftraege',
    { schema: { querystring: ReportsQuery }, config: { access: REPORTS_ACCESS }, preValidation: fastify.guard(REPORTS_ACCESS) },
    async (request, reply) => {
      const { notices, conferences, conference, data } = loadReports(request);
      return reply.viewAsync('pages/reporting.hbs', {
        exports: exportLinks('/berichtsauftraege', queryOf({ konferenz: conference?.slug })),
        title: translate('reports.title'),
        notices,
        dueSoonDays: DUE_SOON_DAYS,
        horizon: data.horizon,
        conferences: conferences.map((c) => ({
          value: c.slug,
          label: c.name === c.shortName ? c.shortName : `${c.shortName} – ${c.name}`,
          selected: c.id === conference?.id,
        })),
        overdue: listView(data.overdue),
        dueSoon: listView(data.dueSoon),
        showDashboardLink: request.user?.role === 'land' || request.user?.role === 'secretariat',
      });
    },
  );

  /** The dashboard's rows as the page shows them: the Land, the order and the page asked for. */
  function loadDashboard(request: FastifyRequest<{ Querystring: Static<typeof DashboardQuery> }>) {
    const notices: string[] = [];
    const fileErrors: string[] = [];
    const { land, notice, fileError: landError } = readLand(request, request.query.land);
    if (notice) notices.push(notice);
    if (landError) fileErrors.push(landError);
    const { choice: sort, unknown: unknownSort } = readChoice(request.query.sortierung, SORT_PARAM, 'age');
    if (unknownSort !== null) {
      notices.push(translate('dashboard.invalidSort', { value: unknownSort }));
      fileErrors.push(translate('dashboard.invalidSortFile', { value: unknownSort }));
    }
    const { page: requestedPage, notice: pageNotice, fileError: pageError } = readPage(request.query.seite);
    if (pageNotice) notices.push(pageNotice);
    if (pageError) fileErrors.push(pageError);
    // the filters: a conference the viewer sees, an unfinished status; an unknown value is named and ignored (all are shown)
    const conferences = conferenceOptions(fastify.db, request.viewer);
    const slug = (request.query.konferenz ?? '').trim().toLowerCase();
    const conference = slug === '' ? null : (conferences.find((c) => c.slug === slug) ?? null);
    if (slug !== '' && !conference) {
      const named = { value: shown(request.query.konferenz!.trim()) };
      notices.push(translate('dashboard.invalidConference', named));
      fileErrors.push(translate('dashboard.invalidConferenceFile', named));
    }
    const statusInput = (request.query.umsetzung ?? '').trim();
    const status = statusInput === '' ? null : (UNFINISHED_STATUSES.find((s) => s === statusInput) ?? null);
    if (statusInput !== '' && !status) {
      const named = { value: shown(statusInput) };
      notices.push(translate('dashboard.invalidStatus', named));
      fileErrors.push(translate('dashboard.invalidStatusFile', named));
    }
    const filter = { conference: conference?.slug ?? null, status };
    const fixedLand = request.user!.role === 'land';
    const data = land ? landDashboard(fastify.db, request.viewer, land, { sort, page: requestedPage, today: todayIso(), filter }) : null;
    return { notices, fileErrors, land, sort, requestedPage, fixedLand, data, conferences, filter };
  }

  for (const format of TABLE_FORMATS) {
    fastify.get(
      `/dashboard.${format}`,
      { schema: { querystring: DashboardQuery }, config: { access: DASHBOARD_ACCESS }, preValidation: fastify.guard(DASHBOARD_ACCESS) },
      async (request, reply) => {
        const { fileErrors, land, sort, data, filter } = loadDashboard(request);
        if (fileErrors.length > 0) return refuseDownload(reply, fileErrors);
        const rows = (data?.rows ?? []).map(dashboardRow).map((row) => ({
          conference: row.conferenceShortName,
          meeting: row.meetingLabel,
          meetingDate: row.meetingDate,
          agendaItem: row.agendaItem,
          title: row.title,
          demand: row.demandNumber,
          // the beginning, ended at a word with "…" where the text goes on (not in the middle of one)
          text: excerpt(row.demandText, DEMAND_TEXT_CHARS, row.demandText.length > DEMAND_TEXT_CHARS),
          status: translate(`status.${row.status}`),
          lastFederalReaction: row.lastFederalReaction,
          lastFollowUp: row.lastFollowUp,
          daysSilent: row.daysSilent,
          stale: row.stale,
          release: translate(`release.${row.release}`),
          url: `${fastify.config.publicUrl}${row.url}`,
        }));
        return sendTable(reply, format, {
          name: `dashboard-${(land ?? 'ohne-land').toLowerCase()}`,
          sheet: land ? translate('exportSheet.dashboard', { land }) : translate('exportSheet.dashboardNoLand'),
          meta: { land, conference: filter.conference, status: filter.status, sort: SORT_PARAM[sort], page: data?.page ?? 1, pageCount: data?.pageCount ?? 1, total: data?.counts.total ?? 0 },
          columns: DASHBOARD_COLUMNS,
          rows,
        });
      },
    );
  }

  fastify.get(
    '/dashboard',
    { schema: { querystring: DashboardQuery }, config: { access: DASHBOARD_ACCESS }, preValidation: fastify.guard(DASHBOARD_ACCESS) },
    async (request, reply) => {
      const { notices, land, sort, requestedPage, fixedLand, data, conferences, filter } = loadDashboard(request);
      const page = data?.page ?? 1;
      const beyond = data ? pageBeyondNotice(requestedPage, page) : null;
      if (beyond) notices.push(beyond);
      return reply.viewAsync('pages/dashboard.hbs', {
        exports: land ? exportLinks('/dashboard', queryOf({ land: fixedLand ? undefined : land, konferenz: filter.conference ?? undefined, umsetzung: filter.status ?? undefined, sortierung: sort === 'age' ? undefined : SORT_PARAM[sort], seite: page > 1 ? String(page) : undefined })) : null,
        title: translate('dashboard.title'),
        notices,
        fixedLand,
        landName: land ? landName(land) : null,
        laender: LAENDER.map((l) => ({ value: l.code, label: l.name, selected: l.code === land })),
        conferences: conferences.map((c) => ({
          value: c.slug,
          label: c.name === c.shortName ? c.shortName : `${c.shortName} – ${c.name}`,
          selected: c.slug === filter.conference,
        })),
        statuses: UNFINISHED_STATUSES.map((value) => ({ value, label: translate(`status.${value}`), selected: value === filter.status })),
        filtered: filter.conference !== null || filter.status !== null,
        landCode: land,
        sorts: (Object.keys(SORT_PARAM) as DashboardSort[]).map((s) => ({
          value: SORT_PARAM[s],
          label: translate(s === 'age' ? 'dashboard.sortAge' : 'dashboard.sortSilence'),
          selected: s === sort,
        })),
        data: data && {
          counts: data.counts,
          groups: groupRows(data.rows).map((g) => ({
            ...g,
            countText: countText('dashboard.conferenceCount', data.counts.byConference.find((c) => c.slug === g.slug)?.total ?? 0),
          })),
          page: data.page,
          pageCount: data.pageCount,
          previous: page > 1 ? dashboardUrl(land, fixedLand, filter, sort, page - 1) : null,
          next: page < data.pageCount ? dashboardUrl(land, fixedLand, filter, sort, page + 1) : null,
        },
      });
    },
  );
};

export default dashboardRoutes;
