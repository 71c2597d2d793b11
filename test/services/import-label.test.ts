import { describe, expect, it } from 'vitest';
import { resolutionLabel } from '../../src/services/import-checks.js';

describe('the label of an imported TOP', () => {
  const meeting = { number: null, year: null, startDate: null, endDate: null, place: null };
  it.each([
    [{ ...meeting, number: 12, year: 2017 }, 'TOP 2.1 der 12. IntMK 2017'],
    [{ ...meeting, year: 2000, startDate: '2000-09-22' }, 'TOP 2.1 der IntMK 22.09.2000'],
    [{ ...meeting, startDate: '2000-09-22' }, 'TOP 2.1 der IntMK 22.09.2000'],
    [{ ...meeting, year: 2005 }, 'TOP 2.1 der IntMK 2005'],
    [{ ...meeting, number: 7 }, 'TOP 2.1 der 7. IntMK'],
    [meeting, 'TOP 2.1 der IntMK'],
  ])('names the meeting as far as the text does (%o)', (m, label) => {
    expect(resolutionLabel({ conference: 'IntMK', meeting: m, agendaItem: '2.1' })).toBe(label);
  });
});
