/**
 * Import in the browser: paste a text or upload one or several .txt/.pdf files (or interchange
 * JSON, docs/import-format.md), see one preview
 * per file (the parsed resolutions as form fields beside the source lines and the parser's
 * warnings), correct any field, choose or complete the meeting, confirm. Nothing is stored before
 * the confirmation; each file is then stored in a transaction of its own, so a file that cannot
 * be stored keeps nothing of itself and is shown again with its problems, while the others are saved.
 */
import { randomUUID } from 'node:crypto';
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { analyseResolutionText, readParserWarnings, type ParsedDocument } from '../../domain/parser/index.js';
import { validateImportDocument, type ImportResolution } from '../../domain/import-format.js';
import { OUTCOMES, VOTINGS } from '../../domain/vocabulary.js';
import {
  applyPreviewEdits, atField, meetingFromFields, meetingIncomplete, NEW_DEMAND_ROWS, parsedMeeting, type FormFields, type MeetingChoice, type PreviewProblem,
} from '../../domain/import-edit.js';
import { isLandCode, LAND_CODES, landName, type LandCode } from '../../domain/laender.js';
import { conferenceSlug } from '../../domain/citation.js';
import { formatDateShort } from '../../domain/dates.js';
import { documentText, InputError, looksLikeJson, readInterchangeJson } from '../../services/document-text.js';
import { importDocument, importedMeetings, renumberedItemNaming, renumberedNaming, renumberedText, type ImportedItem } from '../../services/import.js';
import { renumberedAgendaItems, renumberedMeeting, type RenumberedItem, type RenumberedMeeting } from '../../services/former-addresses.js';
import { documentProblems } from '../../services/import-checks.js';
import { RefusedError, ValidationError } from '../../services/types.js';
import { conferencesOfViewer, importConferenceNames, importMeetingChoices, storedItemsOf, type ImportMeetingChoice, type StoredItem } from '../../services/workspace.js';
import { normalizeAgendaItem } from '../../domain/agenda-item.js';
import { conferenceExists, saveConference } from '../../services/conferences.js';
import { parseConferenceForm, type ConferenceInput } from '../../domain/meeting-form.js';
import { suggestedConferenceName } from '../../domain/conference-name.js';
import { completeWebAddress } from '../../domain/web-address.js';
import type { Viewer } from '../../services/access.js';
import { parseFailureText, parserWarningText, translate, uiTextOf, withErrorTexts } from '../../i18n.js';
import { uiText } from '../../domain/ui-text.js';
import { errorSummary, type ErrorSummaryItem } from '../error-summary.js';
import { titleRows } from './resolution-form-model.js';
import { shortFileName, withoutControlCharacters } from '../../domain/text-safety.js';
import { actorOf } from '../actor.js';
import {
  AlreadyImportedError, confirmationId, confirmationsOfPreview, findConfirmation, isPreviewId, lastConfirmationOfFile, type ConfirmedImport,
} from '../../services/import-confirmations.js';
import { formatBerlinDateTime } from '../../domain/berlin-time.js';
import { renderNotFound } from '../../plugins/errors.js';

const SECRETARIAT = ['secretariat'] as const;
const MAX_UPLOAD = 10 * 1024 * 1024;
const MAX_FILES = 20;
/**
 * The files a form may send before reading it stops: those beyond MAX_FILES are read past (not
 * kept) and named in the message, so that the pasted text after them still arrives.
 */
const FILES_READ = 5 * MAX_FILES;
/** The longest public source ("Quelle") a resolution keeps. */
const MAX_SOURCE = 300;

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
  /** The chair the text names ("Vorsitz: … Saarland"), carried beside the document: the interchange format has none. */
  chairLand: LandCode | null;
  /** The meeting select's value: an existing meeting's id or "neu". */
  meetingChoice: string;
  /** After a refused confirmation, the fields as the user sent them: the form shows them again as typed, refused values included. */
  typed: FormFields | null;
  /** Why the confirmation was refused, each linked to its field. */
  problems: ErrorSummaryItem[];
}

/** The field of the preview a problem of the domain's checks is about (services/import-checks.ts), by the problem's key. */
const MEETING_FIELD: Readonly<Record<string, string>> = {
  'importError.conferenceMissing': 'conference', 'importError.meetingUnnamed': 'number', 'importError.yearMissing': 'year',
  'importError.dateInvalid': 'startDate', 'importError.endBeforeStart': 'endDate',
};
const RESOLUTION_FIELD: Readonly<Record<string, string>> = {
  'importError.agendaItemInvalid': 'agendaItem', 'importError.agendaItemMissing': 'agendaItem', 'importError.agendaItemTooLong': 'agendaItem', 'importError.twiceInDocument': 'agendaItem',
  'importError.titleMissing': 'title', 'importError.notLand': 'sponsors', 'importError.sponsorTwice': 'sponsors',
  'importError.reportingNotLand': 'reportingLand', 'importError.outcomeUnknown': 'outcome', 'importError.votingUnknown': 'voting',
  'form.votes.yesMissing': 'yes', 'form.votes.tooMany': 'yes',
  'importError.demandTwice': 'demands', 'importError.demandEmpty': 'demands', 'importError.addresseeUnknown': 'demands', 'importError.dueDateInvalid': 'demands',
};

