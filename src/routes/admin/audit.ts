/**
 * The audit log page (role admin): newest first, 50 per page, filters by entity type, action,
 * user e-mail and a date range. An invalid date gets a German message and its filter is ignored.
 * Times are shown in Europe/Berlin with the zone named; before/after as escaped, pretty JSON.
 */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { parseGermanOrIsoDate, formatDateShort } from '../../domain/dates.js';
import { formatBerlinDateTime } from '../../domain/berlin-time.js';
import { auditFilterOptions, queryAudit, type AuditFilter, type AuditRow } from '../../services/audit-query.js';
import { translate } from '../../i18n.js';
import { ADMIN_ONLY } from './users.js';
import { pageBeyondNotice, readPage } from '../params.js';

const AuditQuery = Type.Object(
  {
    typ: Type.Optional(Type.String({ maxLength: 100 })),
    aktion: Type.Optional(Type.String({ maxLength: 100 })),
    benutzer: Type.Optional(Type.String({ maxLength: 320 })),
    von: Type.Optional(Type.String({ maxLength: 40 })),
    bis: Type.Optional(Type.String({ maxLength: 40 })),
    seite: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

/** A catalogue text where there is one, else the code itself (new actions need no catalogue entry). */
function labelOr(key: string, fallback: string): string {
  try {
    return translate(key);
  } catch {
    return fallback;
  }
}

export function actionLabel(action: string): string {
  return labelOr(`admin.audit.actions.${action.replaceAll('.', '_')}`, action);
}

export function entityTypeLabel(entityType: string): string {
  return labelOr(`admin.audit.entityTypes.${entityType.replaceAll('.', '_')}`, entityType);
}

function prettyJson(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return JSON.stringify(value, null, 2);
}

/** Reads a date filter: ISO or TT.MM.JJJJ; a German message when it is not a date. */
function readDate(value: string | undefined): { date: string | null; error: string | null } {
  if (value === undefined || value.trim() === '') return { date: null, error: null };
  const date = parseGermanOrIsoDate(value);
  return date ? { date, error: null } : { date: null, error: translate('admin.audit.invalidDate', { value }) };
}

function auditRowView(row: AuditRow) {
  const before = prettyJson(row.before);
  const after = prettyJson(row.after);
  return {
    id: row.id,
    at: row.at,
    atLocal: formatBerlinDateTime(row.at),
    who: row.userName ?? row.actor,
    whoEmail: row.userEmail ?? (row.userId === null ? null : row.actor),
    ip: row.ip,
    action: row.action,
    actionLabel: actionLabel(row.action),
    entityType: row.entityType,
    entityTypeLabel: entityTypeLabel(row.entityType),
    entityId: row.entityId,
    before,
    after,
    hasDetails: before !== null || after !== null,
  };
}

const auditRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/verwaltung/protokoll',
    { schema: { querystring: AuditQuery }, config: { access: ADMIN_ONLY }, preValidation: fastify.guard(ADMIN_ONLY) },
    async (request, reply) => {
      const q = request.query;
      const from = readDate(q.von);
      const to = readDate(q.bis);
      if (from.date && to.date && to.date < from.date) to.error = translate('admin.audit.toBeforeFrom');
      const filter: AuditFilter = {
        entityType: q.typ?.trim() || null,
        action: q.aktion?.trim() || null,
        email: q.benutzer?.trim() || null,
        from: from.date,
        to: to.error ? null : to.date,
      };
      const { page: requested, notice: pageNotice } = readPage(q.seite);
      const result = queryAudit(fastify.db, filter, requested);
      const beyond = pageBeyondNotice(requested, result.page);
      const options = auditFilterOptions(fastify.db);

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

      return reply.viewAsync('pages/admin-audit.hbs', {
        title: translate('admin.audit.title'),
        adminSection: 'audit',
        values: {
          typ: q.typ ?? '',
          aktion: q.aktion ?? '',
          benutzer: q.benutzer ?? '',
          // A valid date is shown back as TT.MM.JJJJ; an invalid one as typed, beside its message.
          von: from.date ? formatDateShort(from.date) : (q.von ?? ''),
          bis: to.date ? formatDateShort(to.date) : (q.bis ?? ''),
        },
        notices: [pageNotice, beyond].filter((notice) => notice !== null),
        fromError: from.error,
        toError: to.error,
        entityTypes: options.entityTypes.map((value) => ({ value, label: entityTypeLabel(value), selected: value === filter.entityType })),
        actions: options.actions.map((value) => ({ value, label: actionLabel(value), selected: value === filter.action })),
        rows: result.rows.map(auditRowView),
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
