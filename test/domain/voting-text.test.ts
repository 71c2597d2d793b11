/** How a vote reads on every surface (page, versions, Word, OParl): German singular and plural. */
import { describe, expect, it } from 'vitest';
import { votingText } from '../../src/domain/resolution-facts.js';
import { translate } from '../../src/i18n.js';

const counted = (yes: number, no: number, abstain: number) =>
  votingText({ voting: 'counted', votesYes: yes, votesNo: no, votesAbstain: abstain }, translate);

describe('votingText', () => {
  it('writes one abstention in the singular, none or several in the plural', () => {
    expect(counted(12, 3, 1)).toBe('12 Ja, 3 Nein, 1 Enthaltung');
    expect(counted(12, 3, 2)).toBe('12 Ja, 3 Nein, 2 Enthaltungen');
    expect(counted(16, 0, 0)).toBe('16 Ja, 0 Nein, 0 Enthaltungen');
  });

  it('names unanimous, majority and withheld counts as before', () => {
    expect(votingText({ voting: 'unanimous', votesYes: null, votesNo: null, votesAbstain: null }, translate)).toBe('einstimmig');
    expect(votingText({ voting: 'counted', votesYes: 12, votesNo: 3, votesAbstain: 1, tallyWithheld: true }, translate))
      .toBe('ausgezählt, Stimmenzahlen (nicht öffentlich)');
  });
});
