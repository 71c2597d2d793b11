/**
 * Decision formulas: "Die IntMK hat mehrheitlich beschlossen:", "Abstimmungsergebnis: 13:2:1",
 * "Die GMK nimmt den Bericht … zur Kenntnis.", "- ZURÜCKGEZOGEN -", "Der Antrag wird vertagt.".
 */
import type { ImportDecision } from '../import-format.js';
import { isConferenceWord } from './conferences.js';
import type { Outcome, Voting } from '../vocabulary.js';

/** Longest formula sentence looked at. */
const FORMULA_LIMIT = 400;

interface Counts {
  yes: number;
  no: number;
  abstain: number;
}

const COUNT_WORDS: Readonly<Record<keyof Counts, string>> = {
  yes: 'ja-stimmen|ja-stimme|ja|zustimmungen|zustimmung|dafür',
  no: 'nein-stimmen|nein-stimme|nein|gegenstimmen|gegenstimme|ablehnungen|ablehnung|dagegen',
  abstain: 'stimmenthaltungen|stimmenthaltung|enthaltungen|enthaltung',
};

type CountPatterns = Readonly<Record<keyof Counts, RegExp>>;

function countPatterns(pattern: (words: string) => string): CountPatterns {
  return {
    yes: new RegExp(pattern(COUNT_WORDS.yes), 'u'),
    no: new RegExp(pattern(COUNT_WORDS.no), 'u'),
    abstain: new RegExp(pattern(COUNT_WORDS.abstain), 'u'),
  };
}

/** Per category, the number before its word: "13 Ja-Stimmen, 2 Nein-Stimmen". */
const NUMBER_FIRST = countPatterns((words) => `(\\d{1,2})\\s*(?:${words})(?![\\p{L}-])`);
/** Per category, the number after its word: "Zustimmung: 13", "Ja 12 Nein 3". */
const WORD_FIRST = countPatterns((words) => `(?<![\\p{L}-])(?:${words})\\s*:?\\s*(\\d{1,2})(?!\\d)`);
const ALL_COUNT_WORDS = Object.values(COUNT_WORDS).join('|');
const COUNT_WORD = new RegExp(`(?<![\\p{L}-])(?:${ALL_COUNT_WORDS})(?![\\p{L}])`, 'gu');

/**
 * Which side of its word a document puts the number, decided at the first count word with a
 * number beside it: in "Ja 12 Nein 3" the 12 belongs to "Ja", not to "Nein".
 */
function countStyle(lower: string): CountPatterns {
  for (const match of lower.matchAll(COUNT_WORD)) {
    if (/\d\s*$/.test(lower.slice(Math.max(0, match.index - 4), match.index))) return NUMBER_FIRST;
    if (/^\s*:?\s*\d/.test(lower.slice(match.index + match[0].length))) return WORD_FIRST;
  }
  return WORD_FIRST;
}

function countOf(lower: string, patterns: CountPatterns, category: keyof Counts): number | null {
  const match = patterns[category].exec(lower);
  return match ? Number(match[1]) : null;
}

const COUNT_PHRASE = new RegExp(`(?<![\\p{L}-])(?:${ALL_COUNT_WORDS})\\s*:?\\s*\\d{1,2}|\\d{1,2}\\s*(?:${ALL_COUNT_WORDS})`, 'gu');

