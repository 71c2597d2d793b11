/**
 * The audit log page: administrators see every entry, a secretariat the entries of its
 * conference(s) (auditScopeOf). Newest first, 50 per page, filters by entity type, action, user
 * e-mail and a date range; an invalid date gets a German message and its filter is ignored.
 * Times in Europe/Berlin with the zone named; before/after as a table of the changed fields with
 * German names (audit-view.ts). Administrators download the filtered list as a spreadsheet file,
 * CSV or JSON. CSV and JSON are streamed (routes/table-export.ts sendTableStream), every entry of
 * the filter a thousand at a time, read as the client takes them; the spreadsheet file is written
 * on a worker thread (services/spreadsheet.ts xlsxFileOffThread), since its 50,000 rows would hold
 * the event loop for seconds, and a wider filter is refused in German (the file is built whole in
 * the worker's memory).
 */
import { Type, type Static } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { parseGermanOrIsoDate, formatDateShort, MAX_DATE_INPUT_LENGTH } from '../../domain/dates.js';
import { formatBerlinDateTime } from '../../domain/berlin-time.js';
import { auditScopeOf } from '../../services/access.js';
import { auditEntriesInPieces, auditFilterOptions, queryAudit, AUDIT_EXPORT_LIMIT, type AuditFilter, type AuditRow } from '../../services/audit-query.js';
import { translate } from '../../i18n.js';
import { ADMIN_ONLY } from './users.js';
import { actionLabel, auditChanges, auditMode, changeLine, entityName, entityTypeLabel, type AuditNames } from './audit-view.js';
import { auditObjectsOf } from '../../services/audit-names.js';
import type { Viewer } from '../../services/visibility.js';
import { listAllConferences } from '../../services/conferences.js';
import type { Access } from '../../plugins/auth.js';
import { ForbiddenError } from '../../services/types.js';
import { column } from '../../services/export.js';
import { unsubscribeLinkActor } from '../../services/mail-preferences.js';
import { exportLinks, refuseDownload, sendTableStream, sendXlsxFile } from '../table-export.js';
import { xlsxFileOffThread, type SpreadsheetValue } from '../../services/spreadsheet.js';
import { pageBeyondNotice, readPage, shown } from '../params.js';

