/**
 * Search: the page /suche, its result list as CSV and JSON, and as an Atom feed.
 * HTTP only: read the state from the query string, call the search service, render.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatDateLong, formatDateShort, todayIso } from '../../domain/dates.js';
import { translate } from '../../i18n.js';
import { searchResultsXlsx, toCsv, type ExportRow } from '../../services/export.js';
import { XLSX_CONTENT_TYPE } from '../../services/spreadsheet.js';
import { atom, feedDate, lastPublished, resolutionEntryIds } from '../../services/feeds.js';
import {
  searchConferences,
  searchResolutions,
  type SearchHit,
  type SearchResult,
  type SearchSort,
} from '../../services/search.js';
import { searchWarmUpSteps, WARM_UP_CAP } from '../../services/search/warm-up.js';
import { PUBLIC_VIEWER, type Viewer } from '../../services/visibility.js';
import { wordingChangedAfter } from '../../services/versions.js';
import { pageBeyondNotice } from '../params.js';
import { RATE_LIMIT_WARM_UP } from '../rate-limits.js';
import { readSearchState, searchQueryString, SearchQuerystring, sortParam, SORTS, type FormField, type SearchState } from './params.js';
import { refuseDownload } from '../table-export.js';
import {
  activeFilters,
  facetLinks,
  hitPath,
  LAND_OPTIONS,
  meetingLabel,
  pagination,
  SEARCH_LABELS,
  selectOptions,
  sponsorsText,
} from './view-model.js';
import { ADDRESSEES, DEMAND_STATUSES, OUTCOMES } from '../../domain/vocabulary.js';
import { publicHead } from '../page-head.js';

/** Largest result list in one download (the newest matches, ranked). */
export const EXPORT_LIMIT = 5_000;
const FEED_LIMIT = 50;
const PAGE_SIZE = 20;
const SORT_LABELS = new Map(SORTS.map((s) => [s, translate(`search.sort.${s}`)]));
const HITS_WORD = translate('search.hitsWord');
const PAGE_WORD = translate('search.page');

/** The search's state read from the query string, with the conferences the viewer may filter by. */
function readState(db: FastifyInstance['db'], querystring: SearchQuerystring, viewer: Viewer) {
  const conferenceList = searchConferences(db, viewer);
  return { state: readSearchState(querystring, conferenceList.map((c) => c.slug)), conferenceList };
}

function runSearch(
  db: FastifyInstance['db'],
  querystring: SearchQuerystring,
  viewer: Viewer,
  options: Parameters<typeof searchResolutions>[4],
  { state, conferenceList } = readState(db, querystring, viewer),
) {
  const result = searchResolutions(
    db,
    viewer,
    state.query,
    state.filters,
    { ...options, page: options?.page ?? state.page, asOf: state.asOf },
  );
  return { state, result, conferenceList };
}

/** What the page shows of each hit; memoised per hit list (shared by result-cache answers). */
const hitViewCache = new WeakMap<SearchHit[], ReturnType<typeof buildHitViews>>();

/**
 * `asOf`: the search's day, which its result list (and so this cache's key, read for one level of
 * visibility) belongs to. As of a day, a hit whose wording was changed after it is marked: the
 * search found it in today's wording (services/versions.ts wordingChangedAfter).
 */
function buildHitViews(db: FastifyInstance['db'], viewer: Viewer, hits: SearchHit[], asOf: string | null) {
  const changed = asOf === null ? null : wordingChangedAfter(db, viewer, hits.map((hit) => hit.id), asOf);
  const changedText = asOf === null ? null : translate('search.wordingChanged', { date: formatDateLong(asOf) });
  return hits.map((hit) => {
    const sponsors = sponsorsText(hit);
    return {
      url: hitPath(hit, asOf),
      agendaItem: hit.agendaItem,
      titleSegments: hit.titleSegments,
      snippet: hit.snippet,
      snippetInDocument: hit.snippetInDocument,
      meetingLabel: meetingLabel(hit),
      conferenceName: hit.conference.name,
      date: formatDateShort(hit.meeting.startDate),
      outcome: SEARCH_LABELS.outcome(hit.outcome),
      // the sentence, not the list: translated once per result list, not on every rendering
      sponsoredBy: sponsors ? translate('search.sponsoredBy', { sponsors }) : null,
      release: hit.release === 'public' ? null : hit.release,
      wordingChanged: changed?.has(hit.id) ? changedText : null,
    };
  });
}

