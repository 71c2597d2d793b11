/**
 * The import interchange format (../shared/contracts/import-format.md): what the resolution-text
 * parser produces and what the importer stores. Pure types, no I/O.
 */
import type { LandCode } from './laender.js';

export const OUTCOMES = ['adopted', 'rejected', 'noted', 'deferred', 'withdrawn'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const VOTINGS = ['unanimous', 'majority', 'counted', 'unknown'] as const;
export type Voting = (typeof VOTINGS)[number];

export const ADDRESSEES = ['bund', 'laender', 'kommunen', 'eu', 'gremium'] as const;
export type Addressee = (typeof ADDRESSEES)[number];

export interface ImportMeeting {
  number: number | null;
  year: number;
  startDate: string | null;
  endDate: string | null;
  place: string | null;
}

export interface ImportDecision {
  outcome: Outcome;
  voting: Voting;
  yes?: number;
  no?: number;
  abstain?: number;
  formula: string;
}

export interface ImportDemand {
  number: string | null;
  text: string;
  addressees?: Addressee[];
  dueDate?: string | null;
}

export interface ImportProtocolStatement {
  laender: string[];
  text: string;
}

export interface ImportResolution {
  conference: string;
  meeting: ImportMeeting;
  agendaItem: string;
  title: string;
  sponsors: LandCode[];
  decision: ImportDecision;
  demands: ImportDemand[];
  protocolStatements: ImportProtocolStatement[];
  references?: string[];
}

export interface ImportWarning {
  line: number;
  message: string;
}

export interface ImportDocument {
  resolutions: ImportResolution[];
  warnings: ImportWarning[];
}
