/**
 * Repeated demands: when a Ziffer asks again what an earlier Ziffer (of another meeting, of the
 * same or another conference) already asked, often in other words. The rule that proposes a pair
 * for review; the secretariat confirms or dismisses it. Pure: no I/O.
 *
 * How a pair is found:
 * - Only demands that ask something are compared: Ziffern of adopted resolutions that are not
 *   declaratory (domain/tracking.ts: `tracksDemands`, `isDeclaratory`).
 * - A Ziffer's *terms* are the stems of its words (German stemming as in the search, function
 *   words, numbers and conference names left out) and the pairs of neighbouring stems within a
 *   sentence ("mindestrezyklatanteil kunststoffverpack").
 * - A term's weight is its rarity in the archive (inverse document frequency, scaled to 0…1).
 *   Terms that more than 1 % of all compared Ziffern contain (at least 5) weigh nothing: the
 *   formulas every conference uses ("bittet die Bundesregierung", "über den Stand der Umsetzung
 *   zu berichten", "Eine Verlagerung der Kosten auf Länder und Kommunen ist auszuschließen") say
 *   nothing about what is asked.
 * - Two Ziffern are a candidate pair when the weight of the terms they share is at least 3 (three
 *   rare words or word pairs) and at least 75 % of the weight of the shorter one: the specific
 *   wording of one recurs in the other, whatever else either adds.
 * - Ziffern of the same meeting are never a pair (a conference does not repeat itself within a
 *   meeting; the same formula in two TOPs is no repetition).
 */
import { tokenize } from './search-text.js';
import { stemKey } from './search-stem.js';
import { isDeclaratory, tracksDemands } from './tracking.js';
import type { Outcome } from './vocabulary.js';

/** Version of the rule below: stored terms and proposals are computed again when it changes. */
export const REPEAT_RULE_VERSION = '1';

/** Share of the shorter Ziffer's weight that the shared terms must reach. */
export const MIN_SIMILARITY = 0.75;
/** Weight the shared terms must reach at least (about three rare terms). */
export const MIN_SHARED_WEIGHT = 3;
/** A term in more than this share of all compared Ziffern weighs nothing … */
export const COMMON_SHARE = 0.01;
/** … and so does a term in more than this many, however small the archive. */
export const COMMON_FLOOR = 5;

/** Function words and the words of every conference's formulas (normalised: ä→ae, ß→ss). */
const STOP_WORDS: ReadonlySet<string> = new Set([
  'der', 'die', 'das', 'den', 'dem', 'des', 'ein', 'eine', 'einer', 'eines', 'einem', 'einen',
  'und', 'oder', 'sowie', 'zu', 'zur', 'zum', 'im', 'in', 'am', 'an', 'auf', 'aus', 'bei', 'mit',
  'von', 'vom', 'fuer', 'ueber', 'nach', 'als', 'auch', 'sich', 'nicht', 'ist', 'sind', 'wird',
  'werden', 'wurde', 'wurden', 'es', 'sie', 'er', 'wir', 'ihr', 'ihre', 'ihren', 'ihrer', 'ihres',
  'sein', 'seine', 'seiner', 'dass', 'diese', 'dieser', 'diesem', 'diesen', 'dieses', 'hierzu',
  'hierfuer', 'dabei', 'damit', 'dazu', 'davon', 'darauf', 'darueber', 'so', 'wie', 'noch',
  'bereits', 'weiterhin', 'um', 'durch', 'gegen', 'unter', 'vor', 'bis', 'hat', 'haben', 'kann',
  'koennen', 'soll', 'sollen', 'sollte', 'sollten', 'muss', 'muessen', 'alle', 'allen', 'aller',
  'jahr', 'jahre', 'jahren', 'insbesondere', 'dies', 'zwischen', 'sowohl', 'wenn', 'sofern', 'soweit',
]);

/** Conference names in the text ("Die UMK", "der Umweltministerkonferenz"): no content. */
const CONFERENCE_WORD = /^(?:\p{L}*ministerkonferenz\p{L}*|konferenz\p{L}*|\p{L}{1,4}mk|jumiko)$/u;
const NUMBER = /^\p{N}/u;
/** Sentence ends: a stop, colon or semicolon before a space or the end. */
const SENTENCE_END = /[.;:!?](?=\s|$)/u;

