import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { AGENDA_ITEM_PATTERN, agendaItemProblem, agendaItemSortKey, compareAgendaItems, isAgendaItem, normalizeAgendaItem } from '../../src/domain/agenda-item.js';

describe('agenda items (TOP numbers)', () => {
  it('sort numerically by segment, lettered variants after their base, prefixed items last', () => {
    const printed = ['10.1', 'A3', '2.12', '2.9b', '2.2', '2.9', '2', '3/5/46', '2.10', 'A10', '1', '2.9a'];
    expect([...printed].sort(compareAgendaItems)).toEqual([
      '1', '2', '2.2', '2.9', '2.9a', '2.9b', '2.10', '2.12', '3/5/46', '10.1', 'A3', 'A10',
    ]);
  });

  it('gives a key that sorts as bytes the way the items sort', () => {
    expect(agendaItemSortKey('2.2') < agendaItemSortKey('2.12')).toBe(true);
    expect(agendaItemSortKey('2.12') < agendaItemSortKey('10.1')).toBe(true);
  });

  it('recognises printed TOP numbers and rejects others', () => {
    for (const ok of ['2.12', '2.9b', 'A3', '3/5/46', '12', 'I.1', 'II.5', 'IV.12', 'X.3b']) expect(isAgendaItem(ok)).toBe(true);
    for (const bad of ['', 'TOP 2', '2.', '.2', 'a3', '2..1', '2.12 ', 'I 1', 'I.', 'IIIII.1', 'i.1']) expect(isAgendaItem(bad)).toBe(false);
  });

  it('sort Roman sections by their value (I < II < III < IV < … < IX < X), then by number', () => {
    const printed = ['X.1', 'II.10', 'IV.1', 'I.2', 'IX.1', 'III.1', 'II.2', 'I.10', 'V.1', 'I.1'];
    expect([...printed].sort(compareAgendaItems)).toEqual(['I.1', 'I.2', 'I.10', 'II.2', 'II.10', 'III.1', 'IV.1', 'V.1', 'IX.1', 'X.1']);
    expect(agendaItemSortKey('I.10') < agendaItemSortKey('II.1')).toBe(true);
  });

  it('refuse numbers no agenda has: more than 3 digits in a segment or more than 5 segments', () => {
    for (const ok of ['5', '105', '2.12', '1.2.3.4.5', 'II.1.2.3.4.5', 'A105b', '3/5/46']) expect(agendaItemProblem(ok), ok).toBeNull();
    for (const long of ['12345678901234567890', '1000', '2.1000', '1.2.3.4.5.6', 'I.1000']) expect(agendaItemProblem(long), long).toBe('tooLong');
    for (const bad of ['x y', 'TOP 2', '2.', '']) expect(agendaItemProblem(bad), bad).toBe('shape');
  });

  it('read typed numbers as the archive writes them: without TOP, "5 a" → 5a, "II 3" → II.3', () => {
    const typed: [string, string][] = [['5', '5'], [' 2.12 ', '2.12'], ['5 a', '5a'], ['TOP 5 a', '5a'], ['top 7', '7'], ['II 3', 'II.3'], ['II.3', 'II.3'], ['4.1 b', '4.1b'], ['2.9b', '2.9b'], ['A3', 'A3']];
    for (const [input, written] of typed) {
      expect(normalizeAgendaItem(input), input).toBe(written);
      expect(isAgendaItem(normalizeAgendaItem(input)), input).toBe(true);
    }
  });

  it('is the pattern of the interchange schema in docs/', () => {
    const schema = JSON.parse(readFileSync(new URL('../../docs/resolution-import.schema.json', import.meta.url), 'utf8')) as { $defs?: unknown };
    expect(JSON.stringify(schema)).toContain(JSON.stringify(AGENDA_ITEM_PATTERN.source));
  });
});
