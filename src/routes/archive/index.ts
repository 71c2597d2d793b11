/**
 * The public archive: home, conference, meeting and resolution pages. HTTP only: parse input,
 * call the archive service with the viewer, render.
 */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  conferencePage,
  homePage,
  meetingPage,
  resolutionPage,
  type FollowUpView,
} from '../../services/archive.js';
import { meetingPath, resolutionPath, conferencePath, demandAnchor, demandPathIn, meetingLabel } from '../../domain/citation.js';
import { formatDateLong, formatDateShort } from '../../domain/dates.js';
import { landName, isLandCode } from '../../domain/laender.js';
import { translate } from '../../i18n.js';
import { votingText } from '../../domain/resolution-facts.js';
import { renderNotFound } from '../../plugins/errors.js';
import { mayChangeFollowUp, mayChangeSomeFollowUps, mayEditResolution, mayRecordFollowUp } from '../../services/access.js';
import { raisedOn, type DemandRepeats } from '../../services/repeat-review.js';
import { repeatSideLabel, repeatSideUrl } from '../repeat-labels.js';
import { watchState } from '../../services/watches.js';
import { pdfAvailable } from '../../services/pdf-print.js';
import type { ListedDocument } from '../../services/follow-up-documents.js';
import { documentLink } from '../followups/documents.js';
import { findConference } from '../../services/feeds.js';
import { formerDemandNumber } from '../../services/former-addresses.js';
import { asOfCitationText, demandCitationText, demandItem, followUpItem, meetingInCitation, pageHead, resolutionCitationText, withheldDemandItem, type FileItem } from './resolution-view.js';
import versionRoutes, { versionsList, wordingOf } from './versions.js';
import { AgendaItemParam, AsOfQuery, ConferenceParam, DemandParam, meetingAfterAsOf, MeetingParam, readAsOf } from '../params.js';
import { completeWebAddress } from '../../domain/web-address.js';


/** The TOP page's query: the date, and after a follow-up was saved the anchor it belongs to. */
const ResolutionQuery = Type.Object(
  { ...AsOfQuery.properties, gespeichert: Type.Optional(Type.String({ maxLength: 40 })) },
  { additionalProperties: false },
);

/** `?stand=…` for links that keep the date, or ''. */
function asOfQuery(asOf: string | null): string {
  return asOf ? `?stand=${asOf}` : '';
}

/** The end of a page's title as of a day, " (Stand: 01.01.2018)", or '': the tab, a bookmark and a printed PDF say which day. */
function asOfTitle(asOf: string | null): string {
  return asOf ? ` (${translate('resolution.asOf', { date: formatDateShort(asOf) })})` : '';
}

/** What the "as of" form (partials/as-of-form.hbs) needs. */
function asOfView(selfUrl: string, asOf: string | null, asOfError: string | null) {
  return { selfUrl, asOf, asOfLong: formatDateLong(asOf), asOfShort: formatDateShort(asOf), asOfError };
}

/** A Ziffer's confirmed repeats: "wiederholt gefordert seit 2015, 3 Mal" and the other Ziffern. */
function repeatedView(repeats: DemandRepeats | undefined, raised: string) {
  if (!repeats) return null;
  return {
    line: translate('repeats.summary', { since: repeats.since, times: repeats.times }),
    others: repeats.others.map((other) => ({
      text: translate(raisedOn(other) <= raised ? 'repeats.repeatsEarlier' : 'repeats.repeatedLater', { side: repeatSideLabel(other) }),
      url: repeatSideUrl(other),
    })),
  };
}

const archiveRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  await fastify.register(versionRoutes);
  fastify.get(
    '/',
    { schema: { querystring: AsOfQuery }, config: { publicPage: true, dataVersionETag: true, access: 'public' } },
    async (request, reply) => {
      const { asOf, asOfError } = readAsOf(request.query.stand);
      const data = homePage(fastify.db, request.viewer, asOf);
      return reply.viewAsync('pages/home.hbs', {
        title: translate('home.title'),
        head: pageHead(fastify.config.publicUrl, '/', asOf, translate('home.intro')),
        ...asOfView('/', asOf, asOfError),
        conferences: data.conferences.map((c) => ({ ...c, url: conferencePath(c.slug) + asOfQuery(asOf) })),
        latestMeetings: data.latestMeetings.map((m) => ({
          ...m,
          label: meetingLabel(m.shortName, m),
          url: meetingPath(m.slug, m.urlKey) + asOfQuery(asOf),
        })),
      });
    },
  );

  fastify.get(
    '/:conference',
    {
      schema: { params: Type.Object({ conference: ConferenceParam }), querystring: AsOfQuery },
      config: { publicPage: true, dataVersionETag: true, access: 'public' },
    },
    async (request, reply) => {
      const { asOf, asOfError } = readAsOf(request.query.stand);
      const data = conferencePage(fastify.db, request.viewer, request.params.conference, asOf);
      if (!data) return renderNotFound(request, reply);
      const { conference } = data;
      const feedsPublic = findConference(fastify.db, conference.slug) !== null;
      return reply.viewAsync('pages/conference.hbs', {
        title: `${conference.shortName} – ${conference.name}${asOfTitle(asOf)}`,
        ...asOfView(conferencePath(conference.slug), asOf, asOfError),
        head: pageHead(fastify.config.publicUrl, conferencePath(conference.slug), asOf, translate('meta.conference', { name: conference.name })),
        conference,
        // Feeds are read without a session: a conference the public cannot see has none yet.
        feedsPublic,
        // offered to feed readers too, in the page's head (views/layouts/main.hbs)
        feeds: feedsPublic
          ? [
              { title: `${conference.shortName}: ${translate('conference.feedNew')}`, href: `${conferencePath(conference.slug)}/feed.atom` },
              { title: `${conference.shortName}: ${translate('conference.feedStatus')}`, href: `${conferencePath(conference.slug)}/status.atom` },
            ]
          : null,
        breadcrumbs: [{ label: conference.shortName }],
        years: data.years.map((y) => ({
          year: y.year,
          meetings: y.meetings.map((m) => ({
            ...m,
            label: meetingLabel(conference.shortName, m),
            url: meetingPath(conference.slug, m.urlKey) + asOfQuery(asOf),
            chair: m.chairLand && isLandCode(m.chairLand) ? landName(m.chairLand) : null,
          })),
        })),
      });
    },
  );

  fastify.get(
    '/:conference/:meeting',
    {
      schema: {
        params: Type.Object({ conference: ConferenceParam, meeting: MeetingParam }),
        querystring: AsOfQuery,
      },
      config: { publicPage: true, dataVersionETag: true, access: 'public' },
    },
    async (request, reply) => {
      const { asOf, asOfError } = readAsOf(request.query.stand);
      const data = meetingPage(fastify.db, request.viewer, request.params.conference, request.params.meeting, asOf);
      if (!data) return renderNotFound(request, reply);
      const { conference, meeting } = data;
      const label = meetingLabel(conference.shortName, meeting);
      return reply.viewAsync('pages/meeting.hbs', {
        title: `${label} – ${conference.shortName}${asOfTitle(asOf)}`,
        head: pageHead(fastify.config.publicUrl, meetingPath(conference.slug, meeting.urlKey), asOf, translate('meta.meeting', { meeting: meetingInCitation({ ...meeting, label }) })),
        conference,
        meeting: { ...meeting, label, chair: meeting.chairLand && isLandCode(meeting.chairLand) ? landName(meeting.chairLand) : null },
        breadcrumbs: [{ label: conference.shortName, url: conferencePath(conference.slug) }, { label }],
        asOf,
        asOfLong: formatDateLong(asOf),
        asOfShort: formatDateShort(asOf),
        asOfError,
        meetingAfterAsOf: meetingAfterAsOf(asOf, meeting.startDate),
        selfUrl: meetingPath(conference.slug, meeting.urlKey),
        totals: data.totals,
        resolutions: data.resolutions.map((r) => ({
          ...r,
          url: resolutionPath(conference.slug, meeting.urlKey, r.agendaItem) + (asOf ? `?stand=${asOf}` : ''),
          allLaender: r.sponsors.length === 16,
        })),
      });
    },
  );

  fastify.get(
    '/:conference/:meeting/top/:agendaItem',
    {
      schema: {
        params: Type.Object({ conference: ConferenceParam, meeting: MeetingParam, agendaItem: AgendaItemParam }),
        querystring: ResolutionQuery,
      },
      config: { publicPage: true, dataVersionETag: true, access: 'public' },
    },
    async (request, reply) => {
      const { conference: slug, meeting: urlKey, agendaItem } = request.params;
      // `?gespeichert=ziffer-3`: a follow-up of that Ziffer ("gesamt": of the whole resolution; "beschluss": the resolution itself) was just saved (Post/Redirect/Get)
      const savedAt = request.viewer.role !== null ? (request.query.gespeichert ?? null) : null;
      const { asOf, asOfError } = readAsOf(request.query.stand);
      const data = resolutionPage(fastify.db, request.viewer, slug, urlKey, agendaItem, asOf);
      if (!data) return renderNotFound(request, reply);
      const { conference, meeting, resolution } = data;
      const label = meetingLabel(conference.shortName, meeting);
      const cited = meetingInCitation({ ...meeting, label });
      const citationText = resolutionCitationText(cited, resolution.agendaItem, resolution.title);
      const canRecord = mayRecordFollowUp(request.viewer, conference.id);
      const watching = request.user ? watchState(fastify.db, request.user.userId, resolution.id) : null;
      // Public visitors (most page views) edit nothing: their follow-ups go to the template as read.
      const editsSome = mayChangeSomeFollowUps(request.viewer);
      // the documents stored with the follow-ups shown (their visibility is the follow-up's; one marked internal is withheld from the public)
      const fileItem = (d: ListedDocument): FileItem => (d.withheld ? { withheld: true } : { ...documentLink(d), internal: d.internal });
      const followUpItems = (list: readonly FollowUpView[]) =>
        list.map((f) =>
          followUpItem(
            f,
            editsSome && mayChangeFollowUp(request.viewer, { authorId: f.authorId, conferenceId: conference.id }) ? `/folgemassnahmen/${f.id}` : null,
            f.documents.length > 0 ? f.documents.map(fileItem) : null,
          ),
        );
      const path = resolutionPath(conference.slug, meeting.urlKey, resolution.agendaItem);
      const watch = watching ? { watching: watching.resolution, token: reply.csrfToken() } : null;
      // the wording shown and cited; as of a day the archive held another one, a notice naming it
      const wording = wordingOf(fastify.db, request.viewer, resolution.id, data.versions, asOf, `${path}/fassungen`);
      const demandWatch = watch ? { token: watch.token, resolution: resolution.id, back: path } : null;
      // The layout reads the title and the breadcrumbs, the page's template everything else, from
      // `page` (views/pages/resolution.hbs renders inside {{#with page}}). Why nested: the view
      // plugin copies the values it renders with into a new object (Object.assign) for the page
      // and again for the layout; with more than about twenty keys V8 makes such a copy a
      // dictionary, slower to build and to read than an object of fixed shape. Nested, the copies
      // stay small and the page's own values stay the object built here.
      return reply.viewAsync('pages/resolution.hbs', {
        title: `TOP ${resolution.agendaItem}: ${resolution.title} – ${label}${asOfTitle(asOf)}`,
        head: pageHead(fastify.config.publicUrl, path, asOf, `${citationText}.${asOf ? ` ${asOfCitationText(asOf)}.` : ''}`),
        breadcrumbs: [
          { label: conference.shortName, url: conferencePath(conference.slug) },
          { label, url: meetingPath(conference.slug, meeting.urlKey) },
          { label: `TOP ${resolution.agendaItem}` },
        ],
        // its status feed exists while it is public (feeds are read without a session)
        feeds: resolution.release === 'public' ? [{ title: `TOP ${resolution.agendaItem}: ${translate('resolution.statusFeed')}`, href: `${path}/status.atom` }] : null,
        page: {
          conference,
          meeting: { ...meeting, label },
          resolution,
          editUrl: mayEditResolution(request.viewer, conference.id) ? `/verwaltung/beschluesse/${resolution.id}?zurueck=${encodeURIComponent(path)}` : null,
          voting: votingText(resolution, translate),
          sponsors: data.sponsors,
          allLaender: data.allLaender,
          reportingLand: data.reportingLand,
          tracked: data.tracked,
          demands: data.demandList.map((demand) =>
            demand.withheld
              ? withheldDemandItem(demand.number)
              : demandItem(demand, { tracked: data.tracked, conference: conference.shortName }, {
                  followUps: followUpItems(demand.followUps),
                  recordUrl: canRecord ? `/beschluesse/${resolution.id}/folgemassnahme?ziffer=${demand.id}` : null,
                  watch: demandWatch,
                  watching: watching ? watching.demands.has(demand.id) : null,
                  repeated: repeatedView(data.repeats.get(demand.id), meeting.startDate ?? `${meeting.year}-01-01`),
                  saved: savedAt !== null && savedAt === demandAnchor(demand.number),
                }),
          ),
          anyWithheld: data.demandList.length > data.demands.length,
          anyStale: data.anyStale,
          recordUrl: canRecord ? `/beschluesse/${resolution.id}/folgemassnahme` : null,
          watch,
          resolutionFollowUps: followUpItems(data.resolutionFollowUps),
          savedWide: savedAt === 'gesamt' && data.resolutionFollowUps.length > 0,
          // saved where the page has no place for it (a Ziffer since withheld or renumbered): said at the top
          // `?gespeichert=beschluss`: the resolution itself was just saved in its edit form
          savedResolution: savedAt === 'beschluss',
          savedElsewhere: savedAt !== null && savedAt !== 'gesamt' && savedAt !== 'beschluss' && !data.demands.some((d) => demandAnchor(d.number) === savedAt)
            || (savedAt === 'gesamt' && data.resolutionFollowUps.length === 0),
          protocolStatements: data.protocolStatements.map((s) => ({
            ...s,
            names: s.laender.map((l) => l.name).join(', '),
          })),
          asOf,
          asOfLong: formatDateLong(asOf),
          asOfShort: formatDateShort(asOf),
          asOfError,
          meetingAfterAsOf: meetingAfterAsOf(asOf, meeting.startDate),
          wording: wording.notice,
          versions: versionsList(data.versions, `${path}/fassungen`, asOf),
          showWho: request.viewer.role !== null,
          // the citation for citation managers, of the state the page shows
          citationFiles: { bib: `${path}/zitat.bib${asOfQuery(asOf)}`, ris: `${path}/zitat.ris${asOfQuery(asOf)}` },
          documents: { docx: `${path}/beschluss.docx${asOf ? `?stand=${asOf}` : ''}`, pdf: pdfAvailable(fastify.config.pdfPrinting) ? `${path}/beschluss.pdf${asOf ? `?stand=${asOf}` : ''}` : null },
          selfUrl: path,
          // a source that is a web address (the published collection) is a link
          sourceUrl: resolution.source !== null && /^https?:\/\//i.test(resolution.source) && completeWebAddress(resolution.source) === resolution.source ? resolution.source : null,
          references: data.references.map((ref) => ({
            text: ref.text,
            url: ref.target ? resolutionPath(ref.target.slug, ref.target.urlKey, ref.target.agendaItem) : null,
          })),
          referencedBy: data.referencedBy.map((source) => ({
            text: `TOP ${source.agendaItem} ${meetingLabel(source.shortName, source)}`,
            url: resolutionPath(source.slug, source.urlKey, source.agendaItem),
          })),
          demandCitations: data.demands
            .filter((demand) => demand.number !== null)
            .map((demand) => {
              const citable = demandPathIn(path, demand.number!) + asOfQuery(asOf);
              return {
                text: demandCitationText(cited, resolution.agendaItem, demand.number!),
                path: citable,
                url: `${fastify.config.publicUrl}${citable}`,
              };
            }),
          // as of a day, the citation names that day and its addresses keep it: they show what was cited
          citation: {
            text: citationText,
            asOf: asOf ? asOfCitationText(asOf) : null,
            version: wording.citation,
            // the wording of that day, where it was another: cited by the address of its version
            then: wording.notice ? { text: wording.notice.citeThen, path: wording.notice.readUrl, url: `${fastify.config.publicUrl}${wording.notice.readUrl}` } : null,
            path: path + asOfQuery(asOf),
            url: `${fastify.config.publicUrl}${path}${asOfQuery(asOf)}`,
          },
        },
      });
    },
  );

  // The citable address of one demand: answers with a redirect to its anchor on the TOP page;
  // an unknown or unreleased TOP or number, or a Ziffer withheld from the viewer (marked internal),
  // gets the same 404 page as an unknown TOP. A number the Ziffer had before the Ziffern were
  // renumbered leads to its address today (services/former-addresses.ts formerDemandNumber).
  fastify.get(
    '/:conference/:meeting/top/:agendaItem/ziffer/:number',
    {
      schema: {
        params: Type.Object({
          conference: ConferenceParam,
          meeting: MeetingParam,
          agendaItem: AgendaItemParam,
          number: DemandParam,
        }),
        querystring: AsOfQuery,
      },
      config: { publicPage: true, dataVersionETag: true, access: 'public' },
    },
    async (request, reply) => {
      const { conference: slug, meeting: urlKey, agendaItem, number } = request.params;
      const { asOf, asOfError } = readAsOf(request.query.stand);
      const data = resolutionPage(fastify.db, request.viewer, slug, urlKey, agendaItem, null);
      if (!data) return renderNotFound(request, reply);
      const demand = data.demands.find((d) => d.number === number);
      const path = resolutionPath(data.conference.slug, data.meeting.urlKey, data.resolution.agendaItem);
      // a bad date goes on as it was: the TOP page names it
      const query = asOf ? `?stand=${asOf}` : asOfError ? `?stand=${encodeURIComponent(request.query.stand!)}` : '';
      if (!demand) {
        // 302, not 301, as for a renumbered TOP: the number may be given to another Ziffer later
        const now = formerDemandNumber(fastify.db, request.viewer, data.resolution.id, number, data.demands);
        return now === null ? renderNotFound(request, reply) : reply.redirect(`${demandPathIn(path, now)}${query}`, 302);
      }
      return reply.redirect(`${path}${query}#${demandAnchor(demand.number)}`, 302);
    },
  );
};

export default archiveRoutes;
