import type { SeriesPoint } from '../../../shared/contracts/common';
import { statsMetrics, type StatsHistory, type StatsMetric, type StatsSample } from '../../../shared/contracts/stats';
import type { MetricPoints } from './cacheCharts';

/** Metrics the sampler reads every interval; the others (levels) every level interval. */
const rateMetrics: readonly StatsMetric[] = ['hitRate', 'opsPerSec', 'evictedPerSec', 'expiredPerSec'];

export function emptyMetricPoints(): MetricPoints {
  return Object.fromEntries(statsMetrics.map((metric) => [metric, []])) as unknown as MetricPoints;
}

/** The history's points, taken over (they are fresh from the wire, nobody else holds them). */
export function metricPointsOf(history: StatsHistory): MetricPoints {
  return Object.fromEntries(statsMetrics.map((metric) => [metric, history.series[metric].points])) as unknown as MetricPoints;
}

function sampleValue(sample: StatsSample, metric: StatsMetric): number | null {
  if (sample.error) return null;
  return metric === 'hitRate' ? sample.hitRates.lastInterval : sample[metric];
}

function push(points: SeriesPoint[], at: number, value: number | null): void {
  const last = points.at(-1);
  if (last && last[0] >= at) return;
  // One null is enough to break the line; a run of them only costs memory.
  if (value === null && last?.[1] === null) return;
  points.push([at, value]);
}

/** Drops points older than `from`, in batches so the cost of shifting big arrays is amortised. */
function trim(points: SeriesPoint[], from: number, batch: number): void {
  if (points.length < batch || points[batch - 1]![0] >= from) return;
  let drop = batch;
  while (drop < points.length && points[drop]![0] < from) drop++;
  points.splice(0, drop);
}

/**
 * Appends a live sample in place (the arrays are the charts' own, outside Vue's reactivity):
 * rates every sample, levels when they were read at this tick, a gap (null) when Redis did not
 * answer. Points older than `from` go.
 */
export function appendSample(points: MetricPoints, sample: StatsSample, from: number): void {
  const levelsRead = sample.levelsAt === sample.at;
  for (const metric of statsMetrics) {
    const isRate = rateMetrics.includes(metric);
    if (isRate || levelsRead || sample.error) push(points[metric], sample.at, sampleValue(sample, metric));
    trim(points[metric], from, 256);
  }
}
