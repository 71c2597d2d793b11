/**
 * The review queue of repeated demands (role secretariat) at /verwaltung/wiederholungen: the pairs
 * of Ziffern the similarity rule proposes, the most similar first, each with both texts and their
 * word-level differences; confirm ("wiederholt Ziffer 2 von TOP 5.1, 98. GMK 2021") or dismiss (not
 * proposed again); decided pairs can be taken back. A secretariat sees the pairs in which one Ziffer
 * belongs to its conference. /verwaltung/wiederholungen/tops: the same pairs by TOP.
 */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { wordDiff, type DiffKind, type DiffSegment } from '../../domain/word-diff.js';
import type { RepeatState } from '../../domain/vocabulary.js';
import { decideRepeat, repeatPair, repeatQueue, RepeatConflictError, REVIEW_PAGE_SIZE, type RepeatDecision, type RepeatPair } from '../../services/repeat-review.js';
import { NotFoundError, ValidationError } from '../../services/types.js';
import { translate } from '../../i18n.js';
import { renderNotFound } from '../../plugins/errors.js';
import { repeatSideLabel, repeatSideUrl } from '../repeat-labels.js';
import { topPairs, TOP_PAGE_SIZE, type RepeatTop } from '../../services/repeat-tops.js';
import { meetingLabel, resolutionPath } from '../../domain/citation.js';
import { StatusListQuery, pageBeyondNotice, readChoice, readPage, safeReturnPath, shown } from '../params.js';
import { actorOf } from '../actor.js';

const SECRETARIAT = ['secretariat'] as const;
const QUEUE = '/verwaltung/wiederholungen';

