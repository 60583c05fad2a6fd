import type { EChartsCoreOption } from 'echarts/core';
import type { LagHistoryPoint, LagStatus, PartitionLag } from '../../../shared/contracts/writeBehind';
import { formatCount, formatDurationMs, formatPerSecond, formatTimeLag } from '../../../shared/formatLag';
import type { ThemeColors } from './themeColors';

function frame(colors: ThemeColors, format: (value: number) => string, legend: boolean): EChartsCoreOption {
  const axisLabel = { color: colors.muted, fontSize: 11 };
  return {
    animation: false,
    grid: { left: 56, right: 16, top: legend ? 28 : 16, bottom: 24 },
    tooltip: {
      trigger: 'axis',
      confine: true,
      backgroundColor: colors.raised,
      borderColor: colors.border,
      textStyle: { color: colors.text, fontSize: 12 },
      valueFormatter: (value: unknown) => (typeof value === 'number' ? format(value) : 'unknown'),
    },
    legend: { show: legend, top: 0, right: 8, itemWidth: 14, itemHeight: 8, textStyle: { color: colors.muted, fontSize: 11 } },
    xAxis: { type: 'time', axisLabel: { ...axisLabel, hideOverlap: true }, axisLine: { lineStyle: { color: colors.border } }, splitLine: { show: false } },
    yAxis: {
      type: 'value',
      min: 0,
      axisLabel: { ...axisLabel, formatter: (value: number) => format(value) },
      splitLine: { lineStyle: { color: colors.border, opacity: 0.6 } },
    },
  };
}

const line = (name: string, data: Array<[number, number | null]>, color: string) => ({
  type: 'line',
  name,
  data,
  color,
  showSymbol: data.length < 2,
  sampling: 'lttb',
  connectNulls: false,
  lineStyle: { width: 1.5 },
  emphasis: { disabled: true },
});

/**
 * A scale from 0 to at least `top` ms in four or five steps of 1, 2 or 5 × 10ⁿ ms, so that
 * the top label sits on a tick instead of crowding the one below it.
 */
export function timeAxisScale(top: number): { max: number; interval: number } {
  const rough = Math.max(top, 1) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const interval = [1, 2, 5, 10].map((m) => m * magnitude).find((step) => step >= rough)!;
  return { max: Math.ceil(top / interval) * interval, interval };
}

/**
 * A duration axis label: seconds up to 10 minutes, so that neighbouring ticks never read
 * alike (60 s and 80 s are both "1 min" in formatDurationMs' rounding).
 */
export function durationAxisLabel(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 600_000) return `${Number((ms / 1_000).toFixed(1))} s`;
  return `${Number((ms / 60_000).toFixed(1))} min`;
}

/**
 * The age of the oldest unpersisted write over time against the SLA: a dashed SLA line,
 * and the curve drawn in the alarm colour wherever it is above it.
 */
export function timeLagChartOption(points: readonly LagHistoryPoint[], slaMs: number, colors: ThemeColors): EChartsCoreOption {
  const data = points.map((p): [number, number | null] => [p.at, p.maxTimeLagMs]);
  const top = Math.max(slaMs, ...points.map((p) => p.maxTimeLagMs ?? 0));
  const base = frame(colors, (ms) => formatDurationMs(ms), false);
  return {
    ...base,
    // The SLA line always in view, with room above it.
    yAxis: {
      ...(base.yAxis as { axisLabel: object }),
      axisLabel: { ...(base.yAxis as { axisLabel: object }).axisLabel, formatter: durationAxisLabel },
      ...timeAxisScale(top * 1.1),
    },
    visualMap: {
      show: false,
      seriesIndex: 0,
      dimension: 1,
      // Both pieces bounded below: ECharts 6 fails to draw a line whose piece has no lower bound.
      pieces: [
        { gt: slaMs, color: colors.bad },
        { gte: 0, lte: slaMs, color: colors.accent },
      ],
    },
    series: [
      {
        ...line('oldest unpersisted write', data, colors.accent),
        areaStyle: { opacity: 0.12 },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: colors.bad, type: 'dashed', width: 1 },
          label: { formatter: `SLA ${formatDurationMs(slaMs)}`, color: colors.bad, position: 'insideEndTop', fontSize: 11 },
          data: [{ yAxis: slaMs }],
        },
      },
    ],
  };
}