/**
 * The terms of a Ziffer, sorted and without repetition: word stems and pairs of neighbouring
 * stems within a sentence (joined by a space).
 */
export function repeatTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const sentence of text.split(SENTENCE_END)) {
    const stems = tokenize(sentence)
      .filter((token) => !STOP_WORDS.has(token.norm) && !CONFERENCE_WORD.test(token.norm) && !NUMBER.test(token.norm) && token.norm.length > 1)
      .map((token) => stemKey(token.text));
    stems.forEach((stem, index) => {
      terms.add(stem);
      if (index > 0) terms.add(`${stems[index - 1]} ${stem}`);
    });
  }
  return [...terms].sort();
}

/** Whether a Ziffer takes part in the comparison: a demand of an adopted resolution. */
export function comparesDemand(outcome: Outcome, text: string): boolean {
  return tracksDemands(outcome) && !isDeclaratory(text);
}

/** The most Ziffern a term may occur in and still weigh something, in an archive of `total`. */
export function commonLimit(total: number): number {
  return Math.max(COMMON_FLOOR, Math.floor(total * COMMON_SHARE));
}

/**
 * A term's weight: 0 for a common term, else its inverse document frequency scaled so that a
 * term found in one Ziffer only weighs 1. `documents` counts the Ziffern containing it, `total`
 * all compared Ziffern.
 */
export function termWeight(documents: number, total: number): number {
  if (documents <= 0 || documents > commonLimit(total)) return 0;
  const all = Math.max(total, documents, 2);
  return Math.log(all / documents) / Math.log(all) || 0;
}

/**
 * The similarity of two Ziffern: the weight of their shared terms over the weight of the lighter
 * one (0 when either has no weight).
 */
export function repeatSimilarity(shared: number, weightA: number, weightB: number): number {
  const lighter = Math.min(weightA, weightB);
  return lighter > 0 ? Math.min(1, shared / lighter) : 0;
}

/** Whether a pair is proposed for review. */
export function isRepeatCandidate(shared: number, weightA: number, weightB: number): boolean {
  return shared >= MIN_SHARED_WEIGHT && repeatSimilarity(shared, weightA, weightB) >= MIN_SIMILARITY;
}

/** One Ziffer of a chain of confirmed repeats, with the date of its meeting. */
export interface RepeatOccurrence {
  demandId: number;
  /** The meeting's start date, or its year's first day where the date is unknown. */
  date: string;
}

/**
 * The line "wiederholt gefordert seit 2015, 3 Mal": the year of the earliest occurrence and how
 * many times the demand was raised (the Ziffer itself counts). Null when it stands alone.
 */
export function repeatSummary(occurrences: readonly RepeatOccurrence[]): { since: number; times: number } | null {
  const distinct = new Map(occurrences.map((o) => [o.demandId, o.date]));
  if (distinct.size < 2) return null;
  const first = [...distinct.values()].sort()[0]!;
  return { since: Number(first.slice(0, 4)), times: distinct.size };
}

/**
 * The connected groups of Ziffern linked by confirmed pairs (a repeated a repeat: all three are one
 * demand raised three times). Returns, per Ziffer, the ids of its group (itself included).
 */
export function repeatGroups(pairs: readonly (readonly [number, number])[]): Map<number, number[]> {
  const parent = new Map<number, number>();
  const find = (id: number): number => {
    let root = id;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root)!;
    let node = id;
    while (node !== root) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  for (const [a, b] of pairs) {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  }
  const members = new Map<number, number[]>();
  for (const id of parent.keys()) {
    const root = find(id);
    const list = members.get(root) ?? [];
    list.push(id);
    members.set(root, list);
  }
  const groups = new Map<number, number[]>();
  for (const list of members.values()) {
    list.sort((x, y) => x - y);
    for (const id of list) groups.set(id, list);
  }
  return groups;
}
