/** One resolution as the API answers it, from the data of the resolution page (services/archive.ts). */
import type { Static } from 'typebox';
import { resolutionPath } from '../../domain/citation.js';
import type { FollowUpView, resolutionPage } from '../../services/archive.js';
import type { FollowUp, ResolutionBody } from './schemas.js';

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

export function apiResolution(data: ResolutionPage, base: string): Static<typeof ResolutionBody> {
  const { conference, meeting, resolution } = data;
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
    url: base + resolutionPath(conference.slug, meeting.urlKey, resolution.agendaItem),
  };
}
