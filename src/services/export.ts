/**
 * Downloads: a result list as CSV or JSON, and a meeting in the import interchange format.
 * Only what the viewer may see: search results come from the search service, the meeting from
 * the archive's visibility rule.
 *
 * CSV: UTF-8 with byte order mark, semicolon-separated, CRLF line ends. That is what German
 * Excel opens by double-click without an import dialog (its list separator in German locales is
 * ";", and without the BOM it reads UTF-8 as Windows-1252 and breaks the umlauts); LibreOffice
 * and scripts read it as well. Fields with ";", quotes or line breaks are quoted (RFC 4180).
 */
import { stringify } from 'csv-stringify/sync';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/connection.js';
import {
  actors,
  conferences,
  demands,
  followUps,
  meetings,
  protocolStatements,
  resolutionSponsors,
  resolutions,
} from '../../db/schema.js';
import type { ImportDocument, ImportResolution } from '../domain/import-format.js';
import { isLandCode } from '../domain/laender.js';
import { followUpVisible, resolutionVisible, statusColumn, visibilityParams, type Viewer } from './visibility.js';
import { preparedPer } from './prepared.js';

export interface ExportRow {
  conference: string;
  meeting: string;
  year: number;
  date: string | null;
  agendaItem: string;
  title: string;
  outcome: string;
  sponsors: string;
  statuses: string;
  addressees: string;
  releasedOn: string | null;
  url: string;
}

export const CSV_COLUMNS: readonly { key: keyof ExportRow; header: string }[] = [
  { key: 'conference', header: 'Konferenz' },
  { key: 'meeting', header: 'Sitzung' },
  { key: 'year', header: 'Jahr' },
  { key: 'date', header: 'Datum' },
  { key: 'agendaItem', header: 'TOP' },
  { key: 'title', header: 'Titel' },
  { key: 'outcome', header: 'Ergebnis' },
  { key: 'sponsors', header: 'Antragsteller' },
  { key: 'statuses', header: 'Umsetzungsstand der Ziffern' },
  { key: 'addressees', header: 'Adressaten' },
  { key: 'releasedOn', header: 'Veröffentlicht am' },
  { key: 'url', header: 'Adresse' },
];

/**
 * CSV as German spreadsheet programs open it: UTF-8 with byte order mark (umlauts), `;` between
 * fields, CRLF line ends, a header row.
 */
export function csvText(headers: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return stringify(
    rows.map((row) => row.map((value) => value ?? '')),
    {
      bom: true,
      delimiter: ';',
      record_delimiter: 'windows',
      header: true,
      columns: [...headers],
      cast: { number: (value) => String(value) },
    },
  );
}

/** The rows as CSV text, starting with the UTF-8 byte order mark. */
export function toCsv(rows: readonly ExportRow[]): string {
  return csvText(
    CSV_COLUMNS.map((column) => column.header),
    rows.map((row) => CSV_COLUMNS.map((column) => row[column.key] ?? '')),
  );
}

// ---------------------------------------------------------------------------------------------
// A meeting as the import interchange JSON
// ---------------------------------------------------------------------------------------------

const r = alias(resolutions, 'r');
const m = alias(meetings, 'm');
const c = alias(conferences, 'c');
const fu = alias(followUps, 'fu');

