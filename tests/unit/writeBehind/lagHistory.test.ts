import { expect, test } from 'vitest';
import type { LagHistoryPoint } from '../../../shared/contracts/writeBehind';
import { historyPointOf, withHistoryPoint } from '../../../shared/lagHistory';

const point = (at: number, maxTimeLagMs: number | null = null): LagHistoryPoint => ({
  at,
  totalLag: 1,
  maxTimeLagMs,
  produceRate: null,
  persistRate: null,
  dlqDepth: null,
});

test('a revised report replaces its point; a new one is appended; a late one is ignored', () => {
  const points = [point(1_000), point(2_000)];
  expect(withHistoryPoint(points, point(2_000, 450), 10)).toEqual([point(1_000), point(2_000, 450)]);
  expect(withHistoryPoint(points, point(3_000), 10)).toEqual([...points, point(3_000)]);
  expect(withHistoryPoint(points, point(1_500), 10)).toEqual(points);
});

test('the history stays bounded', () => {
  let points: LagHistoryPoint[] = [];
  for (let i = 1; i <= 30; i++) points = withHistoryPoint(points, point(i), 20);
  expect(points).toHaveLength(20);
  expect(points[0]!.at).toBe(11);
});

test('a report adds the flusher group\'s figures and the DLQ depth; one without groups adds nothing', () => {
  const report = {
    profileId: 'local',
    sampledAt: 5_000,
    slaMs: 5_000,
    windowMs: 10_000,
    dlq: { topic: 'd', replayGroup: 'r', depth: 4, arrivalRate: 0.5, partitions: [] },
    issues: [],
    groups: [
      {
        groupId: 'g', topic: 't', state: 'Stable' as const, members: [], partitions: [], totalLag: 12, maxTimeLagMs: 900, maxTimeLagResolutionMs: 0,
        status: 'OK' as const, statusReason: '', slaBreached: false, produceRate: 3, persistRate: 2, drainEtaMs: 12_000,
        windowSamples: 3, windowComplete: false,
      },
    ],
  };
  expect(historyPointOf(report)).toEqual({ at: 5_000, totalLag: 12, maxTimeLagMs: 900, produceRate: 3, persistRate: 2, dlqDepth: 4 });
  expect(historyPointOf({ ...report, groups: [] })).toBeNull();
});
