/**
 * Downloads of documents: a meeting's implementation report and a single TOP as Word (.docx),
 * and — where Chromium is installed — as PDF printed from the page with its print stylesheet.
 * Each shows exactly what the page shows the same viewer (the same services, the same "as of").
 */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { formatDateLong, formatDateRange, formatDateShort, todayIso } from '../../domain/dates.js';
import { meetingLabel, meetingPath, resolutionPath } from '../../domain/citation.js';
import { resolutionPage, type FollowUpView } from '../../services/archive.js';
import { implementationReport } from '../../services/statistics.js';
import { wordFile, type WordBlock, type WordDocument } from '../../services/word.js';
import { pdfAvailable, printPdf, PrintQueueFull } from '../../services/pdf-print.js';
import { translate } from '../../i18n.js';
import { votingText } from '../../domain/resolution-facts.js';
import { renderNotFound } from '../../plugins/errors.js';
import { asOfCitationText, meetingInCitation, resolutionCitationText } from '../archive/resolution-view.js';
import { wordingOf } from '../archive/versions.js';
import { AgendaItemParam, AsOfQuery, ConferenceParam, MeetingParam, readAsOf } from '../params.js';
import { refuseDownload } from '../table-export.js';
import { attachmentHeader, fileNamePart } from '../../domain/file-name.js';
import { bibtex, citationKey, ris, type CitationRecord } from '../../domain/citation-formats.js';
import { landNameOf } from '../../domain/laender.js';

/** Seconds after which a refused PDF may be asked for again. */
const PRINT_RETRY_AFTER_SECONDS = 10;

/**
 * The follow-ups of a Ziffer as the page lists them: a line of date, kind, actor and the status
 * it records, then its text; so the Word file shows each follow-up its status table counts.
 */
function followUpBlocks(followUps: readonly FollowUpView[], whenNone = translate('resolution.noFollowUps')): WordBlock[] {
  if (followUps.length === 0) return [{ kind: 'paragraph', text: whenNone, muted: true }];
  return followUps.flatMap((f): WordBlock[] => [
    {
      kind: 'paragraph',
      muted: true,
      text: [
        formatDateShort(f.date),
        translate(`followUpKind.${f.kind}`),
        ...(f.actorName ? [f.actorName] : []),
        ...(f.actorLand ? [landNameOf(f.actorLand)] : []),
        ...(f.visibility === 'internal' ? [translate('resolution.internal')] : []),
      ].join(' · ') + (f.resultingStatus ? ` → ${translate(`status.${f.resultingStatus}`)}` : ''),
    },
    { kind: 'paragraph', text: f.link ? `${f.summary} (${f.link})` : f.summary },
  ]);
}

const MeetingParams = Type.Object({ conference: ConferenceParam, meeting: MeetingParam });
const ItemParams = Type.Object({ conference: ConferenceParam, meeting: MeetingParam, agendaItem: AgendaItemParam });

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function demandLabel(number: string | null): string {
  return number === null ? translate('resolution.demandUnnumbered') : translate('resolution.demand', { number });
}

function send(reply: FastifyReply, bytes: Buffer, file: string, type: string) {
  return reply.type(type).header('content-disposition', attachmentHeader(file)).send(bytes);
}

/** A document's file name by its extension. */
type Named = (extension: string) => string;

/**
 * A file name from the catalogue (documents.file), its values made safe for file names. A
 * researcher keeps several downloads side by side: the name says what the file holds — conference,
 * meeting, TOP, the version (Fassung) of its text, the day of its state — so that two downloads of
 * different days or versions never share a name.
 */
function named(key: string, values: Record<string, string | number>): Named {
  const safe = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, fileNamePart(String(value))]));
  return (extension) => `${translate(`documents.file.${key}`, safe)}.${extension}`;
}

function reportName(conference: { shortName: string }, meeting: { urlKey: string }, stateOn: string): Named {
  return named('report', { conference: conference.shortName, meeting: meeting.urlKey, date: stateOn });
}

const documentRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  /** A meeting's implementation report as a Word document, and its file name ("Umsetzungsbericht-IntMK-19-Stand-…"). */
  function reportDocument(request: FastifyRequest, slug: string, urlKey: string, asOf: string | null): { document: WordDocument; name: Named } | null {
    const report = implementationReport(fastify.db, request.viewer, slug, urlKey, asOf);
    if (!report) return null;
    const { conference, meeting } = report;
    const name = reportName(conference, meeting, asOf ?? todayIso());
    const label = meetingLabel(conference.shortName, meeting);
    const path = `${meetingPath(conference.slug, meeting.urlKey)}/umsetzungsbericht`;
    const blocks: WordBlock[] = [];
    if (report.showsInternal) blocks.push({ kind: 'paragraph', text: translate('report.internalNotice'), muted: true });
    for (const item of report.items) {
      blocks.push({ kind: 'heading', level: 2, text: `TOP ${item.agendaItem}: ${item.title}` });
      blocks.push({ kind: 'paragraph', text: `${translate(`outcome.${item.outcome}`)}${item.release === 'public' ? '' : ` · ${translate(`release.${item.release}`)}`}`, muted: true });
      if (!item.tracked) {
        blocks.push({ kind: 'paragraph', text: translate('resolution.notTracked', { outcome: translate(`outcome.${item.outcome}`) }) });
        continue;
      }
      if (item.demands.length === 0) continue;
      blocks.push({
        kind: 'table',
        table: {
          caption: translate('report.tableCaption', { top: item.agendaItem }),
          header: [translate('report.demand'), translate('resolution.status'), translate('report.latest')],
          rows: item.demands.map((d) => [
            demandLabel(d.number),
            translate(`status.${d.status}`),
            d.latest
              ? `${formatDateShort(d.latest.date)} · ${translate(`followUpKind.${d.latest.kind}`)}${d.latest.visibility === 'internal' ? ` (${translate('resolution.internal')})` : ''}\n${d.latest.summary}`
              : translate('resolution.noFollowUps'),
          ]),
        },
      });
    }
    const title = asOf ? translate('report.asOfTitle', { meeting: label, date: formatDateShort(asOf) }) : translate('report.title', { meeting: label });
    const document: WordDocument = {
      title,
      subtitle: [conference.name, formatDateRange(meeting.startDate, meeting.endDate), meeting.place].filter(Boolean).join(' · '),
      blocks,
      citation: {
        heading: translate('resolution.citation'),
        text: `${title}${asOf ? '' : `, ${translate('documents.asOfToday', { date: formatDateLong(todayIso()) })}`}`,
        url: `${fastify.config.publicUrl}${path}${asOf ? `?stand=${asOf}` : ''}`,
      },
      creator: translate('site.name'),
    };
    return { document, name };
  }

  /**
   * The file name of a TOP's Word or PDF file: the version of the text it holds (the latest the
   * viewer may see, as the page cites it) and the day of its state (today's for the current one).
   */
  function resolutionName(data: NonNullable<ReturnType<typeof resolutionPage>>, stateOn: string): Named {
    const { conference, meeting, resolution } = data;
    const version = data.versions.at(-1)?.number;
    const values = { conference: conference.shortName, meeting: meeting.urlKey, top: resolution.agendaItem, date: stateOn };
    return version === undefined ? named('resolutionUnversioned', values) : named('resolution', { ...values, version });
  }

  function resolutionDocument(request: FastifyRequest, slug: string, urlKey: string, agendaItem: string, asOf: string | null): { document: WordDocument; name: Named } | null {
    const data = resolutionPage(fastify.db, request.viewer, slug, urlKey, agendaItem, asOf);
    if (!data) return null;
    const { conference, meeting, resolution } = data;
    const label = meetingLabel(conference.shortName, meeting);
    const voting = votingText(resolution, translate);
    const blocks: WordBlock[] = [
      {
        kind: 'facts',
        facts: [
          { label: translate('resolution.sponsors'), value: data.allLaender ? translate('meeting.allLaender') : data.sponsors.map((s) => s.name).join(', ') || '–' },
          { label: translate('resolution.decision'), value: `${translate(`outcome.${resolution.outcome}`)} (${voting})` },
          ...(resolution.formula ? [{ label: translate('workspace.formula'), value: resolution.formula }] : []),
          ...(resolution.release === 'public' ? [] : [{ label: translate('resolution.releaseState'), value: translate(`release.${resolution.release}`) }]),
        ],
      },
    ];
    if (data.demandList.length > 0) {
      blocks.push({ kind: 'heading', level: 2, text: translate('resolution.demands') });
      if (!data.tracked) blocks.push({ kind: 'paragraph', text: translate('resolution.notTracked', { outcome: translate(`outcome.${resolution.outcome}`) }) });
      for (const demand of data.demandList) {
        if (demand.withheld) {
          blocks.push({ kind: 'heading', level: 3, text: demand.number === null ? translate('resolution.demandUnnumberedWithheld') : translate('resolution.demandWithheld', { number: demand.number }) });
          continue;
        }
        blocks.push({ kind: 'heading', level: 3, text: demandLabel(demand.number) });
        blocks.push({ kind: 'paragraph', text: demand.text });
        if (data.tracked) blocks.push({ kind: 'paragraph', text: `${translate('resolution.status')}: ${translate(`status.${demand.status}`)}`, muted: true });
        // as on the page: a Ziffer without follow-ups of its own points to those on the whole resolution
        blocks.push(...followUpBlocks(demand.followUps, data.resolutionFollowUps.length > 0
          ? `${translate('resolution.onlyWideFollowUps')} „${translate('resolution.resolutionWide')}“.`
          : undefined));
      }
      if (data.tracked && data.demands.length > 0) {
        blocks.push({
          kind: 'table',
          table: {
            caption: translate('documents.statusTable'),
            header: [translate('report.demand'), translate('resolution.status'), translate('documents.followUps')],
            rows: data.demands.map((d) => [demandLabel(d.number), translate(`status.${d.status}`), String(d.followUps.length)]),
          },
        });
      }
    }
    if (data.resolutionFollowUps.length > 0) {
      blocks.push({ kind: 'heading', level: 2, text: translate('resolution.resolutionWide') });
      blocks.push(...followUpBlocks(data.resolutionFollowUps));
    }
    if (data.protocolStatements.length > 0) {
      blocks.push({ kind: 'heading', level: 2, text: translate('resolution.protocolStatements') });
      for (const s of data.protocolStatements) {
        if (s.withheld) {
          blocks.push({ kind: 'heading', level: 3, text: translate('resolution.statementWithheld') });
          continue;
        }
        blocks.push({ kind: 'heading', level: 3, text: translate('resolution.protocolStatementOf', { laender: s.laender.map((l) => l.name).join(', ') }) });
        blocks.push({ kind: 'paragraph', text: s.text });
      }
    }
    const path = resolutionPath(conference.slug, meeting.urlKey, resolution.agendaItem);
    // a file leaves the site: it names the day of the state it shows (today's for the current
    // one), and its address shows that state again
    const stateOn = asOf ?? todayIso();
    // as on the page: the version of the text cited, and as of a day with another wording, a notice
    const wording = wordingOf(fastify.db, request.viewer, resolution.id, data.versions, asOf, `${fastify.config.publicUrl}${path}/fassungen`);
    if (wording.notice) blocks.unshift({ kind: 'paragraph', text: `${wording.notice.text} ${wording.notice.readLabel}: ${wording.notice.readUrl} · ${wording.notice.compareLabel}: ${wording.notice.compareUrl}` });
    const document: WordDocument = {
      title: resolution.title,
      subtitle: `${label} · TOP ${resolution.agendaItem} · ${asOfCitationText(stateOn)}`,
      blocks,
      citation: {
        heading: translate('resolution.citation'),
        text: `${resolutionCitationText(meetingInCitation({ ...meeting, label }), resolution.agendaItem, resolution.title)}. ${asOfCitationText(stateOn)}.${wording.citation ? ` ${wording.citation}.` : ''}`,
        url: `${fastify.config.publicUrl}${path}?stand=${stateOn}`,
      },
      creator: translate('site.name'),
    };
    return { document, name: resolutionName(data, stateOn) };
  }

  fastify.get(
    '/:conference/:meeting/umsetzungsbericht.docx',
    { schema: { params: MeetingParams, querystring: AsOfQuery }, config: { publicPage: true, access: 'public' } },
    async (request, reply) => {
      const { asOf, fileError } = readAsOf(request.query.stand);
      if (fileError) return refuseDownload(reply, [fileError]);
      const report = reportDocument(request, request.params.conference, request.params.meeting, asOf);
      if (!report) return renderNotFound(request, reply);
      return send(reply, await wordFile(report.document), report.name('docx'), DOCX_TYPE);
    },
  );

  fastify.get(
    '/:conference/:meeting/top/:agendaItem/beschluss.docx',
    { schema: { params: ItemParams, querystring: AsOfQuery }, config: { publicPage: true, access: 'public' } },
    async (request, reply) => {
      const { asOf, fileError } = readAsOf(request.query.stand);
      if (fileError) return refuseDownload(reply, [fileError]);
      const { conference, meeting, agendaItem } = request.params;
      const file = resolutionDocument(request, conference, meeting, agendaItem, asOf);
      if (!file) return renderNotFound(request, reply);
      return send(reply, await wordFile(file.document), file.name('docx'), DOCX_TYPE);
    },
  );

  /**
   * The TOP as a reference for citation managers: what its citation says (routes/archive/index.ts),
   * as of a day with that day's address and state, otherwise the permanent address.
   */
  function citationRecord(request: FastifyRequest, slug: string, urlKey: string, agendaItem: string, asOf: string | null): { record: CitationRecord; name: Named } | null {
    const data = resolutionPage(fastify.db, request.viewer, slug, urlKey, agendaItem, asOf);
    if (!data) return null;
    const { conference, meeting, resolution } = data;
    const label = meetingLabel(conference.shortName, meeting);
    const path = resolutionPath(conference.slug, meeting.urlKey, resolution.agendaItem);
    const wording = wordingOf(fastify.db, request.viewer, resolution.id, data.versions, asOf, `${fastify.config.publicUrl}${path}/fassungen`);
    const today = todayIso();
    const version = data.versions.at(-1)?.number;
    const values = { conference: conference.shortName, meeting: meeting.urlKey, top: resolution.agendaItem, date: asOf ?? today };
    return {
      record: {
        key: citationKey(conference.slug, meeting.urlKey, resolution.agendaItem, asOf),
        author: conference.name,
        authorShort: conference.shortName,
        title: resolution.title,
        howPublished: translate('documents.citationPublished', { meeting: meetingInCitation({ ...meeting, label }), agendaItem: resolution.agendaItem }),
        date: meeting.startDate ?? String(meeting.year),
        place: meeting.place,
        url: `${fastify.config.publicUrl}${path}${asOf ? `?stand=${asOf}` : ''}`,
        accessed: today,
        note: [asOfCitationText(asOf ?? today), wording.citation].filter(Boolean).join('. '),
        publisher: translate('site.name'),
      },
      name: version === undefined ? named('resolutionUnversioned', values) : named('resolution', { ...values, version }),
    };
  }

  for (const [extension, format, type] of [
    ['bib', bibtex, 'application/x-bibtex; charset=utf-8'],
    ['ris', ris, 'application/x-research-info-systems; charset=utf-8'],
  ] as const) {
    fastify.get(
      `/:conference/:meeting/top/:agendaItem/zitat.${extension}`,
      { schema: { params: ItemParams, querystring: AsOfQuery }, config: { publicPage: true, access: 'public' } },
      async (request, reply) => {
        const { asOf, fileError } = readAsOf(request.query.stand);
        if (fileError) return refuseDownload(reply, [fileError]);
        const { conference, meeting, agendaItem } = request.params;
        const cited = citationRecord(request, conference, meeting, agendaItem, asOf);
        if (!cited) return renderNotFound(request, reply);
        return reply.type(type).header('content-disposition', attachmentHeader(cited.name(extension))).send(format(cited.record));
      },
    );
  }

  /** The page printed by Chromium with the viewer's own view of it (same cookies). */
  async function pdfOf(request: FastifyRequest, reply: FastifyReply, pagePath: string, file: string) {
    if (!pdfAvailable(fastify.config.pdfPrinting)) return renderNotFound(request, reply);
    const page = await fastify.inject({ method: 'GET', url: pagePath, headers: { cookie: request.headers.cookie ?? '' } });
    if (page.statusCode !== 200) return reply.code(page.statusCode).type('text/html; charset=utf-8').send(page.body);
    let pdf: Buffer;
    try {
      pdf = await printPdf(page.body);
    } catch (error) {
      if (!(error instanceof PrintQueueFull)) throw error;
      request.log.warn('PDF print refused: too many waiting');
      reply.code(503).header('retry-after', String(PRINT_RETRY_AFTER_SECONDS)).header('cache-control', 'no-store');
      return reply.viewAsync('pages/error.hbs', { title: translate('documents.pdfBusyTitle'), heading: translate('documents.pdfBusyTitle'), message: translate('documents.pdfBusy') });
    }
    return send(reply, pdf, file, 'application/pdf');
  }

  fastify.get(
    '/:conference/:meeting/umsetzungsbericht.pdf',
    { schema: { params: MeetingParams, querystring: AsOfQuery }, config: { access: 'public' } },
    async (request, reply) => {
      const { asOf, fileError } = readAsOf(request.query.stand);
      if (fileError) return refuseDownload(reply, [fileError]);
      const { conference, meeting } = request.params;
      if (!pdfAvailable(fastify.config.pdfPrinting)) return renderNotFound(request, reply);
      const stateOn = asOf ?? todayIso();
      const report = implementationReport(fastify.db, request.viewer, conference, meeting, stateOn);
      if (!report) return renderNotFound(request, reply);
      // the current state as of today, as the Word file names it: the paper says which day it shows
      return pdfOf(request, reply, `/${conference}/${meeting}/umsetzungsbericht?stand=${stateOn}`, reportName(report.conference, report.meeting, stateOn)('pdf'));
    },
  );

  fastify.get(
    '/:conference/:meeting/top/:agendaItem/beschluss.pdf',
    { schema: { params: ItemParams, querystring: AsOfQuery }, config: { access: 'public' } },
    async (request, reply) => {
      const { asOf, fileError } = readAsOf(request.query.stand);
      if (fileError) return refuseDownload(reply, [fileError]);
      const { conference, meeting, agendaItem } = request.params;
      if (!pdfAvailable(fastify.config.pdfPrinting)) return renderNotFound(request, reply);
      const stateOn = asOf ?? todayIso();
      const data = resolutionPage(fastify.db, request.viewer, conference, meeting, agendaItem, stateOn);
      if (!data) return renderNotFound(request, reply);
      // the current state is printed as of today: the paper names its day and cites the address that shows it again
      return pdfOf(request, reply, `/${conference}/${meeting}/top/${agendaItem}?stand=${stateOn}`, resolutionName(data, stateOn)('pdf'));
    },
  );
};

export default documentRoutes;
