/**
 * The state of a search as URL query parameters (German names), shared by the search page, its
 * exports and its feed: parsing with German notices for values that make no sense (they are
 * ignored, never an error page), and building URLs that keep the whole state.
 */
import { Type, type Static } from 'typebox';
import { isLandCode } from '../../domain/laender.js';
import { parseQuery, type ParsedQuery } from '../../domain/search-query.js';
import { MAX_DATE_INPUT_LENGTH } from '../../domain/dates.js';
import { NO_FILTERS, type SearchFilters, type SearchSort } from '../../services/search.js';
import { translate } from '../../i18n.js';
import { readAsOf, readChoice, readPage, readYearParam, shown } from '../params.js';
import { ADDRESSEES, DEMAND_STATUSES, OUTCOMES, type Addressee, type DemandStatus, type Outcome } from '../../domain/vocabulary.js';

const param = (maxLength: number, description: string) => Type.Optional(Type.String({ maxLength, description }));

/**
 * Query string of /suche and its exports. Long `q` is accepted and cut by the query parser. The
 * descriptions are the API reference's (/api/v1/search takes the same parameters).
 */
export const SearchQuerystring = Type.Object(
  {
    q: param(8000, 'Suchwörter, alle müssen vorkommen; "…" für eine Wortgruppe, * am Wortende für Wortanfänge (Migrationsberat*), -Wort oder NICHT schließt aus, ODER (OR) zwischen zwei Wörtern'),
    // the filters take any value up to 200 characters: an unknown or invalid one gets the page's
    // notice (a download's or the API's refusal) naming it, not the bare error page
    konferenz: param(200, 'Konferenz (Kurzname in Kleinbuchstaben, z. B. intmk)'),
    von: param(200, 'Sitzungen ab diesem Jahr, z. B. 2015'),
    bis: param(200, 'Sitzungen bis zu diesem Jahr, z. B. 2020'),
    land: param(200, 'Antragsteller oder Mitantragsteller, Länderkürzel (ISO 3166-2:DE ohne Präfix, z. B. NW)'),
    ergebnis: param(200, `Ergebnis des Beschlusses: ${OUTCOMES.join(', ')}`),
    umsetzung: param(200, `Umsetzungsstand einer öffentlichen Ziffer: ${DEMAND_STATUSES.join(', ')} (mit stand: an jenem Tag)`),
    adressat: param(200, `Adressat einer öffentlichen Ziffer: ${ADDRESSEES.join(', ')}`),
    sortierung: param(200, 'relevanz (Voreinstellung) oder datum'),
    seite: param(200, 'Seite der Trefferliste (ab 1)'),
    stand: param(
      MAX_DATE_INPUT_LENGTH,
      'Stand an einem Tag, z. B. 2018-01-01 (auch 01.01.2018): nur Beschlüsse von Sitzungen, die bis zu diesem Tag begonnen haben; Umsetzungsstand, der Filter umsetzung und die Zählungen nach den öffentlichen Folgemaßnahmen bis zu diesem Tag (wie die Seite mit ?stand=). Gesucht wird im heutigen Wortlaut. Kein gültiges Datum: 400',
    ),
  },
  { additionalProperties: false },
);
export type SearchQuerystring = Static<typeof SearchQuerystring>;

export const SORTS: readonly SearchSort[] = ['relevance', 'date'];
const SORT_PARAM: Record<SearchSort, string> = { relevance: 'relevanz', date: 'datum', released: 'freigabe' };

export interface SearchState {
  query: ParsedQuery;
  filters: SearchFilters;
  sort: SearchSort;
  page: number;
  /** Statuses as of this date (`?stand=`), null = today. */
  asOf: string | null;
  /** German messages about the query or ignored parameters. */
  notices: string[];
  /**
   * The form's fields whose value in the URL was ignored (an invalid year or date): the notice
   * about it (one of `notices`) and the value as given, for the page to show at the field.
   */
  invalidFields: Partial<Record<FormField, { message: string; value: string }>>;
  /**
   * Why an export or feed is refused: an invalid date or year (`stand`, `von`, `bis`), an unknown
   * filter or sort would give a file for other resolutions than asked for, and a file cannot show a notice.
   */
  fileErrors: string[];
  /**
   * The same refusals for the JSON API (/api/v1/search): a 400 with these messages instead of
   * results for other resolutions than asked for.
   */
  requestErrors: string[];
}

/** The search form's fields a value of the URL can be wrong in (the selects offer only known values). */
export type FormField = 'von' | 'bis' | 'stand';

/** Where the kinds of message about a bad parameter go: the page (and its field), a download, the API. */
interface Messages {
  notices: string[];
  invalidFields: SearchState['invalidFields'];
  fileErrors: string[];
  requestErrors: string[];
}