/** Records per second appended to the queue against records per second persisted. */
export function queueRatesChartOption(points: readonly LagHistoryPoint[], colors: ThemeColors): EChartsCoreOption {
  return {
    ...frame(colors, (rate) => formatPerSecond(rate), true),
    series: [
      line('produced', points.map((p) => [p.at, p.produceRate]), colors.accent),
      line('persisted', points.map((p) => [p.at, p.persistRate]), colors.ok),
    ],
  };
}

export function statusColor(status: LagStatus, colors: ThemeColors): string {
  if (status === 'OK') return colors.accent;
  return status === 'WARN' ? colors.warn : colors.bad;
}

/** The lag of each partition now, coloured by its own status; the tooltip adds its time lag and owner. */
export function partitionLagChartOption(partitions: readonly PartitionLag[], colors: ThemeColors): EChartsCoreOption {
  const byIndex = [...partitions];
  return {
    animation: false,
    grid: { left: 56, right: 16, top: 16, bottom: 28 },
    tooltip: {
      trigger: 'axis',
      confine: true,
      axisPointer: { type: 'shadow' },
      backgroundColor: colors.raised,
      borderColor: colors.border,
      textStyle: { color: colors.text, fontSize: 12 },
      formatter: (params: unknown) => {
        const index = (Array.isArray(params) ? params[0] : params) as { dataIndex: number };
        const p = byIndex[index.dataIndex];
        if (!p) return '';
        const oldest = p.lag === 0 ? '' : `<br>oldest ${formatTimeLag(p.timeLagMs, p.timeLagResolutionMs)}`;
        return `partition ${p.partition} · ${p.status}<br>lag ${formatCount(p.lag)}${oldest}<br>${p.owner ?? 'no owner'}`;
      },
    },
    xAxis: {
      type: 'category',
      name: 'partition',
      nameLocation: 'middle',
      nameGap: 18,
      nameTextStyle: { color: colors.muted, fontSize: 11 },
      data: byIndex.map((p) => String(p.partition)),
      axisLabel: { color: colors.muted, fontSize: 11, hideOverlap: true },
      axisLine: { lineStyle: { color: colors.border } },
    },
    yAxis: {
      type: 'value',
      min: 0,
      minInterval: 1,
      axisLabel: { color: colors.muted, fontSize: 11, formatter: (value: number) => formatCount(value) },
      splitLine: { lineStyle: { color: colors.border, opacity: 0.6 } },
    },
    series: [
      {
        type: 'bar',
        name: 'lag',
        barMaxWidth: 28,
        data: byIndex.map((p) => ({ value: p.lag, itemStyle: { color: statusColor(p.status, colors) } })),
      },
    ],
  };
}

/**
 * The DLQ over time: dead letters waiting for replay (left axis, records) and the rate they
 * arrive at (right axis, records/s), from the write-behind sampler's history.
 */
export function deadLetterChartOption(points: readonly LagHistoryPoint[], colors: ThemeColors): EChartsCoreOption {
  const base = frame(colors, (value) => formatCount(value), true);
  const axis = base.yAxis as { axisLabel: object; splitLine: object };
  return {
    ...base,
    grid: { left: 56, right: 56, top: 28, bottom: 24 },
    tooltip: {
      ...(base.tooltip as object),
      valueFormatter: undefined,
      formatter: (params: unknown) => {
        const list = (Array.isArray(params) ? params : [params]) as Array<{ seriesIndex: number; seriesName: string; marker: string; value: [number, number | null] }>;
        const at = list[0] ? new Date(list[0].value[0]).toLocaleTimeString() : '';
        const rows = list.map((p) => {
          const v = p.value[1];
          const shown = v === null ? 'unknown' : p.seriesIndex === 0 ? formatCount(v) : formatPerSecond(v);
          return `${p.marker}${p.seriesName} ${shown}`;
        });
        return [at, ...rows].join('<br>');
      },
    },
    yAxis: [
      { ...axis, minInterval: 1 },
      { ...axis, axisLabel: { ...axis.axisLabel, formatter: (value: number) => formatPerSecond(value) }, splitLine: { show: false } },
    ],
    series: [
      { ...line('pending dead letters', points.map((p) => [p.at, p.dlqDepth]), colors.warn), areaStyle: { opacity: 0.12 } },
      { ...line('arriving /s', points.map((p) => [p.at, p.dlqArrivalRate]), colors.bad), yAxisIndex: 1 },
    ],
  };
}
