/** Creating and editing conferences and meetings (secretariat). */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseConferenceForm, parseMeetingForm, type ConferenceInput, type MeetingInput } from '../../domain/meeting-form.js';
import { parseBulkReleaseForm, type BulkReleaseField, type FormBody } from '../../domain/resolution-form.js';
import { meetingLabel, meetingPath } from '../../domain/citation.js';
import { releaseItems, StaleItemsError } from '../../services/resolutions.js';
import { meetingWorkspace } from '../../services/workspace.js';
import { agendaItemColumn, column } from '../../services/export.js';
import { exportLinks, sendTable, type Cell, type ExportTable, TABLE_FORMATS } from '../table-export.js';
import { formatDateShort, todayIso } from '../../domain/dates.js';
import { LAENDER } from '../../domain/laender.js';
import { getConference, getMeeting, MeetingTakenError, saveConference, saveMeeting, StaleError } from '../../services/conferences.js';
import { ValidationError } from '../../services/types.js';
import { translate, withErrorTexts, uiTextOf } from '../../i18n.js';
import { errorSummary } from '../error-summary.js';
import { MEETING_KINDS, RELEASE_STATES } from '../../domain/vocabulary.js';
import { actorOf } from '../actor.js';

const SECRETARIAT = ['secretariat'] as const;
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const MeetingQuery = Type.Object(
  { auswahl: Type.Optional(Type.String({ maxLength: 20 })), freigegeben: Type.Optional(Type.String({ maxLength: 20 })), gespeichert: Type.Optional(Type.String({ maxLength: 20 })) },
  { additionalProperties: false },
);
/** The bulk release: a checkbox and a version field per TOP. */
const ReleaseBody = Type.Record(Type.String({ maxLength: 40 }), Type.Union([Type.String({ maxLength: 200 }), Type.Array(Type.String({ maxLength: 20 }), { maxItems: 5_000 })]), { maxProperties: 5_010 });
const Body = Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 10_000 }), { maxProperties: 20 });

/** The meeting's TOP list as the page shows it, for the CSV and JSON downloads. */
function meetingItemsTable(workspace: ReturnType<typeof meetingWorkspace>): ExportTable<Record<string, Cell>> {
  const label = meetingLabel(workspace.conference.shortName, workspace.meeting);
  return {
    name: `tops-${workspace.conference.slug}-${workspace.meeting.urlKey}`,
    sheet: label,
    meta: { meeting: label },
    columns: [
      agendaItemColumn(),
      column('title'),
      column('outcome'),
      column('release'),
      column('releasedOn', 'releasedOn', 'date'),
      column('demands'),
      column('followUps'),
      column('hints'),
    ],
    rows: workspace.items.map((item) => ({
      agendaItem: item.agendaItem,
      title: item.title,
      outcome: translate(`outcome.${item.outcome}`),
      release: translate(`release.${item.release}`),
      releasedOn: item.releasedOn,
      demands: item.demandCount,
      followUps: item.followUpCount,
      hints: item.hints.map(uiTextOf).join(' '),
    })),
  };
}

/** The bulk release form as the user sent it: shown again with a refused release. */
interface ReleaseInput {
  release: string;
  releasedOn: string;
  ticked: readonly string[];
}

const meetingRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const guard = fastify.guard(SECRETARIAT);
  const guardPost = fastify.guard(SECRETARIAT, { csrf: true });

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
      errorList: errorSummary(errors),
    });
  }

  /** The meeting's page: its TOPs with the bulk release (for a stored meeting) and its data form. */
  function renderMeeting(
    reply: FastifyReply,
    conferenceId: number,
    id: number | null,
    version: number,
    input: MeetingInput,
    errors: Record<string, string> = {},
    extra: {
      selectAll?: boolean; releasedCount?: number | null; releaseError?: string | null; savedMeeting?: boolean; request?: FastifyRequest;
      /** After a refused release: what the user sent (state, date as typed, ticked TOPs) and the field the problem is about. */
      releaseInput?: ReleaseInput; releaseErrorField?: BulkReleaseField | null;
      /** A refused form's numbers as typed (the input holds numbers only). */
      typed?: Partial<Record<'number' | 'year', string>>;
      /** The meeting of the same number (or date) the conference has already, and the field the message stands at. */
      taken?: { meetingId: number; field: 'number' | 'startDate' };
    } = {},
  ) {
    const workspace = id === null || !extra.request ? null : meetingWorkspace(fastify.db, extra.request.viewer, id);
    const label = workspace ? meetingLabel(workspace.conference.shortName, workspace.meeting) : null;
    // a new meeting says whose: a secretariat may work for several conferences
    const conference = workspace === null && extra.request ? getConference(fastify.db, extra.request.viewer, conferenceId) : null;
    const heading = label ?? (conference ? translate('workspace.newMeetingOf', { conference: conference.shortName }) : translate('workspace.newMeeting'));
    const selfUrl = id === null ? null : `/verwaltung/sitzungen/${id}`;
    const published = workspace?.items.some((item) => item.release === 'public') ?? false;
    const meetingUrl = workspace ? meetingPath(workspace.conference.slug, workspace.meeting.urlKey) : null;
    return reply.viewAsync('pages/workspace-meeting.hbs', {
      title: heading,
      heading,
      label,
      breadcrumbs: [{ label: translate('workspace.title'), url: '/verwaltung' }, { label: heading }],
      isExisting: workspace !== null,
      publicUrl: published ? meetingUrl : null,
      reportUrl: meetingUrl ? `${meetingUrl}/umsetzungsbericht` : null,
      selfUrl,
      selectAllUrl: `${selfUrl}?auswahl=alle#tops`,
      exports: exportLinks(`${selfUrl}/tops`),
      releaseAction: `${selfUrl}/freigabe`,
      newUrl: `${selfUrl}/neuer-beschluss`,
      items: (workspace?.items ?? []).map((item) => ({
        ...item,
        hints: item.hints.map(uiTextOf),
        selected: extra.selectAll === true || (extra.releaseInput?.ticked.includes(String(item.id)) ?? false),
        editUrl: `/verwaltung/beschluesse/${item.id}?zurueck=${encodeURIComponent(`${selfUrl}#top-${item.id}`)}`,
      })),
      releaseStates: RELEASE_STATES.map((value) => ({ value, label: translate(`release.${value}`), selected: value === (extra.releaseInput?.release ?? 'public') })),
      // a refused date stays as typed: the user corrects it rather than finding today's date in its place
      releasedOn: extra.releaseInput?.releasedOn ?? formatDateShort(todayIso()),
      releaseErrorField: extra.releaseError ? extra.releaseErrorField ?? null : null,
      releaseErrorHref: !extra.releaseError || !extra.releaseErrorField ? null
        : extra.releaseErrorField === 'top' ? (workspace?.items[0] ? `#auswahl-${workspace.items[0].id}` : null) : `#${extra.releaseErrorField}`,
      releasedCount: extra.releasedCount === undefined || extra.releasedCount === null ? null : translate(extra.releasedCount === 1 ? 'workspace.meetingPage.releasedOne' : 'workspace.meetingPage.released', { count: extra.releasedCount }),
      releaseError: extra.releaseError ?? null,
      savedMeeting: extra.savedMeeting === true,
      action: id === null ? `/verwaltung/konferenzen/${conferenceId}/neue-sitzung` : `/verwaltung/sitzungen/${id}`,
      csrfToken: reply.csrfToken(),
      version,
      input: { ...input, number: extra.typed?.number ?? input.number ?? '', year: extra.typed?.year ?? (input.year || ''), startDate: formatDateShort(input.startDate), endDate: formatDateShort(input.endDate), place: input.place ?? '' },
      kinds: MEETING_KINDS.map((value) => ({ value, label: translate(`meeting.kind.${value}`), selected: value === input.kind })),
      laender: LAENDER.map((land) => ({ ...land, selected: land.code === input.chairLand })),
      errors,
      // a meeting that exists already is one click away: the user goes on there instead of typing it again
      errorList: errorSummary(errors).map((item) =>
        extra.taken && item.href === `#${extra.taken.field}`
          ? { ...item, more: { href: `/verwaltung/sitzungen/${extra.taken.meetingId}`, label: translate('workspace.meetingPage.toExisting') } }
          : item,
      ),
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
    const { input, errors } = withErrorTexts(parseConferenceForm(body));
    let status = 422;
    const version = Number(body.version ?? 0);
    if (Object.keys(errors).length === 0) {
      try {
        saveConference(fastify.db, actorOf(request), request.viewer, id, version, input);
        return reply.redirect('/verwaltung', 303);
      } catch (error) {
        if (error instanceof StaleError) status = 409;
        if (error instanceof ValidationError || error instanceof StaleError) errors.form = error.message;
        else throw error;
      }
    }
    return renderConference(reply.code(status), id, version, input, errors);
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
    async (request, reply) => renderMeeting(reply, getConference(fastify.db, request.viewer, request.params.id).id, null, 0, emptyMeeting, {}, { request }),
  );

  fastify.get(
    '/verwaltung/sitzungen/:id',
    { schema: { params: IdParams, querystring: MeetingQuery }, config: { access: SECRETARIAT }, preValidation: guard },
    async (request, reply) => {
      const meeting = getMeeting(fastify.db, request.viewer, request.params.id);
      const released = request.query.freigegeben;
      return renderMeeting(reply, meeting.conferenceId, meeting.id, meeting.version, meeting, {}, {
        request,
        selectAll: request.query.auswahl === 'alle',
        releasedCount: released !== undefined && /^\d{1,5}$/.test(released) ? Number(released) : null,
        savedMeeting: request.query.gespeichert !== undefined,
      });
    },
  );

  fastify.post(
    '/verwaltung/sitzungen/:id/freigabe',
    { schema: { params: IdParams, body: ReleaseBody }, config: { access: SECRETARIAT }, preValidation: guardPost },
    async (request, reply) => {
      const meeting = getMeeting(fastify.db, request.viewer, request.params.id);
      const body = request.body as FormBody;
      const all = body.alle === '1';
      const form = parseBulkReleaseForm(body, todayIso());
      let error = form.error ? uiTextOf(form.error) : null;
      let status = 422;
      const sent = (name: string) => { const value = body[name]; return Array.isArray(value) ? value[0] ?? '' : value ?? ''; };
      const ticked = body.top === undefined ? [] : ([] as string[]).concat(body.top);
      // what the user sent comes back with the problem; a stale list is shown fresh, without the ticks
      let releaseInput: ReleaseInput = { release: sent('release'), releasedOn: sent('releasedOn'), ticked: all ? [] : ticked };
      if (!error && all && body.bestaetigt !== '1') {
        // publishing a whole meeting asks first, naming what becomes public (nothing to change: nothing to ask)
        const workspace = meetingWorkspace(fastify.db, request.viewer, meeting.id);
        const sentIds = new Set(form.items.map((item) => item.id));
        const changing = workspace.items.filter((item) => sentIds.has(item.id) && item.release !== 'public');
        if (changing.length > 0) {
          const releasedOn = form.releasedOn ?? todayIso();
          return reply.viewAsync('pages/workspace-publish-confirm.hbs', {
            title: translate('workspace.meetingPage.confirmTitle', { meeting: meetingLabel(workspace.conference.shortName, workspace.meeting) }),
            label: meetingLabel(workspace.conference.shortName, workspace.meeting),
            breadcrumbs: [
              { label: translate('workspace.title'), url: '/verwaltung' },
              { label: meetingLabel(workspace.conference.shortName, workspace.meeting), url: `/verwaltung/sitzungen/${meeting.id}` },
              { label: translate('workspace.meetingPage.publishAll') },
            ],
            items: changing,
            versions: form.items,
            releasedOn: formatDateShort(releasedOn),
            dateShown: formatDateShort(releasedOn),
            releaseAction: `/verwaltung/sitzungen/${meeting.id}/freigabe`,
            cancelUrl: `/verwaltung/sitzungen/${meeting.id}#tops`,
            csrfToken: reply.csrfToken(),
          });
        }
      }
      if (!error) {
        try {
          const changed = releaseItems(fastify.db, actorOf(request), request.viewer, meeting.id, form.items, all ? 'public' : form.release, all ? form.releasedOn ?? todayIso() : form.releasedOn);
          return reply.redirect(`/verwaltung/sitzungen/${meeting.id}?freigegeben=${changed}#tops`, 303);
        } catch (caught) {
          if (caught instanceof StaleItemsError) {
            status = 409;
            releaseInput = { ...releaseInput, ticked: [] };
          }
          if (caught instanceof ValidationError || caught instanceof StaleItemsError) error = caught.message;
          else throw caught;
        }
      }
      return renderMeeting(reply.code(status), meeting.conferenceId, meeting.id, meeting.version, meeting, {}, {
        request, releaseError: error, releaseInput, releaseErrorField: form.error ? form.errorField : null,
      });
    },
  );

  for (const format of TABLE_FORMATS) {
    fastify.get(
      `/verwaltung/sitzungen/:id/tops.${format}`,
      { schema: { params: IdParams }, config: { access: SECRETARIAT }, preValidation: guard },
      async (request, reply) => sendTable(reply, format, meetingItemsTable(meetingWorkspace(fastify.db, request.viewer, request.params.id))),
    );
  }

  async function postMeeting(request: FastifyRequest, reply: FastifyReply, conferenceId: number, id: number | null) {
    const body = request.body as FormBody;
    const { input, errors, typed } = withErrorTexts(parseMeetingForm(body));
    let status = 422;
    const version = Number(body.version ?? 0);
    if (Object.keys(errors).length === 0) {
      try {
        const saved = saveMeeting(fastify.db, actorOf(request), request.viewer, conferenceId, id, version, input);
        return reply.redirect(`/verwaltung/sitzungen/${saved}${id === null ? '' : '?gespeichert'}`, 303);
      } catch (error) {
        if (error instanceof MeetingTakenError) {
          // at the field that makes the meeting's address: its number, or its date when it has none
          const taken = { meetingId: error.meetingId, field: input.number === null ? ('startDate' as const) : ('number' as const) };
          errors[taken.field] = error.message;
          return renderMeeting(reply.code(422), conferenceId, id, version, input, errors, { request, typed, taken });
        }
        if (error instanceof StaleError) status = 409;
        if (error instanceof ValidationError || error instanceof StaleError) errors.form = error.message;
        else throw error;
      }
    }
    return renderMeeting(reply.code(status), conferenceId, id, version, input, errors, { request, typed });
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
