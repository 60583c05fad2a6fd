import type { EChartsCoreOption } from 'echarts/core';
import type { ChartPalette } from './chartPalette';
import { minMaxBuckets, type FlatPoints } from './minMaxBuckets';
import type { PointColumns } from './pointColumns';

export interface ChartLine {
  name: string;
  /** Every point known; never copied whole: ECharts gets the few the pixels can show. */
  points: PointColumns;
  color: string;
  area?: boolean;
  dashed?: boolean;
}

/** A level that matters (hit rate alert): a dashed line, and the series drawn in `color` beyond it. */
export interface ChartThreshold {
  value: number;
  label: string;
  color: string;
  /** The alert is for values below the threshold (a hit rate), else above. */
  below: boolean;
}

export interface TimeChartSpec {
  lines: readonly ChartLine[];
  /** The time range shown, shared by every chart of a view. */
  from: number;
  to: number;
  format: (value: number) => string;
  /** Tick labels, when they need another form than the tooltip's values (spec.format). */
  axisFormat?: (value: number) => string;
  /** The step between value-axis ticks for data up to a maximum, when ECharts' decimal steps do not suit (bytes). */
  axisStep?: (max: number) => number | null;
  yMin?: number;
  yMax?: number;
  threshold?: ChartThreshold;
  /** A zoom slider under the chart (one chart of a group carries it). */
  slider?: boolean;
  /**
   * About the chart's width in pixels: the points are reduced to a few per pixel column over
   * the visible part (`visible`, the zoomed range, else from–to) before ECharts sees them.
   */
  buckets: number;
  visible?: { from: number; to: number };
  palette: ChartPalette;
}

/**
 * A line's points for ECharts, and whether to mark them: a line of one point draws nothing
 * (memory is read every 15 s, so its chart would stay empty that long), so a line of one or
 * two points shows them as dots.
 */
function lineData(line: ChartLine, visible: { from: number; to: number }, buckets: number): { data: FlatPoints; showSymbol: boolean } {
  const data = minMaxBuckets(line.points, visible.from, visible.to, buckets);
  return { data, showSymbol: data.length <= 4 };
}

/**
 * The value axis's tick step for the data drawn, when the spec chooses it, and a top on a
 * tick (ECharts would end the axis at the data's maximum, an odd last label); {} lets ECharts choose.
 */
function valueAxisStep(spec: TimeChartSpec, series: readonly FlatPoints[]): { interval?: number; max?: number } {
  if (!spec.axisStep) return {};
  let max = 0;
  for (const data of series) for (let i = 1; i < data.length; i += 2) if (data[i]! > max) max = data[i]!;
  const interval = spec.axisStep(Math.max(max, spec.yMin ?? 0));
  if (interval === null) return {};
  return { interval, ...(spec.yMax === undefined ? { max: Math.ceil(max / interval) * interval } : {}) };
}

/** Far beyond any value a chart shows, as the outer bound of the threshold's colour pieces. */
const farBeyond = 1e15;

/**
 * A time chart for long, live series: canvas, no animation, points reduced to the pixels
 * (min/max per column, then ECharts' LTTB; gaps survive both), no symbols, nulls left as
 * gaps, zoom by wheel and pan by drag. Pure: the view keeps the data out of Vue's reactivity and
 * hands it here by reference.
 */
