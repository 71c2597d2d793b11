/**
 * Import in the browser: paste a text or upload a .txt/.pdf, see the parsed resolutions beside
 * the source lines and the parser's warnings, correct titles and TOP numbers, confirm. Nothing is
 * stored before the confirmation; the confirmation stores everything in one transaction.
 */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { analyseResolutionText, readParserWarnings, type ParsedDocument } from '../../domain/parser/index.js';
import { validateImportDocument } from '../../domain/import-format.js';
import { isLandCode, landName } from '../../domain/laender.js';
import { conferenceSlug } from '../../domain/citation.js';
import { documentText, InputError } from '../../services/document-text.js';
import { importDocument, resolutionLabel } from '../../services/import.js';
import { ValidationError } from '../../services/types.js';
import { conferencesOfViewer } from '../../services/workspace.js';
import { parserWarningText, translate } from '../../i18n.js';
import { withoutControlCharacters } from '../../domain/text-safety.js';

const SECRETARIAT = ['secretariat'] as const;
const MAX_UPLOAD = 10 * 1024 * 1024;

const ConfirmBody = Type.Record(
  Type.String({ maxLength: 40 }),
  Type.Union([Type.String({ maxLength: 5_000_000 }), Type.Array(Type.String({ maxLength: 5_000 }), { maxItems: 10 })]),
  { maxProperties: 3_000 },
);

