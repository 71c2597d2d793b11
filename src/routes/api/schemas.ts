/**
 * The read API's schemas (TypeBox; they also make the OpenAPI document), its cursor and its
 * error answers.
 */
import { Type } from 'typebox';
import type { FastifyReply } from 'fastify';
import { AGENDA_ITEM_PATTERN } from '../../domain/agenda-item.js';
import { MEETING_KINDS } from '../../domain/vocabulary.js';
import { versionDay } from '../../domain/version-diff.js';
import { translate } from '../../i18n.js';

export const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
export const NullableInt = Type.Union([Type.Integer(), Type.Null()]);

/** From when a version's wording was valid, as opposed to when the archive recorded it (madeAt). */
export const ValidFrom = Type.String({
  format: 'date',
  description:
    'ab wann dieser Wortlaut galt: der Wortlaut, wie er beschlossen wurde, ab dem Tag der Sitzung (auch wenn das Archiv ihn später aufnahm); eine spätere Änderung ab dem Tag, an dem sie gemacht wurde',
});
export const ValidFromYearOnly = Type.Boolean({ description: 'true: nur das Jahr der Sitzung ist bekannt; validFrom ist dann dessen 1. Januar' });
export const CorrectedOn = Type.Union([Type.String({ format: 'date' }), Type.Null()], {
  description:
    'nur bei einer Berichtigung (ein Fehler im Wortlaut der vorigen Fassung korrigiert, keine inhaltliche Änderung): der Tag, an dem berichtigt wurde (Berlin); der Wortlaut gilt wie der berichtigte ab validFrom. Sonst null',
});

/** The day a version corrected the one before (a correction, Berichtigung), or null. */
export function correctedOn(version: { at: string; correction: boolean }): string | null {
  return version.correction ? versionDay(version.at) : null;
}
export const ConferenceParam = Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$', description: 'Kurzname der Konferenz in Kleinbuchstaben, z. B. intmk' });
export const MeetingParam = Type.String({
  pattern: '^([0-9]{1,4}|[0-9]{4}-[0-9]{2}-[0-9]{2})$',
  description: 'Nummer der Sitzung oder, ohne Nummer, ihr Anfangsdatum',
});
export const AgendaItemParam = Type.String({ pattern: AGENDA_ITEM_PATTERN.source, maxLength: 40, description: 'TOP, z. B. 2.12 oder I.1' });

export const ErrorBody = Type.Object({ statusCode: Type.Integer(), error: Type.String(), message: Type.String() });

export const ConferenceItem = Type.Object({
  slug: Type.String(),
  shortName: Type.String(),
  name: Type.String(),
  meetings: Type.Integer(),
  resolutions: Type.Integer({ description: 'veröffentlichte Beschlüsse' }),
  url: Type.String({ format: 'uri' }),
  meetingsApi: Type.String({ format: 'uri' }),
});

export const MeetingItem = Type.Object({
  key: Type.String({ description: 'URL-Schlüssel der Sitzung' }),
  number: NullableInt,
  year: Type.Integer(),
  startDate: Nullable(Type.String({ format: 'date' })),
  endDate: Nullable(Type.String({ format: 'date' })),
  place: Nullable(Type.String()),
  kind: Type.String({ enum: [...MEETING_KINDS] }),
  resolutions: Type.Integer(),
  url: Type.String({ format: 'uri' }),
  export: Type.String({ format: 'uri', description: 'die Beschlüsse der Sitzung im Import-Austauschformat' }),
});

export const ResolutionSummary = Type.Object({
  conference: Type.String(),
  meeting: Type.String(),
  meetingLabel: Type.String(),
  agendaItem: Type.String(),
  title: Type.String(),
  outcome: Type.String(),
  releasedOn: Nullable(Type.String({ format: 'date' })),
  url: Type.String({ format: 'uri' }),
  api: Type.String({ format: 'uri' }),
});

export const ListItem = Type.Object({
  ...ResolutionSummary.properties,
  modifiedAt: Type.String({ description: 'letzte Änderung des Beschlusses oder einer öffentlichen Folgemaßnahme (UTC)' }),
});

export const FollowUp = Type.Object({
  date: Type.String({ format: 'date' }),
  kind: Type.String(),
  actor: Nullable(Type.String()),
  summary: Type.String(),
  link: Nullable(Type.String()),
  resultingStatus: Nullable(Type.String()),
});

/** A resolution's sponsors, decision and protocol statements: the same in today's wording and in a version's. */
export const Sponsors = Type.Array(Type.String({ description: 'Länderkürzel (ISO 3166-2:DE ohne Präfix)' }));