function hitViews(db: FastifyInstance['db'], viewer: Viewer, hits: SearchHit[], asOf: string | null) {
  let views = hitViewCache.get(hits);
  if (!views) {
    views = buildHitViews(db, viewer, hits, asOf);
    hitViewCache.set(hits, views);
  }
  return views;
}

type ConferenceList = ReturnType<typeof searchConferences>;

function buildFormOptions(conferenceList: ConferenceList, state: SearchState) {
  return {
    conferences: conferenceList.map((c) => ({
      value: c.slug,
      label: `${c.shortName} – ${c.name}`,
      selected: c.slug === state.filters.conference,
    })),
    laender: LAND_OPTIONS.map((l) => ({ value: l.code, label: l.name, selected: l.code === state.filters.land })),
    outcomes: selectOptions(OUTCOMES, state.filters.outcome, SEARCH_LABELS.outcome),
    statuses: selectOptions(DEMAND_STATUSES, state.filters.status, SEARCH_LABELS.status),
    addressees: selectOptions(ADDRESSEES, state.filters.addressee, SEARCH_LABELS.addressee),
    sorts: SORTS.map((s) => ({ value: sortParam(s), label: SORT_LABELS.get(s)!, selected: s === state.sort })),
  };
}

/**
 * The options of the form's lists (about 60, with the one selected), memoised per conference list
 * (the search service keeps one per database generation) and selection: most requests ask for a
 * form without filters.
 */
const formOptionCache = new WeakMap<ConferenceList, Map<string, ReturnType<typeof buildFormOptions>>>();
const FORM_OPTION_ENTRIES = 200;

function formOptions(conferenceList: ConferenceList, state: SearchState) {
  const f = state.filters;
  const key = `${f.conference}|${f.land}|${f.outcome}|${f.status}|${f.addressee}|${state.sort}`;
  let perList = formOptionCache.get(conferenceList);
  if (!perList) {
    perList = new Map();
    formOptionCache.set(conferenceList, perList);
  }
  let options = perList.get(key);
  if (!options) {
    if (perList.size >= FORM_OPTION_ENTRIES) perList.clear();
    options = buildFormOptions(conferenceList, state);
    perList.set(key, options);
  }
  return options;
}

function exportRow(hit: SearchHit, publicUrl: string, asOf: string | null): ExportRow {
  return {
    conference: hit.conference.shortName,
    meeting: meetingLabel(hit),
    year: hit.meeting.year,
    date: hit.meeting.startDate,
    agendaItem: hit.agendaItem,
    title: hit.title,
    outcome: SEARCH_LABELS.outcome(hit.outcome),
    sponsors: sponsorsText(hit),
    statuses: hit.statuses.map((s) => SEARCH_LABELS.status(s)).join(', '),
    addressees: hit.addressees.map((a) => SEARCH_LABELS.addressee(a)).join(', '),
    releasedOn: hit.releasedOn,
    url: publicUrl + hitPath(hit, asOf),
  };
}

/** The title of a page of hits: which page of how many, beyond the first of several ("Suche: Kita – Seite 2 von 9"). */
function pageTitle(title: string, result: SearchResult): string {
  return result.searched && result.pages > 1 ? translate('search.titlePage', { title, page: result.page, pages: result.pages }) : title;
}

