/**
 * Which series the stats sampler keeps and how charts get them back. Rates are stored as
 * per-second means; a hit rate is derived per bucket from the hit and miss rates, so a coarse
 * bucket weighs its busy seconds more than its quiet ones, as the true ratio does.
 */

import { statsLevelMetrics, type StatsHistory, type StatsMetric, type StatsSeries } from '../../../../shared/contracts/stats';
import { perSecond } from '../analysis/hitRate';
import type { NamespaceInterval } from '../analysis/namespaceStats';
import type { MastersInterval, MastersLevels } from '../analysis/statsSample';
import type { MetricsHistory } from './metricsHistory';
import { combineWindows, windowPoints } from './seriesPoints';
import type { SeriesWindow } from './tieredSeries';

const namespaceSeries = (namespace: string, what: 'hits' | 'misses') => `ns:${namespace}:${what}PerSec`;

/** Every interval: the masters' rates, or a gap (null) when none answered or none had an interval. */
export function recordInterval(history: MetricsHistory, at: number, stepMs: number, interval: MastersInterval | null): void {
  history.append('hitsPerSec', stepMs, at, interval?.hitsPerSec ?? null);
  history.append('missesPerSec', stepMs, at, interval?.missesPerSec ?? null);
  history.append('opsPerSec', stepMs, at, interval?.opsPerSec ?? null);
  history.append('evictedPerSec', stepMs, at, interval?.evictedPerSec ?? null);
  history.append('expiredPerSec', stepMs, at, interval?.expiredPerSec ?? null);
}

/** Every level interval: memory, clients, keys and the namespaces' rates. */
export function recordLevels(
  history: MetricsHistory,
  at: number,
  stepMs: number,
  levels: MastersLevels,
  namespaces: readonly NamespaceInterval[],
): void {
  for (const metric of statsLevelMetrics) history.append(metric, stepMs, at, levels[metric]);
  for (const ns of namespaces) {
    history.append(namespaceSeries(ns.namespace, 'hits'), stepMs, at, perSecond(ns.hits, ns.elapsedMs));
    history.append(namespaceSeries(ns.namespace, 'misses'), stepMs, at, perSecond(ns.misses, ns.elapsedMs));
  }
}

const ratioOfHits = (hits: number, misses: number) => (hits + misses > 0 ? hits / (hits + misses) : NaN);

function toSeries(window: SeriesWindow | null, fallbackStepMs: number): StatsSeries {
  return window ? { stepMs: window.stepMs, points: windowPoints(window) } : { stepMs: fallbackStepMs, points: [] };
}

function hitRateSeries(history: MetricsHistory, names: [string, string], range: QueryRange, stepMs: number): StatsSeries {
  const hits = history.window(names[0], range.from, range.to, range.now);
  const misses = history.window(names[1], range.from, range.to, range.now);
  return toSeries(hits && misses ? combineWindows(hits, misses, ratioOfHits) : null, stepMs);
}

interface QueryRange {
  from: number;
  to: number;
  now: number;
}

export interface StatsHistoryQuery extends QueryRange {
  profileId: string;
  namespaces: readonly string[];
  intervalMs: number;
  levelIntervalMs: number;
}

export function queryStatsHistory(history: MetricsHistory, query: StatsHistoryQuery): StatsHistory {
  const { from, to, now, intervalMs, levelIntervalMs } = query;
  const rate = (name: string) => toSeries(history.window(name, from, to, now), intervalMs);
  const level = (name: string) => toSeries(history.window(name, from, to, now), levelIntervalMs);
  const series = {
    hitRate: hitRateSeries(history, ['hitsPerSec', 'missesPerSec'], query, intervalMs),
    opsPerSec: rate('opsPerSec'),
    evictedPerSec: rate('evictedPerSec'),
    expiredPerSec: rate('expiredPerSec'),
    ...Object.fromEntries(statsLevelMetrics.map((metric) => [metric, level(metric)])),
  } as Record<StatsMetric, StatsSeries>;
  return {
    profileId: query.profileId,
    from,
    to,
    series,
    namespaces: query.namespaces.map((namespace) => ({
      namespace,
      hitRate: hitRateSeries(
        history,
        [namespaceSeries(namespace, 'hits'), namespaceSeries(namespace, 'misses')],
        query,
        levelIntervalMs,
      ),
    })),
  };
}
