import type { EChartsCoreOption } from 'echarts/core';

export interface SparklineStyle {
  color: string;
}

/**
 * A tile's latency sparkline: a small line without axes, its gaps (failed probes,
 * latency null) left empty rather than drawn as zero.
 */
export function latencySparklineOption(
  points: ReadonlyArray<readonly [number, number | null]>,
  style: SparklineStyle,
): EChartsCoreOption {
  return {
    animation: false,
    grid: { left: 0, right: 0, top: 4, bottom: 2 },
    xAxis: { type: 'time', show: false },
    yAxis: { type: 'value', show: false, min: 0, scale: false },
    tooltip: {
      trigger: 'axis',
      confine: true,
      valueFormatter: (value: unknown) => (typeof value === 'number' ? `${value.toFixed(1)} ms` : 'no answer'),
    },
    series: [
      {
        type: 'line',
        name: 'latency',
        data: points.map(([time, latency]) => [time, latency]),
        // A lone point has no line to draw: show it as a dot until the next probe.
        showSymbol: points.length < 2,
        connectNulls: false,
        itemStyle: { color: style.color },
        lineStyle: { width: 1.5, color: style.color },
        areaStyle: { color: style.color, opacity: 0.12 },
        emphasis: { disabled: true },
      },
    ],
  };
}
