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

/** Builds a UI text from its key and values (the i18n module's translate, passed in). */
export type TextOf = (key: string, values?: Record<string, string | number>) => string;

/**
 * How it was voted, as every surface writes it: "einstimmig", "12 Ja, 3 Nein, 2 Enthaltungen" ("1 Enthaltung");
 * counts withheld from the viewer (visibleTally) read "ausgezählt, Stimmenzahlen (nicht öffentlich)".
 */
export function votingText(decision: Pick<DecisionFacts, 'votesYes' | 'votesNo' | 'votesAbstain'> & { voting: string; tallyWithheld?: boolean }, text: TextOf): string {
  if (decision.tallyWithheld && decision.voting === 'counted') return text('voting.countedWithheld');
  const key = decision.voting === 'counted' && decision.votesAbstain === 1 ? 'voting.countedOneAbstention' : `voting.${decision.voting}`;
  return text(key, { yes: decision.votesYes ?? 0, no: decision.votesNo ?? 0, abstain: decision.votesAbstain ?? 0 });
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
