/**
 * Versions (Fassungen) of a resolution: the list for the resolution page and the comparison of
 * any two versions with a word-level diff (/{conf}/{meeting}/top/{item}/fassungen?von=&bis=).
 * What a viewer sees follows the release rule (services/versions.ts).
 */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { conferencePath, meetingLabel, meetingPath, resolutionPath } from '../../domain/citation.js';
import { formatBerlinDateTime } from '../../domain/berlin-time.js';
import { versionDay, versionOnDay, type Validity } from '../../domain/version-diff.js';
import { formatDateLong } from '../../domain/dates.js';
import type { FastifyInstance } from 'fastify';
import type { Viewer } from '../../services/visibility.js';
import { changeCounts } from '../../domain/word-diff.js';
import { compareVersions, listVersions, versionFields, visibleResolution, wordingAsOf, type VersionView, type WordingVersion } from '../../services/versions.js';
import { translate } from '../../i18n.js';
import { renderNotFound } from '../../plugins/errors.js';
import { publicHead } from '../page-head.js';
import { meetingInCitation, resolutionCitationText } from './resolution-view.js';
import { AgendaItemParam, ConferenceParam, MeetingParam, shown } from '../params.js';

const Params = Type.Object({ conference: ConferenceParam, meeting: MeetingParam, agendaItem: AgendaItemParam });
const Query = Type.Object(
  { von: Type.Optional(Type.String({ maxLength: 20 })), bis: Type.Optional(Type.String({ maxLength: 20 })) },
  { additionalProperties: false },
);

/**
 * The list of versions as the resolution page and the comparison page show it: each number links
 * to the page of its version (`{versionsUrl}/{number}`), each but the first to its comparison with
 * the one before. As of a day (a TOP page with ?stand=), the version valid on that day
 * is marked (`onDay`, with a text saying so), and so is the one whose wording the page shows (the
 * latest) — in words, not by colour alone.
 */
export function versionsList(versions: readonly Pick<VersionView, 'number' | 'at' | 'validFrom' | 'correction' | 'action' | 'release' | 'who'>[], versionsUrl: string, asOf: string | null = null) {
  const onDay = asOf === null ? null : versionOnDay(versions, asOf);
  const shown = versions.at(-1);
  const markOf = (v: (typeof versions)[number]): string | null => {
    if (asOf === null) return null;
    const marks = [
      ...(v === onDay ? [translate('versions.onDay', { date: formatDateLong(asOf) })] : []),
      ...(v === shown ? [translate('versions.shownHere')] : []),
    ];
    return marks.length > 0 ? marks.join(', ') : null;
  };
  return versions.map((v, index) => ({
    onDay: v === onDay,
    mark: markOf(v),
    number: v.number,
    url: `${versionsUrl}/${v.number}`,
    validFrom: v.validFrom.yearOnly ? v.validFrom.day.slice(0, 4) : v.validFrom.day,
    validFromText: validityText(v.validFrom),
    at: v.at,
    atLocal: formatBerlinDateTime(v.at),
    action: actionText(v),
    release: translate(`release.${v.release}`),
    who: v.who,
    compareUrl: index === 0 ? null : `${versionsUrl}?von=${versions[index - 1]!.number}&bis=${v.number}`,
  }));
}

/**
 * Why a version was made ("bearbeitet", "freigegeben" …); a correction says so, with the day it was
 * made ("berichtigt am 7. Dezember 2026"): its wording counts from the day of the one it corrects.
 */
function actionText(version: Pick<VersionView, 'action' | 'at' | 'correction'>): string {
  return version.correction ? translate('versions.correctedOn', { date: formatDateLong(versionDay(version.at)) }) : translate(`versions.actions.${version.action}`);
}

/** "16. März 2017", or "2017" where only the meeting's year is known. */
function validityText(validity: Validity): string {
  return validity.yearOnly ? validity.day.slice(0, 4) : formatDateLong(validity.day);
}

/**
 * "Fassung 1, gültig ab 16. März 2017 (im Archiv seit 7. Dezember 2026)": a version as a citation
 * and the notices name it — from when its wording was valid, and, where that is another day, since
 * when the archive holds it (a resolution of 2017 imported today). A version made on the day it
 * became valid (a later change) is named by that day alone; a correction (Berichtigung) by the day
 * of the wording it corrects and the day it was corrected: "gültig ab 16. März 2017 (berichtigt am
 * 7. Dezember 2026)".
 */
function versionName(version: { number: number; at: string; validFrom: Validity; correction: boolean }): string {
  const recorded = versionDay(version.at);
  const valid = validityText(version.validFrom);
  if (version.correction) return translate('versions.namedCorrected', { number: version.number, valid, corrected: formatDateLong(recorded) });
  return recorded === version.validFrom.day
    ? translate('versions.named', { number: version.number, valid })
    : translate('versions.namedRecorded', { number: version.number, valid, recorded: formatDateLong(recorded) });
}

