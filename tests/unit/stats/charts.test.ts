import * as echarts from 'echarts';
import { expect, test } from 'vitest';
import type { SeriesPoint } from '../../../shared/contracts/common';
import type { StatsMetric, StatsSample } from '../../../shared/contracts/stats';
import { cacheChartSpec, type MetricPoints } from '../../../renderer/src/charts/cacheCharts';
import { chartPalettes } from '../../../renderer/src/charts/chartPalette';
import { appendSample, emptyMetricPoints } from '../../../renderer/src/charts/liveSeries';
import { PointColumns } from '../../../renderer/src/charts/pointColumns';
import { chartUpdateFor, needsRedraw, timeSeriesChartOption } from '../../../renderer/src/charts/timeSeriesChart';

const now = 1_800_000_000_000;
const palette = chartPalettes.dark;
const hitRates: SeriesPoint[] = [
  [now - 4_000, 0.9],
  [now - 3_000, 0.7],
  [now - 2_000, null],
  [now - 1_000, 0.95],
];

function points(over: Partial<Record<StatsMetric, SeriesPoint[]>> = {}): MetricPoints {
  const given = Object.entries({ hitRate: hitRates, ...over }).map(([metric, series]) => [metric, PointColumns.from(series)]);
  return { ...emptyMetricPoints(), ...Object.fromEntries(given) };
}

/** What the columns hold, as the wire's pairs (null for a gap). */
function pairsOf(columns: PointColumns): SeriesPoint[] {
  return Array.from({ length: columns.length }, (_, i) => {
    const value = columns.valueAt(i);
    return [columns.timeAt(i), Number.isNaN(value) ? null : value];
  });
}

const context = { from: now - 300_000, to: now, palette, hitRateAlert: 0.8, slider: false, buckets: 600 };

test('ECharts gets flat typed arrays (no deep copy), gaps as NaN, downsampled by LTTB', () => {
  const option = timeSeriesChartOption(cacheChartSpec('hitRate', { ...context, points: points() })) as {
    series: Array<Record<string, unknown>>;
    xAxis: Record<string, unknown>;
  };
  const [series] = option.series;
  expect(series!.data).toBeInstanceOf(Float64Array);
  expect(Array.from(series!.data as Float64Array)).toEqual(hitRates.flatMap(([t, v]) => [t, v ?? NaN]));
  expect(series).toMatchObject({ type: 'line', sampling: 'lttb', connectNulls: false, showSymbol: false, dimensions: ['time', 'value'] });
  expect(option.xAxis).toMatchObject({ type: 'time', min: now - 300_000, max: now });
});

test('a live update sets only the range and the data; a new shape sets everything', () => {
  const spec = cacheChartSpec('opsPerSec', { ...context, points: points({ opsPerSec: [[now, 5]] }) });
  const first = chartUpdateFor(spec, null);
  expect(first.replaceSeries).toBe(true);
  const next = chartUpdateFor({ ...spec, from: now - 299_000, to: now + 1_000 }, first.shape);
  expect(next.replaceSeries).toBe(false);
  expect(Object.keys(next.option)).toEqual(['xAxis', 'series']);
  expect(next.option).toMatchObject({ xAxis: { min: now - 299_000, max: now + 1_000 } });
  expect(chartUpdateFor({ ...spec, palette: chartPalettes.light }, first.shape).replaceSeries).toBe(true);
});

test('a line of one or two points shows them as dots, and stops once it is a line', () => {
  const first = cacheChartSpec('memory', { ...context, points: points({ usedMemory: [[now, 1_000]] }) });
  const option = timeSeriesChartOption(first) as { series: Array<{ showSymbol: boolean }> };
  expect(option.series[0]!.showSymbol).toBe(true);
  const later = cacheChartSpec('memory', { ...context, points: points({ usedMemory: [[now - 30_000, 900], [now - 15_000, 950], [now, 1_000]] }) });
  const update = chartUpdateFor(later, chartUpdateFor(first, null).shape);
  expect(update.replaceSeries).toBe(false);
  expect((update.option as { series: Array<{ showSymbol: boolean }> }).series[0]!.showSymbol).toBe(false);
});

test('a chart is redrawn when something would show: a column of time, new data, zoom, shape', () => {
  const ops: SeriesPoint[] = [[now, 5]];
  const day = { ...context, from: now - 86_400_000, points: points({ opsPerSec: ops }) };
  const drawn = cacheChartSpec('opsPerSec', day);
  const later = (ms: number) => cacheChartSpec('opsPerSec', { ...day, from: day.from + ms, to: day.to + ms });
  // A day on 600 columns: a column is 144 s.
  expect(needsRedraw(drawn, later(1_000))).toBe(false);
  expect(needsRedraw(drawn, later(144_000))).toBe(true);
  expect(needsRedraw(drawn, cacheChartSpec('opsPerSec', { ...day, points: points({ opsPerSec: [...ops] }) }))).toBe(true);
  expect(needsRedraw(drawn, cacheChartSpec('opsPerSec', { ...day, visible: { from: now - 3_600_000, to: now } }))).toBe(true);
  expect(needsRedraw(drawn, cacheChartSpec('opsPerSec', { ...day, palette: chartPalettes.light }))).toBe(true);
  // Five minutes: every second is a column or two.
  const fiveMinutes = cacheChartSpec('opsPerSec', { ...context, points: points({ opsPerSec: ops }) });
  expect(needsRedraw(fiveMinutes, cacheChartSpec('opsPerSec', { ...context, from: context.from + 1_000, to: now + 1_000, points: points({ opsPerSec: ops }) }))).toBe(true);
  expect(needsRedraw(null, drawn)).toBe(true);
});

