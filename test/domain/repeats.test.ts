/** The rule that proposes repeated demands (src/domain/repeats.ts). */
import { describe, expect, it } from 'vitest';
import {
  commonLimit,
  comparesDemand,
  isRepeatCandidate,
  repeatGroups,
  repeatSimilarity,
  repeatSummary,
  repeatTerms,
  termWeight,
} from '../../src/domain/repeats.js';

describe('terms of a Ziffer', () => {
  it('are word stems and neighbouring pairs within a sentence, without function words, numbers and conference names', () => {
    const terms = repeatTerms('Die UMK bittet die Bundesregierung, Mindestrezyklatanteile für Kunststoffverpackungen einzuführen. Die 98. Umweltministerkonferenz berichtet 2021.');
    expect(terms).toContain('mindestrezyklatanteil');
    expect(terms).toContain('mindestrezyklatanteil kunststoffverpack');
    // no pair across the sentence end
    expect(terms.some((t) => t.startsWith('einzufuehr '))).toBe(false);
    for (const gone of ['die', 'umk', 'umweltministerkonferenz', '98', '2021', 'fuer']) {
      expect(terms.some((t) => t.split(' ').includes(gone)), gone).toBe(false);
    }
  });

  it('meet across inflection and conference names', () => {
    const a = repeatTerms('Die IntMK bittet den Bund, die Wohnsitzregelung zu entfristen.');
    const b = repeatTerms('Die Integrationsministerkonferenz bittet den Bund, die Wohnsitzregelungen zu entfristen.');
    expect(a).toEqual(b);
  });

  it('only demands of adopted resolutions take part, and no declaratory Ziffer', () => {
    expect(comparesDemand('adopted', 'Die GMK bittet die Bundesregierung, die Bedarfsplanung zu reformieren.')).toBe(true);
    expect(comparesDemand('rejected', 'Die GMK bittet die Bundesregierung, die Bedarfsplanung zu reformieren.')).toBe(false);
    expect(comparesDemand('adopted', 'Die GMK nimmt den Bericht des Bundes zur Kenntnis.')).toBe(false);
  });
});

describe('weights and the threshold', () => {
  it('a term in one Ziffer weighs 1, a common term nothing', () => {
    expect(termWeight(1, 1000)).toBeCloseTo(1);
    expect(commonLimit(1000)).toBe(10);
    expect(termWeight(10, 1000)).toBeGreaterThan(0);
    expect(termWeight(11, 1000)).toBe(0);
    // a small archive: at least five Ziffern may share a term
    expect(commonLimit(40)).toBe(5);
    expect(termWeight(5, 40)).toBeGreaterThan(0);
    expect(termWeight(6, 40)).toBe(0);
    expect(termWeight(0, 40)).toBe(0);
  });

  it('a pair needs three rare terms and 75 % of the lighter Ziffer', () => {
    expect(repeatSimilarity(3, 4, 10)).toBe(0.75);
    expect(isRepeatCandidate(3, 4, 10)).toBe(true);
    expect(isRepeatCandidate(2.9, 3, 3)).toBe(false); // too little in common, however similar
    expect(isRepeatCandidate(3.5, 5, 5)).toBe(false); // 70 %
    expect(repeatSimilarity(1, 0, 5)).toBe(0);
  });
});

describe('chains of confirmed repeats', () => {
  it('joins pairs into groups and counts the times', () => {
    const groups = repeatGroups([[1, 2], [3, 2], [7, 8]]);
    expect(groups.get(1)).toEqual([1, 2, 3]);
    expect(groups.get(3)).toEqual([1, 2, 3]);
    expect(groups.get(8)).toEqual([7, 8]);
    expect(groups.has(4)).toBe(false);
    expect(repeatSummary([{ demandId: 1, date: '2023-05-12' }, { demandId: 2, date: '2015-05-21' }, { demandId: 3, date: '2017-05-05' }])).toEqual({ since: 2015, times: 3 });
    expect(repeatSummary([{ demandId: 1, date: '2023-05-12' }])).toBeNull();
  });
});
