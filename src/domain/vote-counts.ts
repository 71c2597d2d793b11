/**
 * The one rule for the counts of a counted vote ("ausgezählt"): the resolution form, the import's
 * preview and the import's checks (the command line's and the interchange format's too) apply it
 * alike. The yes votes are needed; no votes and abstentions may stay empty (none given: the pages
 * read them as 0); together they are at most one vote per Land. Pure.
 */
import { LAND_CODES } from './laender.js';
import { uiText, type UiText } from './ui-text.js';

/** At most one vote per Land. */
export const MAX_VOTES = LAND_CODES.length;

export interface VoteCounts {
  readonly yes: number | null;
  readonly no: number | null;
  readonly abstain: number | null;
}

/**
 * What is wrong with the counts of a vote (form.votes.*, about the yes votes' field), or null. A
 * vote that is not counted has nothing to check: its counts are not kept.
 */
export function voteCountProblem(voting: string, counts: VoteCounts): UiText | null {
  if (voting !== 'counted') return null;
  if (counts.yes === null) return uiText('form.votes.yesMissing');
  const sum = counts.yes + (counts.no ?? 0) + (counts.abstain ?? 0);
  return sum > MAX_VOTES ? uiText('form.votes.tooMany', { sum, max: MAX_VOTES }) : null;
}
