/**
 * The shapes the OParl builders (domain/oparl.ts) read: conferences, meetings and public
 * resolutions with their demands and timelines, as services/oparl.ts loads them. Types only.
 */
import type { MeetingFacts } from './citation.js';
import type { DecisionFacts, FollowUpFacts } from './resolution-facts.js';
import type { DemandStatus, MeetingKind } from './vocabulary.js';

export interface ConferenceData {
  slug: string;
  shortName: string;
  name: string;
  description: string | null;
  createdAt: string;
  /** Latest change of the body object itself. */
  modified: string;
}

export interface MeetingData extends MeetingFacts {
  conference: { slug: string; shortName: string };
  urlKey: string;
  kind: MeetingKind;
  chairLand: string | null;
  createdAt: string;
  /** Latest change of the meeting or of one of its public TOPs (OParl: sub-objects update it). */
  modified: string;
}

export interface TimelineEntry extends FollowUpFacts {
  actorCode: string | null;
  actorName: string | null;
  actorLand: string | null;
}

export interface Reading {
  status: DemandStatus;
  since: string | null;
}

export interface DemandData {
  number: string | null;
  text: string;
  addressees: string[];
  declaratory: boolean;
  dueDate: string | null;
  status: DemandStatus;
  statusSince: string | null;
  readings: { addressee: Reading | null; laender: Reading | null; disagree: boolean };
  lastFederalReaction: string | null;
  stale: boolean;
  followUps: TimelineEntry[];
}

export interface ResolutionData extends DecisionFacts {
  /** The vote counts were withheld (marked internal): the result says "(nicht öffentlich)". */
  tallyWithheld: boolean;
  meeting: MeetingData;
  agendaItem: string;
  /** Position among the meeting's public TOPs, from 1. */
  order: number;
  title: string;
  releasedOn: string | null;
  sponsors: string[];
  demands: DemandData[];
  resolutionFollowUps: TimelineEntry[];
  protocolStatements: { laender: string[]; text: string }[];
  createdAt: string;
  /** Latest change of the resolution or of one of its public follow-ups. */
  modified: string;
}