/** `?status=` words of the tabs. */
const STATE_WORDS: Record<RepeatState, string> = { proposed: 'vorgeschlagen', confirmed: 'bestaetigt', dismissed: 'verworfen' };
/** The form's `entscheidung` values. */
const DECISION_WORDS: Record<RepeatDecision, string> = { confirmed: 'bestaetigen', dismissed: 'verwerfen', proposed: 'zuruecknehmen' };

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const PageQuery = Type.Object({ seite: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
const DecisionBody = Type.Object(
  {
    _csrf: Type.Optional(Type.String({ maxLength: 200 })),
    entscheidung: Type.Optional(Type.String({ maxLength: 40 })),
    version: Type.Optional(Type.String({ maxLength: 20 })),
    zurueck: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

function sideView(side: RepeatPair['earlier']) {
  return { label: repeatSideLabel(side), url: repeatSideUrl(side), title: side.title, release: translate(`release.${side.release}`), draft: side.release !== 'public' };
}

/**
 * One side of the comparison (the segments without the other side's changes), with changes that
 * are only separated by spaces joined into one ("<del>bittet das Bundeskanzleramt</del>").
 */
function sideSegments(segments: readonly DiffSegment[], drop: DiffKind): DiffSegment[] {
  const result: DiffSegment[] = [];
  for (const segment of segments) {
    if (segment.kind === drop) continue;
    const last = result.at(-1);
    const beforeLast = result.at(-2);
    if (last && last.kind === segment.kind) last.text += segment.text;
    else if (beforeLast && last && segment.kind !== 'same' && last.kind === 'same' && beforeLast.kind === segment.kind && last.text.trim() === '') {
      beforeLast.text += last.text + segment.text;
      result.pop();
    } else result.push({ ...segment });
  }
  return result;
}

function pairView(pair: RepeatPair, csrfToken: string, back: string) {
  const segments = wordDiff(pair.earlier.text, pair.later.text);
  const decisions: RepeatDecision[] = pair.state === 'proposed' ? ['confirmed', 'dismissed'] : ['proposed'];
  return {
    id: pair.id,
    percent: Math.round(pair.similarity * 100),
    earlier: { ...sideView(pair.earlier), segments: sideSegments(segments, 'added') },
    later: { ...sideView(pair.later), segments: sideSegments(segments, 'removed') },
    csrfToken,
    back,
    version: pair.version,
    action: `${QUEUE}/${pair.id}`,
    decisions: decisions.map((decision) => ({
      value: DECISION_WORDS[decision],
      label: decision === 'confirmed' ? translate('repeats.confirm', { side: repeatSideLabel(pair.earlier) }) : translate(`repeats.decision.${decision}`),
      primary: decision === 'confirmed',
    })),
  };
}

/** The queue's tabs: the pairs by state, and the TOPs. */
function tabs(current: RepeatState | 'tops') {
  return [
    ...(Object.keys(STATE_WORDS) as RepeatState[]).map((s) => ({
      label: translate(`repeats.states.${s}`),
      url: s === 'proposed' ? QUEUE : `${QUEUE}?status=${STATE_WORDS[s]}`,
      current: s === current,
    })),
    { label: translate('repeats.tops.tab'), url: `${QUEUE}/tops`, current: current === 'tops' },
  ];
}

/** "TOP 11, 84. UMK 2015" and its address. */
function topView(top: RepeatTop) {
  const meeting = meetingLabel(top.conferenceShortName, { number: top.meetingNumber, year: top.meetingYear, startDate: top.meetingStart });
  return { label: translate('repeats.sideUnnumbered', { top: top.agendaItem, meeting }), url: resolutionPath(top.conferenceSlug, top.meetingKey, top.agendaItem), title: top.title };
}

const repeatRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const guard = fastify.guard(SECRETARIAT);
  const guardPost = fastify.guard(SECRETARIAT, { csrf: true });

  fastify.get(QUEUE, { schema: { querystring: StatusListQuery }, config: { access: SECRETARIAT }, preValidation: guard }, async (request, reply) => {
    const { choice: state, unknown } = readChoice<RepeatState>(request.query.status, STATE_WORDS, 'proposed');
    const { page: requested, notice: pageNotice } = readPage(request.query.seite);
    let queue = repeatQueue(fastify.db, request.viewer, state, requested);
    const pages = Math.max(1, Math.ceil(queue.total / REVIEW_PAGE_SIZE));
    const page = Math.min(requested, pages);
    if (page !== requested) queue = repeatQueue(fastify.db, request.viewer, state, page);
    const pageUrl = (n: number) => {
      const params = new URLSearchParams();
      if (state !== 'proposed') params.set('status', STATE_WORDS[state]);
      if (n > 1) params.set('seite', String(n));
      const query = params.toString();
      return `${QUEUE}${query ? `?${query}` : ''}`;
    };
    const csrfToken = reply.csrfToken();
    const hint = request.query.hinweis;
    return reply.viewAsync('pages/workspace-repeats.hbs', {
      title: translate('repeats.title'),
      breadcrumbs: [{ label: translate('workspace.title'), url: '/verwaltung' }, { label: translate('repeats.title') }],
      notices: [
        unknown === null ? null : translate('repeats.unknownState', { value: unknown }),
        pageNotice,
        pageBeyondNotice(requested, page),
      ].filter((notice) => notice !== null),
      done: hint && (Object.values(DECISION_WORDS) as string[]).includes(hint) ? translate(`repeats.done.${hint}`) : null,
      tabs: tabs(state),
      stateLabel: translate(`repeats.states.${state}`),
      summary: translate(queue.total === 1 ? 'repeats.countOne' : 'repeats.count', { total: queue.total }),
      pairs: queue.pairs.map((pair) => pairView(pair, csrfToken, pageUrl(page))),
      previousUrl: page > 1 ? pageUrl(page - 1) : null,
      nextUrl: page < pages ? pageUrl(page + 1) : null,
      pageOf: translate('admin.audit.pageOf', { page, pages }),
      paged: pages > 1,
    });
  });

  fastify.get(`${QUEUE}/tops`, { schema: { querystring: PageQuery }, config: { access: SECRETARIAT }, preValidation: guard }, async (request, reply) => {
    const { page: requested, notice } = readPage(request.query.seite);
    let found = topPairs(fastify.db, request.viewer, requested);
    const pages = Math.max(1, Math.ceil(found.total / TOP_PAGE_SIZE));
    const page = Math.min(requested, pages);
    if (page !== requested) found = topPairs(fastify.db, request.viewer, page);
    const pageUrl = (n: number) => `${QUEUE}/tops${n > 1 ? `?seite=${n}` : ''}`;
    return reply.viewAsync('pages/workspace-repeats-tops.hbs', {
      title: translate('repeats.tops.title'),
      breadcrumbs: [{ label: translate('workspace.title'), url: '/verwaltung' }, { label: translate('repeats.title'), url: QUEUE }, { label: translate('repeats.tops.tab') }],
      notices: [notice, pageBeyondNotice(requested, page)].filter((n) => n !== null),
      tabs: tabs('tops'),
      summary: translate(found.total === 1 ? 'repeats.tops.countOne' : 'repeats.tops.count', { total: found.total }),
      pairs: found.pairs.map((pair) => ({
        earlier: topView(pair.earlier),
        later: topView(pair.later),
        similar: translate('repeats.tops.similar', { proposed: pair.proposed, confirmed: pair.confirmed }),
        percent: Math.round(pair.similarity * 100),
      })),
      previousUrl: page > 1 ? pageUrl(page - 1) : null,
      nextUrl: page < pages ? pageUrl(page + 1) : null,
      pageOf: translate('admin.audit.pageOf', { page, pages }),
      paged: pages > 1,
    });
  });

  fastify.post(
    `${QUEUE}/:id`,
    { schema: { params: IdParams, body: DecisionBody }, config: { access: SECRETARIAT }, preValidation: guardPost },
    async (request, reply) => {
      const body = request.body;
      const back = safeReturnPath(body.zurueck, QUEUE);
      const decision = (Object.keys(DECISION_WORDS) as RepeatDecision[]).find((d) => DECISION_WORDS[d] === body.entscheidung);
      const version = /^[0-9]{1,9}$/.test(body.version ?? '') ? Number(body.version) : null;
      const problem =
        decision === undefined
          ? translate('repeats.badDecision', { value: shown(body.entscheidung ?? '') })
          : version === null
            ? translate('repeats.badVersion')
            : null;
      try {
        // a pair the viewer does not review is not found, whatever the form says
        if (problem !== null && repeatPair(fastify.db, request.viewer, request.params.id) === null) throw new NotFoundError();
        if (problem !== null) throw new ValidationError(problem);
        decideRepeat(fastify.db, actorOf(request), request.viewer, request.params.id, version!, decision!);
      } catch (error) {
        if (error instanceof NotFoundError) return renderNotFound(request, reply);
        if (error instanceof ValidationError || error instanceof RepeatConflictError) {
          return reply.code(error instanceof RepeatConflictError ? 409 : 422).viewAsync('pages/workspace-repeats-problem.hbs', {
            title: translate('repeats.problemTitle'),
            breadcrumbs: [{ label: translate('workspace.title'), url: '/verwaltung' }, { label: translate('repeats.title'), url: QUEUE }],
            message: error.message,
            back,
          });
        }
        throw error;
      }
      const target = new URL(back, 'http://localhost');
      target.searchParams.set('hinweis', DECISION_WORDS[decision!]);
      return reply.redirect(`${target.pathname}${target.search}`, 303);
    },
  );
};

export default repeatRoutes;
