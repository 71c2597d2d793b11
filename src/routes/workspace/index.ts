/**
 * The secretariat's workspace: edit resolutions, create new ones, release and withdraw.
 * Access: role secretariat (bound to its conference where it has one); everything else 403/404.
 */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseReleaseForm, parseResolutionForm, type FormBody } from '../../domain/resolution-form.js';
import { resolutionPath, meetingPath, meetingLabel } from '../../domain/citation.js';
import { formatDateShort, todayIso } from '../../domain/dates.js';
import {
  AgendaItemTakenError,
  ConflictError,
  CorrectionError,
  createResolution,
  loadForEdit,
  editableMeeting,
  setRelease,
  updateResolution,
  type EditableMeeting,
  type ResolutionForEdit,
} from '../../services/resolutions.js';
import { isOneOf, RELEASE_STATES } from '../../domain/vocabulary.js';
import { ValidationError } from '../../services/types.js';
import { wordingReleased } from '../../services/versions.js';
import { translate, withErrorTexts } from '../../i18n.js';
import { renderNotFound } from '../../plugins/errors.js';
import { safeReturnPath } from '../params.js';
import { formFromInput, formFromStored } from './resolution-form-model.js';
import { workspaceOverview } from '../../services/workspace.js';
import importRoutes from './import.js';
import meetingRoutes from './meetings.js';
import repeatRoutes from './repeats.js';
import { actorOf } from '../actor.js';
import { errorSummary } from '../error-summary.js';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const EditQuery = Type.Object(
  { zurueck: Type.Optional(Type.String({ maxLength: 500 })), gespeichert: Type.Optional(Type.String({ maxLength: 20 })) },
  { additionalProperties: false },
);
/** The edit form has repeated, numbered fields: a bounded record of strings. */
const FormBodySchema = Type.Record(Type.String({ maxLength: 60 }), Type.Union([Type.String({ maxLength: 50_000 }), Type.Array(Type.String({ maxLength: 50_000 }), { maxItems: 50 })]), { maxProperties: 2_000 });
const SECRETARIAT = ['secretariat'] as const;


/** How many empty rows the submitted form had (at most 20 are added). */
function blankRows(body: FormBody): number {
  const value = Number(body.blankRows);
  return Number.isInteger(value) && value >= 1 && value < 20 ? value : 1;
}

function links(stored: ResolutionForEdit) {
  return {
    publicUrl: resolutionPath(stored.conference.slug, stored.meeting.urlKey, stored.resolution.agendaItem),
    meetingUrl: meetingPath(stored.conference.slug, stored.meeting.urlKey),
  };
}


const workspaceRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  await fastify.register(importRoutes);
  await fastify.register(meetingRoutes);
  await fastify.register(repeatRoutes);
  const guard = fastify.guard(SECRETARIAT);
  const guardPost = fastify.guard(SECRETARIAT, { csrf: true });

  /** The message about a TOP number the meeting has already links on to that TOP: the user goes there instead of typing it again. */
  function withTakenLink(form: ReturnType<typeof formFromStored>, error: AgendaItemTakenError) {
    const more = { href: `/verwaltung/beschluesse/${error.resolutionId}`, label: translate('workspace.toExistingItem') };
    return { ...form, errorList: form.errorList.map((item) => (item.href === '#agendaItem' ? { ...item, more } : item)) };
  }

  /** Where the user came from (validated), or the meeting's workspace page. */
  function backOf(stored: ResolutionForEdit, value: string | undefined) {
    return safeReturnPath(value, `/verwaltung/sitzungen/${stored.meeting.id}`);
  }

  /**
   * Where a saved resolution goes back to, saying it is saved (Post/Redirect/Get): the meeting's
   * page with `gespeichert`, the resolution's page with `gespeichert=beschluss`; another page as it is.
   */
  function savedMark(back: string, stored: ResolutionForEdit): string {
    const [path = back, anchor] = back.split('#', 2);
    const publicPath = resolutionPath(stored.conference.slug, stored.meeting.urlKey, stored.resolution.agendaItem);
    const value = path.startsWith(`/verwaltung/sitzungen/${stored.meeting.id}`) ? 'gespeichert' : path === publicPath ? 'gespeichert=beschluss' : null;
    if (value === null || /[?&]gespeichert(=|&|$)/.test(path)) return back;
    return `${path}${path.includes('?') ? '&' : '?'}${value}${anchor === undefined ? '' : `#${anchor}`}`;
  }

  /** The release state and date as the user sent them (a refused date is not replaced by the stored one or today's). */
  function sentRelease(body: FormBody) {
    const sentState = typeof body.release === 'string' ? body.release : '';
    return {
      releasedOn: typeof body.releasedOn === 'string' ? body.releasedOn : '',
      ...(isOneOf(RELEASE_STATES, sentState)
        ? { releaseStates: RELEASE_STATES.map((value) => ({ value, label: translate(`release.${value}`), selected: value === sentState })) }
        : {}),
    };
  }

  /** A posted form of a stored resolution: the resolution, the fields, the version the form was read at, where to go back to. */
  function postedEdit(request: FastifyRequest, id: number) {
    const stored = loadForEdit(fastify.db, request.viewer, id);
    const body = request.body as FormBody;
    const back = backOf(stored, typeof body.zurueck === 'string' ? body.zurueck : undefined);
    return { stored, body, version: Number(body.version), back };
  }

  /** The box "Berichtigung" as sent with a form (it comes back ticked when the form does). */
  function correctionSent(body: FormBody): boolean {
    return body.berichtigung !== undefined;
  }

  function renderEdit(
    reply: FastifyReply,
    stored: ResolutionForEdit,
    form: ReturnType<typeof formFromStored>,
    extra: Record<string, unknown> & { back?: string; correctionChecked?: boolean } = {},
  ) {
    const back = extra.back ?? `/verwaltung/sitzungen/${stored.meeting.id}`;
    return reply.viewAsync('pages/workspace-resolution.hbs', {
      title: translate('workspace.editTitle', { top: stored.resolution.agendaItem }),
      breadcrumbs: [
        { label: translate('workspace.title'), url: '/verwaltung' },
        { label: meetingLabel(stored.conference.shortName, stored.meeting), url: `/verwaltung/sitzungen/${stored.meeting.id}` },
        { label: `TOP ${stored.resolution.agendaItem}` },
      ],
      stored,
      back,
      meetingLabel: meetingLabel(stored.conference.shortName, stored.meeting),
      form,
      action: `/verwaltung/beschluesse/${stored.resolution.id}`,
      version: stored.resolution.version,
      csrfToken: reply.csrfToken(),
      releaseStates: RELEASE_STATES.map((value) => ({ value, label: translate(`release.${value}`), selected: value === stored.resolution.release })),
      releasedOn: formatDateShort(stored.resolution.releasedOn ?? todayIso()),
      // a correction (Berichtigung) is a change of a released wording: offered once it was released,
      // and shown ticked wherever it was sent (a refusal says why at the box, which can be unticked there)
      correction: { offered: extra.correctionChecked === true || wordingReleased(fastify.db, stored.resolution.id), checked: extra.correctionChecked === true },
      ...links(stored),
      ...extra,
    });
  }

  fastify.get('/verwaltung', { config: { access: SECRETARIAT }, preValidation: guard }, async (request, reply) => {
    const overview = workspaceOverview(fastify.db, request.viewer);
    return reply.viewAsync('pages/workspace.hbs', {
      title: translate('workspace.title'),
      conferences: overview.map((c) => ({
        ...c,
        editUrl: `/verwaltung/konferenzen/${c.id}`,
        newMeetingUrl: `/verwaltung/konferenzen/${c.id}/neue-sitzung`,
        meetings: c.meetings.map((m) => ({
          ...m,
          label: meetingLabel(c.shortName, m),
          url: meetingPath(c.slug, m.urlKey),
          editUrl: `/verwaltung/sitzungen/${m.id}`,
          newUrl: `/verwaltung/sitzungen/${m.id}/neuer-beschluss`,
        })),
      })),
    });
  });

  fastify.get(
    '/verwaltung/beschluesse/:id',
    { schema: { params: IdParams, querystring: EditQuery }, config: { access: SECRETARIAT }, preValidation: guard },
    async (request, reply) => {
      const stored = loadForEdit(fastify.db, request.viewer, request.params.id);
      return renderEdit(reply, stored, formFromStored(stored), { saved: request.query.gespeichert !== undefined, back: backOf(stored, request.query.zurueck) });
    },
  );

  fastify.post(
    '/verwaltung/beschluesse/:id',
    { schema: { params: IdParams, body: FormBodySchema }, config: { access: SECRETARIAT }, preValidation: guardPost },
    async (request, reply) => {
      const { stored, body, version, back } = postedEdit(request, request.params.id);
      const { input, errors, asTyped } = withErrorTexts(parseResolutionForm(body));
      // the release fields of the same form come back as sent; one that is no release (a date that is none) refuses
      // the form as any other field does. "Speichern" saves a changed release state with the rest, in one transaction
      // ("Status ändern" saves the release state alone)
      // the release fields and the box "Berichtigung" come back as sent whenever the form does
      const release = { ...(body.release === undefined ? {} : sentRelease(body)), correctionChecked: correctionSent(body) };
      const releaseForm = body.release === undefined ? null : withErrorTexts(parseReleaseForm(body, todayIso()));
      const releaseErrors = releaseForm?.errors ?? {};
      if (body.mehr === undefined && Object.keys(releaseErrors).length > 0) {
        // listed in the summary with the form's other problems, each linked to its field
        return renderEdit(reply.code(422), stored, formFromInput(input, stored, { ...errors, ...releaseErrors }, 1, asTyped), { version, back, ...release, releaseErrors });
      }
      if (body.mehr !== undefined) {
        // "more rows": the form again with the input and one more empty Ziffer and statement
        return renderEdit(reply, stored, formFromInput(input, stored, {}, blankRows(body) + 1, asTyped), { version, back, ...release });
      }
      if (Object.keys(errors).length > 0) {
        return renderEdit(reply.code(422), stored, formFromInput(input, stored, errors, 1, asTyped), { version, back, ...release });
      }
      const releaseChange = releaseForm !== null && (releaseForm.release !== stored.resolution.release
        || (releaseForm.release === 'public' && releaseForm.releasedOn !== stored.resolution.releasedOn))
        ? { release: releaseForm.release, releasedOn: releaseForm.releasedOn }
        : null;
      try {
        updateResolution(fastify.db, actorOf(request), request.viewer, stored.resolution.id, version, input, releaseChange, correctionSent(body));
      } catch (error) {
        if (error instanceof ConflictError) {
          return renderEdit(reply.code(409), error.current, formFromInput(input, error.current, {}), {
            back,
            conflict: true,
            theirs: formFromStored(error.current),
            version: error.current.resolution.version,
            ...release,
          });
        }
        if (error instanceof CorrectionError) {
          // at its checkbox, linked from the summary
          return renderEdit(reply.code(422), stored, formFromInput(input, stored, { berichtigung: error.message }, 1, asTyped), { version, back, ...release });
        }
        if (error instanceof AgendaItemTakenError) {
          return renderEdit(reply.code(422), stored, withTakenLink(formFromInput(input, stored, { agendaItem: error.message }, 1, asTyped), error), { version, back, ...release });
        }
        if (error instanceof ValidationError) {
          return renderEdit(reply.code(422), stored, formFromInput(input, stored, { form: error.message }), { version, back, ...release });
        }
        throw error;
      }
      return reply.redirect(savedMark(back, stored), 303);
    },
  );

  fastify.post(
    '/verwaltung/beschluesse/:id/freigabe',
    { schema: { params: IdParams, body: FormBodySchema }, config: { access: SECRETARIAT }, preValidation: guardPost },
    async (request, reply) => {
      const { stored, body, version, back } = postedEdit(request, request.params.id);
      const { release, releasedOn, errors } = withErrorTexts(parseReleaseForm(body, todayIso()));
      // sent with the whole edit form ("Status ändern" is one of its buttons): what is typed there comes back as it was, unsaved
      const typed = body.title !== undefined ? parseResolutionForm(body) : null;
      const formOf = (current: ResolutionForEdit) => (typed ? formFromInput(typed.input, current, {}, blankRows(body), typed.asTyped) : formFromStored(current));
      if (Object.keys(errors).length === 0) {
        try {
          setRelease(fastify.db, actorOf(request), request.viewer, stored.resolution.id, version, release, releasedOn);
          if (!typed) return reply.redirect(`/verwaltung/beschluesse/${stored.resolution.id}?gespeichert&zurueck=${encodeURIComponent(back)}`, 303);
          const current = loadForEdit(fastify.db, request.viewer, stored.resolution.id);
          return renderEdit(reply, current, formOf(current), { back, releaseSaved: true, correctionChecked: typed !== null && correctionSent(body) });
        } catch (error) {
          if (error instanceof ConflictError) errors.release = translate('workspace.releaseConflict');
          else if (error instanceof ValidationError) errors.release = error.message;
          else throw error;
        }
      }
      const current = loadForEdit(fastify.db, request.viewer, stored.resolution.id);
      // the refusal is listed at the top, where the focus lands, linked to the release field (as a refused save's problems)
      return renderEdit(reply.code(422), current, { ...formOf(current), errorList: errorSummary(errors) }, { releaseErrors: errors, back, ...sentRelease(body), correctionChecked: typed !== null && correctionSent(body) });
    },
  );

  fastify.get(
    '/verwaltung/sitzungen/:id/neuer-beschluss',
    { schema: { params: IdParams }, config: { access: SECRETARIAT }, preValidation: guard },
    async (request, reply) => {
      const meeting = editableMeeting(fastify.db, request.viewer, request.params.id);
      if (!meeting) return renderNotFound(request, reply);
      return renderNew(reply, meeting, emptyForm(), {});
    },
  );

  fastify.post(
    '/verwaltung/sitzungen/:id/neuer-beschluss',
    { schema: { params: IdParams, body: FormBodySchema }, config: { access: SECRETARIAT }, preValidation: guardPost },
    async (request, reply) => {
      const meeting = editableMeeting(fastify.db, request.viewer, request.params.id);
      if (!meeting) return renderNotFound(request, reply);
      const body = request.body as FormBody;
      const { input, errors, asTyped } = withErrorTexts(parseResolutionForm(body));
      if (body.mehr !== undefined) return renderNew(reply, meeting, formFromInput(input, null, {}, blankRows(body) + 1, asTyped), {});
      if (Object.keys(errors).length === 0) {
        try {
          const id = createResolution(fastify.db, actorOf(request), request.viewer, meeting.meeting.id, input);
          return reply.redirect(`/verwaltung/beschluesse/${id}?gespeichert`, 303);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          errors.agendaItem = error.message;
          if (error instanceof AgendaItemTakenError) return renderNew(reply.code(422), meeting, withTakenLink(formFromInput(input, null, errors, 1, asTyped), error), {});
        }
      }
      return renderNew(reply.code(422), meeting, formFromInput(input, null, errors, 1, asTyped), {});
    },
  );

  function emptyForm() {
    return formFromInput(
      { agendaItem: '', title: '', sponsors: [], outcome: 'adopted', voting: 'unanimous', votesYes: null, votesNo: null, votesAbstain: null, tallyInternal: false, formula: '', references: [], demands: [], deleteDemands: [], protocolStatements: [] },
      null,
      {},
    );
  }

  function renderNew(reply: FastifyReply, meeting: EditableMeeting, form: ReturnType<typeof emptyForm>, extra: Record<string, unknown>) {
    const label = meetingLabel(meeting.conference.shortName, meeting.meeting);
    return reply.viewAsync('pages/workspace-resolution.hbs', {
      title: translate('workspace.newTitle', { meeting: label }),
      // as on a stored TOP's page: the meeting's page (its TOPs) one step back
      breadcrumbs: [
        { label: translate('workspace.title'), url: '/verwaltung' },
        { label, url: `/verwaltung/sitzungen/${meeting.meeting.id}` },
        { label: translate('workspace.newResolution') },
      ],
      meetingLabel: label,
      isNew: true,
      form,
      action: `/verwaltung/sitzungen/${meeting.meeting.id}/neuer-beschluss`,
      version: 0,
      csrfToken: reply.csrfToken(),
      ...extra,
    });
  }
};

export default workspaceRoutes;