function prepareQueries(db: Db) {
  return {
    meeting: db
      .select({ meeting: m, conference: c })
      .from(m)
      .innerJoin(c, eq(c.id, m.conferenceId))
      .where(and(eq(c.slug, sql.placeholder('slug')), eq(m.urlKey, sql.placeholder('urlKey'))))
      .prepare(),
    resolutions: db
      .select()
      .from(r)
      .innerJoin(m, eq(m.id, r.meetingId))
      .where(and(eq(r.meetingId, sql.placeholder('meetingId')), resolutionVisible(r.release, m.conferenceId)))
      .orderBy(asc(r.sortKey))
      .prepare(),
    sponsors: db
      .select({ land: resolutionSponsors.land })
      .from(resolutionSponsors)
      .where(eq(resolutionSponsors.resolutionId, sql.placeholder('resolutionId')))
      .orderBy(asc(resolutionSponsors.position))
      .prepare(),
    demands: db
      .select({ number: demands.number, text: demands.text, addressees: demands.addressees, dueDate: demands.dueDate })
      .from(demands)
      .where(eq(demands.resolutionId, sql.placeholder('resolutionId')))
      .orderBy(asc(demands.position))
      .prepare(),
    list: db
      .select({
        id: r.id,
        agendaItem: r.agendaItem,
        title: r.title,
        outcome: r.outcome,
        releasedOn: r.releasedOn,
        updatedAt: r.updatedAt,
        meetingKey: m.urlKey,
        meetingNumber: m.number,
        meetingYear: m.year,
        meetingStart: m.startDate,
        conference: c.slug,
        conferenceShortName: c.shortName,
        modifiedAt: sql<string>`max(${r.updatedAt}, coalesce((select max(${fu.updatedAt}) from ${followUps} "fu"
          where ${fu.resolutionId} = ${r.id} and ${followUpVisible(fu.visibility)}), ''))`,
      })
      .from(r)
      .innerJoin(m, eq(m.id, r.meetingId))
      .innerJoin(c, eq(c.id, m.conferenceId))
      .where(
        and(
          resolutionVisible(r.release, m.conferenceId),
          gt(r.id, sql.placeholder('afterId')),
          sql`(${sql.placeholder('conference')} is null or ${c.slug} = ${sql.placeholder('conference')})`,
          sql`(${sql.placeholder('since')} is null or ${r.updatedAt} >= ${sql.placeholder('since')}
            or exists (select 1 from ${followUps} "fu" where ${fu.resolutionId} = ${r.id}
              and ${followUpVisible(fu.visibility)} and ${fu.updatedAt} >= ${sql.placeholder('since')}))`,
        ),
      )
      .orderBy(asc(r.id))
      .limit(sql.placeholder('limit'))
      .prepare(),
    resolution: db
      .select({ resolution: r, meeting: m, conference: c })
      .from(r)
      .innerJoin(m, eq(m.id, r.meetingId))
      .innerJoin(c, eq(c.id, m.conferenceId))
      .where(
        and(
          eq(c.slug, sql.placeholder('slug')),
          eq(m.urlKey, sql.placeholder('urlKey')),
          eq(r.agendaItem, sql.placeholder('agendaItem')),
          resolutionVisible(r.release, m.conferenceId),
        ),
      )
      .prepare(),
    demandStatus: db
      .select({
        id: demands.id,
        number: demands.number,
        text: demands.text,
        addressees: demands.addressees,
        dueDate: demands.dueDate,
        status: demands.status,
        publicStatus: demands.publicStatus,
      })
      .from(demands)
      .where(eq(demands.resolutionId, sql.placeholder('resolutionId')))
      .orderBy(asc(demands.position))
      .prepare(),
    followUps: db
      .select({
        demandId: fu.demandId,
        date: fu.date,
        kind: fu.kind,
        actorCode: actors.code,
        actorLand: fu.actorLand,
        summary: fu.summary,
        link: fu.link,
        resultingStatus: fu.resultingStatus,
      })
      .from(fu)
      .leftJoin(actors, eq(actors.id, fu.actorId))
      .where(and(eq(fu.resolutionId, sql.placeholder('resolutionId')), followUpVisible(fu.visibility)))
      .orderBy(asc(fu.date), asc(fu.id))
      .prepare(),
    statements: db
      .select({ laender: protocolStatements.laender, text: protocolStatements.text })
      .from(protocolStatements)
      .where(eq(protocolStatements.resolutionId, sql.placeholder('resolutionId')))
      .orderBy(asc(protocolStatements.position))
      .prepare(),
  };
}

const queries = preparedPer(prepareQueries);

