import { describe, expect, it } from 'vitest';
import { barChart, BAR_HEIGHT, CHART_WIDTH, stackedBarChart } from '../../src/domain/charts.js';
import { countStatuses } from '../../src/domain/status.js';

describe('stacked 100 % bars', () => {
  it('splits each bar over the statuses in proportion, in the canonical status order, over the whole width', () => {
    const counts = { ...countStatuses([]), implemented: 1, open: 3 };
    const chart = stackedBarChart([{ label: 'A', counts }], 400);
    const [bar] = chart.bars;
    expect(bar!.segments).toEqual([
      { status: 'open', x: 0, width: 300, count: 3 },
      { status: 'implemented', x: 300, width: 100, count: 1 },
    ]);
    expect(bar!.width).toBe(400);
  });

  it('places each label above its bar and each row below the previous one', () => {
    const counts = { ...countStatuses([]), open: 1 };
    const chart = stackedBarChart([{ label: 'A', counts }, { label: 'B', counts }]);
    const [a, b] = chart.bars;
    expect(a!.textY).toBeLessThan(a!.y);
    expect(b!.textY).toBeGreaterThan(a!.y + BAR_HEIGHT);
    expect(chart.height).toBe(b!.y + BAR_HEIGHT);
    expect(chart.width).toBe(CHART_WIDTH);
  });

  it('draws nothing for a row without demands and keeps segment edges contiguous', () => {
    const chart = stackedBarChart([
      { label: 'leer', counts: countStatuses([]) },
      { label: 'drei', counts: { ...countStatuses([]), open: 1, partial: 1, rejected: 1 } },
    ]);
    expect(chart.bars[0]!.segments).toEqual([]);
    expect(chart.bars[0]!.width).toBe(0);
    const segments = chart.bars[1]!.segments;
    for (let i = 1; i < segments.length; i++) {
      expect(segments[i]!.x).toBeCloseTo(segments[i - 1]!.x + segments[i - 1]!.width, 0);
    }
    expect(segments.at(-1)!.x + segments.at(-1)!.width).toBeCloseTo(CHART_WIDTH, 0);
  });
});

describe('bar chart (histogram)', () => {
  it('scales bars to the largest count and leaves room for the value after the bar', () => {
    const chart = barChart([
      { label: 'a', count: 10, kind: 'response' },
      { label: 'b', count: 5, kind: 'response' },
      { label: 'c', count: 0, kind: 'none' },
    ]);
    const [a, b, c] = chart.bars;
    expect(a!.width).toBeLessThan(CHART_WIDTH);
    expect(a!.valueX).toBeGreaterThan(a!.width);
    expect(a!.valueX + 40).toBeLessThanOrEqual(CHART_WIDTH);
    expect(b!.width).toBeCloseTo(a!.width / 2, 1);
    expect(c!.width).toBe(0);
    expect(c!.kind).toBe('none');
  });

  it('draws no bars when every count is zero', () => {
    const chart = barChart([{ label: 'a', count: 0, kind: 'response' }]);
    expect(chart.bars[0]!.width).toBe(0);
    expect(Number.isFinite(chart.bars[0]!.valueX)).toBe(true);
  });
});
