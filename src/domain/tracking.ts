/**
 * Which Ziffern are tracked, what counts as a reaction of the Bund, and when a demand is "stale"
 * (seit über 12 Monaten ohne Reaktion des Bundes). One definition for every surface: the public
 * resolution page, the Länder dashboard and the statistics; the services' SQL mirrors it with the
 * constants below (and the tests compare both over the demo archive).
 *
 * The rule, as the pages state it:
 * - Only an adopted resolution has tracked Ziffern. A rejected, noted, deferred or withdrawn one
 *   has no open Ziffern (`tracksDemands`).
 * - A Ziffer is stale when it is addressed to the Bund (among others or alone), is not
 *   declaratory, is not finished (open, in progress, partially implemented) and the Bund has not
 *   reacted to it for more than 12 months: the last federal reaction to the Ziffer or to its whole
 *   resolution — or, without any, the meeting — lies more than 12 calendar months back.
 * - A federal reaction is a follow-up by a federal actor (a ministry, the federal government) in
 *   which the addressee reports on itself: a response, a report, a law or a budget decision. A
 *   Land's own assessment, a note of the secretariat or a working group's report does not count.
 * - Which follow-ups count is the caller's business: the ones the viewer may see.
 */
import { addMonths } from './dates.js';
import { ADDRESSEE_KIND_LIST } from './status.js';
import { UNFINISHED_STATUSES, type Addressee, type DemandStatus, type FollowUpKind, type Outcome, type UnfinishedStatus } from './vocabulary.js';

// ---------------------------------------------------------------------------------------------
// Tracked Ziffern
// ---------------------------------------------------------------------------------------------

/** Only the Ziffern of an adopted resolution are tracked; other outcomes have no open Ziffern. */
export function tracksDemands(outcome: Outcome): boolean {
  return outcome === 'adopted';
}

/** Whether a demand with this status still waits for the addressee (UNFINISHED_STATUSES of the vocabulary). */
export function isUnfinished(status: DemandStatus): status is UnfinishedStatus {
  return (UNFINISHED_STATUSES as readonly string[]).includes(status);
}

// ---------------------------------------------------------------------------------------------
// Declaratory Ziffern
// ---------------------------------------------------------------------------------------------

/**
 * Phrases with which a conference states, welcomes or thanks — and asks nothing. Matched in the
 * lower-cased text; separable verbs ("stellt … fest") within one sentence.
 */
const DECLARATORY = [
  /\b(?:nimmt|nehmen)\b[^.;]*?\bzur kenntnis\b/u,
  /\b(?:begrüßt|begrüßen|dankt|danken|würdigt|würdigen|bedauert|bedauern|bekräftigt|bekräftigen|unterstreicht|unterstreichen|betont|betonen|erinnert|erinnern|bekennt|bekennen|anerkennt|anerkennen)\b/u,
  /\b(?:stellt|stellen|hält|halten)\b[^.;]*?\bfest\b/u,
  /\b(?:sieht|sehen)\b[^.;]*?\bmit (?:großer |erheblicher )?sorge\b/u,
  /\b(?:weist|weisen)\b[^.;]*?\bhin\b/u,
  /\b(?:ist|sind|bleibt|bleiben) der (?:auffassung|ansicht|überzeugung)\b/u,
];

/**
 * Phrases that ask, commit or decide something: a Ziffer with any of them is operative, whatever
 * else it says ("begrüßt … und bittet die Bundesregierung, …").
 */
const OPERATIVE = [
  /\b(?:bittet|bitten|gebeten|fordert|fordern|auffordern|aufzufordern|aufgefordert|appelliert|appellieren|ersucht|ersuchen|empfiehlt|empfehlen|beauftragt|beauftragen|erwartet|erwarten|beschließt|beschließen|verpflichtet|verpflichten|beabsichtigt|beabsichtigen|wirbt|werben|drängt|drängen|mahnt|mahnen)\b/u,
  /\b(?:kommt|kommen) überein\b/u,
  /\b(?:regt|regen)\b[^.;]*?\ban\b/u,
  /\b(?:schlägt|schlagen)\b[^.;]*?\bvor\b/u,
  /\b(?:spricht|sprechen) sich\b/u,
  /\b(?:setzt|setzen) sich\b[^.;]*?\bein\b/u,
  /\b(?:hält|halten)\b[^.;]*?\bfür (?:erforderlich|notwendig|geboten|dringend|unverzichtbar|unerlässlich|sinnvoll)\b/u,
  /\b(?:muss|müssen|sollte|sollten|soll|sollen)\b/u,
];