/**
 * The wording as a TOP page and its Word file say it (views/pages/resolution.hbs): the citation
 * names the version shown ("Wortlaut: Fassung 3, gültig ab …"); as of a day on which another
 * wording was valid (the text was corrected since), a notice names both and links to their comparison.
 */
export function wordingOf(
  db: FastifyInstance['db'],
  viewer: Viewer,
  resolutionId: number,
  versions: readonly WordingVersion[],
  asOf: string | null,
  compareUrl: string,
): {
  citation: string | null;
  notice: { text: string; compareUrl: string; compareLabel: string; readUrl: string; readLabel: string; citeThen: string } | null;
} {
  const { shown: shownVersion, then, beforeArchive } = wordingAsOf(db, viewer, resolutionId, versions, asOf);
  if (shownVersion === null) return { citation: null, notice: null };
  const citation = translate('versions.citation', { version: versionName(shownVersion) });
  if (then === null || asOf === null) return { citation, notice: null };
  const values = { date: formatDateLong(asOf), shown: versionName(shownVersion), then: versionName(then) };
  return {
    citation,
    notice: {
      text: translate(beforeArchive ? 'versions.asOfLater' : 'versions.asOfChanged', values),
      compareUrl: `${compareUrl}?von=${then.number}&bis=${shownVersion.number}`,
      compareLabel: translate('versions.asOfCompare', { from: then.number, to: shownVersion.number }),
      readUrl: `${compareUrl}/${then.number}`,
      readLabel: translate('versions.asOfRead', { number: then.number }),
      citeThen: translate('versions.citeThen', { date: formatDateLong(asOf), version: versionName(then) }),
    },
  };
}

/**
 * How one version is cited, on its page and in the API: "Beschluss der 12. IntMK 2017 (…), TOP 2.12:
 * „Titel“. Wortlaut: Fassung 3, gültig ab 7. Dezember 2026" — the TOP and title as that version had them.
 */
export function versionCitationText(
  conference: { shortName: string },
  meeting: { number: number | null; year: number; startDate: string | null; endDate: string | null; place: string | null },
  version: { number: number; at: string; validFrom: Validity; correction: boolean; content: { agendaItem: string; title: string } },
): string {
  const label = meetingLabel(conference.shortName, meeting);
  return `${resolutionCitationText(meetingInCitation({ ...meeting, label }), version.content.agendaItem, version.content.title)}. ${translate('versions.citation', { version: versionName(version) })}`;
}

function readNumber(value: string | undefined): number | null {
  return value !== undefined && /^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : null;
}

const versionRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/:conference/:meeting/top/:agendaItem/fassungen',
    { schema: { params: Params, querystring: Query }, config: { publicPage: true, access: 'public' } },
    async (request, reply) => {
      const { conference: slug, meeting: urlKey, agendaItem } = request.params;
      const resolution = visibleResolution(fastify.db, request.viewer, slug, urlKey, agendaItem);
      if (!resolution) return renderNotFound(request, reply);
      const versions = listVersions(fastify.db, request.viewer, resolution.id);
      const { conference, meeting } = resolution;
      const label = meetingLabel(conference.shortName, meeting);
      const path = resolutionPath(conference.slug, meeting.urlKey, resolution.agendaItem);
      const selfUrl = `${path}/fassungen`;
      const notices: string[] = [];
      let from = readNumber(request.query.von);
      let to = readNumber(request.query.bis);
      const known = new Set(versions.map((v) => v.number));
      for (const [name, value, parsed] of [['von', request.query.von, from], ['bis', request.query.bis, to]] as const) {
        if (value !== undefined && value.trim() !== '' && (parsed === null || !known.has(parsed))) {
          notices.push(translate('versions.unknown', { name, value: shown(value.trim()) }));
          if (name === 'von') from = null;
          else to = null;
        }
      }
      // default: the latest version against the one before it
      to ??= versions.at(-1)?.number ?? null;
      from ??= versions.filter((v) => to !== null && v.number < to).at(-1)?.number ?? versions[0]?.number ?? null;
      const a = versions.find((v) => v.number === from);
      const b = versions.find((v) => v.number === to);
      // the Ziffern withheld from the viewer in either version: named, not compared (services/versions.ts)
      const { changes, withheld, statementsWithheld } = a && b && a !== b ? compareVersions(a, b) : { changes: [], withheld: [], statementsWithheld: null };
      const counts = changes.reduce(
        (sum, change) => {
          const c = changeCounts(change.segments);
          return { added: sum.added + c.added, removed: sum.removed + c.removed };
        },
        { added: 0, removed: 0 },
      );
      return reply.viewAsync('pages/versions.hbs', {
        head: publicHead(fastify.config.publicUrl, selfUrl, translate('meta.versions', { top: resolution.agendaItem, meeting: label })),
        title: translate('versions.title', { top: resolution.agendaItem, meeting: label }),
        breadcrumbs: [
          { label: conference.shortName, url: conferencePath(conference.slug) },
          { label, url: meetingPath(conference.slug, meeting.urlKey) },
          { label: `TOP ${resolution.agendaItem}`, url: path },
          { label: translate('versions.nav') },
        ],
        resolution,
        resolutionUrl: path,
        selfUrl,
        notices,
        showWho: request.viewer.role !== null,
        versions: versionsList(versions, selfUrl),
        options: versions.map((v) => ({ number: v.number, label: translate('versions.option', { number: v.number, date: validityText(v.validFrom) }), from: v.number === from, to: v.number === to })),
        // one version has nothing to be compared with: the page says so instead of "version 1 and version 1"
        onlyOne: versions.length === 1,
        compared: a && b && versions.length > 1 ? { from: a.number, to: b.number, same: a === b } : null,
        changes: changes.map((change) => ({ ...change, kindLabel: translate(`versions.kinds.${change.kind}`) })),
        withheld: withheld.length > 0
          ? translate('versions.withheldCompared', {
            list: withheld
              .map((w) => translate(w.where === 'both' ? 'versions.withheldInBoth' : 'versions.withheldIn', { label: w.label, number: w.where === 'from' ? a!.number : b!.number }))
              .join(', '),
          })
          : null,
        // nothing that differs: said once, and "as far as public" where Ziffern were left out
        summary: changes.length > 0
          ? translate('versions.summary', { fields: changes.length, added: counts.added, removed: counts.removed })
          : translate(withheld.length > 0 || statementsWithheld !== null ? 'versions.noPublicChanges' : 'versions.noChanges'),
        statementsWithheld: statementsWithheld === null
          ? null
          : statementsWithheld === 'both'
            ? translate('versions.statementsWithheldBoth')
            : translate('versions.statementsWithheld', { number: statementsWithheld === 'from' ? a!.number : b!.number }),
      });
    },
  );

  // One version to read and cite: its wording as it was (what the viewer may see of it). Versions
  // are never changed, so the address shows the same text for good.
  fastify.get(
    '/:conference/:meeting/top/:agendaItem/fassungen/:version',
    {
      schema: { params: Type.Object({ ...Params.properties, version: Type.String({ pattern: '^[1-9][0-9]{0,5}$' }) }), querystring: Type.Object({}, { additionalProperties: false }) },
      config: { publicPage: true, access: 'public' },
    },
    async (request, reply) => {
      const { conference: slug, meeting: urlKey, agendaItem } = request.params;
      const resolution = visibleResolution(fastify.db, request.viewer, slug, urlKey, agendaItem);
      if (!resolution) return renderNotFound(request, reply);
      const versions = listVersions(fastify.db, request.viewer, resolution.id);
      const version = versions.find((v) => v.number === Number(request.params.version));
      if (!version) return renderNotFound(request, reply);
      const latest = versions.at(-1)!;
      const { conference, meeting } = resolution;
      const label = meetingLabel(conference.shortName, meeting);
      const path = resolutionPath(conference.slug, meeting.urlKey, resolution.agendaItem);
      const selfUrl = `${path}/fassungen/${version.number}`;
      const named = versionName(version);
      const citationText = versionCitationText(conference, meeting, version);
      return reply.viewAsync('pages/version.hbs', {
        title: translate('versions.versionTitle', { number: version.number, top: resolution.agendaItem, meeting: label }),
        head: publicHead(fastify.config.publicUrl, selfUrl, `${citationText}.`),
        breadcrumbs: [
          { label: conference.shortName, url: conferencePath(conference.slug) },
          { label, url: meetingPath(conference.slug, meeting.urlKey) },
          { label: `TOP ${resolution.agendaItem}`, url: path },
          { label: translate('versions.nav'), url: `${path}/fassungen` },
          { label: translate('versions.number') + ` ${version.number}` },
        ],
        eyebrow: `${label} · TOP ${version.content.agendaItem}`,
        heading: translate('versions.versionHeading', { version: named }),
        versionTitle: version.content.title,
        action: actionText(version),
        current: version === latest,
        currentNotice: version === latest
          ? translate('versions.isCurrent')
          : translate('versions.notCurrent', { version: versionName(latest) }),
        resolutionUrl: path,
        compareUrl: version === latest ? null : `${path}/fassungen?von=${version.number}&bis=${latest.number}`,
        compareLabel: translate('versions.asOfCompare', { from: version.number, to: latest.number }),
        // the Ziffern and statements withheld from the viewer marked where they stood, not left out without a word
        fields: versionFields(version, version).map(({ label: fieldLabel, text, withheld }) => ({ label: fieldLabel, text, withheld: withheld === true })),
        // nothing left out without a word: the Ziffern of this version the viewer may not see, by number
        citation: { text: citationText, path: selfUrl, url: `${fastify.config.publicUrl}${selfUrl}` },
      });
    },
  );
};

export default versionRoutes;
