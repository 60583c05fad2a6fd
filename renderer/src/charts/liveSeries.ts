import type { SeriesPoint } from '../../../shared/contracts/common';
import { statsMetrics, statsRateMetrics, type StatsMetric, type StatsSample } from '../../../shared/contracts/stats';
import type { MetricPoints } from './cacheCharts';
import { PointColumns } from './pointColumns';


export function emptyMetricPoints(): MetricPoints {
  return Object.fromEntries(statsMetrics.map((metric) => [metric, new PointColumns()])) as unknown as MetricPoints;
}

/** A history's series (`stats.history`), as columns. */
export function metricPointsOf(series: Record<StatsMetric, { points: readonly SeriesPoint[] }>): MetricPoints {
  return Object.fromEntries(statsMetrics.map((metric) => [metric, PointColumns.from(series[metric].points)])) as unknown as MetricPoints;
}

function sampleValue(sample: StatsSample, metric: StatsMetric): number | null {
  if (sample.error) return null;
  return metric === 'hitRate' ? sample.hitRates.lastInterval : sample[metric];
}

function push(points: PointColumns, at: number, value: number | null): void {
  const last = points.length - 1;
  if (last >= 0 && points.timeAt(last) >= at) return;
  // One gap is enough to break the line; a run of them only costs memory.
  if (value === null && last >= 0 && Number.isNaN(points.valueAt(last))) return;
  points.push(at, value);
}

/**
 * Appends a live sample in place (the columns are the charts' own, outside Vue's reactivity):
 * rates every sample, levels when they were read at this tick, a gap (null) when Redis did not
 * answer. Points older than `from` go.
 */
export function appendSample(points: MetricPoints, sample: StatsSample, from: number): void {
  const levelsRead = sample.levelsAt === sample.at;
  for (const metric of statsMetrics) {
    const isRate = (statsRateMetrics as readonly StatsMetric[]).includes(metric);
    if (isRate || levelsRead || sample.error) push(points[metric], sample.at, sampleValue(sample, metric));
    points[metric].dropBefore(from);
  }
}
