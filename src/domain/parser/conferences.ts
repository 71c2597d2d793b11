/**
 * The ministers' conferences: short names, the long names texts use ("Integrationsminister-
 * konferenz"), and the subject of the "Konferenz der für X zuständigen Ministerinnen …" form.
 */
import { escapeRegExp } from '../regexp.js';

export interface Conference {
  readonly short: string;
  /** Compound names, lower case, as single words or phrases. */
  readonly names: readonly string[];
  /** Subjects after "für" in the descriptive form, lower case ("integration"). */
  readonly subjects: readonly string[];
}

export const CONFERENCES: readonly Conference[] = [
  { short: 'IntMK', names: ['integrationsministerkonferenz'], subjects: ['integration'] },
  {
    short: 'IMK',
    names: ['innenministerkonferenz', 'ständige konferenz der innenminister', 'ständigen konferenz der innenminister'],
    subjects: ['inneres', 'innere'],
  },
  { short: 'GMK', names: ['gesundheitsministerkonferenz'], subjects: ['gesundheit'] },
  { short: 'ASMK', names: ['arbeits- und sozialministerkonferenz'], subjects: ['arbeit und soziales', 'arbeit, soziales'] },
  { short: 'JuMiKo', names: ['justizministerkonferenz'], subjects: ['justiz'] },
  { short: 'JFMK', names: ['jugend- und familienministerkonferenz'], subjects: ['jugend und familie'] },
  { short: 'UMK', names: ['umweltministerkonferenz'], subjects: ['umwelt'] },
  {
    short: 'KMK',
    // Since 2025 the KMK meets as Bildungs-, Wissenschafts- and Kulturministerkonferenz.
    names: ['kultusministerkonferenz', 'ständige konferenz der kultusminister', 'ständigen konferenz der kultusminister',
      'bildungsministerkonferenz', 'wissenschaftsministerkonferenz', 'kulturministerkonferenz'],
    subjects: ['bildung', 'kultus'],
  },
  {
    short: 'MPK',
    names: ['ministerpräsidentenkonferenz', 'konferenz der regierungschefinnen und regierungschefs',
      'konferenz der regierungschefs', 'regierungschefinnen und regierungschefs der länder', 'regierungschefs der länder',
      'ministerpräsidentinnen und ministerpräsidenten der länder', 'ministerpräsidenten der länder'],
    subjects: [],
  },
  { short: 'VMK', names: ['verkehrsministerkonferenz'], subjects: ['verkehr'] },
  { short: 'WMK', names: ['wirtschaftsministerkonferenz'], subjects: ['wirtschaft'] },
  { short: 'AMK', names: ['agrarministerkonferenz'], subjects: ['landwirtschaft', 'agrar'] },
  { short: 'FMK', names: ['finanzministerkonferenz'], subjects: ['finanzen'] },
  { short: 'BMK', names: ['bauministerkonferenz', 'argebau'], subjects: ['städtebau', 'bauwesen', 'bau'] },
  { short: 'SMK', names: ['sportministerkonferenz'], subjects: ['sport'] },
  {
    short: 'GFMK',
    names: ['gleichstellungs- und frauenministerkonferenz', 'frauenministerkonferenz', 'frauen- und gleichstellungsminister',
      'gleichstellungsministerkonferenz', 'gleichstellungsministerinnenkonferenz'],
    subjects: ['gleichstellung', 'frauen'],
  },
  { short: 'VSMK', names: ['verbraucherschutzministerkonferenz'], subjects: ['verbraucherschutz'] },
  { short: 'EMK', names: ['europaministerkonferenz'], subjects: ['europa'] },
  { short: 'DMK', names: ['digitalministerkonferenz'], subjects: ['digitales', 'digitalisierung'] },
  { short: 'MKRO', names: ['ministerkonferenz für raumordnung'], subjects: ['raumordnung'] },
];

const BY_SHORT_NAME: ReadonlyMap<string, Conference> = new Map(
  CONFERENCES.map((conference) => [conference.short.toLowerCase(), conference]),
);

export interface ConferenceMention {
  readonly conference: Conference;
  /** Index of the mention in the searched text. */
  readonly index: number;
}

/** Longest text searched: mentions are expected in headers and formulas. */
const SEARCH_LIMIT = 4000;

/**
 * Finds the earliest mention of a conference: its short name ("IntMK"), a compound name
 * ("Integrationsministerkonferenz"), its members ("Justizministerinnen und Justizminister") or,
 * failing those, the descriptive form ("Konferenz der für Integration zuständigen …", "Konferenz
 * … für Gesundheit der Länder").
 */
