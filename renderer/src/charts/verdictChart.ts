import type { EChartsCoreOption } from 'echarts/core';
import { compareVerdicts, type CompareVerdict } from '../../../shared/contracts/investigate';
import { formatCount } from '../../../shared/formatLag';
import { formatShare } from '../../../shared/formatUnits';
import { tooltip } from './keysCharts';
import type { ThemeColors } from './themeColors';

/** The colour a verdict is drawn in: problems red, in-flight writes amber, the rest calm. */
export function verdictColor(verdict: CompareVerdict, colors: ThemeColors): string {
  switch (verdict) {
    case 'fresh':
      return colors.ok;
    case 'stale':
    case 'missing-in-db':
      return colors.bad;
    case 'ahead':
      return colors.warn;
    case 'missing-in-cache':
    case 'negative-cached':
      return colors.accent;
    case 'unmapped':
      return colors.muted;
  }
}

/** Keys per verdict of a namespace sample, as horizontal bars with their share. */
export function verdictBarOption(counts: Record<CompareVerdict, number>, colors: ThemeColors): EChartsCoreOption {
  const total = compareVerdicts.reduce((sum, v) => sum + counts[v], 0);
  const verdicts = [...compareVerdicts].reverse();
  const axisLabel = { color: colors.muted, fontSize: 11 };
  return {
    animation: false,
    grid: { left: 110, right: 56, top: 8, bottom: 24 },
    tooltip: { ...tooltip(colors), trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (value: unknown) => `${formatCount(Number(value))} keys (${formatShare(Number(value), total)})` },
    xAxis: { type: 'value', min: 0, minInterval: 1, axisLabel, splitLine: { lineStyle: { color: colors.border, opacity: 0.6 } } },
    yAxis: { type: 'category', data: verdicts, axisLabel: { ...axisLabel, color: colors.text }, axisLine: { lineStyle: { color: colors.border } } },
    series: [
      {
        type: 'bar',
        name: 'keys',
        barMaxWidth: 18,
        data: verdicts.map((v) => ({ value: counts[v], itemStyle: { color: verdictColor(v, colors) } })),
        label: { show: true, position: 'right', color: colors.muted, fontSize: 11, formatter: ({ value }: { value: number }) => (value > 0 ? formatShare(value, total) : '') },
      },
    ],
  };
}
