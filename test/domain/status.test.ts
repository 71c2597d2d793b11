import { describe, expect, it } from 'vitest';
import { compareEvents, countStatuses, demandStatusesAsOf, readingsAsOf, statusAsOf, type StatusEvent } from '../../src/domain/status.js';

const events: StatusEvent[] = [
  { id: 3, date: '2019-05-01', kind: 'assessment', resultingStatus: 'partial' },
  { id: 1, date: '2017-09-14', kind: 'response', resultingStatus: 'in_progress' },
  { id: 2, date: '2018-02-01', kind: 'note', resultingStatus: null },
  { id: 4, date: '2019-05-01', kind: 'report', resultingStatus: 'implemented' },
];

describe('status over time', () => {
  it('is open without events', () => {
    expect(statusAsOf([])).toEqual({ status: 'open', since: null });
  });

  it('is the last status-bearing event, ordered by date then insertion', () => {
    expect(statusAsOf(events)).toEqual({ status: 'implemented', since: '2019-05-01' });
  });

  it('can be read as of a past date (inclusive)', () => {
    expect(statusAsOf(events, '2017-09-13').status).toBe('open');
    expect(statusAsOf(events, '2017-09-14').status).toBe('in_progress');
    expect(statusAsOf(events, '2019-04-30').status).toBe('in_progress');
  });

  it('keeps the addressee and the Länder readings apart and marks disagreement', () => {
    const readings = readingsAsOf(events);
    expect(readings.addressee?.status).toBe('implemented');
    expect(readings.laender?.status).toBe('partial');
    expect(readings.disagree).toBe(true);
    expect(readingsAsOf(events, '2018-01-01')).toMatchObject({ laender: null, disagree: false });
  });

  it('reads the same from events given in order (as the queries read them) as from any order', () => {
    const ordered = [...events].sort(compareEvents);
    for (const asOf of [null, '2017-09-14', '2019-04-30', '2019-05-01']) {
      expect(statusAsOf(ordered, asOf)).toEqual(statusAsOf(events, asOf));
      expect(readingsAsOf(ordered, asOf)).toEqual(readingsAsOf(events, asOf));
    }
    expect(events.map((e) => e.id)).toEqual([3, 1, 2, 4]);
  });

  it('counts statuses in canonical order', () => {
    expect(countStatuses(['open', 'open', 'implemented'])).toEqual({
      open: 2, in_progress: 0, partial: 0, implemented: 1, rejected: 0, obsolete: 0,
    });
  });
});

describe('statuses of many demands as of a date', () => {
  it('applies a demand\'s own events and those on its whole resolution, and nothing of other resolutions', () => {
    const demandRows = [
      { id: 1, resolutionId: 10 },
      { id: 2, resolutionId: 10 },
      { id: 3, resolutionId: 20 },
    ];
    const events = [
      { id: 1, resolutionId: 10, demandId: 1, date: '2018-01-01', kind: 'response' as const, resultingStatus: 'in_progress' as const },
      { id: 2, resolutionId: 10, demandId: null, date: '2019-01-01', kind: 'report' as const, resultingStatus: 'implemented' as const },
      { id: 3, resolutionId: 20, demandId: 3, date: '2020-01-01', kind: 'response' as const, resultingStatus: 'rejected' as const },
    ];
    expect([...demandStatusesAsOf(demandRows, events, '2018-06-30')]).toEqual([[1, 'in_progress'], [2, 'open'], [3, 'open']]);
    expect([...demandStatusesAsOf(demandRows, events, null)]).toEqual([[1, 'implemented'], [2, 'implemented'], [3, 'rejected']]);
  });
});
