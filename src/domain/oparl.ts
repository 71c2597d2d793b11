/**
 * OParl 1.1 objects (https://schema.oparl.org/1.1/) built from the archive's public data: System,
 * Body (one per conference), Organization (the conference as a body of the Länder), Meeting,
 * AgendaItem, Paper (the resolution), Consultation and File (the resolution's text). Pure: the
 * service loads the data, the route passes the addresses and the German labels.
 *
 * Ids are stable URLs derived from the citation keys (conference slug, meeting key, TOP), never
 * from database ids. Each Paper and AgendaItem carries the implementation state of its demands in
 * the vendor-prefixed extension property `beschlussmonitor:implementation` (docs/oparl.md).
 */
import { createHash } from 'node:crypto';
import { berlinDayStartUtc } from './berlin-time.js';
import { addDays } from './dates.js';
import { meetingLabel, resolutionPath, meetingPath, conferencePath, demandAnchor } from './citation.js';
import type { ConferenceData, MeetingData, ResolutionData, TimelineEntry } from './oparl-data.js';
import { votingText, type TextOf } from './resolution-facts.js';

export const OPARL_VERSION = 'https://schema.oparl.org/1.1/';
/** The prefix of the properties this system adds to OParl objects. */
export const VENDOR_PREFIX = 'beschlussmonitor';
export const IMPLEMENTATION_PROPERTY = `${VENDOR_PREFIX}:implementation`;

export type OparlType = 'System' | 'Body' | 'Organization' | 'Meeting' | 'AgendaItem' | 'Paper' | 'Consultation' | 'File';

export function oparlType(type: OparlType): string {
  return `${OPARL_VERSION}${type}`;
}

/** German labels the objects need (outcome, voting, status, follow-up kind …), from the catalogue. */
export type Label = TextOf;

/** The external lists of a body, by their path segment. */
export const BODY_LISTS = ['meetings', 'papers', 'agendaitems', 'files', 'organizations', 'people'] as const;
export type BodyList = (typeof BODY_LISTS)[number];

const enc = encodeURIComponent;

/** The addresses of the interface and of the web pages, from the public base URL. */
export function oparlUrls(publicUrl: string) {
  const api = `${publicUrl}/oparl/v1`;
  const item = (kind: string, slug: string, key: string, top: string) => `${api}/${kind}/${enc(slug)}/${enc(key)}/${enc(top)}`;
  return {
    site: publicUrl,
    system: api,
    bodies: `${api}/bodies`,
    body: (slug: string) => `${api}/body/${enc(slug)}`,
    bodyList: (slug: string, list: BodyList) => `${api}/body/${enc(slug)}/${list}`,
    organization: (slug: string) => `${api}/organization/${enc(slug)}`,
    meeting: (slug: string, key: string) => `${api}/meeting/${enc(slug)}/${enc(key)}`,
    agendaItem: (slug: string, key: string, top: string) => item('agendaitem', slug, key, top),
    paper: (slug: string, key: string, top: string) => item('paper', slug, key, top),
    consultation: (slug: string, key: string, top: string) => item('consultation', slug, key, top),
    file: (slug: string, key: string, top: string) => item('file', slug, key, top),
    webConference: (slug: string) => publicUrl + conferencePath(slug),
    webMeeting: (slug: string, key: string) => publicUrl + meetingPath(slug, key),
    webResolution: (slug: string, key: string, top: string) => publicUrl + resolutionPath(slug, key, top),
    /** The resolution in the read API, which answers as of a day (`?stand=`), as OParl does not. */
    apiResolution: (slug: string, key: string, top: string) => `${publicUrl}/api/v1/resolutions/${enc(slug)}/${enc(key)}/${enc(top)}`,
  };
}
export type OparlUrls = ReturnType<typeof oparlUrls>;

// ---------------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------------

export function systemObject(urls: OparlUrls, info: { name: string; contactEmail: string | null; created: string | null; modified: string | null }) {
  return {
    id: urls.system,
    type: oparlType('System'),
    oparlVersion: OPARL_VERSION,
    body: urls.bodies,
    name: info.name,
    ...(info.contactEmail ? { contactEmail: info.contactEmail } : {}),
    website: `${urls.site}/`,
    product: `${urls.site}/api/docs`,
    ...(info.created ? { created: info.created } : {}),
    ...(info.modified ? { modified: info.modified } : {}),
    web: `${urls.site}/`,
  };
}

export function bodyObject(urls: OparlUrls, c: ConferenceData) {
  return {
    id: urls.body(c.slug),
    type: oparlType('Body'),
    system: urls.system,
    shortName: c.shortName,
    name: c.name,
    website: urls.webConference(c.slug),
    organization: urls.bodyList(c.slug, 'organizations'),
    person: urls.bodyList(c.slug, 'people'),
    meeting: urls.bodyList(c.slug, 'meetings'),
    paper: urls.bodyList(c.slug, 'papers'),
    agendaItem: urls.bodyList(c.slug, 'agendaitems'),
    file: urls.bodyList(c.slug, 'files'),
    legislativeTerm: [],
    classification: 'Fachministerkonferenz der Länder',
    created: c.createdAt,
    modified: c.modified,
    web: urls.webConference(c.slug),
  };
}