/**
 * Whether a Ziffer is declaratory: it only states, welcomes, regrets, thanks or takes note
 * ("nimmt zur Kenntnis", "begrüßt", "dankt", "stellt fest") and asks, commits or decides nothing.
 * A text without any such phrase is not declaratory (it is treated as a demand).
 */
export function isDeclaratory(text: string): boolean {
  const lower = text.toLowerCase().replace(/\s+/g, ' ');
  if (!DECLARATORY.some((pattern) => pattern.test(lower))) return false;
  return !OPERATIVE.some((pattern) => pattern.test(lower));
}

/**
 * Version of the classification above. Stored demands carry the result (`demands.declaratory`);
 * when the rule changes, bump this and every stored demand is classified again at the next start.
 */
export const DECLARATORY_RULE_VERSION = '1';

// ---------------------------------------------------------------------------------------------
// Federal reactions and stale demands
// ---------------------------------------------------------------------------------------------

/** The kinds of follow-up that are a reaction when a federal actor gives them. */
export const FEDERAL_REACTION_KINDS = ADDRESSEE_KIND_LIST;
const REACTION_KINDS: ReadonlySet<FollowUpKind> = new Set(FEDERAL_REACTION_KINDS);

/** The actor kind of the Bund (actors.kind). */
export const FEDERAL_ACTOR_KIND = 'bund';

/** Whether a follow-up is a reaction of the Bund; `actorKind` is null without a listed actor. */
export function isFederalReaction(followUp: { kind: FollowUpKind; actorKind: string | null }): boolean {
  return followUp.actorKind === FEDERAL_ACTOR_KIND && REACTION_KINDS.has(followUp.kind);
}

/** A demand is stale after more than this many calendar months without a federal reaction. */
export const STALE_AFTER_MONTHS = 12;

/**
 * The date before which the last reaction must lie for a demand to be stale on `today`: the same
 * day 12 months earlier (29 February → 28 February). A reference date earlier than this is stale;
 * exactly 12 months is not yet.
 */
export function staleBefore(today: string): string {
  // asked once per Ziffer, nearly always for the same day: the last answer is kept
  if (today !== lastStaleDay) {
    lastStaleCutoff = addMonths(today, -STALE_AFTER_MONTHS);
    lastStaleDay = today;
  }
  return lastStaleCutoff;
}
let lastStaleDay = '';
let lastStaleCutoff = '';

/** The date a meeting counts from: its start, or 1 January of its year without one. */
export function meetingReferenceDate(meeting: { startDate: string | null; year: number }): string {
  return meeting.startDate ?? `${meeting.year}-01-01`;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface StaleCandidate {
  outcome: Outcome;
  addressees: readonly string[];
  declaratory: boolean;
  /** The status the viewer sees. */
  status: DemandStatus;
  /** The meeting's reference date (meetingReferenceDate). */
  meetingDate: string | null;
  /** The date of the last federal reaction the viewer may see (on or before `today`), or null. */
  lastFederalReaction: string | null;
}

/** Whether the rule applies to a demand at all, whatever the dates say. */
export function staleApplies(demand: Omit<StaleCandidate, 'meetingDate' | 'lastFederalReaction'>): boolean {
  return (
    tracksDemands(demand.outcome) &&
    demand.addressees.includes('bund' satisfies Addressee) &&
    !demand.declaratory &&
    isUnfinished(demand.status)
  );
}

/** Whether the demand is stale on `today` (ISO date). Unknown dates are never stale. */
export function isStale(demand: StaleCandidate, today: string): boolean {
  if (!staleApplies(demand)) return false;
  const reference = demand.lastFederalReaction ?? demand.meetingDate;
  if (reference === null || !ISO_DATE.test(reference) || !ISO_DATE.test(today)) return false;
  return reference < staleBefore(today);
}
