/**
 * The resolution page's Ziffern and follow-ups as its template shows them. Labels, dates and
 * status badges are made here, once per item, instead of by a template helper per use: a page
 * shows a few hundred of them, and each helper call costs the template a lookup, a wrapper and a
 * hash object. Each item carries only the fields the template reads, its own included: a template
 * that reads nothing from outside the item (`../`) renders without a stack of parent contexts.
 */
import { demandAnchor } from '../../domain/citation.js';
import { formatDateLong, formatDateRange, formatDateShort } from '../../domain/dates.js';
import type { DemandStatus } from '../../domain/vocabulary.js';
import { webAddressHost } from '../../domain/web-address.js';
import { landNameOf } from '../../domain/laender.js';
import { labelsOf, translate } from '../../i18n.js';
import { statusBadge } from '../../plugins/view.js';
import type { FollowUpView } from '../../services/archive.js';

/** A stored document of a follow-up as listed under it (see routes/followups/documents.ts). */
export type FileItem = { withheld: true } | { url: string; name: string; details: string; internal: boolean };

/** What the follow-up partial (views/partials/follow-up.hbs) reads. */
export interface FollowUpItem {
  date: string;
  shortDate: string;
  kind: string;
  internal: boolean;
  actorCode: string | null;
  actorName: string | null;
  /** The Land that acted (an assessment or note of a Land), by its name. */
  actorLand: string | null;
  /** The status it records, as the badge's markup; null when it records none. */
  resultingBadge: ReturnType<typeof statusBadge> | null;
  summary: string;
  link: string | null;
  /** The link's name, with the site it leads to: not to be taken for one of the stored files beside it. */
  linkLabel: string | null;
  editUrl: string | null;
  files: FileItem[] | null;
}

const followUpKindLabel = labelsOf('followUpKind');
const addresseeLabel = labelsOf('addressee');
const statusLabel = labelsOf('status');

/** "Webseite (www.bmi.bund.de)": an external link named by where it leads. */
function webLinkLabel(link: string): string {
  const host = webAddressHost(link);
  return host === null ? translate('resolution.webLinkPlain') : translate('resolution.webLink', { host });
}

export function followUpItem(followUp: FollowUpView, editUrl: string | null, files: FileItem[] | null): FollowUpItem {
  return {
    date: followUp.date,
    shortDate: formatDateShort(followUp.date),
    kind: followUpKindLabel(followUp.kind),
    internal: followUp.visibility === 'internal',
    actorCode: followUp.actorCode,
    actorName: followUp.actorName,
    // the Land by its name: the timeline has the room ("Bewertung der Länder · Bayern")
    actorLand: followUp.actorLand === null ? null : landNameOf(followUp.actorLand),
    resultingBadge: followUp.resultingStatus ? statusBadge(followUp.resultingStatus) : null,
    summary: followUp.summary,
    link: followUp.link,
    linkLabel: followUp.link === null ? null : webLinkLabel(followUp.link),
    editUrl,
    files,
  };
}

/** A Ziffer as the page lists it, with its state (services/archive.ts) and what this viewer may do. */
export interface DemandState {
  id: number;
  number: string | null;
  text: string;
  internal: boolean;
  declaratory: boolean;
  addressees: readonly string[];
  dueDate: string | null;
  dueMeetingNumber: number | null;
  status: DemandStatus;
  stale: boolean;
  readings: { addressee: { status: DemandStatus } | null; laender: { status: DemandStatus } | null; disagree: boolean };
}

export function demandItem<R>(
  demand: DemandState,
  page: { tracked: boolean; conference: string },
  extras: {
    followUps: FollowUpItem[];
    recordUrl: string | null;
    /** The watch form's fields, for a logged-in viewer (the same object for every Ziffer). */
    watch: { token: string; resolution: number; back: string } | null;
    watching: boolean | null;
    repeated: R;
    /** A follow-up of this Ziffer was just saved: the page says so here, where the redirect lands. */
    saved: boolean;
  },
) {
  const { number } = demand;
  return {
    withheld: false,
    id: demand.id,
    number,
    anchor: demandAnchor(number),
    heading: number ? translate('resolution.demand', { number }) : translate('resolution.demandUnnumbered'),
    internal: demand.internal,
    badge: page.tracked ? statusBadge(demand.status) : null,
    stale: demand.stale,
    text: demand.text,
    declaratory: demand.declaratory,
    addressees: demand.addressees.length > 0 ? demand.addressees.map(addresseeLabel).join(', ') : null,
    due: demand.dueDate
      ? translate('resolution.dueDate', { date: formatDateLong(demand.dueDate) })
      : demand.dueMeetingNumber
        ? translate('resolution.dueAtMeeting', { number: demand.dueMeetingNumber, conference: page.conference })
        : null,
    disagreement: demand.readings.disagree
      ? { addressee: statusLabel(demand.readings.addressee!.status), laender: statusLabel(demand.readings.laender!.status) }
      : null,
    // the extras by name, not spread: a spread copies them into a fresh object per Ziffer far more slowly
    followUps: extras.followUps,
    recordUrl: extras.recordUrl,
    watch: extras.watch,
    watching: extras.watching,
    repeated: extras.repeated,
    saved: extras.saved,
  };
}

/** A Ziffer withheld from the viewer: its number and nothing else. */
export function withheldDemandItem(number: string | null) {
  return {
    withheld: true,
    anchor: demandAnchor(number),
    heading: number ? translate('resolution.demandWithheld', { number }) : translate('resolution.demandUnnumberedWithheld'),
  };
}

/** A meeting as a citation names it: its label, and when and where it met. */
export interface CitedMeeting {
  label: string;
  startDate: string | null;
  endDate: string | null;
  place: string | null;
}

/** "12. IntMK 2017 (16.–17. März 2017, Friedrichshafen)"; the label alone when neither is known. */
export function meetingInCitation(meeting: CitedMeeting): string {
  const held = [formatDateRange(meeting.startDate, meeting.endDate), meeting.place].filter(Boolean).join(', ');
  return held ? `${meeting.label} (${held})` : meeting.label;
}

/**
 * How a TOP is cited, on its page and in its Word file alike: "Beschluss der 12. IntMK 2017
 * (16.–17. März 2017, Friedrichshafen), TOP 2.12: „Titel“"; a Ziffer of it the same way, with its
 * number instead of the title. `meeting` is the meeting as cited (meetingInCitation), worked out
 * once per page: a page cites each of its Ziffern, and formatting the meeting's dates per Ziffer
 * was a measurable part of building the resolution page.
 */
export function resolutionCitationText(meeting: string, agendaItem: string, title: string): string {
  return translate('resolution.resolutionCitation', { meeting, agendaItem, title });
}

export function demandCitationText(meeting: string, agendaItem: string, number: string): string {
  return translate('resolution.demandCitation', { meeting, agendaItem, number });
}

/** The state a citation refers to: "Umsetzungsstand am 1. Januar 2018". */
export function asOfCitationText(asOf: string): string {
  return translate('resolution.citationAsOf', { date: formatDateLong(asOf) });
}

/**
 * What a page tells search engines and link previews about itself (views/layouts/main.hbs): a
 * sentence, and its own address, the one to cite, however it was reached (a trailing slash, an
 * unknown parameter); as of a day, the address of that day.
 */
export function pageHead(publicUrl: string, path: string, asOf: string | null, description: string) {
  return { description, canonical: `${publicUrl}${path}${asOf ? `?stand=${asOf}` : ''}` };
}
