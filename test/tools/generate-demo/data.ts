/**
 * The demo generator's bank of words, as data (./data/*.json): topics per conference (invented
 * wording on real policy subjects), the phrases that round demands and follow-ups off, the
 * conferences with their meetings, and the invented history of the one real resolution.
 */
import { readFileSync } from 'node:fs';
import type { DemoFollowUp, DemoMeeting } from '../../../src/domain/demo-format.js';
import type { DemandStatus, ReleaseState } from '../../../src/domain/vocabulary.js';

export interface Topic {
  titles: string[];
  /** Genitive noun phrase with article: "der Integrationskurse". */
  gen: string;
  /** "für …" phrase completing "Sie unterstreicht die Bedeutung {gen} …". */
  purpose: string;
  /** dass-clauses describing the situation. */
  facts: string[];
  /** zu-infinitive clauses addressed to the Bund. */
  bund: string[];
  /** zu-infinitive clauses addressed to the Länder. */
  laender: string[];
  /** zu-infinitive clause addressed to the Kommunen. */
  kommunen?: string;
  /** dass-clause content for a request at EU level. */
  eu?: string;
  /** federal line of responsibility (ACTORS lineage). */
  lineage: string;
  /** the conference's working group on the subject (feminine noun phrase). */
  ag: string;
  from?: number;
  to?: number;
}

/** How a meeting numbers its TOPs (see makeTops). */
export type TopStyle = 'intmk' | 'intmk-b' | 'gmk' | 'gmk-10' | 'asmk' | 'asmk-a' | 'umk' | 'jfmk' | 'written' | 'intmk-12';

export interface MeetingSpec extends DemoMeeting {
  count: number;
  style: TopStyle;
  release: ReleaseState;
  /** extra resolutions released only internally, in a separate file */
  internalExtra?: number;
}

export interface ConferenceSpec {
  shortName: string;
  slug: string;
  name: string;
  longName: string;
  perYear: number;
  topics: Topic[];
  meetings: MeetingSpec[];
}

/** Sentences and clauses that round demands, follow-ups and protocol statements off ({K}, {gen}, … are filled in). */
export interface Phrases {
  bundSupport: string[];
  bundGeneric: string[];
  factVerbs: string[];
  factTail: string[];
  bundOpeners: string[];
  laenderOpeners: string[];
  laenderSupport: string[];
  kommunenSupport: string[];
  euSupport: string[];
  gremiumTasks: string[];
  gremiumSupport: string[];
  protocolReasons: string[];
  /** The German word of each status, in a Land's assessment. */
  statusWords: Record<DemandStatus, string>;
  /** Follow-up summaries by "kind:status" ({S} is the actor, {gen} the topic). */
  summaries: Record<string, string[]>;
  /** Reasons a Land gives for its assessment, by status. */
  assessmentReasons: Record<DemandStatus, string[]>;
}

function readData<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./data/${name}`, import.meta.url), 'utf8')) as T;
}

const topics = readData<Record<string, Topic[]>>('topics.json');
const archive = readData<{ conferences: (Omit<ConferenceSpec, 'topics'> & { topics: string })[]; realFollowUps: DemoFollowUp[] }>('archive.json');

export const PHRASES = readData<Phrases>('phrases.json');

/** The synthetic conferences and their meetings (the 12. IntMK 2017 is real). */
export const CONFERENCES: ConferenceSpec[] = archive.conferences.map((conference) => {
  const bank = topics[conference.topics];
  if (!bank) throw new Error(`no topics "${conference.topics}" in topics.json`);
  return { ...conference, topics: bank };
});

/** The invented demo history of the real resolution (IntMK 2017, TOP 2.12). */
export const REAL_FOLLOW_UPS: readonly DemoFollowUp[] = archive.realFollowUps;
