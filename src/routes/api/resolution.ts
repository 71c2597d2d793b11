/** One resolution as the API answers it, from the data of the resolution page (services/archive.ts). */
import type { Static } from 'typebox';
import { resolutionPath } from '../../domain/citation.js';
import type { FollowUpView, resolutionPage } from '../../services/archive.js';
import { correctedOn, resolutionApiUrl, type FollowUp, type ResolutionBody } from './schemas.js';
import type { WordingVersion } from '../../services/versions.js';

type ResolutionPage = NonNullable<ReturnType<typeof resolutionPage>>;

function apiFollowUp(followUp: FollowUpView): Static<typeof FollowUp> {
  return {
    date: followUp.date,
    kind: followUp.kind,
    actor: followUp.actorCode ?? followUp.actorLand,
    summary: followUp.summary,
    link: followUp.link,
    resultingStatus: followUp.resultingStatus,
  };
}

/** The wording of the answer (services/versions.ts wordingAsOf): the version it holds and, as of a day, the one shown then. */
export interface ApiWording {
  shown: WordingVersion | null;
  then: WordingVersion | null;
}

export function apiResolution(data: ResolutionPage, base: string, asOf: string | null, wording: ApiWording): Static<typeof ResolutionBody> {
  const { conference, meeting, resolution } = data;
  const path = resolutionPath(conference.slug, meeting.urlKey, resolution.agendaItem);
  const versions = `${base}${path}/fassungen`;
  const versionsApi = `${resolutionApiUrl(base, conference.slug, meeting.urlKey, resolution.agendaItem)}/versions`;
  return {
    conference: { slug: conference.slug, shortName: conference.shortName, name: conference.name },
    meeting: {
      key: meeting.urlKey,
      number: meeting.number,
      year: meeting.year,
      startDate: meeting.startDate,
      endDate: meeting.endDate,
      place: meeting.place,
    },
    agendaItem: resolution.agendaItem,
    title: resolution.title,
    sponsors: data.sponsors.map((sponsor) => sponsor.code),
    decision: {
      outcome: resolution.outcome,
      voting: resolution.voting,
      yes: resolution.votesYes,
      no: resolution.votesNo,
      abstain: resolution.votesAbstain,
      tallyWithheld: resolution.tallyWithheld,
      formula: resolution.formula,
    },
    demands: data.demands.map((demand) => ({
      number: demand.number,
      text: demand.text,
      addressees: demand.addressees,
      dueDate: demand.recordedDueDate,
      status: demand.status,
      followUps: demand.followUps.map(apiFollowUp),
    })),
    followUps: data.resolutionFollowUps.map(apiFollowUp),
    protocolStatements: data.protocolStatements.filter((statement) => !statement.withheld).map((statement) => ({ laender: statement.laenderCodes, text: statement.text })),
    releasedOn: resolution.releasedOn,
    asOf,
    wording: wording.shown
      ? {
          version: wording.shown.number,
          madeAt: wording.shown.at,
          validFrom: wording.shown.validFrom.day,
          validFromYearOnly: wording.shown.validFrom.yearOnly,
          correctedOn: correctedOn(wording.shown),
          url: `${versions}/${wording.shown.number}`,
          api: `${versionsApi}/${wording.shown.number}`,
          asOfVersion: wording.then
            ? { version: wording.then.number, madeAt: wording.then.at, validFrom: wording.then.validFrom.day, validFromYearOnly: wording.then.validFrom.yearOnly, correctedOn: correctedOn(wording.then), url: `${versions}/${wording.then.number}`, api: `${versionsApi}/${wording.then.number}` }
            : null,
          compare: wording.then ? `${versions}?von=${wording.then.number}&bis=${wording.shown.number}` : null,
          versions,
          versionsApi,
        }
      : null,
    url: `${base}${path}${asOf ? `?stand=${asOf}` : ''}`,
  };
}