/**
 * The visible resolutions of a meeting in the import interchange format
 * (domain/import-format.ts), so that they can be imported elsewhere; null when the meeting is
 * unknown or has no visible resolution (the same 404 as the meeting page).
 */
export function meetingInterchange(db: Db, viewer: Viewer, slug: string, urlKey: string): ImportDocument | null {
  const q = queries(db);
  const found = q.meeting.get({ slug, urlKey });
  if (!found) return null;
  const { meeting, conference } = found;
  const rows = q.resolutions.all({ ...visibilityParams(viewer), meetingId: meeting.id });
  if (rows.length === 0) return null;
  const list: ImportResolution[] = rows.map(({ r: row }) => {
    const resolutionId = row.id;
    const decision: ImportResolution['decision'] = {
      outcome: row.outcome,
      voting: row.voting,
      formula: row.formula,
      ...(row.votesYes !== null ? { yes: row.votesYes } : {}),
      ...(row.votesNo !== null ? { no: row.votesNo } : {}),
      ...(row.votesAbstain !== null ? { abstain: row.votesAbstain } : {}),
    };
    return {
      conference: conference.shortName,
      meeting: {
        number: meeting.number,
        year: meeting.year,
        startDate: meeting.startDate,
        endDate: meeting.endDate,
        place: meeting.place,
      },
      agendaItem: row.agendaItem,
      title: row.title,
      sponsors: q.sponsors.all({ resolutionId }).map((s) => s.land).filter(isLandCode),
      decision,
      demands: q.demands.all({ resolutionId }).map((d) => ({
        number: d.number,
        text: d.text,
        addressees: d.addressees as ImportResolution['demands'][number]['addressees'],
        dueDate: d.dueDate,
      })),
      protocolStatements: q.statements.all({ resolutionId }).map((s) => ({ laender: s.laender, text: s.text })),
      references: row.references,
    };
  });
  return { resolutions: list, warnings: [] };
}

export interface ListOptions {
  conference: string | null;
  /** ISO timestamp: only resolutions changed (or with visible follow-ups changed) since. */
  since: string | null;
  /** Cursor: the last id of the previous page (0 for the first). */
  afterId: number;
  limit: number;
}

/**
 * Visible resolutions in id order, for incremental sync: keyset pagination on the id, optionally
 * only those modified since a timestamp. `modifiedAt` is the latest change of the resolution or
 * of one of its visible follow-ups.
 */
export function listResolutions(db: Db, viewer: Viewer, options: ListOptions) {
  return queries(db).list.all({ ...visibilityParams(viewer), ...options });
}

/**
 * One resolution with its demands (status as the viewer sees it today), visible follow-ups and
 * protocol statements; null when unknown or not visible.
 */
export function resolutionDetail(db: Db, viewer: Viewer, slug: string, urlKey: string, agendaItem: string) {
  const q = queries(db);
  const params = visibilityParams(viewer);
  const found = q.resolution.get({ ...params, slug, urlKey, agendaItem });
  if (!found) return null;
  const resolutionId = found.resolution.id;
  const publicStatus = statusColumn(viewer) === 'public_status';
  const events = q.followUps.all({ ...params, resolutionId }).map((f) => ({
    demandId: f.demandId,
    date: f.date,
    kind: f.kind,
    actor: f.actorCode ?? f.actorLand,
    summary: f.summary,
    link: f.link,
    resultingStatus: f.resultingStatus,
  }));
  const strip = ({ demandId: _demandId, ...event }: (typeof events)[number]) => event;
  return {
    ...found,
    sponsors: q.sponsors.all({ resolutionId }).map((s) => s.land),
    demands: q.demandStatus.all({ resolutionId }).map((d) => ({
      number: d.number,
      text: d.text,
      addressees: d.addressees,
      dueDate: d.dueDate,
      status: publicStatus ? d.publicStatus : d.status,
      followUps: events.filter((e) => e.demandId === d.id).map(strip),
    })),
    followUps: events.filter((e) => e.demandId === null).map(strip),
    protocolStatements: q.statements.all({ resolutionId }),
  };
}
