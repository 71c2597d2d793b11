import { describe, expect, it } from 'vitest';
import { addMonths } from '../../src/domain/dates.js';
import { median, responseBucket, responseTimes } from '../../src/domain/response-time.js';

describe('calendar months', () => {
  it('adds months and clamps to the end of shorter months', () => {
    expect(addMonths('2017-03-16', 3)).toBe('2017-06-16');
    expect(addMonths('2017-11-30', 3)).toBe('2018-02-28');
    expect(addMonths('2019-11-30', 3)).toBe('2020-02-29');
    expect(addMonths('2017-01-31', 24)).toBe('2019-01-31');
    expect(addMonths('2017-12-15', 1)).toBe('2018-01-15');
  });
});

describe('response buckets', () => {
  const meeting = '2017-03-16';
  it.each([
    ['2017-03-16', 'months3'],
    ['2017-06-16', 'months3'],
    ['2017-06-17', 'months6'],
    ['2017-09-16', 'months6'],
    ['2017-09-17', 'months12'],
    ['2018-03-16', 'months12'],
    ['2018-03-17', 'years2'],
    ['2019-03-16', 'years2'],
    ['2019-03-17', 'over2Years'],
  ] as const)('a first response on %s is in %s', (date, bucket) => {
    expect(responseBucket(meeting, date)).toBe(bucket);
  });

  it('puts demands without a response in their own bucket', () => {
    expect(responseBucket(meeting, null)).toBe('none');
  });
});

describe('median and summary', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([10, 1, 4, 3])).toBe(3.5);
  });

  it('counts the histogram, the median over the answered demands and those without an answer', () => {
    const result = responseTimes([
      { meetingDate: '2017-03-16', firstResponse: '2017-03-26' },
      { meetingDate: '2017-03-16', firstResponse: '2017-04-15' },
      { meetingDate: '2017-03-16', firstResponse: '2020-01-01' },
      { meetingDate: '2017-03-16', firstResponse: null },
    ]);
    expect(result.histogram).toEqual({ months3: 2, months6: 0, months12: 0, years2: 0, over2Years: 1, none: 1 });
    expect(result.medianDays).toBe(30);
    expect(result.responded).toBe(3);
    expect(result.withoutResponse).toBe(1);
  });

  it('counts a response dated before its meeting as day 0', () => {
    expect(responseTimes([{ meetingDate: '2017-03-16', firstResponse: '2017-03-01' }]).medianDays).toBe(0);
  });
});
