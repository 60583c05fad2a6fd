import type { SeriesPoint } from '../../../../shared/contracts/common';
import type { IncidentBundle, TimelineEvent, TimelineSeverity } from '../../../../shared/contracts/timeline';
import { byteAxisStep, formatAxisBytes, formatAxisNumber } from '../../../../shared/formatUnits';

/** The light theme's colours (renderer/src/styles/theme.css): an incident report is printed and pasted. */
const colours = { text: '#1f2328', muted: '#59636e', grid: '#d5dbe1', accent: '#0969da', second: '#8250df', ok: '#1a7f37', warn: '#9a6700', bad: '#cf222e' };
export const severityColours: Record<TimelineSeverity, string> = { info: colours.accent, ok: colours.ok, warning: colours.warn, critical: colours.bad };

export interface ChartLine {
  name: string;
  points: readonly SeriesPoint[];
  colour: string;
  /** 1: drawn against the right-hand axis. */
  axis?: 0 | 1;
}

export interface IncidentChartSpec {
  title: string;
  from: number;
  to: number;
  lines: ChartLine[];
  axes: [AxisKind] | [AxisKind, AxisKind];
  events: readonly TimelineEvent[];
}

type AxisKind = 'percent' | 'bytes' | 'count';

const axisLabel: Record<AxisKind, (value: number) => string> = {
  percent: (value) => `${Math.round(value * 100)} %`,
  bytes: formatAxisBytes,
  count: formatAxisNumber,
};

/** Byte ticks of 1, 2 or 5 × 10ⁿ of a unit (200 KB, 400 KB…), not 195.31 KB, as the Cache view's memory chart has. */
function byteScale(lines: readonly ChartLine[]): { interval?: number; max?: number } {
  const top = Math.max(0, ...lines.flatMap((l) => l.points.map(([, v]) => v ?? 0)));
  const step = byteAxisStep(top);
  return step ? { interval: step, max: Math.ceil(top / step) * step || step } : {};
}

export const chartSize = { width: 1000, height: 240 };

/**
 * One chart of the export as an ECharts option: lines on a time axis over the window, and the
 * window's events as vertical marks coloured by severity (the same axis as the Timeline view).
 * No animation: the SVG is rendered once, on the server.
 */
export function incidentChartOption(spec: IncidentChartSpec): Record<string, unknown> {
  const marks = spec.events.map((e) => ({ xAxis: e.at, lineStyle: { color: severityColours[e.severity], type: 'dashed', width: 1 } }));
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { color: colours.text, fontFamily: 'system-ui, sans-serif' },
    title: { text: spec.title, left: 8, top: 4, textStyle: { fontSize: 13, fontWeight: 600, color: colours.text } },
    legend: { top: 4, right: 16, textStyle: { color: colours.muted, fontSize: 11 } },
    // The axis labels inside the figure (what containLabel did before ECharts 6).
    grid: { left: 16, right: 16, top: 36, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: { type: 'time', min: spec.from, max: spec.to, axisLabel: { color: colours.muted, hideOverlap: true }, axisLine: { lineStyle: { color: colours.grid } }, splitLine: { show: false } },
    yAxis: spec.axes.map((kind, i) => ({
      type: 'value',
      min: 0,
      max: kind === 'percent' ? 1 : undefined,
      ...(kind === 'bytes' ? byteScale(spec.lines.filter((l) => (l.axis ?? 0) === i)) : {}),
      position: i === 0 ? 'left' : 'right',
      axisLabel: { color: colours.muted, formatter: axisLabel[kind] },
      splitLine: { show: i === 0, lineStyle: { color: colours.grid } },
    })),
    series: spec.lines.map((line, i) => ({
      type: 'line',
      name: line.name,
      yAxisIndex: line.axis ?? 0,
      data: line.points,
      showSymbol: false,
      sampling: 'lttb',
      connectNulls: false,
      lineStyle: { width: 1.5, color: line.colour },
      itemStyle: { color: line.colour },
      ...(i === 0 && marks.length > 0 ? { markLine: { symbol: 'none', silent: true, label: { show: false }, data: marks } } : {}),
    })),
  };
}

/** The export's charts: hit rate, the write-behind queue and the DLQ, memory and evictions. */
export function incidentChartSpecs(bundle: IncidentBundle): IncidentChartSpec[] {
  const { from, to } = bundle.window;
  const { series, events } = bundle;
  return [
    { title: 'Hit rate', from, to, axes: ['percent'], events, lines: [{ name: 'hit rate', points: series.hitRate.points, colour: colours.accent }] },
    {
      title: 'Write-behind lag and dead letters',
      from,
      to,
      axes: ['count', 'count'],
      events,
      lines: [
        { name: 'records waiting', points: series.totalLag.points, colour: colours.accent },
        { name: 'DLQ depth', points: series.dlqDepth.points, colour: colours.bad, axis: 1 },
      ],
    },
    {
      title: 'Memory and evictions',
      from,
      to,
      axes: ['bytes', 'count'],
      events,
      lines: [
        { name: 'used memory', points: series.usedMemory.points, colour: colours.second },
        { name: 'evicted keys/s', points: series.evictedPerSec.points, colour: colours.warn, axis: 1 },
      ],
    },
  ];
}

/** Renders the charts to SVG strings with ECharts' server-side renderer (no DOM, no canvas). */
export async function renderIncidentCharts(specs: readonly IncidentChartSpec[]): Promise<{ title: string; svg: string }[]> {
  const { svgChart } = await import('./svgEcharts');
  return specs.map((spec) => {
    const chart = svgChart(chartSize.width, chartSize.height);
    try {
      chart.setOption(incidentChartOption(spec));
      return { title: spec.title, svg: chart.renderToSVGString() };
    } finally {
      chart.dispose();
    }
  });
}
