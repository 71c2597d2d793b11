/**
 * What one search's checks of rows learn (match-checks.ts AlternativeChecks): the tiers ask about the
 * same rows with longer lists of alternatives, and a row is asked only about the alternatives not
 * known for it yet.
 */
import { describe, expect, it } from 'vitest';
import type { Alternative } from '../../src/domain/search-match.js';
import { AlternativeChecks, GroupChecks } from '../../src/services/search/match-checks.js';

const alternative = (word: string): Alternative => ({ match: `"${word}"`, word, stem: null });
const [kita, kitas, kitaplaetze, other] = ['kita', 'kitas', 'kitaplaetze', 'anderes'].map(alternative);

/** The rows that hold each word, and a record of what was asked. */
function checker(holds: Record<string, number[]>) {
  const asked: { alternatives: string[]; ids: number[] }[] = [];
  const check = (alternatives: readonly Alternative[], ids: readonly number[]) => {
    asked.push({ alternatives: alternatives.map((a) => a.word!), ids: [...ids] });
    return new Set(ids.filter((id) => alternatives.some((a) => holds[a.word!]?.includes(id))));
  };
  return { asked, check };
}

describe('checks of rows against a growing list of alternatives', () => {
  it('ask each row only about the alternatives not known for it, and answer as a full check does', () => {
    const { asked, check } = checker({ kita: [1], kitas: [2], kitaplaetze: [3] });
    const checks = new AlternativeChecks();
    // the exact tier
    expect([...checks.matching([kita!], [1, 2, 3, 4], check)].sort()).toEqual([1]);
    // the stem tier: row 1 is known; rows 2 to 4 are asked about the stem only
    expect([...checks.matching([kita!, kitas!], [1, 2, 3, 4], check)].sort()).toEqual([1, 2]);
    // the compound tier: rows 3 and 4 about the compound only; a new row about all three
    expect([...checks.matching([kita!, kitas!, kitaplaetze!], [1, 2, 3, 4, 5], check)].sort()).toEqual([1, 2, 3]);
    expect(asked).toEqual([
      { alternatives: ['kita'], ids: [1, 2, 3, 4] },
      { alternatives: ['kitas'], ids: [2, 3, 4] },
      { alternatives: ['kitaplaetze'], ids: [3, 4] },
      { alternatives: ['kita', 'kitas', 'kitaplaetze'], ids: [5] },
    ]);
    // the title matches ask about the exact tier again: all known, nothing asked
    expect([...checks.matching([kita!], [1, 2, 3, 4, 5], check)].sort()).toEqual([1]);
    expect(asked).toHaveLength(4);
  });

  it('start over when a list does not begin with the one before', () => {
    const { asked, check } = checker({ kita: [1], anderes: [2] });
    const checks = new AlternativeChecks();
    expect([...checks.matching([kita!], [1, 2], check)]).toEqual([1]);
    expect([...checks.matching([other!], [1, 2], check)]).toEqual([2]);
    expect(asked.map((a) => a.alternatives)).toEqual([['kita'], ['anderes']]);
  });

  it('keep the public text and the internal notes, and each group, apart', () => {
    const checks = new GroupChecks();
    expect(checks.of('public', 0)).toBe(checks.of('public', 0));
    expect(checks.of('public', 0)).not.toBe(checks.of('notes', 0));
    expect(checks.of('public', 0)).not.toBe(checks.of('public', 1));
  });
});
