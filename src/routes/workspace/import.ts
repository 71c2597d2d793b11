/**
 * Import in the browser: paste a text or upload one or several .txt/.pdf files (or interchange
 * JSON, docs/import-format.md), see one preview
 * per file (the parsed resolutions as form fields beside the source lines and the parser's
 * warnings), correct any field, choose or complete the meeting, confirm. Nothing is stored before
 * the confirmation; each file is then stored in a transaction of its own, so a file that cannot
 * be stored keeps nothing of itself and is shown again with its problems, while the others are saved.
 */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { analyseResolutionText, readParserWarnings, type ParsedDocument } from '../../domain/parser/index.js';
import { validateImportDocument, type ImportResolution } from '../../domain/import-format.js';
import { OUTCOMES, VOTINGS } from '../../domain/vocabulary.js';
import {
  applyPreviewEdits, meetingFromFields, meetingIncomplete, parsedMeeting, type FormFields, type MeetingChoice,
} from '../../domain/import-edit.js';
import { LAND_CODES, landName } from '../../domain/laender.js';
import { conferenceSlug } from '../../domain/citation.js';
import { formatDateShort } from '../../domain/dates.js';
import { documentText, InputError, looksLikeJson, readInterchangeJson } from '../../services/document-text.js';
import { importDocument, importedMeetings, type ImportedItem } from '../../services/import.js';
import { RefusedError, ValidationError } from '../../services/types.js';
import { conferencesOfViewer, importConferenceNames, importMeetingChoices, type ImportMeetingChoice } from '../../services/workspace.js';
import { parseFailureText, parserWarningText, translate, uiTextOf } from '../../i18n.js';
import { uiText, type UiText } from '../../domain/ui-text.js';
import { shortFileName, withoutControlCharacters } from '../../domain/text-safety.js';
import { actorOf } from '../actor.js';

const SECRETARIAT = ['secretariat'] as const;
const MAX_UPLOAD = 10 * 1024 * 1024;
const MAX_FILES = 20;

const ConfirmBody = Type.Record(
  Type.String({ maxLength: 60 }),
  Type.Union([Type.String({ maxLength: 5_000_000 }), Type.Array(Type.String({ maxLength: 50_000 }), { maxItems: 40 })]),
  { maxProperties: 20_000 },
);

interface SourceLineView {
  number: number;
  text: string;
  ignored: string | null;
}

/** One file of the preview: its parsed document and, after a refused confirmation, what the user entered. */
interface PreviewFile {
  /** The file's index in the form's field names (f0_…, f1_…); kept when a preview is shown again. */
  k: number;
  source: string;
  document: ParsedDocument;
  lines: SourceLineView[];
  meeting: MeetingChoice;
  /** The meeting select's value: an existing meeting's id or "neu". */
  meetingChoice: string;
  /** Resolutions whose "include" box the user cleared. */
  excluded: number[];
  /** What the form showed after a refused confirmation: the user's values, by the parsed document's indices. */
  shown: ImportResolution[];
  problems: string[];
}

function one(body: FormFields, name: string): string {
  const value = body[name];
  return (Array.isArray(value) ? value[0] : (value as string | undefined)) ?? '';
}

function meetingLabel(m: Pick<ImportMeetingChoice, 'conference' | 'number' | 'year' | 'startDate' | 'place'>): string {
  const ordinal = m.number !== null ? `${m.number}. ` : '';
  const date = m.startDate !== null ? `, ${m.startDate.split('-').reverse().join('.')}` : '';
  return `${ordinal}${m.conference} ${m.year}${date}${m.place ? `, ${m.place}` : ''}`;
}

/** The stored meeting that a parsed meeting names, if any (same conference, and ordinal or start date). */
function matchingMeeting(choices: readonly ImportMeetingChoice[], parsed: MeetingChoice): ImportMeetingChoice | undefined {
  const slug = conferenceSlug(parsed.conference);
  return choices.find((m) => conferenceSlug(m.conference) === slug
    && ((parsed.meeting.number !== null && m.number === parsed.meeting.number)
      || (parsed.meeting.number === null && parsed.meeting.startDate !== null && m.startDate === parsed.meeting.startDate)));
}

/** The identity of a resolution's meeting: conference, ordinal, year and start date. */
function meetingKey(resolution: ImportResolution): string {
  const { number, year, startDate } = resolution.meeting;
  return JSON.stringify([conferenceSlug(resolution.conference), number, year, startDate]);
}

/**
 * A file's document for the preview: interchange JSON as it is (the preview sets one meeting per
 * file, so its resolutions must share one), or a resolution text through the parser.
 */
