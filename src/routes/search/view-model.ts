/**
 * Turning a search result into what the search page, the exports and the feeds show: labels,
 * URLs, facet links that keep the whole state. No I/O.
 */
import { resolutionPath, meetingLabel as labelOfMeeting } from '../../domain/citation.js';
import { isLandCode, landName, sortLandCodes, LAND_CODES, LAENDER } from '../../domain/laender.js';
import { translate } from '../../i18n.js';
import type { FacetName, SearchFilters, SearchHit, SearchResult } from '../../services/search.js';
import { searchQueryString, type SearchState } from './params.js';
import type { Addressee, DemandStatus, Outcome } from '../../domain/vocabulary.js';

/** Translated once: the search page looks these up for every facet value and option. */
function memo(prefix: string): (value: string) => string {
  const labels = new Map<string, string>();
  return (value) => {
    let label = labels.get(value);
    if (label === undefined) {
      label = translate(`${prefix}.${value}`);
      labels.set(value, label);
    }
    return label;
  };
}

/** German labels of the codes the search service returns. */
export interface SearchLabels {
  outcome: (v: Outcome) => string;
  status: (v: DemandStatus) => string;
  addressee: (v: Addressee) => string;
}

export const SEARCH_LABELS: SearchLabels = {
  outcome: memo('outcome'),
  status: memo('status'),
  addressee: memo('addressee'),
};

const facetLabel = memo('search.facet');

/** The label of a facet value: conferences by short name, years as they are, codes translated. */
function facetValueLabel(name: FacetName, value: string, conferenceNames: ReadonlyMap<string, string>): string {
  switch (name) {
    case 'conference':
      return conferenceNames.get(value) ?? value;
    case 'year':
      return value;
    case 'land':
      return isLandCode(value) ? landName(value) : value;
    default:
      return SEARCH_LABELS[name](value as never);
  }
}

export function meetingLabel(hit: Pick<SearchHit, 'conference' | 'meeting'>): string {
  return labelOfMeeting(hit.conference.shortName, hit.meeting);
}

/**
 * A hit's page; a search as of a day (`?stand=`) links the page as of that day, which shows the
 * statuses the search counted and filtered by — not today's.
 */
export function hitPath(hit: Pick<SearchHit, 'conference' | 'meeting' | 'agendaItem'>, asOf: string | null = null): string {
  return `${resolutionPath(hit.conference.slug, hit.meeting.urlKey, hit.agendaItem)}${asOf ? `?stand=${asOf}` : ''}`;
}

export function sponsorsText(hit: Pick<SearchHit, 'sponsors'>): string {
  if (hit.sponsors.length === LAND_CODES.length) return translate('meeting.allLaender');
  return sortLandCodes(hit.sponsors).map(landName).join(', ');
}

/** The filter each facet sets, and how a value of it is written into the filters. */
const FACET_FILTER: Record<FacetName, (value: string) => Partial<SearchFilters>> = {
  conference: (value) => ({ conference: value }),
  year: (value) => ({ yearFrom: Number(value), yearTo: Number(value) }),
  land: (value) => ({ land: value as SearchFilters['land'] }),
  outcome: (value) => ({ outcome: value as SearchFilters['outcome'] }),
  status: (value) => ({ status: value as SearchFilters['status'] }),
  addressee: (value) => ({ addressee: value as SearchFilters['addressee'] }),
};

const CLEAR: Record<FacetName, Partial<SearchFilters>> = {
  conference: { conference: null },
  year: { yearFrom: null, yearTo: null },
  land: { land: null },
  outcome: { outcome: null },
  status: { status: null },
  addressee: { addressee: null },
};

function selectedValue(name: FacetName, filters: SearchFilters): string | null {
  switch (name) {
    case 'conference':
      return filters.conference;
    case 'year':
      return filters.yearFrom !== null && filters.yearFrom === filters.yearTo ? String(filters.yearFrom) : null;
    default:
      return filters[name];
  }
}

export const FACET_ORDER: readonly FacetName[] = ['conference', 'year', 'land', 'outcome', 'status', 'addressee'];