export function organizationObject(urls: OparlUrls, c: ConferenceData) {
  return {
    id: urls.organization(c.slug),
    type: oparlType('Organization'),
    body: urls.body(c.slug),
    name: c.name,
    shortName: c.shortName,
    meeting: urls.bodyList(c.slug, 'meetings'),
    organizationType: 'Gremium',
    classification: 'Fachministerkonferenz',
    website: urls.webConference(c.slug),
    created: c.createdAt,
    modified: c.modified,
    web: urls.webConference(c.slug),
  };
}

/** Meetings have dates only: start is 0:00 of the first day, end 24:00 of the last (Berlin time). */
function meetingTimes(m: MeetingData): { start?: string; end?: string } {
  if (!m.startDate) return {};
  return { start: berlinDayStartUtc(m.startDate), end: berlinDayStartUtc(addDays(m.endDate ?? m.startDate, 1)) };
}

export function meetingObject(urls: OparlUrls, m: MeetingData, agendaItems: ReturnType<typeof agendaItemObject>[], label: Label) {
  const slug = m.conference.slug;
  const { number, year, startDate, endDate, place, kind, chairLand } = m;
  return {
    id: urls.meeting(slug, m.urlKey),
    type: oparlType('Meeting'),
    name: meetingLabel(m.conference.shortName, m),
    meetingState: label('oparl.meetingHeld'),
    cancelled: false,
    ...meetingTimes(m),
    organization: [urls.organization(slug)],
    agendaItem: agendaItems,
    created: m.createdAt,
    modified: m.modified,
    web: urls.webMeeting(slug, m.urlKey),
    [`${VENDOR_PREFIX}:meeting`]: { number, year, startDate, endDate, place, kind, chairLand },
  };
}

function resultText(r: ResolutionData, label: Label): string {
  const outcome = label(`outcome.${r.outcome}`);
  if (r.voting === 'unknown') return outcome;
  const voting = votingText(r, label);
  return `${outcome} (${voting})`;
}

/** The resolution's operative text: formula and numbered demands. */
export function resolutionText(r: ResolutionData): string {
  const demands = r.demands.map((d) => (d.number === null ? d.text : `${d.number}. ${d.text}`));
  return [r.formula, ...demands].filter((part) => part !== '').join('\n\n');
}

/** The plain-text document of a resolution (the File's content). */
export function resolutionDocument(r: ResolutionData, label: Label): string {
  const m = r.meeting;
  const lines = [
    `${meetingLabel(m.conference.shortName, m)}, TOP ${r.agendaItem}`,
    r.title,
    '',
    `${label('oparl.file.sponsors')}: ${r.sponsors.length > 0 ? r.sponsors.join(', ') : '–'}`,
    `${label('oparl.file.result')}: ${resultText(r, label)}`,
    '',
    resolutionText(r),
  ];
  for (const statement of r.protocolStatements) {
    lines.push('', `${label('oparl.file.protocolStatement', { laender: statement.laender.join(', ') })}: ${statement.text}`);
  }
  return `${lines.join('\n')}\n`;
}

function fileName(r: ResolutionData): string {
  const safe = (value: string) => value.replace(/[^A-Za-z0-9.-]+/g, '-');
  return `${safe(r.meeting.conference.slug)}-${safe(r.meeting.urlKey)}-top-${safe(r.agendaItem)}.txt`;
}

/**
 * The date of a Paper and of its File: OParl's `date` is the paper's own date, from which
 * deadlines run — for a resolution the day it was adopted, the first day of its meeting (as its
 * citation dates it), not the day the archive published it (`beschlussmonitor:releasedOn`). A
 * meeting known only by its year has no such day: no date rather than a made-up one.
 */
function resolutionDate(r: ResolutionData): { date?: string } {
  return r.meeting.startDate === null ? {} : { date: r.meeting.startDate };
}

export function fileObject(urls: OparlUrls, r: ResolutionData, label: Label) {
  const { slug } = r.meeting.conference;
  const key = r.meeting.urlKey;
  const text = resolutionDocument(r, label);
  const id = urls.file(slug, key, r.agendaItem);
  return {
    id,
    type: oparlType('File'),
    name: label('oparl.file.name', { top: r.agendaItem, meeting: meetingLabel(r.meeting.conference.shortName, r.meeting) }),
    fileName: fileName(r),
    mimeType: 'text/plain',
    ...resolutionDate(r),
    size: Buffer.byteLength(text, 'utf8'),
    sha1Checksum: createHash('sha1').update(text).digest('hex'),
    sha512Checksum: createHash('sha512').update(text).digest('hex'),
    text,
    accessUrl: `${id}/text`,
    downloadUrl: `${id}/download`,
    meeting: [urls.meeting(slug, key)],
    agendaItem: [urls.agendaItem(slug, key, r.agendaItem)],
    paper: [urls.paper(slug, key, r.agendaItem)],
    created: r.createdAt,
    modified: r.modified,
    web: urls.webResolution(slug, key, r.agendaItem),
  };
}