export function findConference(text: string): ConferenceMention | null {
  const searched = text.slice(0, SEARCH_LIMIT);
  return findNamedConference(searched) ?? findDescribedConference(searched);
}

/** "justiz" of "justizministerkonferenz": the ministers of a conference are "Justizminister(innen)". */
const MINISTER_STEMS: ReadonlyMap<string, Conference> = new Map(
  CONFERENCES.flatMap((conference) => conference.names
    .filter((name) => name.endsWith('ministerkonferenz') && !name.includes(' der '))
    .map((name): [string, Conference] => [name.slice(0, -'ministerkonferenz'.length), conference])),
);

/**
 * "Justizministerinnen und Justizminister", "Arbeits- und Sozialministerinnen": the conference
 * named by its members, as the Justizministerkonferenz heads its documents. Not "Bundesjustizminister".
 */
const MINISTERS = new RegExp(
  `(?<![\\p{L}-])(${[...MINISTER_STEMS.keys()].map((stem) => escapeRegExp(stem).replace(/ /g, '\\s+')).join('|')})minister(?:innen)?(?!\\p{L})`,
  'giu',
);

/** Where the text names a conference by its members ("… der Verbraucherschutzministerinnen und -minister"). */
export function memberMentions(text: string, conference: Conference): number[] {
  return [...text.toLowerCase().matchAll(MINISTERS)]
    .filter((match) => MINISTER_STEMS.get(match[1]!.replace(/\s+/g, ' ')) === conference)
    .map((match) => match.index);
}

function findNamedConference(text: string): ConferenceMention | null {
  const lower = text.toLowerCase();
  let best: ConferenceMention | null = null;
  const consider = (conference: Conference, index: number): void => {
    if (index >= 0 && (best === null || index < best.index)) best = { conference, index };
  };
  for (const conference of CONFERENCES) {
    for (const name of conference.names) consider(conference, lower.indexOf(name));
  }
  for (const match of lower.matchAll(MINISTERS)) {
    const conference = MINISTER_STEMS.get(match[1]!.replace(/\s+/g, ' '));
    if (conference) consider(conference, match.index);
  }
  for (const match of text.matchAll(/\b[A-Z][A-Za-z]{1,5}\b/g)) {
    const conference = BY_SHORT_NAME.get(match[0].toLowerCase());
    if (conference && match[0] === conference.short) consider(conference, match.index);
  }
  return best;
}

/**
 * "für das Gesundheitswesen zuständigen", "für Gesundheit der Länder": the subject of a described
 * conference, also where the header's line ends after it (header lines are joined with " \n "),
 * or before it, after "für" or its article ("76. Konferenz der für das" / "Gesundheitswesen zuständigen").
 */
const DESCRIBED_SUBJECT = /\bfür (?:\n )?(?:(?:das|die|den) (?:\n )?)?([\p{L} ,-]{3,40}?)(?= zuständigen| der länder|[,)]| \n|$)/gu;
/** Where a description starts: "Konferenz der …", "Arbeitsgemeinschaft der …" (ARGEBAU), or the members themselves ("Die Ministerinnen und Minister, …"). */
const DESCRIPTION_START = /konferenz|arbeitsgemeinschaft|\b(?:ministerinnen|minister|senatorinnen|senatoren)\b/;

/**
 * "Konferenz der für Integration zuständigen Ministerinnen …", "Konferenz … für Gesundheit der
 * Länder", and the members alone: "Die Ministerinnen und Minister, Senatorinnen und Senatoren für
 * Gesundheit der Länder haben … beschlossen".
 */
export function findDescribedConference(text: string): ConferenceMention | null {
  const lower = text.toLowerCase();
  const start = DESCRIPTION_START.exec(lower);
  if (!start) return null;
  for (const match of lower.slice(start.index, start.index + 2000).matchAll(DESCRIBED_SUBJECT)) {
    const subject = match[1] ?? '';
    const conference = CONFERENCES.find((candidate) => candidate.subjects.some((s) => subject.startsWith(s)));
    if (conference) return { conference, index: start.index };
  }
  return null;
}

/** A word that names a conference or conferences in general ("GMK", "Ministerkonferenz"). */
export function isConferenceWord(word: string): boolean {
  const lower = word.toLowerCase();
  return BY_SHORT_NAME.has(lower) || lower.endsWith('konferenz') || /^[A-Z][A-Za-z]*(?:MK|MiKo)$/.test(word);
}