test('the hit-rate alert is a dashed line and colours the line below it', () => {
  const option = timeSeriesChartOption(cacheChartSpec('hitRate', { ...context, points: points() })) as Record<string, unknown> & {
    series: Array<{ markLine: { data: unknown[]; label: { formatter: string } } }>;
    visualMap: { pieces: Array<{ min: number; max: number; color: string }> };
  };
  expect(option.series[0]!.markLine.data).toEqual([{ yAxis: 0.8 }]);
  expect(option.series[0]!.markLine.label.formatter).toBe('alert < 80 %');
  expect(option.visualMap.pieces[0]).toMatchObject({ max: 0.8, color: palette.bad });
  expect(option.visualMap.pieces[1]).toMatchObject({ min: 0.8, color: palette.accent });
});

test('the alert colouring really draws (ECharts needs bounded pieces for a line gradient)', () => {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 400, height: 200 });
  chart.setOption(timeSeriesChartOption(cacheChartSpec('hitRate', { ...context, points: points() })) as echarts.EChartsOption);
  const svg = chart.renderToSVGString();
  chart.dispose();
  expect(svg).toMatch(/linearGradient/);
});

test('memory shows the limit only when there is one; the last chart carries the zoom slider', () => {
  const used: SeriesPoint[] = [[now, 1_000]];
  const noLimit = cacheChartSpec('memory', { ...context, points: points({ usedMemory: used, maxMemory: [[now, 0]] }) });
  expect(noLimit.lines.map((l) => l.name)).toEqual(['used']);
  const limited = cacheChartSpec('memory', { ...context, points: points({ usedMemory: used, maxMemory: [[now, 4_096]] }) });
  expect(limited.lines.map((l) => l.name)).toEqual(['used', 'maxmemory']);
  expect(limited.format(1_536)).toBe('1.50 KB');
  const withSlider = timeSeriesChartOption({ ...limited, slider: true }) as { dataZoom: Array<{ type: string }> };
  expect(withSlider.dataZoom.map((z) => z.type)).toEqual(['inside', 'slider']);
});

function sample(at: number, over: Partial<StatsSample> = {}): StatsSample {
  return {
    profileId: 'local',
    mode: 'standalone',
    at,
    intervalMs: 1_000,
    hits: 10,
    misses: 0,
    hitRate: 1,
    hitRates: { lastInterval: 0.5, lastMinute: 0.5, last5Minutes: 0.5, lastHour: 0.5 },
    opsPerSec: 100,
    evictedKeys: 0,
    expiredKeys: 0,
    evictedPerSec: 0,
    expiredPerSec: 1,
    usedMemory: 2_048,
    maxMemory: 0,
    maxMemoryPolicy: 'noeviction',
    fragmentationRatio: 1,
    connectedClients: 1,
    blockedClients: 0,
    keys: 3,
    keyspace: [],
    levelsAt: at - 5_000,
    nodes: [],
    mastersUp: 1,
    mastersTotal: 1,
    namespaces: [],
    namespacesNote: null,
    error: null,
    ...over,
  };
}

test('live samples append rates each time, levels when read, one null per outage', () => {
  const live = emptyMetricPoints();
  appendSample(live, sample(now), now - 60_000);
  appendSample(live, sample(now + 1_000, { levelsAt: now + 1_000 }), now - 60_000);
  appendSample(live, sample(now + 1_000), now - 60_000); // the same tick again: ignored
  const outage = sample(now + 2_000, { error: { code: 'CONNECTION_REFUSED', message: 'refused' } });
  appendSample(live, outage, now - 60_000);
  appendSample(live, { ...outage, at: now + 3_000 }, now - 60_000);
  expect(pairsOf(live.hitRate)).toEqual([
    [now, 0.5],
    [now + 1_000, 0.5],
    [now + 2_000, null],
  ]);
  expect(pairsOf(live.usedMemory)).toEqual([
    [now + 1_000, 2_048],
    [now + 2_000, null],
  ]);
});

test('points older than the range are dropped', () => {
  const live = emptyMetricPoints();
  for (let i = 0; i < 1_000; i++) appendSample(live, sample(now + i * 1_000), now + i * 1_000 - 300_000);
  const kept = pairsOf(live.opsPerSec);
  expect(kept).toHaveLength(301);
  expect(kept[0]![0]).toBe(now + 699_000);
  expect(kept.at(-1)![0]).toBe(now + 999_000);
});
