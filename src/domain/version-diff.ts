/**
 * Comparing two versions of a resolution field by field (title, decision, each Ziffer, each
 * protocol statement, release), each with a word-level diff. The caller turns a version into
 * readable fields (German labels and values); this module only compares. Pure: no I/O.
 */
import { berlinDateAndHour } from './berlin-time.js';
import { hasChanges, wordDiff, type DiffSegment } from './word-diff.js';
import { meetingReferenceDate } from './tracking.js';

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
 * From when a version's wording was valid, as opposed to when the archive recorded it (`at`): a
 * resolution of 2017 imported today was valid from its meeting, not from today.
 * `day` (YYYY-MM-DD) is for comparing with a day; `yearOnly`: the meeting's day is not known, only
 * its year (`day` is then its 1 January, as the statistics count such a meeting).
 */
export interface Validity {
  day: string;
  yearOnly: boolean;
}

/**
 * The validity of a version from its stored `valid_from` (null: the wording as adopted, valid from
 * the day of its meeting; see services/versions.ts recordVersion). No wording is valid before its
 * meeting: a version recorded before the meeting took place counts from the meeting.
 */
export function versionValidity(validFrom: string | null, meeting: { startDate: string | null; year: number }): Validity {
  const adopted = meetingReferenceDate(meeting);
  if (validFrom === null || validFrom <= adopted) return { day: adopted, yearOnly: meeting.startDate === null };
  return { day: validFrom, yearOnly: false };
}

/**
 * The version valid at the end of a day, of versions oldest first: the latest valid from that day
 * or before; null when none was valid yet (the day is before the meeting, or, for a viewer who
 * sees only later versions, before the first of those).
 */
export function versionOnDay<V extends { validFrom: Validity }>(versions: readonly V[], day: string): V | null {
  let found: V | null = null;
  for (const version of versions) {
    if (version.validFrom.day > day) break;
    found = version;
  }
  return found;
}
