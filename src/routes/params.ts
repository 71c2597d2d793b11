/** Path and query parameters of the archive's stable addresses, shared by pages, feeds and exports. */
import { Type } from 'typebox';
import { parseGermanOrIsoDate } from '../domain/dates.js';
import { translate } from '../plugins/view.js';

export const ConferenceParam = Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$' });
export const MeetingParam = Type.String({ pattern: '^([0-9]{1,4}|[0-9]{4}-[0-9]{2}-[0-9]{2})$' });
export const AgendaItemParam = Type.String({ pattern: '^[A-Z]?[0-9]+[a-z]?([./][0-9]+[a-z]?)*$', maxLength: 40 });

/** `?stand=`: the archive "as of" a date. */
export const AsOfQuery = Type.Object({ stand: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false });

/** Reads `?stand=`: a date, or a German message when it is not one. */
export function readAsOf(value: string | undefined): { asOf: string | null; asOfError: string | null } {
  if (value === undefined || value.trim() === '') return { asOf: null, asOfError: null };
  const asOf = parseGermanOrIsoDate(value);
  return asOf
    ? { asOf, asOfError: null }
    : { asOf: null, asOfError: translate('asOf.invalid', { value }) };
}