/** The fields of a file's preview that a problem can be about (f{k}_…): the source, the meeting's choice and fields. */
const MEETING_FIELDS = ['quelle', 'meeting', 'conference', 'number', 'year', 'startDate', 'endDate', 'place', 'chair'] as const;
/** The fields of one resolution in the preview (f{k}_r{i}_…); the Ziffern are one group. */
const RESOLUTION_FIELDS = [
  'include', 'agendaItem', 'title', 'sponsors', 'reportingLand', 'outcome', 'voting', 'yes', 'no', 'abstain', 'formula', 'demands',
] as const;

/** A problem of the preview as its error summary lists it. */
function summaryItem(problem: PreviewProblem): ErrorSummaryItem {
  return { href: problem.field ? `#${problem.field}` : null, message: uiTextOf(problem) };
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

/**
 * The meeting of the secretariat's own that had the number (or first day) a preview's meeting names
 * before it was corrected, when no meeting has it now: the text is of that meeting
 * (former-addresses.ts renumberedMeeting), and storing it as it reads would make a second one.
 */
function renumberedChoice(db: Parameters<typeof renumberedMeeting>[0], choices: readonly ImportMeetingChoice[], named: MeetingChoice): RenumberedMeeting | null {
  if (meetingIncomplete(named)) return null;
  const found = renumberedMeeting(db, named.conference, named.meeting);
  return found !== null && choices.some((m) => m.id === found.id) ? found : null;
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
function readForPreview(name: string, text: string): { document: ParsedDocument; lines: SourceLineView[]; chairLand: LandCode | null } {
  if (looksLikeJson(name, text)) {
    const { resolutions } = readInterchangeJson(name, text);
    if (resolutions.length === 0) throw new InputError(translate('import.jsonEmpty', { name }));
    if (resolutions.some((r) => meetingKey(r) !== meetingKey(resolutions[0]!))) throw new InputError(translate('import.jsonSeveralMeetings', { name }));
    const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).map((line, i) => ({ number: i + 1, text: line, ignored: null }));
    return { document: { resolutions, warnings: [] }, lines, chairLand: null };
  }
  const result = analyseResolutionText(text, { enrich: true });
  if (result.failure) throw new InputError(parseFailureText(result.failure, translate('parseFailure.theUpload', { name })));
  return { document: result.document, lines: result.lines.map((l) => ({ number: l.line, text: l.text, ignored: l.ignored })), chairLand: result.chairLand };
}

/**
 * The public source as typed, on one line; the address of the published collection typed as
 * "www.…" is completed to https:// (the resolution page links a web address).
 */
function publicSource(typed: string): string {
  const source = withoutControlCharacters(typed).replace(/\s+/g, ' ').trim();
  return /^www\./i.test(source) ? completeWebAddress(source) ?? source : source;
}

/** The indices of the files a preview form sends back (f0_document, f1_document, …), in order. */
function sentFileIndices(body: FormFields): number[] {
  return Object.keys(body).flatMap((key) => /^f(\d{1,3})_document$/.exec(key)?.[1] ?? []).map(Number).sort((a, b) => a - b);
}

/** File k of a preview as its form sends it back: its source, document and lines; InputError when incomplete or changed. */
function readSentFile(body: FormFields, k: number): { source: string; parsed: ParsedDocument; lines: SourceLineView[]; chairLand: LandCode | null } {
  const source = one(body, `f${k}_source`).slice(0, 300) || translate('import.pastedText');
  const chair = one(body, `f${k}_chair`);
  const chairLand = isLandCode(chair) ? chair : null; // anything else: no chair, as for a text that names none
  try {
    const valid = validateImportDocument(JSON.parse(one(body, `f${k}_document`)));
    const lines = JSON.parse(one(body, `f${k}_lines`) || '[]') as SourceLineView[];
    if (!valid.ok || valid.value.resolutions.length === 0 || !Array.isArray(lines)) throw new InputError(valid.ok ? 'no resolutions' : uiTextOf(valid.errors[0]!));
    return { source, lines, chairLand, parsed: { resolutions: valid.value.resolutions, warnings: readParserWarnings(JSON.parse(one(body, `f${k}_warnings`) || '[]')) } };
  } catch (error) {
    throw error instanceof InputError ? error : new InputError((error as Error).message);
  }
}

/** The fields of the conference form that are not the preview's: left out when the preview is carried through it. */
const NOT_CARRIED = new Set(['_csrf', 'neue_konferenz', 'shortName', 'name', 'description', 'zurueck']);

/** A preview's fields as hidden inputs of the new conference's form (a repeated field once per value). */
function carriedFields(body: FormFields): { name: string; value: string }[] {
  return Object.entries(body).flatMap(([name, value]) =>
    NOT_CARRIED.has(name) || value === undefined ? [] : ([] as string[]).concat(value).map((v) => ({ name, value: v })));
}

const importRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  await fastify.register(multipart, {
    // a file over the limit arrives truncated and is named in the form's message; the fields after it
    // (the pasted text) are still read, so nothing typed is lost with it
    throwFileSizeLimit: false,
    limits: { fileSize: MAX_UPLOAD, files: FILES_READ, fields: 10, fieldSize: 5 * 1024 * 1024, parts: FILES_READ + 10 },
  });

  /** The import form, after a refused upload with its problems, each linked to the field it is about (the files, or the pasted text). */
  function renderForm(reply: FastifyReply, extra: { errors?: readonly string[]; errorField?: 'datei' | 'text'; text?: string } = {}) {
    const { errors = [], errorField = 'datei', ...rest } = extra;
    return reply.viewAsync('pages/workspace-import.hbs', {
      errorList: errors.map((message) => ({ href: `#${errorField}`, message })),
      // the problems stand at the field they are about too, which they describe
      fileError: errors.length > 0 && errorField === 'datei' ? errors.join(' ') : null,
      textError: errors.length > 0 && errorField === 'text' ? errors.join(' ') : null,
      ...rest,
      title: translate('import.title'),
      breadcrumbs: [{ label: translate('workspace.title'), url: '/verwaltung' }, { label: translate('import.title') }],
      csrfToken: reply.csrfToken(),
      maxMb: MAX_UPLOAD / 1024 / 1024,
      maxFiles: MAX_FILES,
    });
  }

  fastify.get('/verwaltung/import', { config: { access: SECRETARIAT }, preValidation: fastify.guard(SECRETARIAT) }, async (_request, reply) =>
    renderForm(reply),
  );

  /**
   * The fields and the uploaded files of the import form, and the names of the files over the size
   * limit (read to their end but not kept, so that the fields after them still arrive); throws when
   * the body is not well-formed multipart.
   */
  async function readForm(request: FastifyRequest) {
    const fields: Record<string, string> = {};
    const files: { filename: string; buffer: Buffer }[] = [];
    const tooLarge: string[] = [];
    let fileCount = 0;
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        fileCount += 1;
        if (fileCount > MAX_FILES) {
          // read past, not kept: the form is refused with the number of files
          for await (const chunk of part.file) void chunk;
          continue;
        }
        const buffer = await part.toBuffer();
        if (part.file.truncated) tooLarge.push(shortFileName(withoutControlCharacters(part.filename || translate('import.someFile'))));
        else if (part.filename) files.push({ filename: withoutControlCharacters(part.filename), buffer });
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
    return { fields, files, tooLarge, tooMany: fileCount > MAX_FILES ? fileCount : null };
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
      if (!request.isMultipart()) return renderForm(reply.code(400), { errors: [translate('import.notMultipart')] });
      let form: Awaited<ReturnType<typeof readForm>>;
      try {
        form = await readForm(request);
      } catch (error) {
        const code = (error as { code?: string }).code;
        request.log.info({ err: { message: (error as Error).message, code } }, 'import upload refused');
        if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') return renderForm(reply.code(413), { errors: [translate('import.tooManyFilesAtAll', { max: MAX_FILES })] });
        return renderForm(reply.code(400), { errors: [translate('import.malformed')] });
      }
      request.body = form.fields;
      if (!fastify.csrfPassed(request, reply)) return reply;
      const pasted = withoutControlCharacters(form.fields.text ?? '');
      // a file over the limit, or too many files: the form comes back with the pasted text, the message at the file field
      if (form.tooLarge.length > 0 || form.tooMany !== null) {
        const mb = MAX_UPLOAD / 1024 / 1024;
        const errors = [
          ...(form.tooMany === null ? [] : [translate('import.tooManyFiles', { max: MAX_FILES, count: form.tooMany })]),
          ...form.tooLarge.map((name) => translate('import.tooLarge', { name, mb })),
        ];
        if (pasted.trim() !== '') errors[errors.length - 1] += ` ${translate('import.textKept')}`;
        return renderForm(reply.code(413), { errors, text: pasted });
      }
      // `shown`: the name as messages and headings repeat it (a long one shortened); `name` is stored as the source
      const inputs: { name: string; shown: string; read: () => Promise<string> }[] = form.files.map((upload) => ({
        name: upload.filename,
        shown: shortFileName(upload.filename),
        read: async () => documentText(shortFileName(upload.filename), upload.buffer),
      }));
      if (inputs.length === 0 && pasted.trim() !== '') inputs.push({ name: translate('import.pastedText'), shown: translate('import.pastedText'), read: async () => pasted });
      if (inputs.length === 0) return renderForm(reply.code(422), { errors: [translate('import.nothing')], text: pasted });

      const files: PreviewFile[] = [];
      const refused: string[] = [];
      const choices = importMeetingChoices(fastify.db, request.viewer);
      for (const input of inputs) {
        try {
          const { document, lines, chairLand } = readForPreview(input.shown, await input.read());
          const meeting = parsedMeeting(document);
          files.push({
            k: files.length,
            source: input.name,
            document,
            lines,
            meeting,
            chairLand,
            // a meeting renumbered since the text was written is proposed under its number today, and said
            meetingChoice: String(matchingMeeting(choices, meeting)?.id ?? renumberedChoice(fastify.db, choices, meeting)?.id ?? 'neu'),
            typed: null,
            problems: [],
          });
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          refused.push(inputs.length > 1 && !error.message.includes(input.shown) ? `${input.shown}: ${error.message}` : error.message);
        }
      }
      if (files.length === 0) return renderForm(reply.code(422), { errors: refused, errorField: form.files.length === 0 ? 'text' : 'datei', text: pasted });
      return renderPreview(request, reply, files, { refused });
    },
  );

  function renderPreview(
    request: FastifyRequest,
    reply: FastifyReply,
    files: readonly PreviewFile[],
    extra: {
      refused?: string[]; saved?: { source: string; items: ImportedItem[] }[];
      /** Files of this preview confirmed before (sent again by a reload or the back button): not stored again. */
      already?: readonly ConfirmedImport[];
      /** The preview's id (import-confirmations.ts): kept when a preview is shown again; a new preview gets a new one. */
      previewId?: string;
      /** Said above the preview: the conference created for it a moment ago. */
      notice?: string;
      /** The viewer as of now: its session sees a conference it created in this request only from the next one. */
      viewer?: Viewer;
    } = {},
  ) {
    const viewer = extra.viewer ?? request.viewer;
    const own = new Set(conferencesOfViewer(fastify.db, viewer));
    const choices = importMeetingChoices(fastify.db, viewer);
    const conferences = importConferenceNames(fastify.db, viewer).sort((a, b) => a.localeCompare(b, 'de'));
    const viewFiles = files.map((file) => {
      const k = file.k;
      // "Neue Sitzung" with the details of a meeting the archive has: the import stores into that
      // meeting, so the preview says so and names the TOPs it has as for a meeting chosen above
      const sameAsNew = file.meetingChoice === 'neu' ? matchingMeeting(choices, file.meeting) ?? null : null;
      // the meeting the text (or "Neue Sitzung") names by a number it gave up: said while it or "Neue Sitzung" is chosen
      const renumbered = sameAsNew === null ? renumberedChoice(fastify.db, choices, file.meetingChoice === 'neu' ? file.meeting : parsedMeeting(file.document)) : null;
      const renumberedShown = renumbered !== null && (file.meetingChoice === 'neu' || file.meetingChoice === String(renumbered.id));
      const storedIn = sameAsNew?.id ?? (/^\d{1,12}$/.test(file.meetingChoice) ? Number(file.meetingChoice) : null);
      // the TOPs the meeting has already: importing one again replaces its text, hand-made corrections too
      const stored = storedIn === null ? new Map<string, StoredItem>() : storedItemsOf(fastify.db, viewer, storedIn);
      // the TOPs it has under another number since a correction: proposed under that number, and said
      const renamed = storedIn === null || stored.size === 0 ? new Map<string, RenumberedItem>() : renumberedAgendaItems(fastify.db, storedIn);
      const named = new Set(file.document.resolutions.map((r) => r.agendaItem));
      const warnings = file.document.warnings.map((w) => ({ line: w.line, message: parserWarningText(w) }));
      const warnedLines = new Map<number, string[]>();
      for (const w of warnings) warnedLines.set(w.line, [...(warnedLines.get(w.line) ?? []), w.message]);
      const conference = file.meeting.conference;
      const knownConference = conference !== 'unbekannt';
      const foreign = knownConference && !own.has(conferenceSlug(conference));
      // a conference nobody works for yet: the secretariat creates it (and then works for it), not asks for it
      const newConference = foreign && !conferenceExists(fastify.db, conference);
      // after a refused confirmation every field shows what the user sent, the refused values too
      const typed = file.typed;
      const value = (name: string, fallback: string | number | null | undefined): string => {
        const sent = typed?.[name];
        if (sent !== undefined) return (Array.isArray(sent) ? sent[0] : sent as string) ?? '';
        return fallback === null || fallback === undefined ? '' : String(fallback);
      };
      const typedConference = value(`f${k}_conference`, conference);
      // each problem also stands at its field (with aria-invalid), not only in the summary above the form
      const atFields = new Map<string, string[]>();
      for (const problem of file.problems) {
        const id = problem.href?.slice(1);
        if (id) atFields.set(id, [...(atFields.get(id) ?? []), problem.message]);
      }
      const errorsOf = (prefix: string, names: readonly string[]) =>
        Object.fromEntries(names.flatMap((name) => (atFields.has(`${prefix}${name}`) ? [[name, atFields.get(`${prefix}${name}`)!.join(' ')]] : [])));
      return {
        errors: errorsOf(`f${k}_`, MEETING_FIELDS),
        k,
        source: file.source,
        shownSource: shortFileName(file.source),
        // what the public will read under "Quelle": the file's name unless changed (pasted text: none)
        publicSource: value(`f${k}_quelle`, file.source === translate('import.pastedText') ? '' : file.source.slice(0, MAX_SOURCE)),
        maxSource: MAX_SOURCE,
        documentJson: JSON.stringify({ resolutions: file.document.resolutions, warnings: [] }),
        warningsJson: JSON.stringify(file.document.warnings),
        linesJson: JSON.stringify(file.lines),
        // the chair the text names, as a choice the secretariat may correct (for a new meeting)
        chairOptions: LAND_CODES.map((code) => ({ code, name: landName(code), selected: value(`f${k}_chair`, file.chairLand) === code })),
        existingMeeting: sameAsNew === null ? null : { id: sameAsNew.id, label: meetingLabel(sameAsNew) },
        renumbered: renumbered === null || !renumberedShown ? null : renumberedView(file, renumbered),
        // a file of this name imported before (uploaded again, or sent again after the back button): said with its result
        importedBefore: file.source === translate('import.pastedText') ? null : importedBeforeView(lastConfirmationOfFile(fastify.db, viewer, file.source)),
        problems: file.problems,
        incomplete: meetingIncomplete(file.meeting),
        meetingOptions: choices.map((m) => ({ value: String(m.id), label: meetingLabel(m), selected: String(m.id) === file.meetingChoice })),
        newSelected: file.meetingChoice === 'neu',
        conferenceOptions: [...new Set([...(knownConference ? [conference] : []), ...conferences])]
          .map((short) => ({ value: short, selected: short === typedConference })),
        conferenceMissing: !knownConference,
        // a conference nobody works for yet: said once for the file, with the button that creates it and keeps this preview
        newConference: newConference ? conference : null,
        meeting: {
          number: value(`f${k}_number`, file.meeting.meeting.number),
          year: value(`f${k}_year`, file.meeting.meeting.year),
          place: value(`f${k}_place`, file.meeting.meeting.place),
        },
        startDate: value(`f${k}_startDate`, formatDateShort(file.meeting.meeting.startDate)),
        endDate: value(`f${k}_endDate`, formatDateShort(file.meeting.meeting.endDate)),
        resolutions: file.document.resolutions.map((r, i) => {
          const field = (name: string) => `f${k}_r${i}_${name}`;
          const title = value(field('title'), r.title);
          // (a TOP whose number today the text names as well is another one)
          const renumberedItem = renamed.get(r.agendaItem);
          const proposed = renumberedItem !== undefined && !named.has(renumberedItem.agendaItem) ? renumberedItem : null;
          const sponsors = typed === null ? r.sponsors : ([] as string[]).concat(typed[field('sponsors')] ?? []);
          const reportingLand = value(field('reportingLand'), r.reportingLand);
          const outcome = value(field('outcome'), r.decision.outcome);
          const voting = value(field('voting'), r.decision.voting);
          // the parsed Ziffern, the new ones the user added, and one blank row for another (to split a Ziffer or add a missing one)
          const added: number[] = [];
          for (let j = r.demands.length; j < r.demands.length + NEW_DEMAND_ROWS - 1 && value(`${field(`d${j}`)}_text`, '').trim() !== ''; j++) added.push(j);
          const blank = r.demands.length + added.length;
          return {
            i,
            errors: errorsOf(`${field('')}`, RESOLUTION_FIELDS),
            included: typed === null || value(field('include'), '') === '1',
            label: `TOP ${r.agendaItem}`,
            agendaItem: value(field('agendaItem'), proposed?.agendaItem ?? r.agendaItem),
            renumbered: proposed === null ? null : {
              id: proposed.id,
              text: uiTextOf(uiText('import.topRenumbered', { text: renumberedText(renumberedItemNaming(r, proposed)), now: `TOP ${proposed.agendaItem}`, agendaItem: r.agendaItem })),
            },
            title,
            titleRows: titleRows(title),
            laender: LAND_CODES.map((code) => ({ code, name: landName(code), checked: sponsors.includes(code) })),
            reportingOptions: LAND_CODES.map((code) => ({ code, name: landName(code), selected: reportingLand === code })),
            outcomeOptions: OUTCOMES.map((option) => ({ value: option, label: translate(`outcome.${option}`), selected: option === outcome })),
            votingOptions: VOTINGS.map((option) => ({
              // named as in the resolution form: one term for a counted vote ("ausgezählt") everywhere
              value: option, label: translate(`votingOption.${option}`), selected: option === voting,
            })),
            yes: value(field('yes'), r.decision.yes),
            no: value(field('no'), r.decision.no),
            abstain: value(field('abstain'), r.decision.abstain),
            formula: value(field('formula'), r.decision.formula),
            demands: [
              ...r.demands.map((d, j) => ({ j, number: value(`${field(`d${j}`)}_number`, d.number), text: value(`${field(`d${j}`)}_text`, d.text), isNew: false })),
              ...added.map((j) => ({ j, number: value(`${field(`d${j}`)}_number`, ''), text: value(`${field(`d${j}`)}_text`, ''), isNew: true })),
              { j: blank, number: '', text: '', isNew: true },
            ],
            protocolStatements: r.protocolStatements,
            references: r.references ?? [],
            // said once for the file when the conference does not exist yet
            foreign: foreign && !newConference,
            stored: storedView(stored.get(normalizeAgendaItem(value(field('agendaItem'), proposed?.agendaItem ?? r.agendaItem)))),
          };
        }),
        warnings: warnings.map((w) => ({ ...w, source: file.lines.find((l) => l.number === w.line)?.text ?? '' })),
        lines: file.lines.map((l) => ({ ...l, warnings: warnedLines.get(l.number) ?? [] })),
      };
    });
    return reply.viewAsync('pages/workspace-import-preview.hbs', {
      previewId: extra.previewId ?? randomUUID(),
      already: (extra.already ?? []).map(alreadyView),
      title: translate('import.previewTitle'),
      breadcrumbs: [{ label: translate('workspace.title'), url: '/verwaltung' }, { label: translate('import.title'), url: '/verwaltung/import' }, { label: translate('import.previewTitle') }],
      csrfToken: reply.csrfToken(),
      files: viewFiles,
      several: viewFiles.length > 1,
      refused: extra.refused ?? [],
      notice: extra.notice ?? null,
      saved: (extra.saved ?? []).map((s) => ({ source: shortFileName(s.source), items: s.items.map(itemView) })),
    });
  }

  /** What the preview says of a meeting renumbered since the text was written: proposed, or "Neue Sitzung" would make another one. */
  function renumberedView(file: PreviewFile, meeting: RenumberedMeeting) {
    const naming = renumberedNaming(file.meetingChoice === 'neu' ? file.meeting : parsedMeeting(file.document), meeting);
    const key = file.meetingChoice === 'neu' ? 'import.meetingRenumberedNew' : 'import.meetingRenumbered';
    return { id: meeting.id, text: uiTextOf(uiText(key, { text: renumberedText(naming), now: naming.now, named: naming.named })) };
  }

  /** What the preview says about a TOP the meeting has already (no link away: leaving the preview would lose it). */
  function storedView(item: StoredItem | undefined): string | null {
    if (!item) return null;
    return translate(item.editedByHand ? 'import.storedEdited' : 'import.stored', { release: translate(`release.${item.release}`) });
  }

  function itemView(item: ImportedItem) {
    return { ...item, change: translate(`import.change.${item.change}`), url: `/verwaltung/beschluesse/${item.id}` };
  }

  /** What a preview says of a file of the same name imported before, or null. */
  function importedBeforeView(confirmed: ConfirmedImport | null) {
    return confirmed === null ? null : { ...alreadyView(confirmed), said: translate('import.importedBefore', { at: formatBerlinDateTime(confirmed.at), by: confirmed.by }) };
  }

  /** A file of the preview confirmed before: when and by whom, and where its result is. */
  function alreadyView(confirmed: ConfirmedImport) {
    const previewId = confirmed.id.slice(0, confirmed.id.lastIndexOf('-'));
    return {
      source: shortFileName(confirmed.source ?? translate('import.pastedText')),
      said: translate('import.alreadyFile', { at: formatBerlinDateTime(confirmed.at), by: confirmed.by }),
      url: `/verwaltung/import/ergebnis?import=${previewId}`,
    };
  }

  /** The meeting chosen in file k's preview: an existing one by id, or the fields of a new one. */
  function chosenMeeting(request: FastifyRequest, body: FormFields, k: number, parsed: MeetingChoice, problems: PreviewProblem[]): { choice: string; meeting: MeetingChoice } {
    const choice = one(body, `f${k}_meeting`) || 'neu';
    if (choice !== 'neu') {
      const existing = importMeetingChoices(fastify.db, request.viewer).find((m) => String(m.id) === choice);
      if (existing) {
        // the fields of a new meeting are not used then, but what is typed there is read all the same:
        // a date that is none is said at its field rather than passed over without a word
        meetingFromFields(body, `f${k}_`, parsed, problems);
        const { conference, number, year, startDate, endDate, place } = existing;
        return { choice, meeting: { conference, meeting: { number, year, startDate, endDate, place } } };
      }
      problems.push(atField(`f${k}_meeting`, uiText('import.meetingGone')));
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
      const fileIndices = sentFileIndices(body);
      if (fileIndices.length === 0) return renderForm(reply.code(422), { errors: [translate('import.tampered')] });
      // a form without the preview's id (made before it had one) is confirmed under a new one: stored, but not guarded against a second confirmation
      const sentId = one(body, 'import_id');
      const previewId = isPreviewId(sentId) ? sentId : randomUUID();
      const again: PreviewFile[] = [];
      const saved: { source: string; items: ImportedItem[]; notes: string[] }[] = [];
      const already: ConfirmedImport[] = [];
      const own = new Set(conferencesOfViewer(fastify.db, request.viewer));
      const choices = importMeetingChoices(fastify.db, request.viewer);
      for (const k of fileIndices) {
        const confirmation = confirmationId(previewId, k);
        // confirmed before (a reload, the back button, a double click): nothing is stored twice, and the page says so
        const confirmedBefore = findConfirmation(fastify.db, confirmation);
        if (confirmedBefore) {
          already.push(confirmedBefore);
          continue;
        }
        let sent: ReturnType<typeof readSentFile>;
        try {
          sent = readSentFile(body, k);
        } catch (error) {
          request.log.info({ err: (error as Error).message }, 'import confirmation refused');
          return renderForm(reply.code(422), { errors: [translate('import.tampered')] });
        }
        const { source, parsed, lines } = sent;
        const problems: PreviewProblem[] = [];
        // the public source as typed (a form without the field: the file's name, pasted text none)
        const typedSource = body[`f${k}_quelle`] === undefined ? null : publicSource(one(body, `f${k}_quelle`));
        if (typedSource !== null && typedSource.length > MAX_SOURCE) problems.push(atField(`f${k}_quelle`, uiText('import.publicSourceTooLong', { max: MAX_SOURCE })));
        const { choice, meeting } = chosenMeeting(request, body, k, parsedMeeting(parsed), problems);
        // the chair as chosen (proposed from the text): one of the Länder or none
        const typedChair = one(body, `f${k}_chair`).trim();
        if (typedChair !== '' && !isLandCode(typedChair)) problems.push(atField(`f${k}_chair`, uiText('import.chairNotLand', { value: typedChair.slice(0, 20) })));
        const chairLand = isLandCode(typedChair) ? typedChair : null;
        const edited = applyPreviewEdits(parsed, body, k, meeting);
        problems.push(...edited.problems);
        // Everything that keeps the file from being stored is said at once: the unreadable values,
        // no resolution chosen, no meeting, and what the checks before storing would refuse.
        const included = parsed.resolutions.flatMap((_, i) => (one(body, `f${k}_r${i}_include`) === '1' ? [i] : []));
        if (included.length === 0) problems.push(atField(`f${k}_r0_include`, uiText('import.noneChosen')));
        const meetingKnown = meeting.conference !== 'unbekannt';
        if (!meetingKnown) {
          // Nothing chosen for a text without header: one message that asks for all of the meeting.
          const more = meetingIncomplete({ conference: '', meeting: meeting.meeting });
          problems.push(more ? atField(`f${k}_meeting`, uiText('import.meetingMissing')) : atField(`f${k}_conference`, uiText('import.conferenceMissing')));
        } else if (!own.has(conferenceSlug(meeting.conference))) {
          // said now, with the rest, rather than by the import once everything else is mended
          const key = conferenceExists(fastify.db, meeting.conference) ? 'importError.foreignConference' : 'importError.newConference';
          problems.push(atField(`f${k}_conference`, uiText(key, { conference: meeting.conference })));
        } else if (choice === 'neu') {
          // "Neue Sitzung" with the details of a meeting that has some of these TOPs: their text would
          // be replaced without the preview having said so; said first (at the TOPs), then confirmed
          const same = matchingMeeting(choices, meeting);
          if (same && one(body, `f${k}_existing`) !== String(same.id)) {
            const stored = storedItemsOf(fastify.db, request.viewer, same.id);
            const replaced = edited.document.resolutions.flatMap((r) => (stored.has(r.agendaItem) ? [`TOP ${r.agendaItem}`] : []));
            if (replaced.length > 0) problems.push(atField(`f${k}_meeting`, uiText('import.meetingExistsConfirm', { meeting: meetingLabel(same), tops: replaced.join(', ') })));
          }
          // "Neue Sitzung" with the number a meeting gave up: another meeting of that number only once the preview has said so
          const renumbered = same ? null : renumberedChoice(fastify.db, choices, meeting);
          if (renumbered !== null && one(body, `f${k}_renumbered`) !== String(renumbered.id)) {
            const naming = renumberedNaming(meeting, renumbered);
            problems.push(atField(`f${k}_meeting`, uiText('import.meetingRenumberedConfirm', { text: renumberedText(naming), now: naming.now, named: naming.named })));
          }
        }
        // a TOP typed with the number a TOP of the meeting gave up: another TOP of that number only once the preview has said so
        const target = choice !== 'neu' ? Number(choice) : meetingKnown ? matchingMeeting(choices, meeting)?.id ?? null : null;
        const renamed = target === null ? new Map<string, RenumberedItem>() : renumberedAgendaItems(fastify.db, target);
        const typedItems = new Set(edited.document.resolutions.map((r) => r.agendaItem));
        edited.document.resolutions.forEach((r, index) => {
          const i = included[index]!;
          const item = renamed.get(r.agendaItem);
          if (item === undefined || typedItems.has(item.agendaItem) || one(body, `f${k}_r${i}_renumbered`) === String(item.id)) return;
          const text = renumberedText(renumberedItemNaming(r, item));
          problems.push(atField(`f${k}_r${i}_agendaItem`, uiText('import.topRenumberedConfirm', { text, now: item.agendaItem, agendaItem: r.agendaItem })));
        });
        for (const found of included.length > 0 ? documentProblems(edited.document) : []) {
          const meetingField = MEETING_FIELD[found.problem.key];
          if (meetingField !== undefined) {
            // the meeting is one for the whole file: said once, without a TOP, and not when it is asked for already
            const id = `f${k}_${meetingField}`;
            if (meetingKnown && !problems.some((problem) => problem.field === id)) problems.push(atField(id, found.problem));
            continue;
          }
          const i = included[found.index!]!;
          const id = `f${k}_r${i}${RESOLUTION_FIELD[found.problem.key] ? `_${RESOLUTION_FIELD[found.problem.key]}` : ''}`;
          // a field whose value could not be read keeps the parsed one for the checks: what they say of it is not about what was typed
          if (edited.problems.some((problem) => problem.field === id)) continue;
          problems.push(atField(id, found.text));
        }
        const shown: PreviewFile = {
          k, source, document: parsed, lines, meeting, chairLand, meetingChoice: choice, typed: body, problems: problems.map(summaryItem),
        };
        if (problems.length > 0) {
          again.push(shown);
          continue;
        }
        try {
          // pasted text names no source: the public page shows none rather than "Eingefügter Text"
          const storedSource = typedSource !== null ? typedSource || null : source === translate('import.pastedText') ? null : source;
          const result = importDocument(
            fastify.db, actorOf(request), edited.document,
            // the chair goes with a new meeting (or fills in one that has none); a meeting chosen from the archive keeps its own
            {
              source: storedSource, viewer: request.viewer, confirmation: { id: confirmation, file: source }, ...(choice === 'neu' ? { chairLand } : {}),
              // meetings and TOPs named by a number they gave up: the preview has said it (above), so stored as the form says
              renumbered: 'new',
            },
          );
          saved.push({ source, items: result.items, notes: result.notes });
        } catch (error) {
          if (error instanceof AlreadyImportedError) {
            already.push(error.confirmation);
            continue;
          }
          if (error instanceof RefusedError) shown.problems = error.problems.map((problem) => ({ href: null, message: uiTextOf(problem) }));
          else if (error instanceof ValidationError) shown.problems = error.problems.map((message) => ({ href: null, message }));
          else throw error;
          again.push(shown);
        }
      }
      if (again.length > 0) return renderPreview(request, reply.code(422), again, { saved, already, previewId });
      // post/redirect/get: the result is a page of its own, which a reload shows again without importing anything
      const nothingNew = saved.length === 0 ? '&bereits=1' : '';
      return reply.redirect(`/verwaltung/import/ergebnis?import=${previewId}${nothingNew}`, 303);
    },
  );

  const ResultQuery = Type.Object(
    { import: Type.Optional(Type.String({ maxLength: 60 })), bereits: Type.Optional(Type.String({ maxLength: 10 })) },
    { additionalProperties: false },
  );

  // The result of a confirmed preview (every file of it the secretariat may read, as recorded), and
  // the way on: the meetings to release the drafts in. "bereits" when the last confirmation stored
  // nothing because the preview was confirmed before.
  fastify.get(
    '/verwaltung/import/ergebnis',
    { schema: { querystring: ResultQuery }, config: { access: SECRETARIAT }, preValidation: fastify.guard(SECRETARIAT) },
    async (request, reply) => {
      const confirmed = confirmationsOfPreview(fastify.db, request.viewer, request.query.import ?? '');
      if (confirmed.length === 0) return renderNotFound(request, reply);
      const items = confirmed.flatMap((c) => c.items);
      return reply.viewAsync('pages/workspace-import-done.hbs', {
        title: translate('import.doneTitle'),
        breadcrumbs: [{ label: translate('workspace.title'), url: '/verwaltung' }, { label: translate('import.doneTitle') }],
        already: request.query.bereits !== undefined,
        files: confirmed.map((c) => ({
          source: shortFileName(c.source ?? translate('import.pastedText')),
          when: translate('import.doneWhen', { at: formatBerlinDateTime(c.at), by: c.by }),
          items: c.items.map(itemView),
          notes: c.notes,
        })),
        several: confirmed.length > 1,
        meetings: importedMeetings(fastify.db, items),
      });
    },
  );

  /** The form that creates the conference a previewed file names, with the whole preview carried in hidden fields. */
  function renderNewConference(reply: FastifyReply, body: FormFields, k: number, input: ConferenceInput, errors: Record<string, string> = {}) {
    const shownSource = shortFileName(one(body, `f${k}_source`) || translate('import.pastedText'));
    return reply.viewAsync('pages/workspace-import-conference.hbs', {
      title: translate('import.newConferenceTitle'),
      breadcrumbs: [
        { label: translate('workspace.title'), url: '/verwaltung' }, { label: translate('import.title'), url: '/verwaltung/import' },
        { label: translate('import.newConferenceTitle') },
      ],
      csrfToken: reply.csrfToken(),
      shownSource,
      carried: [...carriedFields(body), { name: 'neue_konferenz', value: String(k) }],
      input,
      errors,
      errorList: errorSummary(errors),
    });
  }

  /** The files of a preview sent back, as the preview shows them again: every field as the user left it. */
  function sentPreview(body: FormFields): PreviewFile[] {
    return sentFileIndices(body).map((k) => {
      const { source, parsed, lines, chairLand } = readSentFile(body, k);
      return { k, source, document: parsed, lines, meeting: parsedMeeting(parsed), chairLand, meetingChoice: one(body, `f${k}_meeting`) || 'neu', typed: body, problems: [] };
    });
  }

  /** The preview's file whose conference is to be created: its index, when the form names one it sends. */
  function newConferenceFile(body: FormFields): number | null {
    const k = one(body, 'neue_konferenz');
    return /^\d{1,3}$/.test(k) && body[`f${k}_document`] !== undefined ? Number(k) : null;
  }

  const previewRoute = {
    schema: { body: ConfirmBody },
    bodyLimit: 40 * 1024 * 1024,
    config: { access: SECRETARIAT },
    preValidation: fastify.guard(SECRETARIAT, { csrf: true }),
  } as const;

  // "Konferenz anlegen" in the preview: the form for the new conference, its short name and name
  // taken from the document; the preview travels along and comes back unchanged afterwards.
  fastify.post('/verwaltung/import/konferenz', previewRoute, async (request, reply) => {
    const body = request.body as FormFields;
    const k = newConferenceFile(body);
    let parsed: ParsedDocument;
    try {
      if (k === null) throw new InputError('no file named');
      parsed = readSentFile(body, k).parsed;
    } catch (error) {
      request.log.info({ err: (error as Error).message }, 'new conference from the import refused');
      return renderForm(reply.code(422), { errors: [translate('import.tampered')] });
    }
    const chosen = one(body, `f${k}_conference`);
    const shortName = chosen !== '' && chosen !== 'unbekannt' ? chosen : parsedMeeting(parsed).conference;
    const known = shortName !== 'unbekannt';
    return renderNewConference(reply, body, k, { shortName: known ? shortName : '', name: known ? suggestedConferenceName(shortName) : '', description: null });
  });

  fastify.post('/verwaltung/import/konferenz/anlegen', previewRoute, async (request, reply) => {
    const body = request.body as FormFields;
    const k = newConferenceFile(body);
    let files: PreviewFile[];
    try {
      if (k === null) throw new InputError('no file named');
      files = sentPreview(body);
    } catch (error) {
      request.log.info({ err: (error as Error).message }, 'new conference from the import refused');
      return renderForm(reply.code(422), { errors: [translate('import.tampered')] });
    }
    const previewId = isPreviewId(one(body, 'import_id')) ? one(body, 'import_id') : undefined;
    if (one(body, 'zurueck') === '1') return renderPreview(request, reply, files, { previewId });
    const { input, errors } = withErrorTexts(parseConferenceForm(body as Record<string, string | string[]>));
    if (Object.keys(errors).length === 0) {
      try {
        const id = saveConference(fastify.db, actorOf(request), request.viewer, null, 0, input);
        // the file's meeting is now of the new conference (its short name as created), all else as the user left it
        const typed = { ...body, [`f${k}_conference`]: input.shortName };
        const shown = files.map((file) => (file.k === k ? { ...file, typed, meeting: { ...file.meeting, conference: input.shortName } } : file));
        return await renderPreview(request, reply, shown, {
          previewId,
          notice: translate('import.newConferenceCreated', { conference: input.shortName }),
          viewer: { ...request.viewer, conferenceIds: [...request.viewer.conferenceIds, id] },
        });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        errors.form = error.message;
      }
    }
    return renderNewConference(reply.code(422), body, k, input, errors);
  });
};

export default importRoutes;