/** "13:2:1", "12 : 2 : 2", "Annahme 16:0", "13 Ja-Stimmen, 2 Nein-Stimmen, 1 Enthaltung", "Zustimmung: 13, Ablehnung: 2". */
export function findCounts(text: string): Counts | null {
  const searched = text.slice(0, FORMULA_LIMIT);
  const colon = /(?:^|[^\d:])(\d{1,2})\s?:\s?(\d{1,2})\s?:\s?(\d{1,2})(?![\d:])/.exec(searched);
  if (colon) return { yes: Number(colon[1]), no: Number(colon[2]), abstain: Number(colon[3]) };
  // "16/0/0"; not a TOP number such as "3/5/46": the votes of at most the 16 Länder and the Bund.
  const slash = /(?:^|[^\d/])(\d{1,2})\/(\d{1,2})\/(\d{1,2})(?![\d/])/.exec(searched);
  if (slash && Number(slash[1]) + Number(slash[2]) + Number(slash[3]) <= 17) {
    return { yes: Number(slash[1]), no: Number(slash[2]), abstain: Number(slash[3]) };
  }
  // "Annahme 16:0", "Ablehnung (5:11)": the votes for and against after the decision's word, no abstention.
  const pair = /(?:annahme|ablehnung|angenommen|abgelehnt|abstimmungsergebnis|ergebnis)\s*:?\s*\(?(\d{1,2})\s?:\s?(\d{1,2})(?![\d:])/iu.exec(searched);
  if (pair && Number(pair[1]) + Number(pair[2]) <= 17) return { yes: Number(pair[1]), no: Number(pair[2]), abstain: 0 };
  const lower = searched.toLowerCase();
  const patterns = countStyle(lower);
  const yes = countOf(lower, patterns, 'yes');
  const no = countOf(lower, patterns, 'no');
  if (yes === null || no === null) return null;
  return { yes, no, abstain: countOf(lower, patterns, 'abstain') ?? 0 };
}

/** The text without its vote counts, so that "Ablehnung: 2" does not read as a rejection. */
function withoutCounts(lower: string): string {
  return lower.replace(COUNT_PHRASE, ' ');
}

function votingOf(lower: string, counts: Counts | null): Voting {
  if (counts) return 'counted';
  // "ohne Gegenstimme": no Land voted against.
  if (/\beinstimmig|ohne gegenstimmen?\b/.test(lower)) return 'unanimous';
  if (/mehrheitlich|mit mehrheit|\bmehrheit\b|mehrheitsbeschlu(?:ss|ß)/.test(lower)) return 'majority';
  return 'unknown';
}

function outcomeOf(lower: string, counts: Counts | null): Outcome {
  if (/zurückgezogen|zurueckgezogen/.test(lower)) return 'withdrawn';
  if (/\brücknahme\b/.test(lower)) return 'withdrawn';
  if (/vertagt|vertagung|zurückgestellt|abgesetzt|verschoben/.test(lower)) return 'deferred';
  if (/abgelehnt|ablehnung|nicht angenommen|keine mehrheit|nicht beschlossen/.test(lower)) return 'rejected';
  // "Beschluss: Kenntnisnahme": the label is no decision to adopt.
  const statement = lower.replace(/^\s*beschlu(?:ss|ß)\s*:/, '');
  if (/zur kenntnis|kenntnisnahme/.test(statement) && !/beschl|angenommen|annahme/.test(statement)) return 'noted';
  // "erledigt", "Der TOP hat sich erledigt": settled without a decision of its own.
  if (/\berledig(?:t|ung)\b/.test(statement) && !/angenommen|annahme/.test(statement)) return 'noted';
  if (counts && counts.yes < counts.no && !/beschlossen|angenommen/.test(lower)) return 'rejected';
  return 'adopted';
}

/** The decision a formula (or marker, or voting label) expresses; `formula` as printed. */
export function decisionOf(formula: string): ImportDecision {
  const lower = formula.slice(0, FORMULA_LIMIT).toLowerCase();
  const counts = findCounts(formula);
  return { outcome: outcomeOf(withoutCounts(lower), counts), voting: votingOf(lower, counts), ...counts, formula };
}

/** Subjects of a decision sentence besides the conference itself. */
const DECISION_SUBJECTS: ReadonlySet<string> = new Set([
  'antrag', 'beschlussvorschlag', 'tagesordnungspunkt', 'top', 'beratung', 'konferenz', 'ministerinnen', 'minister',
  'behandlung', 'punkt', 'vorlage', 'bericht',
]);

function hasDecisionSubject(sentence: string): boolean {
  const match = /^(?:Die|Der|Das)\s+(\S+)/u.exec(sentence);
  if (!match) return false;
  const subject = match[1]!.replace(/[^\p{L}-]/gu, '');
  const lower = subject.toLowerCase();
  // "Die Justizministerinnen und Justizminister nehmen … zur Kenntnis."
  // "Die Regierungschefinnen und Regierungschefs der Länder …" (MPK).
  // One minister alone ("Der Justizminister hat die Kleine Anfrage … beantwortet", as a Land's government answers its
  // Landtag) is no conference: its members are named in the plural.
  const oneMember = sentence.startsWith('Der ') && !/^Der\s+\S+\s+und\s/u.test(sentence) && /minister$|^regierungschef$/.test(lower);
  return isConferenceWord(subject) || (!oneMember && (DECISION_SUBJECTS.has(lower) || /minister(?:innen)?$|^regierungschef/.test(lower)));
}

/** Verbs of a request: a sentence with one of them is a demand, also where it takes note of something. */
const REQUEST = /\b(?:bittet|bitten|fordert|fordern|ersucht|ersuchen|appelliert|appellieren|empfiehlt|empfehlen|beauftragt|beauftragen)\b/;

/** "…, heißt es:", "…, heißt es darin:": the end of a sentence quoting a text, as a report on a resolution writes it. */
const QUOTATION_LEAD = /\b(?:heißt|hieß)\s+es\b[^,:]{0,30}:$/u;

/** Formulas open with their subject: "Die IntMK …", "Der Antrag …", "IntMK: …". */
function opensLikeFormula(sentence: string): boolean {
  const first = /^[\p{L}-]+/u.exec(sentence)?.[0] ?? '';
  return ['Die', 'Der', 'Das'].includes(first) || isConferenceWord(first);
}

/** "(Beschluss der KMK vom 15.10.2020)": the line stating when the conference adopted the text. */
const ADOPTED_ON = /^\(?Beschlu(?:ss|ß) der (?:\S+ ){0,6}?\S*(?:konferenz|K|MK|MiKo) vom \d{1,2}\.\s?(?:\d{1,2}\.\s?\d{4}|\p{L}+ \d{4})/u;

export function statesAdoption(line: string): boolean {
  return ADOPTED_ON.test(line.slice(0, 200));
}

/**
 * Whether a sentence (one or a few joined lines) is a decision formula rather than a demand:
 * "… hat einstimmig beschlossen:", "… fasst folgenden Beschluss:", "Die GMK nimmt … zur
 * Kenntnis.", "Der Antrag wird vertagt.".
 */
export function isFormulaSentence(sentence: string): boolean {
  if (sentence.length > FORMULA_LIMIT || !/^[\p{Lu}\d(-]/u.test(sentence)) return false;
  // "Beschluss der Kultusministerkonferenz vom 06.03.2009 i. d. F. vom 11.10.2018" under a title.
  if (statesAdoption(sentence)) return true;
  const lower = sentence.toLowerCase();
  // "Die Beschlüsse können … abgerufen werden:" names resolutions and decides nothing; "… folgende Beschlüsse gefasst:" does.
  // "… Verkehrsministerkonferenz am Mittwoch in Köln gefasst hatte, heißt es:" (a press release's clause, wrapped to a
  // line's start) leads in to a quotation of the resolution and is no formula.
  if (sentence.endsWith(':')) return opensLikeFormula(sentence) && /beschl(?!üsse)|fasst|stimmt/.test(lower) && !QUOTATION_LEAD.test(lower);
  if (!sentence.endsWith('.') || !hasDecisionSubject(sentence)) return false;
  const words = sentence.split(' ').length;
  if (words > 40) return false;
  // "… nimmt den Bericht zur Kenntnis und bittet den Bund, …" asks for something: a demand.
  if (/zur kenntnis/.test(lower) && REQUEST.test(lower)) return false;
  return /zur kenntnis|vertagt|zurückgestellt|abgelehnt|zurückgezogen|abgesetzt|nicht angenommen|\berledigt\b/.test(lower)
    || (words <= 15 && /einstimmig|mehrheitlich/.test(lower) && /beschlossen|angenommen/.test(lower));
}

/**
 * "Die Kultusministerkonferenz bittet …", "Die Länder fordern …": a line opening the resolution's
 * own text with its subject and verb. It never continues a title, even one ending in a verb
 * ("Lernrückstände aufholen").
 */
export function opensResolutionSentence(text: string): boolean {
  if (!/^(?:Die|Der|Das)\s+\S+\s+\p{Ll}/u.test(text)) return false;
  return hasDecisionSubject(text) || /^Die Länder\s/.test(text);
}

/** The value of a voting label on a line of its own: "Ja: 13 Nein: 0 Enthaltung: 3", "16:0:0", "einstimmig". */
export function isVoteValue(text: string): boolean {
  return text.length <= 80 && (findCounts(text) !== null || /^(?:einstimmig|mehrheitlich|ohne gegenstimmen?)\b/i.test(text));
}

/** Whether a line could be part of a decision formula (protects it from running-header detection). */
export function mentionsDecision(text: string): boolean {
  return /beschlossen|beschließt|beschlu(?:ss|ß):|kenntnis|vertagt|abgelehnt|zurückgezogen|einstimmig|mehrheitlich/i
    .test(text.slice(0, 300));
}
