/** Path and query parameters of the archive's stable addresses, shared by pages, feeds and exports. */
import { Type } from 'typebox';
import { formatDateLong, MAX_DATE_INPUT_LENGTH, parseGermanOrIsoDate } from '../domain/dates.js';
import { translate } from '../i18n.js';
import { AGENDA_ITEM_PATTERN } from '../domain/agenda-item.js';
import { isReturnPath } from '../domain/login-address.js';

export const ConferenceParam = Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$' });
export const MeetingParam = Type.String({ pattern: '^([0-9]{1,4}|[0-9]{4}-[0-9]{2}-[0-9]{2})$' });
export const AgendaItemParam = Type.String({ pattern: AGENDA_ITEM_PATTERN.source, maxLength: 40 });
/** The number of a demand (Ziffer): "3", "3a", "II", "2.1". */
export const DemandParam = Type.String({ pattern: '^[0-9A-Za-z]+([.][0-9A-Za-z]+)*$', maxLength: 20 });

/** A list in tabs by state, paged, with a notice after a form: `?status=…&seite=…&hinweis=…`. */
export const StatusListQuery = Type.Object(
  {
    status: Type.Optional(Type.String({ maxLength: 40 })),
    seite: Type.Optional(Type.String({ maxLength: 200 })),
    hinweis: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false },
);

/** `?stand=`: the archive "as of" a date. */
export const AsOfQuery = Type.Object({ stand: Type.Optional(Type.String({ maxLength: MAX_DATE_INPUT_LENGTH })) }, { additionalProperties: false });

/**
 * Reads `?stand=`: a date, or German messages naming the parameter when it is not one — for a
 * page, which shows the current state with `asOfError` (status 200, like every notice about an
 * ignored query value), and for a download, which is refused with `fileError` (400: a file has
 * nothing to show instead).
 */
export function readAsOf(value: string | undefined): { asOf: string | null; asOfError: string | null; fileError: string | null; requestError: string | null } {
  if (value === undefined || value.trim() === '') return { asOf: null, asOfError: null, fileError: null, requestError: null };
  const asOf = parseGermanOrIsoDate(value);
  if (asOf) return { asOf, asOfError: null, fileError: null, requestError: null };
  const named = { name: 'stand', value: shown(value.trim()) };
  return { asOf: null, asOfError: translate('asOf.invalid', named), fileError: translate('asOf.invalidFile', named), requestError: translate('asOf.invalidRequest', named) };
}

/**
 * The meeting's first day, written out, when the page is shown as of a day before it: the "as of"
 * notice then says that the meeting's resolutions did not exist yet on that day.
 */
export function meetingAfterAsOf(asOf: string | null, startDate: string | null): string | null {
  return asOf !== null && startDate !== null && asOf < startDate ? formatDateLong(startDate) : null;
}

/** The years a year parameter accepts: four digits, and nothing the archive could never hold. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

/**
 * Reads a year parameter (`?von=`, `?bis=`): the year; or, when the value is not one, the parameter's
 * name and the value as a message repeats it, for the page's notice or a download's refusal.
 */
export function readYearParam(
  name: 'von' | 'bis',
  value: string | undefined,
): { year: number | null; invalid: { name: string; value: string } | null } {
  const input = (value ?? '').trim();
  if (input === '') return { year: null, invalid: null };
  const year = /^\d{4}$/.test(input) ? Number(input) : NaN;
  if (year >= MIN_YEAR && year <= MAX_YEAR) return { year, invalid: null };
  return { year: null, invalid: { name, value: shown(input) } };
}

/** The longest part of a bad value a message repeats: enough to recognise it, not a wall of text. */
const SHOWN_VALUE = 20;

/** A user's value as a message repeats it: cut after 20 characters. */
export function shown(value: string): string {
  return value.length > SHOWN_VALUE ? `${value.slice(0, SHOWN_VALUE)}…` : value;
}

/**
 * A query value that names one of a few choices by its German word (`?sortierung=stille`): the
 * chosen key, or the fallback and the value as a notice repeats it when no word matches.
 */
export function readChoice<T extends string>(
  value: string | undefined,
  words: Record<T, string>,
  fallback: T,
): { choice: T; unknown: string | null } {
  const input = (value ?? '').trim();
  const choice = (Object.keys(words) as T[]).find((key) => words[key] === input);
  if (choice !== undefined) return { choice, unknown: null };
  return { choice: fallback, unknown: input === '' ? null : shown(input) };
}

/**
 * `?seite=` of a paged list: a page from 1, or, when it is not a number, page 1 and a German notice
 * for the page and `fileError` for a download (refused: it would hold another page than asked for).
 */
export function readPage(value: string | undefined): { page: number; notice: string | null; fileError: string | null } {
  const input = (value ?? '').trim();
  if (input === '') return { page: 1, notice: null, fileError: null };
  if (/^[0-9]{1,9}$/.test(input) && Number(input) >= 1) return { page: Number(input), notice: null, fileError: null };
  return { page: 1, notice: translate('paging.invalid', { value: shown(input) }), fileError: translate('paging.invalidFile', { value: shown(input) }) };
}

/** After counting: a German notice when the requested page lies beyond the last one, which is shown instead. */
export function pageBeyondNotice(requested: number, shownPage: number): string | null {
  return requested > shownPage ? translate('paging.beyond', { requested, page: shownPage }) : null;
}

/**
 * A path to send the user back to after a form (`?zurueck=` / a hidden field): only a relative
 * path on this site ("/…", not "//host" or "/\host", printable ASCII without spaces), else the
 * fallback. Keeps redirects from leading to other sites.
 */
export function safeReturnPath(value: string | undefined | null, fallback: string): string {
  return value && isReturnPath(value) ? value : fallback;
}
