import { describe, expect, it } from 'vitest';
import { codesOf, facetsOf } from '../../src/domain/search-facets.js';
import type { SearchCandidate } from '../../src/domain/search-ranking.js';

function candidate(id: number, sponsors: string | null, statuses: string | null, addressees: string | null): SearchCandidate {
  return {
    id,
    conference: id % 2 === 0 ? 'intmk' : 'gmk',
    year: 2015 + (id % 3),
    startDate: null,
    sortKey: '1',
    releasedOn: null,
    outcome: id % 4 === 0 ? 'rejected' : 'adopted',
    sponsors,
    statuses,
    addressees,
    title: `Beschluss ${id}`,
    score: 0,
    tier: 1,
  };
}

describe('facet counts', () => {
  it('counts each code of the lists once per resolution, as codesOf reads them', () => {
    const lists: [string | null, string | null, string | null][] = [
      [',BY,BW,', ',open,implemented,', ',bund,'],
      [',BY,', '', null],
      [null, ',open,', ',bund,eu,'],
      ['NW,HE', 'partial', 'laender,,kommunen,'],
      [',,SN,', ',open,,', ','],
    ];
    const candidates = lists.map(([s, st, a], i) => candidate(i + 1, s, st, a));
    const facets = facetsOf(candidates);
    const expected = (pick: (c: SearchCandidate) => string | null) => {
      const counts = new Map<string, number>();
      for (const c of candidates) for (const code of codesOf(pick(c))) counts.set(code, (counts.get(code) ?? 0) + 1);
      return counts;
    };
    const asMap = (values: { value: string; count: number }[]) => new Map(values.map((v) => [v.value, v.count]));
    expect(asMap(facets.land)).toEqual(expected((c) => c.sponsors));
    expect(asMap(facets.status)).toEqual(expected((c) => c.statuses));
    expect(asMap(facets.addressee)).toEqual(expected((c) => c.addressees));
    expect(facets.land.map((v) => v.value)).toEqual(['BY', 'BW', 'HE', 'NW', 'SN']);
    expect(facets.land[0]).toEqual({ value: 'BY', count: 2 });
    expect(facets.status).toEqual([
      { value: 'open', count: 3 },
      { value: 'partial', count: 1 },
      { value: 'implemented', count: 1 },
    ]);
    expect(facets.year).toEqual([
      { value: '2017', count: 2 },
      { value: '2016', count: 2 },
      { value: '2015', count: 1 },
    ]);
  });
});
