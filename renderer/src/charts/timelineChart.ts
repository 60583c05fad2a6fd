import type { EChartsCoreOption } from 'echarts/core';
import type { SeriesPoint } from '../../../shared/contracts/common';
import type { TimelineEvent, TimelineKind, TimelineSeries, TimelineSeverity } from '../../../shared/contracts/timeline';
import { formatAxisNumber, formatPercent } from '../../../shared/formatUnits';
import type { ThemeColors } from './themeColors';

/** How each kind reads on the axis, and its marker: the shape says the kind, the colour the severity. */
export const kindLabels: Record<TimelineKind, string> = {
  service: 'Services',
  hitRate: 'Hit rate',
  memory: 'Memory',
  writeBehind: 'Write-behind',
  deadLetters: 'Dead letters',
  analysis: 'Analyses',
  action: 'Actions',
  investigation: 'Comparisons',
  annotation: 'Notes',
};

const kindSymbols: Record<TimelineKind, string> = {
  service: 'rect',
  hitRate: 'triangle',
  memory: 'diamond',
  writeBehind: 'circle',
  deadLetters: 'pin',
  analysis: 'roundRect',
  action: 'arrow',
  investigation: 'emptyDiamond',
  annotation: 'emptyCircle',
};

export function severityColor(severity: TimelineSeverity, colors: ThemeColors): string {
  return { info: colors.accent, ok: colors.ok, warning: colors.warn, critical: colors.bad }[severity];
}

export interface TimelineChartSpec {
  from: number;
  to: number;
  events: readonly TimelineEvent[];
  /** The lanes shown, top to bottom. */
  kinds: readonly TimelineKind[];
  series: TimelineSeries | null;
  selectedId: string | null;
  colors: ThemeColors;
}

/** The three grids, top to bottom: event lanes, hit rate, the write-behind queue; one time axis zooms them all. */
export const timelineGrids = { events: 0, hitRate: 1, queue: 2 } as const;

const points = (data: readonly SeriesPoint[] | undefined) => (data ?? []) as SeriesPoint[];

/**
 * The Timeline view's chart: the events as markers in one lane per kind, and under them the
 * hit rate and the write-behind lag with the DLQ depth, on the same time axis; inside and slider
 * zoom act on all three. An event's data item carries its id, for the click that selects it.
 */
export function timelineChartOption(spec: TimelineChartSpec): EChartsCoreOption {
  const { colors, kinds } = spec;
  const axisLabel = { color: colors.muted, fontSize: 11 };
  const lanes = [...kinds].reverse();
  const shown = spec.events.filter((e) => kinds.includes(e.kind));
  const timeAxis = (gridIndex: number, labels: boolean) => ({
    type: 'time',
    gridIndex,
    min: spec.from,
    max: spec.to,
    axisLabel: { ...axisLabel, show: labels, hideOverlap: true },
    axisTick: { show: labels },
    axisLine: { lineStyle: { color: colors.border } },
    splitLine: { show: gridIndex === 0, lineStyle: { color: colors.border, opacity: 0.5 } },
  });
  const valueAxis = (gridIndex: number, format: (v: number) => string, extra: Record<string, unknown> = {}) => ({
    type: 'value',
    gridIndex,
    min: 0,
    splitNumber: 2,
    axisLabel: { ...axisLabel, formatter: format },
    splitLine: { lineStyle: { color: colors.border, opacity: 0.5 } },
    ...extra,
  });
  const line = (name: string, data: SeriesPoint[], color: string, xAxisIndex: number, yAxisIndex: number) => ({
    type: 'line',
    name,
    data,
    xAxisIndex,
    yAxisIndex,
    color,
    showSymbol: false,
    sampling: 'lttb',
    connectNulls: false,
    lineStyle: { width: 1.5 },
    emphasis: { disabled: true },
  });
  return {
    animation: false,
    textStyle: { color: colors.text },
    grid: [
      { left: 100, right: 64, top: 8, height: 120 },
      { left: 100, right: 64, top: 156, height: 56 },
      { left: 100, right: 64, top: 236, height: 56 },
    ],
    tooltip: {
      trigger: 'item',
      confine: true,
      backgroundColor: colors.raised,
      borderColor: colors.border,
      textStyle: { color: colors.text, fontSize: 12 },
      extraCssText: 'max-width: 420px; white-space: normal;',
      formatter: (params: { data?: { tip?: string } }) => params.data?.tip ?? '',
    },
    axisPointer: { link: [{ xAxisIndex: 'all' }], lineStyle: { color: colors.muted } },
    legend: {
      top: 134,
      right: 64,
      itemWidth: 14,
      itemHeight: 8,
      textStyle: { color: colors.muted, fontSize: 11 },
      data: ['hit rate', 'records waiting', 'DLQ depth'],
    },
    xAxis: [timeAxis(0, false), timeAxis(1, false), timeAxis(2, true)],
    yAxis: [
      { type: 'category', gridIndex: 0, data: lanes.map((k) => kindLabels[k]), axisLabel, axisTick: { show: false }, axisLine: { lineStyle: { color: colors.border } }, splitLine: { show: true, lineStyle: { color: colors.border, opacity: 0.4 } } },
      valueAxis(1, (v) => formatPercent(v, 0), { max: 1 }),
      valueAxis(2, formatAxisNumber),
      valueAxis(2, formatAxisNumber, { position: 'right', splitLine: { show: false } }),
    ],
    dataZoom: [
      { type: 'inside', xAxisIndex: [0, 1, 2], filterMode: 'none' },
      { type: 'slider', xAxisIndex: [0, 1, 2], filterMode: 'none', bottom: 6, height: 18, textStyle: { color: colors.muted, fontSize: 10 }, borderColor: colors.border },
    ],
    series: [
      {
        type: 'scatter',
        name: 'events',
        xAxisIndex: 0,
        yAxisIndex: 0,
        symbolSize: 12,
        data: shown.map((e) => ({
          value: [e.at, kindLabels[e.kind]],
          id: e.id,
          symbol: kindSymbols[e.kind],
          symbolSize: e.id === spec.selectedId ? 18 : 12,
          itemStyle: { color: severityColor(e.severity, colors), borderColor: e.id === spec.selectedId ? colors.text : 'transparent', borderWidth: 2 },
          tip: `${new Date(e.at).toLocaleString()}<br/><b>${escapeText(e.title)}</b>${e.detail ? `<br/>${escapeText(e.detail.slice(0, 200))}` : ''}`,
        })),
      },
      { ...line('hit rate', points(spec.series?.hitRate.points), colors.accent, 1, 1), tooltip: { show: false } },
      { ...line('records waiting', points(spec.series?.totalLag.points), colors.warn, 2, 2), tooltip: { show: false } },
      { ...line('DLQ depth', points(spec.series?.dlqDepth.points), colors.bad, 2, 3), tooltip: { show: false } },
    ],
  };
}

/** Tooltips are HTML: an event title (a note, a server's message) is shown as text. */
function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
