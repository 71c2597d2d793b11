import { describe, expect, it } from 'vitest';
import { byDateOldestFirst, compareDigestPlaces, type DigestPlace } from '../../src/domain/digest-order.js';

const place = (conferenceShortName: string, meetingStart: string | null, meetingNumber: number | null, agendaItem: string, demandNumber: string | null = null): DigestPlace => ({
  conferenceShortName,
  meetingStart,
  meetingYear: Number((meetingStart ?? '2020').slice(0, 4)),
  meetingNumber,
  agendaItem,
  demandNumber,
});

describe('the order of a watch-list digest', () => {
  it('by conference, then meeting (the oldest first), then TOP as numbered, the whole TOP before its Ziffern', () => {
    const places = [
      place('UMK', '2017-05-04', 88, '16'),
      place('IntMK', '2015-03-18', 10, '2.5', '3'),
      place('GMK', '2015-06-24', 88, '5.4', '10'),
      place('ASMK', '2017-12-06', 94, '5.1'),
      place('GMK', '2015-06-24', 88, '5.4', '2'),
      place('GMK', '2015-06-24', 88, '5.4'),
      place('GMK', '2015-06-24', 88, '5.12'),
      place('GMK', '2020-04-17', null, '1'),
      place('GMK', '2014-06-26', 87, '7'),
      place('IntMK', '2015-03-18', 10, '2.5'),
    ];
    const label = (p: DigestPlace) => `${p.conferenceShortName} ${p.meetingStart} TOP ${p.agendaItem}${p.demandNumber === null ? '' : ` Ziffer ${p.demandNumber}`}`;
    expect([...places].sort(compareDigestPlaces).map(label)).toEqual([
      'ASMK 2017-12-06 TOP 5.1',
      'GMK 2014-06-26 TOP 7',
      'GMK 2015-06-24 TOP 5.4',
      'GMK 2015-06-24 TOP 5.4 Ziffer 2',
      'GMK 2015-06-24 TOP 5.4 Ziffer 10',
      'GMK 2015-06-24 TOP 5.12',
      'GMK 2020-04-17 TOP 1',
      'IntMK 2015-03-18 TOP 2.5',
      'IntMK 2015-03-18 TOP 2.5 Ziffer 3',
      'UMK 2017-05-04 TOP 16',
    ]);
  });

  it('the follow-ups by date, the oldest first; one day in the order recorded', () => {
    const changes = [
      { date: '2026-12-02', followUpId: 1 },
      { date: '2026-09-10', followUpId: 2 },
      { date: '2026-11-20', followUpId: 5 },
      { date: '2026-11-20', followUpId: 3 },
    ];
    expect(byDateOldestFirst(changes).map((c) => c.followUpId)).toEqual([2, 3, 5, 1]);
    expect(changes.map((c) => c.followUpId)).toEqual([1, 2, 5, 3]);
  });
});