function one(body: Record<string, string | string[]>, name: string): string {
  const value = body[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

const importRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  await fastify.register(multipart, {
    limits: { fileSize: MAX_UPLOAD, files: 1, fields: 10, fieldSize: 5 * 1024 * 1024, parts: 12 },
  });

  function renderForm(reply: FastifyReply, extra: Record<string, unknown> = {}) {
    return reply.viewAsync('pages/workspace-import.hbs', {
      title: translate('import.title'),
      breadcrumbs: [{ label: translate('workspace.title'), url: '/verwaltung' }, { label: translate('import.title') }],
      csrfToken: reply.csrfToken(),
      maxMb: MAX_UPLOAD / 1024 / 1024,
      ...extra,
    });
  }

  fastify.get('/verwaltung/import', { config: { access: SECRETARIAT }, preValidation: fastify.guard(SECRETARIAT) }, async (_request, reply) =>
    renderForm(reply),
  );

  /** The fields and the uploaded file of the import form; throws when the body is not well-formed multipart. */
  async function readForm(request: FastifyRequest) {
    const fields: Record<string, string> = {};
    let file: { filename: string; buffer: Buffer } | null = null;
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const buffer = await part.toBuffer();
        if (part.filename) file = { filename: part.filename, buffer };
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
    return { fields, file };
  }

  fastify.post(
    '/verwaltung/import/vorschau',
    {
      config: { access: SECRETARIAT },
      // The role is checked before the body is read: an upload of anybody else is refused, not
      // received. The CSRF token travels in the multipart body and is checked once it is read.
      onRequest: fastify.guard(SECRETARIAT),
    },
    async (request, reply) => {
      if (!request.isMultipart()) return renderForm(reply.code(400), { error: translate('import.notMultipart') });
      let form: Awaited<ReturnType<typeof readForm>>;
      try {
        form = await readForm(request);
      } catch (error) {
        const code = (error as { code?: string }).code;
        request.log.info({ err: { message: (error as Error).message, code } }, 'import upload refused');
        if (code === 'FST_REQ_FILE_TOO_LARGE') return renderForm(reply.code(413), { error: translate('import.tooLarge', { mb: MAX_UPLOAD / 1024 / 1024 }) });
        return renderForm(reply.code(400), { error: translate('import.malformed') });
      }
      request.body = form.fields;
      if (!fastify.csrfPassed(request, reply)) return reply;
      const pasted = withoutControlCharacters(form.fields.text ?? '');
      let name = translate('import.pastedText');
      let text = pasted;
      try {
        if (form.file) {
          name = withoutControlCharacters(form.file.filename);
          text = await documentText(name, form.file.buffer);
        } else if (!pasted.trim()) {
          throw new InputError(translate('import.nothing'));
        }
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        return renderForm(reply.code(422), { error: error.message, text: pasted });
      }
      const result = analyseResolutionText(text, { enrich: true });
      if (result.failure) {
        return renderForm(reply.code(422), { error: result.failure.message.replace('Die Datei', `„${name}“`), text: pasted });
      }
      return renderPreview(request, reply, result.document, name, result.lines.map((l) => ({ number: l.line, text: l.text, ignored: l.ignored })));
    },
  );

  function renderPreview(
    request: FastifyRequest,
    reply: FastifyReply,
    document: ParsedDocument,
    source: string,
    lines: { number: number; text: string; ignored: string | null }[],
    problems: string[] = [],
  ) {
    const warnedLines = new Map<number, string[]>();
    const warnings = document.warnings.map((w) => ({ line: w.line, message: parserWarningText(w) }));
    for (const w of warnings) warnedLines.set(w.line, [...(warnedLines.get(w.line) ?? []), w.message]);
    const own = new Set(conferencesOfViewer(fastify.db, request.viewer));
    return reply.viewAsync('pages/workspace-import-preview.hbs', {
      title: translate('import.previewTitle'),
      breadcrumbs: [{ label: translate('workspace.title'), url: '/verwaltung' }, { label: translate('import.title'), url: '/verwaltung/import' }, { label: translate('import.previewTitle') }],
      csrfToken: reply.csrfToken(),
      source,
      documentJson: JSON.stringify({ resolutions: document.resolutions, warnings: [] }),
      warningsJson: JSON.stringify(document.warnings),
      linesJson: JSON.stringify(lines),
      problems,
      resolutions: document.resolutions.map((r, index) => ({
        index,
        label: resolutionLabel(r),
        agendaItem: r.agendaItem,
        title: r.title,
        sponsors: r.sponsors.filter(isLandCode).map((code) => landName(code)).join(', '),
        outcome: translate(`outcome.${r.decision.outcome}`),
        formula: r.decision.formula,
        demands: r.demands,
        protocolStatements: r.protocolStatements,
        foreign: !own.has(conferenceSlug(r.conference)),
      })),
      warnings: warnings.map((w) => ({ ...w, source: lines.find((l) => l.number === w.line)?.text ?? '' })),
      lines: lines.map((l) => ({ ...l, warnings: warnedLines.get(l.number) ?? [] })),
    });
  }

  fastify.post(
    '/verwaltung/import/speichern',
    {
      schema: { body: ConfirmBody },
      bodyLimit: 20 * 1024 * 1024,
      config: { access: SECRETARIAT },
      preValidation: fastify.guard(SECRETARIAT, { csrf: true }),
    },
    async (request, reply) => {
      const body = request.body as Record<string, string | string[]>;
      const source = one(body, 'source').slice(0, 300) || translate('import.pastedText');
      let document: ParsedDocument;
      let lines: { number: number; text: string; ignored: string | null }[] = [];
      try {
        const parsed = validateImportDocument(JSON.parse(one(body, 'document')));
        lines = JSON.parse(one(body, 'lines') || '[]') as typeof lines;
        if (!parsed.ok) throw new InputError(parsed.errors[0]!);
        document = { resolutions: parsed.value.resolutions, warnings: readParserWarnings(JSON.parse(one(body, 'warnings') || '[]')) };
      } catch (error) {
        request.log.info({ err: (error as Error).message }, 'import confirmation refused');
        return renderForm(reply.code(422), { error: translate('import.tampered') });
      }
      const chosen = document.resolutions
        .map((r, index) => ({
          ...r,
          title: one(body, `r_${index}_title`).trim() || r.title,
          agendaItem: one(body, `r_${index}_agendaItem`).trim().replace(/^TOP\s*/i, '') || r.agendaItem,
          include: one(body, `r_${index}_include`) === '1',
        }))
        .filter((r) => r.include)
        .map(({ include: _include, ...r }) => r);
      const edited: ParsedDocument = { resolutions: chosen, warnings: document.warnings };
      try {
        const result = importDocument(fastify.db, { userId: request.user!.userId, name: request.user!.email, ip: request.ip }, edited, { source, viewer: request.viewer });
        return reply.viewAsync('pages/workspace-import-done.hbs', {
          title: translate('import.doneTitle'),
          breadcrumbs: [{ label: translate('workspace.title'), url: '/verwaltung' }, { label: translate('import.doneTitle') }],
          items: result.items.map((item) => ({ ...item, change: translate(`import.change.${item.change}`), url: `/verwaltung/beschluesse/${item.id}` })),
          notes: result.notes,
        });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return renderPreview(request, reply.code(422), edited, source, lines, [...error.problems]);
      }
    },
  );
};

export default importRoutes;
