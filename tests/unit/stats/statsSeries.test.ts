import { expect, test } from 'vitest';
import { MetricsHistory } from '../../../electron/main/core/history/metricsHistory';
import { queryStatsHistory, recordInterval, recordLevels } from '../../../electron/main/core/history/statsSeries';
import type { MastersInterval, MastersLevels } from '../../../electron/main/core/analysis/statsSample';

const t0 = 1_764_000_000_000;
const interval = (hitsPerSec: number, missesPerSec: number): MastersInterval => ({
  hits: hitsPerSec,
  misses: missesPerSec,
  hitsPerSec,
  missesPerSec,
  opsPerSec: hitsPerSec + missesPerSec + 1,
  evictedPerSec: 0,
  expiredPerSec: 2,
});
const levels: MastersLevels = {
  usedMemory: 100,
  maxMemory: 1_000,
  maxMemoryPolicy: 'noeviction',
  fragmentationRatio: 1.2,
  connectedClients: 3,
  blockedClients: 0,
  keys: 9,
  keyspace: [],
};
const query = (from: number, now: number) => ({
  profileId: 'p',
  namespaces: ['product'],
  from,
  to: now,
  now,
  intervalMs: 1_000,
  levelIntervalMs: 10_000,
});

test('a coarse bucket’s hit rate is the ratio of its sums, not the mean of its ratios', () => {
  const history = new MetricsHistory();
  // Nine busy seconds at 100 % and one quiet second at 0 %: 900 of 901 reads hit.
  for (let s = 0; s < 9; s++) recordInterval(history, t0 + s * 1_000, 1_000, interval(100, 0));
  recordInterval(history, t0 + 9_000, 1_000, interval(0, 1));
  const now = t0 + 9_000;
  const coarse = queryStatsHistory(history, query(now - 2 * 3_600_000, now));
  expect(coarse.series.hitRate.stepMs).toBe(10_000);
  expect(coarse.series.hitRate.points).toHaveLength(1);
  expect(coarse.series.hitRate.points[0]![1]).toBeCloseTo(900 / 901, 10);
  const fine = queryStatsHistory(history, query(t0, now));
  expect(fine.series.hitRate.points.at(-1)).toEqual([now, 0]);
  expect(fine.series.expiredPerSec.points).toHaveLength(10);
});

test('seconds without reads and seconds without an answer have no hit rate', () => {
  const history = new MetricsHistory();
  recordInterval(history, t0, 1_000, interval(5, 5));
  recordInterval(history, t0 + 1_000, 1_000, interval(0, 0));
  recordInterval(history, t0 + 2_000, 1_000, null);
  recordInterval(history, t0 + 3_000, 1_000, interval(1, 0));
  const result = queryStatsHistory(history, query(t0, t0 + 3_000));
  expect(result.series.hitRate.points).toEqual([
    [t0, 0.5],
    [t0 + 1_000, null],
    [t0 + 3_000, 1],
  ]);
  expect(result.series.opsPerSec.points).toEqual([
    [t0, 11],
    [t0 + 1_000, 1],
    [t0 + 2_000, null],
    [t0 + 3_000, 2],
  ]);
});

test('levels and namespaces are kept at the level interval; every metric is answered', () => {
  const history = new MetricsHistory();
  recordLevels(history, t0, 10_000, levels, [{ namespace: 'product', elapsedMs: 10_000, hits: 90, misses: 10 }]);
  const result = queryStatsHistory(history, query(t0, t0 + 10_000));
  expect(result.series.usedMemory).toEqual({ stepMs: 10_000, points: [[t0, 100]] });
  expect(result.series.hitRate).toEqual({ stepMs: 1_000, points: [] });
  expect(result.namespaces).toEqual([{ namespace: 'product', hitRate: { stepMs: 10_000, points: [[t0, 0.9]] } }]);
  expect(Object.keys(result.series).sort()).toEqual(
    [
      'blockedClients',
      'connectedClients',
      'evictedPerSec',
      'expiredPerSec',
      'fragmentationRatio',
      'hitRate',
      'keys',
      'maxMemory',
      'opsPerSec',
      'usedMemory',
    ].sort(),
  );
});