const AuditQuery = Type.Object(
  {
    typ: Type.Optional(Type.String({ maxLength: 100 })),
    aktion: Type.Optional(Type.String({ maxLength: 100 })),
    benutzer: Type.Optional(Type.String({ maxLength: 320 })),
    von: Type.Optional(Type.String({ maxLength: MAX_DATE_INPUT_LENGTH })),
    bis: Type.Optional(Type.String({ maxLength: MAX_DATE_INPUT_LENGTH })),
    seite: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

/** Reads a date filter: ISO or TT.MM.JJJJ; a German message when it is not a date (`fileError` for a download). */
function readDate(value: string | undefined): { date: string | null; error: string | null; fileError: string | null } {
  if (value === undefined || value.trim() === '') return { date: null, error: null, fileError: null };
  const date = parseGermanOrIsoDate(value);
  return date
    ? { date, error: null, fileError: null }
    : { date: null, error: translate('admin.audit.invalidDate', { value }), fileError: translate('admin.audit.invalidDateFile', { value }) };
}

function auditRowView(row: AuditRow, names: AuditNames) {
  const changes = auditChanges(row.before, row.after, names);
  const mode = auditMode(row.before, row.after);
  // a change through the link to unsubscribe: the address, and the way named as the UI names it
  // (stored as "(Abmeldelink)" before; the log's history stays as it was written)
  const linkEmail = unsubscribeLinkActor(row.actor);
  const actor = linkEmail ?? row.actor;
  // the object by the name people know it by, linked where the reader may open it; else its number
  const named = entityName(row.entityType, row.entityId, names);
  return {
    id: row.id,
    at: row.at,
    atLocal: formatBerlinDateTime(row.at),
    who: row.userName ?? actor,
    whoEmail: row.userEmail ?? (row.userId === null ? null : actor),
    via: linkEmail === null ? null : translate('admin.audit.viaUnsubscribeLink'),
    ip: row.ip,
    action: row.action,
    actionLabel: actionLabel(row.action),
    entityType: row.entityType,
    entityTypeLabel: entityTypeLabel(row.entityType),
    entityId: row.entityId,
    entityName: named?.label ?? null,
    entityUrl: named?.url ?? null,
    changes,
    mode,
    // one value per field where nothing was before or nothing is after (audit-view.ts auditMode)
    oneValue: mode !== 'changed',
    hasDetails: changes.length > 0,
  };
}

/** The columns of the downloads, one row per entry. */
const EXPORT_COLUMNS = [
  column('at'),
  column('atLocal'),
  column('who'),
  column('email'),
  column('action'),
  column('entity'),
  column('entityName'),
  column('entityId'),
  column('changes'),
  column('ip'),
] as const;

type ExportKey = (typeof EXPORT_COLUMNS)[number]['key'];

/** One entry as a row of the downloads: who and what in German, the changed fields one per line. */
function exportRow(row: AuditRow, names: AuditNames): Record<ExportKey, string | null> {
  const view = auditRowView(row, names);
  return {
    at: row.at,
    atLocal: view.atLocal,
    who: view.via === null ? view.who : `${view.who} (${view.via})`,
    email: view.whoEmail,
    action: view.actionLabel,
    entity: view.entityTypeLabel,
    entityName: view.entityName,
    entityId: row.entityId,
    changes: view.changes.map((c) => changeLine(view.mode, c)).join('\n'),
    ip: row.ip,
  };
}

/** Entries read for a download at a time: between two pieces the server answers others. */
const PIECE = 1_000;

/** The names of a piece's objects, read with the piece. */
type PieceNames = (rows: readonly AuditRow[]) => AuditNames;

/** The filter's entries as rows of the CSV and JSON files, a piece at a time. */
function* exportPieces(pieces: Iterable<AuditRow[]>, namesOf: PieceNames): Generator<Record<ExportKey, string | null>[]> {
  for (const rows of pieces) {
    const names = namesOf(rows);
    yield rows.map((row) => exportRow(row, names));
  }
}

/** The filter's entries as spreadsheet rows, a piece at a time. */
function* spreadsheetPieces(pieces: Iterable<AuditRow[]>, namesOf: PieceNames): Generator<SpreadsheetValue[][]> {
  for (const rows of pieces) {
    const names = namesOf(rows);
    yield rows.map((row) => {
      const cells = exportRow(row, names);
      return EXPORT_COLUMNS.map((c) => cells[c.key]);
    });
  }
}

const GERMAN_NUMBER = new Intl.NumberFormat('de-DE');

/** Who may open the log at all; what each of them reads is auditScopeOf's business. */
const AUDIT_READERS: Access = ['admin', 'secretariat'];
type AuditQueryString = Static<typeof AuditQuery>;

const auditRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  /** The names of what the entries name by number: conferences, and the objects of the entries at hand (a page, a piece of a download). */
  function auditNames(viewer: Viewer): PieceNames {
    const conferences = new Map(listAllConferences(fastify.db).map((conference) => [conference.id, conference.shortName]));
    const admin = viewer.role === 'admin';
    return (rows) => ({ conferences, admin, objects: auditObjectsOf(fastify.db, viewer, rows) });
  }

  /** The filter of the query string, limited to what the viewer may read. */
  function readFilter(request: FastifyRequest<{ Querystring: AuditQueryString }>) {
    const q = request.query;
    const scope = auditScopeOf(request.viewer);
    if (!scope) throw new ForbiddenError();
    const from = readDate(q.von);
    const to = readDate(q.bis);
    if (from.date && to.date && to.date < from.date) {
      to.error = translate('admin.audit.toBeforeFrom');
      to.fileError = translate('admin.audit.toBeforeFromFile');
    }
    // a kind of object or an action the log (as far as the viewer reads it) does not have: a
    // notice and the filter left out on the page, no file, as for an unknown filter of the search
    const options = auditFilterOptions(fastify.db, scope);
    const choice = (value: string | undefined, known: readonly string[], what: 'entityType' | 'action') => {
      const given = value?.trim() ?? '';
      if (given === '' || known.includes(given)) return { value: given || null, notice: null, fileError: null };
      const named = { what: translate(`admin.audit.${what}`), value: shown(given) };
      return { value: null, notice: translate('admin.audit.unknownChoice', named), fileError: translate('admin.audit.unknownChoiceFile', named) };
    };
    const entityType = choice(q.typ, options.entityTypes, 'entityType');
    const action = choice(q.aktion, options.actions, 'action');
    const filter: AuditFilter = {
      entityType: entityType.value,
      action: action.value,
      email: q.benutzer?.trim() || null,
      from: from.date,
      to: to.error ? null : to.date,
      scope,
    };
    // a download leaves no filter out as the page does (with a notice): it is refused instead
    const fileErrors = [entityType.fileError, action.fileError, from.fileError, to.fileError].filter((message) => message !== null);
    const notices = [entityType.notice, action.notice].filter((message) => message !== null);
    return { filter, from, to, fileErrors, notices, options };
  }

  for (const format of ['csv', 'json'] as const) {
    fastify.get(
      `/verwaltung/protokoll.${format}`,
      { schema: { querystring: AuditQuery }, config: { access: ADMIN_ONLY }, preValidation: fastify.guard(ADMIN_ONLY) },
      async (request, reply) => {
        const { filter, fileErrors } = readFilter(request);
        const names = auditNames(request.viewer);
        if (fileErrors.length > 0) return refuseDownload(reply, fileErrors);
        // every entry of the filter, streamed a piece at a time (routes/table-export.ts): no limit
        return sendTableStream(reply, format, {
          name: 'aenderungsprotokoll',
          // `complete`: the file holds every entry of the filter (kept for readers of the older files, which stopped at 50,000)
          meta: { filter: { ...filter, scope: undefined }, complete: true },
          columns: EXPORT_COLUMNS,
          pieces: exportPieces(auditEntriesInPieces(fastify.db, filter, PIECE), names),
        });
      },
    );
  }

  // The spreadsheet file: the same columns and rows, written on a worker thread. Up to
  // AUDIT_EXPORT_LIMIT (50,000) rows took 2–4 s to write as .xlsx (the CSV: 0.3 s), in which the
  // server would answer nobody; the rows are read a thousand at a time, and between two pieces the
  // server answers others. A filter with more entries than a file holds is refused with a German
  // message (narrow the period), not cut off unsaid.
  fastify.get(
    '/verwaltung/protokoll.xlsx',
    { schema: { querystring: AuditQuery }, config: { access: ADMIN_ONLY }, preValidation: fastify.guard(ADMIN_ONLY) },
    async (request, reply) => {
      const { filter, fileErrors } = readFilter(request);
      const names = auditNames(request.viewer);
      if (fileErrors.length > 0) return refuseDownload(reply, fileErrors);
      const total = queryAudit(fastify.db, filter, 1, 1).total;
      if (total > AUDIT_EXPORT_LIMIT) {
        return refuseDownload(reply, [translate('admin.audit.tooManyForFile', { total: GERMAN_NUMBER.format(total), limit: GERMAN_NUMBER.format(AUDIT_EXPORT_LIMIT) })]);
      }
      const file = await xlsxFileOffThread(translate('admin.audit.title'), EXPORT_COLUMNS, spreadsheetPieces(auditEntriesInPieces(fastify.db, filter, PIECE, AUDIT_EXPORT_LIMIT), names));
      return sendXlsxFile(reply, 'aenderungsprotokoll', file);
    },
  );

  fastify.get(
    '/verwaltung/protokoll',
    { schema: { querystring: AuditQuery }, config: { access: AUDIT_READERS }, preValidation: fastify.guard(AUDIT_READERS) },
    async (request, reply) => {
      const q = request.query;
      const { filter, from, to, notices: filterNotices, options } = readFilter(request);
      const namesOf = auditNames(request.viewer);
      const isAdmin = request.viewer.role === 'admin';
      const { page: requested, notice: pageNotice } = readPage(q.seite);
      const result = queryAudit(fastify.db, filter, requested);
      const names = namesOf(result.rows);
      const beyond = pageBeyondNotice(requested, result.page);

      // Links to other pages keep the filters as the user typed them.
      const base = new URLSearchParams();
      for (const [name, value] of Object.entries({ typ: q.typ, aktion: q.aktion, benutzer: q.benutzer, von: q.von, bis: q.bis })) {
        if (value && value.trim() !== '') base.set(name, value);
      }
      const pageUrl = (page: number) => {
        const params = new URLSearchParams(base);
        if (page > 1) params.set('seite', String(page));
        const query = params.toString();
        return `/verwaltung/protokoll${query ? `?${query}` : ''}`;
      };
      const exportQuery = base.toString();

      return reply.viewAsync('pages/admin-audit.hbs', {
        title: translate('admin.audit.title'),
        adminSection: isAdmin ? 'audit' : null,
        intro: translate(isAdmin ? 'admin.audit.intro' : 'admin.audit.introSecretariat'),
        exports: isAdmin ? exportLinks('/verwaltung/protokoll', exportQuery ? `?${exportQuery}` : '') : null,
        values: {
          typ: q.typ ?? '',
          aktion: q.aktion ?? '',
          benutzer: q.benutzer ?? '',
          // A valid date is shown back as TT.MM.JJJJ; an invalid one as typed, beside its message.
          von: from.date ? formatDateShort(from.date) : (q.von ?? ''),
          bis: to.date ? formatDateShort(to.date) : (q.bis ?? ''),
        },
        notices: [...filterNotices, pageNotice, beyond].filter((notice) => notice !== null),
        fromError: from.error,
        toError: to.error,
        entityTypes: options.entityTypes.map((value) => ({ value, label: entityTypeLabel(value), selected: value === filter.entityType })),
        actions: options.actions.map((value) => ({ value, label: actionLabel(value), selected: value === filter.action })),
        rows: result.rows.map((row) => auditRowView(row, names)),
        summary: translate(result.total === 1 ? 'admin.audit.countOne' : 'admin.audit.count', { total: result.total, page: result.page, pages: result.pageCount }),
        page: result.page,
        pageCount: result.pageCount,
        previousUrl: result.page > 1 ? pageUrl(result.page - 1) : null,
        nextUrl: result.page < result.pageCount ? pageUrl(result.page + 1) : null,
        pageOf: translate('admin.audit.pageOf', { page: result.page, pages: result.pageCount }),
      });
    },
  );
};

export default auditRoutes;
