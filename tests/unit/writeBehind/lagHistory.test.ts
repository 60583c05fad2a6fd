import { expect, test } from 'vitest';
import type { LagHistoryPoint } from '../../../shared/contracts/writeBehind';
import { gapPoint, historyPointOf, withHistoryPoint } from '../../../shared/lagHistory';

const point = (at: number, maxTimeLagMs: number | null = null): LagHistoryPoint => ({
  at,
  totalLag: 1,
  maxTimeLagMs,
  produceRate: null,
  persistRate: null,
  dlqDepth: null,
  dlqArrivalRate: null,
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

test('a report adds the flusher group\'s figures and the DLQ depth; one that could not read the queue adds a gap', () => {
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
  expect(historyPointOf(report)).toEqual({ at: 5_000, totalLag: 12, maxTimeLagMs: 900, produceRate: 3, persistRate: 2, dlqDepth: 4, dlqArrivalRate: 0.5 });
  const issue = { groupId: 'g', topic: 't', error: { code: 'CONNECTION_REFUSED' as const, message: 'Kafka at k:9092: connection refused' } };
  expect(historyPointOf({ ...report, groups: [], issues: [issue] })).toEqual({
    at: 5_000,
    totalLag: null,
    maxTimeLagMs: null,
    produceRate: null,
    persistRate: null,
    dlqDepth: null,
    dlqArrivalRate: null,
  });
  // Nothing read and nothing wrong (no group asked for): no point.
  expect(historyPointOf({ ...report, groups: [] })).toBeNull();
});

test('an outage is one gap between the points before and after it: no line drawn across it', () => {
  let points: LagHistoryPoint[] = [];
  for (const next of [point(1_000, 300), gapPoint(2_000), gapPoint(4_000), gapPoint(7_000), point(37_000, 400)]) {
    points = withHistoryPoint(points, next, 100);
  }
  expect(points).toEqual([point(1_000, 300), gapPoint(2_000), point(37_000, 400)]);
});