export function timeSeriesChartOption(spec: TimeChartSpec): EChartsCoreOption {
  const { palette, threshold } = spec;
  const visible = spec.visible ?? { from: spec.from, to: spec.to };
  const axisLabel = { color: palette.muted, fontSize: 11 };
  const lines = spec.lines.map((line) => lineData(line, visible, spec.buckets));
  return {
    animation: false,
    // Fixed margins that the labels fit in; ECharts' default would lay the axis labels out on
    // every redraw to shrink the grid around them, a third of a live redraw's time.
    grid: { left: 56, right: 16, top: 28, bottom: spec.slider ? 56 : 24, outerBoundsMode: 'none' },
    legend: {
      show: spec.lines.length > 1,
      top: 0,
      right: 8,
      itemWidth: 14,
      itemHeight: 8,
      textStyle: { color: palette.muted, fontSize: 11 },
    },
    tooltip: {
      trigger: 'axis',
      confine: true,
      backgroundColor: palette.tooltipBackground,
      borderColor: palette.grid,
      textStyle: { color: palette.text, fontSize: 12 },
      valueFormatter: (value: unknown) => (typeof value === 'number' ? spec.format(value) : 'no data'),
    },
    xAxis: {
      type: 'time',
      min: spec.from,
      max: spec.to,
      axisLabel: { ...axisLabel, hideOverlap: true },
      axisLine: { lineStyle: { color: palette.grid } },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      min: spec.yMin ?? 0,
      ...(spec.yMax === undefined ? {} : { max: spec.yMax }),
      ...valueAxisStep(spec, lines.map((l) => l.data)),
      axisLabel: { ...axisLabel, formatter: (value: number) => (spec.axisFormat ?? spec.format)(value) },
      splitLine: { lineStyle: { color: palette.grid, opacity: 0.6 } },
    },
    dataZoom: [
      { type: 'inside', xAxisIndex: 0, filterMode: 'filter' },
      ...(spec.slider
        ? [
            {
              type: 'slider',
              xAxisIndex: 0,
              height: 18,
              bottom: 8,
              borderColor: palette.grid,
              textStyle: { color: palette.muted, fontSize: 10 },
              labelFormatter: '',
              // The shadow would draw every point a second time, at every update.
              showDataShadow: false,
            },
          ]
        : []),
    ],
    ...(threshold
      ? {
          visualMap: {
            show: false,
            seriesIndex: 0,
            dimension: 1,
            // Bounded pieces: a line's colour gradient needs finite stops (open ones draw nothing).
            pieces: [
              { min: -farBeyond, max: threshold.value, color: threshold.below ? threshold.color : spec.lines[0]?.color },
              { min: threshold.value, max: farBeyond, color: threshold.below ? spec.lines[0]?.color : threshold.color },
            ],
          },
        }
      : {}),
    series: spec.lines.map((line, index) => ({
      type: 'line',
      name: line.name,
      ...lines[index]!,
      // Flat typed-array data needs its dimensions named.
      dimensions: ['time', 'value'],
      encode: { x: 'time', y: 'value' },
      sampling: 'lttb',
      connectNulls: false,
      emphasis: { disabled: true },
      // The axis tooltip needs no hover on the line itself; hover states cost at every update.
      silent: true,
      // The threshold's visual map colours the first line; an explicit colour would override it.
      ...(index === 0 && threshold ? {} : { color: line.color }),
      lineStyle: { width: 1.5, ...(line.dashed ? { type: 'dashed' } : {}) },
      ...(line.area ? { areaStyle: { opacity: 0.12 } } : {}),
      ...(index === 0 && threshold
        ? {
            markLine: {
              silent: true,
              symbol: 'none',
              lineStyle: { color: threshold.color, type: 'dashed', width: 1 },
              label: { formatter: threshold.label, color: threshold.color, position: 'insideEndTop', fontSize: 11 },
              data: [{ yAxis: threshold.value }],
            },
          }
        : {}),
    })),
  };
}

/**
 * What changes from one live second to the next: the axis range and the data. Set with a
 * plain merge, it spares ECharts re-merging legends, tooltips, zoom and the alert colouring,
 * which costs more than drawing the points (see bench/chart-render.ts).
 */
export function timeSeriesChartUpdate(spec: TimeChartSpec): EChartsCoreOption {
  const visible = spec.visible ?? { from: spec.from, to: spec.to };
  const series = spec.lines.map((line) => lineData(line, visible, spec.buckets));
  return {
    xAxis: { min: spec.from, max: spec.to },
    ...(spec.axisStep ? { yAxis: valueAxisStep(spec, series.map((s) => s.data)) } : {}),
    series,
  };
}

/** Everything of a chart but its range and data: when it changes, the whole option is set again. */
export function timeSeriesChartShape(spec: TimeChartSpec): string {
  const { lines, threshold, palette, slider, yMin, yMax } = spec;
  return JSON.stringify({
    lines: lines.map(({ name, color, area, dashed }) => ({ name, color, area, dashed })),
    threshold,
    palette,
    slider,
    yMin,
    yMax,
  });
}

/**
 * Whether `next` would draw differently from `drawn`: another shape, other data arrays (a new
 * history), another zoom, or time moved by at least one point column (about a pixel). A day
 * shown on 600 columns moves a column every 144 s: redrawing it every second would change
 * nothing on screen and cost the same as a visible change.
 */
export function needsRedraw(drawn: TimeChartSpec | null, next: TimeChartSpec): boolean {
  if (!drawn) return true;
  const span = (spec: TimeChartSpec) => (spec.visible ? spec.visible.to - spec.visible.from : spec.to - spec.from);
  const sameData = drawn.lines.length === next.lines.length && drawn.lines.every((line, i) => line.points === next.lines[i]!.points);
  const sameView =
    span(drawn) === span(next) &&
    (drawn.visible?.from ?? drawn.from) - drawn.from === (next.visible?.from ?? next.from) - next.from &&
    drawn.buckets === next.buckets;
  return !sameData || !sameView || timeSeriesChartShape(drawn) !== timeSeriesChartShape(next) || next.to - drawn.to >= span(next) / next.buckets;
}

/** The setOption call a chart needs to show `spec`, knowing the shape it shows now. */
export function chartUpdateFor(
  spec: TimeChartSpec,
  currentShape: string | null,
): { shape: string; option: EChartsCoreOption; replaceSeries: boolean } {
  const shape = timeSeriesChartShape(spec);
  return shape === currentShape
    ? { shape, option: timeSeriesChartUpdate(spec), replaceSeries: false }
    : { shape, option: timeSeriesChartOption(spec), replaceSeries: true };
}
