/** Creating and editing conferences and meetings (secretariat). */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseConferenceForm, parseMeetingForm, type ConferenceInput, type MeetingInput } from '../../domain/meeting-form.js';
import type { FormBody } from '../../domain/resolution-form.js';
import { formatDateShort } from '../../domain/dates.js';
import { LAENDER } from '../../domain/laender.js';
import { getConference, getMeeting, saveConference, saveMeeting, StaleError } from '../../services/conferences.js';
import { ValidationError } from '../../services/types.js';
import { translate } from '../../i18n.js';
import { MEETING_KINDS } from '../../domain/vocabulary.js';

const SECRETARIAT = ['secretariat'] as const;
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Body = Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 10_000 }), { maxProperties: 20 });

const meetingRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const guard = fastify.guard(SECRETARIAT);
  const guardPost = fastify.guard(SECRETARIAT, { csrf: true });
  const actorOf = (request: FastifyRequest) => ({ userId: request.user!.userId, name: request.user!.email, ip: request.ip });

  function renderConference(reply: FastifyReply, id: number | null, version: number, input: ConferenceInput, errors: Record<string, string> = {}) {
    return reply.viewAsync('pages/workspace-conference.hbs', {
      title: id === null ? translate('workspace.newConference') : translate('workspace.editConference', { name: input.shortName }),
      breadcrumbs: [{ label: translate('workspace.title'), url: '/verwaltung' }, { label: input.shortName || translate('workspace.newConference') }],
      action: id === null ? '/verwaltung/konferenzen/neu' : `/verwaltung/konferenzen/${id}`,
      newMeetingUrl: id === null ? null : `/verwaltung/konferenzen/${id}/neue-sitzung`,
      csrfToken: reply.csrfToken(),
      version,
      input,
      errors,
      errorList: Object.values(errors),
    });
  }

  function renderMeeting(reply: FastifyReply, conferenceId: number, id: number | null, version: number, input: MeetingInput, errors: Record<string, string> = {}) {
    return reply.viewAsync('pages/workspace-meeting.hbs', {
      title: id === null ? translate('workspace.newMeeting') : translate('workspace.editMeeting'),
      breadcrumbs: [{ label: translate('workspace.title'), url: '/verwaltung' }, { label: id === null ? translate('workspace.newMeeting') : translate('workspace.editMeeting') }],
      action: id === null ? `/verwaltung/konferenzen/${conferenceId}/neue-sitzung` : `/verwaltung/sitzungen/${id}`,
      csrfToken: reply.csrfToken(),
      version,
      input: { ...input, number: input.number ?? '', year: input.year || '', startDate: formatDateShort(input.startDate), endDate: formatDateShort(input.endDate), place: input.place ?? '' },
      kinds: MEETING_KINDS.map((value) => ({ value, label: translate(`meeting.kind.${value}`), selected: value === input.kind })),
      laender: LAENDER.map((land) => ({ ...land, selected: land.code === input.chairLand })),
      errors,
      errorList: Object.values(errors),
    });
  }

  const emptyConference: ConferenceInput = { shortName: '', name: '', description: null };

  fastify.get('/verwaltung/konferenzen/neu', { config: { access: SECRETARIAT }, preValidation: guard }, async (_request, reply) =>
    renderConference(reply, null, 0, emptyConference),
  );

  fastify.get('/verwaltung/konferenzen/:id', { schema: { params: IdParams }, config: { access: SECRETARIAT }, preValidation: guard }, async (request, reply) => {
    const conference = getConference(fastify.db, request.viewer, request.params.id);
    return renderConference(reply, conference.id, conference.version, conference);
  });

  async function postConference(request: FastifyRequest, reply: FastifyReply, id: number | null) {
    const body = request.body as FormBody;
    const { input, errors } = parseConferenceForm(body);
    const version = Number(body.version ?? 0);
    if (Object.keys(errors).length === 0) {
      try {
        saveConference(fastify.db, actorOf(request), request.viewer, id, version, input);
        return reply.redirect('/verwaltung', 303);
      } catch (error) {
        if (error instanceof ValidationError || error instanceof StaleError) errors.form = error.message;
        else throw error;
      }
    }
    return renderConference(reply.code(errors.form?.includes('inzwischen') ? 409 : 422), id, version, input, errors);
  }

  fastify.post('/verwaltung/konferenzen/neu', { schema: { body: Body }, config: { access: SECRETARIAT }, preValidation: guardPost }, (request, reply) =>
    postConference(request, reply, null),
  );
  fastify.post(
    '/verwaltung/konferenzen/:id',
    { schema: { params: IdParams, body: Body }, config: { access: SECRETARIAT }, preValidation: guardPost },
    (request, reply) => postConference(request, reply, getConference(fastify.db, request.viewer, request.params.id).id),
  );

  const emptyMeeting: MeetingInput = { number: null, year: 0, startDate: null, endDate: null, place: null, chairLand: null, kind: 'presence' };

  fastify.get(
    '/verwaltung/konferenzen/:id/neue-sitzung',
    { schema: { params: IdParams }, config: { access: SECRETARIAT }, preValidation: guard },
    async (request, reply) => renderMeeting(reply, getConference(fastify.db, request.viewer, request.params.id).id, null, 0, emptyMeeting),
  );

  fastify.get('/verwaltung/sitzungen/:id', { schema: { params: IdParams }, config: { access: SECRETARIAT }, preValidation: guard }, async (request, reply) => {
    const meeting = getMeeting(fastify.db, request.viewer, request.params.id);
    return renderMeeting(reply, meeting.conferenceId, meeting.id, meeting.version, meeting);
  });

  async function postMeeting(request: FastifyRequest, reply: FastifyReply, conferenceId: number, id: number | null) {
    const body = request.body as FormBody;
    const { input, errors } = parseMeetingForm(body);
    const version = Number(body.version ?? 0);
    if (Object.keys(errors).length === 0) {
      try {
        saveMeeting(fastify.db, actorOf(request), request.viewer, conferenceId, id, version, input);
        return reply.redirect('/verwaltung', 303);
      } catch (error) {
        if (error instanceof ValidationError || error instanceof StaleError) errors.form = error.message;
        else throw error;
      }
    }
    return renderMeeting(reply.code(errors.form?.includes('inzwischen') ? 409 : 422), conferenceId, id, version, input, errors);
  }

  fastify.post(
    '/verwaltung/konferenzen/:id/neue-sitzung',
    { schema: { params: IdParams, body: Body }, config: { access: SECRETARIAT }, preValidation: guardPost },
    (request, reply) => postMeeting(request, reply, getConference(fastify.db, request.viewer, request.params.id).id, null),
  );
  fastify.post(
    '/verwaltung/sitzungen/:id',
    { schema: { params: IdParams, body: Body }, config: { access: SECRETARIAT }, preValidation: guardPost },
    (request, reply) => {
      const meeting = getMeeting(fastify.db, request.viewer, request.params.id);
      return postMeeting(request, reply, meeting.conferenceId, meeting.id);
    },
  );
};

export default meetingRoutes;
