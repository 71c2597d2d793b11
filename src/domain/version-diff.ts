/**
 * Comparing two versions of a resolution field by field (title, decision, each Ziffer, each
 * protocol statement, release), each with a word-level diff. The caller turns a version into
 * readable fields (German labels and values); this module only compares. Pure: no I/O.
 */
import { berlinDateAndHour } from './berlin-time.js';
import { hasChanges, wordDiff, type DiffSegment } from './word-diff.js';

/** What a version of a resolution holds: its text and decision as they were (JSON). */
export interface VersionContent {
  agendaItem: string;
  title: string;
  outcome: string;
  voting: string;
  votesYes: number | null;
  votesNo: number | null;
  votesAbstain: number | null;
  formula: string;
  sponsors: string[];
  /** `internal` is there (true) only for a Ziffer marked internal. */
  demands: { number: string | null; text: string; addressees: string[]; dueDate: string | null; internal?: boolean }[];
  /** `internal` is missing in versions stored before statements could be internal. */
  protocolStatements: { laender: string[]; text: string; internal?: boolean }[];
}

export interface VersionField {
  /** Identity across versions: "title", "demand:3", "statement:1" … */
  key: string;
  label: string;
  text: string;
  /** A place holder for a Ziffer or statement withheld from the viewer (a version's page only). */
  withheld?: true;
}

export interface FieldChange {
  key: string;
  label: string;
  kind: 'changed' | 'added' | 'removed';
  segments: DiffSegment[];
}

/**
 * The fields that differ between two versions, in reading order: those of `before` in their
 * order (removed ones where they were), then the fields only `after` has.
 */
export function compareFields(before: readonly VersionField[], after: readonly VersionField[]): FieldChange[] {
  const afterByKey = new Map(after.map((field) => [field.key, field]));
  const beforeKeys = new Set(before.map((field) => field.key));
  const changes: FieldChange[] = [];
  for (const old of before) {
    const now = afterByKey.get(old.key);
    if (!now) {
      changes.push({ key: old.key, label: old.label, kind: 'removed', segments: wordDiff(old.text, '') });
      continue;
    }
    const segments = wordDiff(old.text, now.text);
    if (hasChanges(segments)) changes.push({ key: now.key, label: now.label, kind: 'changed', segments });
  }
  for (const field of after) {
    if (!beforeKeys.has(field.key)) changes.push({ key: field.key, label: field.label, kind: 'added', segments: wordDiff('', field.text) });
  }
  return changes;
}

/** The Berlin calendar day (YYYY-MM-DD) on which a version was made (`at`: ISO UTC). */
export function versionDay(at: string): string {
  return berlinDateAndHour(new Date(at)).date;
}

/**
 * The version the archive showed at the end of a day (Berlin time), of versions oldest first: the
 * latest made on or before it; null when all were made later (the archive did not hold the
 * resolution yet, for this viewer).
 */
export function versionOnDay<V extends { at: string }>(versions: readonly V[], day: string): V | null {
  let found: V | null = null;
  for (const version of versions) {
    if (versionDay(version.at) > day) break;
    found = version;
  }
  return found;
}
