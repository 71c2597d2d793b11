/**
 * A readable word-level comparison of two texts: which words stayed, which were removed and which
 * were added. Words, punctuation marks and runs of spaces are the units (umlauts and ß are letters);
 * the segments rebuild both texts exactly. Pure: no I/O.
 */
import { createRequire } from 'node:module';

/**
 * The `diff` package, loaded on the first comparison: only the version and review pages compare,
 * and loading it at start cost a cold start about 8 ms.
 */
let diffModule: typeof import('diff') | undefined;
const loadDiff = () => (diffModule ??= createRequire(import.meta.url)('diff') as typeof import('diff'));

export type DiffKind = 'same' | 'added' | 'removed';

export interface DiffSegment {
  kind: DiffKind;
  text: string;
}

/**
 * The segments that turn `before` into `after`, in reading order; a removal comes before the
 * addition that replaces it. Adjacent segments of the same kind are merged.
 */
export function wordDiff(before: string, after: string): DiffSegment[] {
  const segments: DiffSegment[] = [];
  for (const change of loadDiff().diffWordsWithSpace(before, after)) {
    const kind: DiffKind = change.added ? 'added' : change.removed ? 'removed' : 'same';
    const last = segments.at(-1);
    if (last && last.kind === kind) last.text += change.value;
    else if (change.value !== '') segments.push({ kind, text: change.value });
  }
  return segments;
}

/** Whether the segments contain any change. */
export function hasChanges(segments: readonly DiffSegment[]): boolean {
  return segments.some((segment) => segment.kind !== 'same');
}

/** Counts of words added and removed, for a one-line summary of a comparison. */
export function changeCounts(segments: readonly DiffSegment[]): { added: number; removed: number } {
  const words = (text: string) => text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
  let added = 0;
  let removed = 0;
  for (const segment of segments) {
    if (segment.kind === 'added') added += words(segment.text);
    else if (segment.kind === 'removed') removed += words(segment.text);
  }
  return { added, removed };
}
