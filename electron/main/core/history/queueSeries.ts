import type { StatsSeries } from '../../../../shared/contracts/stats';
import type { LagHistoryPoint } from '../../../../shared/contracts/writeBehind';
import type { MetricsHistory } from './metricsHistory';
import { windowPoints } from './seriesPoints';

/**
 * The write-behind queue's figures kept in the profile's history beside the cache's, so the
 * timeline and an incident export have a week of them (the sampler's own points are the last
 * minutes, in memory). A gap point (Kafka unreadable) is a gap here too.
 */
const queueSeriesNames = { totalLag: 'queue:totalLag', maxTimeLagMs: 'queue:maxTimeLagMs', dlqDepth: 'queue:dlqDepth' } as const;
export type QueueSeriesName = keyof typeof queueSeriesNames;

export function recordQueuePoint(history: MetricsHistory, stepMs: number, point: LagHistoryPoint): void {
  for (const [field, name] of Object.entries(queueSeriesNames) as [QueueSeriesName, string][]) {
    history.append(name, stepMs, point.at, point[field]);
  }
}

export function queueSeries(history: MetricsHistory, name: QueueSeriesName, range: { from: number; to: number; now: number }, stepMs: number): StatsSeries {
  const window = history.window(queueSeriesNames[name], range.from, range.to, range.now);
  return window ? { stepMs: window.stepMs, points: windowPoints(window) } : { stepMs, points: [] };
}
