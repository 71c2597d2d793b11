/**
 * What a resolution and its follow-ups say, as plain types shared by the forms, the archive, the
 * API and OParl (each adds its own ids, addresses and labels).
 */
import type { DemandStatus, FollowUpKind, Outcome, Voting } from './vocabulary.js';

/** The decision on a TOP: its outcome, how it was voted and the operative formula. */
export interface DecisionFacts {
  outcome: Outcome;
  voting: Voting;
  votesYes: number | null;
  votesNo: number | null;
  votesAbstain: number | null;
  formula: string;
}

/** A follow-up: for which demand (null: the whole resolution), when, of what kind, what it reports. */
export interface FollowUpFacts {
  demandId: number | null;
  date: string;
  kind: FollowUpKind;
  summary: string;
  link: string | null;
  resultingStatus: DemandStatus | null;
}
