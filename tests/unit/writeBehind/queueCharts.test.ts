import type { EChartsCoreOption } from 'echarts/core';
import { describe, expect, test } from 'vitest';
import type { LagHistoryPoint, PartitionLag } from '../../../shared/contracts/writeBehind';
import { deadLetterChartOption, durationAxisLabel, partitionLagChartOption, queueRatesChartOption, timeAxisScale, timeLagChartOption } from '../../../renderer/src/charts/queueCharts';
import type { ThemeColors } from '../../../renderer/src/charts/themeColors';
import { gapPoint } from '../../../shared/lagHistory';

const colors: ThemeColors = {
  text: '#eee',
  muted: '#999',
  border: '#333',
  raised: '#111',
  accent: '#48f',
  ok: '#3b5',
  warn: '#d92',
  bad: '#f54',
};

const point = (at: number, maxTimeLagMs: number | null, produceRate: number | null = 10, persistRate: number | null = 9): LagHistoryPoint => ({
  at,
  totalLag: 5,
  maxTimeLagMs,
  produceRate,
  persistRate,
  dlqDepth: 0,
  dlqArrivalRate: 0,
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- ECharts options are loosely typed
type Loose = any;

describe('timeLagChartOption', () => {
  test('draws the oldest write against a dashed SLA line, in the alarm colour above it', () => {
    const option: Loose = timeLagChartOption([point(1_000, 800), point(2_000, null), point(3_000, 7_200)], 5_000, colors);
    const [series] = option.series;
    expect(series.data).toEqual([
      [1_000, 800],
      [2_000, null],
      [3_000, 7_200],
    ]);
    expect(series.connectNulls).toBe(false);
    expect(series.markLine.data).toEqual([{ yAxis: 5_000 }]);
    expect(series.markLine.label.formatter).toBe('SLA 5 s');
    expect(option.visualMap.pieces).toEqual([
      { gt: 5_000, color: colors.bad },
      { gte: 0, lte: 5_000, color: colors.accent },
    ]);
    // The scale leaves room above the highest of the SLA and the data, on a tick.
    expect(option.yAxis).toMatchObject({ max: 8_000, interval: 2_000 });
    expect(option.yAxis.axisLabel.formatter(2_500)).toBe('2.5 s');
  });

  test('keeps the SLA line in view when the queue is idle', () => {
    const option: Loose = timeLagChartOption([], 5_000, colors);
    expect(option.yAxis).toMatchObject({ max: 6_000, interval: 2_000 });
  });

  test('its axis labels never read alike on neighbouring ticks, minutes included', () => {
    // An oldest write a minute old (after an outage): ticks every 20 s up to 80 s.
    const option: Loose = timeLagChartOption([point(1_000, 70_000)], 5_000, colors);
    const { max, interval } = option.yAxis;
    const labels = Array.from({ length: max / interval + 1 }, (_, i) => option.yAxis.axisLabel.formatter(i * interval));
    expect(labels).toEqual(['0 ms', '20 s', '40 s', '60 s', '80 s']);
    expect(durationAxisLabel(2_500)).toBe('2.5 s');
    expect(durationAxisLabel(900_000)).toBe('15 min');
  });

  test('its scale ends on a tick of 1, 2 or 5 × 10ⁿ ms', () => {
    expect(timeAxisScale(2_200)).toEqual({ max: 3_000, interval: 1_000 });
    expect(timeAxisScale(11_110)).toEqual({ max: 15_000, interval: 5_000 });
    expect(timeAxisScale(400_000)).toEqual({ max: 400_000, interval: 100_000 });
  });
});

test('queueRatesChartOption draws produced against persisted', () => {
  const option: Loose = queueRatesChartOption([point(1_000, 0, 120, 100), point(2_000, 0, null, 80)], colors);
  expect(option.series.map((s: Loose) => [s.name, s.color, s.data])).toEqual([
    ['produced', colors.accent, [[1_000, 120], [2_000, null]]],
    ['persisted', colors.ok, [[1_000, 100], [2_000, 80]]],
  ]);
  expect(option.legend.show).toBe(true);
});

test('partitionLagChartOption colours each partition by its status and explains it on hover', () => {
  const partition = (n: number, lag: number, status: PartitionLag['status']): PartitionLag => ({
    topic: 't',
    partition: n,
    committed: 10,
    low: 0,
    high: 10 + lag,
    lag,
    timeLagMs: lag === 0 ? 0 : 6_100,
    timeLagResolutionMs: 0,
    status,
    owner: n === 2 ? null : 'flusher-1',
  });
  const option: Loose = partitionLagChartOption([partition(0, 0, 'OK'), partition(1, 40, 'WARN'), partition(2, 1_200, 'STALL')], colors);
  expect(option.xAxis.data).toEqual(['0', '1', '2']);
  expect(option.series[0].data.map((d: Loose) => [d.value, d.itemStyle.color])).toEqual([
    [0, colors.accent],
    [40, colors.warn],
    [1_200, colors.bad],
  ]);
  expect(option.tooltip.formatter([{ dataIndex: 2 }])).toBe('partition 2 · STALL<br>lag 1,200<br>oldest 6.1 s<br>no owner');
});

test('every write-behind chart is drawn by ECharts itself, not just accepted', async () => {
  const echarts = await import('echarts');
  const render = (option: EChartsCoreOption) => {
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 400, height: 200 });
    try {
      chart.setOption(option);
      return chart.renderToSVGString();
    } finally {
      chart.dispose();
    }
  };
  /** Series lines are 1.5 px wide (axes 1 px): one path per line, with a point per sample. */
  const lines = (svg: string) => (svg.match(/<path d="M[^"]*"[^>]*stroke-width="1.5"/g) ?? []).map((p) => p.split('L').length);
  const points = Array.from({ length: 10 }, (_, i) => point(1_700_000_000_000 + i * 1_000, 800 + i * 300, 10, 9));
  expect(lines(render(timeLagChartOption(points, 2_000, colors)))).toEqual([10]);
  expect(lines(render(queueRatesChartOption(points, colors)))).toEqual([10, 10]);
  const partition: PartitionLag = { topic: 't', partition: 0, committed: 1, low: 0, high: 5, lag: 4, timeLagMs: 900, timeLagResolutionMs: 0, status: 'OK', owner: null };
  expect(render(partitionLagChartOption([partition], colors))).toMatch(new RegExp(`<path d="M[^"]+Z" fill="${colors.accent}"`));
  // Importing ECharts takes seconds on a busy machine.
}, 30_000);

test('an outage is drawn as a gap on every write-behind chart, not as a ramp across it', async () => {
  const echarts = await import('echarts');
  const render = (option: EChartsCoreOption) => {
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 400, height: 200 });
    try {
      chart.setOption(option);
      return chart.renderToSVGString();
    } finally {
      chart.dispose();
    }
  };
  /** Each line's runs of points: a gap starts a new move (M) within the line's path. */
  const runs = (svg: string) =>
    (svg.match(/<path d="M[^"]*"[^>]*stroke-width="1.5"/g) ?? []).map((p) =>
      p.slice(0, p.indexOf('" ')).split('M').slice(1).map((run) => run.split('L').length),
    );
  const t0 = 1_700_000_000_000;
  const before = Array.from({ length: 5 }, (_, i) => point(t0 + i * 1_000, 800 + i * 100, 10, 9));
  // Kafka answered again 35 s later, with a much older oldest write.
  const after = Array.from({ length: 5 }, (_, i) => point(t0 + 40_000 + i * 1_000, 36_000 - i * 2_000, 30, 40));
  const points = [...before, gapPoint(t0 + 5_000), ...after];
  expect(runs(render(timeLagChartOption(points, 2_000, colors)))).toEqual([[5, 5]]);
  expect(runs(render(queueRatesChartOption(points, colors)))).toEqual([[5, 5], [5, 5]]);
}, 30_000);

test('the DLQ chart draws pending dead letters on the left axis and their arrival rate on the right', () => {
  const points = [
    { ...point(1_000, null), dlqDepth: 3, dlqArrivalRate: 0.5 },
    { ...point(2_000, null), dlqDepth: 5, dlqArrivalRate: 2 },
  ];
  const option = deadLetterChartOption(points, colors) as { series: Array<{ data: unknown; yAxisIndex?: number }>; yAxis: unknown[] };
  expect(option.yAxis).toHaveLength(2);
  expect(option.series[0]!.data).toEqual([
    [1_000, 3],
    [2_000, 5],
  ]);
  expect(option.series[1]).toMatchObject({ data: [[1_000, 0.5], [2_000, 2]], yAxisIndex: 1 });
});
