/**
 * Geometry of server-rendered SVG charts (pure). A 100 % stacked bar per row shows how the
 * demands of that row are distributed over the statuses; the numbers go into a table beside it.
 */
import { DEMAND_STATUSES, type DemandStatus } from './status.js';

export interface StackedRow {
  label: string;
  counts: Record<DemandStatus, number>;
}

export interface StackedChart {
  width: number;
  height: number;
  labelWidth: number;
  bars: {
    label: string;
    y: number;
    textY: number;
    segments: { status: DemandStatus; x: number; width: number; count: number }[];
  }[];
}

const BAR = 22;
const GAP = 10;

export function stackedBarChart(rows: readonly StackedRow[], width = 720, labelWidth = 150): StackedChart {
  const plot = width - labelWidth - 10;
  const bars = rows.map((row, index) => {
    const total = DEMAND_STATUSES.reduce((n, status) => n + row.counts[status], 0);
    let x = labelWidth;
    const segments = DEMAND_STATUSES.filter((status) => row.counts[status] > 0).map((status) => {
      const segmentWidth = total === 0 ? 0 : (row.counts[status] / total) * plot;
      const segment = { status, x: round(x), width: round(segmentWidth), count: row.counts[status] };
      x += segmentWidth;
      return segment;
    });
    const y = index * (BAR + GAP);
    return { label: row.label, y, textY: y + BAR * 0.7, segments };
  });
  return { width, height: Math.max(BAR, rows.length * (BAR + GAP) - GAP), labelWidth, bars };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
