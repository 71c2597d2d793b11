import { DEMAND_STATUSES, type DemandStatus } from './vocabulary.js';
/**
 * Geometry of server-rendered SVG charts (pure). Labels sit above their bars, so the bars use the
 * whole width and the chart stays readable when it is scaled down to a phone's width; the numbers
 * always go into a table beside the chart as well.
 *
 * - stackedBarChart: a 100 % stacked bar per row, showing how the demands of that row are
 *   distributed over the statuses;
 * - barChart: one bar per row, its length proportional to the count (a histogram), with the count
 *   written after the bar.
 */

export interface StackedRow {
  label: string;
  counts: Record<DemandStatus, number>;
}

export interface StackedChart {
  width: number;
  height: number;
  bars: {
    label: string;
    y: number;
    textY: number;
    /** The bar's outline (0 wide for a row without demands). */
    width: number;
    segments: { status: DemandStatus; x: number; width: number; count: number }[];
  }[];
}

export interface CountRow {
  label: string;
  count: number;
  /** A style hook of the bar, e.g. to set "no response yet" apart. */
  kind: string;
}

export interface BarChart {
  width: number;
  height: number;
  bars: { label: string; kind: string; count: number; y: number; textY: number; width: number; valueX: number; valueY: number }[];
}

/** Width of the charts' coordinate system; they scale to the page (site.css `.chart`). */
export const CHART_WIDTH = 400;
/** Height of a bar, of the label line above it, and the gap below it. */
export const BAR_HEIGHT = 20;
const LABEL = 24;
const GAP = 10;
const ROW = LABEL + BAR_HEIGHT + GAP;

/** Room after the longest histogram bar for its count. */
const VALUE_ROOM = 56;

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function rowY(index: number) {
  const top = index * ROW;
  return { textY: top + LABEL - 7, y: top + LABEL };
}

function chartHeight(rows: number): number {
  return Math.max(ROW - GAP, rows * ROW - GAP);
}

export function stackedBarChart(rows: readonly StackedRow[], width = CHART_WIDTH): StackedChart {
  const bars = rows.map((row, index) => {
    const total = DEMAND_STATUSES.reduce((n, status) => n + row.counts[status], 0);
    let x = 0;
    const segments = DEMAND_STATUSES.filter((status) => row.counts[status] > 0).map((status) => {
      const segmentWidth = (row.counts[status] / total) * width;
      const segment = { status, x: round(x), width: round(segmentWidth), count: row.counts[status] };
      x += segmentWidth;
      return segment;
    });
    return { label: row.label, ...rowY(index), width: total === 0 ? 0 : width, segments };
  });
  return { width, height: chartHeight(rows.length), bars };
}

/** Horizontal bars scaled to the largest count (a chart of zeros draws no bars). */
export function barChart(rows: readonly CountRow[], width = CHART_WIDTH): BarChart {
  const max = Math.max(0, ...rows.map((row) => row.count));
  const plot = width - VALUE_ROOM;
  const bars = rows.map((row, index) => {
    const { y, textY } = rowY(index);
    const barWidth = max === 0 ? 0 : round((row.count / max) * plot);
    return { label: row.label, kind: row.kind, count: row.count, y, textY, width: barWidth, valueX: round(barWidth + 6), valueY: y + BAR_HEIGHT - 5 };
  });
  return { width, height: chartHeight(rows.length), bars };
}
