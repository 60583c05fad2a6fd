/**
 * The Overview's four cache charts, built by the app's own option builders and ECharts setup,
 * in a page the benchmark drives: `window.chartBench.render(points)` and `.update()` return
 * how long ECharts took, painting included (refreshImmediately).
 */
import { init, type ECharts } from 'echarts/core';
import type { SeriesPoint } from '../../shared/contracts/common';
import type { ChartBench } from './chartBench';
import '../../renderer/src/charts/echartsSetup';
import { cacheChartKinds, cacheChartSpec, type MetricPoints } from '../../renderer/src/charts/cacheCharts';
import { chartPalettes } from '../../renderer/src/charts/chartPalette';
import { metricPointsOf } from '../../renderer/src/charts/liveSeries';
import { chartUpdateFor, needsRedraw, timeSeriesChartOption, timeSeriesChartShape, type TimeChartSpec } from '../../renderer/src/charts/timeSeriesChart';

let charts: ECharts[] = [];
let points: MetricPoints;
let to = 0;
let from = 0;

let drawn: TimeChartSpec[] = [];

/** The specs CacheCharts.vue builds: 600 columns per chart, the last one with the slider. */
function specs(): TimeChartSpec[] {
  const context = { points, from, to, palette: chartPalettes.dark, hitRateAlert: 0.8, buckets: 600 };
  return cacheChartKinds.map((kind, i) => cacheChartSpec(kind, { ...context, slider: i === 3 }));
}

function series(count: number, start: number, value: (i: number) => number): { points: SeriesPoint[] } {
  return { points: Array.from({ length: count }, (_, i) => [start + i * 1_000, value(i)] as SeriesPoint) };
}

declare global {
  interface Window {
    chartBench: ChartBench;
  }
}

window.chartBench = {
  /**
   * Builds the data (not timed), then times the four charts' first render: the options (the
   * day's points reduced to columns), init, setOption and paint.
   */
  render(pointsPerSeries) {
    to = 1_800_000_000_000;
    from = to - (pointsPerSeries - 1) * 1_000;
    const wave = (scale: number, period: number) => (i: number) => scale * (1 + 0.3 * Math.sin(i / period) + 0.1 * Math.random());
    const wire = {
      hitRate: series(pointsPerSeries, from, (i) => Math.min(1, 0.85 + 0.1 * Math.sin(i / 900) + 0.03 * Math.random())),
      opsPerSec: series(pointsPerSeries, from, wave(5_000, 600)),
      usedMemory: series(pointsPerSeries, from, wave(2e9, 3_000)),
      maxMemory: series(pointsPerSeries, from, () => 4e9),
      evictedPerSec: series(pointsPerSeries, from, wave(20, 200)),
      expiredPerSec: series(pointsPerSeries, from, wave(50, 300)),
      fragmentationRatio: { points: [] },
      connectedClients: { points: [] },
      blockedClients: { points: [] },
      keys: { points: [] },
    };
    // A gap every few hours, as disconnections leave.
    for (const { points: line } of [wire.hitRate, wire.opsPerSec]) for (let i = 5_000; i < line.length; i += 20_000) line[i] = [line[i]![0], null];
    // As the stats store takes a history in: once per range, not per render.
    const takenIn = performance.now();
    points = metricPointsOf(wire);
    const historyMs = performance.now() - takenIn;
    const container = document.getElementById('charts')!;
    const started = performance.now();
    drawn = specs();
    const options = drawn.map(timeSeriesChartOption);
    const steps = { historyMs, optionsMs: performance.now() - started, initMs: 0, setOptionMs: 0, paintMs: 0 };
    const time = (step: 'initMs' | 'setOptionMs' | 'paintMs', run: () => void) => {
      const at = performance.now();
      run();
      steps[step] += performance.now() - at;
    };
    charts = options.map((option) => {
      const div = document.createElement('div');
      container.append(div);
      let chart!: ECharts;
      time('initMs', () => (chart = init(div, undefined, { renderer: 'canvas' })));
      time('setOptionMs', () => chart.setOption(option));
      time('paintMs', () => chart.getZr().refreshImmediately());
      return chart;
    });
    return { totalMs: performance.now() - started, ...steps };
  },
  /**
   * One live second: a point more on each series, the oldest dropped; then each chart redrawn
   * as TimeChart.vue does — or, with `always`, redrawn whether or not anything would show. The
   * app gives each chart its own animation frame (chartRedraws); here they run back to back,
   * each timed, so the longest is what a frame waits for.
   */
  update(always) {
    to += 1_000;
    from += 1_000;
    for (const line of [points.hitRate, points.opsPerSec, points.usedMemory, points.maxMemory, points.evictedPerSec, points.expiredPerSec]) {
      line.push(to, line.valueAt(line.length - 1));
      line.dropBefore(from);
    }
    const steps = { totalMs: 0, optionsMs: 0, setOptionMs: 0, paintMs: 0, longestChartMs: 0 };
    const started = performance.now();
    specs().forEach((spec, i) => {
      if (!always && !needsRedraw(drawn[i]!, spec)) return;
      const chartStarted = performance.now();
      let at = chartStarted;
      const update = chartUpdateFor(spec, timeSeriesChartShape(drawn[i]!));
      steps.optionsMs += performance.now() - at;
      at = performance.now();
      charts[i]!.setOption(update.option, update.replaceSeries ? { replaceMerge: ['series'] } : {});
      steps.setOptionMs += performance.now() - at;
      at = performance.now();
      charts[i]!.getZr().refreshImmediately();
      steps.paintMs += performance.now() - at;
      steps.longestChartMs = Math.max(steps.longestChartMs, performance.now() - chartStarted);
      drawn[i] = spec;
    });
    steps.totalMs = performance.now() - started;
    return steps;
  },
  seriesCount: () => charts.reduce((total, chart) => total + (chart.getOption().series as unknown[]).length, 0),
};
