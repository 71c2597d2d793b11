/**
 * Recording and correcting follow-ups (Länder officials and the secretariat), under the access
 * rules of services/access.ts: a Länder official records in its own Land's name and changes only
 * its own entries, a secretariat works on its conferences' resolutions. What the viewer cannot see
 * is 404; what it sees but may not change is 403 (and attempts on others' entries are audited).
 */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import multipart, { type MultipartFile } from '@fastify/multipart';
import { parseFollowUpForm, type FollowUpFormInput } from '../../domain/follow-up-form.js';
import type { FormBody } from '../../domain/resolution-form.js';
import { conferencePath, demandAnchor, meetingLabel, meetingPath, resolutionPath } from '../../domain/citation.js';
import { formatDateShort, todayIso } from '../../domain/dates.js';
import { LAENDER } from '../../domain/laender.js';
import {
  actorCodeOf,
  actorsValidOn,
  FollowUpConflictError,
  followUpForChange,
  followUpTarget,
  getFollowUp,
  saveFollowUpAs,
  type FollowUpDocumentsInput,
} from '../../services/followups.js';
import { followUpKindsFor } from '../../services/access.js';
import { checkDocument, documentsOfFollowUps, megabytes, type CheckedDocument, type DocumentEdits } from '../../services/follow-up-documents.js';
import type { ResolutionForEdit } from '../../services/resolutions.js';
import { ForbiddenError, ValidationError } from '../../services/types.js';
import { translate, withErrorTexts } from '../../i18n.js';
import { errorSummary } from '../error-summary.js';
import { DEMAND_STATUSES, FOLLOW_UP_KINDS } from '../../domain/vocabulary.js';
import documentDownloadRoutes, { documentLink } from './documents.js';
import { actorOf } from '../actor.js';

const RECORDERS = ['land', 'secretariat'] as const;
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
/** A document's id in the follow-up form's repeated fields. */
const DocumentIds = Type.Union([Type.String({ pattern: '^[1-9][0-9]{0,11}$' }), Type.Array(Type.String({ pattern: '^[1-9][0-9]{0,11}$' }), { maxItems: 500 })]);
const Text = Type.Optional(Type.String({ maxLength: 10_000 }));
/**
 * The follow-up form, urlencoded or multipart (with its document): its fields; the listed
 * documents (`dokumente`) and the ticked ones (`dokumente_intern`, `dokumente_entfernen`) by id;
 * the new document's "nur intern" (`intern`); `datei`, the file, is empty here (kept aside, `uploads`).
 */
const Body = Type.Object(
  {
    _csrf: Type.Optional(Type.String({ maxLength: 200 })),
    version: Text,
    demand: Text,
    date: Text,
    kind: Text,
    actor: Text,
    summary: Text,
    link: Text,
    status: Text,
    visibility: Text,
    dokumente: Type.Optional(DocumentIds),
    dokumente_intern: Type.Optional(DocumentIds),
    dokumente_entfernen: Type.Optional(DocumentIds),
    intern: Type.Optional(Type.Literal('1')),
    datei: Text,
  },
  { additionalProperties: false },
);
const NewQuery = Type.Object({ ziffer: Type.Optional(Type.String({ maxLength: 12 })) }, { additionalProperties: false });
const EditQuery = Type.Object({}, { additionalProperties: false });

/** A file sent with the form, read before the body is validated. */
interface Upload {
  name: string;
  bytes: Buffer;
  truncated: boolean;
}

/** The file of a multipart request (the multipart plugin's `onFile` puts it here). */
const uploads = new WeakMap<FastifyRequest, Upload>();

/** The document marks a form sent: see DocumentEdits; `newInternal`, the new document's "nur intern". */
interface DocumentMarks {
  edits: DocumentEdits;
  newInternal: boolean;
}

/** The ids of a repeated field (document ids; the schema has checked them). */
function ids(body: FormBody, name: string): number[] {
  const value = body[name];
  return (value === undefined ? [] : Array.isArray(value) ? value : [value]).map(Number);
}

const followUpRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  await fastify.register(documentDownloadRoutes);
  // The follow-up form is multipart (fields and a document together, so that choosing a file loses
  // nothing typed); its fields are validated as an urlencoded body is, its file is kept aside.
  await fastify.register(multipart, {
    attachFieldsToBody: 'keyValues',
    // a file over the limit arrives truncated (and is refused with the form's message), not as an error page
    throwFileSizeLimit: false,
    limits: { fileSize: fastify.config.documentMaxBytes, files: 1, fields: 1200, parts: 1201, fieldSize: 64 * 1024 },
    async onFile(this: FastifyRequest, part: MultipartFile & { value?: unknown }) {
      const bytes = await part.toBuffer();
      if (part.filename) uploads.set(this, { name: part.filename, bytes, truncated: part.file.truncated });
      // the body holds no file: its bytes and name are read from `uploads`
      part.value = '';
    },
  });
  const guard = fastify.guard(RECORDERS);
  const guardPost = fastify.guard(RECORDERS, { csrf: true });

  function render(
    request: FastifyRequest,
    reply: FastifyReply,
    resolution: ResolutionForEdit,
    input: FollowUpFormInput,
    options: {
      action: string; version: number; errors?: Record<string, string>; editing?: boolean; conflict?: boolean; followUpId?: number; notices?: string[];
      /** After a refused form: the document marks as sent (the file itself a browser cannot be given back). */
      documents?: DocumentMarks;
    },
  ) {
    const errors = options.errors ?? {};
    const r = resolution.resolution;
    const pageUrl = resolutionPath(resolution.conference.slug, resolution.meeting.urlKey, r.agendaItem);
    const actorDate = /^\d{4}-\d{2}-\d{2}$/.test(input.date) ? input.date : todayIso();
    // A Länder official records in its own Land's name: the only actor on offer.
    const ownLand = request.viewer.role === 'land' ? request.viewer.land : null;
    const kinds = followUpKindsFor(request.viewer);
    return reply.viewAsync('pages/follow-up-form.hbs', {
      title: translate(options.editing ? 'followUp.editTitle' : 'followUp.newTitle', { top: r.agendaItem }),
      // the whole trail, as on the resolution's page: "TOP 2.1" alone does not say of which meeting
      breadcrumbs: [
        { label: resolution.conference.shortName, url: conferencePath(resolution.conference.slug) },
        { label: meetingLabel(resolution.conference.shortName, resolution.meeting), url: meetingPath(resolution.conference.slug, resolution.meeting.urlKey) },
        { label: `TOP ${r.agendaItem}`, url: pageUrl },
        { label: translate(options.editing ? 'followUp.editTitle' : 'followUp.newTitle', { top: r.agendaItem }) },
      ],
      resolutionTitle: r.title,
      pageUrl,
      notices: options.notices ?? [],
      action: options.action,
      version: options.version,
      csrfToken: reply.csrfToken(),
      conflict: options.conflict ?? false,
      demands: [
        { value: 'alle', label: translate('followUp.wholeResolution'), selected: input.demandId === null },
        ...resolution.demands.map((d) => ({
          value: String(d.id),
          label: d.number === null ? translate('resolution.demandUnnumbered') : translate('resolution.demand', { number: d.number }),
          selected: d.id === input.demandId,
        })),
      ],
      dateValue: /^\d{4}-\d{2}-\d{2}$/.test(input.date) ? formatDateShort(input.date) : input.date,
      actors: ownLand
        ? LAENDER.filter((l) => l.code === ownLand).map((l) => ({ value: l.code, label: `${l.code} – ${l.name}`, selected: true }))
        : [
            ...actorsValidOn(fastify.db, actorDate).map((a) => ({ value: a.code, label: `${a.code} – ${a.name}`, selected: a.code === input.actor })),
            ...LAENDER.map((l) => ({ value: l.code, label: `${l.code} – ${l.name}`, selected: l.code === input.actor })),
          ],
      ownLand: ownLand !== null,
      noActor: input.actor === null && ownLand === null,
      kinds: FOLLOW_UP_KINDS.filter((k) => kinds.includes(k)).map((k) => ({ value: k, label: translate(`followUpKind.${k}`), selected: k === input.kind })),
      statuses: DEMAND_STATUSES.map((s) => ({ value: s, label: translate(`status.${s}`), selected: s === input.resultingStatus })),
      noStatus: input.resultingStatus === null,
      internal: input.visibility === 'internal',
      summary: input.summary,
      link: input.link ?? '',
      errors,
      errorList: errorSummary(errors, { visibility: 'visibility-internal' }),
      documentError: errors.datei ?? null,
      documents: (() => {
        const marks = options.documents;
        const listed = options.followUpId === undefined ? [] : (documentsOfFollowUps(fastify.db, request.viewer, [options.followUpId]).get(options.followUpId) ?? []);
        return {
          list: listed.map((d) => ({
            ...documentLink(d),
            // as sent when the form comes back refused (a document listed since keeps its own mark)
            internal: marks?.edits.listed.includes(d.id) ? marks.edits.internal.includes(d.id) : d.internal,
            remove: marks?.edits.remove.includes(d.id) === true,
          })),
          maxMb: megabytes(fastify.config.documentMaxBytes),
          internalTicked: marks?.newInternal === true,
        };
      })(),
    });
  }

  /** The document marks of a submitted form: the listed documents' ticks and the new document's "nur intern". */
  function documentMarks(body: FormBody): DocumentMarks {
    return {
      edits: { listed: ids(body, 'dokumente'), internal: ids(body, 'dokumente_intern'), remove: ids(body, 'dokumente_entfernen') },
      newInternal: body.intern === '1',
    };
  }

  /**
   * The form's file, checked: null when none was chosen; a German message (with what to do) when it
   * is refused, and when the form is refused for another reason (a browser cannot be given a
   * chosen file back).
   */
  async function checkedUpload(request: FastifyRequest): Promise<CheckedDocument | string | null> {
    const upload = uploads.get(request);
    if (!upload) return null;
    try {
      return await checkDocument(upload, fastify.config.documentMaxBytes);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return `${error.problems.join(' ')} ${translate('followUpDocument.chooseAgain')}`;
    }
  }

  async function save(request: FastifyRequest, reply: FastifyReply, resolution: ResolutionForEdit, existing: { id: number; version: number } | null) {
    const body = request.body as FormBody;
    const { input, errors } = withErrorTexts(parseFollowUpForm(body, resolution.demands.map((d) => d.id)));
    const version = Number(body.version ?? 0);
    const action = existing ? `/folgemassnahmen/${existing.id}` : `/beschluesse/${resolution.resolution.id}/folgemassnahme`;
    const marks = documentMarks(body);
    const upload = await checkedUpload(request);
    if (typeof upload === 'string') errors.datei = upload;
    const refused = (code: number, extra: { conflict?: boolean; version?: number } = {}) => {
      // a file that was fine is not kept by the browser when the form comes back: said, linked to the file field
      if (upload !== null && typeof upload !== 'string') errors.datei = translate('followUpDocument.notSavedChooseAgain', { name: upload.fileName });
      return render(request, reply.code(code), resolution, input, {
        action,
        version: extra.version ?? version,
        errors,
        editing: existing !== null,
        conflict: extra.conflict ?? false,
        documents: marks,
        ...(existing ? { followUpId: existing.id } : {}),
      });
    };
    if (Object.keys(errors).length > 0) return refused(422);
    const documents: FollowUpDocumentsInput = {
      add: upload === null ? null : { document: upload as CheckedDocument, internal: marks.newInternal },
      edits: marks.edits,
    };
    try {
      saveFollowUpAs(fastify.db, fastify.config.dataDir, actorOf(request), request.viewer, existing ? { id: existing.id, version } : null, { ...input, resolutionId: resolution.resolution.id }, documents);
    } catch (error) {
      if (error instanceof FollowUpConflictError) {
        errors.form = error.message;
        return refused(409, { conflict: true, version: getFollowUp(fastify.db, existing!.id)!.version });
      }
      if (!(error instanceof ValidationError)) throw error;
      errors.form = error.problems.join(' ');
      return refused(422);
    }
    const demand = resolution.demands.find((d) => d.id === input.demandId);
    const anchor = demand ? demandAnchor(demand.number) : 'gesamt';
    const r = resolution.resolution;
    return reply.redirect(`${resolutionPath(resolution.conference.slug, resolution.meeting.urlKey, r.agendaItem)}?gespeichert=${encodeURIComponent(anchor)}#${anchor}`, 303);
  }

  fastify.get(
    '/beschluesse/:id/folgemassnahme',
    { schema: { params: IdParams, querystring: NewQuery }, config: { access: RECORDERS }, preValidation: guard },
    async (request, reply) => {
      const resolution = followUpTarget(fastify.db, request.viewer, request.params.id);
      const given = request.query.ziffer?.trim() ?? '';
      const preselected = /^[1-9][0-9]{0,11}$/.test(given) && resolution.demands.some((d) => d.id === Number(given)) ? Number(given) : null;
      // a Ziffer from a stale or mistyped link: said, not silently turned into the whole resolution
      const notices = given !== '' && preselected === null ? [translate('followUp.unknownDemandParam')] : [];
      const input: FollowUpFormInput = {
        demandId: preselected,
        date: todayIso(),
        actor: request.user!.role === 'land' ? request.user!.land : null,
        kind: request.user!.role === 'land' ? 'assessment' : 'response',
        summary: '',
        link: null,
        resultingStatus: null,
        visibility: 'internal',
      };
      return render(request, reply, resolution, input, { action: `/beschluesse/${resolution.resolution.id}/folgemassnahme`, version: 0, notices });
    },
  );

  fastify.post(
    '/beschluesse/:id/folgemassnahme',
    { schema: { params: IdParams, body: Body }, config: { access: RECORDERS }, preValidation: guardPost },
    async (request, reply) => save(request, reply, followUpTarget(fastify.db, request.viewer, request.params.id), null),
  );

  function ownFollowUp(request: FastifyRequest, id: number) {
    try {
      return followUpForChange(fastify.db, request.viewer, id);
    } catch (error) {
      if (error instanceof ForbiddenError) request.log.warn({ userId: request.user!.userId, followUpId: id }, 'attempt to change a follow-up the user may not change');
      throw error;
    }
  }

  fastify.get('/folgemassnahmen/:id', { schema: { params: IdParams, querystring: EditQuery }, config: { access: RECORDERS }, preValidation: guard }, async (request, reply) => {
    const { followUp, resolution } = ownFollowUp(request, request.params.id);
    const actorCode = followUp.actorLand ?? (followUp.actorId === null ? null : actorCodeOf(fastify.db, followUp.actorId));
    return render(request, reply, resolution, { ...followUp, actor: actorCode }, { action: `/folgemassnahmen/${followUp.id}`, version: followUp.version, editing: true, followUpId: followUp.id });
  });

  fastify.post('/folgemassnahmen/:id', { schema: { params: IdParams, body: Body }, config: { access: RECORDERS }, preValidation: guardPost }, async (request, reply) => {
    const { followUp, resolution } = ownFollowUp(request, request.params.id);
    return save(request, reply, resolution, { id: followUp.id, version: followUp.version });
  });
};

export default followUpRoutes;
