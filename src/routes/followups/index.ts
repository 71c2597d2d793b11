/**
 * Recording and correcting follow-ups (Länder officials and the secretariat), under the access
 * rules of services/access.ts: a Länder official records in its own Land's name and changes only
 * its own entries, a secretariat works on its conferences' resolutions. What the viewer cannot see
 * is 404; what it sees but may not change is 403 (and attempts on others' entries are audited).
 */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import multipart, { type MultipartFile, type MultipartValue } from '@fastify/multipart';
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
  recordFollowUpAs,
  updateFollowUp,
} from '../../services/followups.js';
import { followUpKindsFor } from '../../services/access.js';
import { attachDocument, detachDocument, documentsOfFollowUps, megabytes, setDocumentInternal } from '../../services/follow-up-documents.js';
import type { ResolutionForEdit } from '../../services/resolutions.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../services/types.js';
import { translate, withErrorTexts } from '../../i18n.js';
import { errorSummary } from '../error-summary.js';
import { DEMAND_STATUSES, FOLLOW_UP_KINDS } from '../../domain/vocabulary.js';
import documentDownloadRoutes, { documentLink } from './documents.js';
import { actorOf } from '../actor.js';

const RECORDERS = ['land', 'secretariat'] as const;
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Body = Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 10_000 }), { maxProperties: 20 });
const NewQuery = Type.Object({ ziffer: Type.Optional(Type.String({ maxLength: 12 })) }, { additionalProperties: false });
/** `gespeichert`: just recorded with "Speichern und Dokument hinzufügen", the page says so above the upload. */
const EditQuery = Type.Object({ gespeichert: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: false });
const DocumentParams = Type.Object({ id: Type.Integer({ minimum: 1 }), document: Type.Integer({ minimum: 1 }) });
const CsrfBody = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
const DocumentVisibilityBody = Type.Object(
  { _csrf: Type.Optional(Type.String({ maxLength: 200 })), intern: Type.Optional(Type.Literal('1')) },
  { additionalProperties: false },
);

type MultipartBody = Record<string, MultipartValue<string> | MultipartFile | MultipartFile[] | undefined>;

/** The upload form's checkbox "Dokument nur intern" (value 1). */
function internalMark(field: MultipartBody[string]): boolean {
  return field !== undefined && !Array.isArray(field) && field.type === 'field' && field.value === '1';
}

const followUpRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  await fastify.register(documentDownloadRoutes);
  // only the document upload sends multipart/form-data; the follow-up form stays urlencoded
  await fastify.register(multipart, {
    attachFieldsToBody: true,
    // a file over the limit arrives truncated (and is refused with the form's message), not as an error page
    throwFileSizeLimit: false,
    limits: { fileSize: fastify.config.documentMaxBytes, files: 1, fields: 3, parts: 4 },
  });
  const guard = fastify.guard(RECORDERS);
  const guardPost = fastify.guard(RECORDERS, { csrf: true });

  function render(
    request: FastifyRequest,
    reply: FastifyReply,
    resolution: ResolutionForEdit,
    input: FollowUpFormInput,
    options: {
      action: string; version: number; errors?: Record<string, string>; editing?: boolean; conflict?: boolean; followUpId?: number; documentError?: string; notices?: string[];
      /** After a refused upload: the "nur intern" tick as sent (the file itself a browser cannot be given back). */
      documentInternal?: boolean;
      /** Recorded a moment ago to add its document: said at the upload. */
      justSaved?: boolean;
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
      justSaved: options.justSaved === true,
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
      documents:
        options.followUpId === undefined
          ? null
          : {
              list: (documentsOfFollowUps(fastify.db, request.viewer, [options.followUpId]).get(options.followUpId) ?? []).map((d) => ({
                ...documentLink(d),
                internal: d.internal,
                removeAction: `/folgemassnahmen/${options.followUpId}/dokumente/${d.id}/entfernen`,
                visibilityAction: `/folgemassnahmen/${options.followUpId}/dokumente/${d.id}/sichtbarkeit`,
              })),
              uploadAction: `/folgemassnahmen/${options.followUpId}/dokumente`,
              maxMb: megabytes(fastify.config.documentMaxBytes),
              error: options.documentError ?? null,
              internalTicked: options.documentInternal === true,
            },
    });
  }

  async function save(request: FastifyRequest, reply: FastifyReply, resolution: ResolutionForEdit, existing: { id: number; version: number } | null) {
    const body = request.body as FormBody;
    const { input, errors } = withErrorTexts(parseFollowUpForm(body, resolution.demands.map((d) => d.id)));
    const version = Number(body.version ?? 0);
    const action = existing ? `/folgemassnahmen/${existing.id}` : `/beschluesse/${resolution.resolution.id}/folgemassnahme`;
    if (Object.keys(errors).length === 0) {
      try {
        if (existing) updateFollowUp(fastify.db, actorOf(request), request.viewer, existing.id, version, input);
        else {
          const id = recordFollowUpAs(fastify.db, actorOf(request), request.viewer, { ...input, resolutionId: resolution.resolution.id });
          // "Speichern und Dokument hinzufügen": on to the new follow-up's upload, where its letter is attached
          if (body.weiter === 'dokumente') return reply.redirect(`/folgemassnahmen/${id}?gespeichert#dokumente`, 303);
        }
        const demand = resolution.demands.find((d) => d.id === input.demandId);
        const anchor = demand ? demandAnchor(demand.number) : 'gesamt';
        const r = resolution.resolution;
        return reply.redirect(`${resolutionPath(resolution.conference.slug, resolution.meeting.urlKey, r.agendaItem)}?gespeichert=${encodeURIComponent(anchor)}#${anchor}`, 303);
      } catch (error) {
        if (error instanceof FollowUpConflictError) {
          const current = getFollowUp(fastify.db, existing!.id)!;
          return render(request, reply.code(409), resolution, input, { action, version: current.version, editing: true, conflict: true, errors: { form: error.message }, followUpId: existing!.id });
        }
        if (!(error instanceof ValidationError)) throw error;
        errors.form = error.problems.join(' ');
      }
    }
    return render(request, reply.code(422), resolution, input, { action, version, errors, editing: existing !== null, ...(existing ? { followUpId: existing.id } : {}) });
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

  function renderEdit(request: FastifyRequest, reply: FastifyReply, id: number, documentError?: string, justSaved = false, documentInternal = false) {
    const { followUp, resolution } = ownFollowUp(request, id);
    const actorCode = followUp.actorLand ?? (followUp.actorId === null ? null : actorCodeOf(fastify.db, followUp.actorId));
    return render(request, reply, resolution, { ...followUp, actor: actorCode }, {
      action: `/folgemassnahmen/${followUp.id}`,
      version: followUp.version,
      editing: true,
      followUpId: followUp.id,
      justSaved,
      documentInternal,
      ...(documentError ? { documentError } : {}),
    });
  }

  fastify.get('/folgemassnahmen/:id', { schema: { params: IdParams, querystring: EditQuery }, config: { access: RECORDERS }, preValidation: guard }, async (request, reply) =>
    renderEdit(request, reply, request.params.id, undefined, request.query.gespeichert !== undefined),
  );

  fastify.post(
    '/folgemassnahmen/:id/dokumente',
    { schema: { params: IdParams }, config: { access: RECORDERS }, preValidation: guardPost },
    async (request, reply) => {
      const { followUp } = ownFollowUp(request, request.params.id);
      const body = (request.isMultipart() ? request.body : {}) as MultipartBody;
      const upload = body.datei;
      // a refused upload keeps the tick: the form comes back as it was sent
      const internal = internalMark(body.intern);
      if (!upload || Array.isArray(upload) || upload.type !== 'file' || !upload.filename) {
        return renderEdit(request, reply.code(422), followUp.id, translate('followUpDocument.none'), false, internal);
      }
      try {
        const bytes = await upload.toBuffer();
        await attachDocument(
          fastify.db,
          fastify.config.dataDir,
          actorOf(request),
          followUp.id,
          { name: upload.filename, bytes, truncated: upload.file.truncated, internal },
          fastify.config.documentMaxBytes,
        );
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return renderEdit(request, reply.code(422), followUp.id, `${error.problems.join(' ')} ${translate('followUpDocument.chooseAgain')}`, false, internal);
      }
      return reply.redirect(`/folgemassnahmen/${followUp.id}#dokumente`, 303);
    },
  );

  /** The follow-up's id, when the viewer may change it and the document is one of its own (404 otherwise). */
  function ownDocument(request: FastifyRequest<{ Params: { id: number; document: number } }>): number {
    const { followUp } = ownFollowUp(request, request.params.id);
    const belongs = (documentsOfFollowUps(fastify.db, request.viewer, [followUp.id]).get(followUp.id) ?? []).some((d) => d.id === request.params.document);
    if (!belongs) throw new NotFoundError();
    return followUp.id;
  }

  fastify.post(
    '/folgemassnahmen/:id/dokumente/:document/sichtbarkeit',
    { schema: { params: DocumentParams, body: DocumentVisibilityBody }, config: { access: RECORDERS }, preValidation: guardPost },
    async (request, reply) => {
      const followUpId = ownDocument(request);
      setDocumentInternal(fastify.db, actorOf(request), request.params.document, request.body.intern === '1');
      return reply.redirect(`/folgemassnahmen/${followUpId}#dokumente`, 303);
    },
  );

  fastify.post(
    '/folgemassnahmen/:id/dokumente/:document/entfernen',
    { schema: { params: DocumentParams, body: CsrfBody }, config: { access: RECORDERS }, preValidation: guardPost },
    async (request, reply) => {
      const followUpId = ownDocument(request);
      detachDocument(fastify.db, fastify.config.dataDir, actorOf(request), request.params.document);
      return reply.redirect(`/folgemassnahmen/${followUpId}#dokumente`, 303);
    },
  );

  fastify.post('/folgemassnahmen/:id', { schema: { params: IdParams, body: Body }, config: { access: RECORDERS }, preValidation: guardPost }, async (request, reply) => {
    const { followUp, resolution } = ownFollowUp(request, request.params.id);
    return save(request, reply, resolution, { id: followUp.id, version: followUp.version });
  });
};

export default followUpRoutes;