function summaryText(result: SearchResult, state: SearchState): string {
  const key = result.capped ? 'search.summaryMore' : result.total === 1 ? 'search.summaryOne' : 'search.summary';
  const total = result.total.toLocaleString('de-DE');
  return state.query.input ? translate(key, { count: total, q: state.query.input }) : translate(`${key}Filters`, { count: total });
}

function downloadName(extension: string): string {
  return `beschluesse-suche-${todayIso()}.${extension}`;
}

const SEARCH_PAGE = 'pages/search.hbs';

/** The warm-up's searches: not kept in the result cache, few candidates (a short step). */
const WARM_UP_OPTIONS = { cache: false, cap: WARM_UP_CAP };

/** The search form's field ids by parameter name. */
const FIELD_IDS: Record<FormField, string> = { von: 'suche-von', bis: 'suche-bis', stand: 'suche-stand' };

/** The page's notices as items; one about a form field links to it (like an error summary's). */
function noticeItems(notices: readonly string[], state: SearchState): { message: string; href: string | null }[] {
  const fieldOf = new Map(Object.entries(state.invalidFields).map(([name, invalid]) => [invalid.message, FIELD_IDS[name as FormField]]));
  return notices.map((message) => {
    const id = fieldOf.get(message);
    return { message, href: id ? `#${id}` : null };
  });
}

/** What the search page shows for a query string, as the template's values. */
function searchPage(db: FastifyInstance['db'], publicUrl: string, querystring: SearchQuerystring, viewer: Viewer, options: { cache?: boolean; cap?: number } = {}) {
  const { state, result, conferenceList } = runSearch(db, querystring, viewer, { ...options, pageSize: PAGE_SIZE });
  const conferenceNames = new Map(conferenceList.map((c) => [c.slug, c.shortName]));
  const qs = searchQueryString(state);
  const beyond = result.searched ? pageBeyondNotice(state.page, result.page) : null;
  return {
    title: pageTitle(state.query.input ? translate('search.titleFor', { q: state.query.input }) : translate('search.title'), result),
    // its address as the page writes its links (the page shown, without values it did not heed); described by what it found
    head: publicHead(publicUrl, `/suche${searchQueryString(state, { page: result.page })}`, result.searched ? translate('meta.searchFor', { summary: summaryText(result, state) }) : translate('meta.search')),
    q: state.query.input,
    // above the form, where a phone shows them first; a notice about a field links to it
    notices: noticeItems(beyond ? [...state.notices, beyond] : state.notices, state),
    form: {
      ...formOptions(conferenceList, state),
      // an ignored value stays in its field, with its message beside it, to be corrected
      yearFrom: state.invalidFields.von?.value ?? state.filters.yearFrom ?? '',
      yearTo: state.invalidFields.bis?.value ?? state.filters.yearTo ?? '',
      asOf: state.invalidFields.stand?.value ?? (state.asOf ? formatDateShort(state.asOf) : ''),
      errors: {
        von: state.invalidFields.von?.message ?? null,
        bis: state.invalidFields.bis?.message ?? null,
        stand: state.invalidFields.stand?.message ?? null,
      },
    },
    asOfNotice: state.asOf ? translate('search.asOfNotice', { date: formatDateLong(state.asOf) }) : null,
    searched: result.searched,
    summary: result.searched ? summaryText(result, state) : null,
    capped: result.capped ? translate('search.capped', { cap: result.cap.toLocaleString('de-DE') }) : null,
    activeFilters: activeFilters(state, conferenceNames),
    start: (result.page - 1) * PAGE_SIZE + 1,
    hits: hitViews(db, viewer, result.hits, state.asOf),
    facets: facetLinks(result, state, conferenceNames),
    hitsWord: HITS_WORD,
    pageWord: PAGE_WORD,
    pagination: pagination(result, state),
    downloads: result.searched && result.total > 0
      ? {
          xlsx: `/suche/export.xlsx${qs}`,
          csv: `/suche/export.csv${qs}`,
          json: `/suche/export.json${qs}`,
          atom: `/suche/feed.atom${qs}`,
        }
      : null,
  };
}

