import type { StatsMetric } from '../../../shared/contracts/stats';
import { alertPercentText } from '../../../shared/hitRateAlert';
import { byteAxisStep, formatAxisBytes, formatAxisNumber, formatBytes, formatPercent, formatRate } from '../../../shared/formatUnits';
import type { ChartPalette } from './chartPalette';
import type { PointColumns } from './pointColumns';
import type { TimeChartSpec } from './timeSeriesChart';

export type MetricPoints = Record<StatsMetric, PointColumns>;
export type CacheChartKind = 'hitRate' | 'opsPerSec' | 'memory' | 'evictions';
export const cacheChartKinds: readonly CacheChartKind[] = ['hitRate', 'opsPerSec', 'memory', 'evictions'];

export const cacheChartTitles: Record<CacheChartKind, string> = {
  hitRate: 'Hit rate',
  opsPerSec: 'Operations per second',
  memory: 'Memory',
  evictions: 'Evictions and expirations per second',
};

export interface CacheChartContext {
  points: MetricPoints;
  from: number;
  to: number;
  palette: ChartPalette;
  /** Hit rates below this are an alert (0–1). */
  hitRateAlert: number;
  slider: boolean;
  /** See TimeChartSpec. */
  buckets: number;
  visible?: { from: number; to: number };
}

/** The four charts of the Overview and Cache views, on one time range. */
export function cacheChartSpec(kind: CacheChartKind, context: CacheChartContext): TimeChartSpec {
  const { points, palette, from, to, slider, buckets, visible } = context;
  const base = { from, to, palette, slider, buckets, ...(visible ? { visible } : {}) };
  switch (kind) {
    case 'hitRate':
      return {
        ...base,
        lines: [{ name: 'hit rate', points: points.hitRate, color: palette.accent }],
        format: (value) => formatPercent(value, 0),
        yMin: 0,
        yMax: 1,
        threshold: { value: context.hitRateAlert, below: true, color: palette.bad, label: `alert < ${alertPercentText(context.hitRateAlert)} %` },
      };
    case 'opsPerSec':
      return { ...base, lines: [{ name: 'ops/s', points: points.opsPerSec, color: palette.accent, area: true }], format: formatRate, axisFormat: formatAxisNumber };
    case 'memory':
      return {
        ...base,
        lines: [
          { name: 'used', points: points.usedMemory, color: palette.accent, area: true },
          // Without a maxmemory (0) there is no limit to draw.
          ...(points.maxMemory.someValue((v) => v > 0)
            ? [{ name: 'maxmemory', points: points.maxMemory, color: palette.bad, dashed: true }]
            : []),
        ],
        format: formatBytes,
        axisFormat: formatAxisBytes,
        axisStep: byteAxisStep,
      };
    case 'evictions':
      return {
        ...base,
        lines: [
          { name: 'evicted/s', points: points.evictedPerSec, color: palette.bad },
          { name: 'expired/s', points: points.expiredPerSec, color: palette.second },
        ],
        format: formatRate,
        axisFormat: formatAxisNumber,
      };
  }
}