/**
 * Facet links of a result. Memoised per facet object (shared by every answer the search
 * service's result cache gives for the same search) and state: a page of ~100 links is built once.
 */
const facetLinkCache = new WeakMap<SearchResult['facets'], Map<string, ReturnType<typeof buildFacetLinks>>>();

export function facetLinks(
  result: SearchResult,
  state: SearchState,
  conferenceNames: ReadonlyMap<string, string>,
  base = '/suche',
) {
  const key = base + searchQueryString(state, { page: 1 });
  let perFacets = facetLinkCache.get(result.facets);
  if (!perFacets) {
    perFacets = new Map();
    facetLinkCache.set(result.facets, perFacets);
  }
  let links = perFacets.get(key);
  if (!links) {
    links = buildFacetLinks(result, state, conferenceNames, base);
    perFacets.set(key, links);
  }
  return links;
}

function buildFacetLinks(
  result: SearchResult,
  state: SearchState,
  conferenceNames: ReadonlyMap<string, string>,
  base: string,
) {
  return FACET_ORDER.filter((name) => result.facets[name].length > 0).map((name) => {
    const selected = selectedValue(name, state.filters);
    return {
      name,
      label: facetLabel(name),
      values: result.facets[name].map((value) => {
        const isSelected = selected === value.value;
        return {
          ...value,
          label: facetValueLabel(name, value.value, conferenceNames),
          selected: isSelected,
          url: base + searchQueryString(state, { filters: isSelected ? CLEAR[name] : FACET_FILTER[name](value.value) }),
        };
      }),
    };
  });
}

/** The active filters, each with a link that removes it. */
export function activeFilters(state: SearchState, conferenceNames: ReadonlyMap<string, string>, base = '/suche') {
  const f = state.filters;
  const list: { label: string; value: string; removeUrl: string }[] = [];
  const add = (name: FacetName, value: string, clear: Partial<SearchFilters>) =>
    list.push({
      label: facetLabel(name),
      value,
      removeUrl: base + searchQueryString(state, { filters: clear }),
    });
  if (f.conference) add('conference', conferenceNames.get(f.conference) ?? f.conference, CLEAR.conference);
  if (f.yearFrom !== null || f.yearTo !== null) {
    const value =
      f.yearFrom === f.yearTo
        ? String(f.yearFrom)
        : f.yearFrom === null
          ? translate('search.yearUntil', { year: f.yearTo })
          : f.yearTo === null
            ? translate('search.yearFrom', { year: f.yearFrom })
            : `${f.yearFrom}–${f.yearTo}`;
    add('year', value, CLEAR.year);
  }
  if (f.land) add('land', landName(f.land), CLEAR.land);
  if (f.outcome) add('outcome', SEARCH_LABELS.outcome(f.outcome), CLEAR.outcome);
  if (f.status) add('status', SEARCH_LABELS.status(f.status), CLEAR.status);
  if (f.addressee) add('addressee', SEARCH_LABELS.addressee(f.addressee), CLEAR.addressee);
  return list;
}

/** Page links around the current page: first, last, and two on either side. */
export function pagination(result: SearchResult, state: SearchState, base = '/suche') {
  if (result.pages <= 1) return null;
  const url = (page: number) => base + searchQueryString(state, { page });
  const pages: { number: number; url: string; current: boolean }[] = [];
  let last = 0;
  const gaps: number[] = [];
  for (let n = 1; n <= result.pages; n++) {
    if (n === 1 || n === result.pages || Math.abs(n - result.page) <= 2) {
      if (last && n - last > 1) gaps.push(n);
      pages.push({ number: n, url: url(n), current: n === result.page });
      last = n;
    }
  }
  return {
    previous: result.page > 1 ? url(result.page - 1) : null,
    next: result.page < result.pages ? url(result.page + 1) : null,
    pages: pages.map((p) => ({ ...p, gapBefore: gaps.includes(p.number) })),
  };
}

export function selectOptions<T extends string>(values: readonly T[], selected: string | null, label: (v: T) => string) {
  return values.map((value) => ({ value, label: label(value), selected: value === selected }));
}

export const LAND_OPTIONS = LAENDER;
