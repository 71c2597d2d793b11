import { describe, expect, it } from 'vitest';
import { changeCounts, hasChanges, wordDiff } from '../../src/domain/word-diff.js';

/** Rebuilds either side of a comparison from its segments. */
function side(segments: ReturnType<typeof wordDiff>, which: 'before' | 'after'): string {
  const skip = which === 'before' ? 'added' : 'removed';
  return segments.filter((s) => s.kind !== skip).map((s) => s.text).join('');
}

describe('word diff', () => {
  it('marks a replaced word as removed then added, keeping the rest', () => {
    const segments = wordDiff('Die IntMK bittet den Bund, zu prüfen.', 'Die IntMK fordert den Bund auf, zu prüfen.');
    expect(segments.filter((s) => s.kind === 'removed').map((s) => s.text.trim())).toEqual(['bittet']);
    expect(segments.filter((s) => s.kind === 'added').map((s) => s.text.trim())).toEqual(['fordert', 'auf']);
    expect(segments[0]).toEqual({ kind: 'same', text: 'Die IntMK ' });
  });

  it('treats umlauts and ß as letters of one word', () => {
    const segments = wordDiff('Die Länder begrüßen das Gesetz.', 'Die Länder begrüßten das Gesetz.');
    expect(segments.filter((s) => s.kind !== 'same').map((s) => s.text)).toEqual(['begrüßen', 'begrüßten']);
  });

  it('rebuilds both texts from its segments', () => {
    const before = 'Die Konferenz bittet die Bundesregierung, bis Ende 2024 einen Bericht vorzulegen.';
    const after = 'Die Konferenz bittet die Bundesregierung erneut, bis Mitte 2025 einen schriftlichen Bericht vorzulegen.';
    const segments = wordDiff(before, after);
    expect(side(segments, 'before')).toBe(before);
    expect(side(segments, 'after')).toBe(after);
    expect(changeCounts(segments)).toEqual({ added: 4, removed: 2 });
  });

  it('reports equal texts as one unchanged segment and empty texts as no segment', () => {
    expect(wordDiff('gleich', 'gleich')).toEqual([{ kind: 'same', text: 'gleich' }]);
    expect(hasChanges(wordDiff('gleich', 'gleich'))).toBe(false);
    expect(wordDiff('', '')).toEqual([]);
    expect(wordDiff('', 'neu')).toEqual([{ kind: 'added', text: 'neu' }]);
    expect(hasChanges(wordDiff('alt', ''))).toBe(true);
  });
});