export const Decision = Type.Object({
  outcome: Type.String(),
  voting: Type.String(),
  yes: NullableInt,
  no: NullableInt,
  abstain: NullableInt,
  tallyWithheld: Type.Boolean({ description: 'Die Stimmenzahlen sind nicht öffentlich (yes, no und abstain sind dann null).' }),
  formula: Type.String(),
});

export const ProtocolStatements = Type.Array(Type.Object({ laender: Type.Array(Type.String()), text: Type.String() }));

export const ResolutionBody = Type.Object({
  conference: Type.Object({ slug: Type.String(), shortName: Type.String(), name: Type.String() }),
  meeting: Type.Object({
    key: Type.String(),
    number: NullableInt,
    year: Type.Integer(),
    startDate: Nullable(Type.String()),
    endDate: Nullable(Type.String()),
    place: Nullable(Type.String()),
  }),
  agendaItem: Type.String(),
  title: Type.String(),
  sponsors: Sponsors,
  decision: Decision,
  demands: Type.Array(
    Type.Object({
      number: Nullable(Type.String()),
      text: Type.String(),
      addressees: Type.Array(Type.String()),
      dueDate: Nullable(Type.String()),
      status: Type.String(),
      followUps: Type.Array(FollowUp),
    }),
  ),
  followUps: Type.Array(FollowUp, { description: 'Folgemaßnahmen zum gesamten Beschluss' }),
  protocolStatements: ProtocolStatements,
  releasedOn: Nullable(Type.String()),
  asOf: Nullable(Type.String({ format: 'date', description: 'Der Tag, auf den sich Umsetzungsstand und Folgemaßnahmen beziehen (Parameter stand); null: heute' })),
  wording: Type.Union([
    Type.Object(
      {
        version: Type.Integer({ description: 'die Fassung des Wortlauts in dieser Antwort: immer die neueste veröffentlichte' }),
        madeAt: Type.String({ format: 'date-time', description: 'wann das Archiv diese Fassung aufnahm (UTC); nicht, seit wann sie galt (validFrom)' }),
        validFrom: ValidFrom,
        validFromYearOnly: ValidFromYearOnly,
        correctedOn: CorrectedOn,
        url: Type.String({ format: 'uri', description: 'die Seite dieser Fassung (zeigt stets diesen Wortlaut)' }),
        api: Type.String({ format: 'uri', description: 'diese Fassung in der API (…/versions/{n})' }),
        asOfVersion: Type.Union([
          Type.Object(
            {
              version: Type.Integer(),
              madeAt: Type.String({ format: 'date-time' }),
              validFrom: ValidFrom,
              validFromYearOnly: ValidFromYearOnly,
              correctedOn: CorrectedOn,
              url: Type.String({ format: 'uri' }),
              api: Type.String({ format: 'uri' }),
            },
            { description: 'nur mit stand: die Fassung, die an jenem Tag galt (validFrom), wenn ihr Wortlaut ein anderer war (vor der ersten: die erste); sonst null' },
          ),
          Type.Null(),
        ]),
        compare: Nullable(Type.String({ format: 'uri', description: 'der Vergleich beider Fassungen, wenn asOfVersion nicht null ist' })),
        versions: Type.String({ format: 'uri', description: 'die Fassungen des Beschlusses' }),
        versionsApi: Type.String({ format: 'uri', description: 'die Fassungen des Beschlusses in der API' }),
      },
      { description: 'Fassung des Wortlauts; null für einen Beschluss, der vor Einführung der Fassungen gespeichert und seither nicht geändert wurde' },
    ),
    Type.Null(),
  ]),
  url: Type.String({ format: 'uri', description: 'die zitierfähige Adresse der Seite, mit stand die dieses Tages' }),
});

export const Cursor = Type.Optional(Type.String({ maxLength: 40, pattern: '^[A-Za-z0-9_-]*$', description: 'aus nextCursor der vorigen Seite' }));
export const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100, description: 'Einträge je Seite (1–500)' }));

export function encodeCursor(value: number): string {
  return Buffer.from(String(value)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number | null {
  if (!cursor) return 0;
  const value = Buffer.from(cursor, 'base64url').toString();
  return /^\d{1,12}$/.test(value) ? Number(value) : null;
}

export function badRequest(reply: FastifyReply, message: string) {
  return reply.code(400).send({ statusCode: 400, error: translate('error.badRequestTitle'), message });
}

export function notFound(reply: FastifyReply) {
  return reply.code(404).send({ statusCode: 404, error: translate('error.notFoundTitle'), message: translate('error.notFound') });
}

export const PUBLIC = { publicPage: true, access: 'public' } as const;

/** The API address of one resolution. */
export function resolutionApiUrl(base: string, conference: string, meetingKey: string, agendaItem: string): string {
  return `${base}/api/v1/resolutions/${conference}/${encodeURIComponent(meetingKey)}/${encodeURIComponent(agendaItem)}`;
}