function readYear(name: 'von' | 'bis', value: string | undefined, messages: Messages): number | null {
  const { year, invalid } = readYearParam(name, value);
  if (invalid) {
    const message = translate('search.notice.invalidYear', invalid);
    messages.notices.push(message);
    messages.invalidFields[name] = { message, value: value ?? '' };
    messages.fileErrors.push(translate('statistics.filter.yearInvalidFile', invalid));
    messages.requestErrors.push(translate('search.notice.invalidYearRequest', invalid));
  }
  return year;
}

/** An unknown filter value: a notice for the page, a refusal for a file or an API request. */
function unknownFilter(what: string, value: string, messages: Messages): void {
  const named = { what: translate(`search.facet.${what}`), value: shown(value) };
  messages.notices.push(translate('search.notice.invalidFilter', named));
  messages.fileErrors.push(translate('search.notice.invalidFilterFile', named));
  messages.requestErrors.push(translate('search.notice.invalidFilterRequest', named));
}

function readEnum<T extends string>(value: string | undefined, allowed: readonly T[], messages: Messages, what: string): T | null {
  if (value === undefined || value === '') return null;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  unknownFilter(what, value, messages);
  return null;
}

/** Reads the query string; `conferenceSlugs` are the known conferences. */
export function readSearchState(query: SearchQuerystring, conferenceSlugs: readonly string[]): SearchState {
  const messages: Messages = { notices: [], invalidFields: {}, fileErrors: [], requestErrors: [] };
  const { notices, invalidFields, fileErrors, requestErrors } = messages;
  const parsed = parseQuery(query.q);
  for (const code of parsed.notices) notices.push(translate(`search.notice.${code}`));
  let yearFrom = readYear('von', query.von, messages);
  let yearTo = readYear('bis', query.bis, messages);
  if (yearFrom !== null && yearTo !== null && yearFrom > yearTo) {
    notices.push(translate('search.notice.yearsSwapped', { from: yearFrom, to: yearTo }));
    [yearFrom, yearTo] = [yearTo, yearFrom];
  }
  const landInput = query.land ? query.land.toUpperCase() : '';
  const land = isLandCode(landInput) ? landInput : null;
  if (landInput && !land) unknownFilter('land', query.land!, messages);
  const filters: SearchFilters = {
    ...NO_FILTERS,
    conference: readEnum(query.konferenz, conferenceSlugs, messages, 'conference'),
    yearFrom,
    yearTo,
    land,
    outcome: readEnum<Outcome>(query.ergebnis, OUTCOMES, messages, 'outcome'),
    status: readEnum<DemandStatus>(query.umsetzung, DEMAND_STATUSES, messages, 'status'),
    addressee: readEnum<Addressee>(query.adressat, ADDRESSEES, messages, 'addressee'),
  };
  const { choice: sort, unknown: unknownSort } = readChoice(query.sortierung, SORT_PARAM, 'relevance');
  if (unknownSort !== null) {
    notices.push(translate('search.notice.invalidSort', { value: unknownSort }));
    fileErrors.push(translate('search.notice.invalidSortFile', { value: unknownSort }));
    requestErrors.push(translate('search.notice.invalidSortRequest', { value: unknownSort }));
  }
  const { page, notice: pageNotice } = readPage(query.seite);
  if (pageNotice) notices.push(pageNotice);
  const { asOf, asOfError, fileError, requestError } = readAsOf(query.stand);
  if (asOfError) {
    notices.push(asOfError);
    invalidFields.stand = { message: asOfError, value: query.stand ?? '' };
  }
  if (fileError) fileErrors.push(fileError);
  if (requestError) requestErrors.push(requestError);
  return { query: parsed, filters, sort, page, asOf, notices, invalidFields, fileErrors, requestErrors };
}

/** Changes to a state when building a link; `null` removes a filter. */
export interface StateChange {
  q?: string;
  filters?: Partial<SearchFilters>;
  sort?: SearchSort;
  page?: number;
}

/** The query string (with leading "?", or "" when empty) of a state, with changes applied. */
export function searchQueryString(state: SearchState, change: StateChange = {}): string {
  const filters = { ...state.filters, ...change.filters };
  const sort = change.sort ?? state.sort;
  const page = change.page ?? 1;
  // Built by hand (not URLSearchParams): the page builds one per facet value and page link.
  const parts: string[] = [];
  const add = (name: string, value: string) => parts.push(`${name}=${encodeURIComponent(value)}`);
  const q = change.q ?? state.query.input;
  if (q) add('q', q);
  if (filters.conference) add('konferenz', filters.conference);
  if (filters.yearFrom !== null) add('von', String(filters.yearFrom));
  if (filters.yearTo !== null) add('bis', String(filters.yearTo));
  if (filters.land) add('land', filters.land);
  if (filters.outcome) add('ergebnis', filters.outcome);
  if (filters.status) add('umsetzung', filters.status);
  if (filters.addressee) add('adressat', filters.addressee);
  if (sort !== 'relevance') add('sortierung', SORT_PARAM[sort]);
  if (page > 1) add('seite', String(page));
  if (state.asOf) add('stand', state.asOf);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

export function sortParam(sort: SearchSort): string {
  return SORT_PARAM[sort];
}