/**
 * The warm-up begins this long after the server listens: the first requests after a start (a
 * health check, the first page) are answered before it, not between its steps.
 */
const WARM_UP_DELAY_MS = 1_000;
/** While requests are in flight, the warm-up looks again after this many ms. */
const WARM_UP_RETRY_MS = 10;

/**
 * The search's warm-up steps and, last, the whole page for each warm-up query: one step at a time,
 * and only while no request is in flight, so that the warm-up delays a request by one step at
 * most (the longest, the first whole page, takes some tens of milliseconds on 100,000
 * resolutions). `start` begins them after WARM_UP_DELAY_MS; they stop when the app closes.
 */
function searchWarmUp(fastify: FastifyInstance): { start(): void } {
  let closing = false;
  let timer: NodeJS.Timeout | null = null;
  fastify.addHook('preClose', async () => {
    closing = true;
    if (timer) clearTimeout(timer);
  });
  return {
    start(): void {
      let inFlight = 0;
      const track = (_request: unknown, response: ServerResponse) => {
        inFlight++;
        response.once('close', () => inFlight--);
      };
      fastify.server.on('request', track);
      const steps = [
        // the rate limit's address check comes first in every search request
        ...RATE_LIMIT_WARM_UP,
        ...searchWarmUpSteps(fastify.db, (q) => fastify.view(SEARCH_PAGE, searchPage(fastify.db, fastify.config.publicUrl, { q }, PUBLIC_VIEWER, WARM_UP_OPTIONS))),
      ];
      const started = performance.now();
      let longest = 0;
      const finish = () => {
        fastify.server.off('request', track);
        timer = null;
      };
      const next = (i: number): void => {
        timer = null;
        if (closing) return finish();
        if (i >= steps.length) {
          finish();
          fastify.log.debug({ steps: steps.length, ms: Math.round(performance.now() - started), longestStepMs: Math.round(longest) }, 'search warmed up');
          return;
        }
        if (inFlight > 0) {
          timer = setTimeout(next, WARM_UP_RETRY_MS, i);
          return;
        }
        const stepStarted = performance.now();
        Promise.resolve()
          .then(() => steps[i]!())
          .then(
            () => {
              longest = Math.max(longest, performance.now() - stepStarted);
              if (!closing) timer = setTimeout(next, 0, i + 1);
            },
            (error: unknown) => {
              finish();
              fastify.log.warn({ err: error }, 'warming up the search failed; the first search is slower');
            },
          );
      };
      timer = setTimeout(next, WARM_UP_DELAY_MS, 0);
    },
  };
}

const searchRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/suche',
    { schema: { querystring: SearchQuerystring }, config: { publicPage: true, access: 'public' } },
    async (request, reply) => reply.viewAsync(SEARCH_PAGE, searchPage(fastify.db, fastify.config.publicUrl, request.query, request.viewer)),
  );

  // The first search after a start compiles the search's code and reads the index's first pages:
  // done in the background once the server listens (see services/search/warm-up.ts).
  const warmUp = searchWarmUp(fastify);
  fastify.addHook('onListen', function startWarmUp(done) {
    warmUp.start();
    done();
  });

  async function sendExport(
    request: FastifyRequest<{ Querystring: SearchQuerystring }>,
    reply: FastifyReply,
    format: 'xlsx' | 'csv' | 'json',
  ) {
    const read = readState(fastify.db, request.query, request.viewer);
    if (read.state.fileErrors.length > 0) return refuseDownload(reply, read.state.fileErrors);
    const { state, result } = runSearch(fastify.db, request.query, request.viewer, {
      page: 1,
      pageSize: EXPORT_LIMIT,
      cap: EXPORT_LIMIT,
      snippets: false,
      sort: exportSort(request.query.sortierung),
    }, read);
    // neither a search word nor a filter: the page asks for one; a file would be empty
    if (!result.searched) return refuseDownload(reply, [translate('search.nothingAskedFile')]);
    const rows = result.hits.map((hit) => exportRow(hit, fastify.config.publicUrl, state.asOf));
    reply.header('content-disposition', `attachment; filename="${downloadName(format)}"`);
    if (format === 'xlsx') return reply.type(XLSX_CONTENT_TYPE).send(await searchResultsXlsx(rows));
    if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(rows));
    return reply.type('application/json; charset=utf-8').send({
      query: state.query.input,
      filters: state.filters,
      // the day the statuses (and the addresses) are of; null: today
      asOf: state.asOf,
      total: result.total,
      /** False: more matches than EXPORT_LIMIT; the list holds the most recently recorded ones. */
      complete: !result.capped,
      generatedAt: new Date().toISOString(),
      resolutions: rows,
    });
  }

  /** Exports keep the page's order: relevance, unless sorted by date. */
  function exportSort(value: string | undefined): SearchSort {
    return value === sortParam('date') ? 'date' : 'relevance';
  }

  fastify.get(
    '/suche/export.csv',
    { schema: { querystring: SearchQuerystring }, config: { publicPage: true, access: 'public' } },
    (request, reply) => sendExport(request, reply, 'csv'),
  );

  fastify.get(
    '/suche/export.xlsx',
    { schema: { querystring: SearchQuerystring }, config: { publicPage: true, access: 'public' } },
    (request, reply) => sendExport(request, reply, 'xlsx'),
  );

  fastify.get(
    '/suche/export.json',
    { schema: { querystring: SearchQuerystring }, config: { publicPage: true, access: 'public' } },
    (request, reply) => sendExport(request, reply, 'json'),
  );

  fastify.get(
    '/suche/feed.atom',
    { schema: { querystring: SearchQuerystring }, config: { publicPage: true, access: 'public' } },
    async (request, reply) => {
      // Feeds are fetched without a session: always what the public sees.
      const read = readState(fastify.db, request.query, PUBLIC_VIEWER);
      if (read.state.fileErrors.length > 0) return refuseDownload(reply, read.state.fileErrors);
      const { state, result } = runSearch(fastify.db, request.query, PUBLIC_VIEWER, {
        page: 1,
        pageSize: FEED_LIMIT,
        sort: 'released',
      }, read);
      if (!result.searched) return refuseDownload(reply, [translate('search.nothingAskedFile')]);
      const base = fastify.config.publicUrl;
      const qs = searchQueryString(state);
      const published = lastPublished(fastify.db, null);
      // stable for the life of each resolution, whatever its address becomes
      const entryIds = resolutionEntryIds(fastify.db, result.hits.map((hit) => hit.id));
      const xml = atom(
        {
          self: `${base}/suche/feed.atom${qs}`,
          alternate: `${base}/suche${qs}`,
          title: state.query.input
            ? translate('feeds.searchTitle', { q: state.query.input })
            : translate('feeds.searchTitleFilters'),
          subtitle: translate('feeds.searchSubtitle'),
          siteName: translate('site.name'),
          // a search without hits changes with what the archive publishes
          ...(published === null ? {} : { updated: feedDate(published) }),
        },
        result.hits.map((hit) => ({
          id: entryIds.get(hit.id)!,
          title: `${meetingLabel(hit)}, TOP ${hit.agendaItem}: ${hit.title}`,
          link: `${base}${hitPath(hit, state.asOf)}`,
          updated: feedDate(hit.releasedOn ?? hit.updatedAt),
          summary: hit.snippet?.map((s) => s.text).join('') ?? '',
          category: hit.conference.shortName,
        })),
      );
      return reply.type('application/atom+xml; charset=utf-8').send(xml);
    },
  );
};

export default searchRoutes;