function timelineEntry(e: TimelineEntry, scope: 'demand' | 'resolution') {
  return {
    date: e.date,
    kind: e.kind,
    scope,
    actor: e.actorCode ? { code: e.actorCode, name: e.actorName } : e.actorLand ? { land: e.actorLand } : null,
    summary: e.summary,
    link: e.link,
    resultingStatus: e.resultingStatus,
  };
}

/** The extension property: the implementation state of every demand, with its dated timeline. */
export function implementationExtension(urls: OparlUrls, r: ResolutionData) {
  const { slug } = r.meeting.conference;
  const web = urls.webResolution(slug, r.meeting.urlKey, r.agendaItem);
  const wide = r.resolutionFollowUps.map((e) => timelineEntry(e, 'resolution'));
  return {
    demands: r.demands.map((d) => ({
      number: d.number,
      web: `${web}#${demandAnchor(d.number)}`,
      addressees: d.addressees,
      declaratory: d.declaratory,
      dueDate: d.dueDate,
      status: d.status,
      statusSince: d.statusSince,
      federalReading: d.readings.addressee,
      laenderAssessment: d.readings.laender,
      readingsDisagree: d.readings.disagree,
      lastFederalReaction: d.lastFederalReaction,
      stale: d.stale,
      timeline: [...d.followUps.map((e) => timelineEntry(e, 'demand')), ...wide].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
    })),
  };
}

export function consultationObject(urls: OparlUrls, r: ResolutionData) {
  const { slug } = r.meeting.conference;
  const key = r.meeting.urlKey;
  return {
    id: urls.consultation(slug, key, r.agendaItem),
    type: oparlType('Consultation'),
    paper: urls.paper(slug, key, r.agendaItem),
    agendaItem: urls.agendaItem(slug, key, r.agendaItem),
    meeting: urls.meeting(slug, key),
    organization: [urls.organization(slug)],
    authoritative: true,
    role: 'Beschlussfassung',
  };
}

export function agendaItemObject(urls: OparlUrls, r: ResolutionData, label: Label) {
  const { slug } = r.meeting.conference;
  const key = r.meeting.urlKey;
  return {
    id: urls.agendaItem(slug, key, r.agendaItem),
    type: oparlType('AgendaItem'),
    meeting: urls.meeting(slug, key),
    number: r.agendaItem,
    order: r.order,
    name: r.title,
    public: true,
    consultation: urls.consultation(slug, key, r.agendaItem),
    result: resultText(r, label),
    resolutionText: resolutionText(r),
    resolutionFile: fileObject(urls, r, label),
    created: r.createdAt,
    modified: r.modified,
    web: urls.webResolution(slug, key, r.agendaItem),
    [IMPLEMENTATION_PROPERTY]: implementationExtension(urls, r),
  };
}

export function paperObject(urls: OparlUrls, r: ResolutionData, label: Label) {
  const { slug, shortName } = r.meeting.conference;
  const key = r.meeting.urlKey;
  return {
    id: urls.paper(slug, key, r.agendaItem),
    type: oparlType('Paper'),
    body: urls.body(slug),
    name: r.title,
    reference: `${meetingLabel(shortName, r.meeting)}, TOP ${r.agendaItem}`,
    ...resolutionDate(r),
    paperType: label('oparl.paperType'),
    mainFile: fileObject(urls, r, label),
    consultation: [consultationObject(urls, r)],
    underDirectionOf: [urls.organization(slug)],
    created: r.createdAt,
    modified: r.modified,
    web: urls.webResolution(slug, key, r.agendaItem),
    [`${VENDOR_PREFIX}:sponsors`]: r.sponsors,
    // the day the archive published it: not the paper's date (that is the day it was adopted)
    [`${VENDOR_PREFIX}:releasedOn`]: r.releasedOn,
    [`${VENDOR_PREFIX}:api`]: urls.apiResolution(slug, key, r.agendaItem),
    [IMPLEMENTATION_PROPERTY]: implementationExtension(urls, r),
  };
}

// ---------------------------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------------------------

export interface ListPage<T> {
  data: T[];
  pagination: { totalElements: number; elementsPerPage: number; currentPage: number; totalPages: number };
  links: { first: string; prev?: string; self: string; next?: string; last: string };
}

/** A page of an external object list; `link(page)` builds the page's URL (filters kept). */
export function listPage<T>(data: T[], total: number, page: number, perPage: number, link: (page: number) => string): ListPage<T> {
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  return {
    data,
    pagination: { totalElements: total, elementsPerPage: perPage, currentPage: page, totalPages },
    links: {
      first: link(1),
      ...(page > 1 ? { prev: link(Math.min(page - 1, totalPages)) } : {}),
      self: link(page),
      ...(page < totalPages ? { next: link(page + 1) } : {}),
      last: link(totalPages),
    },
  };
}