function readForPreview(name: string, text: string): { document: ParsedDocument; lines: SourceLineView[] } {
  if (looksLikeJson(name, text)) {
    const { resolutions } = readInterchangeJson(name, text);
    if (resolutions.length === 0) throw new InputError(translate('import.jsonEmpty', { name }));
    if (resolutions.some((r) => meetingKey(r) !== meetingKey(resolutions[0]!))) throw new InputError(translate('import.jsonSeveralMeetings', { name }));
    const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).map((line, i) => ({ number: i + 1, text: line, ignored: null }));
    return { document: { resolutions, warnings: [] }, lines };
  }
  const result = analyseResolutionText(text, { enrich: true });
  if (result.failure) throw new InputError(parseFailureText(result.failure, translate('parseFailure.theUpload', { name })));
  return { document: result.document, lines: result.lines.map((l) => ({ number: l.line, text: l.text, ignored: l.ignored })) };
}

/**
 * Rows of a title's field in the preview: as many as the title needs at about 70 characters a
 * line (the field's width on a desktop), 1 to 4; a longer one scrolls inside the field.
 */
function titleRows(title: string): number {
  return Math.min(4, Math.max(1, Math.ceil(title.length / 70)));
}

const importRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  await fastify.register(multipart, {
    limits: { fileSize: MAX_UPLOAD, files: MAX_FILES, fields: 10, fieldSize: 5 * 1024 * 1024, parts: MAX_FILES + 10 },
  });

  function renderForm(reply: FastifyReply, extra: Record<string, unknown> = {}) {
    return reply.viewAsync('pages/workspace-import.hbs', {
      title: translate('import.title'),
      breadcrumbs: [{ label: translate('workspace.title'), url: '/verwaltung' }, { label: translate('import.title') }],
      csrfToken: reply.csrfToken(),
      maxMb: MAX_UPLOAD / 1024 / 1024,
      maxFiles: MAX_FILES,
      ...extra,
    });
  }

  fastify.get('/verwaltung/import', { config: { access: SECRETARIAT }, preValidation: fastify.guard(SECRETARIAT) }, async (_request, reply) =>
    renderForm(reply),
  );

  /** The fields and the uploaded files of the import form; throws when the body is not well-formed multipart. */
  async function readForm(request: FastifyRequest) {
    const fields: Record<string, string> = {};
    const files: { filename: string; buffer: Buffer }[] = [];
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const buffer = await part.toBuffer();
        if (part.filename) files.push({ filename: withoutControlCharacters(part.filename), buffer });
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
    return { fields, files };
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
      // `shown`: the name as messages and headings repeat it (a long one shortened); `name` is stored as the source
      const inputs: { name: string; shown: string; read: () => Promise<string> }[] = form.files.map((upload) => ({
        name: upload.filename,
        shown: shortFileName(upload.filename),
        read: async () => documentText(shortFileName(upload.filename), upload.buffer),
      }));
      if (inputs.length === 0 && pasted.trim() !== '') inputs.push({ name: translate('import.pastedText'), shown: translate('import.pastedText'), read: async () => pasted });
      if (inputs.length === 0) return renderForm(reply.code(422), { error: translate('import.nothing'), text: pasted });

      const files: PreviewFile[] = [];
      const refused: string[] = [];
      const choices = importMeetingChoices(fastify.db, request.viewer);
      for (const input of inputs) {
        try {
          const { document, lines } = readForPreview(input.shown, await input.read());
          const meeting = parsedMeeting(document);
          files.push({
            k: files.length,
            source: input.name,
            document,
            lines,
            meeting,
            meetingChoice: String(matchingMeeting(choices, meeting)?.id ?? 'neu'),
            excluded: [],
            shown: [],
            problems: [],
          });
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          refused.push(inputs.length > 1 && !error.message.includes(input.shown) ? `${input.shown}: ${error.message}` : error.message);
        }
      }
      if (files.length === 0) return renderForm(reply.code(422), { error: refused.join(' '), errors: refused, text: pasted });
      return renderPreview(request, reply, files, { refused });
    },
  );

  function renderPreview(
    request: FastifyRequest,
    reply: FastifyReply,
    files: readonly PreviewFile[],
    extra: { refused?: string[]; saved?: { source: string; items: ImportedItem[] }[] } = {},
  ) {
    const own = new Set(conferencesOfViewer(fastify.db, request.viewer));
    const choices = importMeetingChoices(fastify.db, request.viewer);
    const conferences = importConferenceNames(fastify.db, request.viewer).sort((a, b) => a.localeCompare(b, 'de'));
    const viewFiles = files.map((file) => {
      const k = file.k;
      const warnings = file.document.warnings.map((w) => ({ line: w.line, message: parserWarningText(w) }));
      const warnedLines = new Map<number, string[]>();
      for (const w of warnings) warnedLines.set(w.line, [...(warnedLines.get(w.line) ?? []), w.message]);
      const conference = file.meeting.conference;
      const knownConference = conference !== 'unbekannt';
      return {
        k,
        source: file.source,
        shownSource: shortFileName(file.source),
        documentJson: JSON.stringify({ resolutions: file.document.resolutions, warnings: [] }),
        warningsJson: JSON.stringify(file.document.warnings),
        linesJson: JSON.stringify(file.lines),
        problems: file.problems,
        incomplete: meetingIncomplete(file.meeting),
        meetingOptions: choices.map((m) => ({ value: String(m.id), label: meetingLabel(m), selected: String(m.id) === file.meetingChoice })),
        newSelected: file.meetingChoice === 'neu',
        conferenceOptions: [...new Set([...(knownConference ? [conference] : []), ...conferences])]
          .map((short) => ({ value: short, selected: short === conference })),
        conferenceMissing: !knownConference,
        meeting: file.meeting.meeting,
        startDate: formatDateShort(file.meeting.meeting.startDate),
        endDate: formatDateShort(file.meeting.meeting.endDate),
        resolutions: file.document.resolutions.map((parsed, i) => file.shown[i] ?? parsed).map((r, i) => ({
          i,
          included: !file.excluded.includes(i),
          label: `TOP ${r.agendaItem}`,
          agendaItem: r.agendaItem,
          title: r.title,
          titleRows: titleRows(r.title),
          laender: LAND_CODES.map((code) => ({ code, name: landName(code), checked: r.sponsors.includes(code) })),
          reportingOptions: LAND_CODES.map((code) => ({ code, name: landName(code), selected: r.reportingLand === code })),
          outcomeOptions: OUTCOMES.map((value) => ({ value, label: translate(`outcome.${value}`), selected: value === r.decision.outcome })),
          votingOptions: VOTINGS.map((value) => ({
            value, label: value === 'counted' ? translate('import.votingCounted') : translate(`voting.${value}`), selected: value === r.decision.voting,
          })),
          yes: r.decision.yes ?? '',
          no: r.decision.no ?? '',
          abstain: r.decision.abstain ?? '',
          formula: r.decision.formula,
          demands: r.demands.map((d, j) => ({ j, number: d.number ?? '', text: d.text })),
          protocolStatements: r.protocolStatements,
          references: r.references ?? [],
          foreign: knownConference && !own.has(conferenceSlug(conference)),
        })),
        warnings: warnings.map((w) => ({ ...w, source: file.lines.find((l) => l.number === w.line)?.text ?? '' })),
        lines: file.lines.map((l) => ({ ...l, warnings: warnedLines.get(l.number) ?? [] })),
      };
    });
    return reply.viewAsync('pages/workspace-import-preview.hbs', {
      title: translate('import.previewTitle'),
      breadcrumbs: [{ label: translate('workspace.title'), url: '/verwaltung' }, { label: translate('import.title'), url: '/verwaltung/import' }, { label: translate('import.previewTitle') }],
      csrfToken: reply.csrfToken(),
      files: viewFiles,
      several: viewFiles.length > 1,
      refused: extra.refused ?? [],
      saved: (extra.saved ?? []).map((s) => ({ source: shortFileName(s.source), items: s.items.map(itemView) })),
    });
  }

  function itemView(item: ImportedItem) {
    return { ...item, change: translate(`import.change.${item.change}`), url: `/verwaltung/beschluesse/${item.id}` };
  }

  /** The meeting chosen in file k's preview: an existing one by id, or the fields of a new one. */
  function chosenMeeting(request: FastifyRequest, body: FormFields, k: number, parsed: MeetingChoice, problems: UiText[]): { choice: string; meeting: MeetingChoice } {
    const choice = one(body, `f${k}_meeting`) || 'neu';
    if (choice !== 'neu') {
      const existing = importMeetingChoices(fastify.db, request.viewer).find((m) => String(m.id) === choice);
      if (existing) {
        const { conference, number, year, startDate, endDate, place } = existing;
        return { choice, meeting: { conference, meeting: { number, year, startDate, endDate, place } } };
      }
      problems.push(uiText('import.meetingGone'));
    }
    return { choice: 'neu', meeting: meetingFromFields(body, `f${k}_`, parsed, problems) };
  }

  fastify.post(
    '/verwaltung/import/speichern',
    {
      schema: { body: ConfirmBody },
      bodyLimit: 40 * 1024 * 1024,
      config: { access: SECRETARIAT },
      preValidation: fastify.guard(SECRETARIAT, { csrf: true }),
    },
    async (request, reply) => {
      const body = request.body as FormFields;
      const fileIndices = Object.keys(body).flatMap((key) => /^f(\d{1,3})_document$/.exec(key)?.[1] ?? []).map(Number).sort((a, b) => a - b);
      if (fileIndices.length === 0) return renderForm(reply.code(422), { error: translate('import.tampered') });
      const again: PreviewFile[] = [];
      const saved: { source: string; items: ImportedItem[]; notes: string[] }[] = [];
      for (const k of fileIndices) {
        const source = one(body, `f${k}_source`).slice(0, 300) || translate('import.pastedText');
        let parsed: ParsedDocument;
        let lines: SourceLineView[];
        try {
          const valid = validateImportDocument(JSON.parse(one(body, `f${k}_document`)));
          lines = JSON.parse(one(body, `f${k}_lines`) || '[]') as SourceLineView[];
          if (!valid.ok || valid.value.resolutions.length === 0 || !Array.isArray(lines)) throw new InputError(valid.ok ? 'no resolutions' : uiTextOf(valid.errors[0]!));
          parsed = { resolutions: valid.value.resolutions, warnings: readParserWarnings(JSON.parse(one(body, `f${k}_warnings`) || '[]')) };
        } catch (error) {
          request.log.info({ err: (error as Error).message }, 'import confirmation refused');
          return renderForm(reply.code(422), { error: translate('import.tampered') });
        }
        const problems: UiText[] = [];
        const { choice, meeting } = chosenMeeting(request, body, k, parsedMeeting(parsed), problems);
        const edited = applyPreviewEdits(parsed, body, k, meeting);
        problems.push(...edited.problems);
        // Shown again, the preview keeps the user's corrections and cleared boxes; the hidden document stays the parsed one.
        const excluded: number[] = [];
        let position = 0;
        const shownResolutions = parsed.resolutions.map((resolution, i) => {
          if (one(body, `f${k}_r${i}_include`) !== '1') {
            excluded.push(i);
            return resolution;
          }
          const edits = edited.document.resolutions[position++]!;
          return { ...edits, demands: resolution.demands.map((demand, j) => ({
            number: one(body, `f${k}_r${i}_d${j}_number`) || demand.number,
            text: body[`f${k}_r${i}_d${j}_text`] === undefined ? demand.text : one(body, `f${k}_r${i}_d${j}_text`),
          })) };
        });
        const shown: PreviewFile = {
          k, source, document: parsed, lines, meeting, meetingChoice: choice, excluded, shown: shownResolutions, problems: problems.map(uiTextOf),
        };
        try {
          if (problems.length > 0) throw new RefusedError(problems);
          if (edited.document.resolutions.length === 0) throw new RefusedError([uiText('import.noneChosen')]);
          if (meeting.conference === 'unbekannt') {
            // Nothing chosen for a text without header: one message that asks for all of the meeting.
            const more = meetingIncomplete({ conference: '', meeting: meeting.meeting });
            throw new RefusedError([uiText(more ? 'import.meetingMissing' : 'import.conferenceMissing')]);
          }
          // pasted text names no source: the public page shows none rather than "Eingefügter Text"
          const storedSource = source === translate('import.pastedText') ? null : source;
          const result = importDocument(
            fastify.db, actorOf(request), edited.document, { source: storedSource, viewer: request.viewer },
          );
          saved.push({ source, items: result.items, notes: result.notes });
        } catch (error) {
          if (error instanceof RefusedError) shown.problems = error.problems.map(uiTextOf);
          else if (error instanceof ValidationError) shown.problems = [...error.problems];
          else throw error;
          again.push(shown);
        }
      }
      if (again.length > 0) return renderPreview(request, reply.code(422), again, { saved });
      return reply.viewAsync('pages/workspace-import-done.hbs', {
        title: translate('import.doneTitle'),
        breadcrumbs: [{ label: translate('workspace.title'), url: '/verwaltung' }, { label: translate('import.doneTitle') }],
        files: saved.map((s) => ({ source: shortFileName(s.source), items: s.items.map(itemView), notes: s.notes })),
        several: saved.length > 1,
        meetings: importedMeetings(fastify.db, saved.flatMap((s) => s.items)),
      });
    },
  );
};

export default importRoutes;
